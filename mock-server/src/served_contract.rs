//! The contract as the mock serves it: the vendor's own document, mounted
//! at the mock, plus the responses the mock itself sends where the vendor
//! documents none ([`crate::selection::mock_statuses`]) and the schema of
//! its `application/problem+json` bodies.
//!
//! Written straight to JSON, never as one `Value` of the whole contract
//! (for a large spec that tree was the load's biggest allocation and a
//! sixth of its time). The paths are written at compile, so the model's
//! operations can be dropped once compiled; the rest of the document (the
//! component schemas the request path keeps anyway) is written when the
//! document is first asked for. The bytes are those of the `Value` the
//! mock used to build: the same key order, mock statuses appended after
//! the documented ones (a documented key is replaced in place).

use std::collections::BTreeMap;
use std::sync::Mutex;

use bytes::Bytes;
use generator::model::{Contract, Method, Operation, PathItem, Response};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Value};

use crate::plan::Op;
use crate::selection::mock_statuses;

/// The schema of the mock's own `application/problem+json` bodies.
pub fn problem_schema() -> Value {
    json!({
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "violations": {"type": "array", "items": {
                "type": "object",
                "required": ["location", "pointer", "code", "message"],
                "properties": {
                    "location": {"type": "string", "enum": ["path", "query", "header", "cookie", "body", "security"]},
                    "pointer": {"type": "string"},
                    "code": {"type": "string"},
                    "message": {"type": "string"}
                }
            }}
        }
    })
}

/// `/__mock/openapi/<vendor>.json`: its only server is the mock's mount,
/// and every status the mock itself may send where the vendor documents
/// nothing is added, with the problem+json schema.
pub struct ServedContract {
    state: Mutex<State>,
}

enum State {
    /// The `paths` object, written at compile.
    Paths(Spool),
    /// The whole document, once asked for.
    Document(Bytes),
}

/// Where the written paths wait until the document is first asked for
/// (most runs never ask): in an unnamed temporary file, which the system
/// deletes when the mock ends however it ends, and in memory only where
/// no such file can be made. Held in memory, GitHub's 6 MB of paths were
/// a tenth of the mock's resident memory for the whole run.
enum Spool {
    File(std::fs::File),
    Memory(Box<[u8]>),
}

impl Spool {
    fn new(bytes: Vec<u8>) -> Spool {
        use std::io::Write;
        let filed = tempfile::tempfile().and_then(|mut file| {
            file.write_all(&bytes)?;
            Ok(file)
        });
        match filed {
            Ok(file) => Spool::File(file),
            Err(e) => {
                tracing::debug!(
                    "the served contract's paths stay in memory: no temporary file ({e})"
                );
                Spool::Memory(bytes.into_boxed_slice())
            }
        }
    }

    fn read(&mut self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        use std::io::{Read, Seek};
        match self {
            Spool::Memory(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            Spool::File(file) => {
                file.rewind()?;
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes)?;
                Ok(std::borrow::Cow::Owned(bytes))
            }
        }
    }
}

impl ServedContract {
    /// Write the paths of `paths` (the operations `ops` were compiled
    /// from, in contract order).
    pub fn new(paths: &BTreeMap<String, PathItem>, ops: &[Op]) -> ServedContract {
        let problem = problem_schema();
        let paths = ServedPaths {
            paths,
            ops,
            problem: &problem,
        };
        let written = serde_json::to_vec(&paths).unwrap_or_else(|_| b"{}".to_vec());
        ServedContract {
            state: Mutex::new(State::Paths(Spool::new(written))),
        }
    }

    /// The document for vendor `name`; `contract` is everything but its
    /// paths (those were written by [`ServedContract::new`]). Fails only
    /// when the temporary file holding the paths cannot be read back.
    pub fn document(&self, name: &str, contract: &Contract) -> std::io::Result<Bytes> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let doc = match &mut *state {
            State::Document(doc) => return Ok(doc.clone()),
            State::Paths(spool) => Bytes::from(document(name, contract, &spool.read()?)),
        };
        *state = State::Document(doc.clone());
        Ok(doc)
    }
}

