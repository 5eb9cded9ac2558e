//! `<ParamField>` / `<Param>` / `<ResponseField>` trees and their schemas.
//!
//! A field nested in another field (directly or through `<Expandable>`) is
//! a property of the parent's object — of the item object when the parent
//! is an array, as Mintlify's own extractor does. Fields inside other
//! wrappers (`<Tabs>`, `<Accordion>`, `<Note>`) still count; a `<Tab>`
//! whose title is a status code assigns its ResponseFields to that status.

use crate::diag::Code;
use crate::model::{Schema, SchemaType};
use crate::pointer;

use super::field_defaults::{typed_default, Dflt};
use super::responses::leading_status;
use super::tree::{pos_at, AttrValue, Block, Elem};
use super::types;
use super::PageCx;

/// Where a `<ParamField>` puts its parameter (the attribute's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loc {
    Path,
    Query,
    Header,
    Cookie,
    Body,
    /// Mintlify's undocumented `auth="Header-Name"`: an API key header.
    Auth,
}

impl Loc {
    fn from_attr(name: &str) -> Option<Loc> {
        Some(match name {
            "path" => Loc::Path,
            "query" => Loc::Query,
            "header" => Loc::Header,
            "cookie" => Loc::Cookie,
            "body" => Loc::Body,
            "auth" => Loc::Auth,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// True for `<ResponseField>`.
    pub response: bool,
    /// The location of a `<ParamField>`; None for ResponseFields.
    pub loc: Option<Loc>,
    /// None for a valueless `<ParamField body>` (the whole body).
    pub name: Option<String>,
    pub type_text: Option<String>,
    pub required: bool,
    /// The non-standard `optional` flag was set.
    pub optional: bool,
    pub deprecated: bool,
    pub default: Option<AttrValue>,
    pub description: Option<String>,
    pub children: Vec<Field>,
    /// Byte offset of the element.
    pub start: usize,
    /// Status of an enclosing `<Tab title="200">`.
    pub tab_status: Option<String>,
    /// More than one location attribute was given (the first is used).
    pub extra_locations: Vec<String>,
}

impl Field {
    pub fn label(&self) -> String {
        self.name.clone().unwrap_or_else(|| "(body)".into())
    }

    /// The status a ResponseField's name states (`404 Not Found`).
    pub fn status_name(&self) -> Option<(String, String)> {
        if !self.response {
            return None;
        }
        leading_status(self.name.as_deref()?)
    }
}

fn is_field(name: &str) -> bool {
    matches!(name, "ParamField" | "Param" | "ResponseField")
}

/// Every outermost field in `blocks`, with nested fields as children.
pub fn collect(blocks: &[Block], tab_status: Option<&str>) -> Vec<Field> {
    let mut out = Vec::new();
    for block in blocks {
        let Block::Elem(e) = block else { continue };
        if is_field(&e.name) {
            out.push(field_of(e, tab_status));
        } else if e.name == "Tab" {
            let status = e
                .attr_str("title")
                .and_then(|t| leading_status(&t))
                .map(|(code, _)| code);
            out.extend(collect(&e.children, status.as_deref().or(tab_status)));
        } else if !matches!(e.name.as_str(), "RequestExample" | "ResponseExample") {
            out.extend(collect(&e.children, tab_status));
        }
    }
    out
}

fn field_of(e: &Elem, tab_status: Option<&str>) -> Field {
    let response = e.name == "ResponseField";
    let mut loc = None;
    let mut name = None;
    let mut extra_locations = Vec::new();
    for attr in &e.attrs {
        if let Some(l) = Loc::from_attr(&attr.name) {
            if loc.is_some() || (response && name.is_some()) {
                extra_locations.push(attr.name.clone());
                continue;
            }
            let value = match &attr.value {
                AttrValue::Literal(s) | AttrValue::Expr(s) if !s.trim().is_empty() => {
                    Some(s.trim().to_string())
                }
                _ => None,
            };
            if response {
                // `<ResponseField body="members">`: the value is the name.
                name = value;
            } else {
                loc = Some(l);
                name = value;
            }
        }
    }
    if response || name.is_none() {
        if let Some(n) = e.attr_str("name").filter(|n| !n.trim().is_empty()) {
            name = Some(n.trim().to_string());
        }
    }
    Field {
        response,
        loc,
        name,
        type_text: e.attr_str("type"),
        required: e.flag("required").unwrap_or(false),
        optional: e.flag("optional").unwrap_or(false),
        deprecated: e.flag("deprecated").unwrap_or(false),
        default: e.attr("default").cloned(),
        description: description(&e.children),
        children: collect(&e.children, tab_status),
        start: e.start,
        tab_status: tab_status.map(str::to_string),
        extra_locations,
    }
}

/// The text of a field's children: paragraphs and the text of callouts
/// (`<Note>`...), not nested fields, Expandables or code.
fn description(blocks: &[Block]) -> Option<String> {
    let mut parts = Vec::new();
    text_of(blocks, &mut parts);
    let text = parts.join("\n\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn text_of(blocks: &[Block], parts: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Para { text, .. } => parts.push(text.clone()),
            Block::Heading { text, .. } => parts.push(text.clone()),
            Block::Elem(e) if !is_field(&e.name) && e.name != "Expandable" => {
                text_of(&e.children, parts)
            }
            _ => {}
        }
    }
}

/// The text of a field's `default="..."` attribute.
pub fn default_literal(field: &Field) -> Option<String> {
    match field.default.as_ref()? {
        AttrValue::Literal(s) => Some(s.trim().to_string()),
        _ => None,
    }
}

/// Whether a field is required, reporting contradictory flags.
pub fn is_required(cx: &mut PageCx, field: &Field) -> bool {
    if field.required && field.optional {
        cx.report(
            Code::RequiredConflict,
            pos_at(&cx.file, field.start),
            format!(
                "`{}` is marked both `required` and `optional`; read as optional",
                field.label()
            ),
        );
        return false;
    }
    field.required
}

/// The schema of a field (with its nested fields), recorded under `ptr`.
/// `with_description` is false for parameters (the description goes on
/// the parameter).
pub fn schema_of(cx: &mut PageCx, field: &Field, ptr: &str, with_description: bool) -> Schema {
    let pos = pos_at(&cx.file, field.start);
    cx.record(ptr, pos);
    if !field.extra_locations.is_empty() {
        cx.report(
            Code::FieldLocations,
            pos,
            format!(
                "`{}` has more than one location attribute (also {}); the first is used",
                field.label(),
                field.extra_locations.join(", ")
            ),
        );
    }
    let mut schema = match field.type_text.as_deref() {
        Some(text) => {
            let parsed = types::parse(text);
            if !parsed.unknown.is_empty() {
                let described_by_children = field.children.iter().any(|c| c.name.is_some())
                    && parsed.schema.schema_type.is_none()
                    && parsed.unknown.len() == 1
                    && parsed.unknown[0] == text.trim();
                if described_by_children {
                    cx.report(
                        Code::DocTypeObject,
                        pos,
                        format!("type `{text}` of `{}` is not a type we know; read as an object from its nested fields (the spelling is kept in `x-doc-type`)", field.label()),
                    );
                } else {
                    cx.report(
                        Code::UnknownType,
                        pos,
                        format!(
                            "type `{text}` of `{}` is not a type we know ({}); left open, the spelling is kept in `x-doc-type`",
                            field.label(),
                            parsed.unknown.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(", ")
                        ),
                    );
                }
            }
            parsed.schema
        }
        None => Schema::default(),
    };
    if !field.children.is_empty() {
        attach_children(cx, &mut schema, field, ptr);
    }
    if with_description {
        schema.description = field.description.clone();
    }
    if field.deprecated {
        schema.deprecated = true;
    }
    if let Some(raw) = &field.default {
        match typed_default(raw, &schema) {
            Dflt::Value(v) => schema.default = Some(Box::new(v)),
            Dflt::NoValue(word) => cx.report(
                Code::DefaultNone,
                pos,
                format!(
                    "`default={word}` of `{}` means there is no default; omitted",
                    field.label()
                ),
            ),
            Dflt::Invalid(why) => cx.report(
                Code::DefaultInvalid,
                pos,
                format!("default of `{}` {why}; omitted", field.label()),
            ),
        }
    }
    schema
}

/// Nested fields become properties of the deepest object of `schema`.
fn attach_children(cx: &mut PageCx, schema: &mut Schema, field: &Field, ptr: &str) {
    let mut target = schema;
    let mut target_ptr = ptr.to_string();
    while target.schema_type == Some(SchemaType::Array) {
        target_ptr = pointer::join(&target_ptr, "items");
        target = target.items.get_or_insert_with(Default::default);
    }
    match target.schema_type {
        None if target.any_of.is_empty() && target.enum_values.is_none() => {
            target.schema_type = Some(SchemaType::Object);
        }
        Some(SchemaType::Object) => {}
        _ => {
            cx.report(
                Code::NestedFieldsIgnored,
                pos_at(&cx.file, field.start),
                format!(
                    "`{}` has nested fields but its type `{}` is not an object or array; the nested fields were dropped",
                    field.label(),
                    field.type_text.as_deref().unwrap_or("")
                ),
            );
            return;
        }
    }
    add_properties(cx, target, &field.children, &target_ptr);
}

/// Add `fields` as properties of the object `target` (recorded under `ptr`).
pub fn add_properties(cx: &mut PageCx, target: &mut Schema, fields: &[Field], ptr: &str) {
    for child in fields {
        let Some(name) = child.name.clone() else {
            cx.report(
                Code::FieldWithoutName,
                pos_at(&cx.file, child.start),
                "a nested field has no name; dropped",
            );
            continue;
        };
        if target.properties.contains_key(&name) {
            cx.report(
                Code::DuplicateField,
                pos_at(&cx.file, child.start),
                format!("`{name}` is documented twice at the same level; the first is kept"),
            );
            continue;
        }
        let child_ptr = pointer::join(&pointer::join(ptr, "properties"), &name);
        let child_schema = schema_of(cx, child, &child_ptr, true);
        if is_required(cx, child) {
            target.required.push(name.clone());
        }
        target.properties.insert(name, child_schema);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::Page;
    use crate::source::SourceFile;
    use serde_json::{json, Value};

    fn fields(text: &str) -> Vec<Field> {
        let file = SourceFile::new("t.mdx", text);
        let page = Page::parse(&file);
        let mut cx = PageCx::new(&file);
        let blocks = super::super::tree::parse(&mut cx, &page).unwrap();
        collect(&blocks, None)
    }

    fn schema(text: &str) -> (Value, Vec<&'static str>) {
        let file = SourceFile::new("t.mdx", text);
        let page = Page::parse(&file);
        let mut cx = PageCx::new(&file);
        let blocks = super::super::tree::parse(&mut cx, &page).unwrap();
        let f = collect(&blocks, None);
        let s = schema_of(&mut cx, &f[0], "/x", true);
        let codes = cx.diags.iter().map(|d| d.code.as_str()).collect();
        (serde_json::to_value(s).unwrap(), codes)
    }

    #[test]
    fn flags_and_names() {
        let f = fields(concat!(
            "<ParamField body=\"a\" required />\n",
            "<ParamField query=\"b\" required={true} />\n",
            "<ParamField header=\"c\" required=\"true\" />\n",
            "<ParamField path=\"d\" optional deprecated />\n",
            "<ParamField body name=\"e\" required={false} />\n",
            "<Param query=\"f\" type=\"string\" />\n",
            "<ResponseField body=\"members\" type=\"string[]\" />\n",
            "<ParamField body=\"g\" query=\"h\" />\n",
        ));
        let got: Vec<_> = f
            .iter()
            .map(|f| {
                (
                    f.name.clone().unwrap(),
                    f.loc,
                    f.required,
                    f.optional,
                    f.deprecated,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("a".into(), Some(Loc::Body), true, false, false),
                ("b".into(), Some(Loc::Query), true, false, false),
                ("c".into(), Some(Loc::Header), true, false, false),
                ("d".into(), Some(Loc::Path), false, true, true),
                ("e".into(), Some(Loc::Body), false, false, false),
                ("f".into(), Some(Loc::Query), false, false, false),
                ("members".into(), None, false, false, false),
                ("g".into(), Some(Loc::Body), false, false, false),
            ]
        );
        assert_eq!(f[7].extra_locations, vec!["query".to_string()]);
        let whole = fields("<ParamField body type=\"object\" />\n");
        assert_eq!(
            (whole[0].name.clone(), whole[0].loc),
            (None, Some(Loc::Body))
        );
    }

    #[test]
    fn expandable_nesting_and_arrays() {
        let (s, codes) = schema(concat!(
            "<ResponseField name=\"vectors\" type=\"Object[]\" required>\n",
            "  The vectors, see `id`.\n",
            "  <Note>May be empty.</Note>\n",
            "  <Expandable title=\"properties\">\n",
            "    <ResponseField name=\"id\" type=\"string\" required>\n      The id.\n    </ResponseField>\n",
            "    <ResponseField name=\"sparse\" type=\"object\">\n",
            "      <Expandable>\n        <ResponseField name=\"indices\" type=\"number[]\" />\n      </Expandable>\n",
            "    </ResponseField>\n",
            "  </Expandable>\n",
            "</ResponseField>\n",
        ));
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(
            s,
            json!({
                "description": "The vectors, see `id`. May be empty.",
                "type": "array",
                "items": {"type": "object", "required": ["id"], "properties": {
                    "id": {"type": "string", "description": "The id."},
                    "sparse": {"type": "object", "properties": {
                        "indices": {"type": "array", "items": {"type": "number"}}
                    }}
                }}
            })
        );
    }

    #[test]
    fn unknown_types_with_and_without_children() {
        let (s, codes) = schema("<ParamField body=\"p\" type=\"OpenAIChatRequest\" />\n");
        assert_eq!(s, json!({"x-doc-type": "OpenAIChatRequest"}));
        assert_eq!(codes, vec!["unknown-type"]);
        let (s, codes) = schema("<ResponseField name=\"u\" type=\"User Object\">\n<Expandable>\n<ResponseField name=\"id\" type=\"string\" />\n</Expandable>\n</ResponseField>\n");
        assert_eq!(
            s,
            json!({"type": "object", "x-doc-type": "User Object", "properties": {"id": {"type": "string"}}})
        );
        assert_eq!(codes, vec!["doc-type-object"]);
        let (_, codes) = schema("<ResponseField name=\"s\" type=\"string\">\n<Expandable>\n<ResponseField name=\"id\" type=\"string\" />\n</Expandable>\n</ResponseField>\n");
        assert_eq!(codes, vec!["nested-fields-ignored"]);
    }

    #[test]
    fn defaults_are_typed() {
        let cases: &[(&str, Option<Value>, Option<&str>)] = &[
            ("type=\"number\" default=\"10\"", Some(json!(10)), None),
            ("type=\"number\" default=\"0.5\"", Some(json!(0.5)), None),
            ("type=\"integer\" default={-1}", Some(json!(-1)), None),
            ("type=\"boolean\" default={false}", Some(json!(false)), None),
            ("type=\"boolean\" default=\"True\"", Some(json!(true)), None),
            ("type=\"string\" default=\"\"", Some(json!("")), None),
            ("type=\"string\" default='\"\"'", Some(json!("")), None),
            (
                "type=\"string\" default=\"None\"",
                None,
                Some("default-none"),
            ),
            (
                "type=\"str | None\" default=\"None\"",
                Some(Value::Null),
                None,
            ),
            (
                "type=\"string[]\" default='[\"copy\"]'",
                Some(json!(["copy"])),
                None,
            ),
            (
                "type=\"number\" default=\"ten\"",
                None,
                Some("default-invalid"),
            ),
            (
                "type=\"string\" default={InputParams()}",
                None,
                Some("default-invalid"),
            ),
            ("type=\"boolean\" default=\"\"", None, Some("default-none")),
            (
                "default=\"InputParams()\"",
                Some(json!("InputParams()")),
                None,
            ),
            ("default=\"3\"", Some(json!(3)), None),
        ];
        for (attrs, want, code) in cases {
            let (s, codes) = schema(&format!("<ParamField body=\"x\" {attrs} />\n"));
            assert_eq!(s.get("default"), want.as_ref(), "{attrs}");
            assert_eq!(codes.first().copied(), *code, "{attrs}");
        }
    }

    #[test]
    fn tabs_give_statuses_and_examples_hide_nothing() {
        let f = fields(concat!(
            "<Tabs>\n  <Tab title=\"200\">\n    <ResponseField name=\"ok\" type=\"boolean\" />\n  </Tab>\n",
            "  <Tab title=\"404 - Not Found\">\n    <ResponseField name=\"error\" type=\"string\" />\n  </Tab>\n",
            "  <Tab title=\"Python\">\n    <ResponseField name=\"x\" type=\"string\" />\n  </Tab>\n</Tabs>\n",
        ));
        let got: Vec<_> = f
            .iter()
            .map(|f| (f.name.clone().unwrap(), f.tab_status.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("ok".into(), Some("200".into())),
                ("error".into(), Some("404".into())),
                ("x".into(), None)
            ]
        );
    }

    #[test]
    fn status_named_fields() {
        let f = fields("<ResponseField name=\"404 Not Found\" type=\"error\">\n  Team does not exist.\n</ResponseField>\n");
        assert_eq!(f[0].status_name(), Some(("404".into(), "Not Found".into())));
        assert_eq!(f[0].description.as_deref(), Some("Team does not exist."));
        let f = fields("<ParamField body=\"404\" />\n");
        assert_eq!(f[0].status_name(), None);
    }
}
