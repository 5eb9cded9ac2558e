//! The page as MDX: parsed with the `markdown` crate's MDX constructs and
//! reduced to the few block kinds the reader needs (headings, paragraphs,
//! code fences, JSX elements), each with its byte offset in the page.
//!
//! Real pages are often not strict MDX (HTML comments, a stray `{` or `<`
//! in prose, unclosed tags). When the parser refuses a page, the offending
//! construct is blanked with spaces in a copy of the text — byte offsets,
//! and so positions, stay exact — and the page is parsed again, a bounded
//! number of times. One `not-strict-mdx` note reports the first reason.

use markdown::mdast::{self, AttributeContent, AttributeValue, Node};
use markdown::message::{Message, Place};
use markdown::{Constructs, MdxSignal, ParseOptions};

use crate::page::Page;
use crate::source::SourceFile;
use crate::yaml::Pos;

use super::super::PageCx;

/// How many constructs may be blanked before the page is given up on.
const MAX_REPAIRS: usize = 100;

/// One block of the page, in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        depth: u8,
        text: String,
        start: usize,
    },
    /// A paragraph, list or blockquote, flattened to text.
    Para {
        text: String,
        start: usize,
    },
    Code(Code),
    Elem(Elem),
}

/// A fenced code block.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// Lower-cased language (first word of the info string), may be empty.
    pub lang: String,
    /// The rest of the info string without `theme=...` (the fence title).
    pub meta: String,
    pub value: String,
    /// Byte offset of the opening fence.
    pub start: usize,
    /// 1-based page line of the first content line.
    pub first_line: u32,
    /// Columns of indentation before the fence (removed from the content).
    pub indent: u32,
}

/// A JSX element (flow, or a structural one found inside a paragraph).
#[derive(Debug, Clone, PartialEq)]
pub struct Elem {
    pub name: String,
    pub attrs: Vec<Attr>,
    pub start: usize,
    pub children: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    pub name: String,
    pub value: AttrValue,
}

/// An attribute value as written.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// `required`
    Bare,
    /// `type="string"`
    Literal(String),
    /// `default={-1}` (the text between the braces)
    Expr(String),
}

impl Elem {
    pub fn attr(&self, name: &str) -> Option<&AttrValue> {
        self.attrs.iter().find(|a| a.name == name).map(|a| &a.value)
    }

    /// A string attribute (literal, or an expression that is a string literal).
    pub fn attr_str(&self, name: &str) -> Option<String> {
        match self.attr(name)? {
            AttrValue::Literal(s) => Some(s.clone()),
            AttrValue::Expr(e) => {
                let e = e.trim();
                let unquoted = e
                    .strip_prefix('"')
                    .and_then(|s| s.strip_suffix('"'))
                    .or_else(|| e.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
                    .or_else(|| e.strip_prefix('`').and_then(|s| s.strip_suffix('`')));
                Some(unquoted.unwrap_or(e).to_string())
            }
            AttrValue::Bare => None,
        }
    }

    /// A boolean flag: bare, `{true}` or `"true"` (any case) is true.
    pub fn flag(&self, name: &str) -> Option<bool> {
        Some(match self.attr(name)? {
            AttrValue::Bare => true,
            AttrValue::Literal(s) | AttrValue::Expr(s) => s.trim().eq_ignore_ascii_case("true"),
        })
    }
}

/// Byte offset -> 1-based line and character column in `file`.
pub fn pos_at(file: &SourceFile, offset: usize) -> Pos {
    let loc = file.location(offset);
    Pos {
        line: loc.line,
        col: loc.col,
    }
}

/// Parse the page body into blocks. None when the page cannot be read as
/// MDX even after repairs (a warning says why).
pub fn parse(cx: &mut PageCx, page: &Page) -> Option<Vec<Block>> {
    let file = cx.file.clone();
    let mut text = file.text().to_string();
    // Frontmatter and scraper headers were read by `Page`; hide them.
    let hidden = page.body_start.min(text.len());
    blank(&mut text, 0, hidden);
    let options = ParseOptions {
        constructs: Constructs {
            frontmatter: true,
            gfm_table: true,
            ..Constructs::mdx()
        },
        mdx_esm_parse: Some(Box::new(esm_signal)),
        ..ParseOptions::default()
    };
    let mut first: Option<(usize, String)> = None;
    let mut repairs = 0;
    loop {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            markdown::to_mdast(&text, &options)
        }));
        let message = match result {
            Ok(Ok(root)) => {
                if let Some((offset, reason)) = first {
                    let more = if repairs > 1 {
                        format!(" ({} constructs were blanked in all)", repairs)
                    } else {
                        String::new()
                    };
                    cx.note(
                        "not-strict-mdx",
                        pos_at(&file, offset),
                        format!("page is not strict MDX: {reason}; the construct was blanked and the page read again{more}"),
                    );
                }
                let mut blocks = Vec::new();
                if let Node::Root(root) = root {
                    convert_flow(&root.children, &text, &mut blocks);
                }
                return Some(blocks);
            }
            Ok(Err(message)) => message,
            Err(_) => {
                cx.warn(
                    "mdx-unreadable",
                    pos_at(&file, page.body_start),
                    "the MDX parser failed on this page; it was not read",
                );
                return None;
            }
        };
        let offset = message_offset(&message).min(text.len());
        let reason = clean_reason(&message.reason);
        if first.is_none() {
            first = Some((offset, reason.clone()));
        }
        if repairs >= MAX_REPAIRS || !repair(&mut text, offset, &message) {
            cx.warn(
                "mdx-unreadable",
                pos_at(&file, offset),
                format!("page could not be read as MDX: {reason}"),
            );
            return None;
        }
        repairs += 1;
    }
}

