//! OpenAPI Overlay 1.0 documents: fixes the docs cannot express, kept
//! beside the vendor's pages (`specs/<vendor>/overlay.yaml`).
//!
//! Each action selects nodes with a JSONPath (RFC 9535) `target` and
//! either removes them (`remove: true`) or merges `update` into them:
//! objects merge key by key (recursively), arrays get the update appended,
//! anything else is replaced. To replace a list, remove it, then update
//! its parent. An action whose target selects nothing is an error: a fix
//! that silently stops applying is worse than none.

use serde_json::Value;
use serde_json_path::JsonPath;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::doc::{yaml, Node};
use crate::model::Contract;
use crate::source::SourceFile;
use crate::srcmap::SourceMap;

/// Apply the overlay in `file` to `contract`; positions of what the
/// overlay adds are recorded in `map`. On any error the contract is left
/// as it was (apart from actions applied before the failing one).
pub fn apply(
    file: &SourceFile,
    contract: &mut Contract,
    map: &mut SourceMap,
    diags: &mut Diagnostics,
) {
    // Shaped like the site config's parse failure (`site::config::parse`),
    // but a YAML document with its own code and message: a shared helper
    // would tie the format-neutral `doc` tree to diagnostics.
    let root = match yaml::parse(file.text(), 1, 0) {
        Ok(root) => root,
        Err(e) => {
            diags.push(Diagnostic::new(
                Code::OverlaySyntax,
                file.location_at(e.pos.line as usize, e.pos.col as usize),
                format!("overlay does not parse: {}", e.message),
            ));
            return;
        }
    };
    let at = |node: &Node| file.location_at(node.pos.line as usize, node.pos.col as usize);
    match root.get("overlay").and_then(Node::as_str) {
        Some(v) if v.starts_with("1.") => {}
        _ => diags.push(Diagnostic::new(
            Code::OverlayVersion,
            root.get("overlay").map_or_else(|| file.start(), at),
            "`overlay` should name version 1.0.0; read as Overlay 1.0",
        )),
    }
    let Some(actions) = root.get("actions").and_then(Node::as_seq) else {
        diags.push(Diagnostic::new(
            Code::OverlayActions,
            at(&root),
            "an overlay needs a list of `actions`",
        ));
        return;
    };
    let mut doc = contract.to_json();
    let mut own_map = SourceMap::for_file(file);
    for action in actions {
        let Some(target_node) = action.get("target") else {
            diags.push(Diagnostic::new(
                Code::OverlayAction,
                at(action),
                "action has no `target`",
            ));
            continue;
        };
        let Some(target) = target_node.as_str() else {
            diags.push(Diagnostic::new(
                Code::OverlayAction,
                at(target_node),
                "`target` must be a JSONPath string",
            ));
            continue;
        };
        let path = match JsonPath::parse(target) {
            Ok(path) => path,
            Err(e) => {
                diags.push(Diagnostic::new(
                    Code::OverlayTarget,
                    at(target_node),
                    format!("`{target}` is not a JSONPath: {e}"),
                ));
                continue;
            }
        };
        let mut pointers: Vec<String> = path
            .query_located(&doc)
            .locations()
            .map(|loc| loc.to_json_pointer())
            .collect();
        if pointers.is_empty() {
            diags.push(
                Diagnostic::new(
                    Code::OverlayTarget,
                    at(target_node),
                    format!("`{target}` selects nothing in the contract"),
                )
                .with_note("the docs may have changed: check whether this fix is still needed"),
            );
            continue;
        }
        let remove = action
            .get("remove")
            .and_then(Node::as_bool)
            .unwrap_or(false);
        if remove {
            // Deepest and last first, so earlier array indexes stay valid.
            pointers.sort();
            for ptr in pointers.iter().rev() {
                remove_at(&mut doc, ptr);
            }
        } else if let Some(update) = action.get("update") {
            for ptr in &pointers {
                if let Some(node) = doc.pointer_mut(ptr) {
                    let base_len = node.as_array().map_or(0, Vec::len);
                    merge_into(node, update.to_json());
                    record_update(&mut own_map, ptr, update, base_len);
                }
            }
        } else {
            diags.push(Diagnostic::new(
                Code::OverlayActionEmpty,
                at(action),
                "action has neither `update` nor `remove: true`; nothing done",
            ));
        }
    }
    match serde_json::from_value::<Contract>(doc) {
        Ok(updated) => {
            *contract = updated;
            map.absorb(own_map, &|p| p.to_string());
        }
        Err(e) => diags.push(Diagnostic::new(
            Code::OverlayResult,
            at(&root),
            format!("the overlay leaves a contract that is not valid: {e}; overlay not applied"),
        )),
    }
}

