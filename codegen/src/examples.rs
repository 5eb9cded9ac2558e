//! A test per documented example, emitted into the generated module:
//! each example decodes into its generated type and `validate()` agrees
//! with the contract checker; request examples also round-trip, exactly
//! unless decoding fills in defaults or a typed format is on.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use generator::model::{Contract, MediaType, Operation, Schema};
use generator::validate::{Direction, Validator};

use super::client::{typed_as_json, ClientPlan};
use super::emit_types::public_ty_tokens;
use super::ir::{Extra, Kind, Ty, TypeDef};
use super::names::{plain_snake, Scope};

pub fn emit(contract: &Contract, plan: &ClientPlan, defs: &[TypeDef]) -> TokenStream {
    // Each example is checked as it travels: a request example without a
    // required read-only property is valid, as the generated
    // `validate_as(Request)` says.
    let requests = Validator::new(&contract.components.schemas).direction(Direction::Request);
    let responses = Validator::new(&contract.components.schemas).direction(Direction::Response);
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
                        &requests,
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
                    &responses,
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
    let ty = public_ty_tokens(&Ty::Named(idx), defs);
    let json = value.to_string();
    let expect_valid = schema.is_none_or(|s| checker.validate(s, value).is_empty());
    let direction = if is_request {
        quote! { Request }
    } else {
        quote! { Response }
    };
    let exact = !fills_defaults(idx, defs);
    quote! {
        #[test]
        fn #test() {
            ::contract_runtime::testing::check_example::<#ty>(#json, ::contract_runtime::Direction::#direction, #expect_valid, #is_request, #exact);
        }
    }
}

/// Whether decoding a value of type `idx` may fill in a contract default
/// somewhere inside it (its encoding then has fields the text had not).
fn fills_defaults(idx: usize, defs: &[TypeDef]) -> bool {
    fn named_in(ty: &Ty, out: &mut Vec<usize>) {
        match ty {
            Ty::Named(i) => out.push(*i),
            Ty::Vec(t) | Ty::Map(t) | Ty::Nullable(t) | Ty::Boxed(t) => named_in(&t.ty, out),
            _ => {}
        }
    }
    let mut seen = vec![false; defs.len()];
    let mut todo = vec![idx];
    while let Some(i) = todo.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        match &defs[i].kind {
            Kind::Struct { fields, extra, .. } => {
                if fields.iter().any(|f| f.decode_default.is_some()) {
                    return true;
                }
                for f in fields {
                    named_in(&f.ty.ty, &mut todo);
                }
                if let Extra::Typed(t) = extra {
                    named_in(&t.ty, &mut todo);
                }
            }
            Kind::Union { variants, .. } => {
                for (_, t) in variants {
                    named_in(&t.ty, &mut todo);
                }
            }
            Kind::Newtype(t) => named_in(&t.ty, &mut todo),
            Kind::Alias(target) => todo.push(*target),
            Kind::Enum { .. } => {}
        }
    }
    false
}
