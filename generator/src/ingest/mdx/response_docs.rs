//! The operation's responses from what the page states about each
//! status: prose ("Returns `201 Created`"), status blocks and raw HTTP
//! responses, status tabs, status headings ([`headings`]), status-named
//! ResponseFields and example titles. Top-level ResponseFields and
//! untitled examples are the body of the success response (the lowest
//! documented 2xx, else 200).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diag::Code;
use crate::doc::Pos;
use crate::model::{MediaType, Operation, Response, Schema, SchemaType};
use crate::pointer;

use super::fields::{self, Field};
use super::headings::{self, Heading, StatusSection};
use super::json_examples::{self, add_example, is_json_lang, JsonExample};
use super::walk::CodeItem;
use super::{responses, types, Builder, JSON};

/// What the page says about each status, by status.
type Docs = BTreeMap<String, StatusDoc>;

impl Builder<'_, '_> {
    pub(super) fn responses(
        &mut self,
        op: &mut Operation,
        fields: &[Field],
        codes: &[&CodeItem],
        paras: &[&(String, usize)],
        tab_paras: &[&(String, String, usize)],
        headings: &[&Heading],
    ) {
        let mut docs = Docs::new();
        let sections = self.heading_statuses(&mut docs, headings, fields, codes, paras);
        self.stated_statuses(&mut docs, codes, paras, tab_paras);
        let success_fields = self.field_docs(&mut docs, fields, &sections);
        let untitled = self.example_docs(&mut docs, codes, &sections);
        self.success_doc(&mut docs, success_fields, untitled);
        for (code, doc) in docs {
            let response = self.response(&code, doc);
            op.responses.insert(code, response);
        }
    }

    /// `### 201 Created`: the status headings that count, each starting
    /// its status with the first paragraph of its section as description.
    fn heading_statuses(
        &mut self,
        docs: &mut Docs,
        headings: &[&Heading],
        fields: &[Field],
        codes: &[&CodeItem],
        paras: &[&(String, usize)],
    ) -> Vec<StatusSection> {
        let sections = headings::sections(headings, |from, to| {
            let within = |offset: usize| from < offset && offset < to;
            codes
                .iter()
                .any(|c| is_section_fence(c) && within(c.code.start))
                || fields
                    .iter()
                    .any(|f| f.response && f.tab_status.is_none() && within(f.start))
        });
        for s in &sections {
            let pos = self.pos(s.start);
            let d = docs.entry(s.code.clone()).or_default();
            d.pos.get_or_insert(pos);
            if d.description.is_none() {
                d.description = paras.iter().find(|p| s.holds(p.1)).map(|p| p.0.clone());
            }
            if d.description.is_none() && !s.plain {
                d.description = Some(s.rest.clone());
            }
        }
        sections
    }

    /// Statuses stated by status tabs' prose, by prose, by status blocks
    /// and raw HTTP responses.
    fn stated_statuses(
        &mut self,
        docs: &mut Docs,
        codes: &[&CodeItem],
        paras: &[&(String, usize)],
        tab_paras: &[&(String, String, usize)],
    ) {
        // The first words of a `<Tab title="200">` describe that response.
        for (code, text, start) in tab_paras {
            let pos = self.pos(*start);
            let d = docs.entry(code.clone()).or_default();
            d.pos.get_or_insert(pos);
            d.description.get_or_insert_with(|| text.clone());
        }
        // Prose: "Returns `201 Created`".
        for (text, start) in paras {
            for st in responses::prose_statuses(text) {
                let pos = self.pos(*start);
                let d = docs.entry(st.code).or_default();
                d.pos.get_or_insert(pos);
                d.empty |= st.empty;
            }
        }
        // Status blocks and raw HTTP responses.
        for c in codes {
            if c.ctx.in_request || c.ctx.in_field {
                continue;
            }
            let Some(responses::StatusBlock { code, empty, body }) =
                responses::status_block(&c.code.value)
            else {
                continue;
            };
            let pos = Pos {
                line: c.code.first_line,
                col: c.code.indent + 1,
            };
            if let Some((line, text)) = body {
                match json_examples::parse_json(
                    &text,
                    c.code.first_line + line as u32,
                    c.code.indent + 1,
                    c.code.indent,
                ) {
                    Ok(ex) => docs
                        .entry(code.clone())
                        .or_default()
                        .examples
                        .push((c.code.meta.clone(), ex)),
                    Err((pos, msg)) => self.cx.report(
                        Code::ExampleJson,
                        pos,
                        format!("the example response body is not valid JSON: {msg}; skipped"),
                    ),
                }
            }
            let d = docs.entry(code).or_default();
            d.pos.get_or_insert(pos);
            d.empty |= empty;
        }
    }

