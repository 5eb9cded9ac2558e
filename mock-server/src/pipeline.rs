//! The request pipeline: route, read the body (the only step that waits),
//! check the request, choose the response, then CORS, HEAD and the access
//! log. A request without a body is answered within hyper's call to the
//! service: nothing is boxed and no large future is moved around.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use bytes::Bytes;
use http::header::{self, HeaderName, HeaderValue};
use http::request::Parts;
use http::{Method, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::Request;

use crate::access_log::{self, Entry};
use crate::body::MockBody;
use crate::faults::{self, ConnFault, Injected, Outgoing, Steer};
use crate::journal::{Chosen, Journal, Why};
use crate::plan::{Op, Vendor};
use crate::prefer::Prefs;
use crate::proxy::Proxy;
use crate::registry::Registry;
use crate::request::{self, Violation};
use crate::respond::{self, problem, Problem, Refusal, Reply};
use crate::router::Route;
use crate::sample::Rng;
use crate::selection::{self, Raised};
use crate::{cors, Config};

const PREFER: HeaderName = HeaderName::from_static("prefer");
const DEPRECATION: HeaderName = HeaderName::from_static("deprecation");

/// Path segments split on the stack; longer paths fall back to a `Vec`.
const STACK_SEGMENTS: usize = 32;

/// What every connection shares.
pub struct Shared {
    pub config: Config,
    pub registry: ArcSwap<Registry>,
    /// Varies `dynamic=true` bodies that name no seed.
    pub counter: AtomicU64,
    /// The last requests (`/__mock/requests`, `/__mock/events`).
    pub journal: Journal,
    /// The validating proxy, when some vendors are proxied.
    pub proxy: Option<Proxy>,
}

impl Shared {
    pub fn new(config: Config, registry: Registry) -> Shared {
        Shared {
            journal: Journal::new(config.journal_size),
            proxy: None,
            config,
            registry: ArcSwap::from_pointee(registry),
            counter: AtomicU64::new(0),
        }
    }

    /// Whether answers are journaled and counted for coverage.
    fn recording(&self) -> bool {
        self.journal.enabled() || self.config.coverage_report.is_some()
    }
}

/// The service's answer: ready at once, or boxed while a body is read
/// (or a delay or fault is played out).
pub enum Handled {
    Ready(Option<Outgoing>),
    Reading(Pin<Box<dyn Future<Output = Result<Outgoing, Injected>> + Send>>),
}

impl Future for Handled {
    type Output = Result<Outgoing, Injected>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            Handled::Ready(reply) => Poll::Ready(Ok(reply.take().unwrap_or_else(|| {
                // hyper never polls a finished future; answer rather than panic
                problem(
                    Problem::BadRequest,
                    "this request was already answered",
                    None,
                )
                .map(MockBody::Full)
            }))),
            Handled::Reading(fut) => fut.as_mut().poll(cx),
        }
    }
}

/// hyper's service: one request in, one reply out. `conn` lets a
/// `fault=reset` end this connection with a reset.
pub fn handle(shared: &Arc<Shared>, conn: &ConnFault, req: Request<Incoming>) -> Handled {
    let (parts, body) = req.into_parts();
    if parts.uri.path() == crate::events::PATH {
        return Handled::Ready(Some(crate::events::stream(shared, &parts)));
    }
    let proxied = shared.proxy.as_ref().is_some_and(|p| {
        let vendor = parts.uri.path().split('/').nth(1).unwrap_or("");
        p.upstream(vendor).is_some()
    });
    if !proxied && hyper::body::Body::is_end_stream(&body) {
        let (reply, steer) = answer_steered(shared, &parts, &[]);
        if steer.is_none() {
            return Handled::Ready(Some(reply.map(MockBody::Full)));
        }
        return Handled::Reading(Box::pin(faults::apply(reply, steer, conn.clone())));
    }
    let shared = shared.clone();
    let conn = conn.clone();
    Handled::Reading(Box::pin(async move {
        let (reply, steer) = answer_with_body(&shared, parts, body, proxied).await;
        faults::apply(reply, steer, conn).await
    }))
}

/// One request whose body has been read (or that has none), answered
/// without a socket: route, checks, response, log line. The server calls
/// it for every body-less request; tests and the fuzz targets call it
/// with any head and body. Delays and faults asked for are not played.
pub fn answer(shared: &Shared, parts: &Parts, body: &[u8]) -> Reply {
    answer_steered(shared, parts, body).0
}

