//! `nexudus`: Nexudus API, generated from `generated/openapi/nexudus.yaml` by `cargo xtask generate`. Do not edit.
#![allow(clippy::all, deprecated, non_camel_case_types, unused)]
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct AddTeamMembersBody {
    /// ID of the membership plan to assign to the new members. Obtain available plans from the team's default tariff or from the plans list.
    #[serde(rename = "TariffId")]
    pub tariff_id: ::serde_json::Number,
    /// Array of full names for each new member. Must have the same number of entries as `Emails`.
    #[serde(rename = "FullNames")]
    pub full_names: ::std::vec::Vec<::std::string::String>,
    /// Array of email addresses for each new member. Must have the same number of entries as `FullNames`. Each entry must be a valid email address.
    #[serde(rename = "Emails")]
    pub emails: ::std::vec::Vec<::std::string::String>,
    /// ISO 8601 date for when the new members' plans should begin.
    #[serde(rename = "StartDate")]
    pub start_date: ::std::string::String,
    /// Properties the contract does not list, kept so values round-trip.
    #[serde(flatten)]
    pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
}
impl ::contract_runtime::Validate for AddTeamMembersBody {
    #[allow(unused_variables, deprecated)]
    fn validate_into(&self, v: &mut ::contract_runtime::Validator) {
        v.at(
            "FullNames",
            |v| {
                let value = &self.full_names;
                v.items(
                    value,
                    &::contract_runtime::validate::ArrayRules {
                        min_items: ::std::option::Option::Some(1u64),
                        max_items: ::std::option::Option::Some(25u64),
                        unique_items: false,
                    },
                );
            },
        );
        v.at(
            "Emails",
            |v| {
                let value = &self.emails;
                v.items(
                    value,
                    &::contract_runtime::validate::ArrayRules {
                        min_items: ::std::option::Option::Some(1u64),
                        max_items: ::std::option::Option::Some(25u64),
                        unique_items: false,
                    },
                );
                for (index, item) in value.iter().enumerate() {
                    v.at_index(
                        index,
                        |v| {
                            v.string(
                                item,
                                &::contract_runtime::validate::StringRules {
                                    min_length: ::std::option::Option::None,
                                    max_length: ::std::option::Option::None,
                                    pattern: ::std::option::Option::None,
                                    format: ::std::option::Option::Some("email"),
                                },
                            );
                        },
                    );
                }
            },
        );
    }
}
/// What [`Client::add_team_members`] can answer: one variant per documented status.
#[derive(Debug, Clone, PartialEq)]
pub enum AddTeamMembersResponse {
    /// 200 — OK
    Ok,
    /// 400 — Validation error — for example, mismatched array lengths for `FullNames` and `Emails`, more than 25 members, or invalid email format.
    BadRequest,
    /// 401 — The customer is not authenticated or the session has expired.
    Unauthorized,
    /// 403 — The customer is not an administrator of the specified team.
    Forbidden,
    /// 404 — Team with the specified ID does not exist.
    NotFound,
    /// A status the contract does not document, with its raw body.
    Undocumented(::contract_runtime::RawResponse),
}
/// Credentials, one per security scheme of the contract. `Debug`
/// shows which are set, never their values.
#[derive(Clone, Default, PartialEq)]
pub struct Credentials {
    /// Credential for security scheme `bearerAuth`.
    pub bearer_auth: ::std::option::Option<::std::string::String>,
}
impl ::std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Credentials")
            .field("bearer_auth", &self.bearer_auth.as_ref().map(|_| "[redacted]"))
            .finish()
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
    /// Set the bearer token for `bearerAuth` (sent as `Authorization: Bearer <token>`).
    pub fn with_bearer_auth(
        mut self,
        token: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        self.credentials.bearer_auth = ::std::option::Option::Some(token.into());
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
                0usize => self.credentials.bearer_auth.is_some(),
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
    /// Add Team Members
    ///
    /// Adds one or more new members to a team by email address.
    ///
    /// `POST /api/public/teams/{teamId}/members`
    pub async fn add_team_members(
        &self,
        team_id: f64,
        body: &AddTeamMembersBody,
    ) -> ::std::result::Result<AddTeamMembersResponse, ::contract_runtime::ClientError> {
        ::contract_runtime::check_request(body, self.validate_requests)?;
        let url = ::std::format!(
            "{}/api/public/teams/{}/members", self.base_url.trim_end_matches('/'),
            ::contract_runtime::encode_segment(& team_id.to_string())
        );
        let mut request = self.http.request(::reqwest::Method::POST, url);
        request = self.authorize(request, &[&[0usize]]);
        request = request.json(body);
        let response = request.send().await?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await?;
        ::std::result::Result::Ok(
            match status {
                200u16 => AddTeamMembersResponse::Ok,
                400u16 => AddTeamMembersResponse::BadRequest,
                401u16 => AddTeamMembersResponse::Unauthorized,
                403u16 => AddTeamMembersResponse::Forbidden,
                404u16 => AddTeamMembersResponse::NotFound,
                _ => {
                    AddTeamMembersResponse::Undocumented(::contract_runtime::RawResponse {
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
    fn add_team_members_request_example() {
        ::contract_runtime::testing::check_example::<
            AddTeamMembersBody,
        >(
            "{\"TariffId\":301,\"FullNames\":[\"Alice Johnson\",\"Carlos Rivera\"],\"Emails\":[\"alice@example.com\",\"carlos@example.com\"],\"StartDate\":\"2025-02-01T00:00:00.000Z\"}",
            ::contract_runtime::Direction::Request,
            true,
            true,
        );
    }
}
