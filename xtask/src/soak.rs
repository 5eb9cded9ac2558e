//! `cargo xtask soak`: the mock server under hours-like use, compressed
//! into minutes. The release binary serves the repository's `specs/` on
//! 127.0.0.1 (its access log, JSON, to a file) while `--connections`
//! clients send mixed valid and invalid traffic at `--rate` requests per
//! second in all, for `--minutes`:
//!
//! - valid: every seed operation with a request built from its served
//!   contract (documented or generated parameters, credentials and body),
//!   and `Prefer: code=` for each documented 4xx;
//! - invalid: malformed JSON, a body of the wrong type, missing
//!   credentials, an unknown path, vendor and method, bad and undocumented
//!   `Prefer` codes, and now and then a body over the size limit;
//! - one request in 50 asks for `Connection: close`, so connections come
//!   and go as well.
//!
//! Checks, printed as a table and a last line `N passed, N failed`: no
//! 5xx, no dropped connection (connect, I/O or timeout error), the
//! server's RSS at the end within 10% of its RSS after the warm-up (the
//! first minute, or 20% of a shorter run), one access-log line per request
//! sent (counted after SIGTERM, once the log writer has flushed), and
//! every answer in the class its request expects. Loopback only; the load
//! stops by itself at the deadline or the request cap.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use generator::model::{Contract, MediaType, Method, Operation, ParamLocation, SecuritySchemeKind};
use generator::validate::{Direction, Validator};
use mock_server::sample::Sampler;
use serde_json::Value;

use crate::release::{build_mock_server, target_dir};

pub struct Options {
    pub root: PathBuf,
    pub minutes: u32,
    pub connections: u32,
    /// Requests per second, all connections together.
    pub rate: u32,
}

/// The mock's default body limit; one byte more is refused with 413.
const MAX_BODY: usize = 1024 * 1024;
/// How much the RSS may move between the warm-up and the end.
const RSS_TOLERANCE: f64 = 0.10;
/// Messages kept per kind of failure.
const KEEP: usize = 5;

/// What a request's answer must be.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Success,
    Status(u16),
    ClientError,
}

impl Expect {
    fn holds(self, status: u16) -> bool {
        match self {
            Expect::Success => (200..300).contains(&status),
            Expect::Status(s) => s == status,
            Expect::ClientError => (400..500).contains(&status),
        }
    }
}

/// One request of the mix.
#[derive(Debug, Clone)]
struct Req {
    kind: &'static str,
    valid: bool,
    method: reqwest::Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    expect: Expect,
}

impl Req {
    fn new(kind: &'static str, valid: bool, method: reqwest::Method, path: String) -> Req {
        Req {
            kind,
            valid,
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            expect: Expect::Success,
        }
    }

    /// A GET of `path` that must answer `status`.
    fn get(kind: &'static str, valid: bool, path: &str, status: u16) -> Req {
        let mut r = Req::new(kind, valid, reqwest::Method::GET, path.into());
        r.expect = Expect::Status(status);
        r
    }
}

/// What the clients saw.
#[derive(Default)]
struct Tally {
    sent: AtomicU64,
    valid: AtomicU64,
    invalid: AtomicU64,
    closes: AtomicU64,
    classes: [AtomicU64; 6],
    dropped: AtomicU64,
    unexpected: AtomicU64,
    by_kind: Mutex<BTreeMap<&'static str, u64>>,
    drop_messages: Mutex<Vec<String>>,
    unexpected_messages: Mutex<Vec<String>>,
}

impl Tally {
    fn keep(list: &Mutex<Vec<String>>, message: String) {
        let mut l = list.lock().unwrap_or_else(|e| e.into_inner());
        if l.len() < KEEP {
            l.push(message);
        }
    }
}

