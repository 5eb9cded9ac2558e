//! `turso`: Turso API, generated from `generated/openapi/turso.yaml` by `cargo xtask generate`. Do not edit.
#![allow(clippy::all, deprecated, non_camel_case_types, unused)]
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct AddMemberBody {
    /// The username of an existing Turso user.
    #[serde(rename = "username")]
    pub username: ::std::string::String,
    /// The role given to the user.
    ///
    /// Default: `"member"`
    #[serde(
        rename = "role",
        default,
        skip_serializing_if = "::std::option::Option::is_none"
    )]
    pub role: ::std::option::Option<AddMemberBodyRole>,
    /// Properties the contract does not list, kept so values round-trip.
    #[serde(flatten)]
    pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
}
impl ::contract_runtime::Validate for AddMemberBody {
    #[allow(unused_variables, deprecated)]
    fn validate_into(&self, v: &mut ::contract_runtime::Validator) {
        v.at(
            "role",
            |v| {
                if let ::std::option::Option::Some(value) = &self.role {
                    v.nested(value);
                }
            },
        );
    }
}
/// The role given to the user.
///
/// Default: `"member"`
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AddMemberBodyRole {
    /// `admin`
    Admin,
    /// `member`
    Member,
    /// `viewer`
    Viewer,
    /// A value the contract does not list (kept, so new values do not break decoding).
    Unknown(::std::string::String),
}
impl AddMemberBodyRole {
    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Admin => "admin",
            Self::Member => "member",
            Self::Viewer => "viewer",
            Self::Unknown(other) => other.as_str(),
        }
    }
}
impl ::serde::Serialize for AddMemberBodyRole {
    fn serialize<S: ::serde::Serializer>(
        &self,
        serializer: S,
    ) -> ::std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
impl<'de> ::serde::Deserialize<'de> for AddMemberBodyRole {
    fn deserialize<D: ::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::std::result::Result<Self, D::Error> {
        let text = <::std::string::String as ::serde::Deserialize>::deserialize(
            deserializer,
        )?;
        ::std::result::Result::Ok(
            match text.as_str() {
                "admin" => Self::Admin,
                "member" => Self::Member,
                "viewer" => Self::Viewer,
                _ => Self::Unknown(text),
            },
        )
    }
}
impl ::contract_runtime::Validate for AddMemberBodyRole {
    #[allow(unused_variables, deprecated)]
    fn validate_into(&self, v: &mut ::contract_runtime::Validator) {
        if let Self::Unknown(other) = self {
            v.push(
                "enum",
                ::std::format!(
                    "{:?} is not one of {}", other, "\"admin\", \"member\", \"viewer\""
                ),
            );
        }
    }
}
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct AddMemberOk {
    /// The username of an existing Turso user.
    #[serde(
        rename = "member",
        default,
        skip_serializing_if = "::std::option::Option::is_none"
    )]
    pub member: ::std::option::Option<::std::string::String>,
    /// The role given to the user.
    #[serde(
        rename = "role",
        default,
        skip_serializing_if = "::std::option::Option::is_none"
    )]
    pub role: ::std::option::Option<AddMemberOkRole>,
    /// Properties the contract does not list, kept so values round-trip.
    #[serde(flatten)]
    pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
}
impl ::contract_runtime::Validate for AddMemberOk {
    #[allow(unused_variables, deprecated)]
    fn validate_into(&self, v: &mut ::contract_runtime::Validator) {
        v.at(
            "role",
            |v| {
                if let ::std::option::Option::Some(value) = &self.role {
                    v.nested(value);
                }
            },
        );
    }
}
/// The role given to the user.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AddMemberOkRole {
    /// `admin`
    Admin,
    /// `member`
    Member,
    /// `viewer`
    Viewer,
    /// A value the contract does not list (kept, so new values do not break decoding).
    Unknown(::std::string::String),
}
impl AddMemberOkRole {
    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Admin => "admin",
            Self::Member => "member",
            Self::Viewer => "viewer",
            Self::Unknown(other) => other.as_str(),
        }
    }
}
impl ::serde::Serialize for AddMemberOkRole {
    fn serialize<S: ::serde::Serializer>(
        &self,
        serializer: S,
    ) -> ::std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
impl<'de> ::serde::Deserialize<'de> for AddMemberOkRole {
    fn deserialize<D: ::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::std::result::Result<Self, D::Error> {
        let text = <::std::string::String as ::serde::Deserialize>::deserialize(
            deserializer,
        )?;
        ::std::result::Result::Ok(
            match text.as_str() {
                "admin" => Self::Admin,
                "member" => Self::Member,
                "viewer" => Self::Viewer,
                _ => Self::Unknown(text),
            },
        )
    }
}
impl ::contract_runtime::Validate for AddMemberOkRole {
    #[allow(unused_variables, deprecated)]
    fn validate_into(&self, v: &mut ::contract_runtime::Validator) {
        if let Self::Unknown(other) = self {
            v.push(
                "enum",
                ::std::format!(
                    "{:?} is not one of {}", other, "\"admin\", \"member\", \"viewer\""
                ),
            );
        }
    }
}
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct AddMemberNotFound {
    /// The error message
    #[serde(
        rename = "error",
        default,
        skip_serializing_if = "::std::option::Option::is_none"
    )]
    pub error: ::std::option::Option<::std::string::String>,
    /// Properties the contract does not list, kept so values round-trip.
    #[serde(flatten)]
    pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
}
impl ::contract_runtime::Validate for AddMemberNotFound {
    #[allow(unused_variables, deprecated)]
    fn validate_into(&self, v: &mut ::contract_runtime::Validator) {}
}
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct AddMemberConflict {
    /// The error message
    #[serde(
        rename = "error",
        default,
        skip_serializing_if = "::std::option::Option::is_none"
    )]
    pub error: ::std::option::Option<::std::string::String>,
    /// Properties the contract does not list, kept so values round-trip.
    #[serde(flatten)]
    pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
}
impl ::contract_runtime::Validate for AddMemberConflict {
    #[allow(unused_variables, deprecated)]
    fn validate_into(&self, v: &mut ::contract_runtime::Validator) {}
}
/// What [`Client::add_member`] can answer: one variant per documented status.
#[derive(Debug, Clone, PartialEq)]
pub enum AddMemberResponse {
    /// 200 — Successful response
    Ok(AddMemberOk),
    /// 404 — Member not found
    NotFound(AddMemberNotFound),
    /// 409 — Conflict
    Conflict(AddMemberConflict),
    /// A status the contract does not document, with its raw body.
    Undocumented(::contract_runtime::RawResponse),
}
/// Credentials, one per security scheme of the contract. `Debug`
/// shows which are set, never their values.
#[derive(Clone, Default, PartialEq)]
pub struct Credentials {}
impl ::std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Credentials").finish()
    }
}
/// The server the contract documents.
pub const DEFAULT_BASE_URL: &str = "https://api.turso.tech";
impl ::std::default::Default for Client {
    fn default() -> Self {
        Self::new(DEFAULT_BASE_URL)
    }
}
/// The vendor's API. Requests are validated against the contract before
/// they are sent (switch off with [`Client::validate_requests`]).
/// `Debug` shows which credentials and headers are set, never their values.
#[derive(Clone)]
pub struct Client {
    base_url: ::std::string::String,
    http: ::reqwest::Client,
    credentials: Credentials,
    validate_requests: bool,
    validate_responses: bool,
}
impl ::std::fmt::Debug for Client {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("validate_requests", &self.validate_requests)
            .field("validate_responses", &self.validate_responses)
            .finish_non_exhaustive()
    }
}
impl Client {
    /// A client for the API at `base_url` (e.g. a mock server).
    pub fn new(base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
        Client {
            base_url: base_url.into(),
            http: ::reqwest::Client::new(),
            credentials: Credentials::default(),
            validate_requests: true,
            validate_responses: false,
        }
    }
    /// Use this `reqwest::Client` (proxies, timeouts, TLS settings).
    pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
        self.http = http;
        self
    }
    /// Validate request bodies before sending (on by default).
    pub fn validate_requests(mut self, on: bool) -> Self {
        self.validate_requests = on;
        self
    }
    /// Validate documented response bodies (off by default).
    pub fn validate_responses(mut self, on: bool) -> Self {
        self.validate_responses = on;
        self
    }
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
    /// Apply the first alternative whose credentials are all set.
    fn authorize(
        &self,
        mut request: ::reqwest::RequestBuilder,
        alternatives: &[&[usize]],
    ) -> ::reqwest::RequestBuilder {
        let has = |scheme: usize| -> bool {
            match scheme {
                _ => false,
            }
        };
        if let ::std::option::Option::Some(chosen) = alternatives
            .iter()
            .find(|alt| !alt.is_empty() && alt.iter().all(|s| has(*s)))
        {
            for scheme in chosen.iter() {
                request = match *scheme {
                    _ => request,
                };
            }
        }
        request
    }
    /// Add Member
    ///
    /// Add an existing Turso user to an organization.
    ///
    /// `POST /v1/organizations/{organizationSlug}/members`
    pub async fn add_member(
        &self,
        organization_slug: &str,
        body: &AddMemberBody,
    ) -> ::std::result::Result<AddMemberResponse, ::contract_runtime::ClientError> {
        ::contract_runtime::check_request(body, self.validate_requests)?;
        let url = ::std::format!(
            "{}/v1/organizations/{}/members", self.base_url.trim_end_matches('/'),
            ::contract_runtime::encode_segment(& organization_slug.to_string())
        );
        let mut request = self.http.request(::reqwest::Method::POST, url);
        request = self.authorize(request, &[]);
        request = request.json(body);
        let response = request.send().await?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await?;
        ::std::result::Result::Ok(
            match status {
                200u16 => {
                    AddMemberResponse::Ok(
                        ::contract_runtime::decode_response::<
                            AddMemberOk,
                        >(status, &bytes, self.validate_responses)?,
                    )
                }
                404u16 => {
                    AddMemberResponse::NotFound(
                        ::contract_runtime::decode_response::<
                            AddMemberNotFound,
                        >(status, &bytes, self.validate_responses)?,
                    )
                }
                409u16 => {
                    AddMemberResponse::Conflict(
                        ::contract_runtime::decode_response::<
                            AddMemberConflict,
                        >(status, &bytes, self.validate_responses)?,
                    )
                }
                _ => {
                    AddMemberResponse::Undocumented(::contract_runtime::RawResponse {
                        status,
                        body: bytes.to_vec(),
                    })
                }
            },
        )
    }
}
/// One test per documented example in the contract.
#[cfg(test)]
mod documented_examples {
    use super::*;
    #[test]
    fn add_member_200_example() {
        ::contract_runtime::testing::check_example::<
            AddMemberOk,
        >("{\"member\":\"iku\"}", ::contract_runtime::Direction::Response, true, false);
    }
    #[test]
    fn add_member_404_example() {
        ::contract_runtime::testing::check_example::<
            AddMemberNotFound,
        >(
            "{\"error\":\"could not find user [username]\"}",
            ::contract_runtime::Direction::Response,
            true,
            false,
        );
    }
    #[test]
    fn add_member_409_example() {
        ::contract_runtime::testing::check_example::<
            AddMemberConflict,
        >(
            "{\"error\":\"user [username] is already a member of organization [organizationSlug]\"}",
            ::contract_runtime::Direction::Response,
            true,
            false,
        );
    }
}
