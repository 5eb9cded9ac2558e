//! After refs are resolved: a component schema that the contract reached
//! only through refs into its middle
//! (`#/components/schemas/Member/properties/role`), which
//! [`crate::resolve`] inlines, is referenced by nothing any more; it is
//! not published, and an `unreferenced-component` note names it. Such a
//! component is an artifact of the reading (typically defined by an
//! overlay only for those refs): left in, it would give the client a type
//! no operation uses and linters (Redocly's `no-unused-components`) would
//! flag it.
//!
//! A component the vendor publishes that nothing ever referenced is kept:
//! it is part of the vendor's published model (a webhook payload OpenAPI
//! 3.0 cannot attach to an operation, a shared type), and the generated
//! client types it. One rule for every contract: what our own inlining
//! made unreachable goes, what the vendor wrote stays.
//!
//! Reached means from outside `components.schemas` (operations, and
//! extensions such as `x-callbacks`) through `$ref`s and discriminator
//! mappings; a schema that extends a reached schema carrying a
//! discriminator (`allOf: [$ref: Pet]`, the implicit mapping by name) is
//! reached too.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::{schema_ref_name, Components, Contract, Schema};
use crate::pointer::join;
use crate::source::Location;
use crate::srcmap::SourceMap;

/// Drop the components `reached_before` (the reach of the contract before
/// refs were resolved, [`used_schemas`]) holds but the contract no
/// longer reaches.
pub fn drop_inlined(
    contract: &mut Contract,
    reached_before: &BTreeSet<String>,
    map: &SourceMap,
    diags: &mut Diagnostics,
) {
    let used = used_schemas(contract);
    let orphaned: Vec<String> = contract
        .components
        .schemas
        .keys()
        .filter(|name| reached_before.contains(*name) && !used.contains(*name))
        .cloned()
        .collect();
    for name in orphaned {
        contract.components.schemas.remove(&name);
        let ptr = join("/components/schemas", &name);
        diags.push(Diagnostic::new(
            Code::UnreferencedComponent,
            map.locate_or(&ptr, &Location::file("?")),
            format!("component schema `{name}` was reached only through refs into it, which are inlined; nothing references it now, so it is not published"),
        ));
    }
}

/// The component schemas the rest of the contract reaches, by name.
pub fn used_schemas(contract: &Contract) -> BTreeSet<String> {
    let components = &contract.components;
    // Outside `components` only the paths can name a schema. They are
    // searched as a document, extensions too: a callback kept under
    // `x-callbacks` may name a schema, and a ref left dangling in the
    // published file would break every tool that resolves it. The
    // components themselves are walked as the model (serializing every
    // schema to search it cost a large spec a fifth of its start-up).
    let paths = serde_json::to_value(&contract.paths).unwrap_or_default();
    let mut pending: Vec<String> = Vec::new();
    targets(components, &paths, &mut pending);
    let mut used = BTreeSet::new();
    loop {
        while let Some(name) = pending.pop() {
            if used.insert(name.clone()) {
                if let Some(s) = components.schemas.get(&name) {
                    schema_targets(components, s, &mut pending);
                }
            }
        }
        // Subtypes of a used polymorphic schema, named by no mapping.
        for (name, s) in &components.schemas {
            if !used.contains(name) && extends_polymorphic(components, s, &used) {
                pending.push(name.clone());
            }
        }
        if pending.is_empty() {
            return used;
        }
    }
}

/// What [`targets`] finds in `s` as a document, from the model: its
/// `$ref`s and discriminator mappings, and any `$ref` inside the values
/// it carries (extensions, examples, defaults, enums), in every subschema.
fn schema_targets(components: &Components, s: &Schema, out: &mut Vec<String>) {
    if let Some(reference) = &s.reference {
        out.extend(schema_ref_name(reference));
    }
    if let Some(discriminator) = &s.discriminator {
        for target in discriminator.mapping.values() {
            mapping_target(components, target, out);
        }
    }
    let values = s
        .extensions
        .values()
        .chain(s.example.as_deref())
        .chain(s.default.as_deref())
        .chain(s.enum_values.iter().flatten())
        .chain(s.xml.as_deref())
        .chain(s.external_docs.as_deref());
    for v in values {
        targets(components, v, out);
    }
    for child in s.subschemas() {
        schema_targets(components, child, out);
    }
}

/// A discriminator mapping value: a ref, or a bare schema name.
fn mapping_target(components: &Components, target: &str, out: &mut Vec<String>) {
    match schema_ref_name(target) {
        Some(name) => out.push(name),
        None if components.schemas.contains_key(target) => out.push(target.to_string()),
        None => {}
    }
}

/// The components `v` names: `$ref`s and discriminator mapping values.
fn targets(components: &Components, v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (key, x) in map {
                if key == "$ref" {
                    out.extend(x.as_str().and_then(schema_ref_name));
                }
                if key == "discriminator" {
                    let mapping = x.get("mapping").and_then(Value::as_object);
                    for target in mapping.into_iter().flat_map(|m| m.values()) {
                        if let Some(target) = target.as_str() {
                            mapping_target(components, target, out);
                        }
                    }
                }
                targets(components, x, out);
            }
        }
        Value::Array(items) => {
            for x in items {
                targets(components, x, out);
            }
        }
        _ => {}
    }
}

/// True when an `allOf` part of `s` is a used schema with a discriminator.
fn extends_polymorphic(components: &Components, s: &Schema, used: &BTreeSet<String>) -> bool {
    s.all_of.iter().any(|part| {
        part.reference
            .as_deref()
            .and_then(schema_ref_name)
            .filter(|name| used.contains(name))
            .and_then(|name| components.schemas.get(&name))
            .is_some_and(|base| base.discriminator.is_some())
    })
}
