//! Page-level tests of the MDX reader: one small page per rule or quirk.

use serde_json::{json, Value};

use super::*;
use crate::diag::Severity;
use crate::source::SourceFile;
use crate::srcmap::SourceMap;

mod endpoint;
mod operation;
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
        // A misspelt code would make `!r.has(..)` pass for nothing.
        assert!(
            crate::diag::Code::ALL.iter().any(|c| c.as_str() == code),
            "`{code}` is not a diagnostic code"
        );
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
        .map(|d| {
            (
                d.severity,
                d.code.as_str(),
                d.location.line,
                d.message.clone(),
            )
        })
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
