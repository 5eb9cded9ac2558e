//! Checking a request against its operation: path parameters, query,
//! headers, cookies, security, content type and body, collecting every
//! violation (never stopping at the first).

use std::borrow::Cow;

use generator::http::media_essence;
use generator::model::ParamLocation;
use generator::validate::Direction;
use http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE};
use http::HeaderMap;
use serde_json::{Map, Number, Value};

use crate::compile::body_kind;
use crate::plan::{BodyKind, Op, Param, ParamKind, SchemeKind, Vendor};

/// Where a violation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
    Body,
    Security,
}

impl Location {
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
            Location::Body => "body",
            Location::Security => "security",
        }
    }

    fn of(p: ParamLocation) -> Location {
        match p {
            ParamLocation::Path => Location::Path,
            ParamLocation::Query => Location::Query,
            ParamLocation::Header => Location::Header,
            ParamLocation::Cookie => Location::Cookie,
        }
    }
}

/// Which documented error answers a violation (Prism's classes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// 401
    Security,
    /// 415, else 422, else 400
    ContentType,
    /// A body that cannot be parsed: 400, else 422
    Malformed,
    /// 422, else 400
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub location: Location,
    /// JSON pointer: into the body, or `/<name>...` for a parameter.
    pub pointer: String,
    pub code: Cow<'static, str>,
    pub message: String,
    pub class: Class,
}

/// What a request brings, already split up by the server.
pub struct Incoming<'a> {
    pub headers: &'a HeaderMap,
    /// Decoded query pairs, in order.
    pub query: &'a [(String, String)],
    /// Raw (percent-encoded) path parameter values.
    pub path_params: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
}

/// Every violation of `op`'s rules; `credentials`, when not empty, lists
/// the only credential values accepted.
pub fn check(vendor: &Vendor, op: &Op, req: &Incoming, credentials: &[String]) -> Vec<Violation> {
    let mut out = Vec::new();
    if !op.params.is_empty() {
        let cookies = cookies(req.headers);
        for p in &op.params {
            check_param(vendor, p, req, &cookies, &mut out);
        }
    }
    check_security(op, req, credentials, &mut out);
    check_body(vendor, op, req, &mut out);
    out
}

fn check_param(
    vendor: &Vendor,
    p: &Param,
    req: &Incoming,
    cookies: &[(String, String)],
    out: &mut Vec<Violation>,
) {
    let location = Location::of(p.location);
    let raw: Vec<Cow<str>> = match p.location {
        ParamLocation::Path => req
            .path_params
            .iter()
            .filter(|(n, _)| *n == p.name)
            .map(|(_, v)| percent_decode(v, false))
            .collect(),
        ParamLocation::Query => req
            .query
            .iter()
            .filter(|(n, _)| *n == p.name)
            .map(|(_, v)| Cow::Borrowed(v.as_str()))
            .collect(),
        ParamLocation::Header => req
            .headers
            .get_all(p.name.as_str())
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()))
            .collect(),
        ParamLocation::Cookie => cookies
            .iter()
            .filter(|(n, _)| *n == p.name)
            .map(|(_, v)| Cow::Borrowed(v.as_str()))
            .collect(),
    };
    if p.deep && p.location == ParamLocation::Query {
        return check_deep_object(vendor, p, req, out);
    }
    let object_from_query =
        p.kind == ParamKind::Object && p.location == ParamLocation::Query && p.explode;
    if raw.is_empty() && !object_from_query {
        if p.required {
            out.push(Violation {
                location,
                pointer: format!("/{}", escape(&p.name)),
                code: "required".into(),
                message: format!(
                    "required {} parameter `{}` is missing",
                    location.as_str(),
                    p.name
                ),
                class: Class::Invalid,
            });
        }
        return;
    }
    let value = match p.kind {
        ParamKind::Array => {
            let items: Vec<Value> = if p.explode
                && p.location != ParamLocation::Path
                && p.location != ParamLocation::Header
            {
                raw.iter().map(|t| coerce(p.item_kind, t)).collect()
            } else {
                let joined = raw.join(",");
                if joined.is_empty() {
                    Vec::new()
                } else {
                    joined
                        .split(',')
                        .map(|t| coerce(p.item_kind, t.trim()))
                        .collect()
                }
            };
            Value::Array(items)
        }
        ParamKind::Object if object_from_query => {
            let schema = vendor.contract.components.deref(&p.schema);
            let mut map = Map::new();
            for (k, v) in req.query {
                if let Some(prop) = schema.properties.get(k) {
                    let kind = match vendor.contract.components.deref(prop).schema_type {
                        Some(generator::model::SchemaType::Integer) => ParamKind::Integer,
                        Some(generator::model::SchemaType::Number) => ParamKind::Number,
                        Some(generator::model::SchemaType::Boolean) => ParamKind::Boolean,
                        _ => ParamKind::String,
                    };
                    map.insert(k.clone(), coerce(kind, v));
                }
            }
            if map.is_empty() && !p.required {
                return;
            }
            Value::Object(map)
        }
        ParamKind::Object => {
            serde_json::from_str(&raw[0]).unwrap_or_else(|_| Value::String(raw[0].to_string()))
        }
        kind => coerce(kind, &raw[0]),
    };
    let validator = vendor.validator().direction(Direction::Request);
    for v in validator.validate(&p.schema, &value) {
        out.push(Violation {
            location,
            pointer: format!("/{}{}", escape(&p.name), v.pointer),
            code: v.keyword.into(),
            message: format!(
                "{} parameter `{}`: {}",
                location.as_str(),
                p.name,
                v.message
            ),
            class: Class::Invalid,
        });
    }
}

