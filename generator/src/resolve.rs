//! After overlays: every `$ref` must name a component schema. Refs into
//! the middle of a schema (`#/components/schemas/Member/properties/role`)
//! are inlined; refs that still point to nothing become an any-value
//! schema that keeps the target in `x-unresolved-ref`, with a warning.

use std::collections::HashSet;
use std::ops::ControlFlow;

use serde_json::Value;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::{Contract, Schema};
use crate::source::Location;
use crate::srcmap::SourceMap;

/// How many nested inlinings one ref may trigger (guards ref cycles).
const MAX_INLINE_DEPTH: usize = 16;

pub fn resolve_refs(contract: &mut Contract, map: &mut SourceMap, diags: &mut Diagnostics) {
    let names: HashSet<String> = contract.components.schemas.keys().cloned().collect();
    // The contract as a document is only read for refs that are not whole
    // component refs; most contracts have none, and serializing a large
    // contract costs more than the walk. So the first walk goes without
    // it and stops at the first such ref: nothing has changed by then
    // (only such refs change anything), and the walk starts again with
    // the document, read from the contract as it was.
    if walk(contract, None, &names, map, diags).is_break() {
        let doc = contract.to_json();
        let _ = walk(contract, Some(&doc), &names, map, diags);
    }
}

/// Resolve the refs of every schema; breaks where `doc` is needed and missing.
fn walk(
    contract: &mut Contract,
    doc: Option<&Value>,
    names: &HashSet<String>,
    map: &mut SourceMap,
    diags: &mut Diagnostics,
) -> ControlFlow<()> {
    for (mut ptr, root) in contract.schema_roots_mut() {
        resolve_in(root, &mut ptr, doc, names, map, diags, 0)?;
    }
    ControlFlow::Continue(())
}

/// A whole ref to a component schema that exists.
fn is_simple(target: &str, names: &HashSet<String>) -> bool {
    crate::model::whole_schema_ref_name(target).is_some_and(|n| names.contains(&n))
}

fn resolve_in(
    s: &mut Schema,
    ptr: &mut String,
    doc: Option<&Value>,
    names: &HashSet<String>,
    map: &mut SourceMap,
    diags: &mut Diagnostics,
    depth: usize,
) -> ControlFlow<()> {
    if let Some(target) = s.reference.as_deref().filter(|t| !is_simple(t, names)) {
        let Some(doc) = doc else {
            return ControlFlow::Break(());
        };
        let target = target.to_string();
        let found = target
            .strip_prefix('#')
            .and_then(|p| doc.pointer(p))
            .and_then(|v| serde_json::from_value::<Schema>(v.clone()).ok());
        match found {
            Some(inlined) if depth < MAX_INLINE_DEPTH => {
                if let Some(p) = target.strip_prefix('#') {
                    map.alias_subtree(p, ptr);
                }
                *s = inlined;
                return resolve_in(s, ptr, Some(doc), names, map, diags, depth + 1);
            }
            _ => {
                let loc = map.locate_or(ptr, &Location::file("?"));
                diags.push(
                    Diagnostic::new(
                        Code::UnresolvedRef,
                        loc,
                        format!("`$ref: {target}` still points to nothing after overlays; read as any value"),
                    )
                    .with_note("add the missing schema in the vendor's overlay.yaml"),
                );
                s.reference = None;
                s.extensions
                    .insert("x-unresolved-ref".into(), Value::String(target));
            }
        }
    }
    let mut flow = ControlFlow::Continue(());
    s.for_each_child_mut(ptr, &mut |child, ptr| {
        if flow.is_continue() {
            flow = resolve_in(child, ptr, doc, names, map, diags, depth);
        }
    });
    flow
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SchemaType;

    #[test]
    fn deep_refs_are_inlined_and_dangling_ones_reported() {
        let mut c = Contract::default();
        let mut member = Schema::of_type(SchemaType::Object);
        member
            .properties
            .insert("role".into(), Schema::of_type(SchemaType::String));
        c.components.schemas.insert("Member".into(), member);
        let mut holder = Schema::of_type(SchemaType::Object);
        holder.properties.insert(
            "role".into(),
            Schema::reference("#/components/schemas/Member/properties/role"),
        );
        holder.properties.insert(
            "who".into(),
            Schema::reference("#/components/schemas/Member"),
        );
        holder.properties.insert(
            "gone".into(),
            Schema::reference("#/components/schemas/Gone"),
        );
        c.components.schemas.insert("Holder".into(), holder);
        let mut diags = Diagnostics::default();
        resolve_refs(&mut c, &mut SourceMap::default(), &mut diags);
        let h = &c.components.schemas["Holder"];
        assert_eq!(h.properties["role"], Schema::of_type(SchemaType::String));
        assert_eq!(
            h.properties["who"].reference.as_deref(),
            Some("#/components/schemas/Member")
        );
        assert!(h.properties["gone"].reference.is_none());
        assert_eq!(
            h.properties["gone"].extensions["x-unresolved-ref"],
            "#/components/schemas/Gone"
        );
        assert_eq!(diags.len(), 1);
    }
}
