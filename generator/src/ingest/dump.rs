//! Mintlify's legacy endpoint dump (shape c): a fenced YAML block whose
//! top-level `paths:` holds ONE endpoint (`path`, `method`, `servers`,
//! `request`, `response`) and `components.schemas` the schemas it reaches.
//!
//! Each `schemaArray` entry is an alternative; object properties and array
//! items are wrapped in `allOf` lists of raw OpenAPI schemas, which we
//! intersect; `type` may read `enum<string>`, `file`, `any` or `null`; a
//! status documented without a body has media type `_mintlify/placeholder`.

use indexmap::IndexMap;
use serde_json::Value;

use crate::diag::Code;
use crate::doc::{Entry, Kind, Node};
use crate::http::reason_phrase;
use crate::model::{
    Contract, Example, MediaType, Method, Operation, ParamLocation, Parameter, RequestBody,
    Response, Schema, SecurityRequirement, SecurityScheme, SecuritySchemeKind,
};
use crate::naming::{operation_id_from_route, operation_id_from_title};
use crate::page::Page;
use crate::pointer::{self, join};

use super::fence_info::FenceInfo;
use super::openapi::read_servers;
use super::schema::read_schema;
use super::security::lift_credential_headers;
use super::PageCx;

const PLACEHOLDER_MEDIA: &str = "_mintlify/placeholder";

