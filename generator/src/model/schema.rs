//! The Schema Object (flat, OpenAPI 3.0 keywords) and walks over its
//! subschemas.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};
use thin_vec::ThinVec;

use super::{is_false, schema_ref_name, Extensions};
use crate::pointer::{escape_pointer, push_escaped};

/// JSON Schema types OpenAPI 3.0 knows (`null` is spelled `nullable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SchemaType {
    String,
    Number,
    Integer,
    Boolean,
    Object,
    Array,
}

impl SchemaType {
    pub fn parse(text: &str) -> Option<SchemaType> {
        match text {
            "string" => Some(SchemaType::String),
            "number" => Some(SchemaType::Number),
            "integer" => Some(SchemaType::Integer),
            "boolean" => Some(SchemaType::Boolean),
            "object" => Some(SchemaType::Object),
            "array" => Some(SchemaType::Array),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SchemaType::String => "string",
            SchemaType::Number => "number",
            SchemaType::Integer => "integer",
            SchemaType::Boolean => "boolean",
            SchemaType::Object => "object",
            SchemaType::Array => "array",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AdditionalProperties {
    Bool(bool),
    Schema(Box<Schema>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Discriminator {
    pub property_name: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mapping: BTreeMap<String, String>,
}

/// An OpenAPI 3.0 Schema Object, flat like JSON Schema (any keyword may
/// appear with any type), which is what real vendor schemas look like.
/// A mock serving a large contract holds tens of thousands of nodes, most
/// of them a `type` and little else, so what is rarely set is kept out of
/// line: the `Value` keywords (`default`, `example`, `externalDocs`, `xml`)
/// and the numeric bounds and discriminator behind a `Box`, the keyword
/// lists in a `ThinVec` (one word where a `Vec` takes three). A node took
/// 856 bytes, then 600; now 456 (the test below holds it there).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    #[serde(rename = "$ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub schema_type: Option<SchemaType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    #[serde(rename = "enum", default, skip_serializing_if = "Option::is_none")]
    pub enum_values: Option<ThinVec<Value>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::null_is_a_value"
    )]
    pub default: Option<Box<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiple_of: Option<Box<Number>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Box<Number>>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub exclusive_minimum: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Box<Number>>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub exclusive_maximum: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Schema>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique_items: bool,
    #[serde(
        default,
        skip_serializing_if = "IndexMap::is_empty",
        deserialize_with = "crate::model::exact_map"
    )]
    pub properties: IndexMap<String, Schema>,
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub required: ThinVec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<AdditionalProperties>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_properties: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_properties: Option<u64>,
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub all_of: ThinVec<Schema>,
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub one_of: ThinVec<Schema>,
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub any_of: ThinVec<Schema>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Schema>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<Box<Discriminator>>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub write_only: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::null_is_a_value"
    )]
    pub example: Option<Box<Value>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::null_is_a_value"
    )]
    pub external_docs: Option<Box<Value>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::null_is_a_value"
    )]
    pub xml: Option<Box<Value>>,
    #[serde(flatten)]
    pub extensions: Extensions,
}

impl Schema {
    pub fn of_type(schema_type: SchemaType) -> Self {
        Schema {
            schema_type: Some(schema_type),
            ..Schema::default()
        }
    }

    pub fn reference(target: impl Into<String>) -> Self {
        Schema {
            reference: Some(target.into()),
            ..Schema::default()
        }
    }

    pub fn array_of(items: Schema) -> Self {
        Schema {
            schema_type: Some(SchemaType::Array),
            items: Some(Box::new(items)),
            ..Schema::default()
        }
    }

    /// True when the schema says nothing (accepts any value).
    pub fn is_empty(&self) -> bool {
        self == &Schema::default()
    }

    /// Every direct subschema with the JSON-pointer token(s) that reach it.
    pub fn children(&self) -> Vec<(String, &Schema)> {
        let mut out = Vec::new();
        if let Some(items) = &self.items {
            out.push(("items".to_string(), &**items));
        }
        for (name, s) in &self.properties {
            out.push((format!("properties/{}", escape_pointer(name)), s));
        }
        if let Some(AdditionalProperties::Schema(s)) = &self.additional_properties {
            out.push(("additionalProperties".to_string(), &**s));
        }
        for (key, list) in [
            ("allOf", &self.all_of),
            ("oneOf", &self.one_of),
            ("anyOf", &self.any_of),
        ] {
            for (i, s) in list.iter().enumerate() {
                out.push((format!("{key}/{i}"), s));
            }
        }
        if let Some(not) = &self.not {
            out.push(("not".to_string(), &**not));
        }
        out
    }

    /// Every direct subschema, in [`children`](Self::children) order,
    /// without the pointer tokens (nothing allocated).
    pub fn subschemas(&self) -> impl Iterator<Item = &Schema> {
        let additional = match &self.additional_properties {
            Some(AdditionalProperties::Schema(s)) => Some(&**s),
            _ => None,
        };
        self.items
            .as_deref()
            .into_iter()
            .chain(self.properties.values())
            .chain(additional)
            .chain(&self.all_of)
            .chain(&self.one_of)
            .chain(&self.any_of)
            .chain(self.not.as_deref())
    }

