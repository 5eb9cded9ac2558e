//! Checks on a vendor's finished contract: documented examples and
//! defaults must fit their schemas, and a required property's default
//! can never apply. They only report (the path-parameter repair is
//! [`crate::path_params`], before overlays); problems point at the page
//! line they came from.

use serde_json::Value;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::{Contract, MediaType, Schema};
use crate::pointer::join;
use crate::source::Location;
use crate::srcmap::SourceMap;
use crate::validate::Validator;

pub fn check_contract(contract: &Contract, map: &SourceMap, diags: &mut Diagnostics) {
    if contract.operations().nth(PARALLEL_MIN).is_none() {
        check_examples(contract, map, diags);
        check_schemas(contract, map, diags);
        return;
    }
    // The operations' examples on a second thread, the schemas' own
    // values and defaults on this one: both only read the contract, and
    // their findings are appended in that order, as one thread would.
    let (examples, schemas) = std::thread::scope(|scope| {
        let examples = scope.spawn(|| {
            let mut found = Diagnostics::default();
            check_examples(contract, map, &mut found);
            found
        });
        let mut schemas = Diagnostics::default();
        check_schemas(contract, map, &mut schemas);
        let examples = examples
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (examples, schemas)
    });
    diags.extend(examples);
    diags.extend(schemas);
}

/// Contracts from this many operations on are checked on two threads.
const PARALLEL_MIN: usize = 64;

/// Each finding of `validator` on `value` (at `value_ptr`), as a warning
/// placed at the page line of the offending part.
fn report_findings(
    validator: &Validator,
    map: &SourceMap,
    diags: &mut Diagnostics,
    (value_ptr, what, schema, value): (&str, &str, &Schema, &Value),
) {
    for v in validator.validate(schema, value) {
        let at = format!("{value_ptr}{}", v.pointer);
        let loc = map.locate_or(&at, &Location::file("?"));
        let place = if v.pointer.is_empty() {
            String::new()
        } else {
            format!(" at `{}`", v.pointer)
        };
        diags.push(Diagnostic::new(
            Code::ExampleMismatch,
            loc,
            format!("{what} contradicts its schema{place}: {}", v.message),
        ));
    }
}

/// Parameter, request and response examples against their schemas.
fn check_examples(contract: &Contract, map: &SourceMap, diags: &mut Diagnostics) {
    let validator = Validator::new(&contract.components.schemas);
    let mut report = |value_ptr: &str, what: &str, schema: &Schema, value: &Value| {
        report_findings(&validator, map, diags, (value_ptr, what, schema, value));
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
}

/// Every schema's own example and default against the schema, then
/// required properties with a default.
fn check_schemas(contract: &Contract, map: &SourceMap, diags: &mut Diagnostics) {
    let validator = Validator::new(&contract.components.schemas);
    let roots = contract.schema_roots();
    {
        let mut report = |value_ptr: &str, what: &str, schema: &Schema, value: &Value| {
            report_findings(&validator, map, diags, (value_ptr, what, schema, value));
        };
        for (ptr, root) in &roots {
            check_schema_values(root, &mut ptr.clone(), &mut report);
        }
    }
    for (ptr, root) in &roots {
        check_required_defaults(root, &mut ptr.clone(), map, diags);
    }
}

/// A required property with a default: the default can never apply, so
/// the docs likely mean "optional, defaulting to ...".
fn check_required_defaults(s: &Schema, ptr: &mut String, map: &SourceMap, diags: &mut Diagnostics) {
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
    s.for_each_child(ptr, &mut |child, ptr| {
        check_required_defaults(child, ptr, map, diags);
    });
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
    ptr: &mut String,
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
    s.for_each_child(ptr, &mut |child, ptr| {
        check_schema_values(child, ptr, report);
    });
}
