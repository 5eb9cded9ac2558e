//! Validate a JSON value against a contract schema, collecting every
//! violation with the JSON pointer of the offending value and the rule.
//!
//! Used to check documented examples and defaults against their schemas.
//! (`pattern` needs a regex engine and is not checked here yet.)

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::{AdditionalProperties, Schema, SchemaType};

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer into the validated value.
    pub pointer: String,
    /// The schema keyword that failed (`type`, `enum`, `required`, ...).
    pub keyword: &'static str,
    pub message: String,
}

/// How deep `$ref`s may nest while validating (guards recursive schemas
/// against values that are themselves cyclic-looking and very deep).
const MAX_DEPTH: usize = 64;

pub struct Validator<'a> {
    schemas: &'a BTreeMap<String, Schema>,
}

impl<'a> Validator<'a> {
    pub fn new(schemas: &'a BTreeMap<String, Schema>) -> Self {
        Validator { schemas }
    }

    pub fn validate(&self, schema: &Schema, value: &Value) -> Vec<Violation> {
        let mut out = Vec::new();
        self.check(schema, value, "", &mut out, 0);
        out
    }

    fn resolve(&self, reference: &str) -> Option<&'a Schema> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        self.schemas.get(&crate::model::unescape_pointer(name))
    }

    fn check(&self, s: &Schema, v: &Value, ptr: &str, out: &mut Vec<Violation>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        if let Some(r) = &s.reference {
            if let Some(target) = self.resolve(r) {
                self.check(target, v, ptr, out, depth + 1);
            }
            return;
        }
        let mut push = |keyword: &'static str, message: String| {
            out.push(Violation {
                pointer: ptr.to_string(),
                keyword,
                message,
            })
        };
        if v.is_null() {
            let allows_null = s.nullable
                || s.enum_values
                    .as_ref()
                    .is_some_and(|e| e.contains(&Value::Null))
                || (s.schema_type.is_none()
                    && s.all_of.is_empty()
                    && s.any_of.is_empty()
                    && s.one_of.is_empty());
            if !allows_null {
                push("nullable", "null is not allowed here".into());
            }
            return;
        }
        if let Some(t) = s.schema_type {
            if !type_matches(t, v) {
                push(
                    "type",
                    format!("expected {}, found {}", t.as_str(), type_name(v)),
                );
                return;
            }
        }
        if let Some(values) = &s.enum_values {
            if !values.iter().any(|e| json_equal(e, v)) {
                let allowed: Vec<String> = values.iter().map(Value::to_string).collect();
                push("enum", format!("{v} is not one of {}", allowed.join(", ")));
            }
        }
        match v {
            Value::String(text) => {
                let len = text.chars().count() as u64;
                if s.min_length.is_some_and(|m| len < m) {
                    push(
                        "minLength",
                        format!("shorter than {} characters", s.min_length.unwrap_or(0)),
                    );
                }
                if s.max_length.is_some_and(|m| len > m) {
                    push(
                        "maxLength",
                        format!("longer than {} characters", s.max_length.unwrap_or(0)),
                    );
                }
                if let Some(format) = &s.format {
                    if let Some(problem) = check_format(format, text) {
                        push("format", problem);
                    }
                }
            }
            Value::Number(n) => {
                let x = n.as_f64().unwrap_or(0.0);
                if let Some(min) = s.minimum.as_ref().and_then(|m| m.as_f64()) {
                    if x < min || (s.exclusive_minimum && x == min) {
                        push("minimum", format!("{n} is below the minimum {min}"));
                    }
                }
                if let Some(max) = s.maximum.as_ref().and_then(|m| m.as_f64()) {
                    if x > max || (s.exclusive_maximum && x == max) {
                        push("maximum", format!("{n} is above the maximum {max}"));
                    }
                }
                if let Some(m) = s.multiple_of.as_ref().and_then(|m| m.as_f64()) {
                    let q = x / m;
                    if m > 0.0 && (q - q.round()).abs() > 1e-9 {
                        push("multipleOf", format!("{n} is not a multiple of {m}"));
                    }
                }
            }
            Value::Array(items) => {
                let len = items.len() as u64;
                if s.min_items.is_some_and(|m| len < m) {
                    push(
                        "minItems",
                        format!("fewer than {} items", s.min_items.unwrap_or(0)),
                    );
                }
                if s.max_items.is_some_and(|m| len > m) {
                    push(
                        "maxItems",
                        format!("more than {} items", s.max_items.unwrap_or(0)),
                    );
                }
                if s.unique_items {
                    for (i, a) in items.iter().enumerate() {
                        if items[..i].iter().any(|b| json_equal(a, b)) {
                            push("uniqueItems", format!("item {i} repeats an earlier item"));
                            break;
                        }
                    }
                }
                if let Some(item_schema) = &s.items {
                    for (i, item) in items.iter().enumerate() {
                        self.check(item_schema, item, &format!("{ptr}/{i}"), out, depth + 1);
                    }
                }
            }
            Value::Object(map) => {
                for name in &s.required {
                    if !map.contains_key(name) {
                        out.push(Violation {
                            pointer: ptr.to_string(),
                            keyword: "required",
                            message: format!("required property `{name}` is missing"),
                        });
                    }
                }
                let count = map.len() as u64;
                if s.min_properties.is_some_and(|m| count < m)
                    || s.max_properties.is_some_and(|m| count > m)
                {
                    out.push(Violation {
                        pointer: ptr.to_string(),
                        keyword: "properties",
                        message: format!("{count} properties is outside the allowed number"),
                    });
                }
                for (key, value) in map {
                    let child = format!("{ptr}/{}", crate::model::escape_pointer(key));
                    if let Some(prop) = s.properties.get(key) {
                        self.check(prop, value, &child, out, depth + 1);
                    } else {
                        match &s.additional_properties {
                            Some(AdditionalProperties::Bool(false)) => out.push(Violation {
                                pointer: child,
                                keyword: "additionalProperties",
                                message: format!("property `{key}` is not allowed"),
                            }),
                            Some(AdditionalProperties::Schema(extra)) => {
                                self.check(extra, value, &child, out, depth + 1)
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
        for sub in &s.all_of {
            self.check(sub, v, ptr, out, depth + 1);
        }
        if !s.any_of.is_empty() && !s.any_of.iter().any(|sub| self.validate_at(sub, v, depth)) {
            out.push(Violation {
                pointer: ptr.to_string(),
                keyword: "anyOf",
                message: "matches none of the alternatives".into(),
            });
        }
        if !s.one_of.is_empty() {
            let matching = s
                .one_of
                .iter()
                .filter(|sub| self.validate_at(sub, v, depth))
                .count();
            if matching != 1 {
                out.push(Violation {
                    pointer: ptr.to_string(),
                    keyword: "oneOf",
                    message: format!("matches {matching} of the alternatives, not exactly one"),
                });
            }
        }
        if let Some(not) = &s.not {
            if self.validate_at(not, v, depth) {
                out.push(Violation {
                    pointer: ptr.to_string(),
                    keyword: "not",
                    message: "matches a schema it must not match".into(),
                });
            }
        }
    }

    fn validate_at(&self, s: &Schema, v: &Value, depth: usize) -> bool {
        let mut out = Vec::new();
        self.check(s, v, "", &mut out, depth + 1);
        out.is_empty()
    }
}

fn type_matches(t: SchemaType, v: &Value) -> bool {
    match t {
        SchemaType::String => v.is_string(),
        SchemaType::Number => v.is_number(),
        SchemaType::Integer => v.as_f64().is_some_and(|f| f.fract() == 0.0) && v.is_number(),
        SchemaType::Boolean => v.is_boolean(),
        SchemaType::Object => v.is_object(),
        SchemaType::Array => v.is_array(),
    }
}

pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// JSON equality where 1 and 1.0 are the same number.
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, p)| y.get(k).is_some_and(|q| json_equal(p, q)))
        }
        _ => a == b,
    }
}

