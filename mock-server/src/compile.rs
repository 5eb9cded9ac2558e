//! A contract compiled once per load into what the request path needs:
//! routes, parameter and security rules, and every response body already
//! serialized (documented examples, repaired where they contradict their
//! schema, else a generated sample). The request path never parses the
//! contract again.

use std::collections::BTreeMap;
use std::sync::Arc;

use bytes::Bytes;
use generator::model::{
    Contract, MediaType, Method, Operation, ParamLocation, Schema, SchemaType, SecuritySchemeKind,
};
use generator::validate::{Direction, Patterns, Validator};
use http::{HeaderName, HeaderValue, StatusCode};
use serde_json::{json, Value};

use crate::coverage::Counter;
use crate::error_body::MessageSlot;
use crate::sample::Sampler;

/// One vendor, ready to serve.
pub struct Vendor {
    pub name: Arc<str>,
    pub contract: Contract,
    pub patterns: Patterns,
    pub ops: Vec<Op>,
    pub router: Router,
    /// Server base paths also accepted under the mount (`/v1/public`).
    pub base_paths: Vec<String>,
    /// What the mock changed or could not do, for the log and `/__mock/operations`.
    pub notices: Vec<String>,
    /// Query parameter names that carry credentials (redacted in logs).
    pub secret_query: Vec<String>,
    /// `/__mock/openapi/<vendor>.json`: the contract plus the responses the
    /// mock itself sends where the vendor documents none.
    pub served_contract: Bytes,
}

impl Vendor {
    pub fn validator(&self) -> Validator<'_> {
        Validator::with_patterns(&self.contract.components.schemas, &self.patterns)
    }
}

pub struct Op {
    pub id: Arc<str>,
    pub method: Method,
    pub path: String,
    pub deprecated: bool,
    pub params: Vec<Param>,
    /// Alternatives (any one), each a set of schemes (all of them).
    pub security: Vec<Vec<Scheme>>,
    pub body: Option<Body>,
    pub responses: Vec<Resp>,
    /// What is sent without preferences (see [`crate::respond::default_response`]).
    pub default_response: Option<(usize, StatusCode)>,
    /// Times answered, and answered with an undocumented status (coverage).
    pub calls: Counter,
    pub undocumented: Counter,
}

impl Op {
    /// The response documented under `key`.
    pub fn response(&self, key: &str) -> Option<usize> {
        self.responses.iter().position(|r| r.key == key)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    String,
    Number,
    Integer,
    Boolean,
    Array,
    Object,
    Any,
}

pub struct Param {
    pub name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub schema: Schema,
    pub kind: ParamKind,
    /// Item kind of an array parameter.
    pub item_kind: ParamKind,
    pub explode: bool,
    /// `style: deepObject` (`?filter[key]=value`).
    pub deep: bool,
}

#[derive(Debug, Clone)]
pub enum SchemeKind {
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    Bearer,
    Basic,
    OtherHttp(String),
}

#[derive(Debug, Clone)]
pub struct Scheme {
    pub name: String,
    pub kind: SchemeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Form,
    Multipart,
    Text,
    Other,
}

pub struct BodyMedia {
    /// Lower-case media range as documented (`application/json`, `*/*`).
    pub media: String,
    pub kind: BodyKind,
    pub schema: Option<Schema>,
}

pub struct Body {
    pub required: bool,
    pub media: Vec<BodyMedia>,
}

pub struct Example {
    pub name: String,
    pub body: Bytes,
    /// The documented value contradicted its schema and was repaired.
    pub replaced: bool,
    /// Times sent (contract coverage).
    pub hits: Counter,
}

pub struct Content {
    pub media: String,
    pub content_type: HeaderValue,
    pub schema: Option<Schema>,
    pub json: bool,
    pub examples: Vec<Example>,
    /// The body when no example is asked for: the first example, else a
    /// generated sample; None when the schema admits no value we can make.
    pub body: Option<Bytes>,
    /// Where that body's message-like field is, for an error that says why.
    pub message: Option<MessageSlot>,
}

pub struct Resp {
    /// `200`, `2XX` or `default`.
    pub key: String,
    /// The status it is served with when chosen by default.
    pub status: StatusCode,
    pub content: Vec<Content>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// Times sent (contract coverage).
    pub hits: Counter,
}

impl Resp {
    /// The content served without negotiation: the first with an example,
    /// else the first with a body.
    pub fn plain_content(&self) -> Option<&Content> {
        self.content
            .iter()
            .find(|c| !c.examples.is_empty())
            .or_else(|| self.content.iter().find(|c| c.body.is_some()))
            .or(self.content.first())
    }
}

/// Path templates, grouped by segment count, most specific first.
#[derive(Default)]
pub struct Router {
    by_len: BTreeMap<usize, Vec<Route>>,
}

pub struct Route {
    pub template: String,
    segments: Vec<Segment>,
    /// (method, op index), in OpenAPI method order.
    pub methods: Vec<(Method, usize)>,
    /// `Allow` for this path.
    pub allow: HeaderValue,
}

enum Segment {
    Literal(String),
    Param(String),
    Mixed(Vec<Part>),
}

enum Part {
    Literal(String),
    Param(String),
}

impl Router {
    /// The route matching `segments` (raw, still percent-encoded) and the
    /// raw values of its path parameters.
    pub fn find<'p>(&self, segments: &[&'p str]) -> Option<(&Route, Vec<(&str, &'p str)>)> {
        let routes = self.by_len.get(&segments.len())?;
        'route: for route in routes {
            let mut captures = Vec::new();
            for (seg, text) in route.segments.iter().zip(segments) {
                match seg {
                    Segment::Literal(l) => {
                        if l != text {
                            continue 'route;
                        }
                    }
                    Segment::Param(name) => captures.push((name.as_str(), *text)),
                    Segment::Mixed(parts) => {
                        if !match_mixed(parts, text, &mut captures) {
                            continue 'route;
                        }
                    }
                }
            }
            return Some((route, captures));
        }
        None
    }
}

