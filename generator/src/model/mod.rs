//! The normalized contract: one OpenAPI 3.0.3 document per vendor.
//!
//! Every input shape is turned into these types, and everything downstream
//! (merge, overlays, checks, code generation, the mock) reads only them.
//! The types serialize to exactly the OpenAPI 3.0.3 document we publish;
//! reusable parameters, responses and bodies are inlined at ingest, so only
//! schemas and security schemes live under `components`.
//!
//! Submodules by part of the document: [`Contract`] and its top level,
//! operations and what they hold, [`Components`] (with the reader's view
//! of a schema), security, and the [`Schema`] object; [`path`] reads the
//! path templates that key `paths`. This module keeps the JSON-pointer
//! helpers they share.

mod components;
mod contract;
mod operation;
pub mod path;
mod schema;
mod security;

use std::collections::BTreeMap;

use serde_json::Value;

pub use components::{
    deref_schema, lookup_schema_ref, merge_all_of_parts, AllOfConflict, AllOfMerge, Components,
    SharedDefinitions, MAX_ALL_OF_DEPTH, MAX_REF_HOPS,
};
pub use contract::{Contract, Info, Server, ServerVariable};
pub use operation::{
    Example, Header, MediaType, Method, Operation, ParamLocation, Parameter, PathItem, RequestBody,
    Response,
};
pub use schema::{AdditionalProperties, Discriminator, Schema, SchemaType};
pub use security::{rename_schemes, SecurityRequirement, SecurityScheme, SecuritySchemeKind};

/// The list type of the schema keywords most nodes leave empty.
pub use thin_vec::{thin_vec, ThinVec};

pub const OPENAPI_VERSION: &str = "3.0.3";

/// Read a present value as `Some`, `null` included: an example or default
/// of `null` is a value the contract gives, not an absent one, and serde's
/// plain `Option` would read it as `None` (absent: `#[serde(default)]`).
/// `T` is `Value`, or `Box<Value>` where a struct keeps it out of line.
pub fn null_is_a_value<'de, D: serde::Deserializer<'de>, T: From<Value>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    <Value as serde::Deserialize>::deserialize(deserializer).map(|v| Some(T::from(v)))
}

/// A map read with no spare capacity. JSON says no length up front, so
/// serde's own reader grows an `IndexMap` entry by entry, to the capacity
/// of its hash table: a 30-property object keeps room for 56. A mock
/// serving GitHub's spec holds 42,000 properties for as long as it runs,
/// and that room was megabytes of its heap. The entries are gathered
/// first and the map made at their count (a repeated key keeps its first
/// place and its last value, as serde's reader does).
pub fn exact_map<'de, D, V>(deserializer: D) -> Result<indexmap::IndexMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: serde::Deserialize<'de>,
{
    struct Entries<V>(std::marker::PhantomData<V>);
    impl<'de, V: serde::Deserialize<'de>> serde::de::Visitor<'de> for Entries<V> {
        type Value = indexmap::IndexMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut entries: Vec<(String, V)> = Vec::new();
            while let Some(entry) = map.next_entry()? {
                entries.push(entry);
            }
            let mut exact = indexmap::IndexMap::with_capacity(entries.len());
            exact.extend(entries);
            Ok(exact)
        }
    }
    deserializer.deserialize_map(Entries(std::marker::PhantomData))
}

/// Vendor extensions (`x-...`), kept verbatim.
pub type Extensions = BTreeMap<String, Value>;

fn is_false(b: &bool) -> bool {
    !*b
}

/// What every local schema reference starts with. Only the helpers below
/// read it: everything else asks them (tests/tidy.rs holds to that).
const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

/// The component a local schema reference points into: `Pet` for
/// `#/components/schemas/Pet` and `#/components/schemas/Pet/properties/id`.
/// For closures and [`Schema::references`]; to look a reference up, use
/// [`whole_schema_ref_name`] (a ref into a component is not that component).
pub fn schema_ref_name(reference: &str) -> Option<String> {
    let rest = reference.strip_prefix(SCHEMA_REF_PREFIX)?;
    let name = rest.split('/').next().unwrap_or(rest);
    (!name.is_empty()).then(|| crate::pointer::unescape_pointer(name))
}

