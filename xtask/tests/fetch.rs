//! `cargo xtask fetch` end to end against a docs site served on loopback
//! (`tests/fixtures/site/`, see its README), run as a user runs it.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use std::{fs, thread};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use sha2::{Digest, Sha256};

use common::xtask_command;

const LAST_MODIFIED: &str = "Wed, 01 Jan 2025 00:00:00 GMT";

/// What the server does for a path besides serving its file.
#[derive(Clone)]
enum Quirk {
    /// Answer this status (with `Retry-After` when given) once, then serve the file.
    FailOnce(u16, Option<&'static str>),
    /// Wait this long before answering.
    Slow(Duration),
    /// An HTML page.
    Html,
}

#[derive(Default)]
struct Site {
    /// URL path -> body.
    files: HashMap<String, Vec<u8>>,
    quirks: HashMap<String, Quirk>,
    /// Every request: path, headers and when it came.
    log: Vec<(String, HeaderMap, Instant)>,
    in_flight: usize,
    max_in_flight: usize,
}

struct Server {
    origin: String,
    site: Arc<Mutex<Site>>,
}

impl Server {
    /// Serve `tests/fixtures/site/` on 127.0.0.1 with an ephemeral port.
    fn start() -> Server {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let origin = format!("http://127.0.0.1:{port}");
        let other = format!("http://localhost:{port}");
        let mut files = HashMap::new();
        let root = fixture_root();
        for path in walk(&root) {
            let rel = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = fs::read(&path).unwrap();
            let text = String::from_utf8(text)
                .unwrap()
                .replace("{{ORIGIN}}", &origin)
                .replace("{{OTHER}}", &other);
            files.insert(format!("/{rel}"), text.into_bytes());
        }
        let site = Arc::new(Mutex::new(Site {
            files,
            ..Site::default()
        }));
        let shared = site.clone();
        listener.set_nonblocking(true).unwrap();
        thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let site = shared.clone();
                    tokio::spawn(async move {
                        let service = service_fn(move |req| handle(site.clone(), req));
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            });
        });
        Server { origin, site }
    }

    fn site(&self) -> std::sync::MutexGuard<'_, Site> {
        self.site.lock().unwrap()
    }

    fn body(&self, path: &str) -> Vec<u8> {
        self.site().files[path].clone()
    }

    /// Requests for `path` since the log was last cleared.
    fn requests(&self, path: &str) -> Vec<HeaderMap> {
        let site = self.site();
        site.log
            .iter()
            .filter(|(p, _, _)| p == path)
            .map(|(_, h, _)| h.clone())
            .collect()
    }

    /// When the requests for `path` came.
    fn times(&self, path: &str) -> Vec<Instant> {
        let site = self.site();
        site.log
            .iter()
            .filter(|(p, _, _)| p == path)
            .map(|(_, _, t)| *t)
            .collect()
    }
}

/// Decrements the in-flight count however the request ends (a client
/// that times out drops the handler mid-way).
struct InFlight(Arc<Mutex<Site>>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.lock().unwrap().in_flight -= 1;
    }
}

async fn handle(
    site: Arc<Mutex<Site>>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path().to_string();
    let (quirk, body) = {
        let mut s = site.lock().unwrap();
        s.in_flight += 1;
        s.max_in_flight = s.max_in_flight.max(s.in_flight);
        s.log
            .push((path.clone(), req.headers().clone(), Instant::now()));
        let quirk = s.quirks.get(&path).cloned();
        if let Some(Quirk::FailOnce(..)) = quirk {
            s.quirks.remove(&path);
        }
        (quirk, s.files.get(&path).cloned())
    };
    let _guard = InFlight(site.clone());
    let mut response = Response::builder();
    match quirk {
        Some(Quirk::FailOnce(status, retry_after)) => {
            response = response.status(status);
            if let Some(seconds) = retry_after {
                response = response.header("retry-after", seconds);
            }
            return Ok(response.body(Full::new(Bytes::from("try again"))).unwrap());
        }
        Some(Quirk::Slow(delay)) => tokio::time::sleep(delay).await,
        Some(Quirk::Html) => {
            let page = "<!DOCTYPE html>\n<html><body>Page not found</body></html>\n";
            return Ok(response
                .header("content-type", "text/html; charset=utf-8")
                .body(Full::new(Bytes::from(page)))
                .unwrap());
        }
        None => {}
    }
    let Some(body) = body else {
        return Ok(response
            .status(StatusCode::NOT_FOUND)
            .body(Full::new(Bytes::from("not found")))
            .unwrap());
    };
    let etag = format!("\"{}\"", &hex(&Sha256::digest(&body))[..16]);
    if req.headers().get("if-none-match") == Some(&HeaderValue::from_str(&etag).unwrap()) {
        return Ok(response
            .status(StatusCode::NOT_MODIFIED)
            .header("etag", etag)
            .body(Full::new(Bytes::new()))
            .unwrap());
    }
    let content_type = match path.rsplit('.').next() {
        Some("md") => "text/markdown; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/yaml",
    };
    Ok(response
        .header("content-type", content_type)
        .header("etag", etag)
        .header("last-modified", LAST_MODIFIED)
        .body(Full::new(Bytes::from(body)))
        .unwrap())
}

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site")
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Run the xtask binary; returns its output with stderr as text.
fn xtask(args: &[&str]) -> (Output, String) {
    let output = xtask_command().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output, stderr)
}

