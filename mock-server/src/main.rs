//! `mock-server`: serve every vendor contract under `specs/`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use mock_server::{Config, ErrorBodies, Server};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ErrorBodiesArg {
    /// The message-like field of the documented error says what was wrong.
    Violations,
    /// The documented error exactly as documented (Prism's behaviour).
    Documented,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

/// A validating mock of every vendor contract (Prism-compatible `Prefer`).
#[derive(Parser, Debug)]
#[command(name = "mock-server", version)]
struct Cli {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, env = "MOCK_ADDR", default_value = "127.0.0.1:4010")]
    addr: SocketAddr,
    /// Folder of vendor folders (the vendor docs the generator reads).
    #[arg(long, env = "MOCK_SPECS", default_value = "specs")]
    specs: PathBuf,
    /// Serve only this vendor.
    #[arg(long, env = "MOCK_VENDOR")]
    vendor: Option<String>,
    /// Log line format.
    #[arg(long, env = "MOCK_LOG_FORMAT", value_enum, default_value = "text")]
    log_format: LogFormat,
    /// Log filter (`info`; `info,mock_server::access=off` drops request lines).
    #[arg(long, env = "MOCK_LOG", default_value = "info")]
    log: String,
    /// Largest request body in bytes (413 above).
    #[arg(long, env = "MOCK_MAX_BODY", default_value_t = 1024 * 1024)]
    max_body: usize,
    /// Seconds a client has to send its request head.
    #[arg(long, env = "MOCK_HEADER_TIMEOUT", default_value_t = 10.0)]
    header_timeout: f64,
    /// Seconds a client has to send its request body (408 after).
    #[arg(long, env = "MOCK_BODY_TIMEOUT", default_value_t = 10.0)]
    body_timeout: f64,
    /// Seconds in-flight requests get to finish on SIGINT/SIGTERM.
    #[arg(long, env = "MOCK_DRAIN_TIMEOUT", default_value_t = 10.0)]
    drain_timeout: f64,
    /// Milliseconds between checks of `specs/` for edits (0: no reloading).
    #[arg(long, env = "MOCK_WATCH_MS", default_value_t = 500)]
    watch_ms: u64,
    /// Do not answer CORS preflights or add CORS headers.
    #[arg(long, env = "MOCK_NO_CORS")]
    no_cors: bool,
    /// Accept only these credential values (API key, bearer token or
    /// `user:password`); by default any well-formed credential is accepted.
    #[arg(long = "credential", env = "MOCK_CREDENTIALS", value_delimiter = ',')]
    credentials: Vec<String>,
    /// What an invalid request's documented error body says.
    #[arg(
        long,
        env = "MOCK_ERROR_BODIES",
        value_enum,
        default_value = "violations"
    )]
    error_bodies: ErrorBodiesArg,
    /// Requests kept by the journal (`/__mock/requests`); 0 turns the
    /// journal and the live events off.
    #[arg(
        long,
        env = "MOCK_JOURNAL_SIZE",
        default_value_t = mock_server::journal::DEFAULT_SIZE as u64,
        value_parser = clap::value_parser!(u64).range(0..=1_000_000)
    )]
    journal_size: u64,
    /// Write the contract coverage of the run (JSON) to this file at shutdown.
    #[arg(long, env = "MOCK_COVERAGE_REPORT")]
    coverage_report: Option<PathBuf>,
    /// Added latency: `50ms`, a uniform range `20ms..200ms`, or one vendor's
    /// `chatdash=20ms..200ms` (repeat the flag for several).
    #[arg(long, env = "MOCK_LATENCY", value_delimiter = ',')]
    latency: Vec<String>,
    /// Seed of the `--latency` range draws (the same seed, the same delays).
    #[arg(long, env = "MOCK_LATENCY_SEED", default_value_t = 0)]
    latency_seed: u64,
    /// The longest delay a request or `--latency` may ask for (400 above).
    #[arg(long, env = "MOCK_MAX_DELAY", default_value = "30s", value_parser = duration)]
    max_delay: Duration,
    /// Validating proxy: send this vendor's requests to its real API
    /// (`chatdash=https://api.chat-dash.com/v1/public`; repeat for several).
    #[arg(long, env = "MOCK_PROXY", value_delimiter = ',', value_parser = proxy_target)]
    proxy: Vec<(String, reqwest::Url)>,
    /// Answer from the mock when a proxied upstream is unreachable, too
    /// slow, or answers 501.
    #[arg(long, env = "MOCK_PROXY_FALLBACK")]
    proxy_fallback: bool,
    /// Total time an upstream request may take.
    #[arg(long, env = "MOCK_PROXY_TIMEOUT", default_value = "30s", value_parser = duration)]
    proxy_timeout: Duration,
    /// Keep each vendor's built contract in this folder, so the next start
    /// with unchanged pages skips reading them [default:
    /// `$XDG_CACHE_HOME/contract-mock`, else `~/.cache/contract-mock`].
    #[arg(long, env = "MOCK_CONTRACT_CACHE")]
    contract_cache: Option<PathBuf>,
    /// Build every contract from its pages; no cache read or written.
    #[arg(
        long,
        env = "MOCK_NO_CONTRACT_CACHE",
        conflicts_with = "contract_cache"
    )]
    no_contract_cache: bool,
}

