//! What generated clients return when a call does not produce a
//! documented response.

/// A failure that is not a documented response.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The request broke the contract and was not sent.
    #[error("request violates the contract: {}", list(.0))]
    InvalidRequest(Vec<crate::Violation>),
    /// The documented response body broke the contract (when response
    /// validation is on).
    #[error("response {status} violates the contract: {}", list(.violations))]
    InvalidResponse {
        status: u16,
        violations: Vec<crate::Violation>,
    },
    /// Connecting, sending or reading failed. The error's URL has its
    /// query values and user info replaced (an API key may travel in the
    /// query), so neither `Display` nor `Debug` shows a credential.
    #[error("transport error: {0}")]
    Transport(reqwest::Error),
    /// A documented status came with a body that does not decode.
    #[error("response {status} body does not decode: {source}")]
    Decode {
        status: u16,
        source: serde_json::Error,
        body: Vec<u8>,
    },
    /// The base URL and path do not make a URL.
    #[error("invalid URL: {0}")]
    Url(String),
}

impl From<reqwest::Error> for ClientError {
    fn from(mut error: reqwest::Error) -> Self {
        if let Some(url) = error.url_mut() {
            redact_url(url);
        }
        ClientError::Transport(error)
    }
}

/// Replace what may be a credential in a URL: query values, user and password.
pub fn redact_url(url: &mut reqwest::Url) {
    if url.password().is_some() {
        let _ = url.set_password(Some("redacted"));
    }
    if !url.username().is_empty() {
        let _ = url.set_username("redacted");
    }
    if url.query().is_some() {
        let names: Vec<String> = url
            .query_pairs()
            .map(|(name, _)| format!("{name}=redacted"))
            .collect();
        url.set_query(Some(&names.join("&")));
    }
}

fn list(violations: &[crate::Violation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// A response whose status the contract does not document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

/// Decode a JSON response body for a documented status.
pub fn decode_body<T: serde::de::DeserializeOwned>(
    status: u16,
    body: &[u8],
) -> Result<T, ClientError> {
    // An empty body reads as JSON null (documented empty responses).
    let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    serde_json::from_slice(text).map_err(|source| ClientError::Decode {
        status,
        source,
        body: body.to_vec(),
    })
}

/// Percent-encode one path segment (RFC 3986 unreserved characters stay).
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decode a documented JSON response body, validating it when asked.
pub fn decode_response<T: serde::de::DeserializeOwned + crate::Validate>(
    status: u16,
    body: &[u8],
    validate: bool,
) -> Result<T, ClientError> {
    let value: T = decode_body(status, body)?;
    check_response(status, &value, validate)?;
    Ok(value)
}

/// Check a response body when response validation is on.
pub fn check_response<T: crate::Validate>(
    status: u16,
    body: &T,
    on: bool,
) -> Result<(), ClientError> {
    if !on {
        return Ok(());
    }
    body.validate_as(crate::Direction::Response)
        .map_err(|violations| ClientError::InvalidResponse { status, violations })
}

/// Check a request body before sending, when request validation is on.
pub fn check_request<T: crate::Validate + ?Sized>(body: &T, on: bool) -> Result<(), ClientError> {
    if !on {
        return Ok(());
    }
    body.validate_as(crate::Direction::Request)
        .map_err(ClientError::InvalidRequest)
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_lose_query_values_and_user_info() {
        let mut url =
            reqwest::Url::parse("https://me:hunter2@api.example.com/v1/x?api_key=s3cr3t&page=2")
                .unwrap();
        super::redact_url(&mut url);
        assert_eq!(
            url.as_str(),
            "https://redacted:redacted@api.example.com/v1/x?api_key=redacted&page=redacted"
        );
    }

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(super::encode_segment("a b/c~d"), "a%20b%2Fc~d");
        assert_eq!(super::encode_segment("é"), "%C3%A9");
    }
}
