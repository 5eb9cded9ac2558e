//! `stellas`: Stellas API, generated from `generated/openapi/stellas.yaml` by `cargo xtask generate`. Do not edit.
#![allow(clippy::all, deprecated, non_camel_case_types, unused)]
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct InviteMemberBody {
    /// The email address of the person you want to invite. An invitation will be sent to this address with a registration link.
    #[serde(rename = "email")]
    pub email: ::std::string::String,
    /// The ID of the role to assign to the new member. Retrieve available role IDs from `GET /clients/members/roles`.
    #[serde(rename = "memberRoleId")]
    pub member_role_id: ::std::string::String,
    /// Properties the contract does not list, kept so values round-trip.
    #[serde(flatten)]
    pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
}
impl ::contract_runtime::Validate for InviteMemberBody {
    #[allow(unused_variables, deprecated)]
    fn validate_into(&self, v: &mut ::contract_runtime::Validator) {}
}
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct InviteMemberCreated {
    /// `true` on success.
    #[serde(
        rename = "status",
        default,
        skip_serializing_if = "::std::option::Option::is_none"
    )]
    pub status: ::std::option::Option<bool>,
    /// Confirmation message, e.g. `"Invitation sent successfully"`.
    #[serde(
        rename = "message",
        default,
        skip_serializing_if = "::std::option::Option::is_none"
    )]
    pub message: ::std::option::Option<::std::string::String>,
    /// Properties the contract does not list, kept so values round-trip.
    #[serde(flatten)]
    pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
}
impl ::contract_runtime::Validate for InviteMemberCreated {
    #[allow(unused_variables, deprecated)]
    fn validate_into(&self, v: &mut ::contract_runtime::Validator) {}
}
/// What [`Client::invite_member`] can answer: one variant per documented status.
#[derive(Debug, Clone, PartialEq)]
pub enum InviteMemberResponse {
    /// 201 — Created
    Created(InviteMemberCreated),
    /// A status the contract does not document, with its raw body.
    Undocumented(::contract_runtime::RawResponse),
}
/// Credentials, one per security scheme of the contract. `Debug`
/// shows which are set, never their values.
#[derive(Clone, Default, PartialEq)]
pub struct Credentials {
    /// Credential for security scheme `SECRET_KEY`.
    pub secret_key: ::std::option::Option<::std::string::String>,
    /// Credential for security scheme `bearerAuth`.
    pub bearer_auth: ::std::option::Option<::std::string::String>,
}
impl ::std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Credentials")
            .field("secret_key", &self.secret_key.as_ref().map(|_| "[redacted]"))
            .field("bearer_auth", &self.bearer_auth.as_ref().map(|_| "[redacted]"))
            .finish()
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
#[derive(Clone)]
pub struct Client {
    base_url: ::std::string::String,
    http: ::reqwest::Client,
    credentials: Credentials,
    validate_requests: bool,
    validate_responses: bool,
    business_id: ::std::option::Option<::std::string::String>,
}
impl ::std::fmt::Debug for Client {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("validate_requests", &self.validate_requests)
            .field("validate_responses", &self.validate_responses)
            .field("business_id", &self.business_id.as_ref().map(|_| "[redacted]"))
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
            business_id: ::std::option::Option::None,
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
    /// Set the API key for `SECRET_KEY` (sent in header `SECRET_KEY`).
    pub fn with_secret_key(
        mut self,
        key: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        self.credentials.secret_key = ::std::option::Option::Some(key.into());
        self
    }
    /// Set the bearer token for `bearerAuth` (sent as `Authorization: Bearer <token>`).
    pub fn with_bearer_auth(
        mut self,
        token: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        self.credentials.bearer_auth = ::std::option::Option::Some(token.into());
        self
    }
    /// Set header `businessId`, which every operation requires. The ID of the business you are inviting the member to.
    pub fn with_business_id(
        mut self,
        value: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        self.business_id = ::std::option::Option::Some(value.into());
        self
    }
    /// Apply the first alternative whose credentials are all set.
    fn authorize(
        &self,
        mut request: ::reqwest::RequestBuilder,
        alternatives: &[&[usize]],
    ) -> ::reqwest::RequestBuilder {
        if let ::std::option::Option::Some(value) = &self.business_id {
            request = request.header("businessId", value);
        }
        let has = |scheme: usize| -> bool {
            match scheme {
                0usize => self.credentials.secret_key.is_some(),
                1usize => self.credentials.bearer_auth.is_some(),
                _ => false,
            }
        };
        if let ::std::option::Option::Some(chosen) = alternatives
            .iter()
            .find(|alt| !alt.is_empty() && alt.iter().all(|s| has(*s)))
        {
            for scheme in chosen.iter() {
                request = match *scheme {
                    0usize => {
                        match &self.credentials.secret_key {
                            ::std::option::Option::Some(value) => {
                                request.header("SECRET_KEY", value)
                            }
                            ::std::option::Option::None => request,
                        }
                    }
                    1usize => {
                        match &self.credentials.bearer_auth {
                            ::std::option::Option::Some(value) => {
                                request.bearer_auth(value)
                            }
                            ::std::option::Option::None => request,
                        }
                    }
                    _ => request,
                };
            }
        }
        request
    }
    /// Invite member
    ///
    /// Send an invitation to add a new team member to your business.
    ///
    /// `POST /clients/members`
    pub async fn invite_member(
        &self,
        body: &InviteMemberBody,
    ) -> ::std::result::Result<InviteMemberResponse, ::contract_runtime::ClientError> {
        ::contract_runtime::check_request(body, self.validate_requests)?;
        let url = ::std::format!(
            "{}/clients/members", self.base_url.trim_end_matches('/')
        );
        let mut request = self.http.request(::reqwest::Method::POST, url);
        request = self.authorize(request, &[&[0usize, 1usize]]);
        request = request.json(body);
        let response = request.send().await?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await?;
        ::std::result::Result::Ok(
            match status {
                201u16 => {
                    InviteMemberResponse::Created(
                        ::contract_runtime::decode_response::<
                            InviteMemberCreated,
                        >(status, &bytes, self.validate_responses)?,
                    )
                }
                _ => {
                    InviteMemberResponse::Undocumented(::contract_runtime::RawResponse {
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
    fn invite_member_request_curl() {
        ::contract_runtime::testing::check_example::<
            InviteMemberBody,
        >(
            "{\"email\":\"newmember@example.com\",\"memberRoleId\":\"role_abc123\"}",
            ::contract_runtime::Direction::Request,
            true,
            true,
        );
    }
    #[test]
    fn invite_member_201_example() {
        ::contract_runtime::testing::check_example::<
            InviteMemberCreated,
        >(
            "{\"status\":true,\"message\":\"Invitation sent successfully\"}",
            ::contract_runtime::Direction::Response,
            true,
            false,
        );
    }
}