pub fn read_dump(cx: &mut PageCx, root: &Node, info: &FenceInfo, page: &Page) -> Contract {
    let mut contract = Contract::default();
    let Some(endpoint) = root.get("paths") else {
        return contract;
    };
    let path = endpoint
        .get("path")
        .and_then(Node::as_str)
        .unwrap_or(&info.path)
        .to_string();
    let method = endpoint
        .get("method")
        .and_then(Node::as_str)
        .and_then(Method::parse)
        .unwrap_or(info.method);
    if path != info.path || method != info.method {
        cx.report(
            Code::FenceMismatch,
            endpoint.pos,
            format!(
                "the block is labelled `{} {}` but the dump documents `{} {path}`; the dump wins",
                info.method.upper(),
                info.path,
                method.upper()
            ),
        );
    }
    if endpoint.get("type").and_then(Node::as_str) == Some("webhook") {
        cx.report(
            Code::Webhook,
            endpoint.pos,
            "the dump documents a webhook, which OpenAPI 3.0 cannot express; skipped",
        );
        return contract;
    }
    let op_ptr = pointer::operation(&path, method);
    cx.record(&op_ptr, endpoint.pos);

    if let Some(schemas) = root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Node::as_map)
    {
        for e in schemas {
            let schema = read_schema(cx, &e.value, &join("/components/schemas", &e.key));
            contract.components.schemas.insert(e.key.clone(), schema);
        }
    }
    contract.servers = read_servers(cx, endpoint.get("servers"), "/servers");

    let mut op = Operation {
        deprecated: endpoint
            .get("deprecated")
            .and_then(Node::as_bool)
            .unwrap_or(false),
        summary: page.title.as_ref().map(|(t, _)| t.clone()),
        description: page.description.clone(),
        ..Operation::default()
    };
    op.operation_id = match &op.summary {
        Some(t) => operation_id_from_title(t),
        None => operation_id_from_route(method.as_str(), &path),
    };
    let request = endpoint.get("request");
    if let Some(security) = request.and_then(|r| r.get("security")) {
        op.security = Some(read_security(cx, security, &mut contract));
    }
    if let Some(params) = request.and_then(|r| r.get("parameters")) {
        for loc in ["path", "query", "header", "cookie"] {
            let location = ParamLocation::parse(loc).unwrap_or(ParamLocation::Query);
            for e in params.get(loc).and_then(Node::as_map).unwrap_or_default() {
                let ptr = join(
                    &join(&op_ptr, "parameters"),
                    &op.parameters.len().to_string(),
                );
                op.parameters.push(read_parameter(cx, e, location, &ptr));
            }
        }
    }
    if let Some(body) = request.and_then(|r| r.get("body")).and_then(Node::as_map) {
        if !body.is_empty() {
            let ptr = join(&op_ptr, "requestBody");
            cx.record(&ptr, body[0].key_pos);
            let mut request_body = RequestBody::default();
            for m in body {
                let (media, required, description) =
                    read_media(cx, &m.value, &join(&join(&ptr, "content"), &m.key), true);
                request_body.required |= required;
                if request_body.description.is_none() {
                    request_body.description = description;
                }
                request_body.content.insert(m.key.clone(), media);
            }
            op.request_body = Some(request_body);
        }
    }
    if let Some(samples) = request.and_then(|r| r.get("codeSamples")) {
        op.extensions
            .insert("x-codeSamples".into(), samples.to_json());
    }
    for r in endpoint
        .get("response")
        .and_then(Node::as_map)
        .unwrap_or_default()
    {
        let status = r.key.clone();
        if !crate::http::is_status_key(&status) {
            cx.report(
                Code::ResponseStatus,
                r.key_pos,
                format!("`{status}` is not a status code; response dropped"),
            );
            continue;
        }
        let ptr = join(&join(&op_ptr, "responses"), &status);
        cx.record(&ptr, r.key_pos);
        let mut response = Response::default();
        for m in r.value.as_map().unwrap_or_default() {
            if m.key == PLACEHOLDER_MEDIA {
                let text = m
                    .value
                    .get("schemaArray")
                    .and_then(Node::as_seq)
                    .and_then(|s| s.first())
                    .and_then(|s| s.get("description"))
                    .and_then(Node::as_str);
                if let Some(text) = text {
                    response.description = text.to_string();
                }
                continue;
            }
            let (media, _, description) =
                read_media(cx, &m.value, &join(&join(&ptr, "content"), &m.key), false);
            if response.description.is_empty() {
                response.description = description.unwrap_or_default();
            }
            response.content.insert(m.key.clone(), media);
        }
        if response.description.is_empty() {
            response.description = reason_phrase(&status).to_string();
        }
        op.responses.insert(status, response);
    }
    if op.responses.is_empty() {
        cx.report(
            Code::NoResponses,
            endpoint.pos,
            "the dump documents no responses; `default` added",
        );
        op.responses.insert(
            "default".into(),
            Response {
                description: "Undocumented response".into(),
                ..Response::default()
            },
        );
    }
    lift_credential_headers(cx, &mut op, &op_ptr, &mut contract.components);
    contract.paths.entry(path).or_default().insert(method, op);
    super::page_checks::check_page_schemas(cx, &mut contract, root);
    contract
}

/// `request.security`: a list of alternatives, each naming its schemes in
/// `title` ("A & B & C") with one credential per scheme under `parameters`.
fn read_security(
    cx: &mut PageCx,
    node: &Node,
    contract: &mut Contract,
) -> Vec<SecurityRequirement> {
    let mut out = Vec::new();
    for option in node.as_seq().unwrap_or_default() {
        let titles: Vec<String> = option
            .get("title")
            .and_then(Node::as_str)
            .map(|t| t.split(" & ").map(|s| s.trim().to_string()).collect())
            .unwrap_or_default();
        let mut credentials: Vec<(&Entry, ParamLocation)> = Vec::new();
        for loc in ["header", "query", "cookie"] {
            for e in option
                .get("parameters")
                .and_then(|p| p.get(loc))
                .and_then(Node::as_map)
                .unwrap_or_default()
            {
                credentials.push((
                    e,
                    ParamLocation::parse(loc).unwrap_or(ParamLocation::Header),
                ));
            }
        }
        let mut requirement = SecurityRequirement::new();
        for (i, (cred, location)) in credentials.iter().enumerate() {
            let name = if titles.len() == credentials.len() {
                titles[i].clone()
            } else {
                cred.key.clone()
            };
            let text = |k: &str| cred.value.get(k).and_then(Node::as_str).map(str::to_string);
            let description = text("description");
            let scheme = match text("type").as_deref() {
                Some("http") => SecurityScheme {
                    scheme: text("scheme").or(Some("bearer".into())),
                    ..SecurityScheme::bearer(description)
                },
                Some("oauth2") => SecurityScheme {
                    kind: SecuritySchemeKind::OAuth2,
                    flows: Some(Value::Object(Default::default())),
                    name: None,
                    location: None,
                    scheme: None,
                    ..SecurityScheme::bearer(description)
                },
                _ => SecurityScheme::api_key(*location, &cred.key, description),
            };
            // Two options may derive one name from their titles: a different
            // scheme gets its own name, so each requirement names its own.
            let name = contract.components.add_security_scheme(&name, scheme);
            cx.record(&join("/components/securitySchemes", &name), cred.key_pos);
            requirement.insert(name, Vec::new());
        }
        out.push(requirement);
    }
    out
}

