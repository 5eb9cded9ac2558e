//! A projected operation as a hand-written Mintlify MDX page, in the
//! style Mintlify documents (components/fields, expandables, examples):
//!
//! - frontmatter `title`, `api: "METHOD /path"` and, for a body that is
//!   not JSON, `contentType`;
//! - one `<ParamField path|query|header|cookie>` per parameter and one
//!   `<ParamField body>` per body property (a valueless `<ParamField body>`
//!   when the body is not an object with properties), nested fields in
//!   `<Expandable title="properties">`;
//! - the success response's properties as top-level `<ResponseField>`s;
//!   every other status in `<Tabs><Tab title="404 Not Found">` with its
//!   description and fields (a real-world style the reader supports);
//! - a curl `<RequestExample>` and a `<ResponseExample>` with one JSON
//!   fence per status that has a body, titled with the status.
//!
//! The spellings real pages vary in alternate with [`Style`]: `api:` with
//! an upper- or lower-case method and a path or a full URL; `required` or
//! `required={true}`; `<Expandable title="properties">` or a bare one.
//!
//! Types are written as Mintlify type strings: `string`, `integer (int64)`,
//! `string[]`, `array<"a" | "b">`, `Record<string, number>`,
//! `string | null`, `'"a" | "b"'` for enums.

use serde_json::{json, Map, Value};

use super::project::{Body, Node, Param, ProjectedOp, Resp, Ty};

/// The server the curl example calls.
const SERVER: &str = "https://api.example.com";

/// Which of the equivalent spellings a page uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// `api: "post https://api.example.com/x"` instead of `"POST /x"`.
    pub lower_method_full_url: bool,
    /// `required={true}` and `<Expandable>` instead of `required` and
    /// `<Expandable title="properties">`.
    pub expression_flags: bool,
}

impl Style {
    /// A style chosen by `n` (the operation's place in the sample).
    pub fn nth(n: usize) -> Style {
        Style {
            lower_method_full_url: n % 2 == 1,
            expression_flags: (n / 2) % 2 == 1,
        }
    }
}

pub fn render(op: &ProjectedOp, style: Style) -> String {
    let mut out = String::new();
    out.push_str("---\n");
    out.push_str(&format!("title: \"{}\"\n", frontmatter_text(&op.title)));
    if style.lower_method_full_url {
        out.push_str(&format!(
            "api: \"{} {SERVER}{}\"\n",
            op.method.as_str(),
            op.path
        ));
    } else {
        out.push_str(&format!("api: \"{} {}\"\n", op.method.upper(), op.path));
    }
    if let Some(b) = &op.body {
        if b.media != "application/json" {
            out.push_str(&format!("contentType: \"{}\"\n", b.media));
        }
    }
    out.push_str("---\n\n");
    if let Some(d) = op.description.as_deref().and_then(prose) {
        out.push_str(&d);
        out.push_str("\n\n");
    }

    for (loc, heading) in [
        (super::project::Loc::Path, "Path parameters"),
        (super::project::Loc::Query, "Query parameters"),
        (super::project::Loc::Header, "Headers"),
        (super::project::Loc::Cookie, "Cookies"),
    ] {
        let params: Vec<&Param> = op.params.iter().filter(|p| p.loc == loc).collect();
        if params.is_empty() {
            continue;
        }
        out.push_str(&format!("## {heading}\n\n"));
        for p in params {
            let mut node = p.node.clone();
            if node.description.is_none() {
                node.description = p.description.clone();
            }
            field(
                style,
                &mut out,
                "ParamField",
                loc.name(),
                Some(&p.name),
                &node,
                p.required,
                0,
            );
        }
    }

    if let Some(body) = &op.body {
        out.push_str("## Body\n\n");
        render_body(style, &mut out, body);
    }

    let success = success_status(op);
    let mut tabbed: Vec<&Resp> = Vec::new();
    for r in &op.responses {
        match (&r.body, Some(r.status.as_str()) == success.as_deref()) {
            (Some(node), true) => {
                out.push_str("## Response\n\n");
                if let Some(d) = prose(&r.description) {
                    out.push_str(&d);
                    out.push_str("\n\n");
                }
                response_fields(style, &mut out, node);
            }
            _ => tabbed.push(r),
        }
    }
    if !tabbed.is_empty() {
        out.push_str("## Responses\n\n<Tabs>\n");
        for r in &tabbed {
            out.push_str(&format!("<Tab title=\"{}\">\n\n", status_title(&r.status)));
            let text =
                prose(&r.description).unwrap_or_else(|| format!("The `{}` response.", r.status));
            out.push_str(&text);
            out.push_str("\n\n");
            if let Some(node) = &r.body {
                response_fields(style, &mut out, node);
            }
            out.push_str("</Tab>\n");
        }
        out.push_str("</Tabs>\n\n");
    }

    out.push_str("<RequestExample>\n\n");
    out.push_str(&curl(op));
    out.push_str("\n</RequestExample>\n\n");
    let examples: Vec<(&Resp, &Node)> = op
        .responses
        .iter()
        .filter_map(|r| r.body.as_ref().map(|b| (r, b)))
        .collect();
    if !examples.is_empty() {
        out.push_str("<ResponseExample>\n\n");
        for (r, node) in examples {
            let value = example(node, 0);
            let text = serde_json::to_string_pretty(&value).unwrap_or_default();
            out.push_str(&format!(
                "```json {}\n{text}\n```\n\n",
                status_title(&r.status)
            ));
        }
        out.push_str("</ResponseExample>\n");
    }
    out
}

