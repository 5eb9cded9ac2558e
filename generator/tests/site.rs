//! Vendor folders laid out as docs sites publish them, built as
//! `cargo xtask generate` builds them: one snapshot per case under
//! `tests/fixtures/sites/` (the contract, how each page read, and the
//! diagnostics), and the real-world corpus laid out in its vendors'
//! published folders.

use std::fs;
use std::path::{Path, PathBuf};

use generator::diag::{Diagnostic, Severity};
use generator::vendor::{build_vendor, contract_yaml, vendor_dirs, VendorResult};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn report(result: &VendorResult) -> String {
    let mut out = String::new();
    out.push_str("# pages\n");
    for (page, shape) in &result.pages {
        out.push_str(&format!("{page}: {shape:?}\n"));
    }
    out.push_str("\n# contract\n");
    out.push_str(&contract_yaml(&result.contract));
    out.push_str("\n# diagnostics\n");
    out.push_str(&result.diagnostics.render());
    out
}

/// Every vendor of a case folder, snapshotted.
fn snapshot_case(case: &str) -> Vec<VendorResult> {
    let specs = fixtures().join("sites").join(case);
    let mut results = Vec::new();
    for dir in vendor_dirs(&specs).unwrap() {
        let result = build_vendor(&dir, &specs);
        insta::assert_snapshot!(format!("{case}__{}", result.name), report(&result));
        results.push(result);
    }
    assert!(!results.is_empty(), "{case} has no vendor folder");
    results
}

fn codes(result: &VendorResult, severity: Severity) -> Vec<&'static str> {
    result
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| d.code.as_str())
        .collect()
}

/// The first diagnostic with `code` (the test fails without one).
fn first<'r>(result: &'r VendorResult, code: &str) -> &'r Diagnostic {
    result
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == code)
        .unwrap_or_else(|| panic!("no {code} diagnostic"))
}

#[test]
fn docs_json_names_the_specs_and_stubs_take_their_operations_from_them() {
    let results = snapshot_case("docs-json");
    let acme = &results[0];
    let ops: Vec<String> = acme
        .contract
        .operations()
        .map(|(path, method, op)| format!("{} {path} {}", method.upper(), op.operation_id))
        .collect();
    // The named specs whole; of the unnamed draft spec, only the stub's operation.
    assert_eq!(
        ops,
        [
            "POST /members createMember",
            "GET /members/{id} getMember",
            "DELETE /members/{id} removeAMember",
            "GET /ping ping",
            "GET /preview preview",
        ]
    );
    let get = &acme.contract.paths["/members/{id}"][&generator::model::Method::Get];
    assert_eq!(get.summary.as_deref(), Some("Retrieve a member"));
    assert_eq!(
        get.description.as_deref(),
        Some("Returns one member of the workspace.")
    );
    assert!(get.parameters.iter().any(|p| p.name == "expand"));
    assert_eq!(codes(acme, Severity::Error), ["stub-operation-missing"]);
    let missing = first(acme, "stub-operation-missing");
    assert_eq!(
        (missing.location.file.as_ref(), missing.location.line),
        ("acme/api-reference/members/delete-member.mdx", 3)
    );
    assert_eq!(codes(acme, Severity::Warning), ["site-spec-missing"]);
}

#[test]
fn one_endpoint_on_two_pages_is_one_operation_with_the_openapi_page_as_base() {
    let results = snapshot_case("several-pages");
    let shop = &results[0];
    assert_eq!(shop.contract.operations().count(), 1);
    assert_eq!(codes(shop, Severity::Error), Vec::<&str>::new());
    let disagreements: Vec<&str> = shop
        .diagnostics
        .iter()
        .filter(|d| d.code == generator::diag::Code::PagesDisagree)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        disagreements,
        ["`POST /orders`: request body property `quantity` is `string` on this page, `integer` on the base page"]
    );
}

