//! `chatdash`: ChatDash API Documentation, generated from `generated/openapi/chatdash.yaml` by `cargo xtask generate`. Do not edit.
#![allow(clippy::all, deprecated, non_camel_case_types, unused)]
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct CreateClientBody {
    #[serde(rename = "client")]
    pub client: CreateClientBodyClient,
    #[serde(rename = "member")]
    pub member: CreateClientBodyMember,
    /// Properties the contract does not list, kept so values round-trip.
    #[serde(flatten)]
    pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
}
impl ::contract_runtime::Validate for CreateClientBody {
    #[allow(unused_variables, deprecated)]
    fn validate_into(&self, v: &mut ::contract_runtime::Validator) {
        v.at(
            "client",
            |v| {
                let value = &self.client;
                v.nested(value);
            },
        );
        v.at(
            "member",
            |v| {
                let value = &self.member;
                v.nested(value);
            },
        );
    }
}
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct CreateClientBodyClient {
    /// The client's name
    #[serde(rename = "name")]
    pub name: ::std::string::String,
    /// The client's dashboard language setting (ISO 639-1)
    ///
    /// Default: `"en"`
    #[serde(rename = "language")]
    pub language: ::std::string::String,
    /// Properties the contract does not list, kept so values round-trip.
    #[serde(flatten)]
    pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
}
impl ::contract_runtime::Validate for CreateClientBodyClient {
    #[allow(unused_variables, deprecated)]
    fn validate_into(&self, v: &mut ::contract_runtime::Validator) {}
}
#[derive(Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct CreateClientBodyMember {
    /// The member's name
    #[serde(rename = "name")]
    pub name: ::std::string::String,
    /// The member's login ID
    #[serde(rename = "loginId")]
    pub login_id: ::std::string::String,
    /// The member's email address
    #[serde(
        rename = "email",
        default,
        skip_serializing_if = "::std::option::Option::is_none"
    )]
    pub email: ::std::option::Option<::std::string::String>,
    /// The member's password
    #[serde(rename = "password")]
    pub password: ::std::string::String,
    /// Properties the contract does not list, kept so values round-trip.
    #[serde(flatten)]
    pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
}
#[allow(deprecated)]
impl ::std::fmt::Debug for CreateClientBodyMember {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("CreateClientBodyMember")
            .field("name", &self.name)
            .field("login_id", &self.login_id)
            .field("email", &self.email)
            .field("password", &"[redacted]")
            .field("extra", &self.extra)
            .finish()
    }
}
impl ::contract_runtime::Validate for CreateClientBodyMember {
    #[allow(unused_variables, deprecated)]
    fn validate_into(&self, v: &mut ::contract_runtime::Validator) {}
}
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct CreateClientOk {
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
impl ::contract_runtime::Validate for CreateClientOk {
    #[allow(unused_variables, deprecated)]
    fn validate_into(&self, v: &mut ::contract_runtime::Validator) {}
}
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct CreateClientBadRequest {
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
impl ::contract_runtime::Validate for CreateClientBadRequest {
    #[allow(unused_variables, deprecated)]
    fn validate_into(&self, v: &mut ::contract_runtime::Validator) {}
}
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct CreateClientInternalServerError {
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
impl ::contract_runtime::Validate for CreateClientInternalServerError {
    #[allow(unused_variables, deprecated)]
    fn validate_into(&self, v: &mut ::contract_runtime::Validator) {}
}
pub type AddClientMemberBody = CreateClientBodyMember;
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct AddClientMemberOk {
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
impl ::contract_runtime::Validate for AddClientMemberOk {
    #[allow(unused_variables, deprecated)]
    fn validate_into(&self, v: &mut ::contract_runtime::Validator) {}
}
pub type AddClientMemberBadRequest = CreateClientBadRequest;
pub type AddClientMemberInternalServerError = CreateClientInternalServerError;
/// What [`Client::create_client`] can answer: one variant per documented status.
#[derive(Debug, Clone, PartialEq)]
pub enum CreateClientResponse {
    /// 200 — OK
    Ok(CreateClientOk),
    /// 400 — Bad Request
    BadRequest(CreateClientBadRequest),
    /// 500 — Internal Server Error
    InternalServerError(CreateClientInternalServerError),
    /// A status the contract does not document, with its raw body.
    Undocumented(::contract_runtime::RawResponse),
}
/// What [`Client::add_client_member`] can answer: one variant per documented status.
#[derive(Debug, Clone, PartialEq)]
pub enum AddClientMemberResponse {
    /// 200 — OK
    Ok(AddClientMemberOk),
    /// 400 — Bad Request
    BadRequest(AddClientMemberBadRequest),
    /// 500 — Internal Server Error
    InternalServerError(AddClientMemberInternalServerError),
    /// A status the contract does not document, with its raw body.
    Undocumented(::contract_runtime::RawResponse),
}
/// Credentials, one per security scheme of the contract. `Debug`
/// shows which are set, never their values.
#[derive(Clone, Default, PartialEq)]
pub struct Credentials {
    /// Credential for security scheme `Authorization`.
    pub authorization: ::std::option::Option<::std::string::String>,
}
impl ::std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Credentials")
            .field("authorization", &self.authorization.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}
/// The server the contract documents.
pub const DEFAULT_BASE_URL: &str = "https://api.chat-dash.com/v1/public";
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
    /// Set the API key for `Authorization` (sent in header `Authorization`).
    pub fn with_authorization(
        mut self,
        key: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        self.credentials.authorization = ::std::option::Option::Some(key.into());
        self
    }
    /// Apply the first alternative whose credentials are all set.
    fn authorize(
        &self,
        mut request: ::reqwest::RequestBuilder,
        alternatives: &[&[usize]],
    ) -> ::reqwest::RequestBuilder {
        let has = |scheme: usize| -> bool {
            match scheme {
                0usize => self.credentials.authorization.is_some(),
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
                        match &self.credentials.authorization {
                            ::std::option::Option::Some(value) => {
                                request.header("Authorization", value)
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
    /// Create Client
    ///
    /// Create a new client with its first member
    ///
    /// `POST /clients`
    pub async fn create_client(
        &self,
        body: &CreateClientBody,
    ) -> ::std::result::Result<CreateClientResponse, ::contract_runtime::ClientError> {
        ::contract_runtime::check_request(body, self.validate_requests)?;
        let url = ::std::format!("{}/clients", self.base_url.trim_end_matches('/'));
        let mut request = self.http.request(::reqwest::Method::POST, url);
        request = self.authorize(request, &[&[0usize]]);
        request = request.json(body);
        let response = request.send().await?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await?;
        ::std::result::Result::Ok(
            match status {
                200u16 => {
                    CreateClientResponse::Ok(
                        ::contract_runtime::decode_response::<
                            CreateClientOk,
                        >(status, &bytes, self.validate_responses)?,
                    )
                }
                400u16 => {
                    CreateClientResponse::BadRequest(
                        ::contract_runtime::decode_response::<
                            CreateClientBadRequest,
                        >(status, &bytes, self.validate_responses)?,
                    )
                }
                500u16 => {
                    CreateClientResponse::InternalServerError(
                        ::contract_runtime::decode_response::<
                            CreateClientInternalServerError,
                        >(status, &bytes, self.validate_responses)?,
                    )
                }
                _ => {
                    CreateClientResponse::Undocumented(::contract_runtime::RawResponse {
                        status,
                        body: bytes.to_vec(),
                    })
                }
            },
        )
    }
    /// Add Client Member
    ///
    /// Add a new member to a specific client
    ///
    /// `POST /clients/{clientId}/members`
    pub async fn add_client_member(
        &self,
        client_id: &str,
        body: &AddClientMemberBody,
    ) -> ::std::result::Result<
        AddClientMemberResponse,
        ::contract_runtime::ClientError,
    > {
        ::contract_runtime::check_request(body, self.validate_requests)?;
        let url = ::std::format!(
            "{}/clients/{}/members", self.base_url.trim_end_matches('/'),
            ::contract_runtime::encode_segment(& client_id.to_string())
        );
        let mut request = self.http.request(::reqwest::Method::POST, url);
        request = self.authorize(request, &[&[0usize]]);
        request = request.json(body);
        let response = request.send().await?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await?;
        ::std::result::Result::Ok(
            match status {
                200u16 => {
                    AddClientMemberResponse::Ok(
                        ::contract_runtime::decode_response::<
                            AddClientMemberOk,
                        >(status, &bytes, self.validate_responses)?,
                    )
                }
                400u16 => {
                    AddClientMemberResponse::BadRequest(
                        ::contract_runtime::decode_response::<
                            AddClientMemberBadRequest,
                        >(status, &bytes, self.validate_responses)?,
                    )
                }
                500u16 => {
                    AddClientMemberResponse::InternalServerError(
                        ::contract_runtime::decode_response::<
                            AddClientMemberInternalServerError,
                        >(status, &bytes, self.validate_responses)?,
                    )
                }
                _ => {
                    AddClientMemberResponse::Undocumented(::contract_runtime::RawResponse {
                        status,
                        body: bytes.to_vec(),
                    })
                }
            },
        )
    }
}