/// A `deepObject` query parameter: `name[key]=value` pairs as an object
/// (a bare `name=` is an empty one).
fn check_deep_object(vendor: &Vendor, p: &Param, req: &Incoming, out: &mut Vec<Violation>) {
    let schema = vendor.contract.components.deref(&p.schema);
    let mut map = Map::new();
    let mut present = false;
    let mut bare = None;
    for (k, v) in req.query {
        if *k == p.name {
            present = true;
            if !v.is_empty() {
                bare = Some(v);
            }
        } else if let Some(keys) = k.strip_prefix(p.name.as_str()).and_then(bracket_path) {
            present = true;
            let kind = match keys.as_slice() {
                [key] => schema
                    .properties
                    .get(*key)
                    .map_or(ParamKind::String, |prop| {
                        match vendor.contract.components.deref(prop).schema_type {
                            Some(generator::model::SchemaType::Integer) => ParamKind::Integer,
                            Some(generator::model::SchemaType::Number) => ParamKind::Number,
                            Some(generator::model::SchemaType::Boolean) => ParamKind::Boolean,
                            _ => ParamKind::String,
                        }
                    }),
                _ => ParamKind::String,
            };
            insert_path(&mut map, &keys, coerce(kind, v));
        }
    }
    if !present {
        if p.required {
            out.push(Violation {
                location: Location::Query,
                pointer: format!("/{}", escape(&p.name)),
                code: "required".into(),
                message: format!("required query parameter `{}` is missing", p.name),
                class: Class::Invalid,
            });
        }
        return;
    }
    let value = match bare {
        Some(text) => Value::String(text.clone()),
        None => Value::Object(map),
    };
    let validator = vendor.validator().direction(Direction::Request);
    for v in validator.validate(&p.schema, &value) {
        out.push(Violation {
            location: Location::Query,
            pointer: format!("/{}{}", escape(&p.name), v.pointer),
            code: v.keyword.into(),
            message: format!("query parameter `{}`: {}", p.name, v.message),
            class: Class::Invalid,
        });
    }
}

/// `[a][b]` -> `["a", "b"]` (at most 8 levels); None unless the whole
/// text is bracketed keys.
fn bracket_path(mut rest: &str) -> Option<Vec<&str>> {
    let mut keys = Vec::new();
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[')?;
        let end = inner.find(']')?;
        keys.push(&inner[..end]);
        rest = &inner[end + 1..];
        if keys.len() > 8 {
            return None;
        }
    }
    (!keys.is_empty()).then_some(keys)
}

/// `{a: {b: value}}` for the keys `[a, b]`; a key already holding a
/// non-object keeps it (the first value wins).
fn insert_path(map: &mut Map<String, Value>, keys: &[&str], value: Value) {
    let Some((last, parents)) = keys.split_last() else {
        return;
    };
    let mut at = map;
    for key in parents {
        let slot = at
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        match slot {
            Value::Object(inner) => at = inner,
            _ => return,
        }
    }
    at.entry(last.to_string()).or_insert(value);
}

/// Text from the wire as the JSON value its schema type expects; left a
/// string (and so reported as a type mismatch) when it does not parse.
pub(crate) fn coerce(kind: ParamKind, text: &str) -> Value {
    match kind {
        ParamKind::Number | ParamKind::Integer => match text.parse::<Number>() {
            Ok(n) => Value::Number(n),
            Err(_) => Value::String(text.to_string()),
        },
        ParamKind::Boolean => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text.to_string()),
        },
        _ => Value::String(text.to_string()),
    }
}

fn escape(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(generator::pointer::escape_pointer(token))
    } else {
        Cow::Borrowed(token)
    }
}

