//! Reusable components (schemas and security schemes), and the reader's
//! view of a schema: references looked up and followed, `allOf` merged,
//! closures. These are the one home of those rules; the generator, codegen,
//! the mock and xtask call them rather than keep their own.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::map::Entry;
use serde::{Deserialize, Serialize};

use super::{whole_schema_ref_token, Schema, SchemaType, SecurityScheme};

/// Longest chain of whole references [`deref_schema`] follows. A chain of
/// distinct components is never this long in a real contract; the limit
/// only bounds the cycle check.
pub const MAX_REF_HOPS: usize = 32;

/// Deepest nesting of `allOf` parts (inline or through references) that
/// [`Components::merge_all_of`] merges; deeper, a schema is left as is.
pub const MAX_ALL_OF_DEPTH: usize = 16;

/// The schema a whole local reference names (see
/// [`whole_schema_ref_name`](super::whole_schema_ref_name)), in a bare
/// schema map: for callers that hold only the map, as the validator does.
pub fn lookup_schema_ref<'s>(
    schemas: &'s BTreeMap<String, Schema>,
    reference: &str,
) -> Option<&'s Schema> {
    let token = whole_schema_ref_token(reference)?;
    if token.contains('~') {
        schemas.get(&crate::pointer::unescape_pointer(token))
    } else {
        // The common case, without an allocation: this runs per value the
        // mock validates.
        schemas.get(token)
    }
}

/// `schema` with whole references followed until a schema that is not a
/// reference. Stops at a reference that names nothing (returning it), and
/// on a cycle or after [`MAX_REF_HOPS`] at the last schema reached before
/// the repeat (a reference itself, which callers read as "unknown").
pub fn deref_schema<'s>(schemas: &'s BTreeMap<String, Schema>, schema: &'s Schema) -> &'s Schema {
    let mut current = schema;
    let mut visited: [Option<&Schema>; MAX_REF_HOPS] = [None; MAX_REF_HOPS];
    for slot in 0..MAX_REF_HOPS {
        let Some(target) = current
            .reference
            .as_deref()
            .and_then(|r| lookup_schema_ref(schemas, r))
        else {
            break;
        };
        if visited[..slot]
            .iter()
            .flatten()
            .any(|seen| std::ptr::eq(*seen, target))
        {
            break;
        }
        visited[slot] = Some(target);
        current = target;
    }
    current
}

/// What `allOf` parts that both define one property, or both `items`, give.
/// Every other keyword is merged the same way in both modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SharedDefinitions {
    /// The first definition stands. A reader's view for comparing and
    /// typing (diff, combine, codegen): their outputs were built on it.
    FirstWins,
    /// Both must hold: `allOf: [first, other]` (what JSON Schema means; the
    /// corpus_docs projection shows it).
    Intersect,
}

/// Where `allOf` parts disagree in a way one schema cannot say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllOfConflict {
    /// Two parts (or the schema and a part) give different types; the
    /// first stands in the merged schema.
    Type {
        first: SchemaType,
        other: SchemaType,
    },
}

/// A schema with its `allOf` parts merged, and what did not merge cleanly.
#[derive(Debug, Clone, PartialEq)]
pub struct AllOfMerge {
    pub schema: Schema,
    pub conflicts: Vec<AllOfConflict>,
}

