//! The HTTP side: accept loop (hyper 1, HTTP/1.1), timeouts, graceful
//! shutdown, the request pipeline, CORS, and one log line per request.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use bytes::Bytes;
use http::header::{self, HeaderName, HeaderValue};
use http::request::Parts;
use http::{Method, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::Request;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use crate::compile::{Op, Vendor};
use crate::prefer::Prefs;
use crate::registry::{self, Registry};
use crate::request::{self, Violation};
use crate::respond::{self, problem, Problem, Refusal, Reply};
use crate::sample::Rng;
use crate::{Config, Error};

/// Log target of the per-request line (`RUST_LOG=mock_server::access=off`
/// silences it).
pub const ACCESS_LOG: &str = "mock_server::access";

struct Shared {
    config: Config,
    registry: ArcSwap<Registry>,
    /// Varies `dynamic=true` bodies that name no seed.
    counter: AtomicU64,
}

/// A bound server, ready to run.
pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
    /// The vendor folders as they were just before the first load.
    fingerprints: Vec<(String, registry::Fingerprint)>,
}

impl Server {
    /// Read every vendor (through the generator's ingestion) and bind.
    pub async fn bind(config: Config) -> Result<Server, Error> {
        let cfg = config.clone();
        let (registry, fingerprints) = tokio::task::spawn_blocking(move || {
            let before = scan(&cfg);
            registry::load_all(&cfg).map(|r| (r, before))
        })
        .await
        .map_err(|e| Error::Load(e.to_string()))??;
        let fingerprints = fingerprints.into_iter().map(|(n, _, fp)| (n, fp)).collect();
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|source| Error::Bind {
                addr: config.addr,
                source,
            })?;
        Ok(Server {
            listener,
            shared: Arc::new(Shared {
                config,
                registry: ArcSwap::from_pointee(registry),
                counter: AtomicU64::new(0),
            }),
            fingerprints,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or(self.shared.config.addr)
    }

    /// Names of the mounted vendors.
    pub fn vendors(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .shared
            .registry
            .load()
            .vendors
            .keys()
            .cloned()
            .collect();
        v.sort();
        v
    }

    /// Serve until `shutdown` resolves, then stop accepting and let
    /// in-flight requests finish (up to the drain timeout).
    pub async fn run(self, shutdown: impl Future<Output = ()>) -> Result<(), Error> {
        let Server {
            listener,
            shared,
            fingerprints,
        } = self;
        let watcher = shared
            .config
            .watch
            .map(|every| tokio::spawn(watch(shared.clone(), every, fingerprints)));
        let graceful = GracefulShutdown::new();
        let header_timeout = shared.config.header_timeout;
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            let accepted = tokio::select! {
                a = listener.accept() => a,
                () = &mut shutdown => break,
            };
            let (stream, _peer) = match accepted {
                Ok(x) => x,
                Err(e) => {
                    // out of descriptors and the like: back off, keep serving
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let shared = shared.clone();
            let service = service_fn(move |req| handle(shared.clone(), req));
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .max_buf_size(64 * 1024)
                .serve_connection(TokioIo::new(stream), service);
            let conn = graceful.watch(conn);
            tokio::spawn(async move {
                let _ = conn.await;
            });
        }
        drop(listener);
        if let Some(w) = watcher {
            w.abort();
        }
        tracing::info!("shutting down: draining in-flight requests");
        tokio::select! {
            () = graceful.shutdown() => tracing::info!("all connections closed"),
            () = tokio::time::sleep(shared.config.drain_timeout) => {
                tracing::warn!("drain timeout reached; closing the remaining connections");
            }
        }
        Ok(())
    }
}

/// Poll the specs folder and reload vendors whose files changed and then
/// stayed the same for one more interval (so half-written files are not read).
type Scan = Vec<(String, std::path::PathBuf, registry::Fingerprint)>;

/// Every vendor folder with its fingerprint.
fn scan(config: &Config) -> Scan {
    registry::dirs(config)
        .unwrap_or_default()
        .into_iter()
        .map(|d| {
            let name = d
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let fp = registry::fingerprint(&d);
            (name, d, fp)
        })
        .collect()
}

async fn watch(
    shared: Arc<Shared>,
    every: Duration,
    initial: Vec<(String, registry::Fingerprint)>,
) {
    use std::collections::HashMap;
    let config = shared.config.clone();
    let scan = move || scan(&config);
    let mut loaded: HashMap<String, registry::Fingerprint> = initial.into_iter().collect();
    let mut pending: HashMap<String, registry::Fingerprint> = HashMap::new();
    let mut ticker = tokio::time::interval(every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let scan = scan.clone();
        let now = tokio::task::spawn_blocking(scan).await.unwrap_or_default();
        for (name, dir, fp) in now {
            if loaded.get(&name) == Some(&fp) {
                pending.remove(&name);
                continue;
            }
            if pending.get(&name) != Some(&fp) {
                pending.insert(name, fp);
                continue;
            }
            pending.remove(&name);
            loaded.insert(name.clone(), fp);
            let root = registry::display_root(&shared.config);
            let built =
                match tokio::task::spawn_blocking(move || registry::build(&dir, &root)).await {
                    Ok(b) => b,
                    Err(e) => {
                        tracing::error!(vendor = %name, "reload failed: {e}");
                        continue;
                    }
                };
            let mut next = Registry::clone(&shared.registry.load());
            next.apply(built, false);
            shared.registry.store(Arc::new(next));
        }
    }
}

/// What the log line says about a request.
#[derive(Default)]
struct LogCtx {
    vendor: Option<Arc<str>>,
    operation: Option<Arc<str>>,
    violations: usize,
}

async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Result<Reply, Infallible> {
    let start = Instant::now();
    let (parts, body) = req.into_parts();
    let mut log = LogCtx::default();
    let registry = shared.registry.load_full();
    let mut deprecated = false;
    let mut reply = route(&shared, &registry, &parts, body, &mut log, &mut deprecated).await;
    if shared.config.cors {
        add_cors(&parts, &mut reply);
    }
    if deprecated {
        reply.headers_mut().insert(
            HeaderName::from_static("deprecation"),
            HeaderValue::from_static("true"),
        );
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
    if tracing::enabled!(target: ACCESS_LOG, tracing::Level::INFO) {
        let secret_query = log
            .vendor
            .as_deref()
            .and_then(|v| registry.vendors.get(v))
            .map(|v| v.secret_query.as_slice())
            .unwrap_or(&[]);
        tracing::info!(
            target: ACCESS_LOG,
            vendor = log.vendor.as_deref().unwrap_or("-"),
            operation = log.operation.as_deref().unwrap_or("-"),
            method = %parts.method,
            path = parts.uri.path(),
            query = %redact_query(parts.uri.query().unwrap_or(""), secret_query),
            credentials = credentials_present(&parts),
            status = reply.status().as_u16(),
            violations = log.violations,
            latency_us = start.elapsed().as_micros() as u64,
            "request"
        );
    }
    Ok(reply)
}

/// Which credential headers came with the request (names only, values
/// never logged).
fn credentials_present(parts: &Parts) -> String {
    let mut names: Vec<&str> = parts
        .headers
        .keys()
        .map(|k| k.as_str())
        .filter(|k| is_secret_name(k))
        .collect();
    names.dedup();
    if names.is_empty() {
        "-".into()
    } else {
        format!("{} [redacted]", names.join(","))
    }
}

fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "authorization",
        "cookie",
        "key",
        "token",
        "secret",
        "password",
        "signature",
        "session",
        "credential",
    ]
    .iter()
    .any(|s| n.contains(s))
}

/// The query string with credential values replaced by `[redacted]`.
pub fn redact_query(query: &str, secret_names: &[String]) -> String {
    if query.is_empty() {
        return String::new();
    }
    query
        .split('&')
        .map(|pair| {
            let (k, _) = pair.split_once('=').unwrap_or((pair, ""));
            let decoded = request::percent_decode(k, true);
            if is_secret_name(&decoded) || secret_names.iter().any(|s| *s == decoded) {
                format!("{k}=[redacted]")
            } else {
                pair.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

const ALLOW_ORIGIN: HeaderName = HeaderName::from_static("access-control-allow-origin");
const ALLOW_HEADERS: HeaderName = HeaderName::from_static("access-control-allow-headers");
const ALLOW_CREDENTIALS: HeaderName = HeaderName::from_static("access-control-allow-credentials");
const EXPOSE_HEADERS: HeaderName = HeaderName::from_static("access-control-expose-headers");
const ALLOW_METHODS: HeaderName = HeaderName::from_static("access-control-allow-methods");
const REQUEST_METHOD: HeaderName = HeaderName::from_static("access-control-request-method");
const REQUEST_HEADERS: HeaderName = HeaderName::from_static("access-control-request-headers");

/// CORS on every response; headers the contract set are kept.
fn add_cors(parts: &Parts, reply: &mut Reply) {
    let origin = parts.headers.get(header::ORIGIN).cloned();
    let headers = reply.headers_mut();
    let echo = origin.is_some();
    headers
        .entry(ALLOW_ORIGIN)
        .or_insert_with(|| origin.unwrap_or(HeaderValue::from_static("*")));
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
    if echo {
        headers.append(header::VARY, HeaderValue::from_static("origin"));
    }
}

async fn route(
    shared: &Shared,
    registry: &Registry,
    parts: &Parts,
    body: Incoming,
    log: &mut LogCtx,
    deprecated: &mut bool,
) -> Reply {
    let config = &shared.config;
    if config.cors
        && parts.method == Method::OPTIONS
        && parts.headers.contains_key(header::ORIGIN)
        && parts.headers.contains_key(REQUEST_METHOD)
    {
        let mut r = respond::reply(StatusCode::NO_CONTENT, None, Bytes::new());
        if let Some(m) = parts.headers.get(REQUEST_METHOD) {
            r.headers_mut().insert(ALLOW_METHODS, m.clone());
        }
        r.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(0));
        return r;
    }
    let path = parts.uri.path();
    if path == "/__mock" || path.starts_with("/__mock/") {
        return crate::admin::handle(registry, &parts.method, path);
    }
    let segments: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
    let Some(vendor) = registry.vendors.get(segments[0]) else {
        let mut names: Vec<&str> = registry.vendors.keys().map(String::as_str).collect();
        names.sort();
        return problem(
            Problem::NoPathMatched,
            &format!(
                "no vendor is mounted at `/{}`; vendors: {}",
                segments[0],
                names
                    .iter()
                    .map(|n| format!("/{n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None,
        );
    };
    log.vendor = Some(vendor.name.clone());
    let rest = &segments[1..];
    let found = vendor.router.find(rest).or_else(|| {
        vendor.base_paths.iter().find_map(|base| {
            let n = base.split('/').count() - 1;
            let matches = rest.len() > n && base.split('/').skip(1).zip(rest).all(|(a, b)| a == *b);
            if matches {
                vendor.router.find(&rest[n..])
            } else {
                None
            }
        })
    });
    let Some((route, captures)) = found else {
        return problem(
            Problem::NoPathMatched,
            &format!("no path of {} matches `{path}`", vendor.name),
            None,
        );
    };
    let wanted = crate::compile::http_method;
    let op_index = route
        .methods
        .iter()
        .find(|(m, _)| wanted(*m) == parts.method)
        .or_else(|| {
            (parts.method == Method::HEAD)
                .then(|| {
                    route
                        .methods
                        .iter()
                        .find(|(m, _)| *m == generator::model::Method::Get)
                })
                .flatten()
        })
        .map(|(_, i)| *i);
    let Some(op_index) = op_index else {
        let mut r = if parts.method == Method::OPTIONS {
            respond::reply(StatusCode::NO_CONTENT, None, Bytes::new())
        } else {
            problem(
                Problem::NoMethodMatched,
                &format!(
                    "{} {} is not documented; allowed: {}",
                    parts.method,
                    route.template,
                    route.allow.to_str().unwrap_or("")
                ),
                None,
            )
        };
        r.headers_mut().insert(header::ALLOW, route.allow.clone());
        return r;
    };
    let op = &vendor.ops[op_index];
    log.operation = Some(op.id.clone());
    *deprecated = op.deprecated;
    serve_op(shared, vendor, op, parts, body, &captures, log).await
}

async fn serve_op(
    shared: &Shared,
    vendor: &Vendor,
    op: &Op,
    parts: &Parts,
    body: Incoming,
    captures: &[(&str, &str)],
    log: &mut LogCtx,
) -> Reply {
    let config = &shared.config;
    let query = parts
        .uri
        .query()
        .map(|q| request::parse_query(q.as_bytes()))
        .unwrap_or_default();
    let prefs = if parts.headers.contains_key("prefer") {
        Prefs::from_header(parts.headers.get_all("prefer").iter().map(|v| v.as_bytes()))
    } else if query.iter().any(|(k, _)| k.starts_with("__")) {
        Prefs::from_query(&query)
    } else {
        Ok(Prefs::default())
    };
    let prefs = match prefs {
        Ok(p) => p,
        Err(e) => return problem(Problem::InvalidPreference, &e.to_string(), None),
    };
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > config.max_body as u64) {
        return too_large(op, config.max_body);
    }
    let bytes = if hyper::body::Body::is_end_stream(&body) {
        Bytes::new()
    } else {
        match tokio::time::timeout(
            config.body_timeout,
            Limited::new(body, config.max_body).collect(),
        )
        .await
        {
            Ok(Ok(c)) => c.to_bytes(),
            Ok(Err(e)) => {
                if e.downcast_ref::<http_body_util::LengthLimitError>()
                    .is_some()
                {
                    return too_large(op, config.max_body);
                }
                return problem(
                    Problem::BadRequest,
                    &format!("the request body could not be read: {e}"),
                    None,
                );
            }
            Err(_) => {
                let mut r = mock_error(
                    op,
                    408,
                    Problem::RequestTimeout,
                    &format!("the body did not arrive within {:?}", config.body_timeout),
                );
                r.headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
                return r;
            }
        }
    };
    let incoming = request::Incoming {
        headers: &parts.headers,
        query: &query,
        path_params: captures,
        body: &bytes,
    };
    let violations: Vec<Violation> = request::check(vendor, op, &incoming, &config.credentials);
    if !violations.is_empty() {
        log.violations = violations.len();
        return respond::invalid(op, &violations);
    }
    match respond_valid(shared, vendor, op, parts, &prefs) {
        Ok(r) => r,
        Err(Refusal::Problem(Problem::NotAcceptable, detail)) => {
            mock_error(op, 406, Problem::NotAcceptable, &detail)
        }
        Err(Refusal::Problem(kind, detail)) => problem(kind, &detail, None),
    }
}

fn too_large(op: &Op, limit: usize) -> Reply {
    let mut r = mock_error(
        op,
        413,
        Problem::PayloadTooLarge,
        &format!("request bodies are limited to {limit} bytes"),
    );
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

/// An error the mock itself raises (406, 408, 413): the vendor's response
/// for that status or `default` where documented, else problem+json.
fn mock_error(op: &Op, status: u16, kind: Problem, detail: &str) -> Reply {
    let key = status.to_string();
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    if let Some(i) = op.response(&key).or_else(|| op.response("default")) {
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
) -> Result<Reply, Refusal> {
    let (index, status) = respond::select(op, prefs.code)?;
    let resp = &op.responses[index];
    let accept = parts.headers.get(header::ACCEPT).map(|v| v.as_bytes());
    let content = respond::negotiate(resp, accept)?;
    let Some(content) = content else {
        if let Some(name) = &prefs.example {
            return Err(Refusal::Problem(
                Problem::NotFound,
                format!(
                    "response {} documents no body, so no example `{name}`",
                    resp.key
                ),
            ));
        }
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
    let body = respond::body_for(vendor, content, prefs.example.as_deref(), rng.as_mut())?;
    Ok(respond::documented(resp, status, Some(content), body))
}