/// The server process; killed if still running when dropped.
struct Mock {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Mock {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Mock {
    fn start(bin: &Path, specs: &Path, log: &Path) -> Result<Mock, String> {
        let log_file = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let mut child = Command::new(bin)
            .args(["--addr", "127.0.0.1:0", "--watch-ms", "0"])
            .args(["--log", "info", "--log-format", "json"])
            .arg("--specs")
            .arg(specs)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let stdout = child.stdout.take().ok_or("the mock has no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let addr = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(rest) = line.split("listening on http://").nth(1) {
                        break rest.trim().parse::<SocketAddr>().map_err(|e| e.to_string());
                    }
                }
                _ => break Err("the mock exited before listening".to_string()),
            }
        };
        // keep draining stdout so the server never blocks on a full pipe
        std::thread::spawn(move || for _ in lines.by_ref() {});
        let mut mock = Mock {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        };
        mock.addr = addr?;
        Ok(mock)
    }

    /// Resident set size in KiB (`VmRSS` in `/proc/<pid>/status`).
    fn rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// SIGTERM, then wait for the drain and the log flush (SIGKILL after 30 s).
    fn stop(&mut self) -> Result<(), String> {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill")
            .args(["-TERM", &pid])
            .stderr(Stdio::null())
            .status();
        let until = Instant::now() + Duration::from_secs(30);
        while Instant::now() < until {
            if let Ok(Some(status)) = self.child.try_wait() {
                return if status.success() {
                    Ok(())
                } else {
                    Err(format!("the mock exited with {status}"))
                };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        Err("the mock did not exit within 30 s of SIGTERM".into())
    }
}

pub fn run(o: &Options) -> Result<bool, String> {
    eprintln!("building the release mock-server...");
    build_mock_server(&o.root, &[])?;
    let bin = target_dir(&o.root).join("release/mock-server");
    let work = target_dir(&o.root).join("soak");
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let log = work.join("access.log");
    let specs = o.root.join("specs");
    let mut mock = Mock::start(&bin, &specs, &log)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let tally = Arc::new(Tally::default());
    let duration = Duration::from_secs(u64::from(o.minutes) * 60);
    let warmup = Duration::from_secs(60).min(duration.mul_f64(0.2));
    let started = Instant::now();
    let outcome = runtime.block_on(drive(o, &mock, &tally, duration, warmup));
    let elapsed = started.elapsed();
    let (catalog, rss) = match outcome {
        Ok(x) => x,
        Err(e) => {
            let _ = mock.stop();
            return Err(e);
        }
    };
    let stopped = mock.stop();
    let logged = count_access_lines(&log)?;
    Ok(report(
        o, &mock, &tally, &catalog, &rss, elapsed, warmup, logged, &log, stopped,
    ))
}

/// RSS samples, KiB: after the warm-up, at the end, the highest.
#[derive(Default, Debug)]
struct Rss {
    warm: Option<u64>,
    end: Option<u64>,
    peak: u64,
}

/// The mix, for the report.
struct Catalog {
    vendors: usize,
    operations: usize,
    requests: Vec<Req>,
}

async fn drive(
    o: &Options,
    mock: &Mock,
    tally: &Arc<Tally>,
    duration: Duration,
    warmup: Duration,
) -> Result<(Catalog, Rss), String> {
    let base = format!("http://{}", mock.addr);
    let setup = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| e.to_string())?;
    let catalog = catalog(&setup, &base, tally).await?;
    drop(setup);
    eprintln!(
        "soak: {} min, {} connections, {} req/s, {} requests in the mix over {} operation(s) of {} vendor(s)",
        o.minutes,
        o.connections,
        o.rate,
        catalog.requests.len(),
        catalog.operations,
        catalog.vendors
    );
    let requests = Arc::new(catalog.requests.clone());
    let started = Instant::now();
    let deadline = started + duration;
    // at most 10% over the rate, whatever the timer does
    let cap = (duration.as_secs_f64() * f64::from(o.rate) * 1.1) as u64 / u64::from(o.connections);
    let interval = Duration::from_secs_f64(f64::from(o.connections) / f64::from(o.rate));
    let mut workers = tokio::task::JoinSet::new();
    for w in 0..o.connections {
        let (requests, tally, base) = (requests.clone(), tally.clone(), base.clone());
        workers.spawn(async move {
            worker(
                w as usize, &base, &requests, &tally, deadline, interval, cap,
            )
            .await
        });
    }
    let mut rss = Rss::default();
    let mut ticker = tokio::time::interval(Duration::from_secs(1));
    let mut last_report = Instant::now();
    while Instant::now() < deadline {
        ticker.tick().await;
        let now = mock.rss_kib();
        if let Some(kib) = now {
            rss.peak = rss.peak.max(kib);
        }
        if rss.warm.is_none() && started.elapsed() >= warmup {
            rss.warm = now;
            eprintln!(
                "soak: warm-up over after {:.0} s, RSS {}",
                warmup.as_secs_f64(),
                mib(now)
            );
        }
        if last_report.elapsed() >= Duration::from_secs(30) {
            last_report = Instant::now();
            eprintln!(
                "soak: {:>4.0} s, {} requests, {} dropped, {} 5xx, RSS {}",
                started.elapsed().as_secs_f64(),
                tally.sent.load(Ordering::Relaxed),
                tally.dropped.load(Ordering::Relaxed),
                tally.classes[5].load(Ordering::Relaxed),
                mib(now)
            );
        }
        // the last sample under load is the end figure
        rss.end = now;
    }
    while let Some(done) = workers.join_next().await {
        done.map_err(|e| format!("a client task failed: {e}"))?;
    }
    Ok((catalog, rss))
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

/// One connection's loop: the mix in turn (each worker starting at its
/// own place), at its share of the rate, until the deadline or the cap.
async fn worker(
    w: usize,
    base: &str,
    requests: &[Req],
    tally: &Tally,
    deadline: Instant,
    interval: Duration,
    cap: u64,
) {
    let Ok(client) = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .pool_max_idle_per_host(1)
        // below the server's 10 s header timeout: never reuse a connection
        // the server is about to close for being idle
        .pool_idle_timeout(Duration::from_secs(5))
        .build()
    else {
        tally.dropped.fetch_add(1, Ordering::Relaxed);
        return;
    };
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut i: u64 = 0;
    while Instant::now() < deadline && i < cap {
        ticker.tick().await;
        let index = (w * 7919 + i as usize) % requests.len();
        let close = i % 50 == 49;
        // a body over the limit now and then (in place of a request that
        // reaches an operation with a body), rather than in every round
        let too_large =
            (i + w as u64) % 997 == 0 && requests[index].valid && requests[index].body.is_some();
        let req = if too_large {
            oversized(&requests[index])
        } else {
            requests[index].clone()
        };
        send(&client, base, &req, close, tally).await;
        i += 1;
    }
}

/// The same operation with a body one byte over the limit: 413.
fn oversized(like: &Req) -> Req {
    let mut r = Req::new(
        "body over the limit",
        false,
        reqwest::Method::POST,
        like.path.clone(),
    );
    r.headers = like.headers.clone();
    r.headers
        .retain(|(k, _)| !k.eq_ignore_ascii_case("content-type"));
    r.headers
        .push(("content-type".into(), "application/json".into()));
    let mut body = vec![b' '; MAX_BODY + 1];
    body[0] = b'{';
    body[MAX_BODY] = b'}';
    r.body = Some(body);
    r.expect = Expect::Status(413);
    r
}

async fn send(client: &reqwest::Client, base: &str, req: &Req, close: bool, tally: &Tally) {
    let mut r = client
        .request(req.method.clone(), format!("{base}{}", req.path))
        .query(&req.query);
    for (k, v) in &req.headers {
        r = r.header(k, v);
    }
    if close {
        r = r.header("connection", "close");
        tally.closes.fetch_add(1, Ordering::Relaxed);
    }
    if let Some(b) = &req.body {
        r = r.body(b.clone());
    }
    tally.sent.fetch_add(1, Ordering::Relaxed);
    if req.valid {
        tally.valid.fetch_add(1, Ordering::Relaxed);
    } else {
        tally.invalid.fetch_add(1, Ordering::Relaxed);
    }
    *tally
        .by_kind
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(req.kind)
        .or_insert(0) += 1;
    let answer = match r.send().await {
        Ok(resp) => {
            let status = resp.status().as_u16();
            resp.bytes().await.map(|_| status)
        }
        Err(e) => Err(e),
    };
    match answer {
        Ok(status) => {
            let class = usize::from(status / 100).min(5);
            tally.classes[class].fetch_add(1, Ordering::Relaxed);
            if !req.expect.holds(status) {
                tally.unexpected.fetch_add(1, Ordering::Relaxed);
                Tally::keep(
                    &tally.unexpected_messages,
                    format!(
                        "{} {} {}: {status}, expected {:?}",
                        req.kind, req.method, req.path, req.expect
                    ),
                );
            }
        }
        Err(e) => {
            tally.dropped.fetch_add(1, Ordering::Relaxed);
            Tally::keep(
                &tally.drop_messages,
                format!("{} {} {}: {e:?}", req.kind, req.method, req.path),
            );
        }
    }
}

/// The mix: per operation of every vendor the mock serves, valid requests
/// (as many as there are invalid ones, so half the traffic is valid) and
/// each kind of invalid request that applies.
async fn catalog(c: &reqwest::Client, base: &str, tally: &Tally) -> Result<Catalog, String> {
    let get_json = |path: String| async move {
        tally.sent.fetch_add(1, Ordering::Relaxed);
        let r = c
            .get(format!("{base}{path}"))
            .send()
            .await
            .map_err(|e| format!("GET {path}: {e}"))?;
        let status = r.status().as_u16();
        tally.classes[usize::from(status / 100).min(5)].fetch_add(1, Ordering::Relaxed);
        if status != 200 {
            return Err(format!("GET {path}: {status}"));
        }
        r.json::<Value>()
            .await
            .map_err(|e| format!("GET {path}: {e}"))
    };
    let ops = get_json("/__mock/operations".into()).await?;
    let vendors = ops["vendors"].as_array().cloned().unwrap_or_default();
    let mut requests = Vec::new();
    let mut operations = 0;
    for v in &vendors {
        let name = v["name"].as_str().unwrap_or_default().to_string();
        let served: Contract =
            serde_json::from_value(get_json(format!("/__mock/openapi/{name}.json")).await?)
                .map_err(|e| format!("the served contract of {name}: {e}"))?;
        for (path, method, op) in served.operations() {
            operations += 1;
            let listed = v["operations"]
                .as_array()
                .and_then(|l| {
                    l.iter()
                        .find(|o| o["path"] == path && o["method"] == method.upper().as_str())
                })
                .cloned()
                .unwrap_or(Value::Null);
            let item = &served.paths[path];
            requests.extend(for_operation(
                &served, &name, path, method, op, &listed, item,
            ));
        }
    }
    requests.push(Req::get("admin health", true, "/__mock/health", 200));
    requests.push(Req::get(
        "unknown vendor",
        false,
        "/no-such-vendor/anything",
        404,
    ));
    if requests.len() < 3 {
        return Err("the mock serves no operation to soak".into());
    }
    Ok(Catalog {
        vendors: vendors.len(),
        operations,
        requests,
    })
}

fn for_operation(
    contract: &Contract,
    vendor: &str,
    path: &str,
    method: Method,
    op: &Operation,
    listed: &Value,
    item: &generator::model::PathItem,
) -> Vec<Req> {
    let http =
        reqwest::Method::from_bytes(method.upper().as_bytes()).unwrap_or(reqwest::Method::GET);
    let valid = valid_request(contract, vendor, path, op, http.clone());
    let mut invalid = Vec::new();
    // documented 4xx on request (5xx would count against the server);
    // the responses the mock adds to the served contract are not the
    // vendor's, so `Prefer` cannot choose them
    for (key, response) in &op.responses {
        if response.extensions.get("x-mock-generated") == Some(&Value::Bool(true)) {
            continue;
        }
        if let Ok(code) = key.parse::<u16>() {
            if (400..500).contains(&code) {
                let mut r = valid.clone();
                r.kind = "Prefer: a documented 4xx";
                r.headers.push(("prefer".into(), format!("code={code}")));
                r.expect = Expect::Status(code);
                invalid.push(r);
            }
        }
    }
    if op
        .security
        .as_ref()
        .unwrap_or(&contract.security)
        .iter()
        .any(|alt| !alt.is_empty())
    {
        let mut r = valid.clone();
        r.kind = "missing credentials";
        r.valid = false;
        r.headers
            .retain(|(k, v)| !(k.eq_ignore_ascii_case("authorization") || v == "soak-key"));
        r.query.retain(|(_, v)| v != "soak-key");
        r.expect = Expect::Status(401);
        invalid.push(r);
    }
    if valid.body.is_some() {
        let mut r = valid.clone();
        r.kind = "malformed JSON";
        r.valid = false;
        r.body = Some(br#"{"name": "unterminated"#.to_vec());
        r.expect = Expect::ClientError;
        invalid.push(r);
        let validator = Validator::new(&contract.components.schemas).direction(Direction::Request);
        let schema = op
            .request_body
            .as_ref()
            .and_then(|b| MediaType::preferred(&b.content))
            .and_then(|(_, m)| m.schema.as_ref());
        if schema.is_some_and(|s| !validator.is_valid(s, &serde_json::json!(42))) {
            let mut r = valid.clone();
            r.kind = "body of the wrong type";
            r.valid = false;
            r.body = Some(b"42".to_vec());
            r.expect = Expect::ClientError;
            invalid.push(r);
        }
    }
    let mut r = valid.clone();
    r.kind = "bad Prefer code";
    r.valid = false;
    r.headers.push(("prefer".into(), "code=abc".into()));
    r.expect = Expect::Status(422);
    invalid.push(r);
    let mut r = valid.clone();
    r.kind = "undocumented Prefer code";
    r.valid = false;
    r.headers.push(("prefer".into(), "code=418".into()));
    r.expect = Expect::ClientError;
    invalid.push(r);
    let mut r = valid.clone();
    r.kind = "unknown path";
    r.valid = false;
    r.path = format!("/{vendor}/__no/such/path");
    r.expect = Expect::Status(404);
    invalid.push(r);
    if let Some(other) = Method::ALL.into_iter().find(|m| {
        !item.contains_key(m)
            && matches!(
                m,
                Method::Delete | Method::Put | Method::Patch | Method::Post | Method::Get
            )
    }) {
        let mut r = valid.clone();
        r.kind = "undocumented method";
        r.valid = false;
        r.method = reqwest::Method::from_bytes(other.upper().as_bytes())
            .unwrap_or(reqwest::Method::DELETE);
        r.expect = Expect::Status(405);
        invalid.push(r);
    }
    let mut valid = valid;
    valid.expect = match listed["defaultStatus"].as_str() {
        Some(s) if generator::http::is_success_key(s) || s == "default" => Expect::Success,
        Some(s) => s.parse().map_or(Expect::ClientError, Expect::Status),
        None => Expect::Success,
    };
    let mut out = vec![valid; invalid.len().max(1)];
    out.extend(invalid);
    out
}

/// A request for `op` that satisfies its contract: documented examples
/// where they validate, else values generated from the schemas.
fn valid_request(
    contract: &Contract,
    vendor: &str,
    path: &str,
    op: &Operation,
    method: reqwest::Method,
) -> Req {
    let validator = Validator::new(&contract.components.schemas).direction(Direction::Request);
    let sampler = Sampler::new(&validator, Direction::Request);
    let sample =
        |schema: &generator::model::Schema| sampler.static_value(schema).unwrap_or(Value::Null);
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut r = Req::new("valid", true, method, String::new());
    let mut filled = path.to_string();
    for p in &op.parameters {
        let value = p
            .example
            .clone()
            .filter(|v| validator.is_valid(&p.schema, v))
            .unwrap_or_else(|| sample(&p.schema));
        match p.location {
            ParamLocation::Path => {
                filled = filled.replace(&format!("{{{}}}", p.name), &segment(&text(&value)))
            }
            ParamLocation::Header if p.required => r.headers.push((p.name.clone(), text(&value))),
            ParamLocation::Query if p.required => r.query.push((p.name.clone(), text(&value))),
            ParamLocation::Cookie if p.required => r
                .headers
                .push(("cookie".into(), format!("{}={}", p.name, text(&value)))),
            _ => {}
        }
    }
    r.path = format!("/{vendor}{filled}");
    let requirements = op.security.as_ref().unwrap_or(&contract.security);
    if let Some(first) = requirements.first() {
        for name in first.keys() {
            let Some(scheme) = contract.components.security_schemes.get(name) else {
                continue;
            };
            match (scheme.kind, scheme.scheme.as_deref()) {
                (SecuritySchemeKind::ApiKey, _) => {
                    let key = scheme.name.clone().unwrap_or_default();
                    match scheme.location {
                        Some(ParamLocation::Query) => r.query.push((key, "soak-key".into())),
                        Some(ParamLocation::Cookie) => {
                            r.headers.push(("cookie".into(), format!("{key}=soak-key")))
                        }
                        _ => r.headers.push((key, "soak-key".into())),
                    }
                }
                (_, Some(s)) if s.eq_ignore_ascii_case("basic") => r
                    .headers
                    .push(("authorization".into(), "Basic c29hazpzb2Fr".into())),
                _ => r
                    .headers
                    .push(("authorization".into(), "Bearer soak-token".into())),
            }
        }
    }
    if let Some((media, content)) = op
        .request_body
        .as_ref()
        .and_then(|b| MediaType::preferred(&b.content))
    {
        if let Some(schema) = &content.schema {
            let body = content
                .example_values()
                .into_iter()
                .map(|(_, v)| v.clone())
                .find(|v| validator.is_valid(schema, v))
                .unwrap_or_else(|| sample(schema));
            r.headers.push(("content-type".into(), media.to_string()));
            r.body = Some(serde_json::to_vec(&body).unwrap_or_default());
        }
    }
    r
}

/// A path segment, percent-encoded.
fn segment(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Access-log lines (JSON, target `mock_server::access`) in the log file.
fn count_access_lines(log: &Path) -> Result<u64, String> {
    let file = std::fs::File::open(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let mut n = 0;
    for line in BufReader::new(file).lines() {
        let line = line.map_err(|e| format!("{}: {e}", log.display()))?;
        if line.contains("\"target\":\"mock_server::access\"") {
            n += 1;
        }
    }
    Ok(n)
}

#[allow(clippy::too_many_arguments)]
fn report(
    o: &Options,
    mock: &Mock,
    tally: &Tally,
    catalog: &Catalog,
    rss: &Rss,
    elapsed: Duration,
    warmup: Duration,
    logged: u64,
    log: &Path,
    stopped: Result<(), String>,
) -> bool {
    let n = |a: &AtomicU64| a.load(Ordering::Relaxed);
    let sent = n(&tally.sent);
    let classes: Vec<u64> = tally.classes.iter().map(n).collect();
    let answered: u64 = classes.iter().sum();
    println!(
        "\nsoak: {:.1} min on 127.0.0.1:{} (mock-server, release), specs/: {} vendor(s), {} operation(s), {} requests in the mix",
        elapsed.as_secs_f64() / 60.0,
        mock.addr.port(),
        catalog.vendors,
        catalog.operations,
        catalog.requests.len()
    );
    println!(
        "{} connections, {} req/s asked for; access log: {}\n",
        o.connections,
        o.rate,
        log.display()
    );
    let row = |k: &str, v: String| println!("{k:<44} {v}");
    row(
        "requests sent",
        format!(
            "{sent} ({:.0}/s)",
            sent as f64 / elapsed.as_secs_f64().max(1.0)
        ),
    );
    row(
        "  valid (documented success or 4xx asked for)",
        n(&tally.valid).to_string(),
    );
    row("  invalid", n(&tally.invalid).to_string());
    row("  with Connection: close", n(&tally.closes).to_string());
    for (kind, count) in tally
        .by_kind
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
    {
        row(&format!("    {kind}"), count.to_string());
    }
    row(
        "answers 1xx / 2xx / 3xx / 4xx / 5xx",
        format!(
            "{} / {} / {} / {} / {}",
            classes[1], classes[2], classes[3], classes[4], classes[5]
        ),
    );
    row(
        "answers outside their expected class",
        n(&tally.unexpected).to_string(),
    );
    row("dropped connections", n(&tally.dropped).to_string());
    row(
        &format!("RSS after the warm-up ({:.0} s)", warmup.as_secs_f64()),
        mib(rss.warm),
    );
    let change = match (rss.warm, rss.end) {
        (Some(w), Some(e)) if w > 0 => Some((e as f64 - w as f64) / w as f64),
        _ => None,
    };
    row(
        "RSS at the end",
        format!(
            "{}{}",
            mib(rss.end),
            change.map_or(String::new(), |c| format!(" ({:+.1}%)", c * 100.0))
        ),
    );
    row("RSS peak", mib(Some(rss.peak)));
    row(
        "access-log lines",
        format!("{logged} (requests sent: {sent})"),
    );
    for (what, messages) in [
        ("dropped", &tally.drop_messages),
        ("unexpected", &tally.unexpected_messages),
    ] {
        for m in messages.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            println!("{what}: {m}");
        }
    }
    if let Err(e) = &stopped {
        println!("shutdown: {e}");
    }
    let checks = [
        ("zero 5xx", classes[5] == 0, format!("{} 5xx", classes[5])),
        (
            "zero dropped connections",
            n(&tally.dropped) == 0 && answered == sent,
            format!("{} dropped", n(&tally.dropped)),
        ),
        (
            "RSS at the end within 10% of after the warm-up",
            change.is_some_and(|c| c.abs() <= RSS_TOLERANCE),
            change.map_or("no RSS reading".into(), |c| format!("{:+.1}%", c * 100.0)),
        ),
        (
            "one access-log line per request (after SIGTERM)",
            logged == sent && stopped.is_ok(),
            format!("{logged} lines, {sent} requests"),
        ),
        (
            "every answer in its expected class",
            n(&tally.unexpected) == 0,
            format!("{} outside", n(&tally.unexpected)),
        ),
    ];
    println!("\n{:<50} {:<6} detail", "check", "result");
    let mut passed = 0;
    for (name, ok, detail) in &checks {
        println!(
            "{name:<50} {:<6} {detail}",
            if *ok { "pass" } else { "FAIL" }
        );
        passed += usize::from(*ok);
    }
    println!("{passed} passed, {} failed", checks.len() - passed);
    passed == checks.len()
}