/// ESM (`import`/`export` lines) is not JavaScript we read; it only has
/// to end where its brackets balance, so a multi-line `export const`
/// stays one block.
fn esm_signal(code: &str) -> MdxSignal {
    let mut depth = 0i64;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match quote {
            Some(_) if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' | '`' => quote = Some(c),
                '{' | '[' | '(' => depth += 1,
                '}' | ']' | ')' => depth -= 1,
                _ => {}
            },
        }
    }
    if depth > 0 || quote.is_some() {
        MdxSignal::Eof(
            "unbalanced brackets in import/export".into(),
            Box::new("esm".into()),
            Box::new("mdx-reader".into()),
        )
    } else {
        MdxSignal::Ok
    }
}

fn message_offset(message: &Message) -> usize {
    match message.place.as_deref() {
        Some(Place::Point(p)) => p.offset,
        Some(Place::Position(p)) => p.start.offset,
        None => 0,
    }
}

/// The parser's reason without its advice in parentheses.
fn clean_reason(reason: &str) -> String {
    let reason = match reason.find(" (note:") {
        Some(i) => &reason[..i],
        None => reason,
    };
    reason.trim().to_string()
}

/// Replace `text[from..to]` by spaces, keeping line breaks and byte length.
pub fn blank(text: &mut String, from: usize, to: usize) {
    let mut from = from.min(text.len());
    let mut to = to.min(text.len());
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    while to < text.len() && !text.is_char_boundary(to) {
        to += 1;
    }
    if from >= to {
        return;
    }
    let mut bytes = std::mem::take(text).into_bytes();
    for b in &mut bytes[from..to] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
    *text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

/// Blank the construct the parser stopped at. False when nothing changed.
fn repair(text: &mut String, offset: usize, message: &Message) -> bool {
    let before = text.clone();
    let (from, to) = offending_range(text, offset, message);
    let comment = text[from.min(text.len())..].starts_with("<!--");
    blank(text, from, to);
    if comment {
        // Pages with one HTML comment tend to have many: take them all now.
        blank_comments_after(text, to);
    }
    if *text != before {
        return true;
    }
    // Fall back to the first non-blank character at or before the offset.
    let bytes = text.as_bytes();
    let mut at = offset.min(bytes.len().saturating_sub(1));
    while at > 0 && bytes.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
        at -= 1;
    }
    blank(text, at, at + 1);
    *text != before
}

/// Blank every `<!-- ... -->` after `from` that is outside code fences.
fn blank_comments_after(text: &mut String, from: usize) {
    let mut ranges = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut offset = from.min(text.len());
    while offset < text.len() {
        let line_end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let line = &text[offset..line_end];
        let trimmed = line.trim_start();
        let run_char = trimmed.bytes().next().filter(|b| *b == b'`' || *b == b'~');
        let run = run_char.map_or(0, |c| trimmed.bytes().take_while(|b| *b == c).count());
        match (fence, run_char) {
            (Some((c, n)), Some(rc)) if rc == c && run >= n => fence = None,
            (None, Some(rc)) if run >= 3 => fence = Some((rc, run)),
            (None, _) => {
                if let Some(i) = line.find("<!--") {
                    let start = offset + i;
                    let end = text[start..]
                        .find("-->")
                        .map_or(text.len(), |e| start + e + 3);
                    ranges.push((start, end));
                    offset = end;
                    continue;
                }
            }
            _ => {}
        }
        offset = line_end;
    }
    for (start, end) in ranges {
        blank(text, start, end);
    }
}

