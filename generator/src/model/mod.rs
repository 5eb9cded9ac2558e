//! The normalized contract: one OpenAPI 3.0.3 document per vendor.
//!
//! Every input shape is turned into these types, and everything downstream
//! (merge, overlays, checks, code generation, the mock) reads only them.
//! The types serialize to exactly the OpenAPI 3.0.3 document we publish;
//! reusable parameters, responses and bodies are inlined at ingest, so only
//! schemas and security schemes live under `components`.
//!
//! Submodules by part of the document: [`Contract`] and its top level,
//! operations and what they hold, [`Components`] (with the reader's view
//! of a schema), security, and the [`Schema`] object; [`path`] reads the
//! path templates that key `paths`. This module keeps the JSON-pointer
//! helpers they share.

mod components;
mod contract;
mod operation;
pub mod path;
mod schema;
mod security;

use std::collections::BTreeMap;

use serde_json::Value;

pub use components::Components;
pub use contract::{Contract, Info, Server, ServerVariable};
pub use operation::{
    Example, Header, MediaType, Method, Operation, ParamLocation, Parameter, PathItem, RequestBody,
    Response,
};
pub use schema::{AdditionalProperties, Discriminator, Schema, SchemaType};
pub use security::{rename_schemes, SecurityRequirement, SecurityScheme, SecuritySchemeKind};

pub const OPENAPI_VERSION: &str = "3.0.3";

/// Vendor extensions (`x-...`), kept verbatim.
pub type Extensions = BTreeMap<String, Value>;

fn is_false(b: &bool) -> bool {
    !*b
}

/// The component a local schema reference points into: `Pet` for
/// `#/components/schemas/Pet` and `#/components/schemas/Pet/properties/id`.
pub fn schema_ref_name(reference: &str) -> Option<String> {
    let rest = reference.strip_prefix("#/components/schemas/")?;
    let name = rest.split('/').next().unwrap_or(rest);
    (!name.is_empty()).then(|| crate::pointer::unescape_pointer(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_contract_serializes_to_openapi_field_names() {
        let mut contract = Contract::default();
        contract.info.title = "T".into();
        contract.info.version = "1".into();
        let mut op = Operation {
            operation_id: "addMember".into(),
            ..Operation::default()
        };
        let mut schema = Schema::of_type(SchemaType::Object);
        schema
            .properties
            .insert("role".into(), Schema::of_type(SchemaType::String));
        schema.required.push("role".into());
        op.request_body = Some(RequestBody {
            required: true,
            content: [(
                "application/json".to_string(),
                MediaType {
                    schema: Some(schema),
                    ..MediaType::default()
                },
            )]
            .into_iter()
            .collect(),
            ..RequestBody::default()
        });
        op.responses.insert(
            "200".into(),
            Response {
                description: "OK".into(),
                ..Response::default()
            },
        );
        contract
            .paths
            .entry("/m".into())
            .or_default()
            .insert(Method::Post, op);
        let json = contract.to_json();
        assert_eq!(
            json,
            json!({
                "openapi": "3.0.3",
                "info": {"title": "T", "version": "1"},
                "paths": {"/m": {"post": {
                    "operationId": "addMember",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"role": {"type": "string"}}, "required": ["role"]}}}},
                    "responses": {"200": {"description": "OK"}}
                }}}
            })
        );
        let back: Contract = serde_json::from_value(json).unwrap();
        assert_eq!(back, contract);
    }

    #[test]
    fn methods_parse_in_any_case() {
        assert_eq!(Method::parse("POST"), Some(Method::Post));
        assert_eq!(Method::parse("patch"), Some(Method::Patch));
        assert_eq!(Method::parse("FETCH"), None);
    }
}
