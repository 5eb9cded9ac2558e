//! Type strings of `<ParamField type=...>` / `<ResponseField type=...>`.
//!
//! Mintlify documents `string number boolean object` and `X[]`; real pages
//! use far more spellings (Python, TypeScript, prose). Every spelling we
//! recognise becomes the schema it names; anything else becomes an empty
//! schema carrying the original text in `x-doc-type`, and is listed in
//! [`Parsed::unknown`] so the caller can warn. We never guess.

use serde_json::{Number, Value};

use crate::model::{AdditionalProperties, Schema, SchemaType};

/// Extension that keeps a type spelling we could not read.
pub const DOC_TYPE: &str = "x-doc-type";

#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub schema: Schema,
    /// Spellings (whole or parts) that were not recognised.
    pub unknown: Vec<String>,
}

/// Parse a type string (case-insensitive).
pub fn parse(text: &str) -> Parsed {
    let mut unknown = Vec::new();
    let schema = parse_inner(text.trim(), &mut unknown, 0);
    Parsed { schema, unknown }
}

/// Deepest nesting followed; deeper text is kept as an unknown spelling.
const MAX_DEPTH: usize = 16;

fn unknown_schema(text: &str, unknown: &mut Vec<String>) -> Schema {
    unknown.push(text.to_string());
    let mut s = Schema::default();
    s.extensions
        .insert(DOC_TYPE.to_string(), Value::String(text.to_string()));
    s
}

fn parse_inner(text: &str, unknown: &mut Vec<String>, depth: usize) -> Schema {
    let text = text.trim();
    if depth > MAX_DEPTH || text.is_empty() {
        return unknown_schema(text, unknown);
    }
    // Unions: `string | null`, `'a' | 'b'`, `string or object`.
    let parts = split_union(text);
    if parts.len() > 1 {
        return union(&parts, text, unknown, depth);
    }
    // One quoted literal (`"text"`, `'json'`) is a one-value enum, as
    // each alternative of `'a' | 'b'` is.
    if let Some(Value::String(value)) = quoted_literal(text) {
        return Schema {
            schema_type: Some(SchemaType::String),
            enum_values: Some(crate::model::thin_vec![Value::String(value)]),
            ..Schema::default()
        };
    }
    // A TypeScript rest parameter (`...string[]`) has the type after the dots.
    if let Some(rest) = text.strip_prefix("...") {
        return parse_inner(rest, unknown, depth + 1);
    }
    if let Some(inner) = text.strip_suffix("[]") {
        return Schema::array_of(parse_inner(inner, unknown, depth + 1));
    }
    let lower = text.to_ascii_lowercase();
    for prefix in ["array of ", "list of "] {
        if lower.starts_with(prefix) {
            let inner = &text[prefix.len()..];
            // "array of objects" / "list of strings"
            let inner = singular(inner);
            return Schema::array_of(parse_inner(inner, unknown, depth + 1));
        }
    }
    // `string (uri)`, `integer (int64)`, `string (uuid)[] (csv)`: a format
    // in the last parentheses.
    if let Some(open) = text.rfind('(') {
        if text.ends_with(')') && open > 0 {
            let base = text[..open].trim();
            let format = text[open + 1..text.len() - 1].trim();
            let mut inner_unknown = Vec::new();
            let mut schema = parse_inner(base, &mut inner_unknown, depth + 1);
            if inner_unknown.is_empty() && schema.schema_type.is_some() && is_word(format) {
                // Formats are case-sensitive (`dateTime` is not `datetime`).
                schema.format = Some(format.to_string());
                return schema;
            }
            return unknown_schema(text, unknown);
        }
    }
    // Generics: `array<X>`, `List[X]`, `Record<string, X>`, `enum<string>`.
    if let Some((name, args)) = generic(text) {
        let name = name.to_ascii_lowercase();
        let args = split_top(args, ',');
        match (name.as_str(), args.len()) {
            ("array" | "list" | "set" | "sequence" | "iterable" | "vec", 1) => {
                return Schema::array_of(parse_inner(args[0], unknown, depth + 1));
            }
            ("optional", 1) => {
                let mut s = parse_inner(args[0], unknown, depth + 1);
                s.nullable = true;
                return s;
            }
            ("enum", 1) => {
                // Mintlify's `enum<string>`: the values are listed elsewhere.
                return parse_inner(args[0], unknown, depth + 1);
            }
            ("record" | "dict" | "map" | "mapping" | "hashmap", 2) => {
                let mut s = Schema::of_type(SchemaType::Object);
                let value = parse_inner(args[1], unknown, depth + 1);
                s.additional_properties = Some(if value.is_empty() {
                    AdditionalProperties::Bool(true)
                } else {
                    AdditionalProperties::Schema(Box::new(value))
                });
                return s;
            }
            _ => return unknown_schema(text, unknown),
        }
    }
    match scalar(&lower) {
        Some(schema) => schema,
        None => unknown_schema(text, unknown),
    }
}

