//! A mock server for every vendor contract.
//!
//! Each vendor folder under `specs/` is read through the generator's own
//! ingestion (`generator::vendor::build_vendor`), so the mock never
//! disagrees with the published contracts, compiled once per load
//! ([`compile`]) and mounted at `/<vendor>`. Requests are checked against
//! the contract ([`request`]); responses follow Prism's conventions
//! ([`respond`], [`prefer`]). Editing a page reloads its vendor
//! ([`registry`]). See the crate README section in the repository README.

pub mod access_log;
pub mod admin;
pub mod compile;
mod cors;
pub mod log_writer;
pub mod pipeline;
pub mod prefer;
pub mod registry;
pub mod request;
pub mod respond;
pub mod sample;
pub mod server;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use thiserror::Error;

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
        }
    }
}

#[derive(Debug, Error)]
pub enum Error {
    /// The same verdict `cargo xtask generate` gives for the folder.
    #[error(transparent)]
    Specs(#[from] generator::vendor::SpecsError),
    #[error("no vendor folder named `{0}` under the specs folder")]
    UnknownVendor(String),
    #[error("no vendor under {0} documents any operation")]
    NoVendors(PathBuf),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("loading the contracts failed: {0}")]
    Load(String),
}
