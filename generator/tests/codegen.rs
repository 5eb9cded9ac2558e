//! Snapshots of the generated code per vendor, and determinism.

use std::path::{Path, PathBuf};

use generator::codegen::generate_module;
use generator::vendor::{build_vendor, vendor_dirs};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

#[test]
fn generated_code_per_vendor() {
    let mut seen = 0;
    for dir in vendor_dirs(&workspace().join("specs")).unwrap() {
        let result = build_vendor(&dir, &workspace());
        let first = generate_module(&result.contract, &result.name);
        let second = generate_module(&result.contract, &result.name);
        assert_eq!(first.source, second.source, "generation is deterministic");
        assert!(
            first.problems.is_empty(),
            "{}: {:?}",
            result.name,
            first.problems
        );
        insta::assert_snapshot!(format!("code__{}", result.name), first.source);
        seen += 1;
    }
    assert!(seen >= 4);
}