    /// Fields: status-named ones are responses; fields in a status tab
    /// (ResponseFields, or ParamFields as some pages write them) or
    /// ResponseFields in a status heading's section belong to that status.
    /// Returns the other ResponseFields: success body properties.
    fn field_docs(
        &mut self,
        docs: &mut Docs,
        fields: &[Field],
        sections: &[StatusSection],
    ) -> Vec<Field> {
        let mut success_fields: Vec<Field> = Vec::new();
        for f in fields
            .iter()
            .filter(|f| f.response || f.tab_status.is_some())
        {
            if let Some((code, rest)) = f.status_name() {
                let pos = self.pos(f.start);
                let d = docs.entry(code.clone()).or_default();
                d.pos.get_or_insert(pos);
                let text = f
                    .description
                    .clone()
                    .or_else(|| (!rest.is_empty()).then_some(rest.clone()));
                if d.description.is_none() {
                    d.description = text;
                }
                d.fields.extend(f.children.iter().cloned());
                if !f.children.is_empty() {
                    d.fields_pos.get_or_insert(pos);
                }
            } else if let Some(code) = f.tab_status.as_ref().or_else(|| {
                let section = headings::section_at(sections, f.start);
                section.filter(|_| f.response).map(|s| &s.code)
            }) {
                let pos = self.pos(f.start);
                let d = docs.entry(code.clone()).or_default();
                d.pos.get_or_insert(pos);
                d.fields_pos.get_or_insert(pos);
                d.fields.push(f.clone());
            } else {
                success_fields.push(f.clone());
            }
        }
        success_fields
    }

    /// Response examples: each under the status its title, tab or heading
    /// states. Returns the untitled ones with their positions. A status
    /// whose example is not JSON stands without it.
    fn example_docs(
        &mut self,
        docs: &mut Docs,
        codes: &[&CodeItem],
        sections: &[StatusSection],
    ) -> Vec<(String, JsonExample, Pos)> {
        let mut untitled: Vec<(String, JsonExample, Pos)> = Vec::new();
        for (i, c) in codes.iter().enumerate() {
            if c.ctx.in_request || c.ctx.in_field || !is_json_lang(&c.code.lang) {
                continue;
            }
            let heading = c.heading.as_deref().unwrap_or("").to_ascii_lowercase();
            let after_http_request = super::walk::follows_bodiless_http_request(codes, i);
            let under_response = heading.contains("response") && !after_http_request;
            let section = headings::section_at(sections, c.code.start)
                .filter(|_| is_flow_fence(c))
                .map(|s| s.code.clone());
            if !(c.ctx.in_response
                || c.ctx.tab_status.is_some()
                || under_response
                || section.is_some())
            {
                continue;
            }
            let (status, name) = match responses::leading_status(&c.code.meta) {
                Some((code, rest)) => {
                    let plain_reason = crate::http::reason_phrases(&code)
                        .into_iter()
                        .any(|r| r.eq_ignore_ascii_case(&rest));
                    (Some(code), if plain_reason { String::new() } else { rest })
                }
                None => (c.ctx.tab_status.clone().or(section), c.code.meta.clone()),
            };
            let pos = Pos {
                line: c.code.first_line,
                col: c.code.indent + 1,
            };
            let Some(ex) = self.fence_json(c.code, status.as_deref()) else {
                // The status stands without its example.
                if let Some(code) = status {
                    docs.entry(code).or_default().pos.get_or_insert(pos);
                }
                continue;
            };
            match status {
                Some(code) => {
                    let d = docs.entry(code).or_default();
                    d.pos.get_or_insert(pos);
                    d.examples.push((name, ex));
                }
                None => untitled.push((name, ex, pos)),
            }
        }
        untitled
    }