/// The byte range of the construct a parser message is about.
fn offending_range(text: &str, offset: usize, message: &Message) -> (usize, usize) {
    let bytes = text.as_bytes();
    // "Expected a closing tag for `<Note>` (3:1)": drop the opening tag.
    if let Some(open) = opener_offset(text, &message.reason) {
        if bytes.get(open) == Some(&b'<') {
            return (open, tag_end(text, open));
        }
    }
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let lt = text[line_start..offset.min(text.len())]
        .rfind('<')
        .map(|i| line_start + i)
        .or_else(|| (bytes.get(offset) == Some(&b'<')).then_some(offset));
    if message.rule_id.contains("eof") && message.reason.contains('{') {
        // An expression that never closes: drop its opening brace.
        if let Some(open) = unmatched_brace(text, offset) {
            return (open, open + 1);
        }
    }
    if let Some(lt) = lt {
        if text[lt..].starts_with("<!--") {
            let end = text[lt..].find("-->").map_or(text.len(), |i| lt + i + 3);
            return (lt, end);
        }
        if message.rule_id.contains("closing-slash") || message.reason.contains("closing tag") {
            return (lt, tag_end(text, lt));
        }
        // `<` that does not start a tag (`a <https://x>`, `x <5`): make it text.
        return (lt, lt + 1);
    }
    if let Some(open) = unmatched_brace(text, offset) {
        return (open, open + 1);
    }
    (offset, offset + 1)
}

/// Offset of the `(line:col)` a parser message names, if any.
fn opener_offset(text: &str, reason: &str) -> Option<usize> {
    if !reason.contains("closing tag for") {
        return None;
    }
    let open = reason.rfind('(')?;
    let close = reason[open..].find(')')? + open;
    let (line, col) = reason[open + 1..close].split_once(':')?;
    let line: usize = line.trim().parse().ok()?;
    let col: usize = col.trim().parse().ok()?;
    let mut start = 0;
    for _ in 1..line {
        start += text[start..].find('\n')? + 1;
    }
    // The parser counts columns in bytes.
    let at = start + col.saturating_sub(1);
    (at <= text.len()).then_some(at)
}

/// End (exclusive) of the tag starting at `lt`: the `>` outside quotes and
/// braces, or just the `<` when there is none nearby.
fn tag_end(text: &str, lt: usize) -> usize {
    let bytes = text.as_bytes();
    let mut quote: Option<u8> = None;
    let mut depth = 0usize;
    let limit = (lt + 4000).min(bytes.len());
    let mut i = lt + 1;
    while i < limit {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' => quote = Some(b),
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                b'>' if depth == 0 => return i + 1,
                b'<' if depth == 0 => return lt + 1,
                _ => {}
            },
        }
        i += 1;
    }
    lt + 1
}

/// The last `{` before `offset` that is not closed before it.
fn unmatched_brace(text: &str, offset: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = offset.min(bytes.len());
    while i > 0 {
        i -= 1;
        match bytes[i] {
            b'}' => depth += 1,
            b'{' if depth == 0 => return Some(i),
            b'{' => depth -= 1,
            _ => {}
        }
    }
    None
}

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

