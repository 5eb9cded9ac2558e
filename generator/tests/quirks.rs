//! The quirks real vendor pages have, one small hand-written page each,
//! read through `ingest::ingest` as `cargo xtask generate` reads a page.
//! (The corpus under `tests/fixtures/corpus/` has the real instances;
//! these pin each quirk down on its own.)

use generator::diag::Severity;
use generator::ingest::{self, PageOutput, Shape};
use generator::source::SourceFile;
use serde_json::{json, Value};

// Each test writes its page out in full and asserts on what was read, so
// the tests share a shape (a page, its reading, the asserts): they stay
// apart, one quirk each, to read as separate specs.

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
    out.diagnostics.iter().map(|d| d.code.as_str()).collect()
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

/// The statuses an operation documents, in contract order.
fn statuses(op: &Value) -> Vec<String> {
    op["responses"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

/// The JSON body of response `status`: its schema and its examples' values.
fn response_json(op: &Value, status: &str) -> (Value, Vec<Value>) {
    let media = &op["responses"][status]["content"]["application/json"];
    let examples = media["examples"]
        .as_object()
        .map(|m| m.values().map(|e| e["value"].clone()).collect())
        .unwrap_or_default();
    (media["schema"].clone(), examples)
}

/// `file:line:col` of every diagnostic with `code`.
fn located(out: &PageOutput, code: &str) -> Vec<(u32, u32)> {
    out.diagnostics
        .iter()
        .filter(|d| d.code.as_str() == code)
        .map(|d| (d.location.line, d.location.col))
        .collect()
}

/// `## Response` with a `### 201 Created` and a `#### 404 Not Found`
/// below it: each heading's fields and example are that status's body,
/// not a made-up `200`'s.
#[test]
fn statuses_stated_as_headings_in_the_response_section() {
    let page = mdx(concat!(
        "<ParamField body=\"name\" type=\"string\" required />\n\n",
        "## Response\n\n",
        "### 201 Created\n\n",
        "The thing was created.\n\n",
        "<ResponseField name=\"id\" type=\"string\" required />\n\n",
        "```json\n{\"id\": \"a\"}\n```\n\n",
        "#### 404 Not Found\n\n",
        "```json\n{\"error\": \"no such thing\"}\n```\n",
    ));
    let out = read("v/heading-statuses.mdx", &page);
    assert_eq!(codes(&out), Vec::<&str>::new());
    let (_, _, op) = only_op(&out);
    assert_eq!(statuses(&op), ["201", "404"]);
    assert_eq!(
        op["responses"]["201"]["description"],
        json!("The thing was created.")
    );
    assert_eq!(
        response_json(&op, "201"),
        (
            json!({"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}),
            vec![json!({"id": "a"})]
        )
    );
    assert_eq!(op["responses"]["404"]["description"], json!("Not Found"));
    assert_eq!(
        response_json(&op, "404"),
        (Value::Null, vec![json!({"error": "no such thing"})])
    );
}

/// `## Response` then `### 200 OK` and `### 404 Not Found`, each with its
/// ResponseFields: the 404's fields are not success body properties.
#[test]
fn response_fields_under_status_headings() {
    let page = mdx(concat!(
        "## Response\n\n",
        "### 200 OK\n\n",
        "<ResponseField name=\"id\" type=\"string\" required />\n\n",
        "### 404 Not Found\n\n",
        "No thing has this id.\n\n",
        "<ResponseField name=\"error\" type=\"string\" />\n\n",
        "```json 404\n{\"error\": \"not found\"}\n```\n\n",
        "<ResponseExample>\n\n```json\n{\"id\": \"a\"}\n```\n\n</ResponseExample>\n",
    ));
    let out = read("v/heading-fields.mdx", &page);
    assert_eq!(codes(&out), Vec::<&str>::new());
    let (_, _, op) = only_op(&out);
    assert_eq!(statuses(&op), ["200", "404"]);
    assert_eq!(op["responses"]["200"]["description"], json!("OK"));
    assert_eq!(
        response_json(&op, "200"),
        (
            json!({"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}),
            // The untitled `<ResponseExample>` is the success's, though
            // it comes after the 404 heading.
            vec![json!({"id": "a"})]
        )
    );
    assert_eq!(
        op["responses"]["404"]["description"],
        json!("No thing has this id.")
    );
    assert_eq!(
        response_json(&op, "404"),
        (
            json!({"type": "object", "properties": {"error": {"type": "string"}}}),
            vec![json!({"error": "not found"})]
        )
    );
}

/// `### 200: OK`, `### Status 202`, `### 400 - Bad Request`,
/// `### HTTP 429 Too Many Requests`: the same statuses.
#[test]
fn status_heading_spellings() {
    let page = mdx(concat!(
        "## Responses\n\n",
        "### 200: OK\n\n```json\n{\"ok\": true}\n```\n\n",
        "### Status 202\n\n```json\n{\"queued\": true}\n```\n\n",
        "### 400 - Bad Request\n\n<ResponseField name=\"message\" type=\"string\" />\n\n",
        "```json\n{\"message\": \"no name\"}\n```\n\n",
        "### HTTP 429 Too Many Requests\n\nSlow down.\n",
    ));
    let out = read("v/heading-spellings.mdx", &page);
    assert_eq!(codes(&out), Vec::<&str>::new());
    let (_, _, op) = only_op(&out);
    assert_eq!(statuses(&op), ["200", "202", "400", "429"]);
    assert_eq!(
        response_json(&op, "200"),
        (Value::Null, vec![json!({"ok": true})])
    );
    assert_eq!(
        response_json(&op, "202"),
        (Value::Null, vec![json!({"queued": true})])
    );
    assert_eq!(
        response_json(&op, "400"),
        (
            json!({"type": "object", "properties": {"message": {"type": "string"}}}),
            vec![json!({"message": "no name"})]
        )
    );
    // "Bad Request" in a heading is a status, not the request's example.
    assert_eq!(op.get("requestBody"), None);
    assert_eq!(op["responses"]["429"]["description"], json!("Slow down."));
    assert_eq!(op["responses"]["429"].get("content"), None);
}

/// Outside a response section, a status heading counts when its example
/// or fields follow; a rate-limit heading (`### 500 requests per minute`)
/// is prose, even with a JSON block under it.
#[test]
fn status_headings_outside_a_response_section_and_rate_limit_headings() {
    let page = mdx(concat!(
        "<ParamField body=\"name\" type=\"string\" />\n\n",
        "### 201 Created\n\n",
        "```json\n{\"id\": \"a\"}\n```\n\n",
        "## Rate limits\n\n",
        "### 500 requests per minute\n\n",
        "Per API key.\n\n",
        "```json\n{\"limit\": 500}\n```\n\n",
        "### 404 Not Found\n\n",
        "Said in prose only, outside a response section.\n",
    ));
    let out = read("v/rate-limit-heading.mdx", &page);
    assert_eq!(codes(&out), Vec::<&str>::new());
    let (_, _, op) = only_op(&out);
    assert_eq!(statuses(&op), ["201"]);
    assert_eq!(
        response_json(&op, "201"),
        (Value::Null, vec![json!({"id": "a"})])
    );
}

/// A status whose example is not JSON keeps the status and its fields;
/// only the example is dropped, with a warning where the JSON breaks.
#[test]
fn a_status_with_an_invalid_json_example_is_kept() {
    let page = mdx(concat!(
        "<ResponseField name=\"id\" type=\"string\" />\n\n",
        "<Tabs>\n",
        "  <Tab title=\"409 Conflict\">\n",
        "    <ResponseField name=\"reason\" type=\"string\" />\n\n",
        "    ```json\n    {\"reason\": 'taken'}\n    ```\n",
        "  </Tab>\n",
        "</Tabs>\n\n",
        "## Response\n\n",
        "### 422 Unprocessable Entity\n\n",
        "```json\n{\"errors\": [}\n```\n\n",
        "<ResponseExample>\n\n",
        "```json 200\n{\"id\": \"a\"}\n```\n\n",
        "```json 404 Not Found\n{\n  \"error\": \"no\",\n}\n```\n\n",
        "</ResponseExample>\n",
    ));
    let out = read("v/bad-json-statuses.mdx", &page);
    assert_eq!(
        codes(&out),
        ["example-json", "example-json", "example-json"]
    );
    assert_eq!(located(&out, "example-json"), [(13, 16), (23, 13), (35, 1)]);
    let (_, _, op) = only_op(&out);
    assert_eq!(statuses(&op), ["200", "404", "409", "422"]);
    assert_eq!(
        response_json(&op, "200"),
        (
            json!({"type": "object", "properties": {"id": {"type": "string"}}}),
            vec![json!({"id": "a"})]
        )
    );
    assert_eq!(
        response_json(&op, "409"),
        (
            json!({"type": "object", "properties": {"reason": {"type": "string"}}}),
            vec![]
        )
    );
    for status in ["404", "422"] {
        assert_eq!(op["responses"][status].get("content"), None, "{status}");
    }
    assert_eq!(op["responses"]["404"]["description"], json!("Not Found"));
}
