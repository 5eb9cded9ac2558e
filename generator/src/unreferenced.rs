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
    // The whole document is searched, extensions too: a callback kept
    // under `x-callbacks` may name a schema, and a ref left dangling in
    // the published file would break every tool that resolves it.
    let mut doc = contract.to_json();
    if let Some(schemas) = doc.get_mut("components").and_then(|c| c.get_mut("schemas")) {
        schemas.take();
    }
    let mut pending: Vec<String> = Vec::new();
    targets(components, &doc, &mut pending);
    let mut used = BTreeSet::new();
    loop {
        while let Some(name) = pending.pop() {
            if used.insert(name.clone()) {
                if let Some(s) = components.schemas.get(&name) {
                    targets(
                        components,
                        &serde_json::to_value(s).unwrap_or_default(),
                        &mut pending,
                    );
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

/// The components `v` names: `$ref`s and discriminator mapping values
/// (a ref, or a bare schema name).
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
                        let Some(target) = target.as_str() else {
                            continue;
                        };
                        match schema_ref_name(target) {
                            Some(name) => out.push(name),
                            None if components.schemas.contains_key(target) => {
                                out.push(target.to_string())
                            }
                            None => {}
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
