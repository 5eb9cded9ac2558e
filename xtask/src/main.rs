//! Project automation: `cargo xtask <command>`.

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
    }
}

/// The workspace root (xtask lives one level below it).
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
