//! Page-level tests of the MDX reader: one small page per rule or quirk.

use serde_json::{json, Value};

use super::*;
use crate::diag::Severity;
use crate::source::SourceFile;
use crate::srcmap::SourceMap;

struct Read {
    contract: Option<Contract>,
    diags: Vec<(Severity, &'static str, u32, String)>,
    map: SourceMap,
}

impl Read {
    fn json(&self) -> Value {
        self.contract.as_ref().expect("an endpoint").to_json()
    }

    /// The one operation.
    fn op(&self) -> Value {
        let json = self.json();
        let (_, item) = json["paths"].as_object().unwrap().iter().next().unwrap();
        let (_, op) = item.as_object().unwrap().iter().next().unwrap();
        op.clone()
    }

    fn path_and_method(&self) -> (String, String) {
        let json = self.json();
        let (path, item) = json["paths"].as_object().unwrap().iter().next().unwrap();
        (
            path.clone(),
            item.as_object().unwrap().keys().next().unwrap().clone(),
        )
    }

    fn has(&self, code: &str) -> bool {
        self.diags.iter().any(|d| d.1 == code)
    }

    fn line_of(&self, pointer: &str) -> Option<u32> {
        self.map.locate(pointer).map(|l| l.line)
    }
}

fn read(text: &str) -> Read {
    let file = SourceFile::new("v/page.mdx", text);
    let page = Page::parse(&file);
    let mut cx = PageCx::new(&file);
    let contract = read_page(&mut cx, &page);
    let diags = cx
        .diags
        .iter()
        .map(|d| (d.severity, d.code, d.location.line, d.message.clone()))
        .collect();
    Read {
        contract,
        diags,
        map: cx.map,
    }
}

/// The shape of the stellas seed page, trimmed.
const INVITE: &str = r#"# Invite member

> Send an invitation to add a new team member to your business.

## Endpoint

```
POST /clients/members
```

## Headers

<ParamField header="Authorization" type="string" required>
  `Bearer YOUR_ACCESS_TOKEN`
</ParamField>

<ParamField header="SECRET_KEY" type="string" required>
  Your API secret key.
</ParamField>

<ParamField header="businessId" type="string" required>
  The ID of the business.
</ParamField>

## Request body

<ParamField body="email" type="string" required>
  The email address.
</ParamField>

<ParamField body="memberRoleId" type="string" required>
  The role, see [`GET /clients/members/roles`](/roles).
</ParamField>

## Response

Returns `201 Created` on success.

<ResponseField name="status" type="boolean">
  `true` on success.
</ResponseField>

<ResponseField name="message" type="string">
  Confirmation message.
</ResponseField>

## Code examples

<CodeGroup>
  ```bash cURL theme={null}
  curl -X POST https://sandbox.example.com/api/v1/clients/members \
    -H "Authorization: Bearer YOUR_ACCESS_TOKEN" \
    -H "SECRET_KEY: YOUR_SECRET_KEY" \
    -d '{
      "email": "new@example.com",
      "memberRoleId": "role_abc123"
    }'
  ```

