//! The validating proxy (`--proxy chatdash=https://api.chat-dash.com/v1/public`):
//! a proxied vendor's requests are checked against the contract, sent to
//! the real API, and its answer is checked against the contract too and
//! passed through; every violation (the vendor's drift from its own docs)
//! goes to the journal and the log. `--proxy-fallback` answers from the
//! mock when the upstream is unreachable, too slow, or answers 501.
//!
//! Requests only ever go to the configured upstream: the URL is the
//! configured one with the request's path under its base path and the
//! request's query; a path with dot segments is refused, redirects are not
//! followed, proxy environment variables are ignored, and every request
//! has a connect timeout and a total timeout.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use generator::validate::Direction;
use http::header::{self, HeaderName};
use http::request::Parts;
use http::{HeaderMap, StatusCode};
use http_body_util::Full;
use serde_json::Value;
use thiserror::Error;

use crate::access_log::Entry;
use crate::journal::{ResponseViolation, Upstream, Why};
use crate::pipeline::Shared;
use crate::plan::{Op, Vendor};
use crate::request;
use crate::respond::{self, problem, Problem, Reply};

/// Largest upstream answer passed through.
pub const MAX_UPSTREAM_BODY: usize = 16 * 1024 * 1024;
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Error)]
pub enum ProxyError {
    #[error("--proxy `{0}`: expected VENDOR=URL (`chatdash=https://api.chat-dash.com/v1/public`)")]
    Syntax(String),
    #[error("--proxy `{0}`: the URL must be http:// or https:// with a host, and no query, fragment or credentials")]
    Url(String),
    #[error("--proxy names vendor `{0}` twice")]
    Twice(String),
    #[error("cannot build the proxy's HTTP client: {0}")]
    Client(String),
}

/// `VENDOR=URL`, checked.
pub fn parse_target(text: &str) -> Result<(String, reqwest::Url), ProxyError> {
    let (vendor, url) = text
        .split_once('=')
        .filter(|(v, u)| !v.trim().is_empty() && !u.trim().is_empty())
        .ok_or_else(|| ProxyError::Syntax(text.to_string()))?;
    let url = reqwest::Url::parse(url.trim()).map_err(|_| ProxyError::Url(text.to_string()))?;
    let ok = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|h| !h.is_empty())
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty()
        && url.password().is_none();
    if !ok {
        return Err(ProxyError::Url(text.to_string()));
    }
    Ok((vendor.trim().to_string(), url))
}

pub struct Proxy {
    client: reqwest::Client,
    upstreams: HashMap<String, reqwest::Url>,
    pub fallback: bool,
}

/// Why no upstream answer is passed through.
pub struct Failure {
    pub upstream: Upstream,
    /// 502 (unreachable, refused, too large), 504 (too slow) or 400 (a path
    /// the proxy will not forward).
    pub status: StatusCode,
    /// The upstream answered 501 (the fallback then mocks).
    pub not_implemented: Option<Reply>,
}

const HOP_BY_HOP: [&str; 9] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
];

fn forwarded(name: &HeaderName) -> bool {
    let n = name.as_str();
    !HOP_BY_HOP.contains(&n) && n != "content-length"
}

