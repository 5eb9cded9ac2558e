//! A deterministic YAML writer for JSON values: block style, two-space
//! indent, keys in the order given, strings quoted only when YAML would
//! otherwise read them as something else.

use serde_json::Value;

/// Write `value` as a YAML document (ends with a newline).
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => write_seq(&mut out, items, 0),
        other => {
            push_inline(&mut out, other, 0);
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn write_map(out: &mut String, map: &serde_json::Map<String, Value>, level: usize) {
    for (key, value) in map {
        indent(out, level);
        push_scalar(out, key, level, true);
        out.push(':');
        write_value_after_key(out, value, level);
    }
}

fn write_seq(out: &mut String, items: &[Value], level: usize) {
    for item in items {
        indent(out, level);
        out.push('-');
        match item {
            Value::Object(map) if !map.is_empty() => {
                // First entry on the dash line, the rest aligned under it.
                let mut first = true;
                for (key, value) in map {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        indent(out, level + 1);
                    }
                    push_scalar(out, key, level + 1, true);
                    out.push(':');
                    write_value_after_key(out, value, level + 1);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(out, inner, level + 1);
            }
            other => {
                out.push(' ');
                push_inline(out, other, level + 1);
                out.push('\n');
            }
        }
    }
}

fn write_value_after_key(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(out, map, level + 1);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(out, items, level + 1);
        }
        other => {
            out.push(' ');
            push_inline(out, other, level + 1);
            out.push('\n');
        }
    }
}

/// A scalar or an empty collection on one line (block literals may span
/// more), appended to `out`. The writer appends everything in place: a
/// published contract has hundreds of thousands of scalars.
fn push_inline(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            use std::fmt::Write;
            let _ = write!(out, "{n}");
        }
        Value::String(s) => push_scalar(out, s, level, false),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

fn push_scalar(out: &mut String, s: &str, level: usize, is_key: bool) {
    if is_plain_safe(s) {
        out.push_str(s);
        return;
    }
    if !is_key && push_literal_block(out, s, level) {
        return;
    }
    out.push_str(&double_quoted(s));
}

/// Strings YAML reads back as the same string without quotes.
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_alphanumeric() || first == '_' || first == '/' || first == '.' || first == '$') {
        return false;
    }
    if s.starts_with("...")
        || s.ends_with(' ')
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
    {
        return false;
    }
    if !s.chars().all(|c| {
        c.is_alphanumeric()
            || matches!(
                c,
                ' ' | '_'
                    | '-'
                    | '.'
                    | '/'
                    | '('
                    | ')'
                    | '$'
                    | '+'
                    | '='
                    | ','
                    | ';'
                    | '\''
                    | '@'
                    | '?'
                    | '!'
                    | '&'
                    | '*'
                    | '%'
                    | '|'
                    | '<'
                    | '>'
                    | '~'
                    | '^'
                    | '`'
                    | '"'
                    | '{'
                    | '}'
                    | '['
                    | ']'
                    | ':'
            )
    }) {
        return false;
    }
    // Anything the core schema would type as non-string must be quoted.
    if [
        "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", ".nan",
    ]
    .iter()
    .any(|word| s.eq_ignore_ascii_case(word))
    {
        return false;
    }
    // Quote anything a YAML 1.1 or 1.2 reader could take for a number.
    let numeric_like = s.starts_with(|c: char| c.is_ascii_digit() || "+-.".contains(c))
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-._:".contains(c));
    !numeric_like
}

/// `|` block for multi-line text that round-trips exactly, appended to
/// `out`; false (and nothing appended) when it would not.
fn push_literal_block(out: &mut String, s: &str, level: usize) -> bool {
    if !s.contains('\n') || s.starts_with([' ', '\n']) || s.contains('\r') || s.contains('\t') {
        return false;
    }
    let (body, chomp) = if let Some(body) = s.strip_suffix('\n') {
        if body.ends_with('\n') {
            return false;
        }
        (body, "")
    } else {
        (s, "-")
    };
    if body
        .split('\n')
        .any(|line| line.ends_with(' ') || line.chars().any(|c| c.is_control()))
    {
        return false;
    }
    out.push('|');
    out.push_str(chomp);
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            indent(out, level.max(1));
            out.push_str(line);
        }
    }
    true
}

fn double_quoted(s: &str) -> String {
    // JSON string escapes are valid YAML double-quoted escapes.
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::yaml;
    use serde_json::json;

    fn round_trip(value: Value) {
        let text = to_yaml(&value);
        let back = yaml::parse(&text, 1, 0).unwrap().to_json();
        assert_eq!(back, value, "YAML was:\n{text}");
    }

    #[test]
    fn writes_block_style() {
        let v = json!({"openapi": "3.0.3", "paths": {"/a/{id}": {"get": {"responses": {"200": {"description": "OK"}}}}}, "list": [{"a": 1, "b": [true, null]}, "x"], "empty": {}, "none": []});
        assert_eq!(
            to_yaml(&v),
            "openapi: \"3.0.3\"\npaths:\n  /a/{id}:\n    get:\n      responses:\n        \"200\":\n          description: OK\nlist:\n  - a: 1\n    b:\n      - true\n      - null\n  - x\nempty: {}\nnone: []\n"
        );
    }

    #[test]
    fn strings_that_look_like_other_types_are_quoted_and_round_trip() {
        for s in [
            "yes",
            "No",
            "null",
            "~",
            "1",
            "1.5",
            "1e3",
            "0x10",
            "",
            " lead",
            "trail ",
            "a: b",
            "#c",
            "- x",
            "[x]",
            "{x}",
            "a #b",
            "*alias",
            "&anchor",
            "!tag",
            "%p",
            "@at",
            "`tick",
            "line\nbreak",
            "two\n",
            "three\n\n",
            "\ttab",
            "quote\"s",
            "é",
            "日本",
            "a\u{0}b",
            "ends:",
            "'single'",
            "text with: colon",
            "https://x.y/z?a=b#c",
            ".inf",
            "-",
            "?",
        ] {
            round_trip(json!({ s: s }));
            round_trip(json!([s]));
        }
    }

    #[test]
    fn multi_line_text_uses_literal_blocks() {
        let v = json!({"d": "first line\nsecond line"});
        assert_eq!(to_yaml(&v), "d: |-\n  first line\n  second line\n");
        round_trip(json!({"x": {"d": "a\n\nb\n"}}));
        round_trip(json!([["a\nb", {"k": "c\nd"}]]));
    }

    #[test]
    fn numbers_keep_their_form() {
        round_trip(json!({"i": 12, "n": -3, "f": 1.25, "big": 18446744073709551615u64}));
    }
}
