//! CORS, Prism's way: preflights are answered with 204 and echo what was
//! asked; every other response carries permissive CORS headers (headers
//! the contract itself documents are kept).

use bytes::Bytes;
use http::header::{self, HeaderName, HeaderValue};
use http::request::Parts;
use http::{Method, StatusCode};

use crate::respond::{self, Reply};

const ALLOW_ORIGIN: HeaderName = HeaderName::from_static("access-control-allow-origin");
const ALLOW_HEADERS: HeaderName = HeaderName::from_static("access-control-allow-headers");
const ALLOW_CREDENTIALS: HeaderName = HeaderName::from_static("access-control-allow-credentials");
const EXPOSE_HEADERS: HeaderName = HeaderName::from_static("access-control-expose-headers");
const ALLOW_METHODS: HeaderName = HeaderName::from_static("access-control-allow-methods");
const REQUEST_METHOD: HeaderName = HeaderName::from_static("access-control-request-method");
const REQUEST_HEADERS: HeaderName = HeaderName::from_static("access-control-request-headers");

/// A browser's preflight: `OPTIONS` with `Origin` and the method it wants.
pub fn is_preflight(parts: &Parts) -> bool {
    parts.method == Method::OPTIONS
        && parts.headers.contains_key(header::ORIGIN)
        && parts.headers.contains_key(REQUEST_METHOD)
}

/// 204 allowing the requested method (the origin and headers are added by
/// [`add_headers`] like on every response).
pub fn preflight(parts: &Parts) -> Reply {
    let mut r = respond::reply(StatusCode::NO_CONTENT, None, Bytes::new());
    if let Some(m) = parts.headers.get(REQUEST_METHOD) {
        r.headers_mut().insert(ALLOW_METHODS, m.clone());
    }
    r.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(0));
    r
}

/// CORS headers on `reply`; the request's origin is echoed when sent.
pub fn add_headers(parts: &Parts, reply: &mut Reply) {
    let origin = parts.headers.get(header::ORIGIN);
    let headers = reply.headers_mut();
    headers
        .entry(ALLOW_ORIGIN)
        .or_insert_with(|| origin.cloned().unwrap_or(HeaderValue::from_static("*")));
    headers.entry(ALLOW_HEADERS).or_insert_with(|| {
        parts
            .headers
            .get(REQUEST_HEADERS)
            .cloned()
            .unwrap_or(HeaderValue::from_static("*"))
    });
    headers
        .entry(ALLOW_CREDENTIALS)
        .or_insert(HeaderValue::from_static("true"));
    headers
        .entry(EXPOSE_HEADERS)
        .or_insert(HeaderValue::from_static(
            "*, sl-violations, deprecation, www-authenticate, allow",
        ));
    if origin.is_some() {
        headers.append(header::VARY, HeaderValue::from_static("origin"));
    }
}
