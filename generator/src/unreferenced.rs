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
    let mut pending: Vec<String> = Vec::new();
    let paths = serde_json::to_vec(&contract.paths).unwrap_or_default();
    written_targets(components, &paths, &mut pending);
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

/// What [`targets`] finds in `json`, a document as serde_json writes it
/// (compact), without building its `Value`: for GitHub's paths that tree
/// was most of this search's time, run twice a build. Written compact, a
/// `"$ref":"` can only be a key with a string value (a quote inside a
/// string is escaped), and each `"discriminator":` is a key whose value
/// is read alone.
fn written_targets(components: &Components, json: &[u8], out: &mut Vec<String>) {
    let Ok(text) = std::str::from_utf8(json) else {
        return;
    };
    const REF: &str = "\"$ref\":";
    const DISCRIMINATOR: &str = "\"discriminator\":";
    for (at, _) in text.match_indices(REF) {
        let rest = &text[at + REF.len()..];
        if rest.starts_with('"') {
            let mut de = serde_json::Deserializer::from_str(rest);
            if let Ok(target) = <String as serde::Deserialize>::deserialize(&mut de) {
                out.extend(schema_ref_name(&target));
            }
        }
    }
    for (at, _) in text.match_indices(DISCRIMINATOR) {
        let rest = &text[at + DISCRIMINATOR.len()..];
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        if let Some(Ok(discriminator)) = values.next() {
            let mapping = discriminator.get("mapping").and_then(Value::as_object);
            for target in mapping.into_iter().flat_map(|m| m.values()) {
                if let Some(target) = target.as_str() {
                    mapping_target(components, target, out);
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The written document is searched as its `Value` was: every `$ref`
    /// and discriminator mapping at any depth, and nothing a string holds.
    #[test]
    fn the_written_document_names_what_its_value_names() {
        let mut components = Components::default();
        components.schemas.insert("Cat".into(), Schema::default());
        let doc = serde_json::json!({
            "/a": {"get": {
                "x-callbacks": {"on": {"$ref": "#/components/schemas/Event"}},
                "responses": {"200": {"content": {"application/json": {"schema": {
                    "oneOf": [{"$ref": "#/components/schemas/Dog~1Puppy"}],
                    "discriminator": {"propertyName": "kind", "mapping": {
                        "cat": "Cat", "bird": "#/components/schemas/Bird", "fish": "Fish"
                    }}
                }}}}},
                "description": "\"$ref\":\"#/components/schemas/NotARef\" in a string",
                "example": {"$ref": "#/components/schemas/Quo\"ted"}
            }}
        });
        let mut by_value = Vec::new();
        targets(&components, &doc, &mut by_value);
        let mut written = Vec::new();
        written_targets(
            &components,
            &serde_json::to_vec(&doc).unwrap(),
            &mut written,
        );
        by_value.sort();
        written.sort();
        assert_eq!(written, by_value);
        assert_eq!(written, ["Bird", "Cat", "Dog/Puppy", "Event", "Quo\"ted"]);
    }
}