fn cookies(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for h in headers.get_all(COOKIE) {
        for pair in String::from_utf8_lossy(h.as_bytes()).split(';') {
            if let Some((k, v)) = pair.split_once('=') {
                out.push((k.trim().to_string(), v.trim().trim_matches('"').to_string()));
            }
        }
    }
    out
}

/// The credential a scheme finds in the request, or why there is none.
fn credential<'r>(kind: &SchemeKind, req: &'r Incoming) -> Result<Cow<'r, str>, String> {
    let header = |name: &str| {
        req.headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()))
            .filter(|v| !v.trim().is_empty())
    };
    let with_scheme = |scheme: &str| -> Result<Cow<'r, str>, String> {
        let Some(v) = req.headers.get(AUTHORIZATION) else {
            return Err(format!(
                "an `Authorization: {scheme} ...` header is required"
            ));
        };
        let text = String::from_utf8_lossy(v.as_bytes());
        let token = text
            .split_once(' ')
            .filter(|(s, _)| s.eq_ignore_ascii_case(scheme))
            .map(|(_, t)| t.trim().to_string())
            .filter(|t| !t.is_empty());
        token
            .map(Cow::Owned)
            .ok_or_else(|| format!("the `Authorization` header must read `{scheme} <credentials>`"))
    };
    match kind {
        SchemeKind::ApiKey { location, name } => {
            let found = match location {
                ParamLocation::Header => header(name),
                ParamLocation::Query => req
                    .query
                    .iter()
                    .find(|(k, v)| k == name && !v.is_empty())
                    .map(|(_, v)| Cow::Borrowed(v.as_str())),
                ParamLocation::Cookie => cookies(req.headers)
                    .into_iter()
                    .find(|(k, v)| k == name && !v.is_empty())
                    .map(|(_, v)| Cow::Owned(v)),
                ParamLocation::Path => None,
            };
            found.ok_or_else(|| {
                format!(
                    "an API key is required in the {} `{name}`",
                    match location {
                        ParamLocation::Query => "query parameter",
                        ParamLocation::Cookie => "cookie",
                        _ => "header",
                    }
                )
            })
        }
        SchemeKind::Bearer => with_scheme("Bearer"),
        SchemeKind::Basic => {
            let encoded = with_scheme("Basic")?;
            let decoded = base64_decode(&encoded)
                .and_then(|b| String::from_utf8(b).ok())
                .filter(|s| s.contains(':'))
                .ok_or_else(|| "basic credentials must be base64 of `user:password`".to_string())?;
            Ok(Cow::Owned(decoded))
        }
        SchemeKind::OtherHttp(scheme) => with_scheme(scheme),
    }
}

fn check_security(op: &Op, req: &Incoming, accepted: &[String], out: &mut Vec<Violation>) {
    if op.security.is_empty() {
        return;
    }
    let mut best: Option<Vec<Violation>> = None;
    for alternative in &op.security {
        let mut missing = Vec::new();
        for scheme in alternative {
            let problem = match credential(&scheme.kind, req) {
                Ok(value) if accepted.is_empty() || accepted.iter().any(|a| *a == value) => None,
                Ok(_) => Some((
                    "credentials",
                    "these credentials are not accepted by this mock".to_string(),
                )),
                Err(why) => Some(("missing", why)),
            };
            if let Some((code, why)) = problem {
                missing.push(Violation {
                    location: Location::Security,
                    pointer: format!("/{}", escape(&scheme.name)),
                    code: code.into(),
                    message: format!("security scheme `{}`: {why}", scheme.name),
                    class: Class::Security,
                });
            }
        }
        if missing.is_empty() {
            return;
        }
        if best.as_ref().is_none_or(|b| missing.len() < b.len()) {
            best = Some(missing);
        }
    }
    out.extend(best.unwrap_or_default());
}

