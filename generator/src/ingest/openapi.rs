//! OpenAPI 3.0/3.1 documents: the block Mintlify embeds in `.md` exports
//! (shape a), and whole spec files.
//!
//! Reusable parameters, bodies, responses, headers and examples are
//! inlined; schemas stay as `$ref`s into `components/schemas`.

use std::collections::BTreeMap;

use indexmap::IndexMap;

use crate::diag::Code;
use crate::doc::{Entry, Kind, Node};
use crate::http::reason_phrase;
use crate::model::{
    Contract, Example, Header, MediaType, Method, Operation, ParamLocation, Parameter, RequestBody,
    Response, Schema, SecurityRequirement, SecurityScheme, SecuritySchemeKind, Server,
    ServerVariable,
};
use crate::naming::operation_id_from_title;
use crate::page::Page;
use crate::pointer::{self, join};

use super::fence_info::FenceInfo;
use super::schema::{boolean, read_schema};
use super::security::lift_credential_headers;
use super::PageCx;

mod parallel;

use parallel::PARALLEL_MIN;

/// How deep `$ref` chains may go before we call them a loop.
const MAX_REF_HOPS: usize = 32;

/// Read a whole OpenAPI document. `fence` is the spec fence and page it
/// came from, when it was embedded in a page.
pub fn read_document(cx: &mut PageCx, root: &Node, fence: Option<(&FenceInfo, &Page)>) -> Contract {
    let mut contract = Contract::default();
    if let Some(v) = root.get("swagger") {
        cx.report(
            Code::UnsupportedVersion,
            v.pos,
            "Swagger 2.0 documents are not supported; convert the spec to OpenAPI 3 first",
        );
        return contract;
    }
    match root.get("openapi").and_then(Node::as_str) {
        Some(v) if v.starts_with("3.") => {}
        _ => cx.report(
            Code::OpenapiVersion,
            root.get("openapi").map_or(root.pos, |n| n.pos),
            "`openapi` should be a 3.x version string; read as OpenAPI 3",
        ),
    }
    let reader = DocReader {
        root,
        targets: Default::default(),
    };
    if let Some(info) = root.get("info") {
        contract.info.title = info
            .get("title")
            .and_then(Node::as_str)
            .unwrap_or_default()
            .to_string();
        contract.info.version = info
            .get("version")
            .map(|v| match &v.kind {
                Kind::String(s) => s.clone(),
                _ => v.to_json().to_string(),
            })
            .unwrap_or_default();
        contract.info.description = text_of(info, "description");
    }
    contract.servers = read_servers(cx, root.get("servers"), "/servers");
    contract.security = read_security(cx, root.get("security"));
    if let Some(components) = root.get("components") {
        if let Some(schemes) = components.get("securitySchemes").and_then(Node::as_map) {
            for e in schemes {
                let Some(node) = reader.resolve(cx, &e.value) else {
                    continue;
                };
                if let Some(scheme) = read_security_scheme(cx, node) {
                    cx.record(&join("/components/securitySchemes", &e.key), e.key_pos);
                    contract
                        .components
                        .security_schemes
                        .insert(e.key.clone(), scheme);
                }
            }
        }
    }
    let schema_entries = root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Node::as_map)
        .unwrap_or_default();
    let path_entries = root.get("paths").and_then(Node::as_map).unwrap_or_default();
    if schema_entries.len() < PARALLEL_MIN || path_entries.len() < PARALLEL_MIN {
        contract.components.schemas = read_component_schemas(cx, schema_entries);
        read_paths(cx, &reader, path_entries, fence, &mut contract);
        check_fence_operation(cx, root, fence, &contract);
        super::page_checks::check_page_schemas(cx, &mut contract, root);
        return contract;
    }
    parallel::read_large(
        cx,
        &reader,
        root,
        (schema_entries, path_entries),
        fence,
        contract,
    )
}

