//! The quirks real vendor pages have, one small hand-written page each,
//! read through `ingest::ingest` as `cargo xtask generate` reads a page.
//! (The corpus under `tests/fixtures/corpus/` has the real instances;
//! these pin each quirk down on its own.)

use generator::diag::Severity;
use generator::ingest::{self, PageOutput, Shape};
use generator::source::SourceFile;
use serde_json::{json, Value};

fn read(name: &str, text: &str) -> PageOutput {
    ingest::ingest(&SourceFile::new(name, text))
}

/// The page's only operation as JSON, with its path and method.
fn only_op(out: &PageOutput) -> (String, String, Value) {
    let ops: Vec<_> = out.contract.operations().collect();
    assert_eq!(ops.len(), 1, "{}", out.diagnostics.render());
    let (path, method, op) = ops[0];
    (
        path.to_string(),
        method.as_str().to_string(),
        serde_json::to_value(op).unwrap(),
    )
}

fn codes(out: &PageOutput) -> Vec<&'static str> {
    out.diagnostics.iter().map(|d| d.code).collect()
}

fn errors(out: &PageOutput) -> Vec<String> {
    out.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.render())
        .collect()
}

/// Body property `name` of the operation's JSON request body.
fn body_prop(op: &Value, name: &str) -> Value {
    op["requestBody"]["content"]["application/json"]["schema"]["properties"][name].clone()
}

fn mdx(fields: &str) -> String {
    format!("---\ntitle: Q\napi: \"POST /q\"\n---\n\n{fields}")
}

#[test]
fn type_spellings_from_python_typescript_and_prose() {
    let page = mdx(concat!(
        "<ParamField body=\"a\" type=\"str\" />\n\n",
        "<ParamField body=\"b\" type=\"int\" />\n\n",
        "<ParamField body=\"c\" type=\"dict\" />\n\n",
        "<ParamField body=\"d\" type=\"array of object\" />\n\n",
        "<ParamField body=\"e\" type=\"string (uri)\" />\n\n",
        "<ParamField body=\"f\" type=\"str | None\" />\n\n",
        "<ParamField body=\"g\" type=\"string | null\" />\n\n",
        "<ParamField body=\"h\" type=\"enum<string>[]\" />\n\n",
        "<ParamField body=\"i\" type=\"List[str]\" />\n\n",
        "<ParamField body=\"j\" type=\"Record<string, unknown>\" />\n\n",
        "<ParamField body=\"k\" type='\"audio\" | \"video\"' />\n\n",
    ));
    let out = read("v/types.mdx", &page);
    assert!(!codes(&out).contains(&"unknown-type"), "{:?}", codes(&out));
    let (_, _, op) = only_op(&out);
    let want = [
        ("a", json!({"type": "string"})),
        ("b", json!({"type": "integer"})),
        ("c", json!({"type": "object"})),
        ("d", json!({"type": "array", "items": {"type": "object"}})),
        ("e", json!({"type": "string", "format": "uri"})),
        ("f", json!({"type": "string", "nullable": true})),
        ("g", json!({"type": "string", "nullable": true})),
        ("h", json!({"type": "array", "items": {"type": "string"}})),
        ("i", json!({"type": "array", "items": {"type": "string"}})),
        ("j", json!({"type": "object", "additionalProperties": true})),
        ("k", json!({"type": "string", "enum": ["audio", "video"]})),
    ];
    for (name, schema) in want {
        assert_eq!(body_prop(&op, name), schema, "{name}");
    }
}

