//! What the server sent back: the whole response as received (status,
//! headers, body) read by generated code into the operation's typed
//! value, and [`Response`], that value with its status and headers.
//! A body is read as the vendor's only when it comes with the
//! documented media type; documented headers are read into their types.

use std::fmt;
use std::ops::Deref;

use reqwest::header::{HeaderMap, CONTENT_TYPE};
use serde::de::DeserializeOwned;

use super::ClientError;
use crate::{Direction, Validate};

/// A response as it arrived, read by a generated method.
pub struct Received {
    status: u16,
    headers: HeaderMap,
    body: bytes::Bytes,
    validate: bool,
}

impl Received {
    pub(super) fn new(status: u16, headers: HeaderMap, body: bytes::Bytes, validate: bool) -> Self {
        Received {
            status,
            headers,
            body,
            validate,
        }
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The documented JSON body, sent as `media`; validated when
    /// response validation is on.
    pub fn json<T: DeserializeOwned + Validate>(
        &self,
        media: &'static str,
    ) -> Result<T, ClientError> {
        self.expect_media(media)?;
        decode_response(self.status, &self.body, self.validate)
    }

    /// The documented body as bytes, sent as `media`.
    pub fn bytes(&self, media: &'static str) -> Result<bytes::Bytes, ClientError> {
        self.expect_media(media)?;
        Ok(self.body.clone())
    }

    /// The documented body as text, sent as `media` (`text/plain`, ...).
    pub fn text(&self, media: &'static str) -> Result<String, ClientError> {
        self.expect_media(media)?;
        String::from_utf8(self.body.to_vec()).map_err(|e| ClientError::NotText {
            status: self.status,
            body: e.into_bytes(),
        })
    }

    /// Documented header `name`, when sent.
    pub fn header<T: FromHeader>(&self, name: &'static str) -> Result<Option<T>, ClientError> {
        let Some(value) = self.headers.get(name) else {
            return Ok(None);
        };
        value
            .to_str()
            .ok()
            .and_then(T::from_header)
            .map(Some)
            .ok_or(ClientError::ResponseHeader {
                status: self.status,
                name,
                problem: T::PROBLEM,
            })
    }

    /// Documented header `name`, which the contract says is always sent.
    pub fn required_header<T: FromHeader>(&self, name: &'static str) -> Result<T, ClientError> {
        self.header(name)?.ok_or(ClientError::ResponseHeader {
            status: self.status,
            name,
            problem: "missing",
        })
    }

    /// The status and body of a response the contract does not document.
    pub fn raw(&self) -> RawResponse {
        RawResponse {
            status: self.status,
            body: self.body.to_vec(),
        }
    }

    /// The typed value with this response's status and headers.
    pub fn finish<T>(self, value: T) -> Response<T> {
        Response {
            status: self.status,
            headers: self.headers,
            value,
        }
    }

    fn expect_media(&self, documented: &'static str) -> Result<(), ClientError> {
        let received = self
            .headers
            .get(CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        if media_matches(documented, received.as_deref()) {
            return Ok(());
        }
        Err(ClientError::UnexpectedContentType {
            status: self.status,
            expected: documented,
            content_type: received,
            body: self.body.to_vec(),
        })
    }
}

/// Whether a response's `Content-Type` is the documented media type (by
/// essence: parameters and case aside; `*/*` and `type/*` ranges match
/// what they cover). No `Content-Type` at all is read as documented.
pub fn media_matches(documented: &str, received: Option<&str>) -> bool {
    let Some(received) = received else {
        return true;
    };
    let essence = |m: &str| {
        m.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    };
    let (documented, received) = (essence(documented), essence(received));
    match documented.strip_suffix("/*") {
        Some("*") => true,
        Some(kind) => received.split('/').next() == Some(kind),
        None => documented == received,
    }
}

/// Header names whose values are credentials: shown as `Sensitive` by
/// `Debug` of the headers.
pub(super) fn mark_sensitive(headers: &mut HeaderMap) {
    for (name, value) in headers.iter_mut() {
        let name = name.as_str();
        let credential = [
            "set-cookie",
            "cookie",
            "authorization",
            "proxy-authorization",
        ]
        .contains(&name)
            || ["token", "secret", "password", "api-key", "apikey"]
                .iter()
                .any(|word| name.contains(word));
        if credential {
            value.set_sensitive(true);
        }
    }
}

/// A typed response value with the status and headers it came with.
/// Derefs to the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    pub status: u16,
    /// Every header as sent (credential-like ones show as `Sensitive`).
    pub headers: HeaderMap,
    pub value: T,
}

impl<T> Response<T> {
    pub fn into_inner(self) -> T {
        self.value
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            value: f(self.value),
        }
    }
}

