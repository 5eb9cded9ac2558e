//! Start-up: the time from spawning a server to its first answered
//! request (polled every few milliseconds), and its resident memory just
//! after, for each seed vendor and for GitHub's spec; ours from the vendor
//! folder it reads (pages or the OpenAPI file), once building the
//! contract and once with it in the contract cache, Prism from the
//! OpenAPI file of the same contract. Interleaved over rounds like the
//! load runs.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use super::layout::Layout;
use super::report::StartRow;
use super::servers;

pub struct Target {
    /// `chatdash (seed)`, `GitHub (corpus)`.
    pub label: String,
    /// A folder whose only vendor folder is this one.
    pub mock_specs: PathBuf,
    /// The same contract as an OpenAPI file, for Prism.
    pub prism_spec: Option<PathBuf>,
}

pub fn run(
    layout: &Layout,
    release: &std::path::Path,
    prism: Option<(&str, &std::path::Path)>,
    targets: &[Target],
    rounds: u32,
) -> Vec<StartRow> {
    let mut rows: Vec<StartRow> = Vec::new();
    for t in targets {
        rows.push(StartRow::new(&t.label, "mock, from the pages"));
        rows.push(StartRow::new(&t.label, "mock, cached contract"));
        if let (Some(_), Some((version, _))) = (&t.prism_spec, prism) {
            rows.push(StartRow::new(&t.label, &format!("Prism {version}")));
        }
    }
    // Each target's contract cache, filled by one start before the rounds
    // (what every start after a user's first finds).
    let cache_of = |t: &Target| t.mock_specs.with_extension("contract-cache");
    let mock = |t: &Target, cache: Option<&std::path::Path>| {
        servers::free_addr().and_then(|addr| {
            let mut cmd = servers::mock_command(layout, release, &t.mock_specs, addr, "warn");
            match cache {
                Some(dir) => cmd.arg("--contract-cache").arg(dir),
                None => cmd.arg("--no-contract-cache"),
            };
            cmd.stdout(Stdio::null()).stderr(Stdio::null());
            servers::spawn_polled("mock", cmd, addr, Duration::from_secs(120))
        })
    };
    for t in targets {
        let _ = std::fs::remove_dir_all(cache_of(t));
        if let Err(e) = mock(t, Some(&cache_of(t))) {
            eprintln!(
                "start-up: filling the contract cache of {} failed: {e}",
                t.label
            );
        }
    }
    for round in 1..=rounds {
        eprintln!("start-up round {round}/{rounds}...");
        let mut row = rows.iter_mut();
        for t in targets {
            if let Some(r) = row.next() {
                r.record(mock(t, None));
            }
            if let Some(r) = row.next() {
                r.record(mock(t, Some(&cache_of(t))));
            }
            if let (Some(spec), Some((_, bin))) = (&t.prism_spec, prism) {
                if let Some(r) = row.next() {
                    let started = servers::free_addr().and_then(|addr| {
                        let cmd = servers::prism_command(layout, bin, spec, addr, None)?;
                        servers::spawn_polled("Prism", cmd, addr, Duration::from_secs(300))
                    });
                    r.record(started);
                }
            }
        }
    }
    rows
}

impl StartRow {
    fn new(target: &str, server: &str) -> StartRow {
        StartRow {
            target: target.to_string(),
            server: server.to_string(),
            ready_ms: Vec::new(),
            rss_kb: Vec::new(),
            error: None,
        }
    }

    fn record(&mut self, started: Result<(servers::Server, Duration), String>) {
        match started {
            Ok((server, took)) => {
                self.ready_ms.push(took.as_secs_f64() * 1000.0);
                if let Some(kb) = server.rss_kb() {
                    self.rss_kb.push(kb);
                }
            }
            Err(e) => self.error = Some(e),
        }
    }
}
