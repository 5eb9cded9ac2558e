//! `cargo xtask generate`: every vendor folder under `--specs` becomes
//! `<out>/openapi/<vendor>.yaml`; diagnostics go to stderr (errors and
//! warnings in full, notes with `--verbose`), coloured on a terminal, and
//! the run ends with one summary line.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

// Colour on a terminal, plain otherwise or with `NO_COLOR` set: anstream
// strips the styles where the stream should not get them.
use anstream::{eprint, eprintln};
use anstyle::{AnsiColor, Style};

use generator::diag::Severity;
use generator::vendor::{build_vendor, contract_yaml, vendors_of};

pub struct Options {
    pub specs: PathBuf,
    pub out: PathBuf,
    pub check: bool,
    /// Show notes too (by default they are counted, not shown).
    pub verbose: bool,
}

/// What a run did, for its closing line.
#[derive(Default)]
struct Totals {
    vendors: usize,
    operations: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    /// Files that are (or, with `--check`, would be) written or removed.
    changed: usize,
    /// Files already as they should be.
    unchanged: usize,
}

const FAILED: Style = AnsiColor::Red.on_default().bold();
const DONE: Style = AnsiColor::Green.on_default().bold();

pub fn run(options: &Options) -> ExitCode {
    let started = Instant::now();
    let dirs = match vendors_of(&options.specs) {
        Ok(dirs) => dirs,
        Err(e) => {
            eprintln!("{FAILED}error{FAILED:#}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let display_root = options.specs.parent().unwrap_or(Path::new(""));
    let mut wanted: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut modules: Vec<String> = Vec::new();
    let mut totals = Totals {
        vendors: dirs.len(),
        ..Totals::default()
    };
    // One line per vendor whose contract changes: what a client feels.
    let mut drift: Vec<String> = Vec::new();
    // A vendor's contract, source map and diagnostics are freed on another
    // thread once used: freeing a large contract node by node would hold
    // up the next vendor and the writes (the process may end first).
    let (done_tx, done_rx) = std::sync::mpsc::channel::<generator::vendor::VendorResult>();
    let _ = std::thread::Builder::new().spawn(move || done_rx.into_iter().for_each(drop));
    for dir in &dirs {
        let mut result = build_vendor(dir, display_root);
        let contract_path = options
            .out
            .join("openapi")
            .join(format!("{}.yaml", result.name));
        // The published YAML (and its drift line) is written on a second
        // thread while the client is generated: the two only read the
        // contract, and codegen's planning leaves the other core idle.
        let has_operations = result.contract.operations().next().is_some();
        let (module, published) = std::thread::scope(|scope| {
            let published = has_operations.then(|| {
                scope.spawn(|| {
                    let yaml = contract_yaml(&result.contract);
                    let drift = crate::diff::generate_summary(
                        &result.name,
                        &contract_path,
                        &yaml,
                        &result.contract,
                    );
                    (yaml, drift)
                })
            });
            let module = has_operations
                .then(|| codegen::generate_module(&result.contract, &result.name, &result.map));
            let published = published.map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            });
            (module, published)
        });
        if let Some(module) = module {
            result.diagnostics.extend(module.diagnostics);
            let file = codegen::names::plain_snake(&result.name, "vendor");
            wanted.insert(
                options.out.join("src").join(format!("{file}.rs")),
                module.source,
            );
            modules.push(result.name.clone());
        }
        // One write for the vendor's report: a line at a time, a large
        // spec's hundreds of warnings cost a terminal check and a dozen
        // writes each.
        let mut report = String::new();
        for d in result.diagnostics.iter() {
            if options.verbose || d.severity != Severity::Note {
                report.push_str(&d.render_styled(true));
                report.push('\n');
            }
        }
        if !report.is_empty() {
            eprint!("{report}");
        }
        let count = |s| result.diagnostics.count(s);
        totals.errors += count(Severity::Error);
        totals.warnings += count(Severity::Warning);
        totals.notes += count(Severity::Note);
        let operations = result.contract.operations().count();
        totals.operations += operations;
        eprintln!(
            "{}: {} page(s), {} operation(s); {} error(s), {} warning(s), {} note(s)",
            result.name,
            result.pages.len(),
            operations,
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Note)
        );
        if let Some((yaml, vendor_drift)) = published {
            drift.extend(vendor_drift);
            wanted.insert(contract_path, yaml);
        }
        // Without the freeing thread (it could not start) the send fails
        // and the result is freed here.
        let _ = done_tx.send(result);
    }
    wanted.insert(
        options.out.join("src").join("lib.rs"),
        codegen::crate_lib(&modules),
    );
    let runtime = relative_runtime_path(&options.out);
    wanted.insert(
        options.out.join("Cargo.toml"),
        codegen::crate_manifest("generated", &runtime),
    );
    let mut stale = stale_files(&options.out.join("openapi"), &wanted);
    for entry in stale_files(&options.out.join("src"), &wanted) {
        if !stale.iter().any(|(p, _)| p == &entry.0) {
            stale.push(entry);
        }
    }
    totals.changed = stale.len();
    totals.unchanged = wanted
        .keys()
        .filter(|p| !stale.iter().any(|(s, _)| s == *p))
        .count();
    if options.check {
        if !stale.is_empty() {
            for (path, why) in &stale {
                eprintln!("stale: {} ({why})", path.display());
            }
            for line in &drift {
                eprintln!("{line}");
            }
            eprintln!("run `cargo xtask generate` and commit the result");
            eprintln!("{}", summary(options, &totals, started.elapsed()));
            return ExitCode::FAILURE;
        }
    } else {
        // temporary files of a run that was killed mid-write
        for dir in [
            options.out.clone(),
            options.out.join("openapi"),
            options.out.join("src"),
        ] {
            crate::atomic::sweep(&dir, false);
        }
        for (path, why) in &stale {
            let result = if *why == "not produced any more" {
                fs::remove_file(path)
            } else {
                crate::atomic::write(path, wanted[path].as_bytes())
            };
            if let Err(e) = result {
                eprintln!(
                    "{FAILED}error{FAILED:#}: cannot write {}: {e}",
                    path.display()
                );
                return ExitCode::from(2);
            }
            eprintln!("wrote {}", path.display());
        }
        for line in &drift {
            eprintln!("{line}");
        }
    }
    if totals.errors > 0 {
        eprintln!(
            "{} error(s): the contracts above are incomplete",
            totals.errors
        );
    }
    eprintln!("{}", summary(options, &totals, started.elapsed()));
    if totals.errors > 0 {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// `n thing` or `n things`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The closing line: what was read, what was written (or, with `--check`,
/// is stale), the diagnostic counts and the time taken. Styled; the
/// stream strips the styles where colour does not belong.
fn summary(options: &Options, t: &Totals, elapsed: Duration) -> String {
    let failed = t.errors > 0 || (options.check && t.changed > 0);
    let (style, word) = match (failed, options.check) {
        (true, true) => (FAILED, "check failed"),
        (true, false) => (FAILED, "failed"),
        (false, true) => (DONE, "checked"),
        (false, false) => (DONE, "generated"),
    };
    let files = if options.check && t.changed > 0 {
        format!(
            "{} of {} stale",
            t.changed,
            plural(t.changed + t.unchanged, "file", "files")
        )
    } else if options.check {
        format!("{} up to date", plural(t.unchanged, "file", "files"))
    } else {
        format!(
            "{} written, {} unchanged",
            plural(t.changed, "file", "files"),
            t.unchanged
        )
    };
    let error_style = if t.errors > 0 { FAILED } else { Style::new() };
    let warning_style = if t.warnings > 0 {
        AnsiColor::Yellow.on_default().bold()
    } else {
        Style::new()
    };
    let notes = if options.verbose || t.notes == 0 {
        plural(t.notes, "note", "notes")
    } else {
        format!(
            "{} (--verbose shows them)",
            plural(t.notes, "note", "notes")
        )
    };
    format!(
        "{style}{word}{style:#}: {}, {}; {files}; {error_style}{}{error_style:#}, {warning_style}{}{warning_style:#}, {notes}; {:.2}s",
        plural(t.vendors, "vendor", "vendors"),
        plural(t.operations, "operation", "operations"),
        plural(t.errors, "error", "errors"),
        plural(t.warnings, "warning", "warnings"),
        elapsed.as_secs_f64()
    )
}

/// Files whose content differs from what we would write, and YAML files
/// in the output folder we no longer produce.
fn stale_files(dir: &Path, wanted: &BTreeMap<PathBuf, String>) -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    for (path, text) in wanted {
        match fs::read_to_string(path) {
            Ok(existing) if &existing == text => {}
            Ok(_) => out.push((path.clone(), "content differs")),
            Err(_) => out.push((path.clone(), "missing")),
        }
    }
    if let Ok(entries) = fs::read_dir(dir) {
        let mut extra: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "yaml" || x == "rs") && !wanted.contains_key(p)
            })
            .collect();
        extra.sort();
        out.extend(extra.into_iter().map(|p| (p, "not produced any more")));
    }
    out
}

