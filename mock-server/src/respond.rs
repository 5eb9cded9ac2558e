//! Building responses: `Accept` negotiation, the chosen body (named,
//! generated or per request), the vendor's own error for an invalid
//! request, `application/problem+json` where it has none, and
//! `sl-violations`. Which response and example answer is
//! [`crate::selection`]'s choice.

use bytes::Bytes;
use http::header::{CONTENT_TYPE, WWW_AUTHENTICATE};
use http::{HeaderMap, HeaderName, HeaderValue, Response, StatusCode};
use http_body_util::Full;
use serde_json::{json, Value};

use crate::error_body::ErrorBodies;
use crate::journal::{Chosen, Why};
use crate::plan::{Content, Op, Resp, SchemeKind, Vendor};
use crate::request::{Class, Violation};
use crate::sample::{Rng, Sampler};
use crate::selection::{choose_body, documented_error, BodyChoice, Raised, Unserved};

// The selection policy lived here; kept so `respond::X` still names it.
pub use crate::selection::{default_response, example_use, why_selected};

pub type Reply = Response<Full<Bytes>>;

/// The header carrying request violations (Prism's name and shape).
pub const VIOLATIONS_HEADER: HeaderName = HeaderName::from_static("sl-violations");
/// Longest `sl-violations` value sent.
const MAX_VIOLATIONS_HEADER: usize = 8 * 1024 - 100;
/// Most violations listed in a problem body.
const MAX_VIOLATIONS_BODY: usize = 100;

pub const PROBLEM_JSON: HeaderValue = HeaderValue::from_static("application/problem+json");

/// The mock's own errors (names follow Prism's, so clients can switch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    NoPathMatched,
    NoMethodMatched,
    Unauthorized,
    InvalidContentType,
    UnprocessableEntity,
    NotAcceptable,
    NotFound,
    InvalidPreference,
    PayloadTooLarge,
    RequestTimeout,
    BadRequest,
    NoResponseDefined,
    BadGateway,
    GatewayTimeout,
}

impl Problem {
    pub fn status(self) -> StatusCode {
        match self {
            Problem::NoPathMatched | Problem::NotFound => StatusCode::NOT_FOUND,
            Problem::NoMethodMatched => StatusCode::METHOD_NOT_ALLOWED,
            Problem::Unauthorized => StatusCode::UNAUTHORIZED,
            Problem::InvalidContentType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Problem::UnprocessableEntity | Problem::InvalidPreference => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Problem::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            Problem::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Problem::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Problem::BadRequest => StatusCode::BAD_REQUEST,
            Problem::NoResponseDefined => StatusCode::INTERNAL_SERVER_ERROR,
            Problem::BadGateway => StatusCode::BAD_GATEWAY,
            Problem::GatewayTimeout => StatusCode::GATEWAY_TIMEOUT,
        }
    }

    pub const ALL: [Problem; 14] = [
        Problem::NoPathMatched,
        Problem::NoMethodMatched,
        Problem::Unauthorized,
        Problem::InvalidContentType,
        Problem::UnprocessableEntity,
        Problem::NotAcceptable,
        Problem::NotFound,
        Problem::InvalidPreference,
        Problem::PayloadTooLarge,
        Problem::RequestTimeout,
        Problem::BadRequest,
        Problem::NoResponseDefined,
        Problem::BadGateway,
        Problem::GatewayTimeout,
    ];