/// The document around the written `paths`, keys in the order of
/// `Contract`'s fields (with its `skip_serializing_if` rules); the mock's
/// `servers` stand where the contract's were, else last.
fn document(name: &str, contract: &Contract, paths: &[u8]) -> Vec<u8> {
    let servers = json!([{"url": format!("/{name}"), "description": "this mock"}]);
    let mut out = Vec::with_capacity(paths.len() * 2);
    out.push(b'{');
    entry(&mut out, "openapi", &contract.openapi);
    entry(&mut out, "info", &contract.info);
    if !contract.servers.is_empty() {
        entry(&mut out, "servers", &servers);
    }
    if !contract.security.is_empty() {
        entry(&mut out, "security", &contract.security);
    }
    key(&mut out, "paths");
    out.extend_from_slice(paths);
    if !contract.components.is_empty() {
        entry(&mut out, "components", &contract.components);
    }
    if contract.servers.is_empty() {
        entry(&mut out, "servers", &servers);
    }
    out.push(b'}');
    out
}

/// `"key":`, after a comma unless it is the object's first.
fn key(out: &mut Vec<u8>, key: &str) {
    if out.len() > 1 {
        out.push(b',');
    }
    // the keys are the model's plain ASCII field names
    out.push(b'"');
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
}

fn entry(out: &mut Vec<u8>, name: &str, value: &impl Serialize) {
    key(out, name);
    // writing into a Vec only fails on a map with non-string keys, which
    // the model has none of; `null` keeps the JSON whole
    if serde_json::to_writer(&mut *out, value).is_err() {
        out.extend_from_slice(b"null");
    }
}

/// Every path, its operations written with the mock's statuses.
struct ServedPaths<'a> {
    paths: &'a BTreeMap<String, PathItem>,
    ops: &'a [Op],
    problem: &'a Value,
}

impl Serialize for ServedPaths<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut ops = self.ops.iter();
        let mut map = s.serialize_map(Some(self.paths.len()))?;
        for (path, item) in self.paths {
            let methods: Vec<(Method, ServedOperation)> = item
                .iter()
                .map(|(method, op)| {
                    let added = ops.next().map(mock_statuses).unwrap_or_default();
                    (
                        *method,
                        ServedOperation {
                            op,
                            added,
                            problem: self.problem,
                        },
                    )
                })
                .collect();
            map.serialize_entry(path, &Methods(&methods))?;
        }
        map.end()
    }
}

struct Methods<'a>(&'a [(Method, ServedOperation<'a>)]);

impl Serialize for Methods<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (method, op) in self.0 {
            map.serialize_entry(method, op)?;
        }
        map.end()
    }
}

/// An operation as `Operation`'s derived `Serialize` writes it, its
/// responses with the mock's statuses added.
struct ServedOperation<'a> {
    op: &'a Operation,
    added: Vec<(u16, &'static str)>,
    problem: &'a Value,
}

impl Serialize for ServedOperation<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Field for field as `Operation` derives it (the unit test with
        // every field set keeps the two in step).
        let Operation {
            operation_id,
            summary,
            description,
            tags,
            deprecated,
            servers,
            security,
            parameters,
            request_body,
            responses,
            extensions,
        } = self.op;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("operationId", operation_id)?;
        if let Some(v) = summary {
            map.serialize_entry("summary", v)?;
        }
        if let Some(v) = description {
            map.serialize_entry("description", v)?;
        }
        if !tags.is_empty() {
            map.serialize_entry("tags", tags)?;
        }
        if *deprecated {
            map.serialize_entry("deprecated", deprecated)?;
        }
        if !servers.is_empty() {
            map.serialize_entry("servers", servers)?;
        }
        if let Some(v) = security {
            map.serialize_entry("security", v)?;
        }
        if !parameters.is_empty() {
            map.serialize_entry("parameters", parameters)?;
        }
        if let Some(v) = request_body {
            map.serialize_entry("requestBody", v)?;
        }
        map.serialize_entry(
            "responses",
            &ServedResponses::new(responses, &self.added, self.problem),
        )?;
        for (k, v) in extensions {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The documented responses, then the mock's, with a JSON object's
/// insertion rule: a key already there keeps its place, its value replaced.
struct ServedResponses<'a> {
    entries: Vec<(String, ResponseEntry<'a>)>,
}

enum ResponseEntry<'a> {
    Documented(&'a Response),
    Mock {
        why: &'static str,
        problem: &'a Value,
    },
}

impl<'a> ServedResponses<'a> {
    fn new(
        documented: &'a BTreeMap<String, Response>,
        added: &[(u16, &'static str)],
        problem: &'a Value,
    ) -> Self {
        let mut entries: Vec<(String, ResponseEntry)> = documented
            .iter()
            .map(|(k, r)| (k.clone(), ResponseEntry::Documented(r)))
            .collect();
        for (status, why) in added {
            let key = status.to_string();
            let value = ResponseEntry::Mock { why, problem };
            match entries.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => entries.push((key, value)),
            }
        }
        ServedResponses { entries }
    }
}

impl Serialize for ServedResponses<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.entries.len()))?;
        for (key, entry) in &self.entries {
            map.serialize_entry(key, entry)?;
        }
        map.end()
    }
}