    /// Mutable access to every direct subschema.
    pub fn children_mut(&mut self) -> Vec<&mut Schema> {
        let mut out: Vec<&mut Schema> = Vec::new();
        if let Some(items) = &mut self.items {
            out.push(items);
        }
        out.extend(self.properties.values_mut());
        if let Some(AdditionalProperties::Schema(s)) = &mut self.additional_properties {
            out.push(s);
        }
        out.extend(self.all_of.iter_mut());
        out.extend(self.one_of.iter_mut());
        out.extend(self.any_of.iter_mut());
        if let Some(not) = &mut self.not {
            out.push(not);
        }
        out
    }

    /// Each direct subschema, in [`children`](Self::children) order, with
    /// its token(s) appended to `ptr` while `f` runs. The walks that build
    /// a pointer per subschema use this: [`children`](Self::children)
    /// allocates a token for every child, found or not.
    pub fn for_each_child<'s>(
        &'s self,
        ptr: &mut String,
        f: &mut dyn FnMut(&'s Schema, &mut String),
    ) {
        let base = ptr.len();
        if let Some(items) = &self.items {
            ptr.push_str("/items");
            f(items, ptr);
            ptr.truncate(base);
        }
        for (name, s) in &self.properties {
            ptr.push_str("/properties/");
            push_escaped(ptr, name);
            f(s, ptr);
            ptr.truncate(base);
        }
        if let Some(AdditionalProperties::Schema(s)) = &self.additional_properties {
            ptr.push_str("/additionalProperties");
            f(s, ptr);
            ptr.truncate(base);
        }
        for (key, list) in [
            ("/allOf/", &self.all_of),
            ("/oneOf/", &self.one_of),
            ("/anyOf/", &self.any_of),
        ] {
            for (i, s) in list.iter().enumerate() {
                ptr.push_str(key);
                push_index(ptr, i);
                f(s, ptr);
                ptr.truncate(base);
            }
        }
        if let Some(not) = &self.not {
            ptr.push_str("/not");
            f(not, ptr);
            ptr.truncate(base);
        }
    }

    /// Mutable [`for_each_child`](Self::for_each_child), in the same order.
    pub fn for_each_child_mut(
        &mut self,
        ptr: &mut String,
        f: &mut dyn FnMut(&mut Schema, &mut String),
    ) {
        let base = ptr.len();
        if let Some(items) = &mut self.items {
            ptr.push_str("/items");
            f(items, ptr);
            ptr.truncate(base);
        }
        for (name, s) in self.properties.iter_mut() {
            ptr.push_str("/properties/");
            push_escaped(ptr, name);
            f(s, ptr);
            ptr.truncate(base);
        }
        if let Some(AdditionalProperties::Schema(s)) = &mut self.additional_properties {
            ptr.push_str("/additionalProperties");
            f(s, ptr);
            ptr.truncate(base);
        }
        for (key, list) in [
            ("/allOf/", &mut self.all_of),
            ("/oneOf/", &mut self.one_of),
            ("/anyOf/", &mut self.any_of),
        ] {
            for (i, s) in list.iter_mut().enumerate() {
                ptr.push_str(key);
                push_index(ptr, i);
                f(s, ptr);
                ptr.truncate(base);
            }
        }
        if let Some(not) = &mut self.not {
            ptr.push_str("/not");
            f(not, ptr);
            ptr.truncate(base);
        }
    }

    /// Each direct subschema, in [`children`](Self::children) order.
    fn each_child<'s>(&'s self, mut f: impl FnMut(&'s Schema)) {
        if let Some(items) = &self.items {
            f(items);
        }
        self.properties.values().for_each(&mut f);
        if let Some(AdditionalProperties::Schema(s)) = &self.additional_properties {
            f(s);
        }
        self.all_of.iter().for_each(&mut f);
        self.one_of.iter().for_each(&mut f);
        self.any_of.iter().for_each(&mut f);
        if let Some(not) = &self.not {
            f(not);
        }
    }

    /// The components this schema references, by name, in walk order.
    pub fn references(&self) -> Vec<String> {
        let mut names = Vec::new();
        self.walk(&mut |s| {
            if let Some(name) = s.reference.as_deref().and_then(schema_ref_name) {
                names.push(name);
            }
        });
        names
    }

    /// Visit this schema and every subschema, depth first.
    pub fn walk(&self, f: &mut dyn FnMut(&Schema)) {
        f(self);
        self.each_child(|child| child.walk(f));
    }

    /// Visit this schema and every subschema, depth first.
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(&mut Schema)) {
        f(self);
        for child in self.children_mut() {
            child.walk_mut(f);
        }
    }
}

/// A decimal array index appended to `out`.
fn push_index(out: &mut String, i: usize) {
    use std::fmt::Write;
    let _ = write!(out, "{i}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The size a node is kept at (64-bit targets): each byte more is
    /// about 50 KB more for a mock serving GitHub's spec.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_schema_node_stays_small() {
        assert_eq!(std::mem::size_of::<Schema>(), 456);
    }
}
