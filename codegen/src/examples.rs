//! A test per documented example, emitted into the generated module:
//! each example decodes into its generated type and `validate()` agrees
//! with the contract checker; request examples also round-trip exactly.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use generator::model::{Contract, MediaType, Operation, Schema};
use generator::validate::Validator;

use super::client::{typed_as_json, ClientPlan};
use super::emit_types::ty_tokens;
use super::ir::{Ty, TypeDef};
use super::names::{plain_snake, Scope};

pub fn emit(contract: &Contract, plan: &ClientPlan, defs: &[TypeDef]) -> TokenStream {
    let checker = Validator::new(&contract.components.schemas);
    let mut names = Scope::with_reserved(&[]);
    let mut tests = Vec::new();
    // Each plan's operation by id (the first of an id, as a search would
    // find): searching the contract once per operation was quadratic.
    let mut by_id: HashMap<&str, &Operation> = HashMap::new();
    for (_, _, op) in contract.operations() {
        by_id.entry(op.operation_id.as_str()).or_insert(op);
    }
    for op_plan in plan.operations() {
        let Some(op) = by_id.get(op_plan.operation_id.as_str()).copied() else {
            continue;
        };
        if let (Some(idx), Some(body)) = (op_plan.body_type, &op.request_body) {
            // The media the body type was planned from, when it is JSON
            // (a form body's examples are not tested).
            if let Some((_, m)) =
                MediaType::preferred(&body.content).filter(|(media, _)| typed_as_json(media))
            {
                for (name, value) in examples_of(m) {
                    let test = names.claim(&plain_snake(
                        &format!("{} request {name}", op_plan.operation_id),
                        "example",
                    ));
                    tests.push(one(
                        &test,
                        idx,
                        defs,
                        &checker,
                        m.schema.as_ref(),
                        value,
                        true,
                    ));
                }
            }
        }
        // Responses read like the request above on purpose: each names its
        // own media rule and test name, and sharing the loop would hide which.
        for (status, idx) in &op_plan.response_types {
            let Some(r) = op.responses.get(status) else {
                continue;
            };
            // The media the response type was planned from (always JSON:
            // only JSON bodies have a response type).
            let Some((_, m)) = MediaType::preferred(&r.content) else {
                continue;
            };
            for (name, value) in examples_of(m) {
                let test = names.claim(&plain_snake(
                    &format!("{} {status} {name}", op_plan.operation_id),
                    "example",
                ));
                tests.push(one(
                    &test,
                    *idx,
                    defs,
                    &checker,
                    m.schema.as_ref(),
                    value,
                    false,
                ));
            }
        }
    }
    if tests.is_empty() {
        return quote! {};
    }
    quote! {
        /// One test per documented example in the contract.
        #[cfg(test)]
        mod documented_examples {
            use super::*;
            #( #tests )*
        }
    }
}

fn examples_of(m: &MediaType) -> Vec<(String, &Value)> {
    let mut out: Vec<(String, &Value)> = m
        .examples
        .iter()
        .filter_map(|(n, e)| e.value.as_ref().map(|v| (n.clone(), v)))
        .collect();
    if let Some(v) = &m.example {
        out.push(("example".into(), v));
    }
    out
}

fn one(
    test: &str,
    idx: usize,
    defs: &[TypeDef],
    checker: &Validator,
    schema: Option<&Schema>,
    value: &Value,
    is_request: bool,
) -> TokenStream {
    let test = super::emit_types::ident(test);
    let ty = ty_tokens(&Ty::Named(idx), defs);
    let json = value.to_string();
    let expect_valid = schema.is_none_or(|s| checker.validate(s, value).is_empty());
    let direction = if is_request {
        quote! { Request }
    } else {
        quote! { Response }
    };
    quote! {
        #[test]
        fn #test() {
            ::contract_runtime::testing::check_example::<#ty>(#json, ::contract_runtime::Direction::#direction, #expect_valid, #is_request);
        }
    }
}