/// The single-word spellings.
fn scalar(lower: &str) -> Option<Schema> {
    use SchemaType::*;
    let with_format = |t: SchemaType, f: &str| Schema {
        format: Some(f.to_string()),
        ..Schema::of_type(t)
    };
    Some(match lower {
        "string" | "str" | "text" | "char" => Schema::of_type(String),
        "uuid" => with_format(String, "uuid"),
        "url" | "uri" => with_format(String, "uri"),
        "email" => with_format(String, "email"),
        "date" => with_format(String, "date"),
        "date-time" | "datetime" => with_format(String, "date-time"),
        "binary" | "file" | "bytes" => with_format(String, "binary"),
        "integer" | "int" => Schema::of_type(Integer),
        "int32" => with_format(Integer, "int32"),
        "int64" | "long" => with_format(Integer, "int64"),
        "number" | "num" | "decimal" => Schema::of_type(Number),
        "float" => with_format(Number, "float"),
        "double" => with_format(Number, "double"),
        "boolean" | "bool" => Schema::of_type(Boolean),
        "object" | "obj" | "dict" | "dictionary" | "map" | "record" => Schema::of_type(Object),
        // OpenAPI 3.0 requires `items` with `type: array`.
        "array" | "arr" | "list" => Schema::array_of(Schema::default()),
        "any" | "json" | "unknown" | "mixed" => Schema::default(),
        "null" | "none" => null_schema(),
        _ => return None,
    })
}

/// The schema of exactly `null` (OpenAPI 3.0 has no `null` type).
pub fn null_schema() -> Schema {
    Schema {
        nullable: true,
        enum_values: Some(crate::model::thin_vec![Value::Null]),
        ..Schema::default()
    }
}

fn is_null_word(text: &str) -> bool {
    matches!(
        text.trim().to_ascii_lowercase().as_str(),
        "null" | "none" | "undefined" | "nil"
    )
}

fn union(parts: &[&str], whole: &str, unknown: &mut Vec<String>, depth: usize) -> Schema {
    let nullable = parts.iter().any(|p| is_null_word(p));
    let rest: Vec<&str> = parts.iter().copied().filter(|p| !is_null_word(p)).collect();
    if rest.is_empty() {
        return null_schema();
    }
    if let Some(values) = rest
        .iter()
        .map(|p| literal(p))
        .collect::<Option<Vec<Value>>>()
    {
        let mut s = Schema {
            schema_type: literal_type(&values),
            enum_values: Some(values.into()),
            nullable,
            ..Schema::default()
        };
        if nullable {
            if let Some(v) = s.enum_values.as_mut() {
                v.push(Value::Null);
            }
        }
        return s;
    }
    if rest.len() == 1 {
        let mut s = parse_inner(rest[0], unknown, depth + 1);
        s.nullable = nullable || s.nullable;
        return s;
    }
    let before = unknown.len();
    let any_of: Vec<Schema> = rest
        .iter()
        .map(|p| parse_inner(p, unknown, depth + 1))
        .collect();
    if unknown.len() > before {
        // One unreadable alternative makes the whole union unreadable.
        unknown.truncate(before);
        return unknown_schema(whole, unknown);
    }
    Schema {
        any_of: any_of.into(),
        nullable,
        ..Schema::default()
    }
}

/// A quoted string literal: `'a'`, `"a"` (the quote does not occur inside).
fn quoted_literal(text: &str) -> Option<Value> {
    let t = text.trim();
    ['"', '\''].into_iter().find_map(|q| {
        let inner = t.strip_prefix(q)?.strip_suffix(q)?;
        (!inner.contains(q)).then(|| Value::String(inner.to_string()))
    })
}

/// A literal alternative: `'a'`, `"a"`, `0`, `1.5`, `true`.
fn literal(text: &str) -> Option<Value> {
    let t = text.trim();
    if let Some(v) = quoted_literal(t) {
        return Some(v);
    }
    if t == "true" || t == "false" {
        return Some(Value::Bool(t == "true"));
    }
    if let Ok(i) = t.parse::<i64>() {
        return Some(Value::Number(i.into()));
    }
    t.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite() && t.chars().all(|c| c.is_ascii_digit() || ".-+eE".contains(c)))
        .and_then(Number::from_f64)
        .map(Value::Number)
}

