//! Checks on a vendor's finished contract: documented examples and
//! defaults must fit their schemas, and path templates must match the
//! path parameters. Problems point at the page line they came from.

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::path::template_names;
use crate::model::{Contract, MediaType, ParamLocation, Parameter, Schema, SchemaType};
use crate::pointer::join;
use crate::source::Location;
use crate::srcmap::SourceMap;
use crate::validate::Validator;

pub fn check_contract(contract: &mut Contract, map: &SourceMap, diags: &mut Diagnostics) {
    check_path_parameters(contract, map, diags);
    let validator = Validator::new(&contract.components.schemas);
    let mut report = |value_ptr: &str, what: &str, schema: &Schema, value: &Value| {
        for v in validator.validate(schema, value) {
            let at = format!("{value_ptr}{}", v.pointer);
            let loc = map.locate_or(&at, &Location::file("?"));
            let place = if v.pointer.is_empty() {
                String::new()
            } else {
                format!(" at `{}`", v.pointer)
            };
            diags.push(Diagnostic::warning(
                "example-mismatch",
                loc,
                format!("{what} contradicts its schema{place}: {}", v.message),
            ));
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
                    &ptr,
                    &format!("example of parameter `{}` ({label})", p.name),
                    &p.schema,
                    example,
                );
            }
        }
        if let Some(body) = &op.request_body {
            for (media, m) in &body.content {
                let ptr = join(&join(&join(&op_ptr, "requestBody"), "content"), media);
                check_media(m, &ptr, &format!("request example ({label})"), &mut report);
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
                    &mut report,
                );
            }
        }
    }
    for (ptr, root) in contract.schema_roots() {
        check_schema_values(root, &ptr, &mut report);
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
            diags.push(Diagnostic::note(
                "required-with-default",
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

/// Every `{name}` in a path needs a path parameter and vice versa; a
/// missing one is added as a required string, an unused one dropped.
fn check_path_parameters(contract: &mut Contract, map: &SourceMap, diags: &mut Diagnostics) {
    for (path, method, op) in contract.operations_mut() {
        let op_ptr = crate::pointer::operation(path, method);
        let loc = map.locate_or(&op_ptr, &Location::file("?"));
        let names = template_names(path);
        for name in &names {
            let declared = op
                .parameters
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.name == *name);
            if !declared {
                diags.push(Diagnostic::warning(
                    "path-parameter-missing",
                    loc.clone(),
                    format!("`{{{name}}}` in `{path}` has no path parameter; added as a required string"),
                ));
                op.parameters.push(Parameter {
                    name: name.to_string(),
                    location: ParamLocation::Path,
                    description: None,
                    required: true,
                    deprecated: false,
                    style: None,
                    explode: None,
                    schema: Schema::of_type(SchemaType::String),
                    example: None,
                    examples: Default::default(),
                    extensions: Default::default(),
                });
            }
        }
        let before = op.parameters.len();
        let mut dropped = Vec::new();
        op.parameters.retain(|p| {
            let keep = p.location != ParamLocation::Path || names.contains(&p.name.as_str());
            if !keep {
                dropped.push(p.name.clone());
            }
            keep
        });
        if op.parameters.len() != before {
            diags.push(Diagnostic::warning(
                "path-parameter-unused",
                loc.clone(),
                format!(
                    "path parameter(s) {} do not appear in `{path}`; dropped",
                    dropped.join(", ")
                ),
            ));
        }
    }
}
