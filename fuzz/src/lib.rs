//! What each fuzz target does with its input: the library entry points a
//! vendor page, spec file, overlay, `llms.txt` or mock request goes
//! through, and the properties that must hold on any input (besides not
//! panicking, hanging or growing without bound, which libFuzzer watches).
//!
//! Inputs are bytes; pages are text, so invalid UTF-8 is replaced (the
//! readers only ever see `&str`).

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use generator::diag::Diagnostics;
use generator::doc::{Kind, Node};
use generator::model::Contract;
use generator::source::SourceFile;
use generator::srcmap::SourceMap;

thread_local! {
    /// The latest panic on this thread, with its backtrace.
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Run one input. libfuzzer-sys aborts on every panic, even one the code
/// catches itself (the MDX reader catches the markdown crate's and reports
/// the page as unreadable), so the hook only records it; a panic that
/// reaches the target is the crash, printed with its backtrace.
fn run(input: impl FnOnce()) {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let trace = std::backtrace::Backtrace::force_capture();
            LAST_PANIC.with(|last| *last.borrow_mut() = format!("{info}\n{trace}"));
        }));
    });
    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(input)).is_err() {
        LAST_PANIC.with(|last| eprintln!("panicked: {}", last.borrow()));
        std::process::abort();
    }
}

fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A page through the whole vendor pipeline (ingest, combine, merge,
/// resolve, check), then what is published from it: the contract's YAML
/// and the rendered diagnostics.
fn page(name: &str, text: &str) {
    let result = generator::vendor::build_from_files("fuzz", vec![SourceFile::new(name, text)]);
    let _ = generator::vendor::contract_yaml(&result.contract);
    let _ = result.diagnostics.render();
}

/// An MDX page (`<ParamField>`, `<ResponseField>`, examples, status headings).
pub fn mdx(data: &[u8]) {
    page("api-reference/fuzz.mdx", &text(data));
}

/// Wrap `body` in a fence naming an endpoint unless it already has one,
/// so the input reaches the fenced-block readers.
fn fenced(body: &str, info: &str) -> String {
    if body.contains("```") {
        body.to_string()
    } else {
        format!("# Fuzz\n\n````{info}\n{body}\n````\n")
    }
}

/// A Mintlify `.md` export: an OpenAPI document in a `yaml METHOD /path` fence.
pub fn openapi_md(data: &[u8]) {
    page(
        "api-reference/fuzz.md",
        &fenced(&text(data), "yaml openapi.yaml post /fuzz/{id}"),
    );
}

/// Mintlify's legacy endpoint dump (`paths: {path, method, request, response}`).
pub fn endpoint_dump(data: &[u8]) {
    let text = text(data);
    let body = if text.contains("```") || text.trim_start().starts_with("paths:") {
        text.into_owned()
    } else {
        format!("paths:\n  path: /fuzz/{{id}}\n  method: post\n{text}")
    };
    page(
        "api-reference/fuzz.md",
        &fenced(&body, "yaml post /fuzz/{id}"),
    );
}

/// Every node (and an error) points inside the text.
fn assert_positions_within(node: &Node, lines: u32) {
    assert!(
        (1..=lines).contains(&node.pos.line) && node.pos.col >= 1,
        "node at {:?} outside a text of {lines} line(s)",
        node.pos
    );
    match &node.kind {
        Kind::Seq(items) => items.iter().for_each(|n| assert_positions_within(n, lines)),
        Kind::Map(entries) => {
            for e in entries {
                assert!(
                    (1..=lines).contains(&e.key_pos.line),
                    "key `{}` at {:?} outside a text of {lines} line(s)",
                    e.key,
                    e.key_pos
                );
                assert_positions_within(&e.value, lines);
            }
        }
        _ => {}
    }
}

/// Lines a position may name: every line, and the one after a final newline.
fn line_count(text: &str) -> u32 {
    u32::try_from(text.matches('\n').count() + 1).unwrap_or(u32::MAX)
}

/// A whole spec file in YAML: the positioned reader, then the pipeline.
pub fn spec_yaml(data: &[u8]) {
    let text = text(data);
    let lines = line_count(&text);
    match generator::doc::yaml::parse(&text, 1, 0) {
        Ok(root) => {
            assert_positions_within(&root, lines);
            let _ = root.to_json();
        }
        Err(e) => assert!(
            (1..=lines).contains(&e.pos.line),
            "error at {:?} outside a text of {lines} line(s)",
            e.pos
        ),
    }
    page("openapi.yaml", &text);
}

/// A whole spec file in JSON: the fast JSON reader agrees with serde_json
/// on what parses and what it means, then the pipeline.
pub fn spec_json(data: &[u8]) {
    let text = text(data);
    let lines = line_count(&text);
    let ours = generator::doc::json::parse(&text, 1, 0);
    match &ours {
        Ok(root) => assert_positions_within(root, lines),
        Err(e) => assert!(
            (1..=lines).contains(&e.pos.line),
            "error at {:?} outside a text of {lines} line(s)",
            e.pos
        ),
    }
    page("openapi.json", &text);
}

/// Contracts the overlays are applied to: the sample vendors'.
fn overlay_bases() -> &'static [(Contract, SourceMap)] {
    static BASES: OnceLock<Vec<(Contract, SourceMap)>> = OnceLock::new();
    BASES.get_or_init(|| {
        let specs = workspace().join("specs");
        generator::vendor::vendor_dirs(&specs)
            .unwrap_or_default()
            .iter()
            .map(|dir| {
                let result = generator::vendor::build_vendor(dir, &workspace());
                (result.contract, result.map)
            })
            .collect()
    })
}