impl Serialize for ResponseEntry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ResponseEntry::Documented(r) => r.serialize(s),
            ResponseEntry::Mock { why, problem } => {
                let mut map = s.serialize_map(Some(3))?;
                map.serialize_entry("description", why)?;
                map.serialize_entry("x-mock-generated", &true)?;
                map.serialize_entry(
                    "content",
                    &json_object("application/problem+json", &json_object("schema", *problem)),
                )?;
                map.end()
            }
        }
    }
}

/// `{"key": value}` without building a map.
fn json_object<'a, T: Serialize + ?Sized>(key: &'a str, value: &'a T) -> impl Serialize + 'a {
    struct One<'a, T: ?Sized>(&'a str, &'a T);
    impl<T: Serialize + ?Sized> Serialize for One<'_, T> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(1))?;
            map.serialize_entry(self.0, self.1)?;
            map.end()
        }
    }
    One(key, value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    use generator::model::{Components, Info, MediaType, Parameter, RequestBody, Server};

    /// The document as the mock used to build it: the whole contract as
    /// a `Value`, patched. The written bytes must equal these.
    fn reference(name: &str, contract: &Contract, ops: &[Op]) -> Vec<u8> {
        let mut doc = contract.to_json();
        doc["servers"] = json!([{"url": format!("/{name}"), "description": "this mock"}]);
        let mut ops = ops.iter();
        for (path, item) in &contract.paths {
            for method in item.keys() {
                let op = ops.next().unwrap();
                let responses = &mut doc["paths"][path][method.as_str()]["responses"];
                for (status, why) in mock_statuses(op) {
                    responses[status.to_string()] = json!({
                        "description": why,
                        "x-mock-generated": true,
                        "content": {"application/problem+json": {"schema": problem_schema()}}
                    });
                }
            }
        }
        serde_json::to_vec(&doc).unwrap()
    }

    fn served(name: &str, contract: &Contract) -> (Vec<u8>, Vec<u8>) {
        let vendor = crate::compile::compile(name, contract.clone());
        assert!(vendor.contract.paths.is_empty(), "compile drops the paths");
        let ops: Vec<Op> = vendor.ops;
        let written = ServedContract::new(&contract.paths, &ops);
        let mut bare = contract.clone();
        bare.paths.clear();
        let got = written.document(name, &bare).unwrap().to_vec();
        // asked again: the same bytes
        assert_eq!(written.document(name, &bare).unwrap().to_vec(), got);
        // and the same from memory, where no temporary file can be made
        let mut in_memory = ServedContract::new(&contract.paths, &ops);
        let spooled = match in_memory.state.get_mut().unwrap() {
            State::Paths(spool) => spool.read().unwrap().into_owned(),
            State::Document(_) => unreachable!("nothing asked for the document yet"),
        };
        *in_memory.state.get_mut().unwrap() = State::Paths(Spool::Memory(spooled.into()));
        assert_eq!(in_memory.document(name, &bare).unwrap().to_vec(), got);
        (got, reference(name, contract, &ops))
    }

    #[test]
    fn every_seed_and_fixture_contract_is_written_as_the_value_was() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = generator::vendor::vendors_of(&root.join("../specs")).unwrap();
        dirs.extend(generator::vendor::vendors_of(&root.join("tests/fixtures")).unwrap());
        assert!(dirs.len() > 4);
        for dir in dirs {
            let built = generator::vendor::build_vendor(&dir, root);
            if built.contract.operations().next().is_none() {
                continue;
            }
            let (got, want) = served(&built.name, &built.contract);
            assert!(
                got == want,
                "{}:\n{}\n!=\n{}",
                built.name,
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want)
            );
        }
    }

    /// Every field of the contract and of an operation set (listed
    /// without `..`, so a new model field fails to compile here until the
    /// writer knows it), and each top-level part left out in turn.
    #[test]
    fn every_field_is_written_where_the_derive_puts_it() {
        let schema: generator::model::Schema =
            serde_json::from_value(json!({"type": "string", "x-s": 1})).unwrap();
        let media = MediaType {
            schema: Some(schema.clone()),
            example: Some(json!("e")),
            ..Default::default()
        };
        let response = |description: &str| Response {
            description: description.into(),
            content: [("application/json".to_string(), media.clone())].into(),
            ..Default::default()
        };
        let op = Operation {
            operation_id: "op".into(),
            summary: Some("s".into()),
            description: Some("d".into()),
            tags: vec!["t".into()],
            deprecated: true,
            servers: vec![Server {
                url: "https://op.example/v2".into(),
                description: None,
                variables: Default::default(),
            }],
            security: Some(vec![[("key".to_string(), vec![])].into()]),
            parameters: vec![serde_json::from_value::<Parameter>(
                json!({"name": "q", "in": "query", "schema": {"type": "integer"}}),
            )
            .unwrap()],
            request_body: Some(RequestBody {
                description: Some("b".into()),
                required: true,
                content: [("application/json".to_string(), media.clone())].into(),
                extensions: Default::default(),
            }),
            // no `default` and no error the mock raises documented: the
            // mock's statuses are appended
            responses: [("200", response("ok")), ("404", response("gone"))]
                .into_iter()
                .map(|(k, r)| (k.to_string(), r))
                .collect(),
            extensions: [("x-op".to_string(), json!({"a": [1, 2.5, null]}))].into(),
        };
        let full = Contract {
            openapi: "3.0.3".into(),
            info: Info {
                title: "T".into(),
                description: Some("D".into()),
                version: "1".into(),
            },
            servers: vec![Server {
                url: "https://api.example/v1".into(),
                description: Some("prod".into()),
                variables: Default::default(),
            }],
            security: vec![[("key".to_string(), vec![])].into()],
            paths: [
                (
                    "/a/{id}".to_string(),
                    [(Method::Get, op.clone()), (Method::Post, op.clone())].into(),
                ),
                (
                    "/b".to_string(),
                    [(
                        Method::Put,
                        Operation {
                            operation_id: "bare".into(),
                            responses: [("204".to_string(), Response::default())].into(),
                            ..Default::default()
                        },
                    )]
                    .into(),
                ),
            ]
            .into(),
            components: Components {
                schemas: [("S".to_string(), schema)].into(),
                security_schemes: [(
                    "key".to_string(),
                    serde_json::from_value(json!({"type": "apiKey", "in": "header", "name": "k"}))
                        .unwrap(),
                )]
                .into(),
            },
        };
        let mut variants = vec![full.clone()];
        for strip in 0..3 {
            let mut c = full.clone();
            match strip {
                0 => c.servers.clear(),
                1 => c.security.clear(),
                _ => {
                    c.components.schemas.clear();
                    c.components.security_schemes.clear();
                    for op in c.paths.values_mut().flat_map(|i| i.values_mut()) {
                        op.security = None;
                    }
                }
            }
            variants.push(c);
        }
        for contract in variants {
            let (got, want) = served("v", &contract);
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want)
            );
        }
    }

    #[test]
    fn a_documented_key_the_mock_adds_keeps_its_place() {
        let problem = json!({});
        let documented: BTreeMap<String, Response> = ["200", "400", "500"]
            .into_iter()
            .map(|k| (k.to_string(), Response::default()))
            .collect();
        let r = ServedResponses::new(&documented, &[(400, "a"), (415, "b")], &problem);
        let keys: Vec<&str> = r.entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["200", "400", "500", "415"]);
        assert!(matches!(
            r.entries[1].1,
            ResponseEntry::Mock { why: "a", .. }
        ));
    }
}
