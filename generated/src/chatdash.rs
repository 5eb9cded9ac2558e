//! `chatdash`: ChatDash API Documentation, generated from `generated/openapi/chatdash.yaml` by `cargo xtask generate`. Do not edit.
#![allow(clippy::all, deprecated, non_camel_case_types, unused)]
/// The contract's schemas and the bodies of its operations.
pub mod types {
    #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
    pub struct CreateClientBody {
        pub client: CreateClientBodyClient,
        pub member: CreateClientBodyMember,
        /// Properties the contract does not list, kept so values round-trip.
        #[serde(flatten)]
        pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
    }
    impl CreateClientBody {
        /// A value with its required fields (`client`, `member`); the others unset (a field with a contract default holds it).
        #[allow(deprecated)]
        pub fn new(client: CreateClientBodyClient, member: CreateClientBodyMember) -> Self {
            CreateClientBody {
                client,
                member,
                extra: ::std::collections::BTreeMap::new(),
            }
        }
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
            v.listed_not_extra(self.extra.keys(), &["client", "member"]);
        }
    }
    #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
    pub struct CreateClientBodyClient {
        /// The client's name
        pub name: ::std::string::String,
        /// The client's dashboard language setting (ISO 639-1)
        ///
        /// Default: `"en"`
        pub language: ::std::string::String,
        /// Properties the contract does not list, kept so values round-trip.
        #[serde(flatten)]
        pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
    }
    impl CreateClientBodyClient {
        /// A value with its required fields (`name`, `language`); the others unset (a field with a contract default holds it).
        #[allow(deprecated)]
        pub fn new(name: ::std::string::String, language: ::std::string::String) -> Self {
            CreateClientBodyClient {
                name,
                language,
                extra: ::std::collections::BTreeMap::new(),
            }
        }
    }
    impl ::contract_runtime::Validate for CreateClientBodyClient {
        #[allow(unused_variables, deprecated)]
        fn validate_into(&self, v: &mut ::contract_runtime::Validator) {
            v.listed_not_extra(self.extra.keys(), &["name", "language"]);
        }
    }
    #[derive(Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
    pub struct CreateClientBodyMember {
        /// The member's name
        pub name: ::std::string::String,
        /// The member's login ID
        #[serde(rename = "loginId")]
        pub login_id: ::std::string::String,
        /// The member's email address
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub email: ::std::option::Option<::std::string::String>,
        /// The member's password
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
    impl CreateClientBodyMember {
        /// A value with its required fields (`name`, `login_id`, `password`); the others unset (a field with a contract default holds it).
        #[allow(deprecated)]
        pub fn new(
            name: ::std::string::String,
            login_id: ::std::string::String,
            password: ::std::string::String,
        ) -> Self {
            CreateClientBodyMember {
                name,
                login_id,
                email: ::std::option::Option::None,
                password,
                extra: ::std::collections::BTreeMap::new(),
            }
        }
    }
    impl ::contract_runtime::Validate for CreateClientBodyMember {
        #[allow(unused_variables, deprecated)]
        fn validate_into(&self, v: &mut ::contract_runtime::Validator) {
            v.listed_not_extra(self.extra.keys(), &["name", "loginId", "email", "password"]);
        }
    }
    #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
    pub struct CreateClientOk {
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub message: ::std::option::Option<::std::string::String>,
        /// Properties the contract does not list, kept so values round-trip.
        #[serde(flatten)]
        pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
    }
    impl CreateClientOk {
        /// A value with every field unset (a field with a contract default holds it).
        #[allow(deprecated)]
        pub fn new() -> Self {
            CreateClientOk {
                message: ::std::option::Option::None,
                extra: ::std::collections::BTreeMap::new(),
            }
        }
    }
    impl ::contract_runtime::Validate for CreateClientOk {
        #[allow(unused_variables, deprecated)]
        fn validate_into(&self, v: &mut ::contract_runtime::Validator) {
            v.listed_not_extra(self.extra.keys(), &["message"]);
        }
    }
    #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
    pub struct CreateClientBadRequest {
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<::std::string::String>,
        /// Properties the contract does not list, kept so values round-trip.
        #[serde(flatten)]
        pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
    }
    impl CreateClientBadRequest {
        /// A value with every field unset (a field with a contract default holds it).
        #[allow(deprecated)]
        pub fn new() -> Self {
            CreateClientBadRequest {
                error: ::std::option::Option::None,
                extra: ::std::collections::BTreeMap::new(),
            }
        }
    }
    impl ::contract_runtime::Validate for CreateClientBadRequest {
        #[allow(unused_variables, deprecated)]
        fn validate_into(&self, v: &mut ::contract_runtime::Validator) {
            v.listed_not_extra(self.extra.keys(), &["error"]);
        }
    }
    pub type CreateClientInternalServerError = CreateClientBadRequest;
    pub type AddClientMemberBody = CreateClientBodyMember;
    pub type AddClientMemberOk = CreateClientOk;
    pub type AddClientMemberBadRequest = CreateClientBadRequest;
    pub type AddClientMemberInternalServerError = CreateClientBadRequest;
}
/// What [`Client::create_client`] can answer: one variant per documented status.
#[derive(Debug, Clone, PartialEq)]
pub enum CreateClientResponse {
    /// 200 — OK
    Ok(types::CreateClientOk),
    /// 400 — Bad Request
    BadRequest(types::CreateClientBadRequest),
    /// 500 — Internal Server Error
    InternalServerError(types::CreateClientInternalServerError),
    /// A status the contract does not document, with its raw body.
    Undocumented(::contract_runtime::RawResponse),
}
impl ::contract_runtime::Outcome for CreateClientResponse {
    type Success = types::CreateClientOk;
    fn into_success(self) -> ::std::result::Result<types::CreateClientOk, Self> {
        match self {
            Self::Ok(body) => ::std::result::Result::Ok(body),
            other => ::std::result::Result::Err(other),
        }
    }
}
/// What [`Client::add_client_member`] can answer: one variant per documented status.
#[derive(Debug, Clone, PartialEq)]
pub enum AddClientMemberResponse {
    /// 200 — OK
    Ok(types::AddClientMemberOk),
    /// 400 — Bad Request
    BadRequest(types::AddClientMemberBadRequest),
    /// 500 — Internal Server Error
    InternalServerError(types::AddClientMemberInternalServerError),
    /// A status the contract does not document, with its raw body.
    Undocumented(::contract_runtime::RawResponse),
}
impl ::contract_runtime::Outcome for AddClientMemberResponse {
    type Success = types::AddClientMemberOk;
    fn into_success(self) -> ::std::result::Result<types::AddClientMemberOk, Self> {
        match self {
            Self::Ok(body) => ::std::result::Result::Ok(body),
            other => ::std::result::Result::Err(other),
        }
    }
}
/// Credentials, one per security scheme of the contract. `Debug`
/// shows which are set, never their values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Credentials {
    /// Credential for security scheme `Authorization`.
    pub authorization: ::std::option::Option<::contract_runtime::Secret>,
}
impl ::contract_runtime::Authorize for Credentials {
    fn scheme(
        &self,
        index: usize,
    ) -> (&'static str, ::std::option::Option<::contract_runtime::Credential<'_>>) {
        match index {
            0usize => {
                (
                    "Authorization",
                    self
                        .authorization
                        .as_ref()
                        .map(|key| ::contract_runtime::Credential::ApiKey {
                            location: ::contract_runtime::KeyLocation::Header,
                            name: "Authorization",
                            key,
                        }),
                )
            }
            _ => ("", ::std::option::Option::None),
        }
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
#[derive(Debug, Clone)]
pub struct Client {
    core: ::contract_runtime::ClientCore,
    credentials: Credentials,
}
impl Client {
    /// A client for the API at `base_url` (e.g. a mock server).
    pub fn new(base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
        Client {
            core: ::contract_runtime::ClientCore::new(base_url),
            credentials: Credentials::default(),
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
    /// Set the API key for `Authorization` (sent in header `Authorization`).
    pub fn with_authorization(
        mut self,
        value: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        self.credentials.authorization = ::std::option::Option::Some(
            ::contract_runtime::Secret::new(value),
        );
        self
    }
    /// Create Client
    ///
    /// Create a new client with its first member
    ///
    /// `POST /clients`
    pub async fn create_client(
        &self,
        body: &types::CreateClientBody,
    ) -> ::std::result::Result<
        ::contract_runtime::Response<CreateClientResponse>,
        ::contract_runtime::ClientError,
    > {
        let mut request = self.core.request(::reqwest::Method::POST, "/clients");
        request.authorize(&self.credentials, &[&[0usize]])?;
        request.json(body, "application/json")?;
        let response = request.send().await?;
        let value = match response.status() {
            200u16 => CreateClientResponse::Ok(response.json("application/json")?),
            400u16 => {
                CreateClientResponse::BadRequest(response.json("application/json")?)
            }
            500u16 => {
                CreateClientResponse::InternalServerError(
                    response.json("application/json")?,
                )
            }
            _ => CreateClientResponse::Undocumented(response.raw()),
        };
        ::std::result::Result::Ok(response.finish(value))
    }
    /// Add Client Member
    ///
    /// Add a new member to a specific client
    ///
    /// `POST /clients/{clientId}/members`
    pub async fn add_client_member(
        &self,
        client_id: &str,
        body: &types::AddClientMemberBody,
    ) -> ::std::result::Result<
        ::contract_runtime::Response<AddClientMemberResponse>,
        ::contract_runtime::ClientError,
    > {
        let mut request = self
            .core
            .request(
                ::reqwest::Method::POST,
                &::std::format!(
                    "/clients/{}/members", ::contract_runtime::path_segment("clientId",
                    client_id) ?
                ),
            );
        request.authorize(&self.credentials, &[&[0usize]])?;
        request.json(body, "application/json")?;
        let response = request.send().await?;
        let value = match response.status() {
            200u16 => AddClientMemberResponse::Ok(response.json("application/json")?),
            400u16 => {
                AddClientMemberResponse::BadRequest(response.json("application/json")?)
            }
            500u16 => {
                AddClientMemberResponse::InternalServerError(
                    response.json("application/json")?,
                )
            }
            _ => AddClientMemberResponse::Undocumented(response.raw()),
        };
        ::std::result::Result::Ok(response.finish(value))
    }
}