fn remove_at(doc: &mut Value, ptr: &str) {
    let Some((parent, last)) = ptr.rsplit_once('/') else {
        return;
    };
    let key = crate::pointer::unescape_pointer(last);
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
}

/// Overlay 1.0 merge: objects recursively, arrays appended, else replaced.
fn merge_into(target: &mut Value, update: Value) {
    match (target, update) {
        (Value::Object(base), Value::Object(patch)) => {
            for (k, v) in patch {
                match base.get_mut(&k) {
                    Some(existing) => merge_into(existing, v),
                    None => {
                        base.insert(k, v);
                    }
                }
            }
        }
        (Value::Array(base), Value::Array(items)) => base.extend(items),
        (Value::Array(base), item) => base.push(item),
        (slot, value) => *slot = value,
    }
}

/// Record the overlay's own positions for what an update writes.
fn record_update(map: &mut SourceMap, ptr: &str, update: &Node, base_len: usize) {
    match &update.kind {
        crate::doc::Kind::Map(entries) => {
            for e in entries {
                let child = crate::pointer::join(ptr, &e.key);
                map.record(&child, e.key_pos);
                record_update(map, &child, &e.value, 0);
            }
        }
        crate::doc::Kind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let child = crate::pointer::join(ptr, &(base_len + i).to_string());
                map.record(&child, item.pos);
                record_update(map, &child, item, 0);
            }
        }
        _ => map.record(ptr, update.pos),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Method, Operation, Response, Schema, SchemaType};
    use serde_json::json;

    fn contract() -> Contract {
        let mut c = Contract::default();
        c.info.title = "T".into();
        c.info.version = "1".into();
        let mut s = Schema::of_type(SchemaType::Object);
        s.properties.insert(
            "emails".into(),
            Schema::array_of(Schema::of_type(SchemaType::String)),
        );
        s.required = crate::model::thin_vec!["email".into()];
        c.components.schemas.insert("Body".into(), s);
        let mut op = Operation {
            operation_id: "x".into(),
            ..Operation::default()
        };
        op.responses.insert(
            "200".into(),
            Response {
                description: "OK".into(),
                ..Response::default()
            },
        );
        c.paths
            .entry("/x".into())
            .or_default()
            .insert(Method::Post, op);
        c
    }

    fn run(overlay: &str) -> (Contract, Diagnostics) {
        let file = SourceFile::new("v/overlay.yaml", overlay);
        let mut c = contract();
        let mut map = SourceMap::default();
        let mut diags = Diagnostics::default();
        apply(&file, &mut c, &mut map, &mut diags);
        (c, diags)
    }

    #[test]
    fn update_merges_objects_and_appends_to_arrays() {
        let (c, diags) = run(
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.components.schemas.Body.properties.emails.items\n    update: {format: email}\n  - target: $.components.schemas.Body.properties.emails\n    update: {maxItems: 25}\n  - target: $.components.schemas.Body.required\n    update: username\n",
        );
        assert!(diags.is_empty(), "{}", diags.render());
        let body = serde_json::to_value(&c.components.schemas["Body"]).unwrap();
        assert_eq!(
            body,
            json!({"type": "object", "properties": {"emails": {"type": "array", "maxItems": 25, "items": {"type": "string", "format": "email"}}}, "required": ["email", "username"]})
        );
    }

    #[test]
    fn remove_then_update_replaces_a_list() {
        let (c, diags) = run(
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.components.schemas.Body.required\n    remove: true\n  - target: $.components.schemas.Body\n    update:\n      required: [username]\n",
        );
        assert!(diags.is_empty(), "{}", diags.render());
        assert_eq!(c.components.schemas["Body"].required, ["username"]);
    }

    #[test]
    fn a_target_that_selects_nothing_is_an_error_with_its_line() {
        let (_, diags) =
            run("overlay: 1.0.0\nactions:\n  - target: $.paths['/nope']\n    remove: true\n");
        let d = diags.iter().next().unwrap();
        assert_eq!(
            (d.code, d.location.line),
            (crate::diag::Code::OverlayTarget, 3)
        );
    }

    #[test]
    fn an_update_that_breaks_the_contract_is_refused() {
        let (c, diags) = run("overlay: 1.0.0\nactions:\n  - target: $.paths\n    update: {'/x': {post: {responses: 7}}}\n");
        assert!(
            diags
                .iter()
                .any(|d| d.code == crate::diag::Code::OverlayResult),
            "{}",
            diags.render()
        );
        assert_eq!(c, contract());
    }
}