fn match_mixed<'r, 'p>(
    parts: &'r [Part],
    text: &'p str,
    out: &mut Vec<(&'r str, &'p str)>,
) -> bool {
    let mut rest = text;
    let mut i = 0;
    while i < parts.len() {
        match &parts[i] {
            Part::Literal(l) => match rest.strip_prefix(l.as_str()) {
                Some(r) => rest = r,
                None => return false,
            },
            Part::Param(name) => {
                let end = match parts.get(i + 1) {
                    Some(Part::Literal(next)) => match rest.find(next.as_str()) {
                        Some(e) => e,
                        None => return false,
                    },
                    _ => rest.len(),
                };
                out.push((name.as_str(), &rest[..end]));
                rest = &rest[end..];
            }
        }
        i += 1;
    }
    rest.is_empty()
}

fn parse_template(template: &str) -> Vec<Segment> {
    template
        .split('/')
        .skip(1)
        .map(|seg| {
            if !seg.contains('{') {
                return Segment::Literal(seg.to_string());
            }
            if seg.starts_with('{') && seg.ends_with('}') && seg.matches('{').count() == 1 {
                return Segment::Param(seg[1..seg.len() - 1].to_string());
            }
            let mut parts = Vec::new();
            let mut rest = seg;
            while let Some(open) = rest.find('{') {
                if open > 0 {
                    parts.push(Part::Literal(rest[..open].to_string()));
                }
                let Some(close) = rest[open..].find('}') else {
                    break;
                };
                parts.push(Part::Param(rest[open + 1..open + close].to_string()));
                rest = &rest[open + close + 1..];
            }
            if !rest.is_empty() {
                parts.push(Part::Literal(rest.to_string()));
            }
            Segment::Mixed(parts)
        })
        .collect()
}

fn specificity(segments: &[Segment]) -> Vec<u8> {
    segments
        .iter()
        .map(|s| match s {
            Segment::Literal(_) => 0,
            Segment::Mixed(_) => 1,
            Segment::Param(_) => 2,
        })
        .collect()
}

pub fn http_method(m: Method) -> http::Method {
    match m {
        Method::Get => http::Method::GET,
        Method::Put => http::Method::PUT,
        Method::Post => http::Method::POST,
        Method::Delete => http::Method::DELETE,
        Method::Options => http::Method::OPTIONS,
        Method::Head => http::Method::HEAD,
        Method::Patch => http::Method::PATCH,
        Method::Trace => http::Method::TRACE,
    }
}