/// `fetch --specs SPECS --vendor site`, then `extra`.
fn fetch_site(specs: &Path, extra: &[&str]) -> (Output, String) {
    let mut args = vec![
        "fetch",
        "--specs",
        specs.to_str().unwrap(),
        "--vendor",
        "site",
    ];
    args.extend_from_slice(extra);
    xtask(&args)
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    if !dir.exists() {
        return BTreeMap::new();
    }
    walk(dir)
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(&p).unwrap())
        })
        .collect()
}

fn lock(vendor: &Path) -> toml::Table {
    toml::from_str(&fs::read_to_string(vendor.join("docs.lock")).unwrap()).unwrap()
}

fn has_line(stderr: &str, words: &[&str]) -> bool {
    stderr
        .lines()
        .any(|l| l.split_whitespace().collect::<Vec<_>>() == words)
}

const REF: &str = "/docs/api-reference";
const INCIDENT: &str = "api-reference/incidents/update-an-incident.md";
const STATUSES: &str = "api-reference/check-status/list-all-check-statuses.md";
const INSTANCES: &str = "api-reference/instances/list-instances.md";
const ENRICHMENT: &str = "api-reference/enrichments/update-an-enrichment.md";
const BLOCKS: &str = "api-reference/blocks/update-block-type.md";
const LIMITS: &str = "api-reference/limits/get-limits.md";
const OPENAPI: &str = "api-reference/openapi.json";
const WEBHOOKS: &str = "specs/webhooks.yaml";