fn convert_flow(nodes: &[Node], text: &str, out: &mut Vec<Block>) {
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
pub fn inline_text(nodes: &[Node], src: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> (Vec<Block>, Vec<String>) {
        let file = SourceFile::new("t.mdx", text);
        let page = Page::parse(&file);
        let mut cx = PageCx::new(&file);
        let blocks = parse(&mut cx, &page).unwrap_or_default();
        let codes = cx.diags.iter().map(|d| d.code.to_string()).collect();
        (blocks, codes)
    }

    fn elem_names(blocks: &[Block]) -> Vec<String> {
        let mut out = Vec::new();
        for b in blocks {
            if let Block::Elem(e) = b {
                out.push(e.name.clone());
                out.extend(elem_names(&e.children));
            }
        }
        out
    }

    #[test]
    fn strict_mdx_parses_without_notes() {
        let (b, codes) = blocks(
            "import X from \"/snippets/x.mdx\";\nexport const a = 1;\n\n{/* hidden */}\n\n<ParamField body=\"x\" type=\"string\" required default={-1}>\n  The `x` [value](/x).\n</ParamField>\n",
        );
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(b.len(), 1, "{b:?}");
        let Block::Elem(e) = &b[0] else {
            panic!("{b:?}")
        };
        assert_eq!(e.name, "ParamField");
        assert_eq!(e.attr("required"), Some(&AttrValue::Bare));
        assert_eq!(e.attr("default"), Some(&AttrValue::Expr("-1".into())));
        assert!(
            matches!(&e.children[..], [Block::Para { text, .. }] if text == "The `x` value."),
            "{:?}",
            e.children
        );
    }

    #[test]
    fn html_comments_unclosed_tags_and_braces_are_blanked() {
        let (b, codes) = blocks(
            "# T\n\n<!-- a\ncomment -->\n\ntext { open and <https://x.y>\n\n<Note>\n\nnever closed\n\n<ResponseField name=\"a\" type=\"string\" />\n",
        );
        assert_eq!(codes, vec!["not-strict-mdx".to_string()]);
        assert!(elem_names(&b).contains(&"ResponseField".to_string()));
        assert!(b
            .iter()
            .any(|b| matches!(b, Block::Para { text, .. } if text.contains("open and"))));
    }

    #[test]
    fn many_html_comments_are_blanked_at_once_but_not_in_code() {
        let mut text = String::from("# T\n\n");
        for i in 0..300 {
            text.push_str(&format!("<!-- note {i} -->\n\n"));
        }
        text.push_str(
            "```html\n<!-- kept -->\n```\n\n<ResponseField name=\"a\" type=\"string\" />\n",
        );
        let (b, codes) = blocks(&text);
        assert_eq!(codes, vec!["not-strict-mdx".to_string()]);
        assert!(elem_names(&b).contains(&"ResponseField".to_string()));
        assert!(b
            .iter()
            .any(|b| matches!(b, Block::Code(c) if c.value == "<!-- kept -->")));
    }

    #[test]
    fn html_inline_code_reads_as_backticks() {
        let (b, _) = blocks("Use <code>LAYERCODE\\_API\\_KEY</code> here.<br />Next.\n");
        assert!(
            matches!(&b[..], [Block::Para { text, .. }] if text == "Use `LAYERCODE_API_KEY` here.\nNext."),
            "{b:?}"
        );
    }

    #[test]
    fn closing_tag_with_space_and_stray_closers() {
        let (b, codes) = blocks("<ResponseExample>\n\n```json 200\n{}\n```\n\n</ ResponseExample> \n\ntext </Foo> more\n");
        assert_eq!(codes, vec!["not-strict-mdx".to_string()]);
        let Block::Elem(e) = &b[0] else { panic!() };
        assert_eq!(e.name, "ResponseExample");
        let Block::Code(c) = &e.children[0] else {
            panic!()
        };
        assert_eq!(
            (c.lang.as_str(), c.meta.as_str(), c.first_line),
            ("json", "200", 4)
        );
    }

    #[test]
    fn offsets_survive_frontmatter_and_multibyte_text() {
        let text =
            "---\ntitle: é\n---\n\nçà <!-- x -->\n\n<ParamField path=\"id\" type=\"string\" />\n";
        let file = SourceFile::new("t.mdx", text);
        let (b, _) = blocks(text);
        let e = b
            .iter()
            .find_map(|b| {
                if let Block::Elem(e) = b {
                    Some(e)
                } else {
                    None
                }
            })
            .unwrap();
        assert_eq!(pos_at(&file, e.start), Pos { line: 7, col: 1 });
    }

    /// upstash `delete.mdx`: `<Warning>... full scan.` then `Therefore...`
    /// on the next line must not read as `scan.Therefore`.
    #[test]
    fn a_line_break_inside_an_inline_callout_reads_as_a_space() {
        let (b, _) = blocks(concat!(
            "<ParamField body=\"filter\" type=\"string\">\n",
            "  Metadata filter.\n",
            "  <Warning>Deleting is a full scan. \n",
            "  Therefore, it might be slow.</Warning>\n",
            "</ParamField>\n",
        ));
        let Block::Elem(field) = &b[0] else {
            panic!("{b:?}")
        };
        let texts: Vec<&str> = field
            .children
            .iter()
            .filter_map(|c| match c {
                Block::Para { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            texts,
            ["Metadata filter. Deleting is a full scan. Therefore, it might be slow."]
        );
    }

    #[test]
    fn inline_fields_become_elements() {
        let (b, _) = blocks("<ResponseField name=\"a\" type=\"string\">The a.</ResponseField>\n");
        assert_eq!(elem_names(&b), vec!["ResponseField".to_string()]);
    }

    #[test]
    fn garbage_never_panics_or_loops() {
        let inputs = [
            "<",
            "{",
            "}",
            "<<<<{{{{",
            "</>",
            "<a",
            "<a b=\"",
            "<!--",
            "```",
            "<ParamField body=\"x\"",
            "---\napi: [\n",
            "<A><B></A></B>",
            "{/*",
            "<ParamField\n\n\n>",
            "\u{feff}<x {...y} />",
            "<a>{</a>}",
            "<Tabs><Tab title=\"200\"><ResponseField name=\"x\"></Tab>",
        ];
        for input in inputs {
            let _ = blocks(input);
            for cut in 0..input.len() {
                if input.is_char_boundary(cut) {
                    let _ = blocks(&input[..cut]);
                }
            }
        }
    }
}
