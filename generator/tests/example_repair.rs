//! The published contract is consistent: every example that contradicts
//! its schema is published repaired, minimally (an optional property that
//! breaks its schema dropped, a required one regenerated alone, valid
//! siblings untouched), the vendor's original kept under
//! `x-original-example` and the warning kept at the page line; a
//! component schema only refs into its middle reached (and that are
//! inlined) is not published; a contract whose pages name no server says
//! so and gives the relative server `/`.

use generator::diag::{Code, Diagnostic};
use generator::example_repair::{ChangeKind, Repairer, ORIGINAL};
use generator::model::{Components, Schema};
use generator::source::SourceFile;
use generator::validate::{Direction, Validator};
use generator::vendor::{build_from_files, VendorResult};
use serde_json::{json, Value};

fn build(page: &str) -> VendorResult {
    build_from_files("acme", vec![SourceFile::new("acme/openapi.yaml", page)])
}

fn contract_json(result: &VendorResult) -> Value {
    result.contract.to_json()
}

fn with_code(result: &VendorResult, code: Code) -> Vec<&Diagnostic> {
    result
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect()
}

/// A check-status page: `status` an enum, `error_type` an optional,
/// non-nullable enum, spread over `allOf` parts as real specs do; the
/// 200 example documents `"error_type": null`, the 201 one a required
/// `id` that is not an integer; a component nothing references.
const PAGE: &str = r#"openapi: 3.0.3
info: {title: Acme, version: "1"}
servers:
  - url: https://api.acme.test
