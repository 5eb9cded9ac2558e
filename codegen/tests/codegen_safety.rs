//! An adversarial contract (`fixtures/adversarial.json`): text
//! with bare `\r`, `*/`, `"#`, `"###`, backticks, braces, code fences,
//! direction overrides; names that are keywords, `self`/`Self`/`crate`,
//! `r#...`, Unicode, 200 characters long or different only in case or
//! punctuation; 10,000 enum values; schemas reaching themselves through
//! `allOf`, `oneOf` and arrays; defaults that contradict their types.
//!
//! Its code must compile (`cargo check` below, with the kitchen-sink
//! fixture beside it) and say exactly what the contract says:
//! every text of the contract carries the marker `ZZPAGETEXTZZ`, which may
//! appear only inside string literals (doc attributes among them), never
//! as code, and every doc line holding it is a line of a contract text.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use codegen::{crate_lib, crate_manifest, docs, generate_module};
use generator::source::SourceFile;
use proc_macro2::{TokenStream, TokenTree};
use serde_json::Value;

const MARKER: &str = "ZZPAGETEXTZZ";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn adversarial() -> (generator::vendor::VendorResult, String) {
    let path = workspace().join("codegen/tests/fixtures/adversarial.json");
    let text = std::fs::read_to_string(path).unwrap();
    let result = generator::vendor::build_from_files(
        "adversarial",
        vec![SourceFile::new("adversarial.json", text)],
    );
    assert!(
        !result.diagnostics.has_errors(),
        "{}",
        result.diagnostics.render()
    );
    let started = Instant::now();
    let module = generate_module(&result.contract, "adversarial", &result.map);
    eprintln!(
        "generated {} types, {} lines in {} ms",
        module.type_count,
        module.source.lines().count(),
        started.elapsed().as_millis()
    );
    (result, module.source)
}

/// Every string in the contract that carries the marker.
fn texts(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) if s.contains(MARKER) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| texts(v, out)),
        Value::Object(map) => map.values().for_each(|v| texts(v, out)),
        _ => {}
    }
}

/// Identifiers and `#[doc]` values of a token stream, recursively.
fn walk(
    tokens: TokenStream,
    idents: &mut Vec<String>,
    docs: &mut Vec<String>,
    literals: &mut Vec<String>,
) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) => idents.push(ident.to_string()),
            TokenTree::Literal(lit) => {
                let value = syn::parse2::<syn::LitStr>(TokenTree::Literal(lit.clone()).into())
                    .map(|l| l.value())
                    .unwrap_or_else(|_| lit.to_string());
                let is_doc = i >= 2
                    && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '=')
                    && matches!(&trees[i - 2], TokenTree::Ident(id) if id == "doc");
                if is_doc {
                    docs.push(value);
                } else {
                    literals.push(value);
                }
            }
            TokenTree::Group(group) => walk(group.stream(), idents, docs, literals),
            TokenTree::Punct(_) => {}
        }
    }
}

