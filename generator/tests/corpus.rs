//! Real vendor pages (`tests/fixtures/corpus/<vendor>/<page>`, copied
//! byte for byte; provenance in `SOURCES.md` there): one snapshot per
//! page of its normalized operation and every diagnostic it raises, read
//! the way `cargo xtask generate` reads a vendor folder (ingest, merge,
//! path-parameter repair, resolve, check), but one page at a time. Each
//! page is its own `insta::glob!` input, so one failing page does not hide
//! the others.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use generator::diag::Diagnostics;
use generator::doc::emit::to_yaml;
use generator::ingest::{self, Shape};
use generator::model::{Contract, Method};
use generator::source::SourceFile;
use generator::vendor::{build_vendor, page_files, vendor_dirs};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

/// Every page of the corpus, as (display name, path).
fn pages() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for vendor in vendor_dirs(&corpus()).unwrap() {
        for page in page_files(&vendor).unwrap() {
            let shown = page
                .strip_prefix(corpus())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((shown, page));
        }
    }
    out
}

/// `glob!` hands over paths as it walks them; compare like with like.
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// The pages by canonical path, with their display names, for `glob!`
/// closures (which also see `README.md`, `SOURCES.md`, `expected.toml`).
fn page_names() -> std::collections::BTreeMap<PathBuf, String> {
    pages()
        .into_iter()
        .map(|(name, path)| (canonical(&path), name))
        .collect()
}

/// What a panic said, for a failure list.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// One page through the vendor pipeline on its own.
fn normalize(shown: &str, path: &Path) -> (Shape, Contract, Diagnostics) {
    let text = std::fs::read_to_string(path).unwrap();
    let out = ingest::ingest(&SourceFile::new(shown, text));
    let shape = out.shape;
    let mut diags = out.diagnostics.clone();
    let merged = generator::merge::merge(vec![out]);
    let mut contract = merged.contract;
    let mut map = merged.map;
    diags.extend(merged.diagnostics);
    generator::path_params::repair(&mut contract, &mut map, &mut diags);
    generator::resolve::resolve_refs(&mut contract, &mut map, &mut diags);
    generator::contract_checks::check_contract(&contract, &map, &mut diags);
    diags.sort();
    (shape, contract, diags)
}

fn shown(shape: Shape, contract: &Contract, diags: &Diagnostics) -> String {
    let mut doc = contract.to_json();
    if let Some(map) = doc.as_object_mut() {
        // The page's operation and what it needs; `info` is vendor-level.
        map.remove("openapi");
        map.remove("info");
    }
    format!(
        "shape: {shape:?}\n{}\n# diagnostics\n{}",
        to_yaml(&doc),
        diags.render()
    )
}

#[test]
fn each_corpus_page_becomes_its_normalized_operation() {
    let names = page_names();
    assert_eq!(names.len(), 40, "the corpus has 40 pages");
    let mut seen = BTreeSet::new();
    let mut failures = Vec::new();
    insta::glob!("fixtures/corpus", "*/**/*", |path| {
        let Some(name) = names.get(&canonical(path)) else {
            return;
        };
        seen.insert(name.clone());
        let (shape, contract, diags) = normalize(name, path);
        insta::assert_snapshot!("page", shown(shape, &contract, &diags));
        // After the snapshot, so a page that fails here still has its
        // snapshot compared; every failing page is listed at the end.
        if shape == Shape::NoEndpoint {
            failures.push(format!("{name}: documents no endpoint"));
        }
        let operations = contract.operations().count();
        if operations != 1 {
            failures.push(format!("{name}: {operations} operations, not one"));
        }
        if diags.has_errors() {
            failures.push(format!("{name}: errors:\n{}", diags.render()));
        }
    });
    assert_eq!(seen.len(), names.len(), "every corpus page is snapshotted");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// galileo-ai documents `POST /v1/login/social` twice: the current `.md`
/// export (shape a, an embedded OpenAPI 3.1 document) and an older export
/// of the same page (shape c, Mintlify's endpoint dump). Read the same
/// way, the two agree on everything but what the API changed in between:
/// `id_token` went from required to optional and nullable, and
/// `access_token` was added.
#[test]
fn both_galileo_shapes_read_as_the_same_endpoint() {
    let dir = corpus().join("galileo-ai");
    let (shape_a, a, _) = normalize("a", &dir.join("login-social.md"));
    let (shape_c, c, _) = normalize("c", &dir.join("login-social.endpoint-dump.md"));
    assert_eq!((shape_a, shape_c), (Shape::OpenApi, Shape::EndpointDump));
    let op_a = &a.paths["/v1/login/social"][&Method::Post];
    let op_c = &c.paths["/v1/login/social"][&Method::Post];
    assert_eq!(op_a.parameters, op_c.parameters);
    assert_eq!(
        op_a.responses.keys().collect::<Vec<_>>(),
        op_c.responses.keys().collect::<Vec<_>>()
    );
    for status in ["200", "422"] {
        let schema = |contract: &Contract, op: &generator::model::Operation| {
            let s = &op.responses[status].content["application/json"].schema;
            plain(contract, serde_json::to_value(s).unwrap())
        };
        assert_eq!(schema(&a, op_a), schema(&c, op_c), "response {status}");
    }
    let body = |contract: &Contract, op: &generator::model::Operation| {
        let s = &op.request_body.as_ref().unwrap().content["application/json"].schema;
        plain(contract, serde_json::to_value(s).unwrap())
    };
    let (body_a, body_c) = (body(&a, op_a), body(&c, op_c));
    assert_eq!(
        body_a["properties"]["provider"],
        body_c["properties"]["provider"]
    );
    assert_eq!(
        body_c["properties"]["id_token"],
        serde_json::json!({"type": "string"})
    );
    assert_eq!(
        body_a["properties"]["id_token"],
        serde_json::json!({"type": "string", "nullable": true})
    );
    assert_eq!(
        body_c["required"],
        serde_json::json!(["id_token", "provider"])
    );
    assert_eq!(body_a["required"], serde_json::json!(["provider"]));
    assert!(body_c["properties"].get("access_token").is_none());
    assert_eq!(
        body_a["properties"]["access_token"],
        serde_json::json!({"type": "string", "nullable": true})
    );
}

/// A schema with `$ref`s to the contract's components inlined, one-member
/// `allOf`s unwrapped, and what does not change its meaning for a client
/// (titles, descriptions, examples, `x-` keys) removed.
fn plain(contract: &Contract, value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    fn go(components: &Value, v: Value, depth: usize) -> Value {
        match v {
            Value::Object(map) if depth < 32 => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    let target = generator::model::whole_schema_ref_name(r)
                        .and_then(|name| components.get(&name).cloned())
                        .unwrap_or(Value::Null);
                    return go(components, target, depth + 1);
                }
                let mut out = serde_json::Map::new();
                for (k, v) in map {
                    let noise =
                        matches!(k.as_str(), "title" | "description" | "example" | "examples")
                            || k.starts_with("x-");
                    if !noise {
                        out.insert(k, go(components, v, depth + 1));
                    }
                }
                if let Some(Value::Array(all)) = out.get("allOf").cloned() {
                    if all.len() == 1 {
                        out.remove("allOf");
                        if let Value::Object(member) = &all[0] {
                            for (k, v) in member {
                                out.entry(k.clone()).or_insert(v.clone());
                            }
                        }
                    }
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .map(|i| go(components, i, depth + 1))
                    .collect(),
            ),
            other => other,
        }
    }
    let components = serde_json::to_value(&contract.components.schemas).unwrap();
    go(&components, value, 0)
}