fn read_parameter(cx: &mut PageCx, e: &Entry, location: ParamLocation, ptr: &str) -> Parameter {
    cx.record(ptr, e.key_pos);
    let alternatives = e
        .value
        .get("schema")
        .and_then(Node::as_seq)
        .unwrap_or_default();
    let first = alternatives.first();
    let flag = |k: &str| {
        first
            .and_then(|s| s.get(k))
            .and_then(Node::as_bool)
            .unwrap_or(false)
    };
    let mut required = flag("required");
    if location == ParamLocation::Path && !required {
        cx.report(
            Code::PathParameterRequired,
            e.key_pos,
            format!(
                "path parameter `{}` must be required; marked required",
                e.key
            ),
        );
        required = true;
    }
    let description = first
        .and_then(|s| s.get("description"))
        .and_then(Node::as_str)
        .map(str::to_string);
    let mut schema = alternatives_schema(cx, alternatives, &join(ptr, "schema"));
    schema.description = None;
    Parameter {
        name: e.key.clone(),
        location,
        description,
        required,
        deprecated: flag("deprecated"),
        style: e
            .value
            .get("style")
            .and_then(Node::as_str)
            .map(str::to_string),
        explode: e.value.get("explode").and_then(Node::as_bool),
        schema,
        example: None,
        examples: IndexMap::new(),
        extensions: Default::default(),
    }
}

/// A body or response media entry: `schemaArray`, `examples`, `description`.
/// Returns the media type, whether the body is required, and the description.
fn read_media(
    cx: &mut PageCx,
    node: &Node,
    ptr: &str,
    is_request: bool,
) -> (MediaType, bool, Option<String>) {
    cx.record(ptr, node.pos);
    let alternatives = node
        .get("schemaArray")
        .and_then(Node::as_seq)
        .unwrap_or_default();
    let required = alternatives
        .first()
        .and_then(|s| s.get("required"))
        .and_then(Node::as_bool)
        .unwrap_or(false);
    let schema = (!alternatives.is_empty())
        .then(|| alternatives_schema(cx, alternatives, &join(ptr, "schema")));
    let mut examples = IndexMap::new();
    for ex in node
        .get("examples")
        .and_then(Node::as_map)
        .unwrap_or_default()
    {
        let value = ex.value.get("value");
        if let Some(v) = value {
            if is_generated_placeholder(v) {
                cx.report(
                    Code::PlaceholderExample,
                    ex.key_pos,
                    format!(
                        "{} example `{}` is Mintlify's generated placeholder (`<string>`-style values), not documented data; dropped",
                        if is_request { "request" } else { "response" },
                        ex.key
                    ),
                );
                continue;
            }
            cx.record_value(&join(&join(&join(ptr, "examples"), &ex.key), "value"), v);
        }
        let text = |k: &str| ex.value.get(k).and_then(Node::as_str).map(str::to_string);
        examples.insert(
            ex.key.clone(),
            Example {
                summary: text("summary"),
                description: text("description"),
                value: value.map(Node::to_json),
                ..Example::default()
            },
        );
    }
    let description = node
        .get("description")
        .and_then(Node::as_str)
        .filter(|d| !d.is_empty())
        .map(str::to_string);
    (
        MediaType {
            schema,
            example: None,
            examples,
            extensions: Default::default(),
        },
        required,
        description,
    )
}

