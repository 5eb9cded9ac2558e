//! `cargo xtask diff-peer`: the diff corpus (`tests/diff/<case>/`) through
//! an independent classifier, Redocly CLI's `redocly diff` (npm
//! `@redocly/cli@2.77.0`, offline), side by side with ours.
//!
//! Each case is compared both ways. Redocly rates a pair by the semver
//! bump it needs (major / minor / patch), which we read as breaking /
//! warning / info and compare with the highest level we report. Every
//! pair where the two differ must be explained in
//! `tests/diff/redocly.toml` (which tool is right, and why); a
//! disagreement without an explanation, or an explanation that no longer
//! matches what the tools say, fails the run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use generator::diff::{self, Counts, Level};
use serde::Deserialize;

pub const PACKAGE: &str = "@redocly/cli";
pub const VERSION: &str = "2.77.0";

pub struct Options {
    /// The corpus (`tests/diff`).
    pub cases: PathBuf,
    /// Where the npm package is installed (`target/diff-peer`).
    pub work: PathBuf,
    pub verbose: bool,
}

#[derive(Debug, Deserialize)]
struct Explanations {
    #[serde(default)]
    disagreement: Vec<Explanation>,
}

/// Why the tools rate some pairs differently.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Explanation {
    /// `<case> forward` (base -> revision) or `<case> reversed`.
    pairs: Vec<String>,
    /// Our highest level: breaking, warning, info or none.
    ours: String,
    /// Redocly's, mapped: breaking (major), warning (minor), info (patch), none.
    redocly: String,
    /// `ours`, `redocly` or `both` (a matter of policy).
    right: String,
    why: String,
}

#[derive(Debug, thiserror::Error)]
enum PeerError {
    #[error("cannot run {program} ({source}); `cargo xtask diff-peer` needs Node.js and npm")]
    Missing {
        program: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Failed(String),
    #[error("cannot read {path}: {message}")]
    Read { path: PathBuf, message: String },
}

fn level_name(level: Option<Level>) -> &'static str {
    level.map_or("none", Level::as_str)
}

/// Install the pinned package under `work` unless it is there.
fn install(work: &Path) -> Result<PathBuf, PeerError> {
    let bin = work.join("node_modules").join(".bin").join("redocly");
    let manifest = work
        .join("node_modules")
        .join("@redocly")
        .join("cli")
        .join("package.json");
    let installed = std::fs::read_to_string(&manifest)
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v["version"].as_str().map(str::to_string));
    if installed.as_deref() == Some(VERSION) && bin.exists() {
        return Ok(bin);
    }
    std::fs::create_dir_all(work).map_err(|e| PeerError::Read {
        path: work.to_path_buf(),
        message: e.to_string(),
    })?;
    eprintln!("installing {PACKAGE}@{VERSION} into {}", work.display());
    let status = Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(work)
        .args(["--no-audit", "--no-fund", "--loglevel=error"])
        .arg(format!("{PACKAGE}@{VERSION}"))
        .status()
        .map_err(|source| PeerError::Missing {
            program: "npm".into(),
            source,
        })?;
    if !status.success() || !bin.exists() {
        return Err(PeerError::Failed(format!(
            "npm install {PACKAGE}@{VERSION} failed ({status})"
        )));
    }
    Ok(bin)
}

/// Redocly's verdict on one pair: the highest impact (as our level) and
/// the rule ids it named.
type Verdict = Result<(Option<Level>, Vec<String>), PeerError>;