/// The component a *whole* local schema reference names, unescaped
/// (RFC 6901): `Pet` for `#/components/schemas/Pet`, `a/b` for
/// `#/components/schemas/a~1b`. None for a reference into a component
/// (`#/components/schemas/Pet/properties/id`: after overlays those are
/// inlined, see `resolve`), an empty name, or a reference elsewhere.
pub fn whole_schema_ref_name(reference: &str) -> Option<String> {
    whole_schema_ref_token(reference).map(crate::pointer::unescape_pointer)
}

/// The still-escaped name token of a whole local schema reference.
fn whole_schema_ref_token(reference: &str) -> Option<&str> {
    let token = reference.strip_prefix(SCHEMA_REF_PREFIX)?;
    (!token.is_empty() && !token.contains('/')).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Read at their count: no spare room, and a repeated key keeps its
    /// first place and its last value (what serde's own reader does).
    #[test]
    fn property_maps_are_read_at_their_exact_size() {
        let many: serde_json::Map<String, Value> = (0..30)
            .map(|i| (format!("p{i}"), json!({"type": "string"})))
            .collect();
        // from text, as the mock reads its cache (a `Value` would say its length)
        let text = serde_json::to_string(&json!({"properties": many})).unwrap();
        let s: Schema = serde_json::from_str(&text).unwrap();
        assert_eq!(s.properties.len(), 30);
        assert_eq!(s.properties.capacity(), 30);
        let s: Schema = serde_json::from_str(
            r#"{"properties": {"a": {"type": "string"}, "b": {}, "a": {"type": "integer"}}}"#,
        )
        .unwrap();
        let keys: Vec<&str> = s.properties.keys().map(String::as_str).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(s.properties["a"].schema_type, Some(SchemaType::Integer));
    }

    #[test]
    fn a_contract_serializes_to_openapi_field_names() {
        let mut contract = Contract::default();
        contract.info.title = "T".into();
        contract.info.version = "1".into();
        let mut op = Operation {
            operation_id: "addMember".into(),
            ..Operation::default()
        };
        let mut schema = Schema::of_type(SchemaType::Object);
        schema
            .properties
            .insert("role".into(), Schema::of_type(SchemaType::String));
        schema.required.push("role".into());
        op.request_body = Some(RequestBody {
            required: true,
            content: [(
                "application/json".to_string(),
                MediaType {
                    schema: Some(schema),
                    ..MediaType::default()
                },
            )]
            .into_iter()
            .collect(),
            ..RequestBody::default()
        });
        op.responses.insert(
            "200".into(),
            Response {
                description: "OK".into(),
                ..Response::default()
            },
        );
        contract
            .paths
            .entry("/m".into())
            .or_default()
            .insert(Method::Post, op);
        let json = contract.to_json();
        assert_eq!(
            json,
            json!({
                "openapi": "3.0.3",
                "info": {"title": "T", "version": "1"},
                "paths": {"/m": {"post": {
                    "operationId": "addMember",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"role": {"type": "string"}}, "required": ["role"]}}}},
                    "responses": {"200": {"description": "OK"}}
                }}}
            })
        );
        let back: Contract = serde_json::from_value(json).unwrap();
        assert_eq!(back, contract);
    }

    #[test]
    fn whole_refs_name_their_component_unescaped() {
        assert_eq!(
            whole_schema_ref_name("#/components/schemas/Pet").as_deref(),
            Some("Pet")
        );
        assert_eq!(
            whole_schema_ref_name("#/components/schemas/a~1b~0c").as_deref(),
            Some("a/b~c")
        );
        assert_eq!(
            whole_schema_ref_name("#/components/schemas/Pet/properties/id"),
            None
        );
        assert_eq!(whole_schema_ref_name("#/components/schemas/"), None);
        assert_eq!(whole_schema_ref_name("Pet"), None);
        assert_eq!(
            schema_ref_name("#/components/schemas/Pet/properties/id").as_deref(),
            Some("Pet")
        );
    }

    #[test]
    fn methods_parse_in_any_case() {
        assert_eq!(Method::parse("POST"), Some(Method::Post));
        assert_eq!(Method::parse("patch"), Some(Method::Patch));
        assert_eq!(Method::parse("FETCH"), None);
    }
}
