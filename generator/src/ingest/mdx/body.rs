//! The request body: a whole-body ParamField and named body fields give
//! its schema, under the `contentType:` frontmatter, else a `Content-Type`
//! header field's default, else JSON; example requests and request JSON
//! fences give its examples.

use serde_json::Value;

use crate::diag::Code;
use crate::doc::Pos;
use crate::model::{MediaType, Operation, RequestBody, Schema, SchemaType};
use crate::pointer;

use super::fields::{self, Field, Loc};
use super::headings;
use super::json_examples::{self, add_example, is_json_lang, JsonExample};
use super::request_samples::{self, SampleKind};
use super::walk::{CodeItem, SampleItem};
use super::{Builder, JSON};

impl Builder<'_, '_> {
    fn content_type(&self) -> String {
        self.page
            .front("contentType")
            .map(|(c, _)| c.trim().to_string())
            .filter(|c| c.contains('/'))
            .or_else(|| self.header_content_type.clone())
            .unwrap_or_else(|| JSON.to_string())
    }

    pub(super) fn request_body(
        &mut self,
        op: &mut Operation,
        fields: &[Field],
        samples: &[&SampleItem],
        codes: &[&CodeItem],
    ) {
        let content_type = self.content_type();
        let body_ptr = pointer::join(&self.op_ptr, "requestBody");
        let media_ptr = pointer::join(&pointer::join(&body_ptr, "content"), &content_type);
        let schema_ptr = pointer::join(&media_ptr, "schema");
        let body_fields: Vec<&Field> = fields
            .iter()
            .filter(|f| f.loc == Some(Loc::Body) && f.tab_status.is_none())
            .collect();
        let whole = body_fields.iter().find(|f| f.name.is_none()).copied();
        let named: Vec<Field> = body_fields
            .iter()
            .filter(|f| f.name.is_some())
            .map(|f| (*f).clone())
            .collect();
        let mut body = RequestBody::default();
        let mut media = MediaType::default();
        if let Some(first) = body_fields.first() {
            let pos = self.pos(first.start);
            self.cx.record(&body_ptr, pos);
            self.cx.record(&media_ptr, pos);
        }
        // A valueless `<ParamField body ...>` is the whole body: its type
        // (`object[]` gives an array body), its nested fields, its
        // description; named body fields beside it are added as properties
        // when that body is an object. A named body field is always a
        // property, whatever its type, as in Mintlify's own extractor:
        // prose like "you may also send an array of these" is not read.
        if let Some(w) = whole {
            let mut schema = fields::schema_of(self.cx, w, &schema_ptr, false);
            body.description = w.description.clone();
            body.required = fields::is_required(self.cx, w);
            if !named.is_empty() {
                if schema.schema_type.is_none() {
                    schema.schema_type = Some(SchemaType::Object);
                }
                if schema.schema_type == Some(SchemaType::Object) {
                    fields::add_properties(self.cx, &mut schema, &named, &schema_ptr);
                } else {
                    self.cx.report(
                        Code::BodyFieldsIgnored,
                        self.pos(named[0].start),
                        "named body fields sit beside a whole-body field that is not an object; they were dropped",
                    );
                }
            }
            body.required |= !schema.required.is_empty();
            media.schema = Some(schema);
        } else if !named.is_empty() {
            let mut schema = Schema::of_type(SchemaType::Object);
            fields::add_properties(self.cx, &mut schema, &named, &schema_ptr);
            body.required = !schema.required.is_empty();
            media.schema = Some(schema);
        }
        for (title, ex) in self.request_examples(samples, codes) {
            add_example(self.cx, &mut media, &title, ex, &media_ptr);
        }
        if media.schema.is_none() && media.examples.is_empty() {
            return;
        }
        if media.schema.is_none() {
            let at = self
                .cx
                .map
                .locate(&media_ptr)
                .map_or(Pos { line: 1, col: 1 }, |l| Pos {
                    line: l.line,
                    col: l.col,
                });
            self.cx.report(
                Code::BodyFromExample,
                at,
                "no body fields are documented, but the example request sends a body; the body is kept with its example only",
            );
        }
        body.content.insert(content_type, media);
        op.request_body = Some(body);
    }

    /// JSON request bodies from example requests and from JSON fences that
    /// follow an http request or sit under a "request" heading.
    fn request_examples(
        &mut self,
        samples: &[&SampleItem],
        codes: &[&CodeItem],
    ) -> Vec<(String, JsonExample)> {
        let mut out = Vec::new();
        for s in samples {
            let Some(body) = &s.sample.body else { continue };
            if !body.json {
                continue;
            }
            let line = s.first_line + body.line as u32;
            let col = s.indent + body.col as u32 + 1;
            match s.sample.kind {
                SampleKind::Curl | SampleKind::Http => {
                    match json_examples::parse_json(
                        &body.text,
                        line,
                        if body.exact { col } else { s.indent + 1 },
                        s.indent,
                    ) {
                        Ok(ex) => {
                            let mut ex = ex;
                            if !body.exact {
                                ex.node = crate::doc::Node::from_json(&ex.value, Pos { line, col });
                            }
                            out.push((s.title.clone(), ex));
                        }
                        Err((pos, msg)) => self.cx.report(
                            Code::ExampleJson,
                            if body.exact { pos } else { Pos { line, col } },
                            format!(
                                "the body of {} is not valid JSON: {msg}; skipped",
                                s.describe()
                            ),
                        ),
                    }
                }
                SampleKind::Fetch | SampleKind::Requests => {
                    // Code, not data: use it only when it is plainly JSON.
                    let Some(json) = request_samples::loose_to_json(&body.text) else {
                        continue;
                    };
                    let Ok(value) = serde_json::from_str::<Value>(&json) else {
                        continue;
                    };
                    let node = crate::doc::Node::from_json(&value, Pos { line, col });
                    out.push((s.title.clone(), JsonExample { value, node }));
                }
            }
        }
        for (i, c) in codes.iter().enumerate() {
            if c.ctx.in_response || c.ctx.in_field || !is_json_lang(&c.code.lang) {
                continue;
            }
            let heading = c.heading.as_deref().unwrap_or("").to_ascii_lowercase();
            let after_http_request = super::walk::follows_bodiless_http_request(codes, i);
            // `### 400 Bad Request` is a status, not the request.
            let under_request = heading.contains("request")
                && !heading.contains("response")
                && headings::heading_status(&heading).is_none();
            if !(after_http_request || under_request) || c.ctx.tab_status.is_some() {
                continue;
            }
            let title = if c.code.meta.is_empty() && after_http_request {
                codes[i - 1].code.meta.clone()
            } else {
                c.code.meta.clone()
            };
            if let Some(ex) = self.fence_json(c.code, None) {
                out.push((title, ex));
            }
        }
        out
    }
}