/// Mintlify fills missing examples with `<string>`, `<any>`... placeholders.
fn is_generated_placeholder(node: &Node) -> bool {
    match &node.kind {
        Kind::String(s) => {
            s.starts_with('<') && s.ends_with('>') && !s.contains(' ') && s.len() > 2
        }
        Kind::Seq(items) => items.iter().any(is_generated_placeholder),
        Kind::Map(entries) => entries.iter().any(|e| is_generated_placeholder(&e.value)),
        _ => false,
    }
}

/// One schema from a `schemaArray`: one entry is itself; several are
/// alternatives (`oneOf` when Mintlify marked them so, else `anyOf`).
fn alternatives_schema(cx: &mut PageCx, alternatives: &[Node], ptr: &str) -> Schema {
    match alternatives {
        [] => Schema::default(),
        [one] => {
            let normalized = normalize_data_schema(one);
            read_schema(cx, &normalized, ptr)
        }
        many => {
            let key = if many.iter().any(|n| n.get("isOneOf").is_some()) {
                "oneOf"
            } else {
                "anyOf"
            };
            let list = Node {
                pos: many[0].pos,
                kind: Kind::Seq(many.iter().map(normalize_data_schema).collect()),
            };
            let wrapper = Node {
                pos: many[0].pos,
                kind: Kind::Map(vec![Entry {
                    key: key.into(),
                    key_pos: many[0].pos,
                    value: list,
                }]),
            };
            read_schema(cx, &wrapper, ptr)
        }
    }
}

/// Turn one of Mintlify's data schemas into a raw OpenAPI schema node
/// (positions kept), so the common schema reader can take it from there.
fn normalize_data_schema(node: &Node) -> Node {
    let Some(entries) = node.as_map() else {
        return node.clone();
    };
    let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
    let mut enum_type: Option<(String, crate::doc::Pos)> = None;
    for e in entries {
        match e.key.as_str() {
            // Bookkeeping of Mintlify's, or meaning given to the parent.
            "required" | "isOneOf" | "isAnyOf" | "isAllOf" => {}
            "refIdentifier" => out.push(Entry {
                key: "x-ref-identifier".into(),
                ..e.clone()
            }),
            "requiredProperties" => out.push(Entry {
                key: "required".into(),
                ..e.clone()
            }),
            "type" => match e.value.as_str() {
                Some(t) if t.starts_with("enum<") => {
                    enum_type = Some((
                        t.trim_start_matches("enum<")
                            .trim_end_matches('>')
                            .to_string(),
                        e.value.pos,
                    ));
                }
                Some("file") => {
                    out.push(with_value(e, Kind::String("string".into())));
                    if !entries.iter().any(|x| x.key == "format") {
                        out.push(Entry {
                            key: "format".into(),
                            key_pos: e.key_pos,
                            value: Node {
                                pos: e.value.pos,
                                kind: Kind::String("binary".into()),
                            },
                        });
                    }
                }
                Some("any") => {}
                Some("null") => out.push(Entry {
                    key: "nullable".into(),
                    key_pos: e.key_pos,
                    value: Node {
                        pos: e.value.pos,
                        kind: Kind::Bool(true),
                    },
                }),
                _ => out.push(e.clone()),
            },
            "properties" => {
                let props = e
                    .value
                    .as_map()
                    .unwrap_or_default()
                    .iter()
                    .map(|p| Entry {
                        value: intersect_all_of(&p.value),
                        ..p.clone()
                    })
                    .collect();
                out.push(Entry {
                    value: Node {
                        pos: e.value.pos,
                        kind: Kind::Map(props),
                    },
                    ..e.clone()
                });
            }
            "items" => out.push(Entry {
                value: intersect_all_of(&e.value),
                ..e.clone()
            }),
            _ => out.push(e.clone()),
        }
    }
    if let Some((t, pos)) = enum_type {
        out.push(Entry {
            key: "type".into(),
            key_pos: pos,
            value: Node {
                pos,
                kind: Kind::String(t),
            },
        });
    }
    Node {
        pos: node.pos,
        kind: Kind::Map(out),
    }
}