#[test]
fn adversarial_text_stays_text_and_names_stay_names() {
    let (result, source) = adversarial();
    assert!(
        !source.contains("compile_error!"),
        "the generator produced unparsable code"
    );
    for c in ['\r', '\u{202E}', '\u{2028}', '\u{0}'] {
        assert!(!source.contains(c), "{c:?} reached the source");
    }
    let tokens: TokenStream = source.parse().expect("the generated module tokenizes");
    let (mut idents, mut doc_values, mut literals) = (Vec::new(), Vec::new(), Vec::new());
    walk(tokens, &mut idents, &mut doc_values, &mut literals);
    let marker = MARKER.to_ascii_lowercase();
    for ident in &idents {
        assert!(
            !ident.to_ascii_lowercase().contains(&marker),
            "page text became code: identifier `{ident}`"
        );
        let plain = ident.trim_start_matches("r#");
        assert!(
            plain.len() <= 220 && plain.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "identifier `{ident}` is not a plain ASCII name"
        );
    }
    let mut contract_texts = Vec::new();
    texts(&result.contract.to_json(), &mut contract_texts);
    assert!(contract_texts.len() > 10, "the marker is in the contract");
    let mut checked = 0;
    for value in doc_values.iter().filter(|d| d.contains(MARKER)) {
        let line = value.trim();
        let from_contract = contract_texts.iter().any(|t| {
            docs::lines(t).iter().any(|l| l.trim() == line)
                || docs::one_line(t).contains(line)
                || line.contains(&docs::one_line(t.lines().next().unwrap_or("")))
        });
        assert!(
            from_contract,
            "doc line {value:?} is not a line of any contract text"
        );
        checked += 1;
    }
    assert!(checked > 20, "only {checked} doc lines carry the marker");
    // Code fences in descriptions are text, never doctests.
    for value in &doc_values {
        let fence = value.trim_start();
        if let Some(rest) = fence.strip_prefix("```") {
            let info = rest.trim_start_matches('`').trim();
            assert!(
                info.is_empty() || info == "text",
                "a fence in a doc comment opens {info:?}: {value:?}"
            );
        }
    }
    assert!(
        doc_values.iter().any(|d| d.trim() == "```text"),
        "the description's fences are kept, as text"
    );
    // Names that differ only in case or punctuation stay apart, and the
    // ten thousand enum values are all there.
    for name in ["a_b", "a_b2", "self_", "crate_", "Self_"] {
        assert!(idents.iter().any(|i| i == name), "no identifier `{name}`");
    }
    assert!(
        idents
            .iter()
            .filter(|i| i.starts_with('V') && i[1..].parse::<u32>().is_ok())
            .count()
            >= 9_980
    );
}

/// The adversarial and kitchen-sink contracts compile as one crate, tests
/// included, with the typed-format features off; with all of them on, the
/// crate's tests (the documented examples) pass. Shares the target folder
/// of `cargo xtask corpus --codegen`.
#[test]
fn fixture_contracts_compile() {
    let (_, source) = adversarial();
    let kitchen = {
        let text =
            std::fs::read_to_string(workspace().join("codegen/tests/fixtures/kitchen-sink.yaml"))
                .unwrap();
        let result = generator::vendor::build_from_files(
            "kitchen-sink",
            vec![SourceFile::new("kitchen-sink.yaml", text)],
        );
        generate_module(&result.contract, "kitchen_sink", &result.map).source
    };
    let work = workspace().join("target/codegen-corpus");
    let dir = work.join("crates/fixtures-test");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let runtime = workspace().join("runtime");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "{}\n[workspace]\n",
            crate_manifest("fixtures_test", &runtime.to_string_lossy())
        ),
    )
    .unwrap();
    // The workspace's lock: the same dependency versions, nothing to resolve.
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        crate_lib(&["adversarial".to_string(), "kitchen_sink".to_string()]),
    )
    .unwrap();
    std::fs::write(dir.join("src/adversarial.rs"), &source).unwrap();
    std::fs::write(dir.join("src/kitchen_sink.rs"), &kitchen).unwrap();
    // Typed formats on, the documented examples also run: they then
    // compare by value (chrono writes `Z` as `+00:00`).
    for features in [None, Some("--all-features")] {
        let started = Instant::now();
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        match features {
            None => command.args(["check", "--tests"]),
            Some(flag) => command.args(["test", "--lib", flag]),
        };
        command.args(["--quiet", "--message-format", "short", "--manifest-path"]);
        command.arg(dir.join("Cargo.toml"));
        let output = command
            .env("CARGO_TARGET_DIR", work.join("target"))
            .env_remove("RUSTFLAGS")
            .output()
            .expect("cargo runs");
        eprintln!(
            "cargo {} of the fixture crate: {:.1} s",
            if features.is_some() {
                "test --all-features"
            } else {
                "check"
            },
            started.elapsed().as_secs_f64()
        );
        assert!(
            output.status.success(),
            "the fixture crate ({}) does not compile:\n{}",
            features.unwrap_or("default features"),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
