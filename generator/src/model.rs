//! The normalized contract: one OpenAPI 3.0.3 document per vendor.
//!
//! Every input shape is turned into these types, and everything downstream
//! (merge, overlays, checks, code generation, the mock) reads only them.
//! The types serialize to exactly the OpenAPI 3.0.3 document we publish;
//! reusable parameters, responses and bodies are inlined at ingest, so only
//! schemas and security schemes live under `components`.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};

pub const OPENAPI_VERSION: &str = "3.0.3";

/// Vendor extensions (`x-...`), kept verbatim.
pub type Extensions = BTreeMap<String, Value>;

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    pub openapi: String,
    pub info: Info,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<Server>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security: Vec<SecurityRequirement>,
    #[serde(default)]
    pub paths: BTreeMap<String, PathItem>,
    #[serde(default, skip_serializing_if = "Components::is_empty")]
    pub components: Components,
}

impl Default for Contract {
    fn default() -> Self {
        Contract {
            openapi: OPENAPI_VERSION.into(),
            info: Info::default(),
            servers: Vec::new(),
            security: Vec::new(),
            paths: BTreeMap::new(),
            components: Components::default(),
        }
    }
}

impl Contract {
    /// Every operation with its path and method, in path then method order.
    pub fn operations(&self) -> impl Iterator<Item = (&str, Method, &Operation)> {
        self.paths
            .iter()
            .flat_map(|(path, item)| item.iter().map(move |(m, op)| (path.as_str(), *m, op)))
    }

    pub fn operations_mut(&mut self) -> impl Iterator<Item = (&str, Method, &mut Operation)> {
        self.paths
            .iter_mut()
            .flat_map(|(path, item)| item.iter_mut().map(move |(m, op)| (path.as_str(), *m, op)))
    }

    /// Every top-level schema with its pointer: components, parameters,
    /// headers, request and response bodies.
    pub fn schema_roots(&self) -> Vec<(String, &Schema)> {
        let mut out: Vec<(String, &Schema)> = Vec::new();
        for (name, s) in &self.components.schemas {
            out.push((format!("/components/schemas/{}", escape_pointer(name)), s));
        }
        for (path, method, op) in self.operations() {
            let op_ptr = format!("/paths/{}/{}", escape_pointer(path), method.as_str());
            for (i, p) in op.parameters.iter().enumerate() {
                out.push((format!("{op_ptr}/parameters/{i}/schema"), &p.schema));
            }
            if let Some(body) = &op.request_body {
                for (media, m) in &body.content {
                    if let Some(s) = &m.schema {
                        out.push((
                            format!(
                                "{op_ptr}/requestBody/content/{}/schema",
                                escape_pointer(media)
                            ),
                            s,
                        ));
                    }
                }
            }
            for (status, r) in &op.responses {
                for (name, h) in &r.headers {
                    out.push((
                        format!(
                            "{op_ptr}/responses/{status}/headers/{}/schema",
                            escape_pointer(name)
                        ),
                        &h.schema,
                    ));
                }
                for (media, m) in &r.content {
                    if let Some(s) = &m.schema {
                        out.push((
                            format!(
                                "{op_ptr}/responses/{status}/content/{}/schema",
                                escape_pointer(media)
                            ),
                            s,
                        ));
                    }
                }
            }
        }
        out
    }

    /// The component schemas the operation at `path`/`method` needs,
    /// followed through references between components, by name.
    pub fn schemas_used_by(&self, path: &str, method: Method) -> BTreeSet<String> {
        let op_ptr = format!("/paths/{}/{}/", escape_pointer(path), method.as_str());
        let mut roots = Vec::new();
        for (ptr, root) in self.schema_roots() {
            if ptr.starts_with(&op_ptr) {
                roots.extend(root.references());
            }
        }
        self.components.schema_closure(roots)
    }

    /// Mutable [`schema_roots`](Self::schema_roots), in the same order.
    pub fn schema_roots_mut(&mut self) -> Vec<(String, &mut Schema)> {
        let mut out: Vec<(String, &mut Schema)> = Vec::new();
        for (name, s) in self.components.schemas.iter_mut() {
            out.push((format!("/components/schemas/{}", escape_pointer(name)), s));
        }
        for (path, item) in self.paths.iter_mut() {
            for (method, op) in item.iter_mut() {
                let op_ptr = format!("/paths/{}/{}", escape_pointer(path), method.as_str());
                for (i, p) in op.parameters.iter_mut().enumerate() {
                    out.push((format!("{op_ptr}/parameters/{i}/schema"), &mut p.schema));
                }
                if let Some(body) = &mut op.request_body {
                    for (media, m) in body.content.iter_mut() {
                        if let Some(s) = &mut m.schema {
                            out.push((
                                format!(
                                    "{op_ptr}/requestBody/content/{}/schema",
                                    escape_pointer(media)
                                ),
                                s,
                            ));
                        }
                    }
                }
                for (status, r) in op.responses.iter_mut() {
                    for (name, h) in r.headers.iter_mut() {
                        out.push((
                            format!(
                                "{op_ptr}/responses/{status}/headers/{}/schema",
                                escape_pointer(name)
                            ),
                            &mut h.schema,
                        ));
                    }
                    for (media, m) in r.content.iter_mut() {
                        if let Some(s) = &mut m.schema {
                            out.push((
                                format!(
                                    "{op_ptr}/responses/{status}/content/{}/schema",
                                    escape_pointer(media)
                                ),
                                s,
                            ));
                        }
                    }
                }
            }
        }
        out
    }