    fn name(self) -> &'static str {
        match self {
            Problem::NoPathMatched => "NO_PATH_MATCHED_ERROR",
            Problem::NoMethodMatched => "NO_METHOD_MATCHED_ERROR",
            Problem::Unauthorized => "UNAUTHORIZED",
            Problem::InvalidContentType => "INVALID_CONTENT_TYPE",
            Problem::UnprocessableEntity => "UNPROCESSABLE_ENTITY",
            Problem::NotAcceptable => "NOT_ACCEPTABLE",
            Problem::NotFound => "NOT_FOUND",
            Problem::InvalidPreference => "INVALID_PREFERENCE",
            Problem::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Problem::RequestTimeout => "REQUEST_TIMEOUT",
            Problem::BadRequest => "BAD_REQUEST",
            Problem::NoResponseDefined => "NO_RESPONSE_DEFINED",
            Problem::BadGateway => "UPSTREAM_UNREACHABLE",
            Problem::GatewayTimeout => "UPSTREAM_TIMEOUT",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Problem::NoPathMatched => "Route not resolved, no path matched",
            Problem::NoMethodMatched => "Route resolved, but no method matched",
            Problem::Unauthorized => "Invalid security scheme used",
            Problem::InvalidContentType => "Invalid content type",
            Problem::UnprocessableEntity => "Invalid request",
            Problem::NotAcceptable => {
                "The server cannot produce a representation for your accept header"
            }
            Problem::NotFound => "The server cannot find the requested content",
            Problem::InvalidPreference => "Invalid preference",
            Problem::PayloadTooLarge => "Request body too large",
            Problem::RequestTimeout => "Request body not received in time",
            Problem::BadRequest => "Malformed request",
            Problem::NoResponseDefined => "No response defined for the selected operation",
            Problem::BadGateway => "The proxied vendor's API could not be reached",
            Problem::GatewayTimeout => "The proxied vendor's API did not answer in time",
        }
    }
}

/// An `application/problem+json` reply.
pub fn problem(kind: Problem, detail: &str, violations: Option<&[Violation]>) -> Reply {
    let body = problem_body(kind, detail, violations);
    reply(
        kind.status(),
        Some(PROBLEM_JSON),
        Bytes::from(serde_json::to_vec(&body).unwrap_or_default()),
    )
}

/// The problem+json document (RFC 9457): `type`, `title`, `status`,
/// `detail`, and `violations` for an invalid request.
pub fn problem_body(kind: Problem, detail: &str, violations: Option<&[Violation]>) -> Value {
    let mut body = json!({
        "type": format!("/__mock/errors#{}", kind.name()),
        "title": kind.title(),
        "status": kind.status().as_u16(),
        "detail": detail,
    });
    if let Some(v) = violations {
        body["violations"] = Value::Array(
            v.iter()
                .take(MAX_VIOLATIONS_BODY)
                .map(|v| {
                    json!({
                        "location": v.location.as_str(),
                        "pointer": v.pointer,
                        "code": v.code,
                        "message": v.message,
                    })
                })
                .collect(),
        );
    }
    body
}

pub fn reply(status: StatusCode, content_type: Option<HeaderValue>, body: Bytes) -> Reply {
    let mut r = Response::new(Full::new(body));
    *r.status_mut() = status;
    // room for the CORS headers and a few more, without regrowing
    r.headers_mut().reserve(12);
    if let Some(ct) = content_type {
        r.headers_mut().insert(CONTENT_TYPE, ct);
    }
    r
}

/// Why the preferred response cannot be served.
#[derive(Debug)]
pub enum Refusal {
    Problem(Problem, String),
}

impl From<Unserved> for Refusal {
    fn from(u: Unserved) -> Refusal {
        let kind = match u {
            Unserved::NoResponse(_) => Problem::NoResponseDefined,
            Unserved::Code { .. } | Unserved::Example { .. } | Unserved::NoBody { .. } => {
                Problem::NotFound
            }
        };
        Refusal::Problem(kind, u.to_string())
    }
}

/// Content negotiation: None when the response has no content; Err when
/// it has some but `Accept` rules all of it out.
pub fn negotiate<'r>(
    resp: &'r Resp,
    accept: Option<&[u8]>,
) -> Result<Option<&'r Content>, Refusal> {
    if resp.content.is_empty() {
        return Ok(None);
    }
    let Some(accept) = accept
        .map(String::from_utf8_lossy)
        .filter(|a| !a.trim().is_empty())
    else {
        return Ok(resp
            .content
            .iter()
            .find(|c| c.json && c.body.is_some())
            .or_else(|| resp.plain_content()));
    };
    let mut best: Option<(f32, &Content)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
            })
            .next()
            .unwrap_or(1.0);
        if q <= 0.0 || media.is_empty() {
            continue;
        }
        for c in &resp.content {
            let essence = generator::http::media_essence(&c.media);
            if crate::request::media_matches(&media, &essence) || essence == "*/*" {
                if best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, c));
                }
                break;
            }
        }
    }
    match best {
        Some((_, c)) => Ok(Some(c)),
        None => {
            let offered: Vec<&str> = resp.content.iter().map(|c| c.media.as_str()).collect();
            Err(Refusal::Problem(
                Problem::NotAcceptable,
                format!("`Accept: {accept}` matches none of: {}", offered.join(", ")),
            ))
        }
    }
}