fn with_value(e: &Entry, kind: Kind) -> Entry {
    Entry {
        key: e.key.clone(),
        key_pos: e.key_pos,
        value: Node {
            pos: e.value.pos,
            kind,
        },
    }
}

/// `{allOf: [A]}` is A; `{allOf: [A, B]}` of plain objects is their union
/// (properties and required merged); anything else stays an `allOf`.
fn intersect_all_of(node: &Node) -> Node {
    let Some(list) = node.get("allOf").and_then(Node::as_seq) else {
        return node.clone();
    };
    if node.as_map().is_some_and(|m| m.len() != 1) {
        return node.clone();
    }
    match list {
        [one] => one.clone(),
        many if many
            .iter()
            .all(|n| n.as_map().is_some() && n.get("$ref").is_none()) =>
        {
            let mut merged: Vec<Entry> = Vec::new();
            for part in many {
                for e in part.as_map().unwrap_or_default() {
                    match merged.iter_mut().find(|m| m.key == e.key) {
                        None => merged.push(e.clone()),
                        Some(existing) => match (&mut existing.value.kind, &e.value.kind) {
                            (Kind::Map(a), Kind::Map(b)) if e.key == "properties" => {
                                for p in b {
                                    if !a.iter().any(|x| x.key == p.key) {
                                        a.push(p.clone());
                                    }
                                }
                            }
                            (Kind::Seq(a), Kind::Seq(b)) if e.key == "required" => {
                                for r in b {
                                    if !a.contains(r) {
                                        a.push(r.clone());
                                    }
                                }
                            }
                            _ => {}
                        },
                    }
                }
            }
            Node {
                pos: node.pos,
                kind: Kind::Map(merged),
            }
        }
        _ => node.clone(),
    }
}

#[cfg(test)]
mod tests {
    use crate::ingest::{ingest, Shape};
    use crate::model::{Method, SecuritySchemeKind};
    use crate::source::SourceFile;
    use serde_json::json;

    const DUMP: &str = "# Create Order\n\n````yaml openapi.yaml post /orders/{id}\npaths:\n  path: /orders/{id}\n  method: post\n  servers:\n    - url: https://api.example.com/v2\n  request:\n    security:\n      - title: keyId & signature\n        parameters:\n          query: {}\n          header:\n            X-KEY: {type: apiKey}\n            X-SIG: {type: apiKey}\n          cookie: {}\n    parameters:\n      path:\n        id:\n          schema:\n            - type: string\n              required: true\n              description: The order.\n      query:\n        kind:\n          schema:\n            - type: enum<string>\n              enum: [a, b]\n      header: {}\n      cookie: {}\n    body:\n      application/json:\n        schemaArray:\n          - type: object\n            properties:\n              side:\n                allOf:\n                  - &side\n                    type: string\n                    enum: ['yes', 'no']\n              both:\n                allOf:\n                  - type: object\n                    properties: {a: {type: string}}\n                  - properties: {b: {type: integer}}\n                    required: [b]\n            required: true\n            requiredProperties: [side]\n        examples:\n          example:\n            value: {side: <string>}\n  response:\n    '200':\n      application/json:\n        schemaArray:\n          - type: object\n            properties:\n              side: {allOf: [*side]}\n          - type: 'null'\n        examples:\n          example:\n            value: {side: 'yes'}\n        description: Done\n    '204':\n      _mintlify/placeholder:\n        schemaArray:\n          - type: any\n            description: Nothing to say\n  deprecated: true\n  type: path\ncomponents:\n  schemas: {}\n````\n";

