//! `cargo xtask generate` as a user runs it, on specs folders laid out as
//! docs sites publish them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

/// `generate --specs SPECS --out OUT`.
fn generate(specs: &Path, out: &Path) -> Output {
    xtask(&[
        "generate",
        "--specs",
        specs.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

/// `generate` on the fixture site `name` into a new folder: the folder,
/// the run and its stderr.
fn generate_site(name: &str) -> (tempfile::TempDir, Output, String) {
    let out_dir = tempfile::tempdir().unwrap();
    let run = generate(&sites().join(name), out_dir.path());
    let err = stderr(&run);
    (out_dir, run, err)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn sites() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/tests/fixtures/sites")
}

#[test]
fn a_missing_or_empty_specs_folder_is_an_error_with_exit_1() {
    let empty = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let missing = empty.path().join("nope");
    for (specs, says) in [
        (missing.as_path(), "cannot read specs folder"),
        (empty.path(), "holds no vendor folder"),
    ] {
        let run = generate(specs, out_dir.path());
        assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
        assert!(stderr(&run).contains(says), "{}", stderr(&run));
    }
}

#[test]
fn nested_pages_docs_json_and_stubs_are_generated() {
    let (out_dir, run, err) = generate_site("docs-json");
    // The stub naming an operation its spec lacks is an error: exit 1,
    // and everything that did read is still written.
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("error[stub-operation-missing]"), "{err}");
    assert!(err.contains("acme: 9 page(s), 5 operation(s)"), "{err}");
    let contract = std::fs::read_to_string(out_dir.path().join("openapi/acme.yaml")).unwrap();
    for path in ["/members:", "/members/{id}:", "/ping:", "/preview:"] {
        assert!(contract.contains(path), "{path} in\n{contract}");
    }
    assert!(!contract.contains("/unreleased"), "{contract}");
}

#[test]
fn a_vendor_without_operations_is_a_warning_not_silence() {
    let (_out_dir, run, err) = generate_site("empty-vendor");
    assert_eq!(run.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning[no-operation]: blog yields no operation"),
        "{err}"
    );
}

/// The `contract-runtime` path the generated manifest names, resolved from
/// the output folder: it must be the runtime crate.
fn runtime_named_by(out: &Path) -> PathBuf {
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    let line = manifest
        .lines()
        .find(|l| l.starts_with("contract-runtime"))
        .expect("the manifest names contract-runtime");
    let path = line.split('"').nth(1).expect("a quoted path");
    assert!(!path.contains("//"), "{path}");
    out.join(path)
}

/// `--out` relative (not existing yet, several levels deep) and absolute:
/// the generated crate's path to the runtime resolves from either.
#[test]
fn a_generated_crate_finds_the_runtime_from_any_out_folder() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let specs = specs.to_str().unwrap();
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../runtime")
        .canonicalize()
        .unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(cwd.path())
        .args(["generate", "--specs", specs, "--out", "some/relative/dir"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let out = cwd.path().join("some/relative/dir");
    assert_eq!(runtime_named_by(&out).canonicalize().unwrap(), runtime);

    let absolute = tempfile::tempdir().unwrap();
    let out = absolute.path().join("crate");
    let run = xtask(&["generate", "--specs", specs, "--out", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(runtime_named_by(&out).canonicalize().unwrap(), runtime);
}
