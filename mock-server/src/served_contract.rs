//! The contract as the mock serves it: the vendor's own document, mounted
//! at the mock, plus the responses the mock itself sends where the vendor
//! documents none ([`crate::selection::mock_statuses`]) and the schema of
//! its `application/problem+json` bodies.

use bytes::Bytes;
use generator::model::Contract;
use serde_json::{json, Value};

use crate::plan::Op;
use crate::selection::mock_statuses;

/// The schema of the mock's own `application/problem+json` bodies.
pub fn problem_schema() -> Value {
    json!({
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "violations": {"type": "array", "items": {
                "type": "object",
                "required": ["location", "pointer", "code", "message"],
                "properties": {
                    "location": {"type": "string", "enum": ["path", "query", "header", "cookie", "body", "security"]},
                    "pointer": {"type": "string"},
                    "code": {"type": "string"},
                    "message": {"type": "string"}
                }
            }}
        }
    })
}

/// The contract as this mock serves it (`/__mock/openapi/<vendor>.json`):
/// its only server is the mock's mount, and every status the mock itself
/// may send where the vendor documents nothing is added, with the
/// problem+json schema.
pub fn served_contract(name: &str, contract: &Contract, ops: &[Op]) -> Bytes {
    Bytes::from(serde_json::to_vec(&document(name, contract, ops)).unwrap_or_default())
}

/// `ops` are the compiled operations in contract order.
fn document(name: &str, contract: &Contract, ops: &[Op]) -> Value {
    let mut doc = contract.to_json();
    doc["servers"] = json!([{"url": format!("/{name}"), "description": "this mock"}]);
    let mut ops = ops.iter();
    for (path, item) in &contract.paths {
        for method in item.keys() {
            let Some(op) = ops.next() else {
                return doc;
            };
            let responses = &mut doc["paths"][path][method.as_str()]["responses"];
            for (status, why) in mock_statuses(op) {
                responses[status.to_string()] = json!({
                    "description": why,
                    "x-mock-generated": true,
                    "content": {"application/problem+json": {"schema": problem_schema()}}
                });
            }
        }
    }
    doc
}
