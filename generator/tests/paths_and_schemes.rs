//! Path templates and security schemes read by one rule end to end: a
//! variable inside a segment (`{id}.json`) is a variable everywhere, and
//! two schemes that share a name but send their credential differently
//! both survive, each operation naming its own.

use generator::model::Contract;
use generator::source::SourceFile;
use generator::vendor::build_from_files;
use serde_json::{json, Value};

fn build(files: &[(&str, &str)]) -> Contract {
    let files = files
        .iter()
        .map(|&(name, text)| SourceFile::new(name, text))
        .collect();
    build_from_files("v", files).contract
}

fn op(contract: &Contract, path: &str) -> Value {
    let item = &contract.paths[path];
    serde_json::to_value(item.values().next().unwrap()).unwrap()
}

fn scheme(contract: &Contract, name: &str) -> Value {
    serde_json::to_value(&contract.components.security_schemes[name]).unwrap()
}

#[test]
fn pages_naming_a_mixed_segment_differently_are_one_operation() {
    let spec = |param: &str, summary: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /files/{{{param}}}.json:\n    get:\n      summary: {summary}\n      parameters:\n        - {{name: {param}, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        '200': {{description: OK}}\n"
        )
    };
    let a = spec("id", "Get a file, with a longer summary");
    let b = spec("fileId", "Get a file");
    let contract = build(&[("v/a.yaml", &a), ("v/b.yaml", &b)]);
    let paths: Vec<&String> = contract.paths.keys().collect();
    assert_eq!(paths, ["/files/{id}.json"]);
    let params = &op(&contract, "/files/{id}.json")["parameters"];
    assert_eq!(params.as_array().unwrap().len(), 1, "{params}");
    assert_eq!(params[0]["name"], "id");
}

#[test]
fn an_empty_brace_pair_adds_no_path_parameter() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a/{}:\n    get:\n      responses:\n        '200': {description: OK}\n";
    let contract = build(&[("v/a.yaml", spec)]);
    assert_eq!(op(&contract, "/a/{}").get("parameters"), None);
}

#[test]
fn two_blocks_of_one_page_keep_their_own_schemes() {
    let block = |path: &str, scheme: &str| {
        format!(
            "````yaml get {path}\nopenapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  {path}:\n    get:\n      security:\n        - apiKey: []\n      responses:\n        '200': {{description: OK}}\ncomponents:\n  securitySchemes:\n    apiKey: {scheme}\n````\n"
        )
    };
    let page = format!(
        "# Two\n\n{}\n{}",
        block("/a", "{type: apiKey, in: header, name: X-Key}"),
        block("/b", "{type: apiKey, in: query, name: key}")
    );
    let contract = build(&[("v/two.md", &page)]);
    assert_eq!(op(&contract, "/a")["security"], json!([{"apiKey": []}]));
    assert_eq!(op(&contract, "/b")["security"], json!([{"apiKey2": []}]));
    assert_eq!(scheme(&contract, "apiKey")["in"], "header");
    assert_eq!(scheme(&contract, "apiKey2")["in"], "query");
}

#[test]
fn security_filled_from_a_weaker_page_names_that_pages_scheme() {
    // The base page (richer) has `apiKey` as a header key but does not
    // say how `GET /a` authenticates; the weaker page says `apiKey`,
    // which on that page is a query key.
    let base = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      summary: Get a, as the base page documents it at length\n      responses:\n        '200': {description: OK}\n  /b:\n    get:\n      security:\n        - apiKey: []\n      responses:\n        '200': {description: OK}\ncomponents:\n  securitySchemes:\n    apiKey: {type: apiKey, in: header, name: X-Key}\n";
    let weak = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      security:\n        - apiKey: []\n      responses:\n        '200': {description: OK}\ncomponents:\n  securitySchemes:\n    apiKey: {type: apiKey, in: query, name: key}\n";
    let contract = build(&[("v/base.yaml", base), ("v/weak.yaml", weak)]);
    assert_eq!(op(&contract, "/b")["security"], json!([{"apiKey": []}]));
    let names: Vec<String> = op(&contract, "/a")["security"][0]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(names.len(), 1);
    assert_eq!(scheme(&contract, &names[0])["in"], "query", "{names:?}");
    assert_eq!(scheme(&contract, "apiKey")["in"], "header");
}

#[test]
fn a_header_key_differing_only_in_case_is_one_scheme() {
    let spec = |path: &str, header: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\nsecurity:\n  - apiKey: []\npaths:\n  {path}:\n    get:\n      responses:\n        '200': {{description: OK}}\ncomponents:\n  securitySchemes:\n    apiKey: {{type: apiKey, in: header, name: {header}}}\n"
        )
    };
    let a = spec("/a", "X-API-Key");
    let b = spec("/b", "x-api-key");
    let contract = build(&[("v/a.yaml", &a), ("v/b.yaml", &b)]);
    let names: Vec<&String> = contract.components.security_schemes.keys().collect();
    assert_eq!(names, ["apiKey"]);
}

#[test]
fn the_diff_compares_schemes_by_the_same_rule() {
    let spec = |header: &str| {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\nsecurity:\n  - apiKey: []\npaths:\n  /a:\n    get:\n      responses:\n        '200': {{description: OK}}\ncomponents:\n  securitySchemes:\n    apiKey: {{type: apiKey, in: header, name: {header}}}\n"
        );
        build(&[("v/a.yaml", &text)])
    };
    let rules = |old: &Contract, new: &Contract| -> Vec<&str> {
        generator::diff::diff(old, new)
            .iter()
            .map(|c| c.rule)
            .collect()
    };
    let (upper, lower, other) = (spec("X-API-Key"), spec("x-api-key"), spec("X-Token"));
    assert!(rules(&upper, &lower).is_empty());
    assert_eq!(rules(&upper, &other), ["api-security-scheme-changed"]);
}
