//! Checks on a vendor's finished contract: documented examples and
//! defaults must fit their schemas, and a required property's default
//! can never apply. They only report (the path-parameter repair is
//! [`crate::path_params`], before overlays; examples that contradict
//! their schema were already repaired by [`crate::example_repair`], so
//! what is left here could not be); problems point at the page line they
//! came from. Body and parameter examples are judged the way they travel
//! (`readOnly` / `writeOnly`), as the repair and the mock judge them.

use serde_json::Value;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::{Contract, MediaType, Schema};
use crate::pointer::join;
use crate::source::Location;
use crate::srcmap::SourceMap;
use crate::validate::{Direction, Validator, Violation};

/// One `example-mismatch` warning per violation of the value at
/// `value_ptr`, each at the page line of the offending part.
pub(crate) fn mismatch_diagnostics(
    map: &SourceMap,
    value_ptr: &str,
    what: &str,
    violations: &[Violation],
) -> Vec<Diagnostic> {
    violations
        .iter()
        .map(|v| {
            let at = format!("{value_ptr}{}", v.pointer);
            let loc = map.locate_or(&at, &Location::file("?"));
            let place = if v.pointer.is_empty() {
                String::new()
            } else {
                format!(" at `{}`", v.pointer)
            };
            Diagnostic::new(
                Code::ExampleMismatch,
                loc,
                format!("{what} contradicts its schema{place}: {}", v.message),
            )
        })
        .collect()
}

pub fn check_contract(contract: &Contract, map: &SourceMap, diags: &mut Diagnostics) {
    let schemas = &contract.components.schemas;
    let any = Validator::new(schemas);
    let request = Validator::new(schemas).direction(Direction::Request);
    let response = Validator::new(schemas).direction(Direction::Response);
    let mut report =
        |validator: &Validator, value_ptr: &str, what: &str, schema: &Schema, value: &Value| {
            let violations = validator.validate(schema, value);
            for d in mismatch_diagnostics(map, value_ptr, what, &violations) {
                diags.push(d);
            }
        };
    for (path, method, op) in contract.operations() {
        let op_ptr = crate::pointer::operation(path, method);
        let label = format!("{} {path}", method.upper());
        for (i, p) in op.parameters.iter().enumerate() {
            if let Some(example) = &p.example {
                let ptr = join(
                    &join(&join(&op_ptr, "parameters"), &i.to_string()),
                    "example",
                );
                report(
                    &request,
                    &ptr,
                    &format!("example of parameter `{}` ({label})", p.name),
                    &p.schema,
                    example,
                );
            }
            for (name, ex) in &p.examples {
                if let Some(value) = &ex.value {
                    let p_ptr = join(&join(&op_ptr, "parameters"), &i.to_string());
                    report(
                        &request,
                        &join(&join(&join(&p_ptr, "examples"), name), "value"),
                        &format!("example of parameter `{}` ({label}) `{name}`", p.name),
                        &p.schema,
                        value,
                    );
                }
            }
        }
        if let Some(body) = &op.request_body {
            for (media, m) in &body.content {
                let ptr = join(&join(&join(&op_ptr, "requestBody"), "content"), media);
                check_media(
                    m,
                    &ptr,
                    &format!("request example ({label})"),
                    &mut |p, w, s, v| report(&request, p, w, s, v),
                );
            }
        }
        for (status, r) in &op.responses {
            for (media, m) in &r.content {
                let ptr = join(
                    &join(&join(&join(&op_ptr, "responses"), status), "content"),
                    media,
                );
                check_media(
                    m,
                    &ptr,
                    &format!("response {status} example ({label})"),
                    &mut |p, w, s, v| report(&response, p, w, s, v),
                );
            }
        }
    }
    for (ptr, root) in contract.schema_roots() {
        check_schema_values(root, &ptr, &mut |p, w, s, v| report(&any, p, w, s, v));
    }
    for (ptr, root) in contract.schema_roots() {
        check_required_defaults(root, &ptr, map, diags);
    }
}

/// A required property with a default: the default can never apply, so
/// the docs likely mean "optional, defaulting to ...".
fn check_required_defaults(s: &Schema, ptr: &str, map: &SourceMap, diags: &mut Diagnostics) {
    for name in &s.required {
        if let Some(default) = s.properties.get(name).and_then(|p| p.default.as_ref()) {
            let prop_ptr = join(&join(ptr, "properties"), name);
            let loc = map.locate_or(&join(&prop_ptr, "default"), &Location::file("?"));
            diags.push(Diagnostic::new(
                Code::RequiredWithDefault,
                loc,
                format!("`{name}` is required and also has a default ({default}); a client must always send it, so the default never applies"),
            ));
        }
    }
    for (token, child) in s.children() {
        check_required_defaults(child, &format!("{ptr}/{token}"), map, diags);
    }
}

fn check_media(
    m: &MediaType,
    ptr: &str,
    what: &str,
    report: &mut impl FnMut(&str, &str, &Schema, &Value),
) {
    let Some(schema) = &m.schema else { return };
    if let Some(example) = &m.example {
        report(&join(ptr, "example"), what, schema, example);
    }
    for (name, ex) in &m.examples {
        if let Some(value) = &ex.value {
            let ex_ptr = join(&join(&join(ptr, "examples"), name), "value");
            report(&ex_ptr, &format!("{what} `{name}`"), schema, value);
        }
    }
}

/// A schema's own `example` and `default` must fit the schema.
fn check_schema_values(
    s: &Schema,
    ptr: &str,
    report: &mut impl FnMut(&str, &str, &Schema, &Value),
) {
    if s.reference.is_none() {
        if let Some(example) = &s.example {
            report(&join(ptr, "example"), "schema example", s, example);
        }
        if let Some(default) = &s.default {
            report(&join(ptr, "default"), "default value", s, default);
        }
    }
    for (token, child) in s.children() {
        check_schema_values(child, &format!("{ptr}/{token}"), report);
    }
}