impl<T> Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// An operation's per-status response enum: which of its values are the
/// documented successes (implemented by generated code).
pub trait Outcome: Sized {
    /// The success: the body (and typed headers) of the one documented
    /// success, or an enum of them when there are several.
    type Success;
    /// The success, or the value itself when it is not one.
    fn into_success(self) -> Result<Self::Success, Self>;
}

impl<T: Outcome> Response<T> {
    /// Documented successes as `Ok`, everything else (documented errors,
    /// `default`, undocumented statuses) as `Err` with its typed value,
    /// so `?` works and a documented 404 stays typed.
    pub fn into_result(self) -> Result<Response<T::Success>, ErrorResponse<T>> {
        let (status, headers) = (self.status, self.headers);
        match self.value.into_success() {
            Ok(value) => Ok(Response {
                status,
                headers,
                value,
            }),
            Err(value) => Err(ErrorResponse(Response {
                status,
                headers,
                value,
            })),
        }
    }
}

/// A response that is not a documented success, typed: the operation's
/// response enum holds the documented error's body.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse<T>(pub Response<T>);

impl<T> ErrorResponse<T> {
    pub fn status(&self) -> u16 {
        self.0.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.0.headers
    }

    pub fn value(&self) -> &T {
        &self.0.value
    }

    pub fn into_response(self) -> Response<T> {
        self.0
    }
}

impl<T> fmt::Display for ErrorResponse<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the server answered {}: not a documented success",
            self.0.status
        )
    }
}

impl<T: fmt::Debug> std::error::Error for ErrorResponse<T> {}

impl<T: fmt::Debug + Send + Sync + 'static> From<ErrorResponse<T>> for ClientError {
    fn from(error: ErrorResponse<T>) -> Self {
        ClientError::Status {
            status: error.status(),
            response: Box::new(error),
        }
    }
}

/// A documented response header's type, read from the header's text.
pub trait FromHeader: Sized {
    /// What a value that does not read is, for the error.
    const PROBLEM: &'static str;
    fn from_header(text: &str) -> Option<Self>;
}

impl FromHeader for String {
    const PROBLEM: &'static str = "not text";
    fn from_header(text: &str) -> Option<Self> {
        Some(text.to_string())
    }
}

impl FromHeader for i64 {
    const PROBLEM: &'static str = "not an integer";
    fn from_header(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }
}

impl FromHeader for f64 {
    const PROBLEM: &'static str = "not a number";
    fn from_header(text: &str) -> Option<Self> {
        text.trim().parse().ok().filter(|x: &f64| x.is_finite())
    }
}

impl FromHeader for bool {
    const PROBLEM: &'static str = "not `true` or `false`";
    fn from_header(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }
}

/// A header the contract names like a credential (`Set-Cookie`, a token).
impl FromHeader for super::Secret {
    const PROBLEM: &'static str = "not text";
    fn from_header(text: &str) -> Option<Self> {
        Some(super::Secret::new(text))
    }
}

/// A list, comma-separated (OpenAPI's `simple` style).
impl FromHeader for Vec<String> {
    const PROBLEM: &'static str = "not a list";
    fn from_header(text: &str) -> Option<Self> {
        Some(text.split(',').map(|s| s.trim().to_string()).collect())
    }
}

/// A response whose status the contract does not document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

