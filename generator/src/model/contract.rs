//! The document's top level: the contract itself, with walks over its
//! operations and schema roots, `info` and servers.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    Components, Method, Operation, PathItem, Schema, SecurityRequirement, OPENAPI_VERSION,
};
use crate::pointer::escape_pointer;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    pub openapi: String,
    pub info: Info,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<Server>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security: Vec<SecurityRequirement>,
    #[serde(default)]
    pub paths: BTreeMap<String, PathItem>,
    #[serde(default, skip_serializing_if = "Components::is_empty")]
    pub components: Components,
}

impl Default for Contract {
    fn default() -> Self {
        Contract {
            openapi: OPENAPI_VERSION.into(),
            info: Info::default(),
            servers: Vec::new(),
            security: Vec::new(),
            paths: BTreeMap::new(),
            components: Components::default(),
        }
    }
}

impl Contract {
    /// Every operation with its path and method, in path then method order.
    pub fn operations(&self) -> impl Iterator<Item = (&str, Method, &Operation)> {
        self.paths
            .iter()
            .flat_map(|(path, item)| item.iter().map(move |(m, op)| (path.as_str(), *m, op)))
    }

    pub fn operations_mut(&mut self) -> impl Iterator<Item = (&str, Method, &mut Operation)> {
        self.paths
            .iter_mut()
            .flat_map(|(path, item)| item.iter_mut().map(move |(m, op)| (path.as_str(), *m, op)))
    }

    /// Every top-level schema with its pointer: components, parameters,
    /// headers, request and response bodies.
    pub fn schema_roots(&self) -> Vec<(String, &Schema)> {
        let mut out: Vec<(String, &Schema)> = Vec::new();
        for (name, s) in &self.components.schemas {
            out.push((format!("/components/schemas/{}", escape_pointer(name)), s));
        }
        for (path, method, op) in self.operations() {
            let op_ptr = format!("/paths/{}/{}", escape_pointer(path), method.as_str());
            for (i, p) in op.parameters.iter().enumerate() {
                out.push((format!("{op_ptr}/parameters/{i}/schema"), &p.schema));
            }
            if let Some(body) = &op.request_body {
                for (media, m) in &body.content {
                    if let Some(s) = &m.schema {
                        out.push((
                            format!(
                                "{op_ptr}/requestBody/content/{}/schema",
                                escape_pointer(media)
                            ),
                            s,
                        ));
                    }
                }
            }
            for (status, r) in &op.responses {
                for (name, h) in &r.headers {
                    out.push((
                        format!(
                            "{op_ptr}/responses/{status}/headers/{}/schema",
                            escape_pointer(name)
                        ),
                        &h.schema,
                    ));
                }
                for (media, m) in &r.content {
                    if let Some(s) = &m.schema {
                        out.push((
                            format!(
                                "{op_ptr}/responses/{status}/content/{}/schema",
                                escape_pointer(media)
                            ),
                            s,
                        ));
                    }
                }
            }
        }
        out
    }

    /// The component schemas the operation at `path`/`method` needs,
    /// followed through references between components, by name.
    pub fn schemas_used_by(&self, path: &str, method: Method) -> BTreeSet<String> {
        let op_ptr = format!("/paths/{}/{}/", escape_pointer(path), method.as_str());
        let mut roots = Vec::new();
        for (ptr, root) in self.schema_roots() {
            if ptr.starts_with(&op_ptr) {
                roots.extend(root.references());
            }
        }
        self.components.schema_closure(roots)
    }

    /// Mutable [`schema_roots`](Self::schema_roots), in the same order.
    pub fn schema_roots_mut(&mut self) -> Vec<(String, &mut Schema)> {
        let mut out: Vec<(String, &mut Schema)> = Vec::new();
        for (name, s) in self.components.schemas.iter_mut() {
            out.push((format!("/components/schemas/{}", escape_pointer(name)), s));
        }
        for (path, item) in self.paths.iter_mut() {
            for (method, op) in item.iter_mut() {
                let op_ptr = format!("/paths/{}/{}", escape_pointer(path), method.as_str());
                for (i, p) in op.parameters.iter_mut().enumerate() {
                    out.push((format!("{op_ptr}/parameters/{i}/schema"), &mut p.schema));
                }
                if let Some(body) = &mut op.request_body {
                    for (media, m) in body.content.iter_mut() {
                        if let Some(s) = &mut m.schema {
                            out.push((
                                format!(
                                    "{op_ptr}/requestBody/content/{}/schema",
                                    escape_pointer(media)
                                ),
                                s,
                            ));
                        }
                    }
                }
                for (status, r) in op.responses.iter_mut() {
                    for (name, h) in r.headers.iter_mut() {
                        out.push((
                            format!(
                                "{op_ptr}/responses/{status}/headers/{}/schema",
                                escape_pointer(name)
                            ),
                            &mut h.schema,
                        ));
                    }
                    for (media, m) in r.content.iter_mut() {
                        if let Some(s) = &mut m.schema {
                            out.push((
                                format!(
                                    "{op_ptr}/responses/{status}/content/{}/schema",
                                    escape_pointer(media)
                                ),
                                s,
                            ));
                        }
                    }
                }
            }
        }
        out
    }

    /// The contract as a JSON value (the exact OpenAPI document).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Info {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Server {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub variables: IndexMap<String, ServerVariable>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerVariable {
    pub default: String,
    #[serde(rename = "enum", default, skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}
