//! A schema as a reader sees it, its JSON type, and its shape for
//! comparing and showing.

use std::borrow::Cow;

use serde_json::Value;

use crate::model::{Components, Schema, SchemaType};

use super::MAX_DEPTH;

/// A schema as a reader sees it: [`Components::flattened`], and a one-part
/// `allOf` with only annotations beside it read as that part (annotations
/// kept), so wrapping a schema in `allOf` is not a change.
pub(super) fn normalize<'s>(c: &'s Components, schema: &'s Schema) -> Cow<'s, Schema> {
    normalize_at(c, schema, 0)
}

fn normalize_at<'s>(c: &'s Components, schema: &'s Schema, depth: usize) -> Cow<'s, Schema> {
    if depth >= MAX_DEPTH {
        return Cow::Owned(c.flattened(schema));
    }
    if let Some(reference) = &schema.reference {
        // A whole component: itself, read the same way (borrowed when it
        // needs no merging, which is most of the time).
        return match c.resolve_ref(reference) {
            Some(target) if target.reference.is_none() => normalize_at(c, target, depth + 1),
            _ => Cow::Owned(c.flattened(schema)),
        };
    }
    if schema.all_of.is_empty() {
        return Cow::Borrowed(schema);
    }
    if schema.all_of.len() == 1 {
        let mut rest = schema.clone();
        rest.all_of.clear();
        let annotations = Schema {
            description: rest.description.take(),
            title: rest.title.take(),
            default: rest.default.take(),
            example: rest.example.take(),
            nullable: std::mem::take(&mut rest.nullable),
            deprecated: std::mem::take(&mut rest.deprecated),
            read_only: std::mem::take(&mut rest.read_only),
            write_only: std::mem::take(&mut rest.write_only),
            ..Schema::default()
        };
        rest.extensions.clear();
        if rest.is_empty() {
            let mut inner = normalize_at(c, &schema.all_of[0], depth + 1).into_owned();
            inner.description = annotations.description.or(inner.description);
            inner.title = annotations.title.or(inner.title);
            inner.default = annotations.default.or(inner.default);
            inner.example = annotations.example.or(inner.example);
            inner.nullable |= annotations.nullable;
            inner.deprecated |= annotations.deprecated;
            inner.read_only |= annotations.read_only;
            inner.write_only |= annotations.write_only;
            return Cow::Owned(inner);
        }
    }
    Cow::Owned(c.flattened(schema))
}

/// The JSON type of a schema as a reader sees it.
pub(in crate::diff) fn type_of(c: &Components, schema: &Schema) -> Option<&'static str> {
    kind(&normalize(c, schema))
}

/// The JSON type a schema constrains values to, inferred from its keywords
/// when `type` is not given.
pub(super) fn kind(s: &Schema) -> Option<&'static str> {
    if let Some(t) = s.schema_type {
        return Some(t.as_str());
    }
    if !s.properties.is_empty() || s.additional_properties.is_some() {
        return Some(SchemaType::Object.as_str());
    }
    if s.items.is_some() {
        return Some(SchemaType::Array.as_str());
    }
    None
}

pub(super) fn is_nullable(s: &Schema) -> bool {
    s.nullable
        || s.enum_values
            .as_ref()
            .is_some_and(|e| e.iter().any(Value::is_null))
}

/// The shape of a schema for comparing and showing: flattened, without
/// descriptions, titles and examples (at any depth).
pub(in crate::diff) fn shape(c: &Components, s: &Schema) -> Value {
    let mut value = serde_json::to_value(&*normalize(c, s)).unwrap_or(Value::Null);
    strip_annotations(&mut value, 0);
    value
}

fn strip_annotations(v: &mut Value, depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Object(map) => {
            for key in ["description", "title", "example", "externalDocs"] {
                map.remove(key);
            }
            for (key, child) in map.iter_mut() {
                // Inside `enum`, `default` and `example` values are data.
                if key != "enum" && key != "default" {
                    strip_annotations(child, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                strip_annotations(item, depth + 1);
            }
        }
        _ => {}
    }
}