/// Decode a JSON response body for a documented status.
pub fn decode_body<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, ClientError> {
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

/// Decode a documented JSON response body, validating it when asked.
pub fn decode_response<T: DeserializeOwned + Validate>(
    status: u16,
    body: &[u8],
    validate: bool,
) -> Result<T, ClientError> {
    let value: T = decode_body(status, body)?;
    check_response(status, &value, validate)?;
    Ok(value)
}

/// Check a response body when response validation is on.
pub fn check_response<T: Validate>(status: u16, body: &T, on: bool) -> Result<(), ClientError> {
    if !on {
        return Ok(());
    }
    body.validate_as(Direction::Response)
        .map_err(|violations| ClientError::InvalidResponse { status, violations })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn received(content_type: Option<&str>, headers: &[(&'static str, &str)]) -> Received {
        let mut map = HeaderMap::new();
        if let Some(ct) = content_type {
            map.insert(CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
        }
        for (name, value) in headers {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        mark_sensitive(&mut map);
        Received::new(
            404,
            map,
            bytes::Bytes::from_static(br#"{"title":"Not Found"}"#),
            false,
        )
    }

    #[test]
    fn another_media_type_is_not_read_as_the_documented_body() {
        let r = received(Some("application/problem+json"), &[]);
        match r.json::<serde_json::Value>("application/json") {
            Err(ClientError::UnexpectedContentType {
                status,
                expected,
                content_type,
                body,
            }) => {
                assert_eq!((status, expected), (404, "application/json"));
                assert_eq!(content_type.as_deref(), Some("application/problem+json"));
                assert_eq!(body, br#"{"title":"Not Found"}"#);
            }
            other => panic!("expected UnexpectedContentType, got {other:?}"),
        }
        let r = received(Some("Application/JSON; charset=utf-8"), &[]);
        assert!(r.json::<serde_json::Value>("application/json").is_ok());
        assert!(received(None, &[])
            .json::<serde_json::Value>("application/json")
            .is_ok());
        assert!(media_matches("*/*", Some("text/html")));
        assert!(media_matches("image/*", Some("image/png")));
        assert!(!media_matches("image/*", Some("text/png")));
    }

    #[test]
    fn documented_headers_read_into_their_types() {
        let r = received(
            None,
            &[
                ("x-rate-limit", "60"),
                ("x-tags", "a, b"),
                ("x-bad", "sixty"),
            ],
        );
        assert_eq!(r.required_header::<i64>("X-Rate-Limit").unwrap(), 60);
        assert_eq!(
            r.header::<Vec<String>>("x-tags").unwrap(),
            Some(vec!["a".to_string(), "b".to_string()])
        );
        assert_eq!(r.header::<String>("location").unwrap(), None);
        assert!(matches!(
            r.required_header::<String>("location"),
            Err(ClientError::ResponseHeader {
                problem: "missing",
                ..
            })
        ));
        assert!(matches!(
            r.header::<i64>("x-bad"),
            Err(ClientError::ResponseHeader {
                problem: "not an integer",
                ..
            })
        ));
    }

    #[test]
    fn credential_headers_do_not_show() {
        let r = received(
            None,
            &[("set-cookie", "session=s3cr3t"), ("x-auth-token", "t0k")],
        );
        let shown = format!("{:?}", r.finish(()));
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("t0k"),
            "{shown}"
        );
    }

    enum Answer {
        Ok(u8),
        NotFound,
    }

    impl Outcome for Answer {
        type Success = u8;
        fn into_success(self) -> Result<u8, Self> {
            match self {
                Answer::Ok(v) => Ok(v),
                other => Err(other),
            }
        }
    }

    impl fmt::Debug for Answer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(match self {
                Answer::Ok(_) => "Ok",
                Answer::NotFound => "NotFound",
            })
        }
    }

    #[test]
    fn into_result_splits_successes_from_errors() {
        let ok = received(None, &[])
            .finish(Answer::Ok(7))
            .into_result()
            .unwrap();
        assert_eq!((ok.status, *ok), (404, 7));
        let err = received(None, &[])
            .finish(Answer::NotFound)
            .into_result()
            .unwrap_err();
        assert!(matches!(err.value(), Answer::NotFound));
        let as_client: ClientError = err.into();
        match as_client {
            ClientError::Status { status, response } => {
                assert_eq!(status, 404);
                let typed = response.downcast::<ErrorResponse<Answer>>().unwrap();
                assert!(matches!(typed.value(), Answer::NotFound));
            }
            other => panic!("expected Status, got {other:?}"),
        }
    }
}
