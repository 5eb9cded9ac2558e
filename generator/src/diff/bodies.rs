//! Request bodies and the media types of any body: matched without
//! parameters or case, examples and schemas compared.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::http::media_essence;
use crate::model::{MediaType, RequestBody};

use super::raw::ptr;
use super::schema::At;
use super::{val, Differ, Direction, Here, Object, OperationRef};

impl Differ<'_> {
    pub(super) fn request_body(
        &mut self,
        o: Option<&RequestBody>,
        n: Option<&RequestBody>,
        h: &Here,
    ) {
        let at = format!("{}/requestBody", h.new);
        let base = format!("{}/requestBody", h.old);
        let opr = Some(h.op);
        match (o, n) {
            (None, None) => {}
            (Some(_), None) => self
                .push("request-body-removed", opr, at)
                .phys(h.new.clone())
                .base(base)
                .before(Some(Value::Bool(true)))
                .msg("the operation no longer takes a request body"),
            (None, Some(b)) => {
                let (rule, what) = if b.required {
                    ("request-required-body-added", "a required")
                } else {
                    ("request-optional-body-added", "an optional")
                };
                self.push(rule, opr, at)
                    .after(Some(Value::Bool(true)))
                    .msg(format!("the operation takes {what} request body"));
            }
            (Some(a), Some(b)) => {
                if a.required != b.required {
                    let (rule, what) = if b.required {
                        ("request-body-became-required", "required")
                    } else {
                        ("request-body-became-optional", "optional")
                    };
                    self.push(rule, opr, format!("{at}/required"))
                        .base(format!("{base}/required"))
                        .before(val(&a.required))
                        .after(val(&b.required))
                        .msg(format!("the request body became {what}"));
                }
                if a.description != b.description {
                    self.push(
                        "request-description-changed",
                        opr,
                        format!("{at}/description"),
                    )
                    .base(format!("{base}/description"))
                    .before(val(&a.description))
                    .after(val(&b.description))
                    .msg("the request body's description changed");
                }
                self.content(
                    &a.content,
                    &b.content,
                    &format!("{at}/content"),
                    &format!("{base}/content"),
                    Direction::Request,
                    h.op,
                );
            }
        }
    }

    pub(super) fn content(
        &mut self,
        old: &indexmap::IndexMap<String, MediaType>,
        new: &indexmap::IndexMap<String, MediaType>,
        at: &str,
        base: &str,
        dir: Direction,
        op: &OperationRef,
    ) {
        let (added, removed, example, label) = match dir {
            Direction::Request => (
                "request-media-type-added",
                "request-media-type-removed",
                "request-example-changed",
                "the request body",
            ),
            Direction::Response => (
                "response-media-type-added",
                "response-media-type-removed",
                "response-example-changed",
                "the response body",
            ),
        };
        let opr = Some(op);
        for media in old.keys() {
            if !new.keys().any(|m| media_essence(m) == media_essence(media)) {
                self.push(removed, opr, ptr(at, media))
                    .phys(at)
                    .base(ptr(base, media))
                    .before(val(media))
                    .msg(format!("media type `{media}` is gone"));
            }
        }
        for (media, b) in new {
            let here = ptr(at, media);
            let Some((old_media, a)) = old
                .iter()
                .find(|(m, _)| media_essence(m) == media_essence(media))
            else {
                self.push(added, opr, here)
                    .after(val(media))
                    .msg(format!("media type `{media}` was added"));
                continue;
            };
            let there = ptr(base, old_media);
            let examples = |m: &MediaType| {
                m.example_values()
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect::<BTreeMap<String, Value>>()
            };
            if examples(a) != examples(b) {
                self.push(example, opr, format!("{here}/examples"))
                    .phys(here.clone())
                    .base(format!("{there}/examples"))
                    .before(val(&examples(a)))
                    .after(val(&examples(b)))
                    .msg(format!("the `{media}` example changed"));
            }
            let empty = crate::model::Schema::default();
            let root = At::root(
                format!("{here}/schema"),
                format!("{there}/schema"),
                label.into(),
            )
            .with_new_ref(b.schema.as_ref());
            self.walk(dir, Object::Property, op).compare(
                a.schema.as_ref().unwrap_or(&empty),
                b.schema.as_ref().unwrap_or(&empty),
                &root,
            );
        }
    }
}
