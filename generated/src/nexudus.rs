//! `nexudus`: Nexudus API, generated from `generated/openapi/nexudus.yaml` by `cargo xtask generate`. Do not edit.
#![allow(clippy::all, deprecated, non_camel_case_types, unused)]
/// The contract's schemas and the bodies of its operations.
pub mod types {
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
    impl AddTeamMembersBody {
        /// A value with its required fields (`tariff_id`, `full_names`, `emails`, `start_date`); the others unset (a field with a contract default holds it).
        #[allow(deprecated)]
        pub fn new(
            tariff_id: ::serde_json::Number,
            full_names: ::std::vec::Vec<::std::string::String>,
            emails: ::std::vec::Vec<::std::string::String>,
            start_date: ::std::string::String,
        ) -> Self {
            AddTeamMembersBody {
                tariff_id,
                full_names,
                emails,
                start_date,
                extra: ::std::collections::BTreeMap::new(),
            }
        }
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
            v.listed_not_extra(
                self.extra.keys(),
                &["TariffId", "FullNames", "Emails", "StartDate"],
            );
        }
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
impl ::contract_runtime::Outcome for AddTeamMembersResponse {
    type Success = ();
    fn into_success(self) -> ::std::result::Result<(), Self> {
        match self {
            Self::Ok => ::std::result::Result::Ok(()),
            other => ::std::result::Result::Err(other),
        }
    }
}
/// Credentials, one per security scheme of the contract. `Debug`
/// shows which are set, never their values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Credentials {
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
                    "bearerAuth",
                    self.bearer_auth.as_ref().map(::contract_runtime::Credential::Bearer),
                )
            }
            _ => ("", ::std::option::Option::None),
        }
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
    /// Add Team Members
    ///
    /// Adds one or more new members to a team by email address.
    ///
    /// `POST /api/public/teams/{teamId}/members`
    pub async fn add_team_members(
        &self,
        team_id: f64,
        body: &types::AddTeamMembersBody,
    ) -> ::std::result::Result<
        ::contract_runtime::Response<AddTeamMembersResponse>,
        ::contract_runtime::ClientError,
    > {
        let mut request = self
            .core
            .request(
                ::reqwest::Method::POST,
                &::std::format!(
                    "/api/public/teams/{}/members",
                    ::contract_runtime::path_segment("teamId", & team_id.to_string()) ?
                ),
            );
        request.authorize(&self.credentials, &[&[0usize]])?;
        request
            .check(
                "path",
                "teamId",
                ::contract_runtime::ParamValue::Float(team_id),
                &::contract_runtime::ParamRules::default(),
            )?;
        request.json(body, "application/json")?;
        let response = request.send().await?;
        let value = match response.status() {
            200u16 => AddTeamMembersResponse::Ok,
            400u16 => AddTeamMembersResponse::BadRequest,
            401u16 => AddTeamMembersResponse::Unauthorized,
            403u16 => AddTeamMembersResponse::Forbidden,
            404u16 => AddTeamMembersResponse::NotFound,
            _ => AddTeamMembersResponse::Undocumented(response.raw()),
        };
        ::std::result::Result::Ok(response.finish(value))
    }
}
/// One test per documented example in the contract.
#[cfg(test)]
mod documented_examples {
    use super::*;
    #[test]
    fn add_team_members_request_example() {
        ::contract_runtime::testing::check_example::<
            types::AddTeamMembersBody,
        >(
            "{\"TariffId\":301,\"FullNames\":[\"Alice Johnson\",\"Carlos Rivera\"],\"Emails\":[\"alice@example.com\",\"carlos@example.com\"],\"StartDate\":\"2025-02-01T00:00:00.000Z\"}",
            ::contract_runtime::Direction::Request,
            true,
            true,
            true,
        );
    }
}
