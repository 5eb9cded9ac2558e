//! Server lists, API-wide and per operation: matched by URL (a trailing
//! slash ignored).

use crate::model::Server;

use super::{val, Differ, OperationRef};

impl Differ<'_> {
    pub(super) fn servers(
        &mut self,
        old: &[Server],
        new: &[Server],
        new_base: &str,
        old_base: &str,
        op: Option<&OperationRef>,
    ) {
        let key = |s: &Server| s.url.trim_end_matches('/').to_string();
        for (i, s) in old.iter().enumerate() {
            if !new.iter().any(|t| key(t) == key(s)) {
                self.push("api-server-removed", op, format!("{new_base}/{i}"))
                    .phys(new_base)
                    .base(format!("{old_base}/{i}"))
                    .before(val(&s.url))
                    .msg(format!("server `{}` was removed", s.url));
            }
        }
        for (i, s) in new.iter().enumerate() {
            let here = format!("{new_base}/{i}");
            match old.iter().position(|t| key(t) == key(s)) {
                None => self
                    .push("api-server-added", op, here)
                    .after(val(&s.url))
                    .msg(format!("server `{}` was added", s.url)),
                Some(j) => {
                    let t = &old[j];
                    let there = format!("{old_base}/{j}");
                    if t.description != s.description {
                        self.push("api-description-changed", op, format!("{here}/description"))
                            .base(format!("{there}/description"))
                            .before(val(&t.description))
                            .after(val(&s.description))
                            .msg(format!("the description of server `{}` changed", s.url));
                    }
                    if t.variables != s.variables {
                        self.push("api-server-changed", op, format!("{here}/variables"))
                            .base(format!("{there}/variables"))
                            .before(val(&t.variables))
                            .after(val(&s.variables))
                            .msg(format!("the variables of server `{}` changed", s.url));
                    }
                }
            }
        }
    }
}
