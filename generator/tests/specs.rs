//! Data-driven snapshots over the vendor docs the product ships with
//! (`specs/`): each page's normalized operation, and each vendor's
//! contract and diagnostics. Review changes with `cargo insta review`.

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

fn snapshot_name(path: &Path) -> String {
    path.strip_prefix(workspace().join("specs"))
        .unwrap()
        .to_string_lossy()
        .replace(['/', '\\', '.'], "__")
}

#[test]
fn each_page_becomes_its_normalized_operation() {
    let mut seen = 0;
    for vendor in vendor_dirs(&workspace().join("specs")).unwrap() {
        for page in page_files(&vendor).unwrap() {
            let shown = page
                .strip_prefix(workspace())
                .unwrap()
                .to_string_lossy()
                .to_string();
            let text = std::fs::read_to_string(&page).unwrap();
            let out = ingest::ingest(&SourceFile::new(shown.as_str(), text));
            let paths = serde_json::to_value(&out.contract.paths).unwrap();
            let mut shown_out = format!("shape: {:?}\n", out.shape);
            shown_out.push_str(&to_yaml(&paths));
            insta::assert_snapshot!(format!("page__{}", snapshot_name(&page)), shown_out);
            seen += 1;
        }
    }
    assert!(seen >= 5, "expected the five seed pages, found {seen}");
}

#[test]
fn each_vendor_becomes_one_contract_with_its_diagnostics() {
    let dirs = vendor_dirs(&workspace().join("specs")).unwrap();
    assert!(dirs.len() >= 4);
    for dir in dirs {
        let result = build_vendor(&dir, &workspace());
        insta::assert_snapshot!(
            format!("contract__{}", result.name),
            contract_yaml(&result.contract)
        );
        insta::assert_snapshot!(
            format!("diagnostics__{}", result.name),
            result.diagnostics.render()
        );
    }
}

/// The committed contracts are what the generator produces now.
#[test]
fn committed_contracts_are_up_to_date() {
    for dir in vendor_dirs(&workspace().join("specs")).unwrap() {
        let result = build_vendor(&dir, &workspace());
        let path = workspace()
            .join("generated/openapi")
            .join(format!("{}.yaml", result.name));
        if result.contract.paths.is_empty() {
            assert!(
                !path.exists(),
                "{} documents nothing but is committed",
                path.display()
            );
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == contract_yaml(&result.contract),
            "{} is stale: run `cargo xtask generate`",
            path.display()
        );
    }
}

/// Generating twice gives byte-identical contracts.
#[test]
fn output_is_deterministic() {
    for dir in vendor_dirs(&workspace().join("specs")).unwrap() {
        let a = contract_yaml(&build_vendor(&dir, &workspace()).contract);
        let b = contract_yaml(&build_vendor(&dir, &workspace()).contract);
        assert_eq!(a, b);
    }
}
