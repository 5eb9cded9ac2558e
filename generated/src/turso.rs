//! `turso`: Turso API, generated from `generated/openapi/turso.yaml` by `cargo xtask generate`. Do not edit.
#![allow(clippy::all, deprecated, non_camel_case_types, unused)]
/// The contract's schemas and the bodies of its operations.
pub mod types {
    #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
    pub struct AddMemberBody {
        /// The username of an existing Turso user.
        pub username: ::std::string::String,
        /// The role given to the user.
        ///
        /// Default: `"member"`
        ///
        /// Absent on the wire, decoding fills in the contract's default.
        #[serde(default = "AddMemberBody::default_role")]
        pub role: AddMemberBodyRole,
        /// Properties the contract does not list, kept so values round-trip.
        #[serde(flatten)]
        pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
    }
    impl AddMemberBody {
        /// A value with its required fields (`username`); the others unset (a field with a contract default holds it).
        #[allow(deprecated)]
        pub fn new(username: ::std::string::String) -> Self {
            AddMemberBody {
                username,
                role: Self::default_role(),
                extra: ::std::collections::BTreeMap::new(),
            }
        }
    }
    #[allow(deprecated)]
    impl AddMemberBody {
        fn default_role() -> AddMemberBodyRole {
            AddMemberBodyRole::Member
        }
    }
    impl ::contract_runtime::Validate for AddMemberBody {
        #[allow(unused_variables, deprecated)]
        fn validate_into(&self, v: &mut ::contract_runtime::Validator) {
            v.at(
                "role",
                |v| {
                    let value = &self.role;
                    v.nested(value);
                },
            );
            v.listed_not_extra(self.extra.keys(), &["username", "role"]);
        }
    }
    /// The role given to the user.
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
    impl ::std::convert::From<::std::string::String> for AddMemberBodyRole {
        /// The listed value `text` names, or `Unknown`.
        fn from(text: ::std::string::String) -> Self {
            match text.as_str() {
                "admin" => Self::Admin,
                "member" => Self::Member,
                "viewer" => Self::Viewer,
                _ => Self::Unknown(text),
            }
        }
    }
    impl ::std::str::FromStr for AddMemberBodyRole {
        type Err = ::std::convert::Infallible;
        fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
            ::std::result::Result::Ok(Self::from(text.to_string()))
        }
    }
    impl ::std::fmt::Display for AddMemberBodyRole {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl<'de> ::serde::Deserialize<'de> for AddMemberBodyRole {
        fn deserialize<D: ::serde::Deserializer<'de>>(
            deserializer: D,
        ) -> ::std::result::Result<Self, D::Error> {
            let text = <::std::string::String as ::serde::Deserialize>::deserialize(
                deserializer,
            )?;
            ::std::result::Result::Ok(Self::from(text))
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
    #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
    pub struct AddMemberOk {
        /// The username of an existing Turso user.
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub member: ::std::option::Option<::std::string::String>,
        /// The role given to the user.
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub role: ::std::option::Option<AddMemberBodyRole>,
        /// Properties the contract does not list, kept so values round-trip.
        #[serde(flatten)]
        pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
    }
    impl AddMemberOk {
        /// A value with every field unset (a field with a contract default holds it).
        #[allow(deprecated)]
        pub fn new() -> Self {
            AddMemberOk {
                member: ::std::option::Option::None,
                role: ::std::option::Option::None,
                extra: ::std::collections::BTreeMap::new(),
            }
        }
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
            v.listed_not_extra(self.extra.keys(), &["member", "role"]);
        }
    }
    #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
    pub struct AddMemberNotFound {
        /// The error message
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<::std::string::String>,
        /// Properties the contract does not list, kept so values round-trip.
        #[serde(flatten)]
        pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
    }
    impl AddMemberNotFound {
        /// A value with every field unset (a field with a contract default holds it).
        #[allow(deprecated)]
        pub fn new() -> Self {
            AddMemberNotFound {
                error: ::std::option::Option::None,
                extra: ::std::collections::BTreeMap::new(),
            }
        }
    }
    impl ::contract_runtime::Validate for AddMemberNotFound {
        #[allow(unused_variables, deprecated)]
        fn validate_into(&self, v: &mut ::contract_runtime::Validator) {
            v.listed_not_extra(self.extra.keys(), &["error"]);
        }
    }
    pub type AddMemberConflict = AddMemberNotFound;
}
/// What [`Client::add_member`] can answer: one variant per documented status.
#[derive(Debug, Clone, PartialEq)]
pub enum AddMemberResponse {
    /// 200 — Successful response
    Ok(types::AddMemberOk),
    /// 404 — Member not found
    NotFound(types::AddMemberNotFound),
    /// 409 — Conflict
    Conflict(types::AddMemberConflict),
    /// A status the contract does not document, with its raw body.
    Undocumented(::contract_runtime::RawResponse),
}
impl ::contract_runtime::Outcome for AddMemberResponse {
    type Success = types::AddMemberOk;
    fn into_success(self) -> ::std::result::Result<types::AddMemberOk, Self> {
        match self {
            Self::Ok(body) => ::std::result::Result::Ok(body),
            other => ::std::result::Result::Err(other),
        }
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
#[derive(Debug, Clone)]
pub struct Client {
    core: ::contract_runtime::ClientCore,
}
impl Client {
    /// A client for the API at `base_url` (e.g. a mock server).
    pub fn new(base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
        Client {
            core: ::contract_runtime::ClientCore::new(base_url),
        }
    }
    /// Use this `reqwest::Client` (proxies, timeouts, TLS settings).
    pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
        self.core.set_http_client(http);
        self
    }
    /// How long one attempt may take, from sending to the end of
    /// the body; past it the call fails with a transport error.
    pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
        self.core.set_timeout(::std::option::Option::Some(timeout));
        self
    }
    /// Retry idempotent calls (GET, HEAD, PUT, DELETE, OPTIONS)
    /// answered 429 or 503, or whose connection failed: after
    /// `Retry-After` when given (up to a cap), else an exponential
    /// backoff. Off by default; POST and PATCH are never retried.
    pub fn with_retries(mut self, retries: ::contract_runtime::Retries) -> Self {
        self.core.set_retries(retries);
        self
    }
    /// Check requests against the contract before sending (on by
    /// default): bodies and parameters, required headers and
    /// credentials. Off, a request is sent as built.
    pub fn validate_requests(mut self, on: bool) -> Self {
        self.core.set_validate_requests(on);
        self
    }
    /// Validate documented response bodies (off by default).
    pub fn validate_responses(mut self, on: bool) -> Self {
        self.core.set_validate_responses(on);
        self
    }
    pub fn base_url(&self) -> &str {
        self.core.base_url()
    }
    /// Add Member
    ///
    /// Add an existing Turso user to an organization.
    ///
    /// `POST /v1/organizations/{organizationSlug}/members`
    pub async fn add_member(
        &self,
        organization_slug: &str,
        body: &types::AddMemberBody,
    ) -> ::std::result::Result<
        ::contract_runtime::Response<AddMemberResponse>,
        ::contract_runtime::ClientError,
    > {
        let mut request = self
            .core
            .request(
                ::reqwest::Method::POST,
                &::std::format!(
                    "/v1/organizations/{}/members",
                    ::contract_runtime::path_segment("organizationSlug",
                    organization_slug) ?
                ),
            );
        request.json(body, "application/json")?;
        let response = request.send().await?;
        let value = match response.status() {
            200u16 => AddMemberResponse::Ok(response.json("application/json")?),
            404u16 => AddMemberResponse::NotFound(response.json("application/json")?),
            409u16 => AddMemberResponse::Conflict(response.json("application/json")?),
            _ => AddMemberResponse::Undocumented(response.raw()),
        };
        ::std::result::Result::Ok(response.finish(value))
    }
}
/// One test per documented example in the contract.
#[cfg(test)]
mod documented_examples {
    use super::*;
    #[test]
    fn add_member_200_example() {
        ::contract_runtime::testing::check_example::<
            types::AddMemberOk,
        >(
            "{\"member\":\"iku\"}",
            ::contract_runtime::Direction::Response,
            true,
            false,
            true,
        );
    }
    #[test]
    fn add_member_404_example() {
        ::contract_runtime::testing::check_example::<
            types::AddMemberNotFound,
        >(
            "{\"error\":\"could not find user [username]\"}",
            ::contract_runtime::Direction::Response,
            true,
            false,
            true,
        );
    }
    #[test]
    fn add_member_409_example() {
        ::contract_runtime::testing::check_example::<
            types::AddMemberConflict,
        >(
            "{\"error\":\"user [username] is already a member of organization [organizationSlug]\"}",
            ::contract_runtime::Direction::Response,
            true,
            false,
            true,
        );
    }
}
