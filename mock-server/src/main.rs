//! `mock-server`: serve every vendor contract under `specs/`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use mock_server::{Config, Server};

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
}

fn seconds(s: f64) -> Duration {
    Duration::from_secs_f64(if s.is_finite() && s > 0.0 {
        s.min(86_400.0)
    } else {
        0.001
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_new(&cli.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let (writer, log_guard) = mock_server::log_writer::batched(std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    match cli.log_format {
        LogFormat::Text => builder.with_ansi(false).init(),
        LogFormat::Json => builder.json().flatten_event(true).init(),
    }
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
        println!("mock-server listening on http://{}", server.local_addr());
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
