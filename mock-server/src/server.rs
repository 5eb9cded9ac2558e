//! The HTTP side: the accept loop (hyper 1, HTTP/1.1, header timeout),
//! graceful shutdown, and reloading vendors whose pages changed. Each
//! request goes to [`crate::pipeline`].

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

pub use crate::access_log::ACCESS_LOG;
use crate::pipeline::{self, Shared};
use crate::registry::{self, Registry};
use crate::{Config, Error};

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
            let service = service_fn(move |req| pipeline::handle(&shared, req));
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .max_buf_size(64 * 1024)
                // head and a small example body in one write(2), not a two-part writev
                .writev(false)
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
