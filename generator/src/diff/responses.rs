//! Responses: statuses, descriptions, bodies and headers.

use std::collections::{BTreeMap, BTreeSet};

use crate::http::is_success_key;
use crate::model::Response;

use super::raw::ptr;
use super::{schema, val, Differ, Direction, Here, OperationRef};

impl Differ<'_> {
    pub(super) fn responses(
        &mut self,
        old: &BTreeMap<String, Response>,
        new: &BTreeMap<String, Response>,
        h: &Here,
    ) {
        let opr = Some(h.op);
        let statuses: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for status in statuses {
            let at = format!("{}/responses/{status}", h.new);
            let base = format!("{}/responses/{status}", h.old);
            match (old.get(status), new.get(status)) {
                (Some(_), None) => {
                    let (rule, what) = if is_success_key(status) {
                        ("response-success-status-removed", "success")
                    } else {
                        ("response-non-success-status-removed", "response")
                    };
                    self.push(rule, opr, at)
                        .phys(format!("{}/responses", h.new))
                        .base(base)
                        .before(val(status))
                        .msg(format!("{what} status {status} is no longer documented"));
                }
                (None, Some(_)) => {
                    let (rule, what) = if is_success_key(status) {
                        ("response-success-status-added", "success")
                    } else {
                        ("response-non-success-status-added", "response")
                    };
                    self.push(rule, opr, at)
                        .after(val(status))
                        .msg(format!("{what} status {status} is documented"));
                }
                (Some(a), Some(b)) => self.response(status, a, b, &at, &base, h.op),
                (None, None) => {}
            }
        }
    }

    fn response(
        &mut self,
        status: &str,
        a: &Response,
        b: &Response,
        at: &str,
        base: &str,
        op: &OperationRef,
    ) {
        let opr = Some(op);
        if a.description != b.description {
            self.push(
                "response-description-changed",
                opr,
                format!("{at}/description"),
            )
            .base(format!("{base}/description"))
            .before(val(&a.description))
            .after(val(&b.description))
            .msg(format!("the description of response {status} changed"));
        }
        self.headers(a, b, at, base, op);
        let medias = |r: &Response| r.content.keys().cloned().collect::<Vec<String>>();
        match (a.content.is_empty(), b.content.is_empty()) {
            (true, true) => {}
            (false, true) => self
                .push("response-body-removed", opr, format!("{at}/content"))
                .phys(at)
                .base(format!("{base}/content"))
                .before(val(&medias(a)))
                .msg(format!("response {status} no longer has a body")),
            (true, false) => self
                .push("response-body-added", opr, format!("{at}/content"))
                .after(val(&medias(b)))
                .msg(format!("response {status} has a body")),
            (false, false) => self.content(
                &a.content,
                &b.content,
                &format!("{at}/content"),
                &format!("{base}/content"),
                Direction::Response,
                op,
            ),
        }
    }

    fn headers(&mut self, a: &Response, b: &Response, at: &str, base: &str, op: &OperationRef) {
        let opr = Some(op);
        let new_base = format!("{at}/headers");
        let old_base = format!("{base}/headers");
        for (name, h) in &a.headers {
            if find_header(b, name).is_none() {
                let rule = if h.required {
                    "response-required-header-removed"
                } else {
                    "response-optional-header-removed"
                };
                self.push(rule, opr, ptr(&new_base, name))
                    .phys(new_base.clone())
                    .base(ptr(&old_base, name))
                    .before(val(name))
                    .msg(format!("response header `{name}` is gone"));
            }
        }
        for (name, h) in &b.headers {
            let here = ptr(&new_base, name);
            let Some((old_name, g)) = find_header(a, name) else {
                self.push("response-header-added", opr, here)
                    .after(val(name))
                    .msg(format!("response header `{name}` is documented"));
                continue;
            };
            let there = ptr(&old_base, old_name);
            if g.required != h.required {
                let (rule, what) = if h.required {
                    ("response-header-became-required", "required")
                } else {
                    ("response-header-became-optional", "optional")
                };
                self.push(rule, opr, format!("{here}/required"))
                    .base(format!("{there}/required"))
                    .before(val(&g.required))
                    .after(val(&h.required))
                    .msg(format!("response header `{name}` became {what}"));
            }
            if g.description != h.description {
                self.push(
                    "response-description-changed",
                    opr,
                    format!("{here}/description"),
                )
                .base(format!("{there}/description"))
                .before(val(&g.description))
                .after(val(&h.description))
                .msg(format!(
                    "the description of response header `{name}` changed"
                ));
            }
            let old_type = schema::type_of(&self.old.components, &g.schema);
            let new_type = schema::type_of(&self.new.components, &h.schema);
            if old_type != new_type {
                self.push(
                    "response-header-type-changed",
                    opr,
                    format!("{here}/schema/type"),
                )
                .phys(format!("{here}/schema"))
                .base(format!("{there}/schema/type"))
                .before(val(&old_type))
                .after(val(&new_type))
                .msg(format!(
                    "the type of response header `{name}` changed from {} to {}",
                    old_type.unwrap_or("any"),
                    new_type.unwrap_or("any")
                ));
                continue;
            }
            let old_shape = schema::shape(&self.old.components, &g.schema);
            let new_shape = schema::shape(&self.new.components, &h.schema);
            if old_shape != new_shape {
                self.push(
                    "response-header-schema-changed",
                    opr,
                    format!("{here}/schema"),
                )
                .base(format!("{there}/schema"))
                .before(Some(old_shape))
                .after(Some(new_shape))
                .msg(format!("the schema of response header `{name}` changed"));
            }
        }
    }
}

fn find_header<'r>(r: &'r Response, name: &str) -> Option<(&'r String, &'r crate::model::Header)> {
    r.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))
}