paths:
  /checks:
    post:
      operationId: createCheck
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/CheckInput'}
            example: {url: https://acme.test, id: 7}
      responses:
        "200":
          description: The check
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Check'}
              examples:
                done:
                  value: {status: success, error_type: null, url: https://acme.test}
        "201":
          description: Created
          content:
            application/json:
              schema:
                type: object
                required: [id, url]
                properties:
                  id: {type: integer}
                  url: {type: string}
                  tags: {type: array, items: {type: string}}
              example: {id: abc, url: https://acme.test, tags: [a, 1, b]}
components:
  schemas:
    CheckInput:
      type: object
      properties:
        id: {type: integer, readOnly: true}
        url: {type: string}
    Check:
      allOf:
        - type: object
          required: [status]
          properties:
            status: {type: string, enum: [validating, success, failed]}
        - type: object
          properties:
            error_type: {type: string, enum: [invalid_url, timeout]}
            url: {type: string}
    Unused:
      type: object
      properties:
        name: {type: string}
"#;

#[test]
fn an_optional_property_that_breaks_its_schema_is_dropped_and_its_siblings_kept() {
    let result = build(PAGE);
    let doc = contract_json(&result);
    let done = &doc["paths"]["/checks"]["post"]["responses"]["200"]["content"]["application/json"]
        ["examples"]["done"];
    // `status` is valid and stays `success`: the example still says the
    // check succeeded (the mock used to serve `validating`, the first enum
    // value, with an `error_type` the page never gave).
    assert_eq!(
        done["value"],
        json!({"status": "success", "url": "https://acme.test"})
    );
    assert_eq!(
        done[ORIGINAL],
        json!({"status": "success", "error_type": null, "url": "https://acme.test"})
    );
}

#[test]
fn a_required_property_that_breaks_its_schema_is_regenerated_alone() {
    let result = build(PAGE);
    let doc = contract_json(&result);
    let media = &doc["paths"]["/checks"]["post"]["responses"]["201"]["content"]["application/json"];
    // `id` regenerated, `url` untouched, the one bad tag dropped.
    assert_eq!(
        media["example"],
        json!({"id": 0, "url": "https://acme.test", "tags": ["a", "b"]})
    );
    assert_eq!(
        media[ORIGINAL],
        json!({"id": "abc", "url": "https://acme.test", "tags": ["a", 1, "b"]})
    );
}

#[test]
fn a_read_only_property_in_a_request_example_is_dropped() {
    let result = build(PAGE);
    let doc = contract_json(&result);
    let media = &doc["paths"]["/checks"]["post"]["requestBody"]["content"]["application/json"];
    assert_eq!(media["example"], json!({"url": "https://acme.test"}));
    assert_eq!(
        media[ORIGINAL],
        json!({"url": "https://acme.test", "id": 7})
    );
}

#[test]
fn every_violation_stays_a_warning_at_its_page_line_with_what_was_done() {
    let result = build(PAGE);
    let warnings = with_code(&result, Code::ExampleMismatch);
    let lines: Vec<(u32, String)> = warnings
        .iter()
        .map(|d| (d.location.line, d.message.clone()))
        .collect();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    let null = warnings
        .iter()
        .find(|d| d.message.contains("`/error_type`"))
        .expect("the null error_type is reported");
    // the `value:` line of the `done` example
    assert_eq!(
        (null.location.line, null.location.col),
        (22, 56),
        "{}",
        null.render()
    );
    assert!(
        null.message
            .contains("response 200 example (POST /checks) `done`"),
        "{}",
        null.message
    );
    assert_eq!(
        null.notes,
        ["published repaired: `/error_type` dropped; the page's example is kept under `x-original-example`"]
    );
    let id = warnings
        .iter()
        .find(|d| d.message.contains("response 201") && d.message.contains("`/id`"))
        .expect("the bad id is reported");
    assert_eq!(
        id.notes,
        ["published repaired: `/id` regenerated (required), `/tags/1` dropped; the page's example is kept under `x-original-example`"]
    );
    // repaired, the examples no longer trip the checks: one warning each
    assert!(!warnings.iter().any(|d| d.notes.is_empty()), "{lines:#?}");
}

#[test]
fn the_published_examples_all_fit_and_read_back_unchanged() {
    let result = build(PAGE);
    let yaml = generator::vendor::contract_yaml(&result.contract);
    let again = build(&yaml);
    assert!(
        with_code(&again, Code::ExampleMismatch).is_empty(),
        "{}",
        again.diagnostics.render()
    );
    assert_eq!(again.contract, result.contract);
}

#[test]
fn a_component_only_inlined_refs_reached_is_not_published_but_the_vendors_own_are() {
    let page = r#"openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.test"}]
paths:
  /members:
    post:
      operationId: addMember
      responses:
        "200":
          description: Added
          content:
            application/json:
              schema:
                type: object
                properties:
                  role: {$ref: '#/components/schemas/Member/properties/role'}
components:
  schemas:
    Member:
      type: object
      properties:
        role: {type: string, enum: [admin, viewer]}
"#;
    let result = build(page);
    assert!(result.contract.components.schemas.is_empty());
    let notes = with_code(&result, Code::UnreferencedComponent);
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].message.contains("`Member`"),
        "{}",
        notes[0].message
    );
    assert_eq!(notes[0].location.line, 20, "{}", notes[0].render());
    // the inlined copy still types the response
    let op = &result.contract.to_json()["paths"]["/members"]["post"];
    let role =
        &op["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["role"];
    assert_eq!(role["enum"], json!(["admin", "viewer"]));
    // a component the vendor publishes and nothing references is the
    // vendor's model (a webhook payload, a shared type): kept
    let result = build(PAGE);
    assert!(result.contract.components.schemas.contains_key("Unused"));
    assert!(with_code(&result, Code::UnreferencedComponent).is_empty());
}

#[test]
fn subtypes_of_a_used_polymorphic_schema_and_extension_refs_count_as_reached() {
    let page = r#"openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.test"}]
paths:
  /pets:
    get:
      operationId: listPets
      x-callbacks:
        onEvent: {$ref: '#/components/schemas/Event'}
      responses:
        "200":
          description: Pets
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      discriminator: {propertyName: kind, mapping: {dog: Dog}}
      properties:
        kind: {type: string}
        owner:
          type: string
          x-related: {$ref: '#/components/schemas/Related'}
    Dog:
      type: object
    Related:
      type: object
    Cat:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - type: object
          properties:
            lives: {type: integer}
    Event:
      type: object
    Orphan:
      type: object
"#;
    let result = build(page);
    let used = generator::unreferenced::used_schemas(&result.contract);
    let used: Vec<&str> = used.iter().map(String::as_str).collect();
    // Inside components too: a mapping's bare name, a ref in an extension.
    assert_eq!(used, ["Cat", "Dog", "Event", "Pet", "Related"]);
    // reached by nothing before refs were resolved either: the vendor's own
    assert!(result.contract.components.schemas.contains_key("Orphan"));
}

#[test]
fn a_contract_without_a_server_gives_the_relative_one_and_says_where_to_set_it() {
    let page = PAGE.replace("servers:\n  - url: https://api.acme.test\n", "");
    let result = build(&page);
    let servers = &result.contract.servers;
    assert_eq!(servers.len(), 1);
    assert_eq!(servers[0].url, "/");
    let warnings = with_code(&result, Code::NoServer);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0]
            .notes
            .iter()
            .any(|n| n.contains("acme/vendor.toml") && n.contains("servers = [")),
        "{}",
        warnings[0].render()
    );
    // read back, the published `/` is a documented server: no warning
    let again = build(&generator::vendor::contract_yaml(&result.contract));
    assert!(with_code(&again, Code::NoServer).is_empty());
}