fn literal_type(values: &[Value]) -> Option<SchemaType> {
    if values.iter().all(Value::is_string) {
        Some(SchemaType::String)
    } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
        Some(SchemaType::Integer)
    } else if values.iter().all(Value::is_number) {
        Some(SchemaType::Number)
    } else if values.iter().all(Value::is_boolean) {
        Some(SchemaType::Boolean)
    } else {
        None
    }
}

/// Split on top-level `|` or the word ` or ` (outside brackets and quotes).
fn split_union(text: &str) -> Vec<&str> {
    let pipes = split_top(text, '|');
    if pipes.len() > 1 {
        return pipes;
    }
    let mut parts = Vec::new();
    let mut start = 0;
    let lower = text.to_ascii_lowercase();
    each_top_level(text, |i, c| {
        if c == ' ' && lower[i..].starts_with(" or ") {
            parts.push(&text[start..i]);
            start = i + 4;
        }
    });
    parts.push(&text[start.min(text.len())..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Split on `sep` outside brackets and quotes.
fn split_top(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    each_top_level(text, |i, c| {
        if c == sep {
            parts.push(text[start..i].trim());
            start = i + c.len_utf8();
        }
    });
    parts.push(text[start..].trim());
    parts
}

/// Calls `at` with each character outside brackets and quotes (with its
/// byte index): the one notion of "top level" both splitters share.
fn each_top_level(text: &str, mut at: impl FnMut(usize, char)) {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '<' | '[' | '(' | '{' => depth += 1,
                '>' | ']' | ')' | '}' => depth -= 1,
                _ if depth == 0 => at(i, c),
                _ => {}
            },
        }
    }
}

/// `Name<args>` or `Name[args]` with the brackets closing at the very end.
fn generic(text: &str) -> Option<(&str, &str)> {
    let (open, close) = match text.chars().last()? {
        '>' => ('<', '>'),
        ']' => ('[', ']'),
        _ => return None,
    };
    let at = text.find(open)?;
    let name = text[..at].trim();
    if name.is_empty() || !is_word(name) {
        return None;
    }
    let inner = &text[at + 1..text.len() - close.len_utf8()];
    Some((name, inner))
}

