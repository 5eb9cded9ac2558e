//! Data-driven snapshots over the vendor docs the product ships with
//! (`specs/`): each page's normalized operation, and each vendor's
//! diagnostics, one snapshot per input (`insta::glob!`), so one failure
//! does not hide the others. Review changes with `cargo insta review`.
//!
//! The contracts themselves are not snapshotted here: `generated/openapi/`
//! is their one committed copy, checked by `cargo xtask generate --check`
//! (and by `committed_contracts_are_up_to_date` below).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use generator::doc::emit::to_yaml;
use generator::ingest;
use generator::source::SourceFile;
use generator::vendor::{build_vendor, contract_yaml, page_files, vendor_dirs};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The files the generator reads as pages (its own rules, not the glob's).
fn all_pages() -> BTreeSet<PathBuf> {
    let mut pages = BTreeSet::new();
    for vendor in vendor_dirs(&workspace().join("specs")).unwrap() {
        pages.extend(page_files(&vendor).unwrap());
    }
    pages
}

/// `glob!` hands over paths as it walks them; compare like with like.
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

#[test]
fn each_page_becomes_its_normalized_operation() {
    let pages: BTreeSet<PathBuf> = all_pages().iter().map(|p| canonical(p)).collect();
    let root = canonical(&workspace());
    let mut seen = 0;
    insta::glob!("../../specs", "*/**/*", |page| {
        // Overlays, vendor.toml and the like are not pages.
        if !pages.contains(&canonical(page)) {
            return;
        }
        let shown = canonical(page)
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(page).unwrap();
        let out = ingest::ingest(&SourceFile::new(shown.as_str(), text));
        let paths = serde_json::to_value(&out.contract.paths).unwrap();
        let mut shown_out = format!("shape: {:?}\n", out.shape);
        shown_out.push_str(&to_yaml(&paths));
        insta::assert_snapshot!("page", shown_out);
        seen += 1;
    });
    assert_eq!(
        seen,
        pages.len(),
        "every page the generator reads is snapshotted"
    );
    assert!(seen >= 5, "expected the five seed pages, found {seen}");
}

#[test]
fn each_vendor_reports_its_diagnostics() {
    let vendors: BTreeSet<PathBuf> = vendor_dirs(&workspace().join("specs"))
        .unwrap()
        .iter()
        .map(|d| canonical(d))
        .collect();
    assert!(vendors.len() >= 4);
    let mut seen = 0;
    insta::glob!("../../specs", "*", |dir| {
        if !vendors.contains(&canonical(dir)) {
            return;
        }
        let result = build_vendor(dir, &workspace());
        insta::assert_snapshot!("diagnostics", result.diagnostics.render());
        seen += 1;
    });
    assert_eq!(seen, vendors.len());
}

/// The committed contracts are what the generator produces now (the same
/// verdict as `cargo xtask generate --check`, so `cargo test` says it too).
#[test]
fn committed_contracts_are_up_to_date() {
    let mut stale = Vec::new();
    for dir in vendor_dirs(&workspace().join("specs")).unwrap() {
        let result = build_vendor(&dir, &workspace());
        let path = workspace()
            .join("generated/openapi")
            .join(format!("{}.yaml", result.name));
        if result.contract.paths.is_empty() {
            if path.exists() {
                stale.push(format!(
                    "{} documents nothing but is committed",
                    path.display()
                ));
            }
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != contract_yaml(&result.contract) {
            stale.push(format!("{} is stale", path.display()));
        }
    }
    assert!(
        stale.is_empty(),
        "run `cargo xtask generate`:\n{}",
        stale.join("\n")
    );
}

/// Generating twice gives byte-identical contracts.
#[test]
fn output_is_deterministic() {
    let mut differ = Vec::new();
    for dir in vendor_dirs(&workspace().join("specs")).unwrap() {
        let a = contract_yaml(&build_vendor(&dir, &workspace()).contract);
        let b = contract_yaml(&build_vendor(&dir, &workspace()).contract);
        if a != b {
            differ.push(dir.display().to_string());
        }
    }
    assert!(differ.is_empty(), "not deterministic: {differ:?}");
}
