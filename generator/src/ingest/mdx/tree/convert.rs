//! The parser's mdast reduced to [`Block`]s: headings, paragraphs (lists
//! and blockquotes flattened to text), code fences and JSX elements, with
//! structural elements written inline in a paragraph lifted out.

use markdown::mdast::{self, AttributeContent, AttributeValue, Node};

use super::{Attr, AttrValue, Block, Code, Elem};

/// Elements that carry structure even when written inline in a paragraph.
fn is_structural(name: &str) -> bool {
    matches!(
        name,
        "ParamField"
            | "Param"
            | "ResponseField"
            | "Expandable"
            | "RequestExample"
            | "ResponseExample"
            | "CodeGroup"
            | "Tabs"
            | "Tab"
    )
}

fn start_of(node: &Node) -> usize {
    node.position().map_or(0, |p| p.start.offset)
}

pub(super) fn convert_flow(nodes: &[Node], text: &str, out: &mut Vec<Block>) {
    for node in nodes {
        match node {
            Node::Heading(h) => out.push(Block::Heading {
                depth: h.depth,
                text: inline_text(&h.children, text).trim().to_string(),
                start: start_of(node),
            }),
            Node::Paragraph(p) => convert_paragraph(&p.children, start_of(node), text, out),
            Node::Code(c) => out.push(Block::Code(convert_code(c))),
            Node::MdxJsxFlowElement(e) => out.push(Block::Elem(convert_elem(
                e.name.as_deref(),
                &e.attributes,
                &e.children,
                start_of(node),
                text,
                true,
            ))),
            Node::List(l) => {
                // Items become "- text" lines; structure inside items is kept.
                let mut lines = Vec::new();
                for item in &l.children {
                    let mut inner = Vec::new();
                    if let Some(children) = item.children() {
                        convert_flow(children, text, &mut inner);
                    }
                    let mut item_text = Vec::new();
                    for b in inner {
                        match b {
                            Block::Para { text, .. } => item_text.push(text),
                            other => out.push(other),
                        }
                    }
                    lines.push(format!("- {}", item_text.join(" ")));
                }
                if !lines.is_empty() {
                    out.push(Block::Para {
                        text: lines.join("\n"),
                        start: start_of(node),
                    });
                }
            }
            Node::Blockquote(b) => convert_flow(&b.children, text, out),
            _ => {}
        }
    }
}

fn convert_paragraph(children: &[Node], start: usize, text: &str, out: &mut Vec<Block>) {
    let mut buf = String::new();
    let mut buf_start = start;
    for node in children {
        if let Node::MdxJsxTextElement(e) = node {
            if e.name.as_deref().is_some_and(is_structural) {
                if !buf.trim().is_empty() {
                    out.push(Block::Para {
                        text: buf.trim().to_string(),
                        start: buf_start,
                    });
                }
                buf.clear();
                out.push(Block::Elem(convert_elem(
                    e.name.as_deref(),
                    &e.attributes,
                    &e.children,
                    start_of(node),
                    text,
                    false,
                )));
                buf_start = node.position().map_or(start, |p| p.end.offset);
                continue;
            }
        }
        push_inline(node, text, &mut buf);
    }
    if !buf.trim().is_empty() {
        out.push(Block::Para {
            text: buf.trim().to_string(),
            start: buf_start,
        });
    }
}

fn convert_elem(
    name: Option<&str>,
    attributes: &[AttributeContent],
    children: &[Node],
    start: usize,
    text: &str,
    flow: bool,
) -> Elem {
    let attrs = attributes
        .iter()
        .filter_map(|a| match a {
            AttributeContent::Property(p) => Some(Attr {
                name: p.name.clone(),
                value: match &p.value {
                    None => AttrValue::Bare,
                    Some(AttributeValue::Literal(s)) => AttrValue::Literal(s.clone()),
                    Some(AttributeValue::Expression(e)) => AttrValue::Expr(e.value.clone()),
                },
            }),
            AttributeContent::Expression(_) => None,
        })
        .collect();
    let mut blocks = Vec::new();
    if flow {
        convert_flow(children, text, &mut blocks);
    } else {
        convert_paragraph(children, start, text, &mut blocks);
    }
    Elem {
        name: name.unwrap_or("").to_string(),
        attrs,
        start,
        children: blocks,
    }
}

fn convert_code(c: &mdast::Code) -> Code {
    let (start, line, col) = c.position.as_ref().map_or((0, 1, 1), |p| {
        (p.start.offset, p.start.line, p.start.column)
    });
    let meta = c
        .meta
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .filter(|w| !w.starts_with("theme="))
        .collect::<Vec<_>>()
        .join(" ");
    Code {
        lang: c.lang.as_deref().unwrap_or("").to_ascii_lowercase(),
        meta,
        value: c.value.clone(),
        start,
        first_line: line as u32 + 1,
        indent: col.saturating_sub(1) as u32,
    }
}

/// Markdown phrasing flattened to text; inline code keeps its backticks.
/// `src` is the text the nodes' positions point into.
fn inline_text(nodes: &[Node], src: &str) -> String {
    let mut out = String::new();
    for node in nodes {
        push_inline(node, src, &mut out);
    }
    out
}

fn push_inline(node: &Node, src: &str, out: &mut String) {
    match node {
        // A soft line break inside a paragraph reads as a space.
        Node::Text(t) if t.value.contains('\n') => {
            out.push_str(&t.value.replace("\r\n", " ").replace('\n', " "))
        }
        Node::Text(t) => {
            out.push_str(&restore_line_breaks(&t.value, node, src).unwrap_or(t.value.clone()))
        }
        Node::InlineCode(c) => {
            out.push('`');
            out.push_str(&c.value);
            out.push('`');
        }
        Node::Break(_) => out.push('\n'),
        // HTML written as JSX: `<code>` is inline code, `<br />` a break.
        Node::MdxJsxTextElement(e) if e.name.as_deref() == Some("code") => {
            out.push('`');
            out.push_str(&inline_text(&e.children, src));
            out.push('`');
        }
        Node::MdxJsxTextElement(e) if e.name.as_deref() == Some("br") => out.push('\n'),
        Node::Image(i) => out.push_str(&i.alt),
        Node::MdxTextExpression(_) | Node::Html(_) | Node::MdxjsEsm(_) => {}
        _ => {
            if let Some(children) = node.children() {
                for child in children {
                    push_inline(child, src, out);
                }
            }
        }
    }
}

/// Inside an inline JSX element that spans lines (`<Warning>one.` /
/// `two.</Warning>`), the parser drops the line ending and the next
/// line's indent from the text (`one.two.`). When the source shows that
/// is what happened, the line ending reads as a space again.
fn restore_line_breaks(value: &str, node: &Node, src: &str) -> Option<String> {
    let pos = node.position()?;
    let raw = src.get(pos.start.offset..pos.end.offset)?;
    if !raw.contains('\n') {
        return None;
    }
    let pieces: Vec<&str> = raw
        .split('\n')
        .enumerate()
        .map(|(i, line)| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if i == 0 {
                line
            } else {
                line.trim_start()
            }
        })
        .collect();
    let last = pieces.len() - 1;
    let trimmed: Vec<&str> = pieces
        .iter()
        .enumerate()
        .map(|(i, p)| if i < last { p.trim_end() } else { p })
        .collect();
    (pieces.concat() == value || trimmed.concat() == value).then(|| trimmed.join(" "))
}