fn answer_steered(shared: &Shared, parts: &Parts, body: &[u8]) -> (Reply, Steer) {
    let start = (access_log::enabled() || shared.recording()).then(Instant::now);
    let registry = shared.registry.load();
    let mut entry = Entry::default();
    let reply = match route(shared, &registry, parts, &mut entry) {
        Routed::Done(reply) => reply,
        Routed::Op {
            vendor,
            op,
            captures,
        } => serve_op(shared, vendor, op, parts, body, &captures, &mut entry),
    };
    finish(shared, parts, reply, entry, start)
}

/// A request whose body is still to be read. A proxied vendor's request
/// is checked, forwarded and its answer checked; the mock answers when
/// the upstream cannot and `--proxy-fallback` is on.
async fn answer_with_body(
    shared: &Shared,
    parts: Parts,
    body: Incoming,
    proxied: bool,
) -> (Reply, Steer) {
    let start = (access_log::enabled() || shared.recording()).then(Instant::now);
    // held across the body read, so a reload cannot pull the op away
    let registry = shared.registry.load_full();
    let mut entry = Entry::default();
    let reply = match route(shared, &registry, &parts, &mut entry) {
        Routed::Done(reply) => {
            // answered without the body (404, 405, admin, preflight)
            if !waits_for_continue(&parts) {
                drain_unread(body, shared.config.body_timeout);
            }
            reply
        }
        Routed::Op {
            vendor,
            op,
            captures,
        } => match read_body(&shared.config, op, &parts, body).await {
            Ok(bytes) if proxied => {
                crate::proxy::answer(shared, vendor, op, &parts, bytes, &captures, &mut entry).await
            }
            Ok(bytes) => serve_op(shared, vendor, op, &parts, &bytes, &captures, &mut entry),
            Err(reply) => reply,
        },
    };
    finish(shared, &parts, reply, entry, start)
}

/// What holds for every reply: CORS, `Deprecation`, HEAD, the log line.
fn finish(
    shared: &Shared,
    parts: &Parts,
    mut reply: Reply,
    entry: Entry<'_>,
    start: Option<Instant>,
) -> (Reply, Steer) {
    let steer = Steer {
        delay: (entry.delay_ms > 0).then(|| Duration::from_millis(entry.delay_ms)),
        fault: entry.fault,
    };
    if shared.config.cors {
        cors::add_headers(parts, &mut reply);
    }
    if entry.op.is_some_and(|op| op.deprecated) {
        reply
            .headers_mut()
            .insert(DEPRECATION, HeaderValue::from_static("true"));
    }
    if parts.method == Method::HEAD {
        let len = hyper::body::Body::size_hint(reply.body())
            .exact()
            .unwrap_or(0);
        *reply.body_mut() = Full::new(Bytes::new());
        reply
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    }
    if let Some(start) = start {
        let status = reply.status().as_u16();
        if access_log::enabled() {
            access_log::write(parts, &entry, status, start);
        }
        // the admin namespace's own traffic is not the app's
        if shared.recording() && !is_admin(parts.uri.path()) {
            if let Some(op) = entry.op {
                crate::coverage::record(op, &entry.chosen);
            }
            shared.journal.record_answer(parts, entry, status, start);
        }
    }
    (reply, steer)
}

fn is_admin(path: &str) -> bool {
    path == "/__mock" || path.starts_with("/__mock/")
}

/// Where a request goes: answered already (preflight, admin, 404, 405) or
/// to an operation, with the raw values of its path parameters.
enum Routed<'r, 'p> {
    Done(Reply),
    Op {
        vendor: &'r Arc<Vendor>,
        op: &'r Op,
        captures: Vec<(&'r str, &'p str)>,
    },
}

fn route<'r, 'p>(
    shared: &Shared,
    registry: &'r Registry,
    parts: &'p Parts,
    entry: &mut Entry<'r>,
) -> Routed<'r, 'p> {
    if shared.config.cors && cors::is_preflight(parts) {
        return Routed::Done(cors::preflight(parts));
    }
    let path = parts.uri.path();
    if is_admin(path) {
        return Routed::Done(crate::admin::handle(shared, registry, parts));
    }
    let mut stack = [""; STACK_SEGMENTS];
    let mut heap = Vec::new();
    let mut count = 0;
    for segment in path.strip_prefix('/').unwrap_or(path).split('/') {
        if count < STACK_SEGMENTS {
            stack[count] = segment;
        } else {
            if heap.is_empty() {
                heap.extend_from_slice(&stack);
            }
            heap.push(segment);
        }
        count += 1;
    }
    let segments: &[&str] = if heap.is_empty() {
        &stack[..count]
    } else {
        &heap
    };
    let Some(vendor) = registry.vendors.get(segments[0]) else {
        return Routed::Done(no_vendor(registry, segments[0]));
    };
    entry.vendor = Some(vendor);
    let Some((route, captures)) = find_route(vendor, &segments[1..]) else {
        return Routed::Done(problem(
            Problem::NoPathMatched,
            &format!("no path of {} matches `{path}`", vendor.name),
            None,
        ));
    };
    let Some(op_index) = method_of(route, &parts.method) else {
        return Routed::Done(wrong_method(route, &parts.method));
    };
    let op = &vendor.ops[op_index];
    entry.op = Some(op);
    entry.op_index = op_index;
    Routed::Op {
        vendor,
        op,
        captures,
    }
}