#[test]
fn required_spellings_and_optional() {
    let page = mdx(concat!(
        "<ParamField body=\"bare\" type=\"string\" required />\n\n",
        "<ParamField body=\"expr\" type=\"string\" required={true} />\n\n",
        "<ParamField body=\"text\" type=\"string\" required=\"true\" />\n\n",
        "<ParamField body=\"off\" type=\"string\" required={false} />\n\n",
        "<ParamField body=\"opt\" type=\"string\" optional />\n\n",
    ));
    let out = read("v/required.mdx", &page);
    let (_, _, op) = only_op(&out);
    let schema = &op["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(schema["required"], json!(["bare", "expr", "text"]));
    assert_eq!(op["requestBody"]["required"], json!(true));
}

#[test]
fn default_spellings() {
    let page = mdx(concat!(
        "<ParamField body=\"n\" type=\"integer\" default={-1} />\n\n",
        "<ParamField body=\"py\" type=\"str\" default=\"None\" />\n\n",
        "<ParamField body=\"pyn\" type=\"str | None\" default=\"None\" />\n\n",
        "<ParamField body=\"b\" type=\"boolean\" default={false} />\n\n",
        "<ParamField body=\"l\" type=\"string[]\" default='[\"copy\"]' />\n\n",
        "<ParamField body=\"s\" type=\"string\" default=\"\" />\n\n",
    ));
    let out = read("v/defaults.mdx", &page);
    let (_, _, op) = only_op(&out);
    assert_eq!(body_prop(&op, "n")["default"], json!(-1));
    // Python's `None` on a non-nullable field means "no default" (a note).
    assert_eq!(body_prop(&op, "py").get("default"), None);
    assert!(codes(&out).contains(&"default-none"));
    assert_eq!(body_prop(&op, "pyn")["default"], Value::Null);
    assert_eq!(body_prop(&op, "b")["default"], json!(false));
    assert_eq!(body_prop(&op, "l")["default"], json!(["copy"]));
    assert_eq!(body_prop(&op, "s")["default"], json!(""));
}

#[test]
fn nested_expandable_properties() {
    let page = mdx(concat!(
        "<ParamField body=\"user\" type=\"object\" required>\n",
        "  The user.\n",
        "  <Expandable title=\"properties\">\n",
        "    <ParamField body=\"name\" type=\"string\" required />\n",
        "    <ParamField body=\"tags\" type=\"object[]\">\n",
        "      <Expandable title=\"properties\">\n",
        "        <ParamField body=\"key\" type=\"string\" />\n",
        "      </Expandable>\n",
        "    </ParamField>\n",
        "  </Expandable>\n",
        "</ParamField>\n",
    ));
    let out = read("v/nested.mdx", &page);
    let (_, _, op) = only_op(&out);
    assert_eq!(
        body_prop(&op, "user"),
        json!({
            "description": "The user.",
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "object", "properties": {
                    "key": {"type": "string"}
                }}}
            },
            "required": ["name"]
        })
    );
}

