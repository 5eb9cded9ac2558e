//! After overlays: every `$ref` must name a component schema. Refs into
//! the middle of a schema (`#/components/schemas/Member/properties/role`)
//! are inlined; refs that still point to nothing become an any-value
//! schema that keeps the target in `x-unresolved-ref`, with a warning.

use serde_json::Value;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::{Contract, Schema};
use crate::source::Location;
use crate::srcmap::SourceMap;

/// How many nested inlinings one ref may trigger (guards ref cycles).
const MAX_INLINE_DEPTH: usize = 16;

pub fn resolve_refs(contract: &mut Contract, map: &mut SourceMap, diags: &mut Diagnostics) {
    let doc = contract.to_json();
    let names: Vec<String> = contract.components.schemas.keys().cloned().collect();
    for (ptr, root) in contract.schema_roots_mut() {
        resolve_in(root, &ptr, &doc, &names, map, diags, 0);
    }
}

fn resolve_in(
    s: &mut Schema,
    ptr: &str,
    doc: &Value,
    names: &[String],
    map: &mut SourceMap,
    diags: &mut Diagnostics,
    depth: usize,
) {
    if let Some(target) = s.reference.clone() {
        let simple =
            crate::model::whole_schema_ref_name(&target).is_some_and(|n| names.contains(&n));
        if !simple {
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
                    resolve_in(s, ptr, doc, names, map, diags, depth + 1);
                    return;
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
    }
    let tokens: Vec<String> = s.children().into_iter().map(|(t, _)| t).collect();
    for (child, token) in s.children_mut().into_iter().zip(tokens) {
        resolve_in(
            child,
            &format!("{ptr}/{token}"),
            doc,
            names,
            map,
            diags,
            depth,
        );
    }
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
