//! A mock server for every vendor contract.
//!
//! Each vendor folder under `specs/` is read through the generator's own
//! ingestion (`generator::vendor::build_vendor`), so the mock never
//! disagrees with the published contracts, compiled once per load
//! ([`compile`] into a [`plan`], routed by [`router`]) and mounted at
//! `/<vendor>`. Requests are checked against the contract ([`request`]);
//! responses follow Prism's conventions ([`selection`], [`respond`],
//! [`prefer`]). Editing a page reloads its vendor ([`registry`]). See the
//! crate README section in the repository README.

pub mod access_log;
pub mod admin;
pub mod banner;
pub mod body;
pub mod compile;
pub mod contract_cache;
mod cors;
pub mod coverage;
pub mod error_body;
pub mod events;
pub mod explain;
pub mod faults;
mod forms;
pub mod journal;
pub mod log_writer;
pub mod multipart;
pub mod pipeline;
pub mod plan;
pub mod prefer;
pub mod proxy;
pub mod registry;
pub mod request;
pub mod respond;
pub mod router;
pub mod sample;
pub mod selection;
pub mod served_contract;
pub mod server;
pub mod web;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use thiserror::Error;

pub use error_body::ErrorBodies;
pub use server::Server;

/// How the server runs. `Default` is the CLI's defaults.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    /// Folder of vendor folders.
    pub specs: PathBuf,
    /// Serve only this vendor.
    pub vendor: Option<String>,
    /// Largest request body accepted (413 above).
    pub max_body: usize,
    /// Time a client has to send its request head (then the connection closes).
    pub header_timeout: Duration,
    /// Time a client has to send its request body (then 408).
    pub body_timeout: Duration,
    /// How long in-flight requests get to finish on shutdown.
    pub drain_timeout: Duration,
    /// Poll `specs/` this often and reload changed vendors (None: never).
    pub watch: Option<Duration>,
    /// Answer CORS preflights and add CORS headers to every response.
    pub cors: bool,
    /// When not empty, the only credential values accepted (API keys,
    /// bearer tokens, `user:password`); otherwise any well-formed one is.
    pub credentials: Vec<String>,
    /// What an invalid request's documented error body says.
    pub error_bodies: ErrorBodies,
    /// Requests the journal keeps (0: no journal, no live events).
    pub journal_size: usize,
    /// Where to write the coverage report at shutdown.
    pub coverage_report: Option<PathBuf>,
    /// Added latency (`--latency`), global and per vendor.
    pub latency: faults::Latency,
    /// The longest delay a request may ask for (400 above).
    pub max_delay: Duration,
    /// Vendors whose requests go to their real API (`--proxy VENDOR=URL`).
    pub proxies: Vec<(String, reqwest::Url)>,
    /// Answer from the mock when the upstream is unreachable, too slow or
    /// answers 501.
    pub proxy_fallback: bool,
    /// Total time an upstream request may take.
    pub proxy_timeout: Duration,
    /// Keep each vendor's built contract here between runs (None: build
    /// from the pages every time).
    pub contract_cache: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 4010)),
            specs: PathBuf::from("specs"),
            vendor: None,
            max_body: 1024 * 1024,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            drain_timeout: Duration::from_secs(10),
            watch: Some(Duration::from_millis(500)),
            cors: true,
            credentials: Vec::new(),
            error_bodies: ErrorBodies::default(),
            journal_size: journal::DEFAULT_SIZE,
            coverage_report: None,
            latency: faults::Latency::default(),
            max_delay: faults::DEFAULT_MAX_DELAY,
            proxies: Vec::new(),
            proxy_fallback: false,
            proxy_timeout: proxy::DEFAULT_TIMEOUT,
            contract_cache: None,
        }
    }
}

#[derive(Debug, Error)]
pub enum Error {
    /// The same verdict `cargo xtask generate` gives for the folder.
    #[error(transparent)]
    Specs(#[from] generator::vendor::SpecsError),
    #[error("no vendor folder named `{name}` under {specs}; vendors: {}", list_or_none(.available))]
    UnknownVendor {
        name: String,
        specs: PathBuf,
        available: Vec<String>,
    },
    #[error("no vendor under {0} documents any operation")]
    NoVendors(PathBuf),
    #[error("cannot listen on {addr}: {}", bind_hint(.addr, .source))]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("loading the contracts failed: {0}")]
    Load(String),
    #[error(transparent)]
    Proxy(#[from] proxy::ProxyError),
    #[error("cannot write the coverage report {path}: {source}")]
    CoverageReport {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn list_or_none(names: &[String]) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

/// What to do about a bind error: for "address in use", which `--addr`
/// to change and to what.
fn bind_hint(addr: &SocketAddr, source: &std::io::Error) -> String {
    match source.kind() {
        std::io::ErrorKind::AddrInUse => {
            let mut next = *addr;
            next.set_port(addr.port().wrapping_add(1).max(1));
            let mut any = *addr;
            any.set_port(0);
            format!(
                "the address is already in use (another mock-server or Prism?); stop it, or start this one with `--addr {next}` (or `--addr {any}` for any free port; `MOCK_ADDR` works too)"
            )
        }
        std::io::ErrorKind::PermissionDenied if addr.port() < 1024 => format!(
            "{source}; ports below 1024 need privileges: use `--addr {}:4010`",
            addr.ip()
        ),
        _ => source.to_string(),
    }
}