/// Which page is the base depends on content, never on file names: the
/// same pages under swapped names give the same contract.
#[test]
fn the_base_page_does_not_depend_on_file_names() {
    let case = fixtures().join("sites/several-pages/shop");
    let md = fs::read_to_string(case.join("api-reference/orders/create-order.md")).unwrap();
    let mdx = fs::read_to_string(case.join("guides/ordering.mdx")).unwrap();
    let build = |first: (&str, &str), second: (&str, &str)| {
        let specs = tempfile::tempdir().unwrap();
        let vendor = specs.path().join("shop");
        for (name, text) in [first, second] {
            let path = vendor.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        build_vendor(&vendor, specs.path()).contract
    };
    let as_published = build(("b/create-order.md", &md), ("z/ordering.mdx", &mdx));
    let swapped = build(("z/create-order.md", &md), ("a/ordering.mdx", &mdx));
    assert_eq!(contract_yaml(&as_published), contract_yaml(&swapped));
}

#[test]
fn a_vendor_whose_pages_document_no_endpoint_is_a_warning_that_says_what_was_found() {
    let results = snapshot_case("empty-vendor");
    let blog = &results[0];
    assert_eq!(codes(blog, Severity::Warning), ["no-operation"]);
    let warning = first(blog, "no-operation");
    assert!(
        warning
            .message
            .contains("1 page file(s), none documents an HTTP endpoint")
            && warning.message.contains("1 asset file(s)"),
        "{}",
        warning.message
    );
}

/// `generator/tests/fixtures/corpus` is the corpus flat, one folder per
/// vendor; its `SOURCES.md` gives each page's published URL (or, for MDX
/// pages, its path in the vendor's docs repository). Laid out in those
/// folders, every page is found and every vendor's contract is the same
/// as flat.
#[test]
fn the_corpus_laid_out_as_published_reads_like_flat() {
    let corpus = fixtures().join("corpus");
    let sources = fs::read_to_string(corpus.join("SOURCES.md")).unwrap();
    let nested = tempfile::tempdir().unwrap();
    let mut placed = 0;
    for line in sources.lines() {
        let Some((local, folder)) = published_folder(line) else {
            continue;
        };
        let (_, vendor_and_file) = local.split_once('/').unwrap();
        let (vendor, file) = vendor_and_file.split_once('/').unwrap();
        let target = nested.path().join(vendor).join(&folder).join(file);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(corpus.join(vendor).join(file), &target).unwrap();
        placed += 1;
    }
    assert_eq!(placed, 40, "every corpus page has a published place");
    let flat_vendors = vendor_dirs(&corpus).unwrap();
    let mut nested_pages = 0;
    let mut deepest = 0;
    for flat_dir in &flat_vendors {
        let name = flat_dir.file_name().unwrap();
        let flat = build_vendor(flat_dir, &corpus);
        let laid_out = build_vendor(&nested.path().join(name), nested.path());
        assert_eq!(flat.pages.len(), laid_out.pages.len(), "{name:?}");
        nested_pages += laid_out.pages.len();
        deepest = deepest.max(
            laid_out
                .pages
                .iter()
                .map(|(p, _)| p.matches('/').count())
                .max()
                .unwrap_or(0),
        );
        assert_eq!(
            contract_yaml(&flat.contract),
            contract_yaml(&laid_out.contract),
            "{name:?}"
        );
    }
    assert_eq!(nested_pages, 40);
    assert!(
        deepest >= 4,
        "the published layout is nested ({deepest} levels)"
    );
}

/// A `SOURCES.md` line -> (its local path, the folder the page is published
/// in): the URL's directory for `.md` exports, the repository path's for
/// MDX pages, `api-reference` where the page URL is not known.
fn published_folder(line: &str) -> Option<(String, String)> {
    let fields: Vec<&str> = line.strip_prefix("- ")?.split(" | ").collect();
    if fields.len() < 5 || !(fields[0].starts_with("mintlify-md/") || fields[0].starts_with("mdx/"))
    {
        return None;
    }
    let local = fields[0].trim().to_string();
    let dir_of = |path: &str| {
        path.rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_string())
    };
    let folder = if local.starts_with("mdx/") {
        // `Owner/repo path/in/repo.mdx @ commit`
        let path = fields[1].split_whitespace().nth(1)?;
        dir_of(path)
    } else if let Some(url) = fields[4]
        .split_whitespace()
        .find(|w| w.starts_with("https://"))
    {
        let path = url.trim_start_matches("https://");
        let path = path.split_once('/').map_or("", |(_, p)| p);
        if fields[4].starts_with("site index") {
            "api-reference".to_string()
        } else {
            dir_of(path)
        }
    } else {
        "api-reference".to_string()
    };
    Some((local, folder))
}

/// `vendor.toml` as the README documents it: `title`, `version` and
/// `description` replace what the pages say; `servers` only fill in where
/// no page gives one; any other key is an error at its line.
#[test]
fn vendor_toml_overrides_the_pages_info_and_only_fills_missing_servers() {
    let spec = |servers: &str| {
        format!(
            "openapi: 3.0.3\ninfo:\n  title: From the page\n  version: '1'\n  description: Page text.\n{servers}paths:\n  /ping:\n    get:\n      responses:\n        '200':\n          description: ok\n"
        )
    };
    let build = |page: &str, config: &str| {
        let specs = tempfile::tempdir().unwrap();
        let vendor = specs.path().join("acme");
        fs::create_dir_all(&vendor).unwrap();
        fs::write(vendor.join("openapi.yaml"), page).unwrap();
        fs::write(vendor.join("vendor.toml"), config).unwrap();
        build_vendor(&vendor, specs.path())
    };
    let config = "title = \"Acme API\"\nversion = \"2024-06-01\"\ndescription = \"Acme's public REST API.\"\nservers = [\"https://api.acme.dev/v1\"]\n";

    let without_server = build(&spec(""), config);
    let info = &without_server.contract.info;
    assert_eq!(
        (
            info.title.as_str(),
            info.version.as_str(),
            info.description.as_deref()
        ),
        ("Acme API", "2024-06-01", Some("Acme's public REST API."))
    );
    let urls = |r: &VendorResult| -> Vec<String> {
        r.contract.servers.iter().map(|s| s.url.clone()).collect()
    };
    assert_eq!(urls(&without_server), ["https://api.acme.dev/v1"]);

    let with_server = build(
        &spec("servers:\n  - url: https://page.example/v2\n"),
        config,
    );
    assert_eq!(urls(&with_server), ["https://page.example/v2"]);

    let unknown = build(&spec(""), "title = \"Acme\"\nbase_url = \"x\"\n");
    let error = unknown
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "vendor-config")
        .unwrap_or_else(|| panic!("{}", unknown.diagnostics.render()));
    assert_eq!((error.severity, error.location.line), (Severity::Error, 2));
    // The config did not read: the page's title stands.
    assert_eq!(unknown.contract.info.title, "From the page");
}
