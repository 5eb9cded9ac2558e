//! Security: the schemes under `components`, and which credentials each
//! operation accepts (its own list or the API-wide one).

use std::collections::BTreeSet;

use crate::model::{Operation, SecurityRequirement};
use crate::pointer::escape_pointer;

use super::{val, Differ, Here};

impl Differ<'_> {
    pub(super) fn security_schemes(&mut self) {
        let (old, new) = (
            &self.old.components.security_schemes,
            &self.new.components.security_schemes,
        );
        let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for name in names {
            let here = format!("/components/securitySchemes/{}", escape_pointer(name));
            match (old.get(name), new.get(name)) {
                (Some(a), None) => self
                    .push("api-security-scheme-removed", None, here.clone())
                    .phys("/components/securitySchemes")
                    .base(here)
                    .before(val(a))
                    .msg(format!("security scheme `{name}` was removed")),
                (None, Some(b)) => self
                    .push("api-security-scheme-added", None, here)
                    .after(val(b))
                    .msg(format!("security scheme `{name}` was added")),
                (Some(a), Some(b)) => {
                    if !a.same_wire(b) {
                        self.push("api-security-scheme-changed", None, here.clone())
                            .base(here.clone())
                            .before(Some(a.wire()))
                            .after(Some(b.wire()))
                            .msg(format!(
                                "security scheme `{name}` sends its credential differently"
                            ));
                    }
                    if a.description != b.description || a.bearer_format != b.bearer_format {
                        self.push(
                            "api-description-changed",
                            None,
                            format!("{here}/description"),
                        )
                        .base(format!("{here}/description"))
                        .before(val(&a.description))
                        .after(val(&b.description))
                        .msg(format!(
                            "the description of security scheme `{name}` changed"
                        ));
                    }
                }
                (None, None) => {}
            }
        }
    }

    pub(super) fn security(&mut self, o: &Operation, n: &Operation, h: &Here) {
        let old = o.security.as_ref().unwrap_or(&self.old.security);
        let new = n.security.as_ref().unwrap_or(&self.new.security);
        let at = if n.security.is_some() {
            format!("{}/security", h.new)
        } else {
            "/security".to_string()
        };
        let base = if o.security.is_some() {
            format!("{}/security", h.old)
        } else {
            "/security".to_string()
        };
        let anonymous =
            |list: &[SecurityRequirement]| list.is_empty() || list.iter().any(|r| r.is_empty());
        let opr = Some(h.op);
        match (anonymous(old), anonymous(new)) {
            (true, false) => {
                self.push("api-security-added", opr, at)
                    .base(base)
                    .before(val(old))
                    .after(val(new))
                    .msg(format!(
                        "the operation now requires credentials ({})",
                        requirement_list(new)
                    ));
                return;
            }
            (false, true) => {
                self.push("api-security-removed", opr, at)
                    .base(base)
                    .before(val(old))
                    .after(val(new))
                    .msg("the operation no longer requires credentials");
                return;
            }
            _ => {}
        }
        let schemes = |r: &SecurityRequirement| r.keys().cloned().collect::<BTreeSet<String>>();
        let (old_real, new_real) = (real(old), real(new));
        for r in &old_real {
            if !new_real.iter().any(|s| schemes(s) == schemes(r)) {
                self.push("api-security-requirement-removed", opr, at.clone())
                    .base(base.clone())
                    .before(val(r))
                    .msg(format!(
                        "authenticating with {} is no longer accepted",
                        requirement_text(r)
                    ));
            }
        }
        for r in &new_real {
            match old_real.iter().find(|s| schemes(s) == schemes(r)) {
                None => self
                    .push("api-security-requirement-added", opr, at.clone())
                    .after(val(r))
                    .msg(format!(
                        "authenticating with {} is accepted",
                        requirement_text(r)
                    )),
                Some(s) => {
                    for (scheme, scopes) in r.iter() {
                        let before: BTreeSet<&String> = s
                            .get(scheme)
                            .map(|v| v.iter().collect())
                            .unwrap_or_default();
                        let after: BTreeSet<&String> = scopes.iter().collect();
                        let added: Vec<&&String> = after.difference(&before).collect();
                        let removed: Vec<&&String> = before.difference(&after).collect();
                        if !added.is_empty() {
                            self.push("api-security-scope-added", opr, at.clone())
                                .base(base.clone())
                                .after(val(&added))
                                .msg(format!("`{scheme}` needs more scopes"));
                        }
                        if !removed.is_empty() {
                            self.push("api-security-scope-removed", opr, at.clone())
                                .base(base.clone())
                                .before(val(&removed))
                                .msg(format!("`{scheme}` needs fewer scopes"));
                        }
                    }
                }
            }
        }
    }
}

/// Security requirements other than the empty (anonymous) one.
fn real(list: &[SecurityRequirement]) -> Vec<&SecurityRequirement> {
    list.iter().filter(|r| !r.is_empty()).collect()
}

fn requirement_text(r: &SecurityRequirement) -> String {
    r.keys()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(" + ")
}

fn requirement_list(list: &[SecurityRequirement]) -> String {
    list.iter()
        .filter(|r| !r.is_empty())
        .map(requirement_text)
        .collect::<Vec<_>>()
        .join(" or ")
}