/// A problem with `text` for the formats OpenAPI names, or None.
fn check_format(format: &str, text: &str) -> Option<String> {
    let ok = match format {
        "email" => {
            let Some((local, domain)) = text.split_once('@') else {
                return Some(format!("`{text}` is not a valid email"));
            };
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        "uuid" => {
            let parts: Vec<&str> = text.split('-').collect();
            parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
                && parts
                    .iter()
                    .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
        }
        "date" => is_date(text),
        "date-time" => text
            .split_once(['T', 't'])
            .is_some_and(|(d, t)| is_date(d) && is_time(t)),
        "uri" => text.split_once(':').is_some_and(|(scheme, rest)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !rest.contains(char::is_whitespace)
        }),
        _ => return None,
    };
    (!ok).then(|| format!("`{text}` is not a valid {format}"))
}

fn is_date(d: &str) -> bool {
    let b = d.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| d.get(r).and_then(|s| s.parse::<u32>().ok());
    let (Some(y), Some(m), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn is_time(t: &str) -> bool {
    let b = t.as_bytes();
    if b.len() < 9 || b[2] != b':' || b[5] != b':' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| t.get(r).and_then(|s| s.parse::<u32>().ok());
    let (Some(h), Some(m), Some(s)) = (num(0..2), num(3..5), num(6..8)) else {
        return false;
    };
    if h > 23 || m > 59 || s > 60 {
        return false;
    }
    let mut rest = &t[8..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &frac[digits..];
    }
    match rest {
        "Z" | "z" => true,
        offset
            if offset.len() == 6
                && (offset.starts_with('+') || offset.starts_with('-'))
                && offset.as_bytes()[3] == b':' =>
        {
            offset[1..3].parse::<u32>().is_ok_and(|h| h < 24)
                && offset[4..6].parse::<u32>().is_ok_and(|m| m < 60)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema(v: Value) -> Schema {
        serde_json::from_value(v).unwrap()
    }

    fn violations(s: Value, v: Value) -> Vec<(String, &'static str)> {
        let schemas = BTreeMap::new();
        Validator::new(&schemas)
            .validate(&schema(s), &v)
            .into_iter()
            .map(|x| (x.pointer, x.keyword))
            .collect()
    }

    #[test]
    fn collects_every_violation_with_its_pointer() {
        let s = json!({"type": "object", "required": ["a", "b"], "additionalProperties": false,
            "properties": {"a": {"type": "string", "enum": ["x", "y"]}, "n": {"type": "integer", "minimum": 1},
                           "l": {"type": "array", "maxItems": 1, "items": {"type": "string", "format": "email"}}}});
        let v = json!({"a": "z", "n": 0, "l": ["a@b.co", "nope"], "extra": 1});
        assert_eq!(
            violations(s, v),
            [
                ("".into(), "required"),
                ("/a".into(), "enum"),
                ("/n".into(), "minimum"),
                ("/l".into(), "maxItems"),
                ("/l/1".into(), "format"),
                ("/extra".into(), "additionalProperties")
            ]
        );
    }

    #[test]
    fn null_needs_nullable_and_integers_accept_whole_floats() {
        assert_eq!(
            violations(json!({"type": "string"}), json!(null)),
            [("".into(), "nullable")]
        );
        assert!(violations(json!({"type": "string", "nullable": true}), json!(null)).is_empty());
        assert!(violations(json!({"type": "integer"}), json!(3.0)).is_empty());
        assert_eq!(
            violations(json!({"type": "integer"}), json!(3.5)),
            [("".into(), "type")]
        );
    }

    #[test]
    fn composition_keywords() {
        let one_of = json!({"oneOf": [{"type": "string"}, {"type": "string", "minLength": 2}]});
        assert_eq!(
            violations(one_of.clone(), json!("ab")),
            [("".into(), "oneOf")]
        );
        assert!(violations(one_of, json!("a")).is_empty());
        assert_eq!(
            violations(
                json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
                json!(true)
            ),
            [("".into(), "anyOf")]
        );
        assert_eq!(
            violations(json!({"not": {"type": "string"}}), json!("x")),
            [("".into(), "not")]
        );
        assert_eq!(
            violations(json!({"allOf": [{"minimum": 2}, {"maximum": 3}]}), json!(4)),
            [("".into(), "maximum")]
        );
    }

    #[test]
    fn formats() {
        for (format, good, bad) in [
            ("date", "2024-02-29", "2023-02-29"),
            ("date-time", "2025-02-01T00:00:00.000Z", "2025-02-01 00:00"),
            ("uuid", "3c90c3cc-0d44-4b50-8888-8dd25736052a", "3c90c3cc"),
            ("uri", "https://a.b/c", "not a uri"),
            ("email", "a@example.com", "a@b"),
        ] {
            let s = json!({"type": "string", "format": format});
            assert!(
                violations(s.clone(), json!(good)).is_empty(),
                "{format} {good}"
            );
            assert_eq!(violations(s, json!(bad)).len(), 1, "{format} {bad}");
        }
    }

    #[test]
    fn refs_resolve_through_components() {
        let mut schemas = BTreeMap::new();
        schemas.insert(
            "Role".to_string(),
            schema(json!({"type": "string", "enum": ["admin"]})),
        );
        let v = Validator::new(&schemas);
        let s = schema(json!({"$ref": "#/components/schemas/Role"}));
        assert_eq!(v.validate(&s, &json!("owner")).len(), 1);
        assert!(v.validate(&s, &json!("admin")).is_empty());
    }
}
