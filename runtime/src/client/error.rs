//! `ClientError`: every way a call ends without a response the contract
//! documents, and the URL redaction that keeps credentials out of it.

use crate::Violation;

/// A failure that is not a documented response. Nothing in it shows a
/// credential or a request value: violations name the value's place and
/// rule, transport errors have their URL redacted.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The request body broke the contract and was not sent.
    #[error("request violates the contract: {}", list(.0))]
    InvalidRequest(Vec<Violation>),
    /// A path, query, header or cookie parameter broke the contract; the
    /// request was not sent. Pointers are into the value (`""` for the
    /// value itself, `/0` for a list's first item).
    #[error("{location} parameter `{name}` violates the contract: {}", list(.violations))]
    InvalidParameter {
        location: &'static str,
        name: &'static str,
        violations: Vec<Violation>,
    },
    /// A parameter the contract requires has no value (a client-level
    /// header never set, an empty path segment); the request was not sent.
    #[error("{location} parameter `{name}` is required")]
    MissingParameter {
        location: &'static str,
        name: &'static str,
    },
    /// No alternative of the operation's security requirement has all
    /// its credentials set; the request was not sent. One list per
    /// alternative, naming the schemes it still needs.
    #[error("no credentials for this operation: set {}", alternatives_text(.alternatives))]
    MissingCredentials {
        alternatives: Vec<Vec<&'static str>>,
    },
    /// A header name or value HTTP cannot carry (the value is not shown).
    #[error("header `{name}` cannot be sent: not a valid header name or value")]
    InvalidHeader { name: String },
    /// The request body could not be encoded.
    #[error("request body does not encode: {0}")]
    Encode(String),
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
    /// A documented text body is not UTF-8. `body` is what came.
    #[error("response {status} body is not UTF-8 text")]
    NotText { status: u16, body: Vec<u8> },
    /// A documented status came with another media type than the one
    /// documented (a proxy's or a mock's `application/problem+json` where
    /// the vendor documents `application/json`): not read as the vendor's
    /// body. `body` is what came.
    #[error("response {status} is {}, not the documented {expected}", content_type.as_deref().unwrap_or("untyped"))]
    UnexpectedContentType {
        status: u16,
        expected: &'static str,
        content_type: Option<String>,
        body: Vec<u8>,
    },
    /// A documented response header is missing (when required) or does
    /// not read as its documented type.
    #[error("response {status} header `{name}` is {problem}")]
    ResponseHeader {
        status: u16,
        name: &'static str,
        problem: &'static str,
    },
    /// A response that is not a documented success, turned into an error
    /// by `?` on [`crate::Response::into_result`]. `response` is the
    /// [`crate::ErrorResponse`], typed: downcast it to read the value.
    #[error("the server answered {status}: not a documented success")]
    Status {
        status: u16,
        response: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The base URL and path do not make a URL (shown redacted).
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

/// A URL as text for messages and `Debug`, redacted. A text that does
/// not parse has no parts to redact, so none of it is shown.
pub fn redacted_url_text(text: &str) -> String {
    match reqwest::Url::parse(text) {
        Ok(mut url) => {
            redact_url(&mut url);
            url.to_string()
        }
        Err(_) => "[not a URL]".to_string(),
    }
}

fn list(violations: &[crate::Violation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn alternatives_text(alternatives: &[Vec<&'static str>]) -> String {
    alternatives
        .iter()
        .map(|alt| {
            alt.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect::<Vec<_>>()
        .join(", or ")
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
        assert_eq!(
            super::redacted_url_text("not a url://me:hunter2@x?k=v"),
            "[not a URL]"
        );
    }

    #[test]
    fn missing_credentials_name_every_alternative() {
        let error = super::ClientError::MissingCredentials {
            alternatives: vec![vec!["SECRET_KEY"], vec!["basic", "otp"]],
        };
        assert_eq!(
            error.to_string(),
            "no credentials for this operation: set `SECRET_KEY`, or `basic` and `otp`"
        );
    }
}