#[test]
fn response_fields_in_status_tabs() {
    let page = mdx(concat!(
        "<Tabs>\n",
        "  <Tab title=\"200\">\n",
        "    <ResponseField name=\"id\" type=\"string\" required />\n",
        "  </Tab>\n",
        "  <Tab title=\"404 Not Found\">\n",
        "    No such thing.\n\n",
        "    <ResponseField name=\"error\" type=\"string\" />\n",
        "  </Tab>\n",
        "</Tabs>\n",
    ));
    let out = read("v/tabs.mdx", &page);
    let (_, _, op) = only_op(&out);
    let schema =
        |status: &str| op["responses"][status]["content"]["application/json"]["schema"].clone();
    assert_eq!(
        schema("200"),
        json!({"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]})
    );
    assert_eq!(
        schema("404"),
        json!({"type": "object", "properties": {"error": {"type": "string"}}})
    );
    assert_eq!(
        op["responses"]["404"]["description"],
        json!("No such thing.")
    );
}

#[test]
fn self_closing_fields() {
    let page = mdx(concat!(
        "<ParamField path=\"id\" type=\"string\" required/>\n",
        "<ParamField query=\"limit\" type=\"integer\" />\n",
        "<ResponseField name=\"ok\" type=\"boolean\"/>\n",
    ));
    let out = read(
        "v/self-closing.mdx",
        &page.replace("POST /q", "GET /q/{id}"),
    );
    let (path, method, op) = only_op(&out);
    assert_eq!((path.as_str(), method.as_str()), ("/q/{id}", "get"));
    let names: Vec<&str> = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["id", "limit"]);
    assert_eq!(
        op["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["ok"],
        json!({"type": "boolean"})
    );
}

#[test]
fn closing_tag_with_a_space() {
    let page = mdx(concat!(
        "<ResponseField name=\"id\" type=\"string\" />\n\n",
        "<ResponseExample>\n\n",
        "```json 201\n{\"id\": \"a\"}\n```\n\n",
        "</ ResponseExample>\n\n",
        "<ResponseExample>\n\n```json 404\n{\"error\": \"no\"}\n```\n\n</ResponseExample> \n",
    ));
    let out = read("v/space.mdx", &page);
    assert!(errors(&out).is_empty(), "{:?}", errors(&out));
    let (_, _, op) = only_op(&out);
    let statuses: Vec<&String> = op["responses"].as_object().unwrap().keys().collect();
    assert_eq!(statuses, ["201", "404"]);
    assert_eq!(
        op["responses"]["201"]["content"]["application/json"]["examples"]["example"]["value"],
        json!({"id": "a"})
    );
}

#[test]
fn html_and_mdx_comments() {
    let page = mdx(concat!(
        "<!-- internal: keep in sync with the SDK -->\n\n",
        "{/* <ParamField body=\"hidden\" type=\"string\" /> */}\n\n",
        "<ParamField body=\"shown\" type=\"string\" />\n\n",
        "<!--\n<ParamField body=\"also_hidden\" type=\"string\" />\n-->\n",
    ));
    let out = read("v/comments.mdx", &page);
    let (_, _, op) = only_op(&out);
    let props = &op["requestBody"]["content"]["application/json"]["schema"]["properties"];
    assert_eq!(
        props.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["shown"]
    );
}

#[test]
fn import_and_export_lines() {
    let page = mdx(concat!(
        "import Snippet from \"/snippets/auth.mdx\";\n",
        "export const limit = 100;\n\n",
        "<Snippet />\n\n",
        "<ParamField body=\"n\" type=\"integer\" />\n",
    ));
    let out = read("v/esm.mdx", &page);
    assert!(errors(&out).is_empty(), "{:?}", errors(&out));
    let (_, _, op) = only_op(&out);
    assert_eq!(body_prop(&op, "n"), json!({"type": "integer"}));
}

#[test]
fn api_frontmatter_spellings() {
    let cases = [
        ("post /v1/things", "/v1/things", "post", None),
        (
            "GET https://api.example.com/v1/things/{id}",
            "/v1/things/{id}",
            "get",
            Some("https://api.example.com"),
        ),
        (
            "DELETE https://{endpoint}/delete/{namespace}",
            "/delete/{namespace}",
            "delete",
            Some("https://{endpoint}"),
        ),
        (
            "GET https://region.example.io",
            "/",
            "get",
            Some("https://region.example.io"),
        ),
    ];
    for (api, path, method, server) in cases {
        let page = format!(
            "---\ntitle: T\napi: \"{api}\"\n---\n\n<ResponseField name=\"a\" type=\"string\" />\n"
        );
        let out = read("v/api.mdx", &page);
        let (p, m, _) = only_op(&out);
        assert_eq!((p.as_str(), m.as_str()), (path, method), "{api}");
        let url = out.contract.servers.first().map(|s| s.url.as_str());
        assert_eq!(url, server, "{api}");
    }
}

#[test]
fn scraper_headers_and_documentation_index_banner() {
    let spec = "````yaml get /things\nopenapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /things:\n    get:\n      responses:\n        '200': {description: OK}\n````\n";
    let pages = [
        format!("# Source: https://docs.example.com/things.md\n\n# List things\n\n## OpenAPI\n\n{spec}"),
        format!("# Source: https://docs.example.com/things.md\n# Source: https://docs.example.com/things.md\n\n# List things\n\n## OpenAPI\n\n{spec}"),
        format!("---\nurl: https://docs.example.com/things\nlastmod: 2025-01-01\n---\n\n# List things\n\n## OpenAPI\n\n{spec}"),
        format!("> ## Documentation Index\n> Fetch the complete documentation index at: https://docs.example.com/llms.txt\n> Use this file to discover all available pages before exploring further.\n\n# List things\n\n## OpenAPI\n\n{spec}"),
    ];
    for page in pages {
        let out = read("v/things.md", &page);
        assert_eq!(out.shape, Shape::OpenApi);
        assert!(errors(&out).is_empty(), "{:?}", errors(&out));
        let (path, method, op) = only_op(&out);
        assert_eq!((path.as_str(), method.as_str()), ("/things", "get"));
        assert_eq!(op["summary"], json!("List things"), "{page}");
    }
}

#[test]
fn invalid_json_in_an_example_is_a_diagnostic_and_the_page_still_counts() {
    let page = mdx(concat!(
        "<ResponseField name=\"id\" type=\"string\" />\n\n",
        "<ResponseExample>\n\n```json 200\n{\n  \"id\": \"a\",\n}\n```\n\n</ResponseExample>\n",
    ));
    let out = read("v/bad-json.mdx", &page);
    assert!(codes(&out).contains(&"example-json"), "{:?}", codes(&out));
    let (_, _, op) = only_op(&out);
    assert_eq!(
        op["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["id"],
        json!({"type": "string"})
    );
}

#[test]
fn openapi_as_json_instead_of_yaml() {
    let page = concat!(
        "# Create thing\n\n## OpenAPI\n\n",
        "````json POST /things\n",
        "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"T\", \"version\": \"1\"},\n",
        " \"paths\": {\"/things\": {\"post\": {\n",
        "   \"parameters\": [{\"name\": \"id\", \"in\": \"query\", \"required\": \"true\", \"schema\": {\"type\": \"string\"}}],\n",
        "   \"responses\": {\"201\": {\"description\": \"Created\"}}}}}}\n",
        "````\n",
    );
    let out = read("v/json.md", page);
    assert_eq!(out.shape, Shape::OpenApi);
    let (path, method, op) = only_op(&out);
    assert_eq!((path.as_str(), method.as_str()), ("/things", "post"));
    assert_eq!(op["parameters"][0]["required"], json!(true));
    assert!(op["responses"].get("201").is_some());
}

#[test]
fn type_arrays_beside_nullable() {
    let page = concat!(
        "````yaml post /things\n",
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /things:\n    post:\n",
        "      requestBody:\n        content:\n          application/json:\n            schema:\n",
        "              type: object\n              properties:\n",
        "                a: {type: [string, 'null']}\n",
        "                b: {type: string, nullable: true}\n",
        "                c: {anyOf: [{type: integer}, {type: 'null'}]}\n",
        "                d: {type: [object]}\n",
        "      responses:\n        '204': {description: done}\n",
        "````\n",
    );
    let out = read("v/nullable.md", page);
    let (_, _, op) = only_op(&out);
    assert_eq!(
        body_prop(&op, "a"),
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(
        body_prop(&op, "b"),
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(
        body_prop(&op, "c"),
        json!({"type": "integer", "nullable": true})
    );
    assert_eq!(body_prop(&op, "d"), json!({"type": "object"}));
}

#[test]
fn security_with_an_empty_requirement() {
    let page = concat!(
        "````yaml get /users/{id}\n",
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n",
        "security:\n  - {}\n",
        "paths:\n  /users/{id}:\n    get:\n",
        "      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n",
        "      security:\n        - {}\n        - api_key: []\n",
        "      responses:\n        '200': {description: OK}\n",
        "components:\n  securitySchemes:\n    api_key: {type: apiKey, in: header, name: X-Key}\n",
        "````\n",
    );
    let out = read("v/security.md", page);
    assert!(errors(&out).is_empty(), "{:?}", errors(&out));
    let (_, _, op) = only_op(&out);
    // `{}` is "no credentials" as one of the alternatives; it is kept.
    assert_eq!(op["security"], json!([{}, {"api_key": []}]));
}

/// A page that documents no endpoint — an SDK class documented with
/// ParamFields, a guide — is skipped with a note, not turned into a fake
/// operation.
#[test]
fn pages_without_an_endpoint_are_skipped_with_a_note() {
    let sdk = concat!(
        "---\ntitle: DailyTransport\n---\n\n",
        "The transport for Daily rooms.\n\n",
        "```python\ntransport = DailyTransport(room_url, token, \"bot\")\n```\n\n",
        "<ParamField name=\"room_url\" type=\"str\" required>\n  The room URL.\n</ParamField>\n\n",
        "<ParamField name=\"token\" type=\"str | None\" default=\"None\">\n  A meeting token.\n</ParamField>\n",
    );
    let guide =
        "# Quickstart\n\nInstall the SDK with `pip install thing`, then call `client.run()`.\n";
    for (name, page) in [("v/daily-transport.mdx", sdk), ("v/quickstart.md", guide)] {
        let out = read(name, page);
        assert_eq!(out.shape, Shape::NoEndpoint, "{name}");
        assert!(out.contract.paths.is_empty(), "{name}");
        assert!(
            codes(&out).contains(&"no-endpoint"),
            "{name}: {:?}",
            codes(&out)
        );
    }
}
