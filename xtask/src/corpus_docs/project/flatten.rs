//! `$ref`s resolved and `allOf` members merged into one schema, recursion
//! cut, before a schema becomes a [`Node`](super::Node).

use generator::model::{
    merge_all_of_parts, AllOfConflict, Schema, SchemaType, SharedDefinitions, MAX_REF_HOPS,
};

use super::Cx;

/// Resolve `$ref`s and merge `allOf` members into one schema (the model's
/// rule, [`merge_all_of_parts`], with shared properties intersected; this
/// walk keeps its own reference following to report what it cuts). Alternatives
/// (`oneOf`/`anyOf`) and subschemas are left for [`node_of_flat`]. The
/// components expanded are pushed on `cx.stack`; the caller pops them
/// once the node's subschemas are done, so a component met again below
/// itself is cut there.
pub(super) fn flatten(cx: &mut Cx, schema: &Schema, at: &str, hops: usize) -> Schema {
    if hops > MAX_REF_HOPS {
        cx.exclude("recursive schema", at);
        return Schema::default();
    }
    if let Some(reference) = &schema.reference {
        let Some((name, target)) = cx.target(reference) else {
            cx.exclude("unresolved $ref", at);
            return Schema::default();
        };
        if cx.stack.contains(&name) {
            cx.exclude("recursive schema", at);
            // Keep the type, drop what recurses.
            let mut cut = Schema {
                schema_type: target.schema_type,
                nullable: target.nullable,
                description: target.description.clone(),
                ..Schema::default()
            };
            if cut.schema_type.is_none()
                && (!target.properties.is_empty() || !target.all_of.is_empty())
            {
                cut.schema_type = Some(SchemaType::Object);
            }
            return cut;
        }
        cx.stack.push(name);
        let mut out = flatten(cx, target, at, hops + 1);
        // A wrapper's own description wins.
        if schema.description.is_some() {
            out.description = schema.description.clone();
        }
        return out;
    }
    if schema.all_of.is_empty() {
        return schema.clone();
    }
    let members: Vec<Schema> = schema
        .all_of
        .iter()
        .map(|m| flatten(cx, m, at, hops + 1))
        .collect();
    // `allOf` means the value matches every member: a property two members
    // define must match both definitions.
    let merged = merge_all_of_parts(schema, members, SharedDefinitions::Intersect);
    for conflict in &merged.conflicts {
        match conflict {
            AllOfConflict::Type { .. } => cx.exclude("allOf members of different types", at),
        }
    }
    merged.schema
}
