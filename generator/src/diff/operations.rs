//! Operations: matched by method and path shape (parameter names
//! ignored), then each pair compared field by field, delegating to the
//! parameter, body, response, server and security comparisons.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::{path, Contract, Method, Operation};

use super::{val, Differ, Here, OperationRef};

impl<'a> Differ<'a> {
    pub(super) fn operations(&mut self) {
        type OpList<'c> = Vec<(&'c str, Method, &'c Operation)>;
        let group = |c: &'a Contract| -> BTreeMap<(String, Method), OpList<'a>> {
            let mut map: BTreeMap<(String, Method), OpList<'a>> = BTreeMap::new();
            for (path, method, op) in c.operations() {
                map.entry((path_key(path), method))
                    .or_default()
                    .push((path, method, op));
            }
            map
        };
        let old = group(self.old);
        let new = group(self.new);
        let old_shapes: BTreeSet<String> = old.keys().map(|(s, _)| s.clone()).collect();
        let new_shapes: BTreeSet<String> = new.keys().map(|(s, _)| s.clone()).collect();
        let keys: BTreeSet<&(String, Method)> = old.keys().chain(new.keys()).collect();
        for key in keys {
            let mut olds: OpList = old.get(key).cloned().unwrap_or_default();
            let mut news: OpList = new.get(key).cloned().unwrap_or_default();
            // The same template first, then the rest in order.
            let mut pairs = Vec::new();
            olds.retain(|o| match news.iter().position(|n| n.0 == o.0) {
                Some(i) => {
                    pairs.push((*o, news.remove(i)));
                    false
                }
                None => true,
            });
            while !olds.is_empty() && !news.is_empty() {
                pairs.push((olds.remove(0), news.remove(0)));
            }
            for (o, n) in pairs {
                self.operation(o, n);
            }
            for (path, method, op) in olds {
                let whole = !new_shapes.contains(&key.0);
                let (rule, what) = if whole {
                    ("api-path-removed", "path")
                } else {
                    ("api-operation-removed", "operation")
                };
                let here = crate::pointer::operation(path, method);
                let label = format!("{} {path}", method.upper());
                self.push(
                    rule,
                    Some(&OperationRef::new(path, method, op)),
                    here.clone(),
                )
                .phys("/paths")
                .base(here)
                .before(Some(Value::String(label.clone())))
                .msg(format!("the {what} `{label}` was removed"));
            }
            for (path, method, op) in news {
                let whole = !old_shapes.contains(&key.0);
                let (rule, what) = if whole {
                    ("api-path-added", "path")
                } else {
                    ("api-operation-added", "operation")
                };
                let here = crate::pointer::operation(path, method);
                let label = format!("{} {path}", method.upper());
                self.push(rule, Some(&OperationRef::new(path, method, op)), here)
                    .after(Some(Value::String(label.clone())))
                    .msg(format!("the {what} `{label}` was added"));
            }
        }
    }

    fn operation(
        &mut self,
        (old_path, method, o): (&str, Method, &Operation),
        (new_path, _, n): (&str, Method, &Operation),
    ) {
        let op = OperationRef::new(new_path, method, n);
        let h = Here {
            op: &op,
            new: crate::pointer::operation(new_path, method),
            old: crate::pointer::operation(old_path, method),
        };
        let opr = Some(&op);
        if o.operation_id != n.operation_id {
            self.push(
                "api-operation-id-changed",
                opr,
                format!("{}/operationId", h.new),
            )
            .base(format!("{}/operationId", h.old))
            .before(val(&o.operation_id))
            .after(val(&n.operation_id))
            .msg(format!(
                "operationId `{}` became `{}`",
                o.operation_id, n.operation_id
            ));
        }
        if o.deprecated != n.deprecated {
            let (rule, what) = if n.deprecated {
                (
                    "api-operation-deprecated",
                    "the operation became deprecated",
                )
            } else {
                (
                    "api-operation-reactivated",
                    "the operation is no longer deprecated",
                )
            };
            self.push(rule, opr, format!("{}/deprecated", h.new))
                .base(format!("{}/deprecated", h.old))
                .before(val(&o.deprecated))
                .after(val(&n.deprecated))
                .msg(what);
        }
        for (field, a, b) in [
            ("summary", &o.summary, &n.summary),
            ("description", &o.description, &n.description),
        ] {
            if a != b {
                self.push(
                    "api-operation-description-changed",
                    opr,
                    format!("{}/{field}", h.new),
                )
                .base(format!("{}/{field}", h.old))
                .before(val(a))
                .after(val(b))
                .msg(format!("the operation's {field} changed"));
            }
        }
        let tags = |op: &Operation| op.tags.iter().cloned().collect::<BTreeSet<String>>();
        if tags(o) != tags(n) {
            self.push(
                "api-operation-description-changed",
                opr,
                format!("{}/tags", h.new),
            )
            .base(format!("{}/tags", h.old))
            .before(val(&tags(o)))
            .after(val(&tags(n)))
            .msg("the operation's tags changed");
        }
        self.servers(
            &o.servers,
            &n.servers,
            &format!("{}/servers", h.new),
            &format!("{}/servers", h.old),
            opr,
        );
        self.security(o, n, &h);
        self.parameters(old_path, o, new_path, n, &h);
        self.request_body(o.request_body.as_ref(), n.request_body.as_ref(), &h);
        self.responses(&o.responses, &n.responses, &h);
    }
}

/// The key the diff lines a path up by across versions: its shape
/// (parameter names dropped, [`path::path_shape`]), a trailing `/`
/// ignored, so `/m/{id}/` and `/m/{memberId}` are one path.
pub fn path_key(path: &str) -> String {
    path::path_shape(path.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_keys_ignore_parameter_names_and_a_trailing_slash() {
        assert_eq!(path_key("/m/{id}/x"), path_key("/m/{memberId}/x/"));
        assert_ne!(path_key("/m/{id}"), path_key("/m/{id}/x"));
        assert_eq!(
            path_key("/files/{id}.json"),
            path_key("/files/{fileId}.json")
        );
    }
}
