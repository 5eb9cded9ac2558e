//! Operations and what they hold: methods, parameters, request bodies,
//! media types, examples, responses and headers.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{is_false, Extensions, Schema, SchemaType, SecurityRequirement, Server};
use crate::http::{is_json_media, media_essence};

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
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::null_is_a_value"
    )]
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
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::null_is_a_value"
    )]
    pub example: Option<Value>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub examples: IndexMap<String, Example>,
    #[serde(flatten)]
    pub extensions: Extensions,
}

impl Parameter {
    /// The parameter a path template variable gets when no page documents
    /// it: required (as every path parameter is) and a plain string.
    pub fn undocumented_path(name: &str) -> Parameter {
        Parameter {
            name: name.to_string(),
            location: ParamLocation::Path,
            description: None,
            required: true,
            deprecated: false,
            style: None,
            explode: None,
            schema: Schema::of_type(SchemaType::String),
            example: None,
            examples: IndexMap::new(),
            extensions: Default::default(),
        }
    }
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

    /// The entry of a content map a JSON tool works from: the first JSON
    /// media type ([`is_json_media`]), else a `*/*` range (a JSON body
    /// satisfies it), else the first entry. The client generator, its
    /// example tests, the MDX writer and the soak requests all use it, so
    /// the type they build and the body they send agree.
    pub fn preferred(content: &IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
        content
            .iter()
            .find(|(media, _)| is_json_media(media))
            .or_else(|| {
                content
                    .iter()
                    .find(|(media, _)| media_essence(media) == "*/*")
            })
            .or_else(|| content.iter().next())
            .map(|(media, m)| (media.as_str(), m))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Example {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::null_is_a_value"
    )]
    pub value: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_value: Option<String>,
    /// `x-` keys (e.g. the vendor's value before a repair,
    /// [`crate::example_repair::ORIGINAL`]).
    #[serde(flatten)]
    pub extensions: Extensions,
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

/// Its fields repeat Parameter's serde attributes: each struct is its own
/// OpenAPI object, spelled out so its published form reads off the type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Header {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    pub schema: Schema,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::null_is_a_value"
    )]
    pub example: Option<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(media: &[&str]) -> IndexMap<String, MediaType> {
        media
            .iter()
            .map(|m| (m.to_string(), MediaType::default()))
            .collect()
    }

    #[test]
    fn preferred_media_is_json_then_a_wildcard_then_the_first() {
        let pick = |media: &[&str]| {
            let c = content(media);
            MediaType::preferred(&c).map(|(m, _)| m.to_string())
        };
        let some = |m: &str| Some(m.to_string());
        assert_eq!(
            pick(&["text/plain", "application/json"]),
            some("application/json")
        );
        // a substring is not JSON, and a real JSON type beats a wildcard
        assert_eq!(
            pick(&["application/x-ndjson", "*/*", "application/problem+json"]),
            some("application/problem+json")
        );
        assert_eq!(pick(&["text/plain", "*/*"]), some("*/*"));
        assert_eq!(pick(&["text/plain", "image/png"]), some("text/plain"));
        assert_eq!(pick(&[]), None);
    }
}
