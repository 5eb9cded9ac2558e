//! Every published contract (`generated/openapi/*.yaml`) read by tools that
//! share nothing with the generator: a libyaml-based YAML reader
//! (`serde_norway`) into `openapiv3`'s typed OpenAPI 3.0 model. It must
//! deserialize, say 3.0.3, and hold the operations the generator's own
//! reader finds, under the same ids.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use generator::source::SourceFile;
use generator::vendor::build_from_files;

fn published() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/openapi");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

/// `METHOD path operationId` for every operation of the typed document.
fn typed_operations(doc: &openapiv3::OpenAPI) -> Result<BTreeSet<String>, String> {
    let mut out = BTreeSet::new();
    for (path, item) in &doc.paths.paths {
        let item = item
            .as_item()
            .ok_or_else(|| format!("path `{path}` is a $ref; the contracts inline paths"))?;
        for (method, op) in item.iter() {
            let id = op.operation_id.clone().unwrap_or_default();
            out.insert(format!("{} {path} {id}", method.to_uppercase()));
        }
    }
    Ok(out)
}

fn check(path: &Path) -> Result<usize, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let doc: openapiv3::OpenAPI =
        serde_norway::from_str(&text).map_err(|e| format!("does not deserialize: {e}"))?;
    if doc.openapi != "3.0.3" {
        return Err(format!("openapi is `{}`, not 3.0.3", doc.openapi));
    }
    let typed = typed_operations(&doc)?;
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let ours = build_from_files("published", vec![SourceFile::new(name.as_str(), text)]);
    let ours: BTreeSet<String> = ours
        .contract
        .operations()
        .map(|(path, method, op)| format!("{} {path} {}", method.upper(), op.operation_id))
        .collect();
    if typed != ours {
        return Err(format!(
            "operations differ: openapiv3 {typed:?}, the generator {ours:?}"
        ));
    }
    Ok(typed.len())
}

#[test]
fn every_published_contract_is_a_typed_openapi_3_0_document() {
    let files = published();
    assert!(files.len() >= 4, "only {} contracts", files.len());
    let mut failures = Vec::new();
    let mut operations = 0;
    for path in &files {
        match check(path) {
            Ok(n) => operations += n,
            Err(why) => failures.push(format!("{}: {why}", path.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(operations >= files.len(), "{operations} operations");
}