fn proxy_target(text: &str) -> Result<(String, reqwest::Url), String> {
    mock_server::proxy::parse_target(text).map_err(|e| e.to_string())
}

fn duration(text: &str) -> Result<Duration, String> {
    mock_server::faults::parse_duration(text).map_err(|e| e.to_string())
}

fn seconds(s: f64) -> Duration {
    Duration::from_secs_f64(if s.is_finite() && s > 0.0 {
        s.min(86_400.0)
    } else {
        0.001
    })
}

// mimalloc: a large spec's first start builds its contract in about two
// thirds of the time it takes on glibc's malloc, with less memory left
// resident (GitHub's spec side by side: 410 ms and 100 MiB to the first
// answer against 600 ms and 115 MiB); see `registry::release_freed_memory`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_new(&cli.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let (writer, log_guard) = mock_server::log_writer::batched(std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    match cli.log_format {
        LogFormat::Text => builder.with_ansi(colour(&std::io::stderr())).init(),
        LogFormat::Json => builder.json().flatten_event(true).init(),
    }
    let mut latency = mock_server::faults::Latency {
        seed: cli.latency_seed,
        ..Default::default()
    };
    for value in &cli.latency {
        if let Err(e) = latency.add(value, cli.max_delay) {
            eprintln!("error: --latency: {e}");
            return ExitCode::FAILURE;
        }
    }
    let contract_cache = match (cli.no_contract_cache, cli.contract_cache) {
        (true, _) => None,
        (false, Some(dir)) => Some(dir),
        (false, None) => Some(mock_server::contract_cache::ContractCache::default_dir()),
    };
    let config = Config {
        addr: cli.addr,
        specs: cli.specs,
        vendor: cli.vendor,
        max_body: cli.max_body,
        header_timeout: seconds(cli.header_timeout),
        body_timeout: seconds(cli.body_timeout),
        drain_timeout: seconds(cli.drain_timeout),
        watch: (cli.watch_ms > 0).then(|| Duration::from_millis(cli.watch_ms)),
        cors: !cli.no_cors,
        credentials: cli.credentials,
        error_bodies: match cli.error_bodies {
            ErrorBodiesArg::Violations => ErrorBodies::Violations,
            ErrorBodiesArg::Documented => ErrorBodies::Documented,
        },
        journal_size: cli.journal_size as usize,
        coverage_report: cli.coverage_report,
        latency,
        max_delay: cli.max_delay,
        proxies: cli.proxy,
        proxy_fallback: cli.proxy_fallback,
        proxy_timeout: cli.proxy_timeout,
        contract_cache,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            log_guard.flush();
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let log_guard = &log_guard;
    runtime.block_on(async move {
        let server = match Server::bind(config).await {
            Ok(s) => s,
            Err(e) => {
                log_guard.flush();
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let vendors = server.vendors();
        tracing::info!(vendors = %vendors.join(","), "serving {} vendor(s)", vendors.len());
        log_guard.flush();
        print!("{}", server.banner(colour(&std::io::stdout())));
        println!("mock-server listening on http://{}", server.local_addr());
        eprintln!("{}", exposure(server.local_addr(), &vendors));
        match server.run(shutdown_signal()).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                log_guard.flush();
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

/// Colour for a terminal, unless `NO_COLOR` is set.
fn colour(stream: &impl std::io::IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// What the address exposes: loopback only (the default), or a warning
/// naming everything a non-loopback address puts on the network.
fn exposure(addr: SocketAddr, vendors: &[String]) -> String {
    if addr.ip().is_loopback() {
        format!(
            "note: listening on loopback only ({addr}): nothing outside this machine can reach the mock; `--addr 0.0.0.0:{}` would expose it to the network",
            addr.port()
        )
    } else {
        let mounts: Vec<String> = vendors.iter().map(|v| format!("/{v}")).collect();
        format!(
            "warning: {addr} is not a loopback address: every vendor's mock ({}) and the `/__mock` admin API are exposed to the network, to anyone who can reach this machine",
            mounts.join(", ")
        )
    }
}

/// SIGINT or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => tracing::info!("SIGINT received"),
        () = terminate => tracing::info!("SIGTERM received"),
    }
}