    /// The contract as a JSON value (the exact OpenAPI document).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Info {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Server {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub variables: IndexMap<String, ServerVariable>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerVariable {
    pub default: String,
    #[serde(rename = "enum", default, skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Scheme name -> scopes. A list of these means "any one of".
pub type SecurityRequirement = BTreeMap<String, Vec<String>>;

/// HTTP methods, ordered as OpenAPI lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// Case-insensitive parse of an HTTP method name.
    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(text))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    pub fn upper(self) -> String {
        self.as_str().to_ascii_uppercase()
    }
}

/// The operations of one path.
pub type PathItem = BTreeMap<Method, Operation>;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    pub operation_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<Server>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<SecurityRequirement>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<RequestBody>,
    pub responses: BTreeMap<String, Response>,
    #[serde(flatten)]
    pub extensions: Extensions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    pub fn parse(text: &str) -> Option<ParamLocation> {
        match text {
            "path" => Some(ParamLocation::Path),
            "query" => Some(ParamLocation::Query),
            "header" => Some(ParamLocation::Header),
            "cookie" => Some(ParamLocation::Cookie),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameter {
    pub name: String,
    #[serde(rename = "in")]
    pub location: ParamLocation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explode: Option<bool>,
    pub schema: Schema,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub examples: IndexMap<String, Example>,
    #[serde(flatten)]
    pub extensions: Extensions,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    pub content: IndexMap<String, MediaType>,
    #[serde(flatten)]
    pub extensions: Extensions,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MediaType {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Schema>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub examples: IndexMap<String, Example>,
    #[serde(flatten)]
    pub extensions: Extensions,
}

impl MediaType {
    /// Documented examples as (name, value): the named ones, else the lone
    /// `example` under the name "example".
    pub fn example_values(&self) -> Vec<(&str, &Value)> {
        if !self.examples.is_empty() {
            return self
                .examples
                .iter()
                .filter_map(|(name, ex)| ex.value.as_ref().map(|v| (name.as_str(), v)))
                .collect();
        }
        self.example.iter().map(|v| ("example", v)).collect()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Example {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_value: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub description: String,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, Header>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub content: IndexMap<String, MediaType>,
    #[serde(flatten)]
    pub extensions: Extensions,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Header {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    pub schema: Schema,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityScheme {
    #[serde(rename = "type")]
    pub kind: SecuritySchemeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Header, query or cookie name (apiKey).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub location: Option<ParamLocation>,
    /// `bearer`, `basic`, ... (http).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bearer_format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flows: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_id_connect_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecuritySchemeKind {
    #[serde(rename = "apiKey")]
    ApiKey,
    #[serde(rename = "http")]
    Http,
    #[serde(rename = "oauth2")]
    OAuth2,
    #[serde(rename = "openIdConnect")]
    OpenIdConnect,
}

impl SecurityScheme {
    pub fn bearer(description: Option<String>) -> Self {
        SecurityScheme {
            kind: SecuritySchemeKind::Http,
            description,
            name: None,
            location: None,
            scheme: Some("bearer".into()),
            bearer_format: None,
            flows: None,
            open_id_connect_url: None,
        }
    }

    pub fn api_key(location: ParamLocation, name: &str, description: Option<String>) -> Self {
        SecurityScheme {
            kind: SecuritySchemeKind::ApiKey,
            description,
            name: Some(name.into()),
            location: Some(location),
            scheme: None,
            bearer_format: None,
            flows: None,
            open_id_connect_url: None,
        }
    }
}

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
    pub enum_values: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiple_of: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Number>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub exclusive_minimum: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Number>,
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
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub properties: IndexMap<String, Schema>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<AdditionalProperties>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_properties: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_properties: Option<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all_of: Vec<Schema>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<Schema>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<Schema>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Schema>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<Discriminator>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub write_only: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_docs: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml: Option<Value>,
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
        for (_, child) in self.children() {
            child.walk(f);
        }
    }

    /// Visit this schema and every subschema, depth first.
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(&mut Schema)) {
        f(self);
        for child in self.children_mut() {
            child.walk_mut(f);
        }
    }
}

/// The component a local schema reference points into: `Pet` for
/// `#/components/schemas/Pet` and `#/components/schemas/Pet/properties/id`.
pub fn schema_ref_name(reference: &str) -> Option<String> {
    let rest = reference.strip_prefix("#/components/schemas/")?;
    let name = rest.split('/').next().unwrap_or(rest);
    (!name.is_empty()).then(|| unescape_pointer(name))
}

/// Escape one JSON-pointer token (RFC 6901).
pub fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undo [`escape_pointer`].
pub fn unescape_pointer(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
    fn methods_parse_in_any_case() {
        assert_eq!(Method::parse("POST"), Some(Method::Post));
        assert_eq!(Method::parse("patch"), Some(Method::Patch));
        assert_eq!(Method::parse("FETCH"), None);
    }
}