/// The `allOf` keyword rule, the one every merge uses: `schema`'s own
/// keywords (its `allOf` aside) merged with `parts`, which the caller has
/// already flattened (references followed, their own parts merged).
///
/// - `properties`: joined; one defined twice per [`SharedDefinitions`].
/// - `required`: the union, in order.
/// - `type`: the first that says one; a different one is a conflict.
/// - `items`: the first, or per [`SharedDefinitions`] when two say one.
/// - `oneOf` / `anyOf`: the parts' alternatives appended.
/// - `nullable`: the schema's own, or when every part is nullable.
/// - description, format, enum, default, pattern, `multipleOf`, bounds
///   (with their exclusive flags), lengths and counts,
///   `additionalProperties` and `not`: the first that says one.
///
/// Other keywords (title, example, readOnly, ...) are the schema's own.
pub fn merge_all_of_parts(
    schema: &Schema,
    parts: Vec<Schema>,
    shared: SharedDefinitions,
) -> AllOfMerge {
    let mut merged = schema.clone();
    merged.all_of.clear();
    let mut conflicts = Vec::new();
    let every_part_nullable = parts.iter().all(|p| p.nullable);
    for part in parts {
        match (merged.schema_type, part.schema_type) {
            (None, t) => merged.schema_type = t,
            (Some(first), Some(other)) if first != other => {
                conflicts.push(AllOfConflict::Type { first, other });
            }
            _ => {}
        }
        for (name, property) in part.properties {
            match merged.properties.entry(name) {
                Entry::Vacant(slot) => {
                    slot.insert(property);
                }
                Entry::Occupied(mut slot) => {
                    if shared == SharedDefinitions::Intersect {
                        let first = std::mem::take(slot.get_mut());
                        slot.get_mut().all_of = crate::model::thin_vec![first, property];
                    }
                }
            }
        }
        for name in part.required {
            if !merged.required.contains(&name) {
                merged.required.push(name);
            }
        }
        merged.items = match (merged.items.take(), part.items) {
            (Some(first), Some(other)) if shared == SharedDefinitions::Intersect => {
                Some(Box::new(Schema {
                    all_of: crate::model::thin_vec![*first, *other],
                    ..Schema::default()
                }))
            }
            (first, other) => first.or(other),
        };
        merged.one_of.extend(part.one_of);
        merged.any_of.extend(part.any_of);
        merged.description = merged.description.take().or(part.description);
        merged.format = merged.format.take().or(part.format);
        merged.enum_values = merged.enum_values.take().or(part.enum_values);
        merged.default = merged.default.take().or(part.default);
        merged.pattern = merged.pattern.take().or(part.pattern);
        merged.multiple_of = merged.multiple_of.take().or(part.multiple_of);
        if merged.minimum.is_none() {
            merged.minimum = part.minimum;
            merged.exclusive_minimum = part.exclusive_minimum;
        }
        if merged.maximum.is_none() {
            merged.maximum = part.maximum;
            merged.exclusive_maximum = part.exclusive_maximum;
        }
        merged.min_length = merged.min_length.or(part.min_length);
        merged.max_length = merged.max_length.or(part.max_length);
        merged.min_items = merged.min_items.or(part.min_items);
        merged.max_items = merged.max_items.or(part.max_items);
        merged.min_properties = merged.min_properties.or(part.min_properties);
        merged.max_properties = merged.max_properties.or(part.max_properties);
        merged.additional_properties = merged
            .additional_properties
            .take()
            .or(part.additional_properties);
        merged.not = merged.not.take().or(part.not);
    }
    merged.nullable = schema.nullable || every_part_nullable;
    AllOfMerge {
        schema: merged,
        conflicts,
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Components {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub schemas: BTreeMap<String, Schema>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub security_schemes: BTreeMap<String, SecurityScheme>,
}

impl Components {
    pub fn is_empty(&self) -> bool {
        self.schemas.is_empty() && self.security_schemes.is_empty()
    }

    /// The schema a whole local reference names.
    pub fn resolve_ref(&self, reference: &str) -> Option<&Schema> {
        lookup_schema_ref(&self.schemas, reference)
    }

    /// `schema` with whole references followed ([`deref_schema`]).
    pub fn deref<'a>(&'a self, schema: &'a Schema) -> &'a Schema {
        deref_schema(&self.schemas, schema)
    }

    /// A schema as a reader sees it: whole references followed and `allOf`
    /// parts merged into one, the first part's keyword standing where
    /// parts disagree ([`SharedDefinitions::FirstWins`]). For comparing
    /// schemas, not for publishing.
    pub fn flattened(&self, schema: &Schema) -> Schema {
        self.merge_all_of(schema, SharedDefinitions::FirstWins)
            .schema
    }

    /// `schema` with whole references followed and `allOf` parts merged by
    /// [`merge_all_of_parts`], parts' own parts first, with every conflict
    /// met on the way. A component met again inside its own parts adds
    /// nothing more; past [`MAX_ALL_OF_DEPTH`] a schema is left as is.
    pub fn merge_all_of(&self, schema: &Schema, shared: SharedDefinitions) -> AllOfMerge {
        let mut conflicts = Vec::new();
        let schema = self.merge_at(schema, shared, &mut Vec::new(), 0, &mut conflicts);
        AllOfMerge { schema, conflicts }
    }

    fn merge_at<'a>(
        &'a self,
        schema: &'a Schema,
        shared: SharedDefinitions,
        expanding: &mut Vec<&'a Schema>,
        depth: usize,
        conflicts: &mut Vec<AllOfConflict>,
    ) -> Schema {
        let schema = self.deref(schema);
        if schema.reference.is_some() || schema.all_of.is_empty() || depth > MAX_ALL_OF_DEPTH {
            return schema.clone();
        }
        if expanding.iter().any(|s| std::ptr::eq(*s, schema)) {
            return Schema::default();
        }
        expanding.push(schema);
        let parts = schema
            .all_of
            .iter()
            .map(|part| self.merge_at(part, shared, expanding, depth + 1, conflicts))
            .collect();
        expanding.pop();
        let merged = merge_all_of_parts(schema, parts, shared);
        conflicts.extend(merged.conflicts);
        merged.schema
    }

    /// The schemas named in `names` and every schema they reference,
    /// transitively.
    pub fn schema_closure(&self, mut names: Vec<String>) -> BTreeSet<String> {
        let mut closure = BTreeSet::new();
        while let Some(name) = names.pop() {
            if !closure.insert(name.clone()) {
                continue;
            }
            if let Some(schema) = self.schemas.get(&name) {
                names.extend(schema.references());
            }
        }
        closure
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn components(schemas: serde_json::Value) -> Components {
        serde_json::from_value(json!({ "schemas": schemas })).unwrap()
    }

    fn schema(value: serde_json::Value) -> Schema {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn whole_references_are_looked_up_unescaped() {
        let c = components(json!({"Pet": {"type": "object"}, "a/b~c": {"type": "string"}}));
        assert!(c.resolve_ref("#/components/schemas/Pet").is_some());
        assert_eq!(
            c.resolve_ref("#/components/schemas/a~1b~0c")
                .unwrap()
                .schema_type,
            Some(SchemaType::String)
        );
        // A ref into a component is not the component; foreign refs and
        // empty names name nothing.
        assert!(c
            .resolve_ref("#/components/schemas/Pet/properties/id")
            .is_none());
        assert!(c
            .resolve_ref("other.yaml#/components/schemas/Pet")
            .is_none());
        assert!(c.resolve_ref("#/components/schemas/Gone").is_none());
    }

    #[test]
    fn chains_are_followed_and_cycles_stop() {
        let c = components(json!({
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"type": "integer"},
            "X": {"$ref": "#/components/schemas/Y"},
            "Y": {"$ref": "#/components/schemas/X"},
            "Self": {"$ref": "#/components/schemas/Self"},
        }));
        let to_a = Schema::reference("#/components/schemas/A");
        assert_eq!(c.deref(&to_a).schema_type, Some(SchemaType::Integer));
        // A cycle ends at the schema reached before the repeat.
        let to_x = Schema::reference("#/components/schemas/X");
        assert_eq!(
            c.deref(&to_x).reference.as_deref(),
            Some("#/components/schemas/X")
        );
        let to_self = Schema::reference("#/components/schemas/Self");
        assert!(std::ptr::eq(c.deref(&to_self), &c.schemas["Self"]));
        // A miss returns the reference itself.
        let gone = Schema::reference("#/components/schemas/Gone");
        assert!(std::ptr::eq(c.deref(&gone), &gone));
        let plain = Schema::of_type(SchemaType::Boolean);
        assert!(std::ptr::eq(c.deref(&plain), &plain));
    }

    #[test]
    fn a_long_chain_stops_at_the_hop_limit() {
        let mut schemas = serde_json::Map::new();
        for i in 0..(MAX_REF_HOPS + 5) {
            schemas.insert(
                format!("S{i}"),
                json!({"$ref": format!("#/components/schemas/S{}", i + 1)}),
            );
        }
        let c = components(serde_json::Value::Object(schemas));
        let start = Schema::reference("#/components/schemas/S0");
        let end = c.deref(&start);
        assert_eq!(
            end.reference.as_deref(),
            Some(format!("#/components/schemas/S{MAX_REF_HOPS}").as_str())
        );
    }

    #[test]
    fn parts_merge_first_wins_or_intersect() {
        let c = components(json!({
            "Base": {"type": "object", "description": "base",
                     "properties": {"id": {"type": "string"}}, "required": ["id"]},
        }));
        let s = schema(json!({"allOf": [
            {"$ref": "#/components/schemas/Base"},
            {"properties": {"id": {"maxLength": 5}, "name": {"type": "string"}},
             "required": ["name", "id"], "minProperties": 1}
        ]}));
        let first = c.merge_all_of(&s, SharedDefinitions::FirstWins);
        assert!(first.conflicts.is_empty());
        assert_eq!(
            serde_json::to_value(&first.schema).unwrap(),
            json!({"type": "object", "description": "base",
                   "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
                   "required": ["id", "name"], "minProperties": 1})
        );
        assert_eq!(c.flattened(&s), first.schema);
        let both = c.merge_all_of(&s, SharedDefinitions::Intersect);
        assert_eq!(
            serde_json::to_value(&both.schema.properties["id"]).unwrap(),
            json!({"allOf": [{"type": "string"}, {"maxLength": 5}]})
        );
    }

    #[test]
    fn parts_keep_their_alternatives_and_not() {
        // `flattened` used to drop these: a part's `oneOf` constrains the
        // value as much as its properties do.
        let c = Components::default();
        let s = schema(json!({"allOf": [
            {"oneOf": [{"type": "string"}, {"type": "integer"}]},
            {"anyOf": [{"minLength": 1}], "not": {"enum": ["x"]}},
            {"oneOf": [{"maxLength": 3}]}
        ]}));
        let flat = c.flattened(&s);
        assert_eq!(flat.one_of.len(), 3);
        assert_eq!(flat.any_of.len(), 1);
        assert!(flat.not.is_some());
        assert!(flat.all_of.is_empty());
    }

    #[test]
    fn type_conflicts_are_reported_and_nullable_needs_every_part() {
        let c = Components::default();
        let s = schema(json!({"allOf": [
            {"type": "string", "nullable": true},
            {"type": "integer", "nullable": true}
        ]}));
        let merged = c.merge_all_of(&s, SharedDefinitions::FirstWins);
        assert_eq!(
            merged.conflicts,
            vec![AllOfConflict::Type {
                first: SchemaType::String,
                other: SchemaType::Integer
            }]
        );
        assert_eq!(merged.schema.schema_type, Some(SchemaType::String));
        assert!(merged.schema.nullable);
        let one_not = schema(json!({"allOf": [{"nullable": true}, {"type": "string"}]}));
        assert!(!c.flattened(&one_not).nullable);
    }

    #[test]
    fn a_component_inside_its_own_parts_adds_nothing_more() {
        let c = components(json!({
            "A": {"allOf": [{"$ref": "#/components/schemas/B"}]},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}],
                  "properties": {"next": {"$ref": "#/components/schemas/A"}}},
        }));
        let flat = c.flattened(&Schema::reference("#/components/schemas/A"));
        assert_eq!(flat.properties.keys().collect::<Vec<_>>(), vec!["next"]);
        assert!(flat.all_of.is_empty());
    }
}