    /// The success status takes the untitled examples and plain fields;
    /// a page that documents no response gets the assumed `200`.
    fn success_doc(
        &mut self,
        docs: &mut Docs,
        success_fields: Vec<Field>,
        untitled: Vec<(String, JsonExample, Pos)>,
    ) {
        let stated = crate::http::success_key(docs.keys().map(String::as_str)).map(str::to_string);
        // Mintlify's own default; other pages of the endpoint may know better.
        self.cx.assumed_success = stated.is_none();
        let success = stated.unwrap_or_else(|| "200".to_string());
        if !success_fields.is_empty() || !untitled.is_empty() || docs.is_empty() {
            let first_field_pos = success_fields.first().map(|f| self.pos(f.start));
            let d = docs.entry(success.clone()).or_default();
            if let Some(p) = first_field_pos.or(untitled.first().map(|u| u.2)) {
                d.pos.get_or_insert(p);
                if first_field_pos.is_some() {
                    d.fields_pos.get_or_insert(p);
                }
            }
            d.fields.extend(success_fields);
            d.examples
                .extend(untitled.into_iter().map(|(n, e, _)| (n, e)));
        }
        if docs.len() == 1 && docs.values().all(|d| d.pos.is_none()) {
            let at = self
                .cx
                .map
                .locate(&self.op_ptr)
                .map_or(Pos { line: 1, col: 1 }, |l| Pos {
                    line: l.line,
                    col: l.col,
                });
            self.cx.report(
                Code::ResponseAssumed,
                at,
                format!("the page documents no response; `{success}` with no body is assumed"),
            );
        }
    }

    fn response(&mut self, code: &str, doc: StatusDoc) -> Response {
        let ptr = pointer::join(&pointer::join(&self.op_ptr, "responses"), code);
        if let Some(pos) = doc.pos {
            self.cx.record(&ptr, pos);
        }
        let media_ptr = pointer::join(&pointer::join(&ptr, "content"), JSON);
        let schema_ptr = pointer::join(&media_ptr, "schema");
        let mut response = Response {
            description: doc
                .description
                .clone()
                .unwrap_or_else(|| responses::default_description(code)),
            ..Response::default()
        };
        let mut media = MediaType::default();
        if !doc.fields.is_empty() {
            if let Some(p) = doc.fields_pos {
                self.cx.record(&media_ptr, p);
            }
            let mut schema = Schema::of_type(SchemaType::Object);
            fields::add_properties(self.cx, &mut schema, &doc.fields, &schema_ptr);
            media.schema = Some(schema);
        }
        let values: Vec<&Value> = doc.examples.iter().map(|(_, e)| &e.value).collect();
        let at = doc.pos.unwrap_or(Pos { line: 1, col: 1 });
        if !values.is_empty() && values.iter().all(|v| v.is_null()) {
            match media.schema.as_mut() {
                Some(s) => s.nullable = true,
                None => {
                    // OpenAPI 3.0 spells "exactly null" as a nullable enum of null.
                    media.schema = Some(types::null_schema());
                    self.cx.report(
                        Code::NullBody,
                        at,
                        format!("the `{code}` example is `null`: the documented body is null"),
                    );
                }
            }
        } else if media.schema.is_some()
            && !values.is_empty()
            && values.iter().all(|v| {
                v.as_array()
                    .is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_object))
            })
        {
            // Fields describe one element; every example is a list of them.
            if let Some(item) = media.schema.take() {
                self.cx
                    .map
                    .move_subtree(&schema_ptr, &pointer::join(&schema_ptr, "items"));
                media.schema = Some(Schema::array_of(item));
                self.cx.report(
                    Code::ResponseArray,
                    at,
                    format!("the `{code}` fields describe one element: every example is an array of objects, so the body is an array of them"),
                );
            }
        }
        for (name, ex) in doc.examples {
            add_example(self.cx, &mut media, &name, ex, &media_ptr);
        }
        if doc.empty && (media.schema.is_some() || !media.examples.is_empty()) {
            self.cx.report(
                Code::EmptyBodyConflict,
                at,
                format!("the page says the `{code}` body is empty but also documents one; the documented body is kept"),
            );
        }
        if media.schema.is_some() || !media.examples.is_empty() {
            response.content.insert(JSON.to_string(), media);
        }
        response
    }
}

/// What the page says about one status.
#[derive(Debug, Default)]
struct StatusDoc {
    description: Option<String>,
    empty: bool,
    pos: Option<Pos>,
    fields: Vec<Field>,
    fields_pos: Option<Pos>,
    examples: Vec<(String, JsonExample)>,
}

/// A JSON fence in the page's flow, where a status heading above it
/// holds it (not in `<ResponseExample>` or a status tab, which say
/// their own status).
fn is_flow_fence(c: &CodeItem) -> bool {
    !(c.ctx.in_request || c.ctx.in_response || c.ctx.in_field || c.ctx.tab_status.is_some())
        && is_json_lang(&c.code.lang)
}

/// A flow fence without a status title (```` ```json 404 ````): an
/// example of the status heading above it.
fn is_section_fence(c: &CodeItem) -> bool {
    is_flow_fence(c) && responses::leading_status(&c.code.meta).is_none()
}