  ```js Node.js theme={null}
  const res = await fetch("https://sandbox.example.com/api/v1/clients/members", {
    method: "POST",
    body: JSON.stringify({
      email: "new@example.com",
      memberRoleId: "role_abc123",
    }),
  });
  ```
</CodeGroup>

## Example response

```json theme={null}
{
  "status": true,
  "message": "Invitation sent successfully"
}
```
"#;

#[test]
fn endpoint_line_headers_body_and_stated_status() {
    let r = read(INVITE);
    assert_eq!(
        r.path_and_method(),
        ("/clients/members".into(), "post".into())
    );
    let json = r.json();
    assert_eq!(
        json["servers"],
        json!([{"url": "https://sandbox.example.com/api/v1"}])
    );
    let op = r.op();
    assert_eq!(op["operationId"], "inviteMember");
    assert_eq!(op["summary"], "Invite member");
    assert_eq!(
        op["description"],
        "Send an invitation to add a new team member to your business."
    );
    assert_eq!(
        op["parameters"],
        json!([{"name": "businessId", "in": "header", "description": "The ID of the business.", "required": true, "schema": {"type": "string"}}])
    );
    assert_eq!(
        op["security"],
        json!([{"SECRET_KEY": [], "bearerAuth": []}])
    );
    assert_eq!(
        json["components"]["securitySchemes"]["bearerAuth"]["scheme"],
        "bearer"
    );
    assert_eq!(
        json["components"]["securitySchemes"]["SECRET_KEY"]["in"],
        "header"
    );
    let body = &op["requestBody"];
    assert_eq!(body["required"], true);
    let media = &body["content"]["application/json"];
    assert_eq!(
        media["schema"]["required"],
        json!(["email", "memberRoleId"])
    );
    assert_eq!(
        media["schema"]["properties"]["memberRoleId"]["description"],
        "The role, see `GET /clients/members/roles`."
    );
    // curl and fetch send the same body: one example, named after the curl fence.
    assert_eq!(
        media["examples"],
        json!({"curl": {"value": {"email": "new@example.com", "memberRoleId": "role_abc123"}}})
    );
    let created = &op["responses"]["201"];
    assert_eq!(created["description"], "Created");
    assert_eq!(
        created["content"]["application/json"]["schema"],
        json!({"type": "object", "properties": {
            "status": {"type": "boolean", "description": "`true` on success."},
            "message": {"type": "string", "description": "Confirmation message."}
        }})
    );
    assert_eq!(
        created["content"]["application/json"]["examples"]["example"]["value"],
        json!({"status": true, "message": "Invitation sent successfully"})
    );
    assert_eq!(op["responses"].as_object().unwrap().len(), 1);
    assert!(r.has("server-inferred"));
    assert!(
        r.diags.iter().all(|d| d.0 == Severity::Note),
        "{:?}",
        r.diags
    );
}

#[test]
fn positions_are_recorded_under_contract_pointers() {
    let r = read(INVITE);
    let op = "/paths/~1clients~1members/post";
    assert_eq!(r.line_of(op), Some(8));
    assert_eq!(r.line_of(&format!("{op}/parameters/0")), Some(21));
    assert_eq!(
        r.line_of(&format!(
            "{op}/requestBody/content/application~1json/schema/properties/email"
        )),
        Some(27)
    );
    // The example value points into the curl body, line by line.
    assert_eq!(
        r.line_of(&format!(
            "{op}/requestBody/content/application~1json/examples/curl/value/memberRoleId"
        )),
        Some(56)
    );
    assert_eq!(r.line_of(&format!("{op}/responses/201")), Some(37));
    assert_eq!(
        r.line_of(&format!(
            "{op}/responses/201/content/application~1json/schema/properties/message"
        )),
        Some(43)
    );
    assert_eq!(
        r.line_of(&format!(
            "{op}/responses/201/content/application~1json/examples/example/value/message"
        )),
        Some(76)
    );
    assert_eq!(
        r.line_of("/components/securitySchemes/bearerAuth"),
        Some(13)
    );
    assert_eq!(r.line_of("/servers/0"), Some(51));
}

/// The shape of the nexudus seed page, trimmed.
const TEAM: &str = r#"# Add Team Members

> Adds members to a team.

## Path Parameters

<ParamField path="teamId" type="number" required>
  Numeric identifier of the team.
</ParamField>

## Request Body

<ParamField body="TariffId" type="number" required>
  Plan.
</ParamField>

<ParamField body="Emails" type="string[]" required>
  Emails.
</ParamField>

## Response

Returns HTTP `200 OK` with an empty body on success.

## Examples

```http theme={null}
POST /api/public/teams/55/members
Authorization: Bearer {token}
Content-Type: application/json
```

```json theme={null}
{
  "TariffId": 301,
  "Emails": ["alice@example.com"]
}
```

```
Status: 200 OK
Body: (empty)
```

## Error Responses

<ResponseField name="401 Unauthorized" type="error">
  The customer is not authenticated.
</ResponseField>

<ResponseField name="404 Not Found" type="error">
  Team does not exist.
</ResponseField>
"#;

#[test]
fn path_inferred_from_http_example_and_path_params() {
    let r = read(TEAM);
    assert_eq!(
        r.path_and_method(),
        ("/api/public/teams/{teamId}/members".into(), "post".into())
    );
    let d = r
        .diags
        .iter()
        .find(|d| d.1 == "path-inferred")
        .expect("path-inferred");
    assert!(
        d.3.contains("/api/public/teams/55/members") && d.3.contains("teamId"),
        "{}",
        d.3
    );
    let op = r.op();
    assert_eq!(op["parameters"][0]["schema"], json!({"type": "number"}));
    assert_eq!(op["parameters"][0]["required"], true);
    let media = &op["requestBody"]["content"]["application/json"];
    assert_eq!(media["schema"]["required"], json!(["TariffId", "Emails"]));
    assert_eq!(
        media["examples"]["example"]["value"],
        json!({"TariffId": 301, "Emails": ["alice@example.com"]})
    );
    assert_eq!(op["responses"]["200"], json!({"description": "OK"}));
    assert_eq!(
        op["responses"]["401"],
        json!({"description": "The customer is not authenticated."})
    );
    assert_eq!(
        op["responses"]["404"],
        json!({"description": "Team does not exist."})
    );
    assert_eq!(op["security"], json!([{"bearerAuth": []}]));
    assert!(r.has("auth-inferred"));
    assert!(r.json().get("servers").is_none());
    // `type="error"` on a status-named field is not a body type.
    assert!(!r.has("unknown-type"));
}

#[test]
fn api_frontmatter_spellings() {
    let r =
        read("---\napi: \"post /v1/things\"\n---\n\n<ParamField body=\"a\" type=\"string\" />\n");
    assert_eq!(r.path_and_method(), ("/v1/things".into(), "post".into()));
    assert!(r.json().get("servers").is_none());

    let r = read("---\napi: GET https://api.example.com/base/v1/x/{id}\n---\n\n<ParamField path=\"id\" type=\"integer\" required />\n");
    assert_eq!(
        r.path_and_method(),
        ("/base/v1/x/{id}".into(), "get".into())
    );
    assert_eq!(
        r.json()["servers"],
        json!([{"url": "https://api.example.com"}])
    );
    assert_eq!(
        r.op()["parameters"][0]["schema"],
        json!({"type": "integer"})
    );

    let r = read("---\napi: \"POST https://{endpoint}/query/{namespace}\"\n---\n\n<ParamField path=\"namespace\" type=\"string\" />\n");
    assert_eq!(
        r.path_and_method(),
        ("/query/{namespace}".into(), "post".into())
    );
    assert_eq!(
        r.json()["servers"],
        json!([{"url": "https://{endpoint}", "variables": {"endpoint": {"default": "endpoint"}}}])
    );
    assert!(r.has("server-variable") && r.has("path-param-required"));

    let r = read("---\napi: \"GET https://region.turso.io\"\n---\n\n<ResponseField name=\"server\" type=\"string\" />\n");
    assert_eq!(r.path_and_method(), ("/".into(), "get".into()));

    let r = read("---\nopenapi: \"/spec.json DELETE /x/{id}\"\n---\n\nText.\n");
    assert_eq!(r.path_and_method(), ("/x/{id}".into(), "delete".into()));
    assert_eq!(r.op()["parameters"][0]["name"], "id");
    assert!(r.has("path-param-undocumented"));

    let r = read("---\napi: \"nonsense\"\n---\n\nText.\n");
    assert!(r.contract.is_none());
    assert!(r.has("api-frontmatter"));
}

#[test]
fn operation_metadata_from_frontmatter_and_title() {
    let r = read("---\ntitle: \"2FA: Enable (beta) — Café\"\napi: \"POST /2fa\"\ndeprecated: true\ndescription: From frontmatter.\n---\n\nBody.\n");
    let op = r.op();
    assert_eq!(op["operationId"], "op2faEnableBetaCaf");
    assert_eq!(op["deprecated"], true);
    assert_eq!(op["description"], "From frontmatter.");
    let r = read("---\napi: \"POST /x\"\noperationId: makeX\n---\n");
    assert_eq!(r.op()["operationId"], "makeX");
    let r = read("---\ntitle: List Users\napi: \"GET /users\"\n---\n\n# Overview\n");
    assert_eq!(
        (r.op()["summary"].as_str(), r.op()["operationId"].as_str()),
        (Some("List Users"), Some("listUsers"))
    );
    let r = read("---\napi: \"GET /users/{id}/posts\"\n---\n");
    assert_eq!(r.op()["operationId"], "getUsersIdPosts");
}

#[test]
fn no_endpoint_pages_return_none() {
    // An SDK class page: fields, no endpoint.
    let r = read("# Client\n\n<ParamField path=\"api_key\" type=\"str\" default=\"None\">\n  The key.\n</ParamField>\n");
    assert!(r.contract.is_none());
    // No field diagnostics for pages that are not endpoints.
    assert!(!r.has("default-none"));
    // A guide with a stray curl line.
    let r = read(
        "# Getting started\n\nInstall:\n\n```bash\ncurl https://example.com/install.sh | sh\n```\n",
    );
    assert!(r.contract.is_none());
    // Empty and prose-only pages.
    assert!(read("").contract.is_none());
    assert!(read("# Title\n\nJust words.\n").contract.is_none());
}

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
fn comments_imports_and_non_strict_mdx() {
    let r = read(concat!(
        "---\napi: \"GET /x\"\n---\n\n",
        "import Snippet from \"/snippets/s.mdx\";\nexport const limits = {\n  a: 1,\n\n  b: 2,\n};\n\n",
        "{/* an MDX comment */}\n\n<!-- an HTML comment -->\n\n",
        "Prices start at {5 and go up.\n\n",
        "<ParamField query=\"limit\" type=\"integer\" default=\"10\">\n  Page size.\n</ParamField>\n\n<Snippet />\n",
    ));
    let op = r.op();
    assert_eq!(
        op["parameters"][0],
        json!({"name": "limit", "in": "query", "description": "Page size.", "schema": {"type": "integer", "default": 10}})
    );
    let notes: Vec<_> = r.diags.iter().filter(|d| d.1 == "not-strict-mdx").collect();
    assert_eq!(notes.len(), 1, "{:?}", r.diags);
    assert_eq!(notes[0].2, 14, "the first reason is the HTML comment");
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
fn server_inferred_from_examples_and_variables_carry_none() {
    let r = read(concat!(
        "## Endpoint\n\n```\nGET /v2/users/{userId}\n```\n\n<ParamField path=\"userId\" type=\"string\" required />\n\n",
        "```bash\ncurl $API_URL/v2/users/u1\n```\n\n",
        "```python\nimport requests\nrequests.get(\"https://eu.example.com/api/v2/users/u1\", headers={\"X-API-Key\": \"k\"})\n```\n",
    ));
    assert_eq!(
        r.json()["servers"],
        json!([{"url": "https://eu.example.com/api"}])
    );
    let d = r.diags.iter().find(|d| d.1 == "server-inferred").unwrap();
    assert!(d.3.contains("requests example"), "{}", d.3);
    // Credentials shown by the example only.
    assert_eq!(r.op()["security"], json!([{"X-API-Key": []}]));
    assert_eq!(
        r.json()["components"]["securitySchemes"]["X-API-Key"]["in"],
        "header"
    );
}

#[test]
fn curl_derived_endpoint_and_method_conflicts() {
    // No api:, no endpoint line: method and path from the curl example.
    let r = read(concat!(
        "<ParamField path=\"id\" type=\"string\" required />\n<ParamField body=\"name\" type=\"string\" />\n\n",
        "<RequestExample>\n\n```bash\ncurl https://api.example.com/v1/items/it_42 -H 'Authorization: Basic dXNlcg==' -d '{\"name\": \"x\"}'\n```\n\n</RequestExample>\n",
    ));
    assert_eq!(
        r.path_and_method(),
        ("/v1/items/{id}".into(), "post".into())
    );
    // An http request line outranks a curl command met before it.
    let r2 = read(concat!(
        "<ParamField path=\"id\" type=\"string\" required />\n\n",
        "```bash\ncurl https://api.example.com/v1/things/7\n```\n\n",
        "```http\nDELETE /v1/things/7\n```\n",
    ));
    assert_eq!(
        r2.path_and_method(),
        ("/v1/things/{id}".into(), "delete".into())
    );
    assert_eq!(
        r.json()["servers"],
        json!([{"url": "https://api.example.com"}])
    );
    assert_eq!(r.op()["security"], json!([{"basicAuth": []}]));
    // api: says GET, the curl sends data (POST).
    let r = read(concat!(
        "---\napi: \"GET https://{endpoint}/range\"\nauthMethod: \"GET\"\n---\n\n<ParamField body=\"cursor\" type=\"string\" />\n\n",
        "<RequestExample>\n\n```sh curl\ncurl $URL/range \\\n  -H \"Authorization: Bearer $TOKEN\" \\\n  -d '{ \"cursor\": \"0\" }'\n```\n\n</RequestExample>\n",
    ));
    assert_eq!(r.path_and_method(), ("/range".into(), "get".into()));
    assert!(r.has("method-conflict") && r.has("auth-method-invalid"));
    assert_eq!(r.op()["security"], json!([{"bearerAuth": []}]));
    assert_eq!(
        r.op()["requestBody"]["content"]["application/json"]["examples"]["curl"]["value"],
        json!({"cursor": "0"})
    );
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
fn pages_with_several_endpoints_read_only_their_section() {
    let r = read(concat!(
        "---\napi: \"GET https://api.example.com/a/{id}\"\n---\n\n",
        "## Get A\n\n```\nGET https://api.example.com/a/{id}\n```\n\n<ParamField path=\"id\" type=\"string\" required />\n\n<ResponseField name=\"a\" type=\"string\" />\n\n",
        "## Get B\n\n```\nGET https://api.example.com/b/{key}\n```\n\n<ParamField path=\"key\" type=\"string\" required />\n\n<ResponseField name=\"b\" type=\"string\" />\n",
    ));
    let op = r.op();
    assert_eq!(op["parameters"].as_array().unwrap().len(), 1);
    let props = op["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
        .as_object()
        .unwrap()
        .clone();
    assert_eq!(props.keys().collect::<Vec<_>>(), vec!["a"]);
    assert!(r.has("multiple-endpoints"));
    assert!(!r.has("path-param-unused"));
}

#[test]
fn undocumented_response_is_assumed() {
    let r = read("---\napi: \"DELETE /x\"\n---\n\nDeletes x.\n");
    assert_eq!(r.op()["responses"], json!({"200": {"description": "OK"}}));
    assert!(r.has("response-assumed"));
}

#[test]
fn garbage_pages_never_panic() {
    let pages = [
        INVITE,
        TEAM,
        "---\napi: \"POST https://{endpoint/x\"\n---\n<ParamField body=\"a\" type=\"array<array<\">\n",
        "---\napi: GET\n---\n",
        "<ParamField path=\"\" body query=\"\" />\n<ResponseField />\n<Expandable><ParamField /></Expandable>\n",
        "```http\nGET\n```\n```json\n{\n```\n",
        "<RequestExample>\n```bash\ncurl -X -H -d\n```\n</RequestExample>\n",
        "<Tabs><Tab title=\"999\"><ResponseField name=\"200 \" type=\"error\"></ResponseField></Tab></Tabs>\n",
        "## Endpoint\n\n```\nPOST /a/{b}/{b}\n```\n<ParamField path=\"b\" /><ParamField path=\"b\" />\n",
    ];
    for page in pages {
        let _ = read(page);
        let mut cut = 0;
        while cut < page.len() {
            if page.is_char_boundary(cut) {
                let _ = read(&page[..cut]);
            }
            cut += 7;
        }
    }
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

#[test]
fn an_endpoint_line_contradicting_the_frontmatter_is_reported() {
    let r = read("---\napi: \"POST /v1/a\"\n---\n\n```\nPOST /v1/b\n```\n");
    assert_eq!(r.path_and_method(), ("/v1/a".into(), "post".into()));
    let d = r.diags.iter().find(|d| d.1 == "endpoint-conflict").unwrap();
    assert_eq!((d.0, d.2), (Severity::Warning, 6));
    let r = read("---\napi: \"POST https://x.io/v1/a\"\n---\n\n```\nPOST https://x.io/v1/a\n```\n");
    assert!(!r.has("endpoint-conflict"));
}