    #[test]
    fn an_endpoint_dump_becomes_its_operation() {
        let out = ingest(&SourceFile::new("v/d.md", DUMP));
        assert_eq!(out.shape, Shape::EndpointDump);
        let op = &out.contract.paths["/orders/{id}"][&Method::Post];
        assert_eq!(op.operation_id, "createOrder");
        assert!(op.deprecated);
        assert_eq!(op.parameters[0].description.as_deref(), Some("The order."));
        assert!(op.parameters[0].required);
        assert_eq!(
            serde_json::to_value(&op.parameters[1].schema).unwrap(),
            json!({"type": "string", "enum": ["a", "b"]})
        );
        let body = op.request_body.as_ref().unwrap();
        assert!(body.required);
        let schema = serde_json::to_value(&body.content["application/json"].schema).unwrap();
        assert_eq!(
            schema,
            json!({"type": "object", "properties": {
                "side": {"type": "string", "enum": ["yes", "no"]},
                "both": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}, "required": ["b"]}},
                "required": ["side"]})
        );
        assert!(
            body.content["application/json"].examples.is_empty(),
            "generated placeholder dropped"
        );
        let ok = &op.responses["200"];
        assert_eq!(ok.description, "Done");
        let ok_schema = serde_json::to_value(&ok.content["application/json"].schema).unwrap();
        assert_eq!(
            ok_schema,
            json!({"type": "object", "nullable": true, "properties": {"side": {"type": "string", "enum": ["yes", "no"]}}})
        );
        assert_eq!(op.responses["204"].description, "Nothing to say");
        assert!(op.responses["204"].content.is_empty());
        let schemes = &out.contract.components.security_schemes;
        assert_eq!(schemes.keys().collect::<Vec<_>>(), ["keyId", "signature"]);
        assert_eq!(schemes["signature"].kind, SecuritySchemeKind::ApiKey);
        assert_eq!(schemes["signature"].name.as_deref(), Some("X-SIG"));
        assert_eq!(
            op.security.as_ref().unwrap()[0].len(),
            2,
            "both schemes at once"
        );
        let codes: Vec<_> = out.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [crate::diag::Code::PlaceholderExample]);
    }

    #[test]
    fn a_dump_whose_path_disagrees_with_its_label_says_so() {
        let text = "````yaml get /a\npaths:\n  path: /b\n  method: get\n  response:\n    '200':\n      application/json:\n        schemaArray: [{type: string}]\n````\n";
        let out = ingest(&SourceFile::new("v/d.md", text));
        assert!(out.contract.paths.contains_key("/b"));
        assert_eq!(
            out.diagnostics.iter().next().unwrap().code,
            crate::diag::Code::FenceMismatch
        );
    }

    #[test]
    fn options_deriving_one_name_for_two_schemes_keep_both() {
        let text = "````yaml get /a\npaths:\n  path: /a\n  method: get\n  request:\n    security:\n      - title: key\n        parameters:\n          header:\n            X-KEY: {type: apiKey}\n      - title: key\n        parameters:\n          query:\n            key: {type: apiKey}\n  response:\n    '204':\n      _mintlify/placeholder:\n        schemaArray: [{type: any}]\n````\n";
        let out = ingest(&SourceFile::new("v/d.md", text));
        let schemes = &out.contract.components.security_schemes;
        assert_eq!(schemes.keys().collect::<Vec<_>>(), ["key", "key2"]);
        assert_eq!(schemes["key2"].name.as_deref(), Some("key"));
        let op = &out.contract.paths["/a"][&Method::Get];
        assert_eq!(
            serde_json::to_value(&op.security).unwrap(),
            json!([{"key": []}, {"key2": []}])
        );
    }
}
