//! The web page at `/__mock/`: plain HTML, CSS and JavaScript shipped in
//! the crate (`mock-server/web/`), no build step and nothing from another
//! origin. It reads the admin endpoints and `/__mock/events`.

use bytes::Bytes;
use http::header::{CACHE_CONTROL, X_CONTENT_TYPE_OPTIONS};
use http::{HeaderName, HeaderValue, StatusCode};

use crate::respond::{reply, Reply};

const INDEX: &str = include_str!("../web/index.html");
const CSS: &str = include_str!("../web/app.css");
const JS: &str = include_str!("../web/app.js");

const CSP: HeaderName = HeaderName::from_static("content-security-policy");

/// The page or one of its assets, when `path` names one.
pub fn asset(path: &str) -> Option<Reply> {
    let (body, ty) = match path {
        "/__mock" | "/__mock/" => (INDEX, "text/html; charset=utf-8"),
        "/__mock/assets/app.css" => (CSS, "text/css; charset=utf-8"),
        "/__mock/assets/app.js" => (JS, "text/javascript; charset=utf-8"),
        _ => return None,
    };
    let mut r = reply(
        StatusCode::OK,
        Some(HeaderValue::from_static(ty)),
        Bytes::from_static(body.as_bytes()),
    );
    let h = r.headers_mut();
    h.insert(
        CSP,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Some(r)
}