#[test]
fn fetch_mirrors_the_site_records_the_lock_and_detects_drift() {
    let started = Instant::now();
    let server = Server::start();
    {
        let mut site = server.site();
        site.quirks.insert(
            format!("{REF}/instances/list-instances.md"),
            Quirk::FailOnce(429, Some("1")),
        );
        site.quirks.insert(
            format!("{REF}/enrichments/update-an-enrichment.md"),
            Quirk::FailOnce(500, None),
        );
        site.quirks.insert(
            format!("{REF}/blocks/update-block-type.md"),
            Quirk::Slow(Duration::from_secs(4)),
        );
        site.quirks
            .insert(format!("{REF}/broken-page.md"), Quirk::Html);
    }
    let specs = tempfile::tempdir().unwrap();
    let specs_arg = specs.path().to_str().unwrap();
    let vendor = specs.path().join("site");
    let fast = ["--timeout", "1", "--retries", "2", "--backoff-ms", "10"];
    let fetch = |extra: &[&str]| fetch_site(specs.path(), &[&fast[..], extra].concat());

    // 1. First run, from the site root: what succeeded is written, the
    //    HTML page, the slow page and the escaping link fail: exit 1.
    let root = format!("{}/docs", server.origin);
    let (out, stderr) = fetch(&[&root]);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("site: reading {}/docs/llms.txt", server.origin)),
        "{stderr}"
    );
    let written = tree(&vendor);
    let expected: BTreeMap<String, Vec<u8>> = [
        (INCIDENT, format!("{REF}/incidents/update-an-incident.md")),
        (
            STATUSES,
            format!("{REF}/check-status/list-all-check-statuses.md"),
        ),
        (INSTANCES, format!("{REF}/instances/list-instances.md")),
        (
            ENRICHMENT,
            format!("{REF}/enrichments/update-an-enrichment.md"),
        ),
        (LIMITS, format!("{REF}/limits/get-limits.md")),
        (OPENAPI, format!("{REF}/openapi.json")),
        (WEBHOOKS, "/docs/specs/webhooks".to_string()),
    ]
    .into_iter()
    .map(|(file, url)| (file.to_string(), server.body(&url)))
    .chain([("docs.lock".to_string(), written["docs.lock"].clone())])
    .collect();
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "{stderr}"
    );
    assert_eq!(written, expected, "files are written byte for byte");
    // The fixture pages are the site's bytes.
    assert_eq!(
        written[INCIDENT],
        fs::read(fixture_root().join("docs").join(INCIDENT)).unwrap()
    );
    for file in [
        INCIDENT, STATUSES, INSTANCES, ENRICHMENT, LIMITS, OPENAPI, WEBHOOKS,
    ] {
        assert!(has_line(&stderr, &["added", file]), "{file}: {stderr}");
    }
    assert!(
        has_line(&stderr, &["skipped", "introduction.md", "(no", "endpoint)"]),
        "{stderr}"
    );
    assert!(
        has_line(&stderr, &["skipped", "changelog.md", "(no", "endpoint)"]),
        "{stderr}"
    );
    let failed: Vec<&str> = stderr.lines().filter(|l| l.starts_with("failed")).collect();
    assert_eq!(failed.len(), 3, "{stderr}");
    let html = format!("{}{REF}/broken-page.md: expected markdown or a spec file, got an HTML page (Content-Type text/html)", server.origin);
    assert!(failed.iter().any(|l| l.ends_with(&html)), "{stderr}");
    let slow = format!(
        "{}{REF}/blocks/update-block-type.md: timed out after 1.0 s (3 attempt(s))",
        server.origin
    );
    assert!(failed.iter().any(|l| l.ends_with(&slow)), "{stderr}");
    assert!(
        failed.iter().any(|l| l.contains(
            "escaped.md: refused (llms.txt line 17): path segment `../../../escaped.md`"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("site: 7 file(s): 7 added, 0 changed, 0 removed, 0 unchanged, 2 skipped (no endpoint), 3 failed"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "site: 2 link(s) not followed: the `## Optional` section and pages on other hosts"
        ),
        "{stderr}"
    );
    assert!(!specs.path().join("escaped.md").exists());
    {
        let site = server.site();
        assert!(site.max_in_flight <= 4, "{} in flight", site.max_in_flight);
        assert!(site.log.iter().all(|(p, _, _)| !p.contains("escaped")));
        assert!(site
            .log
            .iter()
            .all(|(p, _, _)| !p.starts_with("/status") && !p.starts_with("/blog")));
        for (_, headers, _) in &site.log {
            let agent = headers["user-agent"].to_str().unwrap();
            assert!(
                agent.starts_with("contract-mock-generator-fetch/"),
                "{agent}"
            );
        }
    }
    // 429 with `Retry-After: 1`: the retry waits a second; 500: the (10 ms) backoff.
    let times = server.times(&format!("{REF}/instances/list-instances.md"));
    assert_eq!(times.len(), 2);
    assert!(
        times[1] - times[0] >= Duration::from_millis(950),
        "{:?}",
        times[1] - times[0]
    );
    let times = server.times(&format!("{REF}/enrichments/update-an-enrichment.md"));
    assert_eq!(times.len(), 2);
    assert!(
        times[1] - times[0] < Duration::from_millis(900),
        "{:?}",
        times[1] - times[0]
    );
    assert_eq!(
        server
            .requests(&format!("{REF}/blocks/update-block-type.md"))
            .len(),
        3
    );

    // The lock: sorted, per file its URL, the hash without boilerplate, size, validators.
    let lock1 = lock(&vendor);
    assert_eq!(
        lock1["index"].as_str(),
        Some(format!("{}/docs/llms.txt", server.origin).as_str())
    );
    let files = lock1["files"].as_table().unwrap();
    let mut want = vec![
        ENRICHMENT, INCIDENT, INSTANCES, OPENAPI, STATUSES, LIMITS, WEBHOOKS,
    ];
    want.sort();
    assert_eq!(files.keys().map(String::as_str).collect::<Vec<_>>(), want);
    let incident = files[INCIDENT].as_table().unwrap();
    let text = String::from_utf8(written[INCIDENT].clone()).unwrap();
    assert_eq!(
        incident["url"].as_str(),
        Some(format!("{}{REF}/incidents/update-an-incident.md", server.origin).as_str())
    );
    assert_eq!(
        incident["sha256"].as_str().unwrap(),
        hex(&Sha256::digest(
            generator::llms::strip_boilerplate(&text).as_bytes()
        ))
    );
    assert_ne!(
        incident["sha256"].as_str().unwrap(),
        hex(&Sha256::digest(text.as_bytes())),
        "the preamble is not hashed"
    );
    assert_eq!(incident["bytes"].as_integer(), Some(text.len() as i64));
    assert!(incident["etag"].as_str().unwrap().starts_with('"'));
    assert_eq!(incident["last_modified"].as_str(), Some(LAST_MODIFIED));
    let skipped = lock1["skipped"].as_table().unwrap();
    assert_eq!(
        skipped.keys().collect::<Vec<_>>(),
        ["changelog.md", "introduction.md"]
    );

    // 2. generate reads the nested pages of the fetched folder.
    let out_dir = tempfile::tempdir().unwrap();
    let (out, gen_stderr) = xtask(&[
        "generate",
        "--specs",
        specs_arg,
        "--out",
        out_dir.path().to_str().unwrap(),
        "--quiet",
    ]);
    let summary = gen_stderr
        .lines()
        .find(|l| l.starts_with("site: "))
        .unwrap_or_else(|| panic!("{gen_stderr}"));
    assert!(
        summary.starts_with("site: 7 page(s), 7 operation(s)"),
        "{summary}\n{gen_stderr}"
    );
    let contract = fs::read_to_string(out_dir.path().join("openapi/site.yaml")).unwrap();
    for path in [
        "/v1/incidents/{id}:",
        "/v1/check-statuses:",
        "/v1/organizations/{organizationSlug}/databases/{databaseName}/instances:",
        "/v0/websets/{webset}/enrichments/{id}:",
        "/v1/metrics/limits:",
        "/status:",
        "/webhooks:",
    ] {
        assert!(contract.contains(path), "{path} missing from the contract");
    }
    assert!(out.status.success(), "{gen_stderr}");

    // 3. Upstream changes: one page edited, one page's boilerplate edited
    //    (not drift), one page dropped from the index, the slow page fixed,
    //    the broken links gone.
    {
        let mut site = server.site();
        site.quirks.clear();
        let page = format!("{REF}/incidents/update-an-incident.md");
        site.files
            .get_mut(&page)
            .unwrap()
            .extend_from_slice(b"\nEdited upstream.\n");
        let statuses = format!("{REF}/check-status/list-all-check-statuses.md");
        let edited = String::from_utf8(site.files[&statuses].clone())
            .unwrap()
            .replace(
                "Use this file to discover all available pages before exploring further.",
                "Use this file to discover all pages.",
            );
        site.files.insert(statuses, edited.into_bytes());
        let index = String::from_utf8(site.files["/docs/llms.txt"].clone()).unwrap();
        let index: String = index
            .lines()
            .filter(|l| {
                !l.contains("list-instances")
                    && !l.contains("broken-page")
                    && !l.contains("escaped")
            })
            .map(|l| format!("{l}\n"))
            .collect();
        site.files
            .insert("/docs/llms.txt".into(), index.into_bytes());
    }
    let before = tree(&vendor);

    // Removing 1 of 7 files (14%) needs --prune: refused, nothing written.
    // No URL: the lock's index is used.
    let (out, stderr) = fetch(&[]);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("refusing to remove 1 of 7 file(s), more than 10%; nothing was written"),
        "{stderr}"
    );
    assert!(stderr.contains("Pass --prune"), "{stderr}");
    assert_eq!(tree(&vendor), before, "a refused run writes nothing");

    // --check: drift, exit 1, nothing written.
    let (out, stderr) = fetch(&["--check"]);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(has_line(&stderr, &["changed", INCIDENT]), "{stderr}");
    assert!(has_line(&stderr, &["removed", INSTANCES]), "{stderr}");
    assert!(has_line(&stderr, &["added", BLOCKS]), "{stderr}");
    assert!(
        has_line(&stderr, &["unchanged", STATUSES]),
        "boilerplate is not drift: {stderr}"
    );
    assert!(
        stderr.contains("site: 7 file(s): 1 added, 1 changed, 1 removed, 5 unchanged, 2 skipped (no endpoint), 0 failed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("site: upstream changed since docs.lock"),
        "{stderr}"
    );
    assert_eq!(tree(&vendor), before, "--check writes nothing");

    // With --prune: written; conditional requests for what the lock has.
    server.site().log.clear();
    let (out, stderr) = fetch(&["--prune"]);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("site: 7 file(s): 1 added, 1 changed, 1 removed, 5 unchanged, 2 skipped (no endpoint), 0 failed"),
        "{stderr}"
    );
    assert!(has_line(&stderr, &["removed", INSTANCES]), "{stderr}");
    let after = tree(&vendor);
    assert_eq!(
        after[INCIDENT],
        server.body(&format!("{REF}/incidents/update-an-incident.md"))
    );
    assert_eq!(
        after[BLOCKS],
        server.body(&format!("{REF}/blocks/update-block-type.md"))
    );
    assert_eq!(
        after[STATUSES], before[STATUSES],
        "a boilerplate edit is not rewritten"
    );
    assert!(!after.contains_key(INSTANCES));
    assert!(
        !vendor.join("api-reference/instances").exists(),
        "empty folders go too"
    );
    let lock2 = lock(&vendor);
    let files2 = lock2["files"].as_table().unwrap();
    assert!(!files2.contains_key(INSTANCES));
    assert!(files2.contains_key(BLOCKS));
    assert_ne!(files2[INCIDENT]["sha256"], files[INCIDENT]["sha256"]);
    assert_eq!(files2[STATUSES], files[STATUSES]);
    let etag = files[OPENAPI]["etag"].as_str().unwrap();
    let sent = server.requests(&format!("{REF}/openapi.json"));
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["if-none-match"].to_str().unwrap(), etag);
    assert_eq!(
        sent[0]["if-modified-since"].to_str().unwrap(),
        LAST_MODIFIED
    );
    let sent = server.requests(&format!("{REF}/check-status/list-all-check-statuses.md"));
    assert!(sent[0].contains_key("if-none-match"));
    assert!(server.requests("/docs/llms.txt")[0]
        .get("if-none-match")
        .is_none());

    // --check after the update: up to date, exit 0, nothing written.
    let (out, stderr) = fetch(&["--check"]);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("site: docs.lock is up to date"), "{stderr}");
    assert!(
        stderr.contains("site: 7 file(s): 0 added, 0 changed, 0 removed, 7 unchanged, 2 skipped (no endpoint), 0 failed"),
        "{stderr}"
    );
    assert_eq!(tree(&vendor), after);

    // A file deleted locally is restored from upstream, not reported as drift.
    fs::remove_file(vendor.join(OPENAPI)).unwrap();
    let (out, stderr) = fetch(&[]);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(has_line(&stderr, &["restored", OPENAPI]), "{stderr}");
    assert_eq!(tree(&vendor), after);

    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn without_url_or_lock_it_says_what_to_pass() {
    let specs = tempfile::tempdir().unwrap();
    let (out, stderr) = fetch_site(specs.path(), &[]);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no URL given"), "{stderr}");
    assert!(
        stderr.contains("docs.lock records no index and no page names one"),
        "{stderr}"
    );
    let (out, stderr) = xtask(&["fetch", "--vendor", "../x", "http://127.0.0.1:1/"]);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not a plain folder name"), "{stderr}");
    assert!(tree(specs.path()).is_empty());
}

