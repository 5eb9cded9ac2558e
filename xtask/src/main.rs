//! Project automation: `cargo xtask <command>`.

mod bench;
mod generate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "xtask",
    about = "Project automation for the contract generator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Vendor docs (specs/) -> normalized contracts (generated/openapi/).
    Generate {
        /// Folder of vendor folders holding the pages.
        #[arg(long, value_name = "DIR")]
        specs: Option<PathBuf>,
        /// Output folder (contracts go to <out>/openapi/<vendor>.yaml).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Write nothing; exit 1 and name the files that are out of date.
        #[arg(long)]
        check: bool,
        /// Print only errors and warnings (notes are counted, not shown).
        #[arg(long)]
        quiet: bool,
    },
    /// Side-by-side load test: the mock vs a bare hyper server vs Prism
    /// (loopback only, bounded runs; needs wrk, and node/npm for Prism).
    Bench {
        /// Seconds per run.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=120))]
        seconds: u32,
        /// Concurrent connections.
        #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=1024))]
        connections: u32,
        /// Interleaved rounds (the median is reported).
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=9))]
        rounds: u32,
        /// Requests per second (all connections) for the latency probe.
        #[arg(long, default_value_t = 5000, value_parser = clap::value_parser!(u32).range(1..=50_000))]
        rate: u32,
        /// Skip the Prism runs.
        #[arg(long)]
        no_prism: bool,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            specs,
            out,
            check,
            quiet,
        } => {
            let root = workspace_root();
            let options = generate::Options {
                specs: specs.unwrap_or_else(|| root.join("specs")),
                out: out.unwrap_or_else(|| root.join("generated")),
                check,
                quiet,
            };
            generate::run(&options)
        }
        Command::Bench {
            seconds,
            connections,
            rounds,
            rate,
            no_prism,
        } => {
            let options = bench::Options {
                root: workspace_root(),
                seconds,
                connections,
                rounds,
                rate,
                prism: !no_prism,
            };
            match bench::run(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// The workspace root (xtask lives one level below it).
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