fn check_body(vendor: &Vendor, op: &Op, req: &Incoming, out: &mut Vec<Violation>) {
    let essence = req
        .headers
        .get(CONTENT_TYPE)
        .map(|v| media_essence(&String::from_utf8_lossy(v.as_bytes())));
    let Some(body) = &op.body else {
        if !req.body.is_empty() {
            out.push(Violation {
                location: Location::Body,
                pointer: String::new(),
                code: "415".into(),
                message: "this operation documents no request body, but one was sent".into(),
                class: Class::ContentType,
            });
        }
        return;
    };
    if req.body.is_empty() {
        if body.required {
            out.push(Violation {
                location: Location::Body,
                pointer: String::new(),
                code: "required".into(),
                message: "a request body is required".into(),
                class: Class::Invalid,
            });
        }
        return;
    }
    let documented = || {
        body.media
            .iter()
            .map(|m| m.media.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(essence) = essence else {
        out.push(Violation {
            location: Location::Body,
            pointer: String::new(),
            code: "415".into(),
            message: format!("the body has no Content-Type; documented: {}", documented()),
            class: Class::ContentType,
        });
        return;
    };
    let Some(media) = body
        .media
        .iter()
        .find(|m| media_matches(&m.media, &essence))
    else {
        out.push(Violation {
            location: Location::Body,
            pointer: String::new(),
            code: "415".into(),
            message: format!(
                "content type `{essence}` is not documented; documented: {}",
                documented()
            ),
            class: Class::ContentType,
        });
        return;
    };
    let Some(schema) = &media.schema else { return };
    let kind = match media.kind {
        BodyKind::Json if media.media == "*/*" => body_kind(&essence),
        k => k,
    };
    let value = match kind {
        BodyKind::Json => match serde_json::from_slice::<Value>(req.body) {
            Ok(v) => v,
            Err(e) => {
                out.push(Violation {
                    location: Location::Body,
                    pointer: String::new(),
                    code: "json".into(),
                    message: format!("the body is not valid JSON: {e}"),
                    class: Class::Malformed,
                });
                return;
            }
        },
        BodyKind::Form => match crate::forms::urlencoded(vendor, schema, req.body) {
            Ok(v) => v,
            Err(why) => return malformed(out, why),
        },
        BodyKind::Multipart => {
            let raw = req
                .headers
                .get(CONTENT_TYPE)
                .map(|v| String::from_utf8_lossy(v.as_bytes()))
                .unwrap_or_default();
            match crate::forms::multipart(vendor, schema, req.body, &raw) {
                Ok(v) => v,
                Err(why) => return malformed(out, why),
            }
        }
        BodyKind::Text => Value::String(String::from_utf8_lossy(req.body).into_owned()),
        BodyKind::Other => return,
    };
    let validator = vendor.validator().direction(Direction::Request);
    for v in validator.validate(schema, &value) {
        out.push(Violation {
            location: Location::Body,
            pointer: v.pointer,
            code: v.keyword.into(),
            message: v.message,
            class: Class::Invalid,
        });
    }
}

/// A body that cannot be read as its content type.
fn malformed(out: &mut Vec<Violation>, why: String) {
    out.push(Violation {
        location: Location::Body,
        pointer: String::new(),
        code: "malformed".into(),
        message: why,
        class: Class::Malformed,
    });
}

/// Does a documented media range (`application/json`, `text/*`, `*/*`)
/// cover a request's media type?
pub fn media_matches(range: &str, essence: &str) -> bool {
    let range = media_essence(range);
    if range == "*/*" || range == essence {
        return true;
    }
    match (range.split_once('/'), essence.split_once('/')) {
        (Some((rt, "*")), Some((et, _))) => rt == et,
        _ => false,
    }
}

/// `a=1&b=x+y` -> decoded pairs (`+` is a space).
pub fn parse_query(raw: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(raw);
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (
                percent_decode(k, true).into_owned(),
                percent_decode(v, true).into_owned(),
            )
        })
        .collect()
}

/// Percent-decode (invalid escapes are kept as they are; bytes that are
/// not UTF-8 become U+FFFD).
pub fn percent_decode(text: &str, plus_is_space: bool) -> Cow<'_, str> {
    if !(text.contains('%') || (plus_is_space && text.contains('+'))) {
        return Cow::Borrowed(text);
    }
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Standard base64 (padding optional); None when not base64.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.trim().trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_keeps_bad_escapes() {
        assert_eq!(percent_decode("a%20b", false), "a b");
        assert_eq!(percent_decode("a+b", true), "a b");
        assert_eq!(percent_decode("a+b", false), "a+b");
        assert_eq!(percent_decode("100%", false), "100%");
        assert_eq!(percent_decode("%zz%4", false), "%zz%4");
        assert_eq!(percent_decode("%ff", false), "\u{fffd}");
    }

    #[test]
    fn base64_and_media_ranges() {
        assert_eq!(base64_decode("dXNlcjpwYXNz").unwrap(), b"user:pass");
        assert!(base64_decode("not base64!").is_none());
        assert!(media_matches("application/json", "application/json"));
        assert!(media_matches("text/*", "text/plain"));
        assert!(media_matches("*/*", "image/png"));
        assert!(!media_matches("application/json", "text/plain"));
    }

    #[test]
    fn query_pairs() {
        assert_eq!(
            parse_query(b"a=1&b=x+y&c&&d=%2F"),
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "x y".into()),
                ("c".into(), "".into()),
                ("d".into(), "/".into())
            ]
        );
    }
}