/// The body for a chosen content: the named example, a generated body
/// (`dynamic`), or the default one.
pub fn body_for(
    vendor: &Vendor,
    content: &Content,
    example: Option<&str>,
    dynamic: Option<&mut Rng>,
) -> Result<Bytes, Refusal> {
    let choice = choose_body(content, example, dynamic.is_some())?;
    if let BodyChoice::Named(i) = choice {
        if let Some(e) = content.examples.get(i) {
            return Ok(e.body.clone());
        }
    }
    if let (BodyChoice::Dynamic, Some(rng), Some(schema)) = (choice, dynamic, &content.schema) {
        let validator = vendor
            .validator()
            .direction(generator::validate::Direction::Response);
        let sampler = Sampler::new(&validator, generator::validate::Direction::Response);
        if let Some(v) = sampler.dynamic_value(schema, rng) {
            return Ok(crate::compile::encode(&v, content.json));
        }
    }
    content.body.clone().ok_or_else(|| {
        Refusal::Problem(
            Problem::NoResponseDefined,
            format!(
                "no body that fits the `{}` schema could be made",
                content.media
            ),
        )
    })
}

/// A documented response as a reply (`status`, headers, chosen content).
pub fn documented(
    resp: &Resp,
    status: StatusCode,
    content: Option<&Content>,
    body: Bytes,
) -> Reply {
    let mut r = reply(status, content.map(|c| c.content_type.clone()), body);
    for (name, value) in &resp.headers {
        r.headers_mut().insert(name.clone(), value.clone());
    }
    r
}

/// The reply to an invalid request: the vendor's own documented error
/// (401 for security; 415, 422, 400 for content type; 422, 400 otherwise;
/// then `default`), with its first example; else a problem+json body.
/// The violations are attached as a header either way.
pub fn invalid(vendor: &Vendor, op: &Op, violations: &[Violation], bodies: ErrorBodies) -> Reply {
    invalid_with(vendor, op, violations, bodies, &mut Chosen::default())
}

/// [`invalid`], telling which response was chosen and why.
pub fn invalid_with(
    vendor: &Vendor,
    op: &Op,
    violations: &[Violation],
    bodies: ErrorBodies,
    chosen: &mut Chosen,
) -> Reply {
    let class = violations
        .iter()
        .map(|v| v.class)
        .min()
        .unwrap_or(Class::Invalid);
    let found = documented_error(op, Raised::Invalid(class));
    let mut r = None;
    *chosen = Chosen {
        why: Why::InvalidUndocumented(class),
        ..Chosen::default()
    };
    if let Some((i, status)) = found {
        let resp = &op.responses[i];
        match resp.plain_content() {
            Some(c) => {
                if let Some(body) = &c.body {
                    let filled = match bodies {
                        ErrorBodies::Violations => saying_why(vendor, c, || {
                            crate::explain::summary(violations, &vendor.secret_query)
                        }),
                        ErrorBodies::Documented => None,
                    };
                    *chosen = Chosen {
                        response: Some(i),
                        content: resp.content.iter().position(|x| std::ptr::eq(x, c)),
                        example: example_use(c, None, false),
                        filled: filled.is_some(),
                        why: Why::Invalid(class),
                    };
                    let body = filled.unwrap_or_else(|| body.clone());
                    r = Some(documented(resp, status, Some(c), body));
                }
            }
            None => {
                *chosen = Chosen {
                    response: Some(i),
                    why: Why::Invalid(class),
                    ..Chosen::default()
                };
                r = Some(documented(resp, status, None, Bytes::new()));
            }
        }
    }
    let mut r = r.unwrap_or_else(|| {
        let (kind, detail) = match class {
            Class::Security => (
                Problem::Unauthorized,
                "Your request does not meet the security requirements and the contract documents no 401 response, so the mock generated this error.",
            ),
            Class::ContentType => (
                Problem::InvalidContentType,
                "Your request body's content type is not documented and the contract documents no 415, 422 or 400 response, so the mock generated this error.",
            ),
            Class::Malformed => (
                Problem::BadRequest,
                "Your request body cannot be read as its content type and the contract documents no 400 or 422 response, so the mock generated this error.",
            ),
            Class::Invalid => (
                Problem::UnprocessableEntity,
                "Your request does not match the contract and the contract documents no 422 or 400 response, so the mock generated this error.",
            ),
        };
        problem(kind, detail, Some(violations))
    });
    if r.status() == StatusCode::UNAUTHORIZED {
        if let Some(v) = www_authenticate(op) {
            r.headers_mut().entry(WWW_AUTHENTICATE).or_insert(v);
        }
    }
    attach_violations(r.headers_mut(), violations);
    r
}

