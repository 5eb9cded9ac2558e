//! Which endpoint a page documents: method and path from frontmatter,
//! endpoint lines or examples; server; operation metadata; pages with
//! several endpoints.

use super::*;

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
    assert!(r.has("server-variable-inferred") && r.has("path-parameter-required"));

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
    assert!(!r.has("path-parameter-unused"));
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
