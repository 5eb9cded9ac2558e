//! `$ref`s resolved and `allOf` members merged into one schema, recursion
//! cut, before a schema becomes a [`Node`](super::Node).

use generator::model::{Schema, SchemaType};

use super::Cx;

/// Resolve `$ref`s and merge `allOf` members into one schema. Alternatives
/// (`oneOf`/`anyOf`) and subschemas are left for [`node_of_flat`]. The
/// components expanded are pushed on `cx.stack`; the caller pops them
/// once the node's subschemas are done, so a component met again below
/// itself is cut there.
pub(super) fn flatten(cx: &mut Cx, schema: &Schema, at: &str, hops: usize) -> Schema {
    if hops > 32 {
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
    let mut base = schema.clone();
    let members = std::mem::take(&mut base.all_of);
    let members: Vec<Schema> = members
        .iter()
        .map(|m| flatten(cx, m, at, hops + 1))
        .collect();
    let all_nullable = members.iter().all(|m| m.nullable);
    for m in members {
        merge_into(cx, &mut base, m, at);
    }
    base.nullable = schema.nullable || all_nullable;
    base
}

/// `allOf`: the value must match both, so properties and `required`
/// add up; a property both define must match both definitions.
fn merge_into(cx: &mut Cx, base: &mut Schema, other: Schema, at: &str) {
    match (base.schema_type, other.schema_type) {
        (None, t) => base.schema_type = t,
        (Some(a), Some(b)) if a != b => cx.exclude("allOf members of different types", at),
        _ => {}
    }
    if base.format.is_none() {
        base.format = other.format;
    }
    if base.enum_values.is_none() {
        base.enum_values = other.enum_values;
    }
    if base.description.is_none() {
        base.description = other.description;
    }
    if base.default.is_none() {
        base.default = other.default;
    }
    for (name, s) in other.properties {
        match base.properties.get_mut(&name) {
            Some(existing) => {
                let first = std::mem::take(existing);
                existing.all_of = vec![first, s];
            }
            None => {
                base.properties.insert(name, s);
            }
        }
    }
    for r in other.required {
        if !base.required.contains(&r) {
            base.required.push(r);
        }
    }
    match (&mut base.items, other.items) {
        (None, Some(i)) => base.items = Some(i),
        (Some(a), Some(b)) => {
            let first = std::mem::take(&mut **a);
            **a = Schema {
                all_of: vec![first, *b],
                ..Schema::default()
            };
        }
        _ => {}
    }
    if base.additional_properties.is_none() {
        base.additional_properties = other.additional_properties;
    }
    base.one_of.extend(other.one_of);
    base.any_of.extend(other.any_of);
    if other.not.is_some() && base.not.is_none() {
        base.not = other.not;
    }
}