/// The corpus as `cargo xtask generate` sees it: every vendor folder reads
/// without an error, one operation per page (galileo-ai's two pages are
/// one endpoint), twice the same. Every vendor is checked; the failures
/// are listed together.
#[test]
fn the_corpus_generates_deterministically() {
    let mut failures = Vec::new();
    for dir in vendor_dirs(&corpus()).unwrap() {
        let first = build_vendor(&dir, &corpus());
        let again = build_vendor(&dir, &corpus());
        let name = first.name.as_str();
        if first.contract != again.contract {
            failures.push(format!("{name}: the contract differs between two builds"));
        }
        if first.diagnostics != again.diagnostics {
            failures.push(format!("{name}: the diagnostics differ between two builds"));
        }
        // No errors. galileo-ai's two exports of one page are combined
        // into one operation, and where they disagree (see
        // `both_galileo_shapes_read_as_the_same_endpoint`) that is a warning.
        if first.diagnostics.has_errors() {
            failures.push(format!("{name}: errors:\n{}", first.diagnostics.render()));
        }
        let disagreements: Vec<String> = first
            .diagnostics
            .iter()
            .filter(|d| d.code == generator::diag::Code::PagesDisagree)
            .map(|d| d.message.clone())
            .collect();
        let expected: Vec<String> = if name == "galileo-ai" {
            vec!["`POST /v1/login/social`: request body property `id_token` is required on this page, optional on the base page".into()]
        } else {
            Vec::new()
        };
        if disagreements != expected {
            failures.push(format!(
                "{name}: pages disagree: {disagreements:?}, expected {expected:?}"
            ));
        }
        let pages = first.pages.len() - usize::from(name == "galileo-ai");
        let operations = first.contract.operations().count();
        if operations != pages {
            failures.push(format!(
                "{name}: {operations} operations from {pages} endpoint pages"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Real pages cut off anywhere (a scrape that stopped early, a fence
/// never closed) still read without a panic. Every page is cut; each page
/// and cut that panicked or read more than one operation is listed.
#[test]
fn truncated_corpus_pages_never_panic() {
    let mut reads = 0;
    let mut failures = Vec::new();
    for (name, path) in pages() {
        let text = std::fs::read_to_string(&path).unwrap();
        let cuts: Vec<usize> = text
            .match_indices('\n')
            .map(|(i, _)| i)
            .step_by(5)
            .collect();
        for cut in cuts {
            let read = catch_unwind(AssertUnwindSafe(|| {
                ingest::ingest(&SourceFile::new(name.as_str(), &text[..cut]))
                    .contract
                    .operations()
                    .count()
            }));
            reads += 1;
            match read {
                // Whatever was read is a well-formed partial contract.
                Ok(operations) if operations <= 1 => {}
                Ok(operations) => {
                    failures.push(format!("{name} cut at {cut}: {operations} operations"))
                }
                Err(payload) => failures.push(format!(
                    "{name} cut at {cut}: panicked: {}",
                    panic_text(payload.as_ref())
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(reads > 500, "{reads}");
}