/// The runtime crate's path as seen from the output folder.
/// `path` absolute and free of links and `..` as far as it exists; the
/// part that does not exist yet (a first `--out`) is appended as given.
/// Without this a relative `--out` that did not exist yet was walked up to
/// an empty path, giving a manifest path like `../..//abs/runtime`.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut missing = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    out.extend(missing.iter().rev());
    out
}

fn relative_runtime_path(out: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."));
    let runtime = root.join("runtime");
    let out = resolved(out);
    let runtime = resolved(&runtime);
    // Walk up from `out` until `runtime` is below it.
    let mut up = String::new();
    let mut base = out.as_path();
    loop {
        if let Ok(rest) = runtime.strip_prefix(base) {
            return format!("{up}{}", rest.to_string_lossy().replace('\\', "/"));
        }
        match base.parent() {
            Some(parent) => {
                base = parent;
                up.push_str("../");
            }
            None => return runtime.to_string_lossy().replace('\\', "/"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(check: bool, verbose: bool) -> Options {
        Options {
            specs: PathBuf::from("specs"),
            out: PathBuf::from("generated"),
            check,
            verbose,
        }
    }

    fn plain(text: &str) -> String {
        anstream::adapter::strip_str(text).to_string()
    }

    #[test]
    fn the_closing_line_says_what_was_read_written_and_reported() {
        let totals = Totals {
            vendors: 4,
            operations: 5,
            warnings: 4,
            notes: 10,
            changed: 2,
            unchanged: 8,
            ..Totals::default()
        };
        let took = Duration::from_millis(1234);
        assert_eq!(
            plain(&summary(&options(false, false), &totals, took)),
            "generated: 4 vendors, 5 operations; 2 files written, 8 unchanged; 0 errors, 4 warnings, 10 notes (--verbose shows them); 1.23s"
        );
        assert_eq!(
            plain(&summary(&options(true, true), &totals, took)),
            "check failed: 4 vendors, 5 operations; 2 of 10 files stale; 0 errors, 4 warnings, 10 notes; 1.23s"
        );
        let clean = Totals {
            vendors: 1,
            operations: 1,
            errors: 1,
            unchanged: 3,
            ..Totals::default()
        };
        assert_eq!(
            plain(&summary(&options(true, false), &clean, took)),
            "check failed: 1 vendor, 1 operation; 3 files up to date; 1 error, 0 warnings, 0 notes; 1.23s"
        );
    }

    #[test]
    fn the_closing_line_is_coloured_like_the_diagnostics() {
        let failed = Totals {
            errors: 2,
            ..Totals::default()
        };
        let line = summary(&options(false, false), &failed, Duration::ZERO);
        assert!(
            line.starts_with(&format!("{FAILED}failed{FAILED:#}")),
            "{line:?}"
        );
        assert!(
            line.contains(&format!("{FAILED}2 errors{FAILED:#}")),
            "{line:?}"
        );
    }
}