/// Compile one vendor's contract.
pub fn compile(name: &str, contract: Contract) -> Vendor {
    let patterns = Patterns::for_contract(&contract);
    let mut notices: Vec<String> = patterns
        .unsupported()
        .map(|p| format!("pattern `{p}` uses features the regex engine lacks; it is not checked"))
        .collect();
    notices.sort();
    let mut ops = Vec::new();
    let mut router = Router::default();
    {
        let validator = Validator::with_patterns(&contract.components.schemas, &patterns)
            .direction(Direction::Response);
        let sampler = Sampler::new(&validator, Direction::Response);
        for (path, item) in &contract.paths {
            let segments = parse_template(path);
            let mut methods = Vec::new();
            for (method, op) in item {
                methods.push((*method, ops.len()));
                ops.push(compile_op(
                    &contract,
                    path,
                    *method,
                    op,
                    &validator,
                    &sampler,
                    &mut notices,
                ));
            }
            let mut allow: Vec<String> = methods.iter().map(|(m, _)| m.upper()).collect();
            if methods.iter().any(|(m, _)| *m == Method::Get) && !allow.iter().any(|m| m == "HEAD")
            {
                allow.push("HEAD".into());
            }
            if !allow.iter().any(|m| m == "OPTIONS") {
                allow.push("OPTIONS".into());
            }
            let allow = HeaderValue::from_str(&allow.join(", "))
                .unwrap_or_else(|_| HeaderValue::from_static("OPTIONS"));
            router
                .by_len
                .entry(segments.len())
                .or_default()
                .push(Route {
                    template: path.clone(),
                    segments,
                    methods,
                    allow,
                });
        }
    }
    for routes in router.by_len.values_mut() {
        routes.sort_by(|a, b| {
            specificity(&a.segments)
                .cmp(&specificity(&b.segments))
                .then_with(|| a.template.cmp(&b.template))
        });
    }
    let base_paths = base_paths(&contract);
    let secret_query = contract
        .components
        .security_schemes
        .values()
        .filter(|s| {
            s.kind == SecuritySchemeKind::ApiKey && s.location == Some(ParamLocation::Query)
        })
        .filter_map(|s| s.name.clone())
        .collect();
    let served_contract = Bytes::from(
        serde_json::to_vec(&served_contract(name, &contract, &ops)).unwrap_or_default(),
    );
    Vendor {
        name: name.into(),
        contract,
        patterns,
        ops,
        router,
        base_paths,
        notices,
        secret_query,
        served_contract,
    }
}

/// The path part of each server URL (`https://h/v1/public` -> `/v1/public`),
/// server variables at their defaults; empty ones left out.
fn base_paths(contract: &Contract) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let servers = contract.servers.iter().chain(
        contract
            .operations()
            .flat_map(|(_, _, op)| op.servers.iter()),
    );
    for server in servers {
        let mut url = server.url.clone();
        for (name, var) in &server.variables {
            url = url.replace(&format!("{{{name}}}"), &var.default);
        }
        let path = match url.find("://") {
            Some(i) => url[i + 3..].find('/').map_or("", |j| &url[i + 3 + j..]),
            None => url.as_str(),
        };
        let path = path
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .trim_end_matches('/');
        if path.starts_with('/') && !out.iter().any(|p| p == path) {
            out.push(path.to_string());
        }
    }
    out
}

fn param_kind(contract: &Contract, s: &Schema) -> ParamKind {
    let s = deref(contract, s);
    match s.schema_type {
        Some(SchemaType::String) => ParamKind::String,
        Some(SchemaType::Number) => ParamKind::Number,
        Some(SchemaType::Integer) => ParamKind::Integer,
        Some(SchemaType::Boolean) => ParamKind::Boolean,
        Some(SchemaType::Array) => ParamKind::Array,
        Some(SchemaType::Object) => ParamKind::Object,
        None => ParamKind::Any,
    }
}