impl Proxy {
    pub fn new(
        targets: &[(String, reqwest::Url)],
        fallback: bool,
        timeout: Duration,
    ) -> Result<Proxy, ProxyError> {
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT.min(timeout))
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .map_err(|e| ProxyError::Client(e.to_string()))?;
        let mut upstreams = HashMap::new();
        for (vendor, url) in targets {
            if upstreams.insert(vendor.clone(), url.clone()).is_some() {
                return Err(ProxyError::Twice(vendor.clone()));
            }
        }
        Ok(Proxy {
            client,
            upstreams,
            fallback,
        })
    }

    pub fn upstream(&self, vendor: &str) -> Option<&reqwest::Url> {
        self.upstreams.get(vendor)
    }

    pub fn vendors(&self) -> impl Iterator<Item = &String> {
        self.upstreams.keys()
    }

    /// The upstream URL for a request under `/<vendor>`: the request path
    /// below the mount (and below a server base path, if it came with one)
    /// appended to the upstream's path. None when the path has dot
    /// segments or would leave the upstream's base.
    pub fn url_for(&self, vendor: &Vendor, parts: &Parts) -> Option<reqwest::Url> {
        let base = self.upstreams.get(&*vendor.name)?;
        let path = parts.uri.path();
        let mut rest = path.strip_prefix('/')?.strip_prefix(&*vendor.name)?;
        for b in &vendor.base_paths {
            if let Some(r) = rest.strip_prefix(b.as_str()).filter(|r| r.starts_with('/')) {
                rest = r;
                break;
            }
        }
        let dots = rest.split('/').any(|seg| {
            let s = crate::request::percent_decode(seg, false);
            s == "." || s == ".."
        });
        if dots || !rest.starts_with('/') {
            return None;
        }
        let joined = format!("{}{rest}", base.path().trim_end_matches('/'));
        let mut url = base.clone();
        url.set_path(&joined);
        url.set_query(parts.uri.query());
        // nothing may have moved it: same scheme, host, port, exact path
        let same = url.scheme() == base.scheme()
            && url.host_str() == base.host_str()
            && url.port_or_known_default() == base.port_or_known_default()
            && url.path() == joined;
        same.then_some(url)
    }

    /// Send the request upstream and check its answer.
    pub async fn forward(
        &self,
        vendor: &Vendor,
        op: &Op,
        parts: &Parts,
        body: Bytes,
    ) -> Result<(Reply, Upstream), Failure> {
        let shown = |url: &str| redact_url(url, &vendor.secret_query);
        let Some(url) = self.url_for(vendor, parts) else {
            return Err(Failure {
                upstream: Upstream {
                    url: String::new(),
                    status: None,
                    error: Some("the path has dot segments or leaves the upstream's base path; not forwarded".into()),
                    violations: Vec::new(),
                },
                status: StatusCode::BAD_REQUEST,
                not_implemented: None,
            });
        };
        let mut headers = HeaderMap::with_capacity(parts.headers.len());
        for (name, value) in &parts.headers {
            if forwarded(name) {
                headers.append(name.clone(), value.clone());
            }
        }
        let sent = self
            .client
            .request(parts.method.clone(), url.clone())
            .headers(headers)
            .body(body)
            .send()
            .await;
        let failure = |status: StatusCode, why: String| Failure {
            upstream: Upstream {
                url: shown(url.as_str()),
                status: None,
                error: Some(why),
                violations: Vec::new(),
            },
            status,
            not_implemented: None,
        };
        let response = match sent {
            Ok(r) => r,
            Err(e) if e.is_timeout() => {
                return Err(failure(
                    StatusCode::GATEWAY_TIMEOUT,
                    "the upstream did not answer in time".into(),
                ))
            }
            Err(e) => {
                return Err(failure(
                    StatusCode::BAD_GATEWAY,
                    format!("the upstream is unreachable: {}", error_chain(&e)),
                ))
            }
        };
        let status = response.status();
        let mut out_headers = HeaderMap::with_capacity(response.headers().len());
        for (name, value) in response.headers() {
            if forwarded(name) {
                out_headers.append(name.clone(), value.clone());
            }
        }
        let bytes = match read_limited(response).await {
            Ok(b) => b,
            Err(why) => {
                let code = if why.contains("in time") {
                    StatusCode::GATEWAY_TIMEOUT
                } else {
                    StatusCode::BAD_GATEWAY
                };
                return Err(failure(code, why));
            }
        };
        let violations = check_response(vendor, op, status, &out_headers, &bytes);
        let mut reply = http::Response::new(Full::new(bytes));
        *reply.status_mut() = status;
        *reply.headers_mut() = out_headers;
        let upstream = Upstream {
            url: shown(url.as_str()),
            status: Some(status.as_u16()),
            error: None,
            violations,
        };
        if status == StatusCode::NOT_IMPLEMENTED {
            return Err(Failure {
                upstream,
                status,
                not_implemented: Some(reply),
            });
        }
        Ok((reply, upstream))
    }
}