fn schema(v: Value) -> Schema {
    serde_json::from_value(v).unwrap()
}

#[test]
fn the_repairer_keeps_what_fits_and_regenerates_only_what_it_must() {
    let components = Components::default();
    let s = schema(
        json!({"type": "object", "required": ["member", "role"], "properties": {
        "member": {"type": "string"},
        "role": {"type": "string", "enum": ["admin", "member", "viewer"]},
        "note": {"type": "string", "maxLength": 3}}}),
    );
    let repairer = Repairer::new(&components, Direction::Response);
    let fixed = repairer
        .repair(
            &s,
            &json!({"member": "iku", "role": "owner", "note": "too long"}),
        )
        .unwrap();
    assert_eq!(fixed.value, json!({"member": "iku", "role": "admin"}));
    let kinds: Vec<(&str, ChangeKind)> = fixed
        .changes
        .iter()
        .map(|c| (c.pointer.as_str(), c.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("/role", ChangeKind::Regenerated),
            ("/note", ChangeKind::Dropped)
        ]
    );
    // a missing required property is added; nothing else changes
    let fixed = repairer.repair(&s, &json!({"role": "viewer"})).unwrap();
    assert_eq!(fixed.value, json!({"role": "viewer", "member": "string"}));
    assert_eq!(fixed.changes[0].kind, ChangeKind::Added);
    // a value that fits is returned as it is
    let fits = json!({"member": "a", "role": "member"});
    assert_eq!(repairer.repair(&s, &fits).unwrap().value, fits);
    assert!(Validator::new(&components.schemas).is_valid(&s, &fits));
}

#[test]
fn an_example_nothing_can_fix_is_left_for_the_checks() {
    let page = r#"openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.test"}]
paths:
  /x:
    get:
      operationId: getX
      responses:
        "200":
          description: X
          content:
            application/json:
              schema: {type: string, minLength: 5, maxLength: 2}
              example: abc
"#;
    let result = build(page);
    let media = &contract_json(&result)["paths"]["/x"]["get"]["responses"]["200"]["content"]
        ["application/json"];
    assert_eq!(media["example"], json!("abc"));
    assert!(media.get(ORIGINAL).is_none());
    let warnings = with_code(&result, Code::ExampleMismatch);
    assert!(!warnings.is_empty());
    assert!(warnings.iter().all(|d| d.notes.is_empty()));
}

#[test]
fn a_recursive_schema_no_value_can_satisfy_gives_no_repair_and_no_hang() {
    let components: Components = serde_json::from_value(json!({"schemas": {
        "Node": {"type": "object", "required": ["next"], "properties": {
            "next": {"$ref": "#/components/schemas/Node"}}},
        "Tree": {"oneOf": [{"$ref": "#/components/schemas/Tree"}, {"type": "integer"}]}}}))
    .unwrap();
    let repairer = Repairer::new(&components, Direction::Any);
    let node = schema(json!({"$ref": "#/components/schemas/Node"}));
    assert_eq!(repairer.repair(&node, &json!({"next": 5})), None);
    let tree = schema(json!({"$ref": "#/components/schemas/Tree"}));
    assert!(repairer.repair(&tree, &json!("leaf")).is_some());
}
