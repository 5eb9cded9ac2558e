//! A YAML 1.2 (and therefore JSON) reader that keeps the position of every
//! node, so diagnostics can point at the exact line of a vendor's spec.
//!
//! Anchors and aliases are expanded (bounded, against alias bombs), `<<`
//! merge keys are honoured, and scalars are typed by the YAML 1.2 core schema.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::Number;

use super::node::{Entry, Kind, Node, ParseError, Pos};

/// Most nodes a document may expand to through aliases.
const MAX_NODES: usize = 2_000_000;

/// Parse the first document of `text`. Positions are shifted so that line 1
/// of `text` is `first_line` of the page and every column by `col_offset`.
pub fn parse(text: &str, first_line: u32, col_offset: u32) -> Result<Node, ParseError> {
    // JSON (most spec files) has a faster reader with the same result.
    if text.trim_start().starts_with(['{', '[']) {
        if let Ok(node) = super::json::parse(text, first_line, col_offset) {
            return Ok(node);
        }
    }
    let mut builder = Builder {
        first_line,
        col_offset,
        anchors: HashMap::new(),
        stack: Vec::new(),
        nodes: 0,
        root: None,
    };
    // An empty explicit key (`? `) or a value left open at the end of the
    // input is placed by the scanner on the line after the last one.
    let last_line = text.split('\n').count();
    let end = within_text(text, last_line + 1, 0);
    let mut parser = Parser::new_from_str(text);
    for item in &mut parser {
        let (event, span) = item.map_err(|e| {
            // The scanner may report an error at the end of input as the
            // line after the last one: point at the end of the text instead.
            let (line, col) = within_text(text, e.marker().line(), e.marker().col());
            ParseError {
                pos: builder.pos(line, col),
                message: e.info().to_string(),
            }
        })?;
        let (line, col) = if span.start.line() > last_line {
            end
        } else {
            (span.start.line(), span.start.col())
        };
        let pos = builder.pos(line, col);
        match event {
            Event::DocumentEnd if builder.root.is_some() => break,
            Event::Scalar(value, style, anchor, tag) => {
                let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                let kind = scalar(&value, style, tag.as_deref());
                builder.leaf(Node { pos, kind }, anchor)?;
            }
            Event::Alias(id) => {
                let node = builder.anchors.get(&id).cloned().ok_or(ParseError {
                    pos,
                    message: "alias to an unknown anchor".into(),
                })?;
                builder.nodes += count(&node);
                builder.leaf(node, 0)?;
            }
            Event::SequenceStart(anchor, _) => builder.stack.push(Open {
                pos,
                anchor,
                kind: OpenKind::Seq(Vec::new()),
            }),
            Event::MappingStart(anchor, _) => builder.stack.push(Open {
                pos,
                anchor,
                kind: OpenKind::Map(Vec::new(), None),
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                let open = builder.stack.pop().ok_or(ParseError {
                    pos,
                    message: "unbalanced collection".into(),
                })?;
                let kind = match open.kind {
                    OpenKind::Seq(items) => Kind::Seq(items),
                    OpenKind::Map(entries, _) => Kind::Map(merge_keys(entries)),
                };
                builder.leaf(
                    Node {
                        pos: open.pos,
                        kind,
                    },
                    open.anchor,
                )?;
            }
            _ => {}
        }
    }
    let empty_pos = builder.pos(1, 0);
    Ok(builder.root.unwrap_or(Node {
        pos: empty_pos,
        kind: Kind::Null,
    }))
}

/// A 1-based line and 0-based column clamped to `text` (past the last
/// line: the end of the last line).
fn within_text(text: &str, line: usize, col: usize) -> (usize, usize) {
    let lines = text.split('\n').count();
    if line <= lines {
        return (line.max(1), col);
    }
    let last = text.rsplit('\n').next().unwrap_or("");
    (lines, last.chars().count())
}

struct Open {
    pos: Pos,
    anchor: usize,
    kind: OpenKind,
}

enum OpenKind {
    Seq(Vec<Node>),
    /// Entries so far and a key waiting for its value.
    Map(Vec<Entry>, Option<(String, Pos)>),
}

struct Builder {
    first_line: u32,
    col_offset: u32,
    anchors: HashMap<usize, Node>,
    stack: Vec<Open>,
    nodes: usize,
    root: Option<Node>,
}

impl Builder {
    fn pos(&self, line: usize, col: usize) -> Pos {
        Pos {
            line: self.first_line + line.saturating_sub(1) as u32,
            col: self.col_offset + col as u32 + 1,
        }
    }

    fn leaf(&mut self, node: Node, anchor: usize) -> Result<(), ParseError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(ParseError {
                pos: node.pos,
                message: format!("document expands to more than {MAX_NODES} nodes (alias bomb?)"),
            });
        }
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Open {
                kind: OpenKind::Seq(items),
                ..
            }) => items.push(node),
            Some(Open {
                kind: OpenKind::Map(entries, pending),
                ..
            }) => match pending.take() {
                None => *pending = Some((key_text(&node)?, node.pos)),
                Some((key, key_pos)) => entries.push(Entry {
                    key,
                    key_pos,
                    value: node,
                }),
            },
        }
        Ok(())
    }
}

fn count(node: &Node) -> usize {
    match &node.kind {
        Kind::Seq(items) => 1 + items.iter().map(count).sum::<usize>(),
        Kind::Map(entries) => 1 + entries.iter().map(|e| count(&e.value)).sum::<usize>(),
        _ => 1,
    }
}

