//! Inputs the fuzz targets (`fuzz/`, `.ci/fuzz`) found crashing a reader,
//! kept as files under `fixtures/fuzz/` named after their target
//! (`mdx-*`, `overlay-*`, `openapi_md-*`, `endpoint_dump-*`, `spec_yaml-*`,
//! `spec_json-*`, `llms_txt-*`), each run the way its target runs it.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use generator::diag::Diagnostics;
use generator::source::SourceFile;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn page(name: &str, text: &str) -> Diagnostics {
    let result = generator::vendor::build_from_files("fuzz", vec![SourceFile::new(name, text)]);
    let _ = generator::vendor::contract_yaml(&result.contract);
    let _ = result.diagnostics.render();
    result.diagnostics
}

fn overlay(text: &str) -> Diagnostics {
    let file = SourceFile::new("specs/fuzz/overlay.yaml", text);
    let mut diags = Diagnostics::default();
    for dir in generator::vendor::vendor_dirs(&workspace().join("specs")).unwrap() {
        let base = generator::vendor::build_vendor(&dir, &workspace());
        let (mut contract, mut map) = (base.contract, base.map);
        generator::overlay::apply(&file, &mut contract, &mut map, &mut diags);
    }
    let _ = diags.render();
    diags
}

/// Every kept input is run, each on its own: a panic or a position past
/// the input's end is listed with the file's name, and one failing input
/// does not hide the others.
#[test]
fn every_input_the_fuzzers_found_reads_without_a_panic() {
    let dir = workspace().join("generator/tests/fixtures/fuzz");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        match catch_unwind(AssertUnwindSafe(|| run_input(&name, &text))) {
            Ok(problems) => failures.extend(problems),
            Err(payload) => {
                let why = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "panic".into());
                failures.push(format!("{name}: panicked: {why}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One kept input through its target; what is wrong with the result.
fn run_input(name: &str, text: &str) -> Vec<String> {
    let target = name.split('-').next().unwrap_or_default();
    let diags = match target {
        "overlay" => overlay(text),
        "mdx" => page("api/fuzz.mdx", text),
        "openapi_md" | "endpoint_dump" => page("api/fuzz.md", text),
        "spec_yaml" => page("openapi.yaml", text),
        "spec_json" => page("openapi.json", text),
        "llms_txt" => {
            let _ = generator::llms::parse(text);
            let _ = generator::llms::strip_boilerplate(text);
            Diagnostics::default()
        }
        other => return vec![format!("{name}: no target `{other}`")],
    };
    // Where a reader gave up, it said so at a line of the input.
    let mut problems = Vec::new();
    let lines = text.matches('\n').count() as u32 + 1;
    if let Err(e) = generator::doc::yaml::parse(text, 1, 0) {
        if e.pos.line > lines {
            problems.push(format!("{name}: YAML error at {:?}", e.pos));
        }
    }
    for d in diags.iter().filter(|d| {
        d.location.file.ends_with("fuzz.mdx") || d.location.file.ends_with("overlay.yaml")
    }) {
        if d.location.line > lines {
            problems.push(format!("{name}: {}", d.render()));
        }
    }
    problems
}

/// The markdown crate panics on some MDX (`<>"` then a setext underline);
/// the page is reported unreadable instead of taking the run down.
#[test]
fn a_page_the_mdx_parser_panics_on_is_a_warning() {
    let diags = page("api/fuzz.mdx", "<>\"\n-");
    assert!(
        diags
            .iter()
            .any(|d| d.code == generator::diag::Code::MdxUnreadable),
        "{}",
        diags.render()
    );
}

/// A YAML error at the end of a non-ASCII overlay pointed past its last
/// line, and building the snippet for it overflowed.
#[test]
fn an_overlay_error_at_the_end_of_the_text_points_inside_it() {
    let diags = overlay(
        "overlay: 1.0.0\nactions:\n  - target: $.info\n    update:\n      title: é\n      x: [",
    );
    let error = diags
        .iter()
        .find(|d| d.code == generator::diag::Code::OverlaySyntax)
        .unwrap_or_else(|| panic!("{}", diags.render()));
    assert!(error.location.line <= 6, "{}", error.render());
}

/// Found by `tests/properties.rs`: a page that ends with an unclosed
/// ```` ```json ```` fence under a status heading got an `example-json`
/// warning on the line after the page's last one.
#[test]
fn an_unclosed_fence_on_the_last_line_is_reported_on_a_line_of_the_page() {
    let page = "---\ntitle: Prop page\napi: POST /pets/{id}\n---\n\n<ResponseExample>\n```json 201\n[1]\n```\n</ResponseExample>\n\n### 404 Not Found\n\n```json";
    let out = generator::ingest::ingest(&generator::source::SourceFile::new("p.mdx", page));
    let lines = page.matches('\n').count() as u32 + 1;
    for d in out.diagnostics.iter() {
        assert!(d.location.line <= lines, "{}", d.render());
    }
}