/// A proxied vendor's request, its body read: checked, forwarded, the
/// answer checked and passed through; the mock answers (through the
/// pipeline) when the upstream cannot and `--proxy-fallback` is on.
pub(crate) async fn answer<'r>(
    shared: &Shared,
    vendor: &'r Arc<Vendor>,
    op: &'r Op,
    parts: &Parts,
    body: Bytes,
    captures: &[(&str, &str)],
    entry: &mut Entry<'r>,
) -> Reply {
    let Some(proxy) = &shared.proxy else {
        return crate::pipeline::serve_op(shared, vendor, op, parts, &body, captures, entry);
    };
    let query = parts
        .uri
        .query()
        .map(|q| request::parse_query(q.as_bytes()))
        .unwrap_or_default();
    let incoming = request::Incoming {
        headers: &parts.headers,
        query: &query,
        path_params: captures,
        body: &body,
    };
    let violations = request::check(vendor, op, &incoming, &shared.config.credentials);
    match proxy.forward(vendor, op, parts, body.clone()).await {
        Ok((mut reply, upstream)) => {
            respond::attach_violations(reply.headers_mut(), &violations);
            entry.violations = violations;
            entry.upstream = Some(upstream);
            entry.chosen.why = Why::Upstream;
            reply
        }
        Err(failure) => {
            entry.upstream = Some(failure.upstream);
            if proxy.fallback && failure.status != StatusCode::BAD_REQUEST {
                let reply =
                    crate::pipeline::serve_op(shared, vendor, op, parts, &body, captures, entry);
                if !matches!(
                    entry.chosen.why,
                    Why::Invalid(_) | Why::InvalidUndocumented(_)
                ) {
                    entry.chosen.why = Why::UpstreamFallback;
                }
                return reply;
            }
            entry.violations = violations;
            if let Some(reply) = failure.not_implemented {
                entry.chosen.why = Why::Upstream;
                return reply;
            }
            let why = entry
                .upstream
                .as_ref()
                .and_then(|u| u.error.clone())
                .unwrap_or_default();
            let kind = match failure.status {
                StatusCode::GATEWAY_TIMEOUT => Problem::GatewayTimeout,
                StatusCode::BAD_REQUEST => Problem::BadRequest,
                _ => Problem::BadGateway,
            };
            entry.chosen.why = Why::Refused;
            problem(kind, &why, None)
        }
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

async fn read_limited(mut response: reqwest::Response) -> Result<Bytes, String> {
    if response
        .content_length()
        .is_some_and(|n| n > MAX_UPSTREAM_BODY as u64)
    {
        return Err(format!(
            "the upstream answer is over {MAX_UPSTREAM_BODY} bytes"
        ));
    }
    let mut out = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if out.len() + chunk.len() > MAX_UPSTREAM_BODY {
                    return Err(format!(
                        "the upstream answer is over {MAX_UPSTREAM_BODY} bytes"
                    ));
                }
                out.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(Bytes::from(out)),
            Err(e) if e.is_timeout() => {
                return Err("the upstream body did not arrive in time".into())
            }
            Err(e) => return Err(format!("the upstream body broke off: {}", error_chain(&e))),
        }
    }
}

fn redact_url(url: &str, secret: &[String]) -> String {
    match url.split_once('?') {
        Some((base, q)) => format!("{base}?{}", crate::access_log::redact_query(q, secret)),
        None => url.to_string(),
    }
}

/// The upstream's answer against the contract: a documented status, a
/// documented content type, a body that fits its schema.
pub fn check_response(
    vendor: &Vendor,
    op: &Op,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Vec<ResponseViolation> {
    let mut out = Vec::new();
    let code = status.as_u16();
    let Some(resp) = crate::selection::documented_for(op, code).map(|i| &op.responses[i]) else {
        let documented: Vec<&str> = op.responses.iter().map(|r| r.key.as_str()).collect();
        out.push(ResponseViolation {
            location: "status",
            pointer: String::new(),
            code: "status".into(),
            message: format!(
                "status {code} is not documented for {} (documented: {})",
                op.id,
                documented.join(", ")
            ),
        });
        return out;
    };
    if resp.content.is_empty() || body.is_empty() {
        if !resp.content.is_empty() && status != StatusCode::NO_CONTENT {
            out.push(ResponseViolation {
                location: "body",
                pointer: String::new(),
                code: "missing".into(),
                message: format!("response {} documents a body, but none came", resp.key),
            });
        }
        return out;
    }
    let essence = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(generator::http::media_essence);
    let Some(essence) = essence else {
        out.push(ResponseViolation {
            location: "header",
            pointer: "/content-type".into(),
            code: "missing".into(),
            message: "the answer has a body but no Content-Type".into(),
        });
        return out;
    };
    let Some(content) = resp
        .content
        .iter()
        .find(|c| crate::request::media_matches(&c.media.to_ascii_lowercase(), &essence))
    else {
        let documented: Vec<&str> = resp.content.iter().map(|c| c.media.as_str()).collect();
        out.push(ResponseViolation {
            location: "header",
            pointer: "/content-type".into(),
            code: "content-type".into(),
            message: format!(
                "content type `{essence}` is not documented for {} (documented: {})",
                resp.key,
                documented.join(", ")
            ),
        });
        return out;
    };
    let (Some(schema), true) = (&content.schema, content.json) else {
        return out;
    };
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            out.push(ResponseViolation {
                location: "body",
                pointer: String::new(),
                code: "json".into(),
                message: format!("the body is not valid JSON: {e}"),
            });
            return out;
        }
    };
    let validator = vendor.validator().direction(Direction::Response);
    for v in validator.validate(schema, &value).into_iter().take(100) {
        out.push(ResponseViolation {
            location: "body",
            pointer: v.pointer,
            code: v.keyword.into(),
            message: v.message,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_checked() {
        let (v, u) = parse_target("chatdash=https://api.chat-dash.com/v1/public").unwrap();
        assert_eq!((v.as_str(), u.path()), ("chatdash", "/v1/public"));
        for bad in [
            "chatdash",
            "=https://x",
            "chatdash=ftp://x/y",
            "chatdash=https://x/y?token=1",
            "chatdash=https://user:pw@x/y",
            "chatdash=not a url",
        ] {
            assert!(parse_target(bad).is_err(), "{bad}");
        }
    }
}
