//! A contract compiled once per load into the plan the request path
//! reads ([`crate::plan`]): routes, parameter and security rules, and every
//! response body already serialized (documented examples, which the
//! generator has repaired where they contradicted their schema, else a
//! generated sample). The request path never parses the contract again;
//! the contract's operations are dropped once compiled (the served
//! document keeps their JSON).

use std::sync::OnceLock;

use bytes::Bytes;
use generator::http::{is_json_media, media_essence};
use generator::model::{
    Contract, MediaType, Method, Operation, ParamLocation, Schema, SchemaType, SecuritySchemeKind,
};
use generator::validate::{Direction, Patterns, Validator, Violation};
use http::{HeaderName, HeaderValue};
use serde_json::Value;

use crate::coverage::Counter;
use crate::sample::Sampler;
use crate::selection::default_response;
use crate::served_contract::ServedContract;

// What this module built before the plan, router, selection and served
// contract had modules of their own; kept so `compile::X` still names them.
pub use crate::plan::{
    Body, BodyKind, BodyMedia, Content, Example, Op, Param, ParamKind, Resp, Scheme, SchemeKind,
    Vendor,
};
pub use crate::router::{http_method, Route, Router};
pub use crate::selection::{mock_statuses, served_status};
pub use crate::served_contract::problem_schema;

/// Compile one vendor's contract. Its paths are dropped once compiled
/// and written into the served document (see [`Vendor::contract`]).
pub fn compile(name: &str, mut contract: Contract) -> Vendor {
    let patterns = Patterns::for_contract(&contract);
    let mut notices: Vec<String> = patterns
        .unsupported()
        .map(|p| format!("pattern `{p}` uses features the regex engine lacks; it is not checked"))
        .collect();
    notices.sort();
    let mut ops = Vec::new();
    let mut paths = Vec::new();
    {
        let validator = Validator::with_patterns(&contract.components.schemas, &patterns)
            .direction(Direction::Response);
        let sampler = Sampler::new(&validator, Direction::Response);
        for (path, item) in &contract.paths {
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
            paths.push((path.clone(), methods));
        }
    }
    let router = Router::new(paths);
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
    let served = ServedContract::new(&contract.paths, &ops);
    contract.paths.clear();
    Vendor {
        name: name.into(),
        contract,
        patterns,
        ops,
        router,
        base_paths,
        notices,
        secret_query,
        served,
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
    let s = contract.components.deref(s);
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

/// How a body of this media type (or documented range) is read. A `*/*`
/// range reads as JSON, as Prism does; `check_body` re-reads it by the
/// request's own type.
pub fn body_kind(media: &str) -> BodyKind {
    let essence = media_essence(media);
    if is_json_media(&essence) || essence == "*/*" {
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
            let item_kind = contract
                .components
                .deref(&p.schema)
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
                kind: body_kind(media),
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
    let default_response = default_response(&responses);
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

fn compile_content(
    label: &str,
    media: &str,
    m: &MediaType,
    validator: &Validator,
    sampler: &Sampler,
    notices: &mut Vec<String>,
) -> Content {
    let json = body_kind(media) == BodyKind::Json;
    let mut examples = Vec::new();
    for (name, value) in m.example_values() {
        // The generator published every example it could repair fixed, the
        // page's own under `x-original-example`; one that still breaks its
        // schema could not be, and is not served.
        let original = generator::example_repair::original_example(m, name);
        let (value, replaced) = match &m.schema {
            Some(schema) => {
                let problems = validator.validate(schema, value);
                if !problems.is_empty() {
                    let line = contradiction(
                        label,
                        name,
                        &problems,
                        "no valid body could be made, it is not served",
                    );
                    notices.push(line);
                    (None, true)
                } else if let Some(original) = original {
                    let problems = validator.validate(schema, original);
                    if !problems.is_empty() {
                        notices.push(contradiction(
                            label,
                            name,
                            &problems,
                            "serving a repaired copy",
                        ));
                    }
                    (Some(value.clone()), true)
                } else {
                    (Some(value.clone()), false)
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
    Content {
        media: media.to_string(),
        content_type,
        schema: m.schema.clone(),
        json,
        examples,
        body,
        message: OnceLock::new(),
    }
}

/// The notice for a documented example that contradicts its schema: one
/// line, the first place and reason, never the body.
fn contradiction(label: &str, name: &str, problems: &[Violation], outcome: &str) -> String {
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
    let line = format!(
        "{label}: example `{name}` contradicts its schema at {at}: {}{more}; {outcome}",
        first.message
    );
    crate::explain::clip_line(line, 600)
}

/// A value as a body: JSON, or the bare text of a string for other media.
pub fn encode(v: &Value, json: bool) -> Bytes {
    match v {
        Value::String(s) if !json => Bytes::from(s.clone()),
        // without its spare capacity: `Bytes` keeps a vector's whole
        // allocation, and a large contract's examples stay for the run
        _ => Bytes::from(serde_json::to_vec(v).unwrap_or_default().into_boxed_slice()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_kinds_by_media_type() {
        for (media, kind) in [
            ("application/json", BodyKind::Json),
            ("Application/JSON; charset=utf-8", BodyKind::Json),
            // the client generator sends these as JSON too
            ("text/json", BodyKind::Json),
            ("application/problem+json", BodyKind::Json),
            ("*/*", BodyKind::Json),
            ("application/x-ndjson", BodyKind::Other),
            ("application/x-www-form-urlencoded", BodyKind::Form),
            ("multipart/form-data; boundary=x", BodyKind::Multipart),
            ("text/plain", BodyKind::Text),
            ("image/png", BodyKind::Other),
        ] {
            assert_eq!(body_kind(media), kind, "{media}");
        }
    }

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
}