pub fn deref<'c>(contract: &'c Contract, s: &'c Schema) -> &'c Schema {
    let mut s = s;
    for _ in 0..32 {
        let Some(name) = s
            .reference
            .as_deref()
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
        else {
            break;
        };
        match contract
            .components
            .schemas
            .get(&generator::model::unescape_pointer(name))
        {
            Some(t) => s = t,
            None => break,
        }
    }
    s
}

pub fn body_kind(media: &str) -> BodyKind {
    let essence = media.split(';').next().unwrap_or("").trim();
    if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" {
        BodyKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if essence == "multipart/form-data" {
        BodyKind::Multipart
    } else if essence.starts_with("text/") {
        BodyKind::Text
    } else {
        BodyKind::Other
    }
}

fn compile_op(
    contract: &Contract,
    path: &str,
    method: Method,
    op: &Operation,
    validator: &Validator,
    sampler: &Sampler,
    notices: &mut Vec<String>,
) -> Op {
    let label = format!("{} {path} ({})", method.upper(), op.operation_id);
    let params = op
        .parameters
        .iter()
        .filter(|p| {
            !(p.location == ParamLocation::Header
                && ["accept", "content-type", "authorization"]
                    .contains(&p.name.to_ascii_lowercase().as_str()))
        })
        .map(|p| {
            let kind = param_kind(contract, &p.schema);
            let item_kind = deref(contract, &p.schema)
                .items
                .as_deref()
                .map_or(ParamKind::String, |i| param_kind(contract, i));
            let form = matches!(p.location, ParamLocation::Query | ParamLocation::Cookie);
            Param {
                name: p.name.clone(),
                location: p.location,
                required: p.required || p.location == ParamLocation::Path,
                schema: p.schema.clone(),
                kind,
                item_kind,
                deep: p.style.as_deref() == Some("deepObject"),
                explode: p
                    .explode
                    .unwrap_or(form && p.style.as_deref().is_none_or(|s| s == "form")),
            }
        })
        .collect();
    let requirements = op.security.as_ref().unwrap_or(&contract.security);
    let security = if requirements.iter().any(|r| r.is_empty()) {
        Vec::new()
    } else {
        requirements
            .iter()
            .map(|req| {
                req.keys()
                    .map(|name| {
                        let kind = match contract.components.security_schemes.get(name) {
                            Some(s) => match s.kind {
                                SecuritySchemeKind::ApiKey => SchemeKind::ApiKey {
                                    location: s.location.unwrap_or(ParamLocation::Header),
                                    name: s.name.clone().unwrap_or_else(|| name.clone()),
                                },
                                SecuritySchemeKind::Http => {
                                    match s.scheme.as_deref().map(str::to_ascii_lowercase).as_deref() {
                                        Some("basic") => SchemeKind::Basic,
                                        Some("bearer") | None => SchemeKind::Bearer,
                                        Some(other) => SchemeKind::OtherHttp(other.to_string()),
                                    }
                                }
                                SecuritySchemeKind::OAuth2 | SecuritySchemeKind::OpenIdConnect => {
                                    SchemeKind::Bearer
                                }
                            },
                            None => {
                                notices.push(format!(
                                    "{label}: security scheme `{name}` is not defined; requests need a bearer token"
                                ));
                                SchemeKind::Bearer
                            }
                        };
                        Scheme {
                            name: name.clone(),
                            kind,
                        }
                    })
                    .collect()
            })
            .collect()
    };
    let body = op.request_body.as_ref().map(|b| Body {
        required: b.required,
        media: b
            .content
            .iter()
            .map(|(media, m)| BodyMedia {
                media: media.to_ascii_lowercase(),
                kind: body_kind(&media.to_ascii_lowercase()),
                schema: m.schema.clone(),
            })
            .collect(),
    });
    let mut responses: Vec<Resp> = Vec::new();
    for (key, r) in &op.responses {
        let status = served_status(key);
        let content = r
            .content
            .iter()
            .map(|(media, m)| {
                compile_content(
                    &format!("{label} {key} {media}"),
                    media,
                    m,
                    validator,
                    sampler,
                    notices,
                )
            })
            .collect();
        let headers = r
            .headers
            .iter()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
            .filter_map(|(name, h)| {
                let value = h
                    .example
                    .clone()
                    .filter(|v| validator.is_valid(&h.schema, v))
                    .or_else(|| sampler.static_value(&h.schema))?;
                let text = match value {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                Some((
                    HeaderName::from_bytes(name.as_bytes()).ok()?,
                    HeaderValue::from_str(&text).ok()?,
                ))
            })
            .collect();
        responses.push(Resp {
            key: key.clone(),
            status,
            content,
            headers,
            hits: Counter::default(),
        });
    }
    let default_response = crate::respond::default_response(&responses);
    Op {
        default_response,
        id: op.operation_id.as_str().into(),
        method,
        path: path.to_string(),
        deprecated: op.deprecated,
        params,
        security,
        body,
        responses,
        calls: Counter::default(),
        undocumented: Counter::default(),
    }
}

/// `404` -> 404, `2XX` -> 200, `default` -> 200.
pub fn served_status(key: &str) -> StatusCode {
    let digits = key.replace(['X', 'x'], "0");
    match digits.parse::<u16>() {
        Ok(n) => StatusCode::from_u16(n).unwrap_or(StatusCode::OK),
        Err(_) => StatusCode::OK,
    }
}

fn compile_content(
    label: &str,
    media: &str,
    m: &MediaType,
    validator: &Validator,
    sampler: &Sampler,
    notices: &mut Vec<String>,
) -> Content {
    let json = body_kind(&media.to_ascii_lowercase()) == BodyKind::Json;
    let mut examples = Vec::new();
    for (name, value) in m.example_values() {
        let (value, replaced) = match &m.schema {
            Some(schema) => {
                let problems = validator.validate(schema, value);
                if problems.is_empty() {
                    (Some(value.clone()), false)
                } else {
                    let repaired = sampler.repair(schema, value);
                    // one line: the first place and reason, never the body
                    let first = &problems[0];
                    let more = match problems.len() {
                        1 => String::new(),
                        n => format!(" (+{} more)", n - 1),
                    };
                    let at = if first.pointer.is_empty() {
                        "/"
                    } else {
                        first.pointer.as_str()
                    };
                    let line = match &repaired {
                        Some(_) => format!(
                            "{label}: example `{name}` contradicts its schema at {at}: {}{more}; serving a repaired copy",
                            first.message
                        ),
                        None => format!(
                            "{label}: example `{name}` contradicts its schema at {at}: {}{more}; no valid body could be made, it is not served",
                            first.message
                        ),
                    };
                    notices.push(crate::explain::clip_line(line, 600));
                    (repaired, true)
                }
            }
            None => (Some(value.clone()), false),
        };
        if let Some(v) = value {
            examples.push(Example {
                name: name.to_string(),
                body: encode(&v, json),
                replaced,
                hits: Counter::default(),
            });
        }
    }
    let body = match examples.first() {
        Some(e) => Some(e.body.clone()),
        None => match &m.schema {
            Some(schema) => match sampler.static_value(schema) {
                Some(v) => Some(encode(&v, json)),
                None => {
                    notices.push(format!(
                        "{label}: no valid body could be generated from the schema; the response cannot be served"
                    ));
                    None
                }
            },
            None => Some(Bytes::new()),
        },
    };
    let content_type = if media.contains('*') {
        HeaderValue::from_static("text/plain")
    } else {
        HeaderValue::from_str(media)
            .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"))
    };
    let message = body
        .as_ref()
        .filter(|_| json)
        .and_then(|b| MessageSlot::find(b, m.schema.as_ref(), validator));
    Content {
        media: media.to_string(),
        content_type,
        schema: m.schema.clone(),
        json,
        examples,
        body,
        message,
    }
}

/// A value as a body: JSON, or the bare text of a string for other media.
pub fn encode(v: &Value, json: bool) -> Bytes {
    match v {
        Value::String(s) if !json => Bytes::from(s.clone()),
        _ => Bytes::from(serde_json::to_vec(v).unwrap_or_default()),
    }
}

/// Statuses the mock itself may send for an operation where the vendor
/// documents nothing to send instead, with why.
pub fn mock_statuses(op: &Op) -> Vec<(u16, &'static str)> {
    let has = |k: &str| op.response(k).is_some();
    let fallback = has("default");
    let mut out = Vec::new();
    if !op.security.is_empty() && !has("401") && !fallback {
        out.push((
            401,
            "Added by the mock: credentials are missing or not accepted",
        ));
    }
    if op.responses.iter().any(|r| !r.content.is_empty()) && !has("406") && !fallback {
        out.push((406, "Added by the mock: the `Accept` header cannot be met"));
    }
    if !has("408") && !fallback {
        out.push((
            408,
            "Added by the mock: the request body did not arrive in time",
        ));
    }
    if !has("413") && !fallback {
        out.push((
            413,
            "Added by the mock: the request body is over the size limit",
        ));
    }
    if !has("415") && !has("422") && !has("400") && !fallback {
        out.push((
            415,
            "Added by the mock: the request body's content type is not documented",
        ));
    }
    let parsed = op.body.as_ref().is_some_and(|b| {
        b.media.iter().any(|m| {
            m.schema.is_some()
                && matches!(
                    m.kind,
                    BodyKind::Json | BodyKind::Form | BodyKind::Multipart
                )
        })
    });
    if parsed && !has("400") && !has("422") && !fallback {
        out.push((
            400,
            "Added by the mock: the request body cannot be read as its content type",
        ));
    }
    if !has("422") && !has("400") && !fallback {
        out.push((
            422,
            "Added by the mock: the request does not match the contract",
        ));
    }
    out
}

/// The schema of the mock's own `application/problem+json` bodies.
pub fn problem_schema() -> Value {
    json!({
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "violations": {"type": "array", "items": {
                "type": "object",
                "required": ["location", "pointer", "code", "message"],
                "properties": {
                    "location": {"type": "string", "enum": ["path", "query", "header", "cookie", "body", "security"]},
                    "pointer": {"type": "string"},
                    "code": {"type": "string"},
                    "message": {"type": "string"}
                }
            }}
        }
    })
}