/// An `overlay.yaml` applied to each sample vendor's contract.
pub fn overlay(data: &[u8]) {
    let file = SourceFile::new("specs/fuzz/overlay.yaml", text(data));
    for (contract, map) in overlay_bases() {
        let mut contract = contract.clone();
        let mut map = map.clone();
        let mut diags = Diagnostics::default();
        generator::overlay::apply(&file, &mut contract, &mut map, &mut diags);
        let _ = diags.render();
        let _ = generator::vendor::contract_yaml(&contract);
    }
}

/// An `llms.txt` index and a page export's boilerplate: every link's span
/// is the `[title](url)` text it was read from.
pub fn llms_txt(data: &[u8]) {
    let text = text(data);
    let index = generator::llms::parse(&text);
    let lines = text.lines().count().max(1);
    for (_, link) in index.links() {
        let written = text
            .get(link.span.clone())
            .unwrap_or_else(|| panic!("span {:?} is not a slice of the text", link.span));
        assert!(
            written.starts_with('['),
            "span {:?} reads {written:?}",
            link.span
        );
        assert!(
            link.line >= 1 && link.line <= lines,
            "link line {}",
            link.line
        );
        assert!(link.column >= 1, "link column {}", link.column);
    }
    let stripped = generator::llms::strip_boilerplate(&text);
    assert!(stripped.len() <= text.len());
    let _ = generator::llms::index_url_in(&text);
}

/// The mock serving the sample vendors and the petstore test fixture.
fn mock() -> &'static Arc<mock_server::pipeline::Shared> {
    static SHARED: OnceLock<Arc<mock_server::pipeline::Shared>> = OnceLock::new();
    SHARED.get_or_init(|| {
        let mut registry = mock_server::registry::Registry::default();
        for specs in [
            workspace().join("specs"),
            workspace().join("mock-server/tests/fixtures"),
        ] {
            let config = mock_server::Config {
                specs,
                ..mock_server::Config::default()
            };
            if let Ok(loaded) = mock_server::registry::load_all(&config) {
                registry.vendors.extend(loaded.vendors);
            }
        }
        assert!(
            !registry.vendors.is_empty(),
            "the fuzz target found no vendor to serve"
        );
        Arc::new(mock_server::pipeline::Shared::new(
            mock_server::Config::default(),
            registry,
        ))
    })
}

/// A request to the mock, written as
/// `METHOD target\nName: value\n...\n\nbody`: routing, parameters,
/// credentials, content type and body checks, the chosen response.
pub fn mock_request(data: &[u8]) {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &[][..]),
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let Some(first) = lines.next() else { return };
    let (method, target) = first.split_once(' ').unwrap_or(("GET", first));
    let mut builder = http::Request::builder().method(method).uri(target);
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            builder = builder.header(name.trim(), value.trim());
        }
    }
    let Ok(request) = builder.body(()) else {
        return;
    };
    let (parts, ()) = request.into_parts();
    let reply = mock_server::pipeline::answer(mock(), &parts, body);
    let status = reply.status().as_u16();
    assert!((100..600).contains(&status), "status {status}");
}

/// The entry points the targets call: each input run under [`run`].
macro_rules! entry_points {
    ($( $run:ident => $target:ident ),* $(,)?) => {
        $( pub fn $run(data: &[u8]) { run(|| $target(data)) } )*
    };
}

entry_points! {
    run_mdx => mdx,
    run_openapi_md => openapi_md,
    run_endpoint_dump => endpoint_dump,
    run_spec_yaml => spec_yaml,
    run_spec_json => spec_json,
    run_overlay => overlay,
    run_llms_txt => llms_txt,
    run_mock_request => mock_request,
}
