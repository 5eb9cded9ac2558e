//! JSON examples on the page: parsed with their positions (so the source
//! map can point into them), warned about when they are not JSON, and
//! added to a media type under a slug of their title, without duplicates.

use serde_json::Value;

use crate::doc::{yaml, Pos};
use crate::model::{Example, MediaType};
use crate::pointer;

use super::tree::Code;
use super::{Builder, PageCx};

/// A JSON example read from page text, with its positions.
#[derive(Debug, Clone)]
pub(super) struct JsonExample {
    pub(super) value: Value,
    /// The same value as a positioned node, for the source map.
    pub(super) node: crate::doc::Node,
}

/// Parse JSON found at 1-based page `line`, where the first line starts at
/// character column `first_col` and every other line after `indent`
/// removed columns. Err carries the position and message of the problem.
pub(super) fn parse_json(
    text: &str,
    line: u32,
    first_col: u32,
    indent: u32,
) -> Result<JsonExample, (Pos, String)> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let (l, c) = (e.line().max(1) as u32, e.column().max(1) as u32);
        let pos = Pos {
            line: line + l - 1,
            col: if l == 1 {
                first_col + c - 1
            } else {
                indent + c
            },
        };
        (pos, e.to_string())
    })?;
    // Positions come from the YAML reader (JSON is YAML); pad the first
    // line so its columns are right too.
    let padded = format!(
        "{}{}",
        " ".repeat(first_col.saturating_sub(1).saturating_sub(indent) as usize),
        text
    );
    let node = yaml::parse(&padded, line, indent)
        .ok()
        .filter(|n| n.to_json() == value)
        .unwrap_or_else(|| {
            crate::doc::Node::from_json(
                &value,
                Pos {
                    line,
                    col: first_col,
                },
            )
        });
    Ok(JsonExample { value, node })
}

impl Builder<'_, '_> {
    /// A fence's content as a JSON example; invalid JSON is warned about
    /// (an example of a `status` is dropped, the status kept).
    pub(super) fn fence_json(&mut self, code: &Code, status: Option<&str>) -> Option<JsonExample> {
        match parse_json(&code.value, code.first_line, code.indent + 1, code.indent) {
            Ok(ex) => Some(ex),
            Err((pos, msg)) => {
                let message = match status {
                    Some(s) => format!("the `{s}` example is not valid JSON: {msg}; the example is skipped, the `{s}` response is kept"),
                    None => format!("the example is not valid JSON: {msg}; skipped"),
                };
                self.cx.report(crate::diag::Code::ExampleJson, pos, message);
                None
            }
        }
    }
}

/// Fence languages whose content is a JSON example.
pub(super) fn is_json_lang(lang: &str) -> bool {
    matches!(lang, "json" | "jsonc" | "json5")
}

/// Add a named example unless the same value is already there.
pub(super) fn add_example(
    cx: &mut PageCx,
    media: &mut MediaType,
    title: &str,
    ex: JsonExample,
    media_ptr: &str,
) {
    if media
        .examples
        .values()
        .any(|e| e.value.as_ref() == Some(&ex.value))
    {
        return;
    }
    let base = match slug(title) {
        s if s.is_empty() => "example".to_string(),
        s => s,
    };
    let mut name = base.clone();
    let mut n = 2;
    while media.examples.contains_key(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    let ptr = pointer::join(&pointer::join(media_ptr, "examples"), &name);
    cx.record(&ptr, ex.node.pos);
    cx.record_value(&pointer::join(&ptr, "value"), &ex.node);
    media.examples.insert(
        name,
        Example {
            value: Some(ex.value),
            ..Example::default()
        },
    );
}

/// `curl (Batch Query)` -> `curl-batch-query`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_examples_have_positions_or_errors() {
        let ex = parse_json("{\n  \"a\": [1, 2]\n}", 10, 5, 2).unwrap();
        assert_eq!(ex.value, json!({"a": [1, 2]}));
        let a = ex.node.get("a").unwrap();
        assert_eq!(a.pos.line, 11);
        let (pos, msg) = parse_json("{\n  \"a\": 1,\n}", 10, 1, 2).unwrap_err();
        assert_eq!(pos.line, 12);
        assert!(msg.contains("trailing comma"), "{msg}");
    }
}
