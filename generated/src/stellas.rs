//! `stellas`: Stellas API, generated from `generated/openapi/stellas.yaml` by `cargo xtask generate`. Do not edit.
#![allow(clippy::all, deprecated, non_camel_case_types, unused)]
/// The contract's schemas and the bodies of its operations.
pub mod types {
    #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
    pub struct InviteMemberBody {
        /// The email address of the person you want to invite. An invitation will be sent to this address with a registration link.
        pub email: ::std::string::String,
        /// The ID of the role to assign to the new member. Retrieve available role IDs from `GET /clients/members/roles`.
        #[serde(rename = "memberRoleId")]
        pub member_role_id: ::std::string::String,
        /// Properties the contract does not list, kept so values round-trip.
        #[serde(flatten)]
        pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
    }
    impl InviteMemberBody {
        /// A value with its required fields (`email`, `member_role_id`); the others unset (a field with a contract default holds it).
        #[allow(deprecated)]
        pub fn new(
            email: ::std::string::String,
            member_role_id: ::std::string::String,
        ) -> Self {
            InviteMemberBody {
                email,
                member_role_id,
                extra: ::std::collections::BTreeMap::new(),
            }
        }
    }
    impl ::contract_runtime::Validate for InviteMemberBody {
        #[allow(unused_variables, deprecated)]
        fn validate_into(&self, v: &mut ::contract_runtime::Validator) {
            v.listed_not_extra(self.extra.keys(), &["email", "memberRoleId"]);
        }
    }
    #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
    pub struct InviteMemberCreated {
        /// `true` on success.
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub status: ::std::option::Option<bool>,
        /// Confirmation message, e.g. `"Invitation sent successfully"`.
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub message: ::std::option::Option<::std::string::String>,
        /// Properties the contract does not list, kept so values round-trip.
        #[serde(flatten)]
        pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
    }
    impl InviteMemberCreated {
        /// A value with every field unset (a field with a contract default holds it).
        #[allow(deprecated)]
        pub fn new() -> Self {
            InviteMemberCreated {
                status: ::std::option::Option::None,
                message: ::std::option::Option::None,
                extra: ::std::collections::BTreeMap::new(),
            }
        }
    }
    impl ::contract_runtime::Validate for InviteMemberCreated {
        #[allow(unused_variables, deprecated)]
        fn validate_into(&self, v: &mut ::contract_runtime::Validator) {
            v.listed_not_extra(self.extra.keys(), &["status", "message"]);
        }
    }
}
/// What [`Client::invite_member`] can answer: one variant per documented status.
#[derive(Debug, Clone, PartialEq)]
pub enum InviteMemberResponse {
    /// 201 — Created
    Created(types::InviteMemberCreated),
    /// A status the contract does not document, with its raw body.
    Undocumented(::contract_runtime::RawResponse),
}
impl ::contract_runtime::Outcome for InviteMemberResponse {
    type Success = types::InviteMemberCreated;
    fn into_success(self) -> ::std::result::Result<types::InviteMemberCreated, Self> {
        match self {
            Self::Created(body) => ::std::result::Result::Ok(body),
            other => ::std::result::Result::Err(other),
        }
    }
}
/// Credentials, one per security scheme of the contract. `Debug`
/// shows which are set, never their values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Credentials {
    /// Credential for security scheme `SECRET_KEY`.
    pub secret_key: ::std::option::Option<::contract_runtime::Secret>,
    /// Credential for security scheme `bearerAuth`.
    pub bearer_auth: ::std::option::Option<::contract_runtime::Secret>,
}
impl ::contract_runtime::Authorize for Credentials {
    fn scheme(
        &self,
        index: usize,
    ) -> (&'static str, ::std::option::Option<::contract_runtime::Credential<'_>>) {
        match index {
            0usize => {
                (
                    "SECRET_KEY",
                    self
                        .secret_key
                        .as_ref()
                        .map(|key| ::contract_runtime::Credential::ApiKey {
                            location: ::contract_runtime::KeyLocation::Header,
                            name: "SECRET_KEY",
                            key,
                        }),
                )
            }
            1usize => {
                (
                    "bearerAuth",
                    self.bearer_auth.as_ref().map(::contract_runtime::Credential::Bearer),
                )
            }
            _ => ("", ::std::option::Option::None),
        }
    }
}
/// The server the contract documents.
pub const DEFAULT_BASE_URL: &str = "https://sandbox.stellasbank.com/api/v1";
impl ::std::default::Default for Client {
    fn default() -> Self {
        Self::new(DEFAULT_BASE_URL)
    }
}
/// The vendor's API. Requests are validated against the contract before
/// they are sent (switch off with [`Client::validate_requests`]).
/// `Debug` shows which credentials and headers are set, never their values.
#[derive(Debug, Clone)]
pub struct Client {
    core: ::contract_runtime::ClientCore,
    credentials: Credentials,
    business_id: ::std::option::Option<::contract_runtime::Secret>,
}
impl Client {
    /// A client for the API at `base_url` (e.g. a mock server).
    pub fn new(base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
        Client {
            core: ::contract_runtime::ClientCore::new(base_url),
            credentials: Credentials::default(),
            business_id: ::std::option::Option::None,
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
    /// Set the API key for `SECRET_KEY` (sent in header `SECRET_KEY`).
    pub fn with_secret_key(
        mut self,
        value: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        self.credentials.secret_key = ::std::option::Option::Some(
            ::contract_runtime::Secret::new(value),
        );
        self
    }
    /// Set the bearer token for `bearerAuth` (sent as `Authorization: Bearer <token>`).
    pub fn with_bearer_auth(
        mut self,
        value: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        self.credentials.bearer_auth = ::std::option::Option::Some(
            ::contract_runtime::Secret::new(value),
        );
        self
    }
    /// Set header `businessId`, which every operation requires. The ID of the business you are inviting the member to.
    pub fn with_business_id(
        mut self,
        value: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        self.business_id = ::std::option::Option::Some(
            ::contract_runtime::Secret::new(value),
        );
        self
    }
    /// Invite member
    ///
    /// Send an invitation to add a new team member to your business.
    ///
    /// `POST /clients/members`
    pub async fn invite_member(
        &self,
        body: &types::InviteMemberBody,
    ) -> ::std::result::Result<
        ::contract_runtime::Response<InviteMemberResponse>,
        ::contract_runtime::ClientError,
    > {
        let mut request = self.core.request(::reqwest::Method::POST, "/clients/members");
        request.client_header("businessId", self.business_id.as_ref())?;
        request.authorize(&self.credentials, &[&[0usize, 1usize]])?;
        request.json(body, "application/json")?;
        let response = request.send().await?;
        let value = match response.status() {
            201u16 => InviteMemberResponse::Created(response.json("application/json")?),
            _ => InviteMemberResponse::Undocumented(response.raw()),
        };
        ::std::result::Result::Ok(response.finish(value))
    }
}
/// One test per documented example in the contract.
#[cfg(test)]
mod documented_examples {
    use super::*;
    #[test]
    fn invite_member_request_curl() {
        ::contract_runtime::testing::check_example::<
            types::InviteMemberBody,
        >(
            "{\"email\":\"newmember@example.com\",\"memberRoleId\":\"role_abc123\"}",
            ::contract_runtime::Direction::Request,
            true,
            true,
            true,
        );
    }
    #[test]
    fn invite_member_201_example() {
        ::contract_runtime::testing::check_example::<
            types::InviteMemberCreated,
        >(
            "{\"status\":true,\"message\":\"Invitation sent successfully\"}",
            ::contract_runtime::Direction::Response,
            true,
            false,
            true,
        );
    }
}
