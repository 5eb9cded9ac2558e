//! Security requirements and schemes, and the one rule for when two
//! schemes are the same credential on the wire (readers, merge and diff
//! all ask it, so a scheme is deduplicated exactly when the diff would
//! call it unchanged).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Components, ParamLocation};

/// Scheme name -> scopes. A list of these means "any one of".
pub type SecurityRequirement = BTreeMap<String, Vec<String>>;

/// Point requirements at schemes that [`Components::add_security_scheme`]
/// put under another name (`renames`: old name -> new name).
pub fn rename_schemes(
    alternatives: &mut [SecurityRequirement],
    renames: &BTreeMap<String, String>,
) {
    if renames.is_empty() {
        return;
    }
    for alt in alternatives {
        *alt = std::mem::take(alt)
            .into_iter()
            .map(|(name, scopes)| (renames.get(&name).cloned().unwrap_or(name), scopes))
            .collect();
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
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::null_is_a_value"
    )]
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

    /// What decides how a credential is sent (not its description or
    /// `bearerFormat`), as a diff shows it: type, `scheme` (lower-cased:
    /// HTTP auth schemes are case-insensitive), name, `in`, flows and the
    /// OpenID Connect URL.
    pub fn wire(&self) -> Value {
        serde_json::json!({
            "type": self.kind,
            "scheme": self.scheme.as_deref().map(str::to_ascii_lowercase),
            "name": self.name,
            "in": self.location,
            "flows": self.flows,
            "openIdConnectUrl": self.open_id_connect_url,
        })
    }

    /// The two send a credential the same way: their [`wire`](Self::wire)
    /// is equal, except that an apiKey header's name is compared without
    /// letter case (`X-API-Key` and `x-api-key` are one header; query and
    /// cookie names are case-sensitive).
    pub fn same_wire(&self, other: &SecurityScheme) -> bool {
        let header = self.location == Some(ParamLocation::Header);
        let same_name = match (&self.name, &other.name) {
            (Some(a), Some(b)) if header => a.eq_ignore_ascii_case(b),
            (a, b) => a == b,
        };
        same_name
            && self.kind == other.kind
            && self.location == other.location
            && self.scheme.as_deref().map(str::to_ascii_lowercase)
                == other.scheme.as_deref().map(str::to_ascii_lowercase)
            && self.flows == other.flows
            && self.open_id_connect_url == other.open_id_connect_url
    }
}

impl Components {
    /// Insert `scheme` under `base`, or under `base2`, `base3`... when
    /// `base` holds another scheme; a name already holding one with the
    /// same wire is reused and keeps its scheme (the first description
    /// wins). The name used.
    pub fn add_security_scheme(&mut self, base: &str, scheme: SecurityScheme) -> String {
        let name = crate::naming::unique_name(base, |name| {
            self.security_schemes
                .get(name)
                .is_none_or(|existing| existing.same_wire(&scheme))
        });
        self.security_schemes.entry(name.clone()).or_insert(scheme);
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(location: ParamLocation, name: &str) -> SecurityScheme {
        SecurityScheme::api_key(location, name, None)
    }

    #[test]
    fn the_wire_ignores_descriptions_and_auth_scheme_case() {
        let mut a = SecurityScheme::bearer(Some("A token.".into()));
        let mut b = SecurityScheme::bearer(None);
        b.bearer_format = Some("JWT".into());
        b.scheme = Some("Bearer".into());
        assert!(a.same_wire(&b));
        assert_eq!(a.wire(), b.wire());
        a.scheme = Some("basic".into());
        assert!(!a.same_wire(&b));
        assert_ne!(a.wire(), b.wire());
    }

    #[test]
    fn header_names_ignore_case_query_and_cookie_names_do_not() {
        let header = |n| key(ParamLocation::Header, n);
        assert!(header("X-API-Key").same_wire(&header("x-api-key")));
        assert!(!header("X-API-Key").same_wire(&header("X-Api-Token")));
        for location in [ParamLocation::Query, ParamLocation::Cookie] {
            assert!(!key(location, "Key").same_wire(&key(location, "key")));
            assert!(key(location, "key").same_wire(&key(location, "key")));
        }
        assert!(!header("key").same_wire(&key(ParamLocation::Query, "key")));
    }

    #[test]
    fn added_schemes_get_unique_names_and_reuse_the_same_wire() {
        let mut c = Components::default();
        let first = key(ParamLocation::Header, "X-Key");
        assert_eq!(c.add_security_scheme("apiKey", first.clone()), "apiKey");
        let mut again = key(ParamLocation::Header, "x-key");
        again.description = Some("later".into());
        assert_eq!(c.add_security_scheme("apiKey", again), "apiKey");
        assert_eq!(c.security_schemes["apiKey"], first, "the first one stays");
        let other = key(ParamLocation::Query, "key");
        assert_eq!(c.add_security_scheme("apiKey", other.clone()), "apiKey2");
        assert_eq!(c.add_security_scheme("apiKey", other), "apiKey2");
        let third = SecurityScheme::bearer(None);
        assert_eq!(c.add_security_scheme("apiKey", third), "apiKey3");
        assert_eq!(c.security_schemes.len(), 3);
    }
}
