//! A projection as compared lines: one `(path, what is compared)` per
//! node, for the round trip and for the fixture expectations.

use generator::model::{Contract, Operation};
use serde_json::Value;

use super::node::node_of;
use super::{Cx, Exclusion, Node, ProjectedOp};

/// What is compared of one node (not its children).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Desc {
    pub ty: String,
    pub format: Option<String>,
    pub enum_values: Option<String>,
    pub nullable: bool,
    pub alternatives: Option<String>,
    pub default: Option<String>,
    pub required: bool,
}

impl Desc {
    pub fn show(&self) -> String {
        let mut out = self.ty.clone();
        if let Some(f) = &self.format {
            out.push_str(&format!(" ({f})"));
        }
        if let Some(a) = &self.alternatives {
            out = a.clone();
        }
        if let Some(e) = &self.enum_values {
            out.push_str(&format!(" enum {e}"));
        }
        if self.nullable {
            out.push_str(" nullable");
        }
        if let Some(d) = &self.default {
            out.push_str(&format!(" default {d}"));
        }
        if self.required {
            out.push_str(" required");
        }
        out
    }
}

fn desc(node: &Node, required: bool) -> Desc {
    Desc {
        ty: node.ty.name().to_string(),
        format: node.format.clone(),
        enum_values: (!node.enum_values.is_empty())
            .then(|| Value::Array(node.enum_values.clone()).to_string()),
        nullable: node.nullable,
        alternatives: (!node.alternatives.is_empty()).then(|| {
            node.alternatives
                .iter()
                .map(|a| desc(a, false).show())
                .collect::<Vec<_>>()
                .join(" | ")
        }),
        default: node.default.as_ref().map(Value::to_string),
        required,
    }
}

/// Every node of a tree as (path, what is compared), depth first.
/// Paths: `a.b` for properties, `a[]` for items, `a{}` for map values.
pub fn lines(node: &Node, at: &str, required: bool, out: &mut Vec<(String, Desc)>) {
    out.push((at.to_string(), desc(node, required)));
    if let Some(items) = &node.items {
        lines(items, &format!("{at}[]"), false, out);
    }
    if let Some(map) = &node.map {
        lines(map, &format!("{at}{{}}"), false, out);
    }
    for p in &node.props {
        lines(&p.node, &format!("{at}.{}", p.name), p.required, out);
    }
    for (i, a) in node.alternatives.iter().enumerate() {
        if a.has_children() || a.items.is_some() || a.map.is_some() || !a.alternatives.is_empty() {
            lines(a, &format!("{at}|{i}"), false, out);
        }
    }
}

/// Everything the normalized operation says, for the fixture
/// expectations: every parameter, every request and response media type
/// with its whole schema (refs followed, `allOf` merged, alternatives
/// kept, recursion cut), as `key: description` lines; and the places cut.
pub fn full_lines(contract: &Contract, op: &Operation) -> (Vec<String>, Vec<Exclusion>) {
    let mut cx = Cx {
        components: &contract.components.schemas,
        mdx: false,
        stack: Vec::new(),
        exclusions: Vec::new(),
        nodes: 0,
    };
    let mut out: Vec<(String, Desc)> = Vec::new();
    let mut plain: Vec<String> = Vec::new();
    let flush = |out: &mut Vec<(String, Desc)>, plain: &mut Vec<String>| {
        plain.extend(out.drain(..).map(|(k, d)| format!("{k}: {}", d.show())));
    };
    for p in &op.parameters {
        let key = format!("{} {}", p.location.as_str(), p.name);
        let node = node_of(&mut cx, &p.schema, &key, 0);
        lines(&node, &key, p.required, &mut out);
        flush(&mut out, &mut plain);
    }
    if let Some(b) = &op.request_body {
        for (media, m) in &b.content {
            let key = format!("body {media}");
            match &m.schema {
                Some(schema) => {
                    let node = node_of(&mut cx, schema, &key, 0);
                    lines(&node, &key, b.required, &mut out);
                    flush(&mut out, &mut plain);
                }
                None => plain.push(format!("{key}: (no schema)")),
            }
        }
    }
    for (status, r) in &op.responses {
        if r.content.is_empty() {
            plain.push(format!("response {status}: (no body)"));
        }
        for (media, m) in &r.content {
            let key = format!("response {status} {media}");
            match &m.schema {
                Some(schema) => {
                    let node = node_of(&mut cx, schema, &key, 0);
                    lines(&node, &key, false, &mut out);
                    flush(&mut out, &mut plain);
                }
                None => plain.push(format!("{key}: (no schema)")),
            }
        }
    }
    let mut cut = cx.exclusions;
    cut.sort();
    cut.dedup();
    (plain, cut)
}

/// The whole operation as (key, what is compared) lines.
pub fn op_lines(op: &ProjectedOp) -> Vec<(String, Desc)> {
    let mut out = Vec::new();
    for p in &op.params {
        lines(
            &p.node,
            &format!("{} {}", p.loc.name(), p.name),
            p.required,
            &mut out,
        );
    }
    if let Some(b) = &op.body {
        lines(&b.node, &format!("body {}", b.media), false, &mut out);
    }
    for r in &op.responses {
        match &r.body {
            Some(node) => lines(node, &format!("response {}", r.status), false, &mut out),
            None => out.push((
                format!("response {}", r.status),
                Desc {
                    ty: "(no fields)".into(),
                    format: None,
                    enum_values: None,
                    nullable: false,
                    alternatives: None,
                    default: None,
                    required: false,
                },
            )),
        }
    }
    out
}