/// A documented error body with its message field set to `why`, where it
/// has one and the result still validates.
pub fn saying_why(vendor: &Vendor, c: &Content, why: impl FnOnce() -> String) -> Option<Bytes> {
    let validator = vendor
        .validator()
        .direction(generator::validate::Direction::Response);
    let slot = c.message(&validator)?;
    slot.fill(&why(), c.schema.as_ref(), &validator)
}

fn www_authenticate(op: &Op) -> Option<HeaderValue> {
    let mut tags: Vec<&str> = Vec::new();
    for scheme in op.security.iter().flatten() {
        let tag = match &scheme.kind {
            SchemeKind::Bearer => "Bearer",
            SchemeKind::Basic => "Basic realm=\"*\"",
            SchemeKind::OtherHttp(_) | SchemeKind::ApiKey { .. } => continue,
        };
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.is_empty() {
        return None;
    }
    HeaderValue::from_str(&tags.join(", ")).ok()
}

/// `sl-violations: [{"location":["request","body",...],"severity":"Error",
/// "code":...,"message":...}]`, ASCII-only and cut to a sane size (the
/// last entry then says how many were left out).
pub fn attach_violations(headers: &mut HeaderMap, violations: &[Violation]) {
    if violations.is_empty() {
        return;
    }
    let mut out = String::from("[");
    for (i, v) in violations.iter().enumerate() {
        let mut item = String::from("{\"location\":[\"request\",");
        push_json_str(&mut item, v.location.as_str());
        for token in v.pointer.split('/').skip(1).take(32) {
            item.push(',');
            push_json_str(
                &mut item,
                &clip(&generator::pointer::unescape_pointer(token), 64),
            );
        }
        item.push_str("],\"severity\":\"Error\",\"code\":");
        push_json_str(&mut item, &v.code);
        item.push_str(",\"message\":");
        push_json_str(&mut item, &clip(&v.message, 256));
        item.push('}');
        let left = violations.len() - i;
        if out.len() + item.len() + 120 > MAX_VIOLATIONS_HEADER {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&format!(
                "{{\"location\":[\"request\"],\"severity\":\"Error\",\"code\":\"truncated\",\"message\":\"{left} more violation(s) not shown\"}}"
            ));
            break;
        }
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item);
    }
    out.push(']');
    if let Ok(v) = HeaderValue::from_str(&out) {
        headers.insert(VIOLATIONS_HEADER, v);
    }
}

fn clip(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &text[..end])
}

/// A JSON string literal using only visible ASCII (header-safe).
fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Location;

    #[test]
    fn violations_header_is_ascii_json_and_bounded() {
        let v = Violation {
            location: Location::Body,
            pointer: "/na~1me/0".into(),
            code: "type".into(),
            message: "expected \"string\" — found ✓\n".into(),
            class: Class::Invalid,
        };
        let mut h = HeaderMap::new();
        attach_violations(&mut h, std::slice::from_ref(&v));
        let text = h[VIOLATIONS_HEADER].to_str().unwrap();
        let parsed: Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            parsed[0]["location"],
            json!(["request", "body", "na/me", "0"])
        );
        assert_eq!(
            parsed[0]["message"],
            json!("expected \"string\" — found ✓\n")
        );
        let many = vec![v; 1000];
        attach_violations(&mut h, &many);
        let text = h[VIOLATIONS_HEADER].to_str().unwrap();
        assert!(text.len() <= MAX_VIOLATIONS_HEADER);
        let parsed: Vec<Value> = serde_json::from_str(text).unwrap();
        assert_eq!(parsed.last().unwrap()["code"], json!("truncated"));
    }
}