fn key_text(node: &Node) -> Result<String, ParseError> {
    match &node.kind {
        Kind::String(s) => Ok(s.clone()),
        Kind::Number(n) => Ok(n.to_string()),
        Kind::Bool(b) => Ok(b.to_string()),
        Kind::Null => Ok("null".into()),
        _ => Err(ParseError {
            pos: node.pos,
            message: "a mapping key must be a scalar".into(),
        }),
    }
}

/// Apply `<<` merge keys; later explicit keys win, and a key repeated in the
/// same mapping keeps its last value (as JSON parsers do).
fn merge_keys(entries: Vec<Entry>) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
    let mut merged: Vec<Entry> = Vec::new();
    for entry in entries {
        if entry.key == "<<" {
            let sources = match entry.value.kind {
                Kind::Map(m) => vec![m],
                Kind::Seq(items) => items
                    .into_iter()
                    .filter_map(|n| match n.kind {
                        Kind::Map(m) => Some(m),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            for source in sources {
                for e in source {
                    if !merged.iter().any(|m| m.key == e.key) {
                        merged.push(e);
                    }
                }
            }
            continue;
        }
        if let Some(existing) = out.iter_mut().find(|e| e.key == entry.key) {
            *existing = entry;
        } else {
            out.push(entry);
        }
    }
    for e in merged {
        if !out.iter().any(|o| o.key == e.key) {
            out.push(e);
        }
    }
    out
}

/// Type a scalar by the YAML 1.2 core schema; quoted scalars are strings.
fn scalar(value: &str, style: ScalarStyle, tag: Option<&str>) -> Kind {
    match tag {
        Some("!!str") => return Kind::String(value.into()),
        Some("!!null") => return Kind::Null,
        _ => {}
    }
    if style != ScalarStyle::Plain {
        return Kind::String(value.into());
    }
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return Kind::Null,
        "true" | "True" | "TRUE" => return Kind::Bool(true),
        "false" | "False" | "FALSE" => return Kind::Bool(false),
        _ => {}
    }
    number(value).map_or_else(|| Kind::String(value.into()), Kind::Number)
}

fn number(text: &str) -> Option<Number> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let negative = text.starts_with('-');
    let radix = |digits: &str, base: u32| {
        i64::from_str_radix(digits, base)
            .ok()
            .map(|n| Number::from(if negative { -n } else { n }))
    };
    if let Some(hex) = unsigned.strip_prefix("0x") {
        return radix(hex, 16);
    }
    if let Some(oct) = unsigned.strip_prefix("0o") {
        return radix(oct, 8);
    }
    let bytes = unsigned.as_bytes();
    if bytes.is_empty()
        || !bytes
            .iter()
            .all(|b| b.is_ascii_digit() || b"._eE+-".contains(b))
    {
        return None;
    }
    if bytes.iter().all(u8::is_ascii_digit) {
        let body = text.strip_prefix('+').unwrap_or(text);
        if let Ok(n) = body.parse::<i64>() {
            return Some(n.into());
        }
        if let Ok(n) = body.parse::<u64>() {
            return Some(n.into());
        }
    }
    // Floats: must look like one (YAML 1.2 core), then let Rust parse it.
    let starts_ok = bytes[0].is_ascii_digit() || (bytes[0] == b'.' && bytes.len() > 1);
    if !starts_ok {
        return None;
    }
    let body = text.strip_prefix('+').unwrap_or(text);
    body.parse::<f64>().ok().and_then(Number::from_f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn positions_are_shifted_into_the_page() {
        let node = parse("a:\n  b: 1\n", 10, 0).unwrap();
        let b = node.get("a").unwrap().entry("b").unwrap();
        assert_eq!(b.key_pos, Pos { line: 11, col: 3 });
        assert_eq!(b.value.pos, Pos { line: 11, col: 6 });
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let node = parse(
            "a: 'yes'\nb: yes\nc: 12\nd: -1.5\ne: ~\nf: TRUE\ng: '200'\nh: 0x1f\ni: 1e3\nj: .5\nk: 1.2.3\n",
            1,
            0,
        )
        .unwrap();
        assert_eq!(
            node.to_json(),
            json!({"a": "yes", "b": "yes", "c": 12, "d": -1.5, "e": null, "f": true,
                   "g": "200", "h": 31, "i": 1000.0, "j": 0.5, "k": "1.2.3"})
        );
    }

    #[test]
    fn anchors_aliases_and_merge_keys_expand() {
        let node = parse(
            "base: &b {x: 1, y: 2}\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n",
            1,
            0,
        )
        .unwrap();
        assert_eq!(
            node.to_json(),
            json!({"base": {"x": 1, "y": 2}, "use": {"x": 1, "y": 2}, "merged": {"y": 3, "x": 1}})
        );
    }

    #[test]
    fn json_is_read_as_yaml_with_positions() {
        let node = parse("{\n  \"a\": [1, {\"b\": \"c\"}]\n}", 5, 0).unwrap();
        assert_eq!(node.to_json(), json!({"a": [1, {"b": "c"}]}));
        assert_eq!(node.pointer("/a/1/b").unwrap().pos.line, 6);
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let err = parse("a: [1, 2\nb: 3\n", 3, 0).unwrap_err();
        assert!(err.pos.line >= 3, "{err:?}");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let err = parse(&text, 1, 0).unwrap_err();
        assert!(err.message.contains("alias bomb"), "{err:?}");
    }

    #[test]
    fn an_empty_document_is_null() {
        assert_eq!(parse("", 1, 0).unwrap().kind, Kind::Null);
    }
}