/// The status whose fields are written at the top level: the success
/// response (the reader's rule, [`generator::http::success_key`]), when it
/// has fields.
fn success_status(op: &ProjectedOp) -> Option<String> {
    generator::http::success_key(op.responses.iter().map(|r| r.status.as_str())).map(str::to_string)
}

fn status_title(status: &str) -> String {
    let reason = generator::http::reason_phrase(status);
    if reason.is_empty() || status == "default" {
        status.to_string()
    } else {
        format!("{status} {reason}")
    }
}

fn render_body(style: Style, out: &mut String, body: &Body) {
    let node = &body.node;
    if node.ty == Ty::Object && !node.props.is_empty() && !node.nullable && node.map.is_none() {
        if let Some(d) = node.description.as_deref().and_then(prose) {
            out.push_str(&d);
            out.push_str("\n\n");
        }
        for p in &node.props {
            field(
                style,
                out,
                "ParamField",
                "body",
                Some(&p.name),
                &p.node,
                p.required,
                0,
            );
        }
    } else {
        field(style, out, "ParamField", "body", None, node, false, 0);
    }
}

/// A response body's top-level properties, one `ResponseField` each.
fn response_fields(style: Style, out: &mut String, body: &Node) {
    for p in body.fields_owner().map_or(&[][..], |n| &n.props[..]) {
        field(
            style,
            out,
            "ResponseField",
            "name",
            Some(&p.name),
            &p.node,
            p.required,
            0,
        );
    }
}

/// One field and its nested fields.
#[allow(clippy::too_many_arguments)]
fn field(
    style: Style,
    out: &mut String,
    tag: &str,
    attr: &str,
    name: Option<&str>,
    node: &Node,
    required: bool,
    depth: usize,
) {
    let pad = "  ".repeat(depth * 2);
    out.push_str(&format!("{pad}<{tag} "));
    match name {
        Some(n) => out.push_str(&format!("{attr}={}", quote(n))),
        None => out.push_str(attr),
    }
    out.push_str(&format!(" type={}", quote(&type_string(node))));
    if required {
        out.push_str(if style.expression_flags {
            " required={true}"
        } else {
            " required"
        });
    }
    if let Some(d) = node
        .default
        .as_ref()
        .and_then(|d| super::project::default_attr(node, d))
    {
        out.push_str(&format!(" default={d}"));
    }
    let text = node.description.as_deref().and_then(prose);
    let children = node.fields_owner().map_or(&[][..], |n| &n.props[..]);
    if text.is_none() && children.is_empty() {
        out.push_str(" />\n\n");
        return;
    }
    out.push_str(">\n");
    if let Some(t) = text {
        out.push_str(&format!("{pad}  {t}\n"));
    }
    if !children.is_empty() {
        if style.expression_flags {
            out.push_str(&format!("{pad}  <Expandable>\n"));
        } else {
            out.push_str(&format!("{pad}  <Expandable title=\"properties\">\n"));
        }
        for p in children {
            field(
                style,
                out,
                tag,
                attr,
                Some(&p.name),
                &p.node,
                p.required,
                depth + 1,
            );
        }
        out.push_str(&format!("{pad}  </Expandable>\n"));
    }
    out.push_str(&format!("{pad}</{tag}>\n\n"));
}

