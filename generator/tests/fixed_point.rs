//! The published contract is a fixed point of the generator: a contract
//! written by the publishing writer (`yaml_emit`, as `cargo xtask generate`
//! writes `generated/openapi/<vendor>.yaml`) and read back through the
//! generator's own OpenAPI reader as a spec file is the same contract
//! (`ingest(write(c)) == c`), as a model and as the YAML it writes.
//!
//! Inputs: every vendor under `specs/`, every vendor of the real-world
//! corpus (`tests/fixtures/corpus/`), and every corpus page on its own.
//! Every input is checked; the failures are listed together, each with
//! the first lines where the two documents part.

use std::path::{Path, PathBuf};

use generator::model::Contract;
use generator::source::SourceFile;
use generator::vendor::{build_from_files, build_vendor, contract_yaml, page_files, vendor_dirs};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn corpus() -> PathBuf {
    workspace().join("generator/tests/fixtures/corpus")
}

/// `contract` written and read back; why it is not a fixed point, if not.
fn read_back(name: &str, contract: &Contract) -> Result<(), String> {
    let written = contract_yaml(contract);
    // Read as the spec file it is published as.
    let file = SourceFile::new(format!("{name}.yaml").as_str(), written.as_str());
    let back = build_from_files(name, vec![file]);
    if back.diagnostics.has_errors() {
        return Err(format!(
            "{name}: the written contract does not read back:\n{}",
            back.diagnostics.render()
        ));
    }
    let rewritten = contract_yaml(&back.contract);
    if rewritten != written {
        return Err(format!(
            "{name}: written and read back, the YAML differs\n{}",
            first_difference(&written, &rewritten)
        ));
    }
    if back.contract != *contract {
        // Same YAML, different model: a field the writer does not publish.
        return Err(format!(
            "{name}: same YAML, but the model read back differs:\n{:#?}\nvs\n{:#?}",
            contract, back.contract
        ));
    }
    Ok(())
}

/// The first line where `a` and `b` part, with two lines of context.
fn first_difference(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = at.saturating_sub(2);
    let mut out = String::new();
    for line in &a[from..at] {
        out.push_str(&format!("    {line}\n"));
    }
    for line in a.iter().skip(at).take(3) {
        out.push_str(&format!("  - {line}\n"));
    }
    for line in b.iter().skip(at).take(3) {
        out.push_str(&format!("  + {line}\n"));
    }
    format!(
        "at line {} (- written, + read back and rewritten):\n{out}",
        at + 1
    )
}

fn assert_all(failures: Vec<String>, checked: usize, at_least: usize) {
    assert!(
        failures.is_empty(),
        "{} of {checked} contract(s) are not fixed points:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(checked >= at_least, "only {checked} contract(s) checked");
}

/// Every vendor folder of `specs` built as `generate` builds it.
fn vendors_read_back(specs: &Path, display_root: &Path) -> (Vec<String>, usize) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for dir in vendor_dirs(specs).unwrap() {
        let built = build_vendor(&dir, display_root);
        if built.contract.paths.is_empty() {
            continue; // not published
        }
        checked += 1;
        if let Err(why) = read_back(&built.name, &built.contract) {
            failures.push(why);
        }
    }
    (failures, checked)
}

#[test]
fn every_vendor_contract_reads_back_as_itself() {
    let (failures, checked) = vendors_read_back(&workspace().join("specs"), &workspace());
    assert_all(failures, checked, 4);
}

#[test]
fn every_corpus_vendor_contract_reads_back_as_itself() {
    let (failures, checked) = vendors_read_back(&corpus(), &corpus());
    assert_all(failures, checked, 16);
}

/// Each corpus page as the one page of a vendor (its contract as
/// `generate` would publish it if the vendor had only that page).
#[test]
fn every_corpus_page_contract_reads_back_as_itself() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for vendor in vendor_dirs(&corpus()).unwrap() {
        let vendor_name = vendor.file_name().unwrap().to_string_lossy().to_string();
        // Paths shown as corpus.rs shows them; integration test files
        // share no module, so the few lines are written here again.
        for page in page_files(&vendor).unwrap() {
            let shown = page
                .strip_prefix(corpus())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&page).unwrap();
            let built = build_from_files(
                &vendor_name,
                vec![SourceFile::new(shown.as_str(), text.as_str())],
            );
            checked += 1;
            if let Err(why) = read_back(&vendor_name, &built.contract) {
                failures.push(format!("{shown}: {why}"));
            }
        }
    }
    assert_all(failures, checked, 40);
}
