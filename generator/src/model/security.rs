//! Security requirements and schemes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ParamLocation;

/// Scheme name -> scopes. A list of these means "any one of".
pub type SecurityRequirement = BTreeMap<String, Vec<String>>;

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