/// A vendor folder scraped earlier (no lock) names its index in every
/// page's Mintlify preamble: `fetch --vendor NAME` alone finds it.
#[test]
fn without_url_or_lock_the_index_the_pages_name_is_used() {
    let server = Server::start();
    let specs = tempfile::tempdir().unwrap();
    let vendor = specs.path().join("site");
    fs::create_dir(&vendor).unwrap();
    let index = format!("{}/docs/llms.txt", server.origin);
    let page = format!("> ## Documentation Index\n> Fetch the complete documentation index at: {index}\n> Use this file to discover all available pages before exploring further.\n\n# Scraped\n");
    fs::write(vendor.join("scraped.md"), &page).unwrap();
    let (out, stderr) = fetch_site(specs.path(), &["--check", "--timeout", "1"]);
    assert!(
        stderr.contains(&format!("site: using the index its pages name: {index}")),
        "{stderr}"
    );
    // Everything upstream is new to a folder without a lock: drift, exit 1,
    // and --check writes nothing.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(tree(specs.path()).len(), 1, "{stderr}");
}

#[test]
fn an_unreachable_index_fails_and_writes_nothing() {
    let server = Server::start();
    let specs = tempfile::tempdir().unwrap();
    let url = format!("{}/nowhere/llms.txt", server.origin);
    let (out, stderr) = fetch_site(specs.path(), &[&url]);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: cannot read the index: {url}: HTTP 404 Not Found"
        )),
        "{stderr}"
    );
    assert!(tree(specs.path()).is_empty());
}