/// Run Redocly on one pair.
fn redocly(bin: &Path, dir: &Path, base: &str, revision: &str) -> Verdict {
    let output = Command::new(bin)
        .current_dir(dir)
        .args([
            "diff",
            base,
            revision,
            "--format",
            "json",
            "--fail-on",
            "none",
        ])
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_NOTIFICATIONS", "true")
        .env("NO_COLOR", "1")
        .output()
        .map_err(|source| PeerError::Missing {
            program: bin.display().to_string(),
            source,
        })?;
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| {
        PeerError::Failed(format!(
            "redocly diff {base} {revision} in {}: no JSON report ({e}); stderr: {}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    })?;
    let count = |key: &str| report["summary"][key].as_u64().unwrap_or(0);
    let level = if count("major") > 0 {
        Some(Level::Breaking)
    } else if count("minor") > 0 {
        Some(Level::Warning)
    } else if count("patch") > 0 {
        Some(Level::Info)
    } else {
        None
    };
    let mut rules: Vec<String> = report["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| {
            let verdicts: Vec<String> = c["verdicts"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v["ruleId"].as_str().map(str::to_string))
                .collect();
            if verdicts.is_empty() {
                // No rule caught it: the default rating of an addition,
                // removal or modification.
                vec![format!(
                    "({} {})",
                    c["kind"].as_str().unwrap_or("change"),
                    c["impact"].as_str().unwrap_or("?")
                )]
            } else {
                verdicts
            }
        })
        .collect();
    rules.sort();
    rules.dedup();
    Ok((level, rules))
}

fn read_contract(path: &Path) -> Result<generator::model::Contract, PeerError> {
    let text = std::fs::read_to_string(path).map_err(|e| PeerError::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    diff::read_contract("case", &path.to_string_lossy(), &text).map_err(|e| PeerError::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

struct Row {
    case: String,
    direction: &'static str,
    ours: Option<Level>,
    ours_rules: Vec<&'static str>,
    theirs: Option<Level>,
    their_rules: Vec<String>,
}

pub fn run(options: &Options) -> ExitCode {
    match compare(options) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn compare(options: &Options) -> Result<ExitCode, PeerError> {
    let bin = install(&options.work)?;
    let explanations_path = options.cases.join("redocly.toml");
    let explanations: Explanations = match std::fs::read_to_string(&explanations_path) {
        Ok(text) => toml::from_str(&text).map_err(|e| PeerError::Read {
            path: explanations_path.clone(),
            message: e.to_string(),
        })?,
        Err(_) => Explanations {
            disagreement: Vec::new(),
        },
    };
    let mut explained: BTreeMap<(String, String), &Explanation> = BTreeMap::new();
    let mut malformed = Vec::new();
    for e in &explanations.disagreement {
        for pair in &e.pairs {
            match pair.split_once(' ') {
                Some((case, direction)) if matches!(direction, "forward" | "reversed") => {
                    if explained
                        .insert((case.to_string(), direction.to_string()), e)
                        .is_some()
                    {
                        malformed.push(format!("`{pair}` is explained twice in redocly.toml"));
                    }
                }
                _ => malformed.push(format!(
                    "`{pair}` in redocly.toml is not `<case> forward|reversed`"
                )),
            }
        }
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&options.cases)
        .map_err(|e| PeerError::Read {
            path: options.cases.clone(),
            message: e.to_string(),
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("base.yaml").is_file() && p.join("revision.yaml").is_file())
        .collect();
    dirs.sort();
    let started = std::time::Instant::now();
    // Ours first (fast), then Redocly, one node process per pair, on two
    // threads; rows stay in case order.
    let mut rows = Vec::new();
    let mut jobs = Vec::new();
    for dir in &dirs {
        let case = dir
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let base = read_contract(&dir.join("base.yaml"))?;
        let revision = read_contract(&dir.join("revision.yaml"))?;
        for (direction, a, b, fa, fb) in [
            ("forward", &base, &revision, "base.yaml", "revision.yaml"),
            ("reversed", &revision, &base, "revision.yaml", "base.yaml"),
        ] {
            let ours = diff::compare(a, b, &diff::Options::default());
            let mut ours_rules: Vec<&'static str> = ours.iter().map(|c| c.rule).collect();
            ours_rules.sort();
            ours_rules.dedup();
            rows.push(Row {
                case: case.clone(),
                direction,
                ours: Counts::of(&ours).highest(),
                ours_rules,
                theirs: None,
                their_rules: Vec::new(),
            });
            jobs.push((dir.clone(), fa, fb));
        }
    }
    const WORKERS: usize = 2;
    let results: Vec<Verdict> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..WORKERS)
            .map(|w| {
                let jobs = &jobs;
                let bin = &bin;
                scope.spawn(move || {
                    (w..jobs.len())
                        .step_by(WORKERS)
                        .map(|i| (i, redocly(bin, &jobs[i].0, jobs[i].1, jobs[i].2)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut out: Vec<Option<Verdict>> = (0..jobs.len()).map(|_| None).collect();
        for handle in handles {
            if let Ok(done) = handle.join() {
                for (i, r) in done {
                    out[i] = Some(r);
                }
            }
        }
        out.into_iter()
            .map(|r| r.unwrap_or_else(|| Err(PeerError::Failed("a worker stopped".into()))))
            .collect()
    });
    for (row, result) in rows.iter_mut().zip(results) {
        let (theirs, their_rules) = result?;
        row.theirs = theirs;
        row.their_rules = their_rules;
    }
    let mut same_level = 0;
    let mut same_gate = 0;
    let mut explained_count = 0;
    let mut failed = malformed;
    let mut row_failures = 0;
    let mut used = std::collections::BTreeSet::new();
    println!(
        "{:<44} {:<9} {:<9} {:<9} verdict",
        "case", "direction", "ours", "redocly"
    );
    for row in &rows {
        let ours = level_name(row.ours);
        let theirs = level_name(row.theirs);
        let gate = |l: Option<Level>| l == Some(Level::Breaking);
        if gate(row.ours) == gate(row.theirs) {
            same_gate += 1;
        }
        let key = (row.case.clone(), row.direction.to_string());
        let verdict = if row.ours == row.theirs {
            same_level += 1;
            if explained.contains_key(&key) {
                used.insert(key.clone());
                row_failures += 1;
                failed.push(format!(
                    "{} ({}): the tools agree now; drop its entry from redocly.toml",
                    row.case, row.direction
                ));
                "agree (stale explanation)".to_string()
            } else {
                "agree".to_string()
            }
        } else {
            match explained.get(&key) {
                Some(e) if e.ours == ours && e.redocly == theirs => {
                    used.insert(key.clone());
                    explained_count += 1;
                    format!("explained ({} right)", e.right)
                }
                Some(e) => {
                    used.insert(key.clone());
                    row_failures += 1;
                    failed.push(format!(
                        "{} ({}): explained as ours={} redocly={}, now ours={ours} redocly={theirs}",
                        row.case, row.direction, e.ours, e.redocly
                    ));
                    "STALE EXPLANATION".to_string()
                }
                None => {
                    row_failures += 1;
                    failed.push(format!(
                        "{} ({}): ours={ours} {:?}, redocly={theirs} {:?}: not explained in redocly.toml",
                        row.case, row.direction, row.ours_rules, row.their_rules
                    ));
                    "UNEXPLAINED".to_string()
                }
            }
        };
        println!(
            "{:<44} {:<9} {:<9} {:<9} {verdict}",
            row.case, row.direction, ours, theirs
        );
        if options.verbose {
            println!("    ours:    {}", row.ours_rules.join(", "));
            println!("    redocly: {}", row.their_rules.join(", "));
        }
    }
    for ((case, direction), e) in &explained {
        if !used.contains(&(case.clone(), direction.clone())) {
            failed.push(format!(
                "{case} ({direction}): explained in redocly.toml but not in the corpus"
            ));
        }
        if !matches!(e.right.as_str(), "ours" | "redocly" | "both") || e.why.trim().is_empty() {
            failed.push(format!(
                "{case} ({direction}): `right` must be ours, redocly or both, with a `why`"
            ));
        }
    }
    let pairs = rows.len();
    let disagree = pairs - same_level;
    println!();
    println!(
        "{} cases, {pairs} pairs (both directions) through {PACKAGE}@{VERSION} in {:.1}s",
        dirs.len(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "same level: {same_level}/{pairs}; same gate (breaking or not): {same_gate}/{pairs}; disagreements: {disagree} ({explained_count} explained)"
    );
    for f in &failed {
        println!("FAILED {f}");
    }
    let passed = pairs - row_failures;
    println!("{passed} passed, {} failed", failed.len());
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
