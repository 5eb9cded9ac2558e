//! Checks every page gets after it is read: `$ref`s must resolve within the
//! page's own document, and `required` must name listed properties.

use crate::diag::{Code, Diagnostic};
use crate::doc::Node;
use crate::model::{Contract, Schema};

use super::schema::check_required;
use super::PageCx;

pub fn check_page_schemas(cx: &mut PageCx, contract: &mut Contract, root: &Node) {
    for (ptr, schema) in contract.schema_roots_mut() {
        check_required(cx, schema, &ptr);
    }
    let defined = defined_schemas(root);
    let mut dangling: Vec<(String, String)> = Vec::new();
    for (ptr, schema) in contract.schema_roots() {
        collect_dangling(schema, &ptr, root, &mut dangling);
    }
    for (ptr, target) in dangling {
        let loc = cx.map.locate_or(&ptr, &cx.file.start());
        let why = if !target.starts_with('#') {
            "references to other documents are not followed".to_string()
        } else if defined.is_empty() {
            "the page defines no component schemas".to_string()
        } else {
            format!("the page defines {}", defined.join(", "))
        };
        cx.push(
            Diagnostic::new(
                Code::DanglingRef,
                loc,
                format!("`$ref: {target}` points to nothing"),
            )
            .with_note(why),
        );
    }
}

fn defined_schemas(root: &Node) -> Vec<String> {
    root.get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Node::as_map)
        .map(|m| m.iter().map(|e| format!("`{}`", e.key)).collect())
        .unwrap_or_default()
}

fn collect_dangling(schema: &Schema, ptr: &str, root: &Node, out: &mut Vec<(String, String)>) {
    if let Some(target) = &schema.reference {
        let resolves = target
            .strip_prefix('#')
            .is_some_and(|p| root.pointer(p).is_some());
        if !resolves {
            out.push((ptr.to_string(), target.clone()));
        }
    }
    for (token, child) in schema.children() {
        collect_dangling(child, &format!("{ptr}/{token}"), root, out);
    }
}
