//! What the operation holds: fields and their schemas, the request body,
//! responses per status, credentials.

use super::*;

#[test]
fn tabs_status_and_response_example_titles() {
    let r = read(concat!(
        "---\napi: \"GET /things\"\n---\n\n",
        "<Tabs>\n  <Tab title=\"200\">\n    <ResponseField name=\"items\" type=\"string[]\" required />\n  </Tab>\n",
        "  <Tab title=\"404\">\n    <ResponseField name=\"error\" type=\"string\" />\n  </Tab>\n</Tabs>\n\n",
        "<ResponseExample>\n\n```json 200 OK\n{\"items\": [\"a\"]}\n```\n\n```JSON 404\n{\"error\": \"nope\"}\n```\n\n```json Rate limited 429\n{}\n```\n\n</ ResponseExample>\n",
    ));
    let op = r.op();
    let ok = &op["responses"]["200"]["content"]["application/json"];
    assert_eq!(ok["schema"]["required"], json!(["items"]));
    assert_eq!(ok["examples"]["example"]["value"], json!({"items": ["a"]}));
    let missing = &op["responses"]["404"];
    assert_eq!(missing["description"], "Not Found");
    assert_eq!(
        missing["content"]["application/json"]["schema"]["properties"]["error"]["type"],
        "string"
    );
    assert_eq!(
        missing["content"]["application/json"]["examples"]["example"]["value"],
        json!({"error": "nope"})
    );
    // A title that does not start with a status goes to the success response.
    assert_eq!(
        op["responses"]["200"]["content"]["application/json"]["examples"]["rate-limited-429"]
            ["value"],
        json!({})
    );
}

#[test]
fn invalid_json_examples_are_warned_and_skipped() {
    let r = read(concat!(
        "---\napi: \"POST /x\"\n---\n\n",
        "<ParamField body=\"a\" type=\"number\" />\n\n",
        "<RequestExample>\n\n```bash cURL\ncurl -X POST https://api.example.com/x \\\n  -d '{\"a\": 1,}'\n```\n\n</RequestExample>\n\n",
        "<ResponseExample>\n\n```json 200\n{\n  \"ok\": true\n  \"n\": 2\n}\n```\n\n</ResponseExample>\n",
    ));
    let warnings: Vec<_> = r.diags.iter().filter(|d| d.1 == "example-json").collect();
    assert_eq!(warnings.len(), 2, "{:?}", r.diags);
    assert_eq!(warnings[0].2, 11);
    assert_eq!(warnings[1].2, 21);
    assert!(warnings.iter().all(|w| w.0 == Severity::Warning));
    let op = r.op();
    assert!(op["requestBody"]["content"]["application/json"]
        .get("examples")
        .is_none());
    assert_eq!(op["responses"]["200"], json!({"description": "OK"}));
}