fn is_word(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `objects` -> `object`, `strings` -> `string` (for "array of ...").
fn singular(text: &str) -> &str {
    let t = text.trim();
    match t.strip_suffix('s') {
        Some(stem) if scalar(&stem.to_ascii_lowercase()).is_some() => stem,
        _ => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// (spelling, expected schema JSON, recognised?), one case a line.
    #[rustfmt::skip]
    const TABLE: &[(&str, &str, bool)] = &[
        ("string",                  r#"{"type":"string"}"#, true),
        ("String",                  r#"{"type":"string"}"#, true),
        ("str",                     r#"{"type":"string"}"#, true),
        ("number",                  r#"{"type":"number"}"#, true),
        ("float",                   r#"{"type":"number","format":"float"}"#, true),
        ("integer",                 r#"{"type":"integer"}"#, true),
        ("int",                     r#"{"type":"integer"}"#, true),
        ("boolean",                 r#"{"type":"boolean"}"#, true),
        ("bool",                    r#"{"type":"boolean"}"#, true),
        ("object",                  r#"{"type":"object"}"#, true),
        ("Object",                  r#"{"type":"object"}"#, true),
        ("dict",                    r#"{"type":"object"}"#, true),
        ("array",                   r#"{"type":"array","items":{}}"#, true),
        ("string[]",                r#"{"type":"array","items":{"type":"string"}}"#, true),
        ("Object[]",                r#"{"type":"array","items":{"type":"object"}}"#, true),
        ("number[][]",              r#"{"type":"array","items":{"type":"array","items":{"type":"number"}}}"#, true),
        ("array<string>",           r#"{"type":"array","items":{"type":"string"}}"#, true),
        ("list<int>",               r#"{"type":"array","items":{"type":"integer"}}"#, true),
        ("List[str]",               r#"{"type":"array","items":{"type":"string"}}"#, true),
        ("array[string]",           r#"{"type":"array","items":{"type":"string"}}"#, true),
        ("array of object",         r#"{"type":"array","items":{"type":"object"}}"#, true),
        ("array of strings",        r#"{"type":"array","items":{"type":"string"}}"#, true),
        ("...string[]",             r#"{"type":"array","items":{"type":"string"}}"#, true),
        ("string | null",           r#"{"type":"string","nullable":true}"#, true),
        ("str | None",              r#"{"type":"string","nullable":true}"#, true),
        ("Optional[int]",           r#"{"type":"integer","nullable":true}"#, true),
        ("boolean | null",          r#"{"type":"boolean","nullable":true}"#, true),
        ("enum<string>",            r#"{"type":"string"}"#, true),
        ("enum<string>[]",          r#"{"type":"array","items":{"type":"string"}}"#, true),
        ("enum<integer>",           r#"{"type":"integer"}"#, true),
        ("Record<string, unknown>", r#"{"type":"object","additionalProperties":true}"#, true),
        ("Record<string, number>",  r#"{"type":"object","additionalProperties":{"type":"number"}}"#, true),
        ("dict[str, Any]",          r#"{"type":"object","additionalProperties":true}"#, true),
        ("Any",                     r#"{}"#, true),
        ("any",                     r#"{}"#, true),
        ("json",                    r#"{}"#, true),
        ("string (uri)",            r#"{"type":"string","format":"uri"}"#, true),
        ("integer (int64)",         r#"{"type":"integer","format":"int64"}"#, true),
        ("date",                    r#"{"type":"string","format":"date"}"#, true),
        ("date-time",               r#"{"type":"string","format":"date-time"}"#, true),
        ("string | string[]",       r#"{"anyOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}]}"#, true),
        ("string or object",        r#"{"anyOf":[{"type":"string"},{"type":"object"}]}"#, true),
        ("'audio' | 'video'",       r#"{"type":"string","enum":["audio","video"]}"#, true),
        ("\"ar\" | \"ca\"",         r#"{"type":"string","enum":["ar","ca"]}"#, true),
        ("0 | 1",                   r#"{"type":"integer","enum":[0,1]}"#, true),
        ("'json'",                  r#"{"type":"string","enum":["json"]}"#, true),
        ("\"git\"",                 r#"{"type":"string","enum":["git"]}"#, true),
        ("\"\"",                    r#"{"type":"string","enum":[""]}"#, true),
        ("string (dateTime)",       r#"{"type":"string","format":"dateTime"}"#, true),
        ("object (uri-map) | null", r#"{"type":"object","format":"uri-map","nullable":true}"#, true),
        ("string (uuid)[] (csv)",   r#"{"type":"array","format":"csv","items":{"type":"string","format":"uuid"}}"#, true),
        ("null",                    r#"{"nullable":true,"enum":[null]}"#, true),
        ("OpenAIChatRequest",       r#"{"x-doc-type":"OpenAIChatRequest"}"#, false),
        ("User Object",             r#"{"x-doc-type":"User Object"}"#, false),
        ("error",                   r#"{"x-doc-type":"error"}"#, false),
        ("data.object",             r#"{"x-doc-type":"data.object"}"#, false),
        ("Date | number",           r#"{"anyOf":[{"type":"string","format":"date"},{"type":"number"}]}"#, true),
        ("Foo | number",            r#"{"x-doc-type":"Foo | number"}"#, false),
        ("string (not a format)",   r#"{"x-doc-type":"string (not a format)"}"#, false),
        ("User[]",                  r#"{"type":"array","items":{"x-doc-type":"User"}}"#, false),
        ("Foo<string>",             r#"{"x-doc-type":"Foo<string>"}"#, false),
        ("",                        r#"{"x-doc-type":""}"#, false),
    ];

    #[test]
    fn type_table() {
        for (text, expected, known) in TABLE {
            let parsed = parse(text);
            let got = serde_json::to_value(&parsed.schema).unwrap();
            let want: Value = serde_json::from_str(expected).unwrap();
            assert_eq!(got, want, "type {text:?}");
            assert_eq!(
                parsed.unknown.is_empty(),
                *known,
                "type {text:?}: {:?}",
                parsed.unknown
            );
        }
    }

    #[test]
    fn unknown_parts_are_named() {
        assert_eq!(parse("User[]").unknown, vec!["User".to_string()]);
        assert_eq!(
            serde_json::to_value(parse("'a' | null").schema).unwrap(),
            json!({"type": "string", "enum": ["a", null], "nullable": true})
        );
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let deep = format!("{}string{}", "array<".repeat(40), ">".repeat(40));
        let parsed = parse(&deep);
        assert!(!parsed.unknown.is_empty());
    }
}
