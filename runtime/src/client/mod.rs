//! What generated clients call, written once instead of in every vendor
//! module: the client core (base URL, HTTP client, validation switches),
//! building and sending a request (`request`), checking its parameters
//! (`params`), sending again when allowed (`retry`), reading what comes
//! back (`response`), values `Debug` never
//! shows (`secret`) and the error type (`error`). A generated module holds only what is
//! vendor-specific: its types, credentials and one method per operation.

mod body;
mod error;
mod params;
mod request;
mod response;
mod retry;
mod secret;

use std::fmt;
use std::time::Duration;

pub use body::{FilePart, Multipart, Parts};
pub use bytes::Bytes;
pub use error::{redact_url, redacted_url_text, ClientError};
pub use params::{
    encode_segment, path_segment, path_styled, ParamRules, ParamValue, PathStyle, QueryStyle,
};
pub use request::{check_request, Authorize, Credential, KeyLocation, Request};
pub use response::{
    check_response, decode_body, decode_response, media_matches, ErrorResponse, FromHeader,
    Outcome, RawResponse, Received, Response,
};
pub use retry::{is_idempotent, retry_after, Retries};
pub use secret::{BasicAuth, Secret};

/// What every generated `Client` holds: where the API is, the HTTP
/// client, whether requests and responses are checked against the
/// contract, how long an attempt may take and when it is retried. `Debug` shows the base URL redacted (it may carry user info).
#[derive(Clone)]
pub struct ClientCore {
    base_url: String,
    http: reqwest::Client,
    validate_requests: bool,
    validate_responses: bool,
    timeout: Option<Duration>,
    retries: Retries,
}

impl ClientCore {
    /// Requests validated, responses not.
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientCore {
            base_url: base_url.into(),
            http: reqwest::Client::new(),
            validate_requests: true,
            validate_responses: false,
            timeout: None,
            retries: Retries::none(),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub fn set_http_client(&mut self, http: reqwest::Client) {
        self.http = http;
    }

    pub fn validates_requests(&self) -> bool {
        self.validate_requests
    }

    pub fn set_validate_requests(&mut self, on: bool) {
        self.validate_requests = on;
    }

    pub fn validates_responses(&self) -> bool {
        self.validate_responses
    }

    pub fn set_validate_responses(&mut self, on: bool) {
        self.validate_responses = on;
    }

    /// How long one attempt may take, from sending to the end of the
    /// body (`None`: the HTTP client's own setting).
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    pub fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }

    pub fn retries(&self) -> &Retries {
        &self.retries
    }

    pub fn set_retries(&mut self, retries: Retries) {
        self.retries = retries;
    }

    /// A request for `path` (under the base URL), to be filled and sent.
    pub fn request(&self, method: reqwest::Method, path: &str) -> Request<'_> {
        Request::new(self, method, path)
    }
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCore")
            .field("base_url", &redacted_url_text(&self.base_url))
            .field("validate_requests", &self.validate_requests)
            .field("validate_responses", &self.validate_responses)
            .field("timeout", &self.timeout)
            .field("retries", &self.retries)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn debug_shows_the_base_url_redacted() {
        let core = super::ClientCore::new("https://me:hunter2@api.example.com/v1?key=s3cr3t");
        let shown = format!("{core:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("s3cr3t"),
            "{shown}"
        );
        assert!(shown.contains("api.example.com/v1"), "{shown}");
    }
}