#[test]
fn self_closing_fields_optional_and_custom_types() {
    let r = read(concat!(
        "---\napi: \"POST https://api.example.com/v1/prompt\"\n---\n\n",
        "<ParamField body=\"promptId\" type=\"string\" required />\n",
        "<ParamField body=\"major\" type=\"number\" optional />\n",
        "<ParamField body=\"body\" type=\"OpenAIChatRequest\" required />\n",
        "<ParamField body=\"tags\" type=\"List[str]\" default='[\"copy\"]' />\n",
    ));
    let schema = &r.op()["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(schema["required"], json!(["promptId", "body"]));
    assert_eq!(
        schema["properties"]["body"],
        json!({"x-doc-type": "OpenAIChatRequest"})
    );
    assert_eq!(
        schema["properties"]["tags"],
        json!({"type": "array", "items": {"type": "string"}, "default": ["copy"]})
    );
    let unknown: Vec<_> = r.diags.iter().filter(|d| d.1 == "unknown-type").collect();
    assert_eq!(
        (unknown.len(), unknown[0].0, unknown[0].2),
        (1, Severity::Warning, 7)
    );
}

#[test]
fn whole_body_field_and_array_responses_and_null() {
    let r = read(concat!(
        "---\napi: \"POST /batch\"\n---\n\n",
        "<ParamField body type=\"object[]\" required>\n  The items.\n  <Expandable>\n    <ParamField body=\"id\" type=\"string\" required />\n  </Expandable>\n</ParamField>\n\n",
        "Returns an array.\n\n<ResponseField name=\"id\" type=\"string\" />\n\n",
        "<ResponseExample>\n\n```json Response\n[{\"id\": \"a\"}, {\"id\": \"b\"}]\n```\n\n</ResponseExample>\n",
    ));
    let op = r.op();
    let body = &op["requestBody"];
    assert_eq!(body["description"], "The items.");
    assert_eq!(body["required"], true);
    assert_eq!(
        body["content"]["application/json"]["schema"],
        json!({"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}})
    );
    let ok = &op["responses"]["200"]["content"]["application/json"];
    assert_eq!(ok["schema"]["type"], "array");
    assert_eq!(ok["schema"]["items"]["properties"]["id"]["type"], "string");
    assert!(r.has("response-array"));
    let pointer =
        "/paths/~1batch/post/responses/200/content/application~1json/schema/items/properties/id";
    assert_eq!(r.line_of(pointer), Some(14));

    let r = read("---\napi: \"POST /rename\"\n---\n\nReturns `null`.\n\n<ResponseExample>\n\n```json Response\nnull\n```\n\n</ResponseExample>\n");
    let ok = &r.op()["responses"]["200"]["content"]["application/json"];
    assert_eq!(ok["schema"], json!({"nullable": true, "enum": [null]}));
    assert_eq!(ok["examples"]["response"]["value"], Value::Null);
    assert!(r.has("null-body"));
}

#[test]
fn auth_method_frontmatter() {
    let r = read("---\napi: \"GET /a\"\nauthMethod: bearer\n---\n");
    assert_eq!(r.op()["security"], json!([{"bearerAuth": []}]));
    let r = read("---\napi: \"GET /a\"\nauthMethod: basic\n---\n");
    assert_eq!(
        r.json()["components"]["securitySchemes"]["basicAuth"]["scheme"],
        "basic"
    );
    let r = read("---\napi: \"GET /a\"\nauthMethod: none\n---\n");
    assert_eq!(r.op()["security"], json!([]));
    let r = read("---\napi: \"GET /a\"\nauthMethod: key\n---\n");
    assert!(r.op().get("security").is_none());
    assert!(r.has("auth-method-key"));
}

#[test]
fn undocumented_response_is_assumed() {
    let r = read("---\napi: \"DELETE /x\"\n---\n\nDeletes x.\n");
    assert_eq!(r.op()["responses"], json!({"200": {"description": "OK"}}));
    assert!(r.has("response-assumed"));
}

#[test]
fn a_2xx_range_alone_is_the_success_response() {
    // Plain fields belong to the success response; with only `2XX`
    // documented that is `2XX`, not an assumed `200` beside it.
    let r = read(concat!(
        "---\napi: \"GET /things\"\n---\n\n",
        "<ResponseField name=\"id\" type=\"string\" />\n\n",
        "<ResponseExample>\n\n```json 2xx\n{\"id\": \"a\"}\n```\n\n</ResponseExample>\n",
    ));
    let op = r.op();
    let responses: Vec<&String> = op["responses"].as_object().unwrap().keys().collect();
    assert_eq!(responses, ["2XX"]);
    let ok = &op["responses"]["2XX"]["content"]["application/json"];
    assert_eq!(ok["schema"]["properties"]["id"]["type"], "string");
    assert_eq!(ok["examples"]["example"]["value"], json!({"id": "a"}));
    assert!(!r.has("response-assumed"));
}

#[test]
fn param_fields_in_status_tabs_are_response_fields() {
    // Seen in real pages: the response documented with ParamFields in status tabs.
    let r = read(concat!(
        "---\napi: \"POST https://api.example.com/v1/images/{model}\"\n---\n\n",
        "<ParamField path=\"model\" type=\"string\" required />\n",
        "<ParamField header=\"Content-Type\" type=\"string\" default=\"multipart/form-data\" />\n",
        "<ParamField body=\"prompt\" type=\"string\" required />\n\n",
        "## Response\n\n<Tabs>\n  <Tab title=\"200\">\n    Successful Response\n\n",
        "    <ParamField body=\"request_id\" type=\"string\" />\n  </Tab>\n",
        "  <Tab title=\"400\">\n    <ParamField body=\"error_message\" type=\"string\" />\n  </Tab>\n</Tabs>\n",
    ));
    let op = r.op();
    assert_eq!(op["parameters"].as_array().unwrap().len(), 1);
    assert!(r.has("header-ignored"));
    let body = &op["requestBody"]["content"]["multipart/form-data"]["schema"];
    assert_eq!(
        body["properties"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        vec!["prompt"]
    );
    assert_eq!(op["responses"]["200"]["description"], "Successful Response");
    assert_eq!(
        op["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["request_id"]
            ["type"],
        "string"
    );
    assert_eq!(op["responses"]["400"]["description"], "Bad Request");
    assert!(
        op["responses"]["400"]["content"]["application/json"]["schema"]["properties"]
            .get("error_message")
            .is_some()
    );
}

#[test]
fn credential_header_fields_read_their_scheme_from_examples() {
    let r = read(concat!(
        "---\napi: \"POST https://api.example.com/x\"\n---\n\n",
        "<ParamField header=\"Authorization\" type=\"string\" required>\n  Your API key.\n</ParamField>\n\n",
        "<RequestExample>\n\n```python Python\nimport requests\n\nurl = \"https://api.example.com/x\"\n",
        "headers = {\"Authorization\": \"Bearer $API_KEY\"}\ndata = {\"a\": True}\n\n",
        "response = requests.post(url, headers=headers, json=data)\n```\n\n</RequestExample>\n",
    ));
    let op = r.op();
    assert_eq!(op["security"], json!([{"bearerAuth": []}]));
    assert!(op.get("parameters").is_none());
    assert_eq!(
        op["requestBody"]["content"]["application/json"]["examples"]["python"]["value"],
        json!({"a": true})
    );
}
