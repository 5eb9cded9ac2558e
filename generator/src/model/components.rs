//! Reusable components (schemas and security schemes), and the reader's
//! view of a schema: references followed, `allOf` merged, closures.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{schema_ref_name, Schema, SecurityScheme};

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

    /// A schema as a reader sees it: a whole-component reference followed
    /// and `allOf` parts merged into one (properties and required joined;
    /// type, items, description, format, enum, pattern, bounds and
    /// additionalProperties from the first part that says one). For
    /// comparing schemas, not for publishing: where parts disagree on a
    /// keyword, the first part's stands.
    pub fn flattened(&self, schema: &Schema) -> Schema {
        self.flattened_at(schema, 0)
    }

    fn flattened_at(&self, schema: &Schema, depth: usize) -> Schema {
        if depth > 16 {
            return schema.clone();
        }
        if let Some(reference) = &schema.reference {
            let whole = reference.matches('/').count() == 3;
            return match schema_ref_name(reference).and_then(|n| self.schemas.get(&n)) {
                Some(target) if whole => self.flattened_at(target, depth + 1),
                _ => schema.clone(),
            };
        }
        if schema.all_of.is_empty() {
            return schema.clone();
        }
        let mut merged = schema.clone();
        merged.all_of.clear();
        for part in &schema.all_of {
            let part = self.flattened_at(part, depth + 1);
            for (name, property) in part.properties {
                merged.properties.entry(name).or_insert(property);
            }
            for name in part.required {
                if !merged.required.contains(&name) {
                    merged.required.push(name);
                }
            }
            merged.schema_type = merged.schema_type.or(part.schema_type);
            merged.items = merged.items.take().or(part.items);
            merged.description = merged.description.take().or(part.description);
            merged.format = merged.format.take().or(part.format);
            merged.enum_values = merged.enum_values.take().or(part.enum_values);
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
        }
        merged
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