/// `components/schemas`, in the contract's order.
fn read_component_schemas(cx: &mut PageCx, entries: &[Entry]) -> BTreeMap<String, Schema> {
    let mut schemas = BTreeMap::new();
    for e in entries {
        let ptr = join("/components/schemas", &e.key);
        let schema = read_schema(cx, &e.value, &ptr);
        schemas.insert(e.key.clone(), schema);
    }
    schemas
}

/// Every operation under `paths`, with credential headers lifted into
/// security schemes.
fn read_paths(
    cx: &mut PageCx,
    reader: &DocReader,
    paths: &[Entry],
    fence: Option<(&FenceInfo, &Page)>,
    contract: &mut Contract,
) {
    let page_title = fence.and_then(|(_, page)| page.title.clone());
    for p in paths {
        let Some(item) = reader.resolve(cx, &p.value) else {
            continue;
        };
        let Some(entries) = item.as_map() else {
            cx.report(
                Code::PathItem,
                item.pos,
                format!("path `{}` must map methods to operations", p.key),
            );
            continue;
        };
        for e in entries {
            let Some(method) = Method::parse(&e.key).filter(|m| m.as_str() == e.key) else {
                if !matches!(
                    e.key.as_str(),
                    "parameters" | "servers" | "summary" | "description"
                ) && !e.key.starts_with("x-")
                {
                    cx.report(
                        Code::PathItemFieldIgnored,
                        e.key_pos,
                        format!("`{}` under a path item is not read", e.key),
                    );
                }
                continue;
            };
            let op_ptr = pointer::operation(&p.key, method);
            cx.record(&op_ptr, e.key_pos);
            let mut op = reader.read_operation(cx, &e.value, item, &op_ptr);
            if op.operation_id.is_empty() {
                let title = op.summary.clone().or_else(|| {
                    page_title
                        .as_ref()
                        .filter(|_| fence.is_some())
                        .map(|(t, _)| t.clone())
                });
                op.operation_id = match title {
                    Some(t) => operation_id_from_title(&t),
                    None => crate::naming::operation_id_from_route(method.as_str(), &p.key),
                };
            }
            if op.summary.is_none() {
                op.summary = page_title.as_ref().map(|(t, _)| t.clone());
            }
            lift_credential_headers(cx, &mut op, &op_ptr, &mut contract.components);
            contract
                .paths
                .entry(p.key.clone())
                .or_default()
                .insert(method, op);
        }
    }
}

/// A fence labelled with an operation its document lacks.
fn check_fence_operation(
    cx: &mut PageCx,
    root: &Node,
    fence: Option<(&FenceInfo, &Page)>,
    contract: &Contract,
) {
    let Some((info, page)) = fence else {
        return;
    };
    let found = contract
        .paths
        .get(&info.path)
        .is_some_and(|item| item.contains_key(&info.method));
    if !found {
        let pos = page
            .fences
            .iter()
            .find(|f| super::fence_info::parse(&f.info).as_ref() == Some(info))
            .map_or(root.pos, |f| f.info_pos);
        cx.report(
            Code::FenceOperationMissing,
            pos,
            format!(
                "the block is labelled `{} {}` but its document has no such operation",
                info.method.upper(),
                info.path
            ),
        );
    }
}

struct DocReader<'a> {
    root: &'a Node,
    /// `$ref` targets already looked up: specs name the same parameters
    /// and responses hundreds of times, and each lookup scans the
    /// document's maps.
    targets: std::cell::RefCell<std::collections::HashMap<String, Option<&'a Node>>>,
}

