//! Checks every page gets after it is read: `$ref`s must resolve within the
//! page's own document, and `required` must name listed properties.

use std::collections::HashMap;

use crate::diag::{Code, Diagnostic};
use crate::doc::Node;
use crate::model::{Contract, Schema};

use super::schema::check_required;
use super::PageCx;

pub fn check_page_schemas(cx: &mut PageCx, contract: &mut Contract, root: &Node) {
    check_required_defined(cx, contract);
    check_refs_resolve(cx, contract, root);
}

/// `required` names listed properties, in every schema of `contract`.
pub fn check_required_defined(cx: &mut PageCx, contract: &mut Contract) {
    for (ptr, schema) in contract.schema_roots_mut() {
        check_required(cx, schema, &ptr);
    }
}

/// Every `$ref` of `contract` resolves within the page's document `root`.
pub fn check_refs_resolve(cx: &mut PageCx, contract: &Contract, root: &Node) {
    let dangling = dangling_refs(contract.schema_roots(), root);
    report_dangling(cx, dangling, root);
}

/// (pointer, target) of each `$ref` under `roots` that does not resolve
/// in `root`, in walk order.
pub(super) fn dangling_refs<'s>(
    roots: impl IntoIterator<Item = (String, &'s Schema)>,
    root: &Node,
) -> Vec<(String, String)> {
    let mut dangling: Vec<(String, String)> = Vec::new();
    // Specs name the same few targets thousands of times; each lookup
    // walks the document's maps, so each target is looked up once.
    let mut resolves: HashMap<String, bool> = HashMap::new();
    for (mut ptr, schema) in roots {
        collect_dangling(schema, &mut ptr, root, &mut resolves, &mut dangling);
    }
    dangling
}

/// A warning for each dangling ref (from [`dangling_refs`]).
pub(super) fn report_dangling(cx: &mut PageCx, dangling: Vec<(String, String)>, root: &Node) {
    let defined = defined_schemas(root);
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

fn collect_dangling(
    schema: &Schema,
    ptr: &mut String,
    root: &Node,
    known: &mut HashMap<String, bool>,
    out: &mut Vec<(String, String)>,
) {
    if let Some(target) = &schema.reference {
        let resolves = match known.get(target) {
            Some(resolves) => *resolves,
            None => {
                let resolves = target
                    .strip_prefix('#')
                    .is_some_and(|p| root.pointer(p).is_some());
                known.insert(target.clone(), resolves);
                resolves
            }
        };
        if !resolves {
            out.push((ptr.to_string(), target.clone()));
        }
    }
    schema.for_each_child(ptr, &mut |child, ptr| {
        collect_dangling(child, ptr, root, known, out);
    });
}