fn served_contract(name: &str, contract: &Contract, ops: &[Op]) -> Value {
    let mut doc = contract.to_json();
    doc["servers"] = json!([{"url": format!("/{name}"), "description": "this mock"}]);
    let mut i = 0;
    for (path, item) in &contract.paths {
        for method in item.keys() {
            let op = &ops[i];
            i += 1;
            let responses = &mut doc["paths"][path][method.as_str()]["responses"];
            for (status, why) in mock_statuses(op) {
                responses[status.to_string()] = json!({
                    "description": why,
                    "x-mock-generated": true,
                    "content": {"application/problem+json": {"schema": problem_schema()}}
                });
            }
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_come_from_server_urls() {
        let mut c = Contract::default();
        for url in [
            "https://api.example.com/v1/public/",
            "https://h.example",
            "/rel",
            "https://{host}/{base}",
        ] {
            c.servers.push(generator::model::Server {
                url: url.into(),
                description: None,
                variables: Default::default(),
            });
        }
        c.servers[3].variables.insert(
            "base".into(),
            generator::model::ServerVariable {
                default: "v2".into(),
                enum_values: vec![],
                description: None,
            },
        );
        assert_eq!(base_paths(&c), ["/v1/public", "/rel", "/v2"]);
    }

    #[test]
    fn literal_segments_beat_parameters_and_mixed_segments_capture() {
        let mut c = Contract::default();
        for p in ["/users/{id}", "/users/me", "/files/{name}.{ext}"] {
            let mut op = Operation {
                operation_id: p.into(),
                ..Operation::default()
            };
            op.responses.insert("200".into(), Default::default());
            c.paths.entry(p.into()).or_default().insert(Method::Get, op);
        }
        let v = compile("x", c);
        let (r, caps) = v.router.find(&["users", "me"]).unwrap();
        assert_eq!((r.template.as_str(), caps.len()), ("/users/me", 0));
        let (r, caps) = v.router.find(&["users", "42"]).unwrap();
        assert_eq!(
            (r.template.as_str(), caps),
            ("/users/{id}", vec![("id", "42")])
        );
        let (_, caps) = v.router.find(&["files", "a.tar.gz"]).unwrap();
        assert_eq!(caps, vec![("name", "a"), ("ext", "tar.gz")]);
        assert!(v.router.find(&["files", "noext"]).is_none());
        assert!(v.router.find(&["users"]).is_none());
    }
}