impl<'a> DocReader<'a> {
    /// Follow `$ref` (local, possibly chained) to the node it names.
    fn resolve<'n>(&self, cx: &mut PageCx, node: &'n Node) -> Option<&'n Node>
    where
        'a: 'n,
    {
        let mut current = node;
        for _ in 0..MAX_REF_HOPS {
            let Some(target) = current.get("$ref").and_then(Node::as_str) else {
                return Some(current);
            };
            let cached = self.targets.borrow().get(target).copied();
            let found = cached.unwrap_or_else(|| {
                let found = target.strip_prefix('#').and_then(|p| self.root.pointer(p));
                self.targets.borrow_mut().insert(target.to_string(), found);
                found
            });
            match found {
                Some(next) => current = next,
                None => {
                    let why = if target.starts_with('#') {
                        "points to nothing"
                    } else {
                        "is in another document, which is not followed"
                    };
                    cx.report(
                        Code::DanglingRef,
                        current.pos,
                        format!("`$ref: {target}` {why}; the referring object is dropped"),
                    );
                    return None;
                }
            }
        }
        cx.report(
            Code::RefLoop,
            node.pos,
            "`$ref` chain loops; the referring object is dropped",
        );
        None
    }

    fn read_operation(
        &self,
        cx: &mut PageCx,
        node: &Node,
        path_item: &Node,
        op_ptr: &str,
    ) -> Operation {
        let mut op = Operation {
            operation_id: text_of(node, "operationId").unwrap_or_default(),
            summary: text_of(node, "summary").or_else(|| text_of(path_item, "summary")),
            description: text_of(node, "description").or_else(|| text_of(path_item, "description")),
            ..Operation::default()
        };
        op.tags = node
            .get("tags")
            .and_then(Node::as_seq)
            .map(|t| {
                t.iter()
                    .filter_map(Node::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        op.deprecated = flag_of(cx, node, "deprecated");
        op.servers = read_servers(
            cx,
            node.get("servers").or_else(|| path_item.get("servers")),
            &join(op_ptr, "servers"),
        );
        if let Some(sec) = node.get("security") {
            op.security = Some(read_security(cx, Some(sec)));
        }

        // Path-level parameters apply unless the operation redefines them.
        let mut params: Vec<(&Node, bool)> = Vec::new();
        for (list, from_path) in [
            (node.get("parameters"), false),
            (path_item.get("parameters"), true),
        ] {
            for p in list.and_then(Node::as_seq).unwrap_or_default() {
                params.push((p, from_path));
            }
        }
        let mut seen: Vec<(String, ParamLocation)> = Vec::new();
        for (p, _) in params {
            let Some(resolved) = self.resolve(cx, p) else {
                continue;
            };
            let idx = op.parameters.len();
            let ptr = join(&join(op_ptr, "parameters"), &idx.to_string());
            if let Some(param) = self.read_parameter(cx, resolved, p, &ptr) {
                let key = (param.name.clone(), param.location);
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                op.parameters.push(param);
            }
        }

        if let Some(body) = node.get("requestBody") {
            if let Some(resolved) = self.resolve(cx, body) {
                let ptr = join(op_ptr, "requestBody");
                cx.record(&ptr, body.pos);
                op.request_body = Some(RequestBody {
                    description: text_of(resolved, "description"),
                    required: flag_of(cx, resolved, "required"),
                    content: self.read_content(cx, resolved.get("content"), &join(&ptr, "content")),
                    extensions: extensions(resolved),
                });
            }
        }

        match node.get("responses").and_then(Node::as_map) {
            Some(responses) => {
                for r in responses {
                    if r.key.starts_with("x-") {
                        continue;
                    }
                    let status = r.key.to_ascii_uppercase().replace("DEFAULT", "default");
                    if !crate::http::is_status_key(&status) {
                        cx.report(
                            Code::ResponseStatus,
                            r.key_pos,
                            format!("`{}` is not a status code; response dropped", r.key),
                        );
                        continue;
                    }
                    let Some(resolved) = self.resolve(cx, &r.value) else {
                        continue;
                    };
                    let ptr = join(&join(op_ptr, "responses"), &status);
                    cx.record(&ptr, r.key_pos);
                    let response = self.read_response(cx, resolved, &status, &ptr);
                    op.responses.insert(status, response);
                }
            }
            None => {
                let pos = node.pos;
                cx.report(
                    Code::NoResponses,
                    pos,
                    "operation documents no responses; `default` added",
                );
            }
        }
        if op.responses.is_empty() {
            op.responses.insert(
                "default".into(),
                Response {
                    description: "Undocumented response".into(),
                    ..Response::default()
                },
            );
        }

        for e in node.as_map().unwrap_or_default() {
            match e.key.as_str() {
                k if k.starts_with("x-") => {
                    op.extensions.insert(k.to_string(), e.value.to_json());
                }
                "callbacks" | "externalDocs" => {
                    cx.report(
                        Code::OperationFieldKept,
                        e.key_pos,
                        format!("`{}` is kept as `x-{}`", e.key, e.key),
                    );
                    op.extensions
                        .insert(format!("x-{}", e.key), e.value.to_json());
                }
                _ => {}
            }
        }
        op
    }

    fn read_parameter(
        &self,
        cx: &mut PageCx,
        node: &Node,
        written: &Node,
        ptr: &str,
    ) -> Option<Parameter> {
        cx.record(ptr, written.pos);
        let name = node.get("name").and_then(Node::as_str);
        let location = node
            .get("in")
            .and_then(Node::as_str)
            .and_then(ParamLocation::parse);
        let (Some(name), Some(location)) = (name, location) else {
            cx.report(
                Code::Parameter,
                node.pos,
                "a parameter needs `name` and `in` (path, query, header or cookie); dropped",
            );
            return None;
        };
        if location == ParamLocation::Header
            && (name.eq_ignore_ascii_case("accept") || name.eq_ignore_ascii_case("content-type"))
        {
            cx.report(
                Code::ParameterIgnored,
                node.pos,
                format!("header parameter `{name}` is ignored by OpenAPI (content negotiation covers it); dropped"),
            );
            return None;
        }
        let mut required = flag_of(cx, node, "required");
        if location == ParamLocation::Path && !required {
            cx.report(
                Code::PathParameterRequired,
                node.pos,
                format!("path parameter `{name}` must be required; marked required"),
            );
            required = true;
        }
        let schema = match (
            node.get("schema"),
            node.get("content").and_then(Node::as_map),
        ) {
            (Some(s), _) => read_schema(cx, s, &join(ptr, "schema")),
            (None, Some(content)) if !content.is_empty() => {
                cx.report(
                    Code::ParameterContent,
                    content[0].key_pos,
                    format!(
                        "parameter `{name}` is described by `content`; its `{}` schema is used",
                        content[0].key
                    ),
                );
                content[0]
                    .value
                    .get("schema")
                    .map(|s| read_schema(cx, s, &join(ptr, "schema")))
                    .unwrap_or_default()
            }
            _ => {
                cx.report(
                    Code::ParameterSchema,
                    node.pos,
                    format!("parameter `{name}` has no schema; read as a string"),
                );
                Schema::of_type(crate::model::SchemaType::String)
            }
        };
        let example = recorded_json(cx, node, "example", ptr);
        Some(Parameter {
            name: name.to_string(),
            location,
            description: text_of(node, "description"),
            required,
            deprecated: flag_of(cx, node, "deprecated"),
            style: text_of(node, "style"),
            explode: node.get("explode").and_then(|v| boolean(cx, v, "explode")),
            schema,
            example,
            examples: self.read_examples(cx, node.get("examples"), &join(ptr, "examples")),
            extensions: extensions(node),
        })
    }

    fn read_response(&self, cx: &mut PageCx, node: &Node, status: &str, ptr: &str) -> Response {
        let description = match node.get("description").and_then(Node::as_str) {
            Some(d) => d.to_string(),
            None => {
                let phrase = reason_phrase(status);
                cx.report(
                    Code::ResponseDescription,
                    node.pos,
                    format!("response {status} has no description; \"{phrase}\" used"),
                );
                phrase.to_string()
            }
        };
        let mut headers = IndexMap::new();
        for h in node
            .get("headers")
            .and_then(Node::as_map)
            .unwrap_or_default()
        {
            let Some(resolved) = self.resolve(cx, &h.value) else {
                continue;
            };
            let h_ptr = join(&join(ptr, "headers"), &h.key);
            cx.record(&h_ptr, h.key_pos);
            let schema = resolved
                .get("schema")
                .map(|s| read_schema(cx, s, &join(&h_ptr, "schema")))
                .unwrap_or_else(|| Schema::of_type(crate::model::SchemaType::String));
            headers.insert(
                h.key.clone(),
                Header {
                    description: text_of(resolved, "description"),
                    required: flag_of(cx, resolved, "required"),
                    deprecated: flag_of(cx, resolved, "deprecated"),
                    schema,
                    example: resolved.get("example").map(Node::to_json),
                },
            );
        }
        let mut extensions = extensions(node);
        if let Some(links) = node.get("links") {
            extensions.insert("x-links".into(), links.to_json());
        }
        Response {
            description,
            headers,
            content: self.read_content(cx, node.get("content"), &join(ptr, "content")),
            extensions,
        }
    }

    fn read_content(
        &self,
        cx: &mut PageCx,
        node: Option<&Node>,
        ptr: &str,
    ) -> IndexMap<String, MediaType> {
        let mut out = IndexMap::new();
        for m in node.and_then(Node::as_map).unwrap_or_default() {
            let m_ptr = join(ptr, &m.key);
            cx.record(&m_ptr, m.key_pos);
            let schema = m
                .value
                .get("schema")
                .map(|s| read_schema(cx, s, &join(&m_ptr, "schema")));
            let example = recorded_json(cx, &m.value, "example", &m_ptr);
            let mut ext = extensions(&m.value);
            if let Some(enc) = m.value.get("encoding") {
                ext.insert("x-encoding".into(), enc.to_json());
            }
            out.insert(
                m.key.clone(),
                MediaType {
                    schema,
                    example,
                    examples: self.read_examples(
                        cx,
                        m.value.get("examples"),
                        &join(&m_ptr, "examples"),
                    ),
                    extensions: ext,
                },
            );
        }
        out
    }

    // Shaped like `read_content`, but each example may be a `$ref` and is
    // resolved before its pointer is recorded: the two loops stay apart.
    fn read_examples(
        &self,
        cx: &mut PageCx,
        node: Option<&Node>,
        ptr: &str,
    ) -> IndexMap<String, Example> {
        let mut out = IndexMap::new();
        for e in node.and_then(Node::as_map).unwrap_or_default() {
            let Some(resolved) = self.resolve(cx, &e.value) else {
                continue;
            };
            let e_ptr = join(ptr, &e.key);
            cx.record(&e_ptr, e.key_pos);
            let value = recorded_json(cx, resolved, "value", &e_ptr);
            out.insert(
                e.key.clone(),
                Example {
                    summary: text_of(resolved, "summary"),
                    description: text_of(resolved, "description"),
                    value,
                    external_value: text_of(resolved, "externalValue"),
                    extensions: extensions(resolved),
                },
            );
        }
        out
    }
}

/// The string at `key`, owned; absent or not a string is `None`.
fn text_of(node: &Node, key: &str) -> Option<String> {
    node.get(key).and_then(Node::as_str).map(str::to_string)
}

/// The boolean at `key`; absent is `false` (and so is a value that is not a
/// boolean, which [`boolean`] reports).
fn flag_of(cx: &mut PageCx, node: &Node, key: &str) -> bool {
    node.get(key)
        .and_then(|v| boolean(cx, v, key))
        .unwrap_or(false)
}

/// The JSON at `key`, with the position of it and of every value inside it
/// recorded under `ptr/key` (for examples).
fn recorded_json(cx: &mut PageCx, node: &Node, key: &str, ptr: &str) -> Option<serde_json::Value> {
    node.get(key).map(|v| {
        cx.record_value(&join(ptr, key), v);
        v.to_json()
    })
}

fn extensions(node: &Node) -> crate::model::Extensions {
    node.as_map()
        .unwrap_or_default()
        .iter()
        .filter(|e| e.key.starts_with("x-"))
        .map(|e| (e.key.clone(), e.value.to_json()))
        .collect()
}

pub fn read_servers(cx: &mut PageCx, node: Option<&Node>, ptr: &str) -> Vec<Server> {
    let mut out = Vec::new();
    for (i, s) in node
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let Some(url) = s.get("url").and_then(Node::as_str) else {
            cx.report(Code::Server, s.pos, "a server needs a `url`; dropped");
            continue;
        };
        cx.record(&join(ptr, &i.to_string()), s.pos);
        if !(url.starts_with("http://")
            || url.starts_with("https://")
            || url.starts_with('/')
            || url.starts_with('{'))
        {
            cx.report(
                Code::ServerUrl,
                s.get("url").map_or(s.pos, |n| n.pos),
                format!("server URL `{url}` is neither absolute nor a path; kept as written"),
            );
        }
        let mut variables = IndexMap::new();
        for v in s
            .get("variables")
            .and_then(Node::as_map)
            .unwrap_or_default()
        {
            let default = match v.value.get("default") {
                Some(d) => match &d.kind {
                    Kind::String(t) => t.clone(),
                    _ => d.to_json().to_string(),
                },
                None => {
                    cx.report(
                        Code::ServerVariable,
                        v.key_pos,
                        format!(
                            "server variable `{}` has no default; its name is used",
                            v.key
                        ),
                    );
                    v.key.clone()
                }
            };
            variables.insert(
                v.key.clone(),
                ServerVariable {
                    default,
                    enum_values: v
                        .value
                        .get("enum")
                        .and_then(Node::as_seq)
                        .map(|l| {
                            l.iter()
                                .map(|n| {
                                    n.as_str()
                                        .map_or_else(|| n.to_json().to_string(), str::to_string)
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    description: text_of(&v.value, "description"),
                },
            );
        }
        out.push(Server {
            url: url.to_string(),
            description: text_of(s, "description"),
            variables,
        });
    }
    out
}

fn read_security(cx: &mut PageCx, node: Option<&Node>) -> Vec<SecurityRequirement> {
    let Some(node) = node else { return Vec::new() };
    let Some(items) = node.as_seq() else {
        cx.report(
            Code::Security,
            node.pos,
            "`security` must be a list of requirements; dropped",
        );
        return Vec::new();
    };
    items
        .iter()
        .map(|req| {
            req.as_map()
                .unwrap_or_default()
                .iter()
                .map(|e| {
                    let scopes = e
                        .value
                        .as_seq()
                        .map(|s| {
                            s.iter()
                                .filter_map(Node::as_str)
                                .map(str::to_string)
                                .collect()
                        })
                        .unwrap_or_default();
                    (e.key.clone(), scopes)
                })
                .collect()
        })
        .collect()
}

fn read_security_scheme(cx: &mut PageCx, node: &Node) -> Option<SecurityScheme> {
    let text = |k: &str| node.get(k).and_then(Node::as_str).map(str::to_string);
    let kind = match text("type").as_deref() {
        Some("apiKey") => SecuritySchemeKind::ApiKey,
        Some("http") => SecuritySchemeKind::Http,
        Some("oauth2") => SecuritySchemeKind::OAuth2,
        Some("openIdConnect") => SecuritySchemeKind::OpenIdConnect,
        other => {
            cx.report(
                Code::SecurityScheme,
                node.pos,
                format!("security scheme type {other:?} is not one OpenAPI 3.0 knows; dropped"),
            );
            return None;
        }
    };
    Some(SecurityScheme {
        kind,
        description: text("description"),
        name: text("name"),
        location: text("in").as_deref().and_then(ParamLocation::parse),
        scheme: text("scheme"),
        bearer_format: text("bearerFormat"),
        flows: node.get("flows").map(Node::to_json),
        open_id_connect_url: text("openIdConnectUrl"),
    })
}

#[cfg(test)]
mod tests {
    use crate::ingest::{ingest, Shape};
    use crate::model::{Method, ParamLocation};
    use crate::source::SourceFile;
    use serde_json::json;

    fn page(body: &str) -> crate::ingest::PageOutput {
        ingest(&SourceFile::new("v/p.md", body))
    }

    fn codes(out: &crate::ingest::PageOutput) -> Vec<&'static str> {
        out.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    const EMBEDDED: &str = "# Add Thing\n\n> Adds a thing.\n\n## OpenAPI\n\n````yaml post /things/{id}\nopenapi: 3.1.0\ninfo: {title: T, version: '2'}\nservers:\n  - url: https://api.example.com/v1\npaths:\n  /things/{id}:\n    parameters:\n      - $ref: '#/components/parameters/Id'\n    post:\n      parameters:\n        - name: Authorization\n          in: header\n          required: true\n          schema: {type: string}\n          description: 'Bearer token'\n        - name: Accept\n          in: header\n          schema: {type: string}\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                name: {type: [string, 'null']}\n      responses:\n        '201':\n          $ref: '#/components/responses/Created'\ncomponents:\n  parameters:\n    Id: {name: id, in: path, schema: {type: integer}}\n  responses:\n    Created:\n      description: Created\n      content:\n        application/json:\n          example: {ok: true}\n````\n";

    #[test]
    fn an_embedded_document_becomes_its_operation() {
        let out = page(EMBEDDED);
        assert_eq!(out.shape, Shape::OpenApi);
        let op = &out.contract.paths["/things/{id}"][&Method::Post];
        assert_eq!(op.operation_id, "addThing", "from the page title");
        assert_eq!(op.summary.as_deref(), Some("Add Thing"));
        // Path-level $ref parameter inlined; Authorization lifted; Accept dropped.
        assert_eq!(op.parameters.len(), 1);
        assert_eq!(
            (op.parameters[0].name.as_str(), op.parameters[0].location),
            ("id", ParamLocation::Path)
        );
        assert!(op.parameters[0].required, "path parameters are required");
        assert_eq!(
            op.security.as_ref().unwrap()[0].keys().collect::<Vec<_>>(),
            ["bearerAuth"]
        );
        let body = serde_json::to_value(&op.request_body).unwrap();
        assert_eq!(
            body["content"]["application/json"]["schema"]["properties"]["name"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            op.responses["201"].content["application/json"].example,
            Some(json!({"ok": true}))
        );
        assert_eq!(out.contract.servers[0].url, "https://api.example.com/v1");
        assert_eq!(
            codes(&out),
            [
                "parameter-ignored",
                "path-parameter-required",
                "credential-header"
            ]
        );
    }

    #[test]
    fn a_json_block_is_read_like_yaml() {
        let text = "````json POST /x\n{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"},\n \"paths\": {\"/x\": {\"post\": {\"operationId\": \"makeX\", \"responses\": {\"200\": {\"description\": \"OK\"}}}}}}\n````\n";
        let out = page(text);
        assert_eq!(
            out.contract.paths["/x"][&Method::Post].operation_id,
            "makeX"
        );
        assert!(out.diagnostics.is_empty());
    }

    #[test]
    fn swagger_2_is_rejected_with_a_clear_error() {
        let out = page("```yaml get /x\nswagger: '2.0'\npaths: {}\n```\n");
        let d = out.diagnostics.iter().next().unwrap();
        assert_eq!(
            (d.code, d.location.line),
            (crate::diag::Code::UnsupportedVersion, 2)
        );
        assert!(out.contract.paths.is_empty());
    }

    #[test]
    fn a_block_that_does_not_parse_is_an_error_at_its_line() {
        let out = page("# T\n\n````yaml get /x\nopenapi: 3.0.0\npaths: [unclosed\n````\n");
        let d = out.diagnostics.iter().next().unwrap();
        assert_eq!(d.code, crate::diag::Code::SpecSyntax);
        assert!(d.location.line >= 5, "{}", d.render());
        assert!(out.diagnostics.has_errors());
    }

    #[test]
    fn a_label_naming_an_operation_the_document_lacks_is_an_error() {
        let out = page("````yaml get /y\nopenapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses: {'200': {description: OK}}\n````\n");
        assert!(codes(&out).contains(&"fence-operation-missing"));
    }

    #[test]
    fn a_dangling_ref_is_reported_where_it_is_written() {
        let out = page("````yaml get /x\nopenapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Nope'\n````\n");
        let d = out
            .diagnostics
            .iter()
            .find(|d| d.code == crate::diag::Code::DanglingRef)
            .unwrap();
        assert_eq!(d.location.line, 13);
    }
}