/// The route under the vendor's mount, with or without a server base path
/// (`/chatdash/clients` and `/chatdash/v1/public/clients`).
fn find_route<'r, 'p>(
    vendor: &'r Vendor,
    rest: &[&'p str],
) -> Option<(&'r Route, Vec<(&'r str, &'p str)>)> {
    vendor.router.find(rest).or_else(|| {
        vendor.base_paths.iter().find_map(|base| {
            let n = base.split('/').count() - 1;
            let matches = rest.len() > n && base.split('/').skip(1).zip(rest).all(|(a, b)| a == *b);
            if matches {
                vendor.router.find(&rest[n..])
            } else {
                None
            }
        })
    })
}

/// The operation for `method`; HEAD falls back to GET.
fn method_of(route: &Route, method: &Method) -> Option<usize> {
    let wanted = crate::router::http_method;
    route
        .methods
        .iter()
        .find(|(m, _)| wanted(*m) == method)
        .or_else(|| {
            (*method == Method::HEAD)
                .then(|| {
                    route
                        .methods
                        .iter()
                        .find(|(m, _)| *m == generator::model::Method::Get)
                })
                .flatten()
        })
        .map(|(_, i)| *i)
}

fn no_vendor(registry: &Registry, first: &str) -> Reply {
    let mut names: Vec<&str> = registry.vendors.keys().map(String::as_str).collect();
    names.sort();
    problem(
        Problem::NoPathMatched,
        &format!(
            "no vendor is mounted at `/{first}`; vendors: {}",
            names
                .iter()
                .map(|n| format!("/{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None,
    )
}

/// 405 with `Allow` (204 for an `OPTIONS` that is not a preflight).
fn wrong_method(route: &Route, method: &Method) -> Reply {
    let mut r = if *method == Method::OPTIONS {
        respond::reply(StatusCode::NO_CONTENT, None, Bytes::new())
    } else {
        problem(
            Problem::NoMethodMatched,
            &format!(
                "{method} {} is not documented; allowed: {}",
                route.template,
                route.allow.to_str().unwrap_or("")
            ),
            None,
        )
    };
    r.headers_mut().insert(header::ALLOW, route.allow.clone());
    r
}

/// The whole body, within the size limit and the body timeout.
async fn read_body(
    config: &Config,
    op: &Op,
    parts: &Parts,
    mut body: Incoming,
) -> Result<Bytes, Reply> {
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > config.max_body as u64) {
        if !waits_for_continue(parts) {
            drain_unread(body, config.body_timeout);
        }
        return Err(too_large(op, config.max_body));
    }
    match tokio::time::timeout(
        config.body_timeout,
        Limited::new(&mut body, config.max_body).collect(),
    )
    .await
    {
        Ok(Ok(c)) => Ok(c.to_bytes()),
        Ok(Err(e)) => {
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                drain_unread(body, config.body_timeout);
                return Err(too_large(op, config.max_body));
            }
            Err(problem(
                Problem::BadRequest,
                &format!("the request body could not be read: {e}"),
                None,
            ))
        }
        Err(_) => {
            let mut r = mock_error(
                op,
                Raised::Timeout,
                Problem::RequestTimeout,
                &format!("the body did not arrive within {:?}", config.body_timeout),
            );
            r.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            Err(r)
        }
    }
}

/// Preferences, request checks, then the documented response.
pub(crate) fn serve_op<'r>(
    shared: &Shared,
    vendor: &'r Arc<Vendor>,
    op: &'r Op,
    parts: &Parts,
    body: &[u8],
    captures: &[(&str, &str)],
    entry: &mut Entry<'r>,
) -> Reply {
    let query = parts
        .uri
        .query()
        .map(|q| request::parse_query(q.as_bytes()))
        .unwrap_or_default();
    let prefs = if parts.headers.contains_key(PREFER) {
        Prefs::from_header(parts.headers.get_all(PREFER).iter().map(|v| v.as_bytes()))
    } else if query.iter().any(|(k, _)| k.starts_with("__")) {
        Prefs::from_query(&query)
    } else {
        Ok(Prefs::default())
    };
    let prefs = match prefs {
        Ok(p) => p,
        Err(e) => return problem(Problem::InvalidPreference, &e.to_string(), None),
    };
    if let Some(refused) = faults::steer(&shared.config, &shared.counter, vendor, &prefs, entry) {
        return refused;
    }
    let incoming = request::Incoming {
        headers: &parts.headers,
        query: &query,
        path_params: captures,
        body,
    };
    let violations: Vec<Violation> =
        request::check(vendor, op, &incoming, &shared.config.credentials);
    if !violations.is_empty() {
        let bodies = shared.config.error_bodies;
        let r = respond::invalid_with(vendor, op, &violations, bodies, &mut entry.chosen);
        entry.violations = violations;
        return r;
    }
    match respond_valid(shared, vendor, op, parts, &prefs, &mut entry.chosen) {
        Ok(r) => r,
        Err(Refusal::Problem(Problem::NotAcceptable, detail)) => {
            mock_error(op, Raised::NotAcceptable, Problem::NotAcceptable, &detail)
        }
        Err(Refusal::Problem(kind, detail)) => {
            entry.chosen = Chosen {
                why: Why::Refused,
                ..Chosen::default()
            };
            problem(kind, &detail, None)
        }
    }
}
/// Most of an unread body read (and dropped) after its answer.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

/// Keep reading a body the answer does not need (a 413, a 404) in the
/// background, up to [`DRAIN_LIMIT`] bytes and `within`, while the answer
/// goes out: a client that keeps sending can finish and read it. Closing
/// with the body unread would reset the connection under the client, and
/// one such as reqwest then reports a broken pipe instead of the answer.
/// The task ends by itself.
fn drain_unread(mut body: Incoming, within: Duration) {
    tokio::spawn(async move {
        let mut seen = 0;
        let _ = tokio::time::timeout(within, async {
            while let Some(Ok(frame)) = body.frame().await {
                seen += frame.data_ref().map_or(0, Bytes::len);
                if seen > DRAIN_LIMIT {
                    break;
                }
            }
        })
        .await;
    });
}

/// A client that sent `Expect: 100-continue` sends its body only once
/// the body is read; answered without reading it, it sends nothing.
fn waits_for_continue(parts: &Parts) -> bool {
    parts.headers.contains_key(header::EXPECT)
}

fn too_large(op: &Op, limit: usize) -> Reply {
    let mut r = mock_error(
        op,
        Raised::TooLarge,
        Problem::PayloadTooLarge,
        &format!("request bodies are limited to {limit} bytes"),
    );
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

/// An error the mock itself raises (406, 408, 413): the vendor's response
/// for it where documented ([`selection::documented_error`]), else
/// problem+json.
fn mock_error(op: &Op, raised: Raised, kind: Problem, detail: &str) -> Reply {
    if let Some((i, code)) = selection::documented_error(op, raised) {
        let resp = &op.responses[i];
        match resp.plain_content() {
            None => return respond::documented(resp, code, None, Bytes::new()),
            Some(c) => {
                if let Some(b) = &c.body {
                    return respond::documented(resp, code, Some(c), b.clone());
                }
            }
        }
    }
    problem(kind, detail, None)
}

fn respond_valid(
    shared: &Shared,
    vendor: &Vendor,
    op: &Op,
    parts: &Parts,
    prefs: &Prefs,
    chosen: &mut Chosen,
) -> Result<Reply, Refusal> {
    let (index, status) = selection::select(op, prefs.code)?;
    let resp = &op.responses[index];
    *chosen = Chosen {
        response: Some(index),
        why: selection::why_selected(resp, prefs.code.is_some()),
        ..Chosen::default()
    };
    let accept = parts.headers.get(header::ACCEPT).map(|v| v.as_bytes());
    let content = respond::negotiate(resp, accept)?;
    let Some(content) = content else {
        selection::without_body(resp, prefs.example.as_deref())?;
        return Ok(respond::documented(resp, status, None, Bytes::new()));
    };
    let mut rng = (prefs.dynamic == Some(true)).then(|| match &prefs.seed {
        Some(seed) => Rng::from_text(seed),
        None => Rng::new(
            shared
                .counter
                .fetch_add(1, Ordering::Relaxed)
                .wrapping_mul(0x9e37_79b9_7f4a_7c15),
        ),
    });
    chosen.content = resp.content.iter().position(|c| std::ptr::eq(c, content));
    chosen.example = selection::example_use(content, prefs.example.as_deref(), rng.is_some());
    let body = respond::body_for(vendor, content, prefs.example.as_deref(), rng.as_mut())?;
    Ok(respond::documented(resp, status, Some(content), body))
}
