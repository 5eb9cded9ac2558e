//! API-wide changes outside operations: the `info` object, and component
//! schemas no operation uses.

use std::collections::BTreeSet;

use crate::model::Contract;
use crate::pointer::escape_pointer;

use super::{schema, val, Differ};

impl Differ<'_> {
    pub(super) fn info(&mut self) {
        let (o, n) = (&self.old.info, &self.new.info);
        let fields = [
            ("title", Some(&o.title), Some(&n.title)),
            ("version", Some(&o.version), Some(&n.version)),
            (
                "description",
                o.description.as_ref(),
                n.description.as_ref(),
            ),
        ];
        for (field, a, b) in fields {
            if a != b {
                let at = format!("/info/{field}");
                self.push("api-description-changed", None, at.clone())
                    .base(at)
                    .before(val(&a))
                    .after(val(&b))
                    .msg(format!("the API's {field} changed"));
            }
        }
    }

    /// Component schemas no operation uses: compared by content, so a
    /// renamed one is not a change. (Used ones are compared where they
    /// are used.)
    pub(super) fn unused_schemas(&mut self) {
        let used = |c: &Contract| -> BTreeSet<String> {
            let mut roots = Vec::new();
            for (ptr, root) in c.schema_roots() {
                if ptr.starts_with("/paths/") {
                    roots.extend(root.references());
                }
            }
            c.components.schema_closure(roots)
        };
        let shapes = |c: &Contract| -> BTreeSet<String> {
            c.components
                .schemas
                .values()
                .map(|s| schema::shape(&c.components, s).to_string())
                .collect()
        };
        let (old, new) = (self.old, self.new);
        let (old_shapes, new_shapes) = (shapes(old), shapes(new));
        for (from, to, shapes_to, removed) in [
            (old, new, &new_shapes, true),
            (new, old, &old_shapes, false),
        ] {
            let used_from = used(from);
            for (name, s) in &from.components.schemas {
                if used_from.contains(name) || to.components.schemas.contains_key(name) {
                    continue;
                }
                if shapes_to.contains(&schema::shape(&from.components, s).to_string()) {
                    continue;
                }
                let here = format!("/components/schemas/{}", escape_pointer(name));
                if removed {
                    self.push("api-schema-removed", None, here.clone())
                        .phys("/components/schemas")
                        .base(here)
                        .before(val(name))
                        .msg(format!(
                            "component schema `{name}` (used by no operation) was removed"
                        ));
                } else {
                    self.push("api-schema-added", None, here)
                        .after(val(name))
                        .msg(format!(
                            "component schema `{name}` (used by no operation) was added"
                        ));
                }
            }
        }
    }
}