/// An attribute value in the quote it does not contain.
fn quote(text: &str) -> String {
    if text.contains('"') {
        format!("'{text}'")
    } else {
        format!("\"{text}\"")
    }
}

/// The Mintlify type string of a node (not its nested fields).
pub fn type_string(node: &Node) -> String {
    let base = if !node.alternatives.is_empty() {
        node.alternatives
            .iter()
            .map(type_string)
            .collect::<Vec<_>>()
            .join(" | ")
    } else if !node.enum_values.is_empty() {
        node.enum_values
            .iter()
            .map(|v| match v {
                Value::String(s) => format!("\"{s}\""),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" | ")
    } else {
        match node.ty {
            Ty::Array => {
                let items = node.items.as_deref().map_or("any".to_string(), type_string);
                if is_simple(&items) {
                    format!("{items}[]")
                } else {
                    format!("array<{items}>")
                }
            }
            Ty::Object => match &node.map {
                Some(value) => format!("Record<string, {}>", type_string(value)),
                None => "object".to_string(),
            },
            ty => ty.name().to_string(),
        }
    };
    let base = match &node.format {
        Some(f) => format!("{base} ({f})"),
        None => base,
    };
    if node.nullable {
        format!("{base} | null")
    } else {
        base
    }
}

/// A type string `[]` can follow: one word, or `X (format)`, or `X[]`.
fn is_simple(t: &str) -> bool {
    !t.contains(['|', '<', '"', '\'', ','])
}

/// Spec prose as one MDX paragraph: one line, markup characters escaped,
/// at most 300 characters. None when nothing is left.
pub fn prose(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let mut out = String::new();
    for c in words.join(" ").chars().take(300) {
        if c.is_control() {
            continue;
        }
        if "\\`*_{}[]<>()#+-.!|~&:".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    Some(out)
}

/// A title for a double-quoted YAML scalar.
fn frontmatter_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '"' || c == '\\' { '\'' } else { c })
        .take(120)
        .collect()
}

fn curl(op: &ProjectedOp) -> String {
    let mut lines = vec![format!(
        "curl --request {} \\\n  --url '{SERVER}{}'",
        op.method.upper(),
        op.path.replace('\'', "%27")
    )];
    if let Some(b) = &op.body {
        lines.push(format!("  --header 'Content-Type: {}'", b.media));
        if generator::http::is_json_media(&b.media) {
            let data = serde_json::to_string_pretty(&example(&b.node, 0)).unwrap_or_default();
            lines.push(format!("  --data '{}'", data.replace('\'', "'\\''")));
        }
    }
    format!("```bash cURL\n{}\n```\n", lines.join(" \\\n"))
}

/// A value the node accepts (for the examples).
pub fn example(node: &Node, depth: usize) -> Value {
    if let Some(v) = node.enum_values.first() {
        return v.clone();
    }
    if let Some(a) = node.alternatives.first() {
        return example(a, depth);
    }
    match node.ty {
        Ty::Any => json!("value"),
        Ty::String => match node.format.as_deref() {
            Some("date-time") => json!("2024-01-01T00:00:00Z"),
            Some("date") => json!("2024-01-01"),
            Some("uuid") => json!("3c90c3cc-0d44-4b50-8888-8dd25736052a"),
            Some("email") => json!("user@example.com"),
            Some("uri" | "url") => json!("https://example.com"),
            Some("byte") => json!("aGVsbG8="),
            _ => json!("string"),
        },
        Ty::Integer => json!(1),
        Ty::Number => json!(1.5),
        Ty::Boolean => json!(true),
        Ty::Array => {
            let item = node
                .items
                .as_deref()
                .map_or(json!("value"), |i| example(i, depth + 1));
            json!([item])
        }
        Ty::Object => {
            let mut map = Map::new();
            if depth < 8 {
                for p in &node.props {
                    map.insert(p.name.clone(), example(&p.node, depth + 1));
                }
                if let (Some(v), true) = (&node.map, node.props.is_empty()) {
                    map.insert("key".into(), example(v, depth + 1));
                }
            }
            Value::Object(map)
        }
    }
}
