//! The HTTP side: the accept loop (hyper 1, HTTP/1.1, header timeout),
//! graceful shutdown, and reloading vendors whose pages changed. Each
//! request goes to [`crate::pipeline`].

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

pub use crate::access_log::ACCESS_LOG;
use crate::faults::{self, ConnFault};
use crate::pipeline::{self, Shared};
use crate::registry::{self, Registry};
use crate::{Config, Error};

/// Longest request head (request line and headers) read; longer is 431.
pub const MAX_HEAD: usize = 64 * 1024;

/// A bound server, ready to run.
pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
    /// The vendor folders as they were just before the first load.
    fingerprints: Vec<(String, registry::Fingerprint)>,
    connections: Connections,
}

/// How many connection tasks are alive: one per accepted connection,
/// counted down when its task ends, however it ends. Cheap to read; tests
/// use it to see that every connection a client abandons is cleaned up.
#[derive(Debug, Clone, Default)]
pub struct Connections(Arc<AtomicUsize>);

impl Connections {
    pub fn live(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    fn open(&self) -> Open {
        self.0.fetch_add(1, Ordering::Relaxed);
        Open(self.0.clone())
    }
}

/// One live connection task; dropping it counts the task as ended.
struct Open(Arc<AtomicUsize>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
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
        check_vendor_flags(&config, &registry)?;
        let proxy = if config.proxies.is_empty() {
            None
        } else {
            Some(crate::proxy::Proxy::new(
                &config.proxies,
                config.proxy_fallback,
                config.proxy_timeout,
            )?)
        };
        let mut shared = Shared::new(config.clone(), registry);
        shared.proxy = proxy;
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|source| Error::Bind {
                addr: config.addr,
                source,
            })?;
        Ok(Server {
            listener,
            shared: Arc::new(shared),
            fingerprints,
            connections: Connections::default(),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or(self.shared.config.addr)
    }

    /// The live connection count (take it before [`Server::run`]).
    pub fn connections(&self) -> Connections {
        self.connections.clone()
    }

    /// The start-up text: every route, per vendor (ANSI colours when
    /// `colour`).
    pub fn banner(&self, colour: bool) -> String {
        let base = format!("http://{}", self.local_addr());
        crate::banner::routes(&self.shared.registry.load(), &base, colour)
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
            connections,
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
            let fault = ConnFault::default();
            let io = TokioIo::new(faults::Io::new(stream, fault.clone()));
            let service = service_fn(move |req| pipeline::handle(&shared, &fault, req));
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .max_buf_size(64 * 1024)
                // the buffer limit alone lets a head that arrives in one
                // large read through; this one is checked on every head (431)
                .max_header_size(MAX_HEAD)
                // head and a small example body in one write(2), not a two-part writev
                .writev(false)
                .serve_connection(io, service);
            let conn = graceful.watch(conn);
            let open = connections.open();
            tokio::spawn(async move {
                let _open = open;
                let _ = conn.await;
            });
        }
        drop(listener);
        if let Some(w) = watcher {
            w.abort();
        }
        // live event streams end, so they do not hold up the drain
        shared.journal.close();
        tracing::info!("shutting down: draining in-flight requests");
        tokio::select! {
            () = graceful.shutdown() => tracing::info!("all connections closed"),
            () = tokio::time::sleep(shared.config.drain_timeout) => {
                tracing::warn!("drain timeout reached; closing the remaining connections");
            }
        }
        if let Some(path) = &shared.config.coverage_report {
            write_coverage(&shared, path)?;
        }
        Ok(())
    }
}

/// Per-vendor flags (`--latency NAME=...`) must name a served vendor.
fn check_vendor_flags(config: &Config, registry: &Registry) -> Result<(), Error> {
    let named = config
        .latency
        .per_vendor
        .iter()
        .map(|(v, _)| v)
        .chain(config.proxies.iter().map(|(v, _)| v));
    for name in named {
        if !registry.vendors.contains_key(name) {
            let mut available: Vec<String> = registry.vendors.keys().cloned().collect();
            available.sort();
            return Err(Error::UnknownVendor {
                name: name.clone(),
                specs: config.specs.clone(),
                available,
            });
        }
    }
    Ok(())
}

/// `--coverage-report FILE`: the coverage of this run, as JSON.
fn write_coverage(shared: &Shared, path: &std::path::Path) -> Result<(), Error> {
    let report = crate::coverage::report(&shared.registry.load());
    let text = serde_json::to_string_pretty(&report).unwrap_or_default();
    // Atomically: a CI job reading the report never sees half of it.
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "coverage.json".into());
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temp, text + "\n")
        .and_then(|()| std::fs::rename(&temp, path))
        .map_err(|source| {
            let _ = std::fs::remove_file(&temp);
            Error::CoverageReport {
                path: path.to_path_buf(),
                source,
            }
        })?;
    tracing::info!(path = %path.display(), "coverage report written");
    Ok(())
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
            let cache = shared
                .config
                .contract_cache
                .clone()
                .map(crate::contract_cache::ContractCache::new);
            let built = match tokio::task::spawn_blocking(move || {
                registry::build(&dir, &root, cache.as_ref())
            })
            .await
            {
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
