//! Validate a JSON value against a contract schema, collecting every
//! violation with the JSON pointer of the offending value and the keyword.
//!
//! Used by the generator to check documented examples and defaults, and by
//! the mock server to check requests and its own responses, so both agree
//! on what a contract allows. This module walks `model::Schema`: `$ref`,
//! `nullable`, properties and items, `readOnly` / `writeOnly`, and the
//! composition keywords. Every keyword rule (type, enum, bounds,
//! lengths, `pattern`, `format`, counts, `required`, ...) is
//! `contract_runtime::keywords`, the rules generated `validate()` code
//! runs, and [`Violation`] is the runtime's. [`Patterns`] compiles a
//! contract's patterns once so a long-lived caller pays no compilation
//! per value.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

pub use contract_runtime::keywords::type_name;
use contract_runtime::keywords::{
    self, ArrayRules, NumberRules, Pattern, Report, StringRules, Values,
};
/// One broken rule (the runtime's type, shared with generated code).
pub use contract_runtime::Violation;

use crate::model::{AdditionalProperties, Contract, Schema};

/// Which way a value travels, for `readOnly` / `writeOnly` (OpenAPI 3.0):
/// a read-only property is not required in, and must not be sent with, a
/// request; a write-only property likewise for a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Neither rule applies (documented examples of unknown direction).
    #[default]
    Any,
    Request,
    Response,
}

/// How deep `$ref`s may nest while validating (guards recursive schemas
/// against values that are themselves cyclic-looking and very deep).
const MAX_DEPTH: usize = 64;

/// Compiled `pattern`s, keyed by their source. A pattern the regex
/// engine cannot compile maps to `None` and is not checked.
#[derive(Debug, Default, Clone)]
pub struct Patterns {
    compiled: HashMap<String, Option<Pattern>>,
}

impl Patterns {
    /// Every pattern of a contract's schemas, compiled once.
    pub fn for_contract(contract: &Contract) -> Self {
        let mut patterns = Patterns::default();
        for (_, root) in contract.schema_roots() {
            patterns.add_schema(root);
        }
        patterns
    }

    /// Add the patterns of `schema` and its subschemas.
    pub fn add_schema(&mut self, schema: &Schema) {
        if let Some(p) = &schema.pattern {
            self.add(p);
        }
        for (_, child) in schema.children() {
            self.add_schema(child);
        }
    }

    pub fn add(&mut self, pattern: &str) {
        if !self.compiled.contains_key(pattern) {
            self.compiled
                .insert(pattern.to_string(), compile_pattern(pattern));
        }
    }

    /// The compiled pattern (None: unknown or not compilable).
    pub fn get(&self, pattern: &str) -> Option<&Pattern> {
        self.compiled.get(pattern).and_then(Option::as_ref)
    }

    /// Patterns the regex engine could not compile (left unchecked).
    pub fn unsupported(&self) -> impl Iterator<Item = &str> {
        self.compiled
            .iter()
            .filter(|(_, r)| r.is_none())
            .map(|(p, _)| p.as_str())
    }
}

/// Compile an OpenAPI (ECMA-262 flavoured) pattern with the runtime's
/// engine and limits; None when the engine cannot express it.
pub fn compile_pattern(pattern: &str) -> Option<Pattern> {
    Pattern::new(pattern)
}

enum PatternSource<'a> {
    Borrowed(&'a Patterns),
    Lazy(RefCell<Patterns>),
}

pub struct Validator<'a> {
    schemas: &'a BTreeMap<String, Schema>,
    patterns: PatternSource<'a>,
    direction: Direction,
}

impl<'a> Validator<'a> {
    /// A validator that compiles patterns as it meets them.
    pub fn new(schemas: &'a BTreeMap<String, Schema>) -> Self {
        Validator {
            schemas,
            patterns: PatternSource::Lazy(RefCell::new(Patterns::default())),
            direction: Direction::Any,
        }
    }

    /// A validator over patterns compiled beforehand (see
    /// [`Patterns::for_contract`]); patterns missing from the set are
    /// compiled on first use.
    pub fn with_patterns(schemas: &'a BTreeMap<String, Schema>, patterns: &'a Patterns) -> Self {
        Validator {
            schemas,
            patterns: PatternSource::Borrowed(patterns),
            direction: Direction::Any,
        }
    }

    /// Apply `readOnly` / `writeOnly` for values travelling this way.
    pub fn direction(mut self, direction: Direction) -> Self {
        self.direction = direction;
        self
    }

    pub fn validate(&self, schema: &Schema, value: &Value) -> Vec<Violation> {
        let mut out = Vec::new();
        let mut ptr = String::new();
        self.check(schema, value, &mut ptr, &mut out, 0);
        out
    }

    /// True when `value` fits `schema`.
    pub fn is_valid(&self, schema: &Schema, value: &Value) -> bool {
        self.validate_at(schema, value, 0)
    }

    /// The schema a whole `#/components/schemas/...` reference names.
    pub fn resolve(&self, reference: &str) -> Option<&'a Schema> {
        crate::model::lookup_schema_ref(self.schemas, reference)
    }

    /// `s` with whole references followed (see [`crate::model::deref_schema`]).
    pub fn deref<'s>(&self, s: &'s Schema) -> &'s Schema
    where
        'a: 's,
    {
        crate::model::deref_schema(self.schemas, s)
    }

    fn pattern_matches(&self, pattern: &str, text: &str) -> bool {
        match &self.patterns {
            PatternSource::Borrowed(p) => match p.compiled.get(pattern) {
                Some(Some(re)) => re.is_match(text),
                Some(None) => true,
                None => compile_pattern(pattern).is_none_or(|re| re.is_match(text)),
            },
            PatternSource::Lazy(cell) => {
                let mut p = cell.borrow_mut();
                p.add(pattern);
                p.get(pattern).is_none_or(|re| re.is_match(text))
            }
        }
    }

    /// True when `prop` must not travel this validator's way (`readOnly`
    /// in a request, `writeOnly` in a response): it is then not required,
    /// and a value for it is a violation.
    pub fn skips_property(&self, prop: &Schema) -> bool {
        let prop = self.deref(prop);
        match self.direction {
            Direction::Any => false,
            Direction::Request => prop.read_only,
            Direction::Response => prop.write_only,
        }
    }

    fn check(
        &self,
        s: &Schema,
        v: &Value,
        ptr: &mut String,
        out: &mut Vec<Violation>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        if let Some(r) = &s.reference {
            if let Some(target) = self.resolve(r) {
                self.check(target, v, ptr, out, depth + 1);
            }
            return;
        }
        if v.is_null() {
            // OpenAPI 3.0 has no `type: null`: null needs `nullable`, a
            // null in `enum`, or a schema that says nothing about types.
            let allows_null = s.nullable
                || s.enum_values
                    .as_ref()
                    .is_some_and(|e| e.contains(&Value::Null))
                || (s.schema_type.is_none()
                    && s.all_of.is_empty()
                    && s.any_of.is_empty()
                    && s.one_of.is_empty());
            let mut report = Report::new(ptr, out, Values::Quoted);
            if !allows_null {
                report.fail("nullable", "null is not allowed here");
            } else if let (false, Some(values)) = (s.nullable, &s.enum_values) {
                // allowed for want of a type, but `enum` still applies
                keywords::check_enum(v, values, &mut report);
            }
            return;
        }
        if let Some(t) = s.schema_type {
            if !keywords::check_type(t.as_str(), v, &mut Report::new(ptr, out, Values::Quoted)) {
                return;
            }
        }
        if let Some(values) = &s.enum_values {
            keywords::check_enum(v, values, &mut Report::new(ptr, out, Values::Quoted));
        }
        match v {
            Value::String(text) => {
                let rules = StringRules {
                    min_length: s.min_length,
                    max_length: s.max_length,
                    pattern: s.pattern.as_deref(),
                    format: s.format.as_deref(),
                };
                keywords::check_string(
                    text,
                    &rules,
                    |pattern, text| self.pattern_matches(pattern, text),
                    &mut Report::new(ptr, out, Values::Quoted),
                );
            }
            Value::Number(n) => {
                let number =
                    |m: &Option<Box<serde_json::Number>>| m.as_deref().and_then(|m| m.as_f64());
                let rules = NumberRules {
                    minimum: number(&s.minimum),
                    exclusive_minimum: s.exclusive_minimum,
                    maximum: number(&s.maximum),
                    exclusive_maximum: s.exclusive_maximum,
                    multiple_of: number(&s.multiple_of),
                };
                let mut report = Report::new(ptr, out, Values::Quoted);
                keywords::check_number(n.as_f64().unwrap_or(0.0), n, &rules, &mut report);
                if let Some(format) = &s.format {
                    keywords::check_integer_format(n, format, &mut report);
                }
            }
            Value::Array(items) => {
                let rules = ArrayRules {
                    min_items: s.min_items,
                    max_items: s.max_items,
                    unique_items: s.unique_items,
                };
                keywords::check_items(
                    items,
                    keywords::json_equal,
                    &rules,
                    &mut Report::new(ptr, out, Values::Quoted),
                );
                if let Some(item_schema) = &s.items {
                    let len = ptr.len();
                    for (i, item) in items.iter().enumerate() {
                        use std::fmt::Write;
                        let _ = write!(ptr, "/{i}");
                        self.check(item_schema, item, ptr, out, depth + 1);
                        ptr.truncate(len);
                    }
                }
            }
            Value::Object(map) => {
                for name in &s.required {
                    if !map.contains_key(name)
                        && !s
                            .properties
                            .get(name)
                            .is_some_and(|p| self.skips_property(p))
                    {
                        keywords::missing_required(
                            name,
                            &mut Report::new(ptr, out, Values::Quoted),
                        );
                    }
                }
                keywords::check_property_count(
                    map.len(),
                    s.min_properties,
                    s.max_properties,
                    &mut Report::new(ptr, out, Values::Quoted),
                );
                let len = ptr.len();
                for (key, value) in map {
                    ptr.push('/');
                    escape_into(ptr, key);
                    if let Some(prop) = s.properties.get(key) {
                        if self.skips_property(prop) {
                            let mut report = Report::new(ptr, out, Values::Quoted);
                            match self.direction {
                                Direction::Request => keywords::read_only_sent(key, &mut report),
                                _ => keywords::write_only_returned(key, &mut report),
                            }
                        } else {
                            self.check(prop, value, ptr, out, depth + 1);
                        }
                    } else {
                        match &s.additional_properties {
                            Some(AdditionalProperties::Bool(false)) => keywords::not_allowed(
                                key,
                                &mut Report::new(ptr, out, Values::Quoted),
                            ),
                            Some(AdditionalProperties::Schema(extra)) => {
                                self.check(extra, value, ptr, out, depth + 1)
                            }
                            _ => {}
                        }
                    }
                    ptr.truncate(len);
                }
            }
            _ => {}
        }
        // Composition is the walker's, not a keyword rule: generated code
        // expresses it with types (enums of alternatives, flattened allOf).
        for sub in &s.all_of {
            self.check(sub, v, ptr, out, depth + 1);
        }
        let mut report = Report::new(ptr, out, Values::Quoted);
        if !s.any_of.is_empty() && !s.any_of.iter().any(|sub| self.validate_at(sub, v, depth)) {
            report.fail("anyOf", "matches none of the alternatives");
        }
        if !s.one_of.is_empty() {
            let matching = s
                .one_of
                .iter()
                .filter(|sub| self.validate_at(sub, v, depth))
                .count();
            if matching != 1 {
                report.fail(
                    "oneOf",
                    format!("matches {matching} of the alternatives, not exactly one"),
                );
            }
        }
        if let Some(not) = &s.not {
            if self.validate_at(not, v, depth) {
                report.fail("not", "matches a schema it must not match");
            }
        }
    }

    fn validate_at(&self, s: &Schema, v: &Value, depth: usize) -> bool {
        let mut out = Vec::new();
        let mut ptr = String::new();
        self.check(s, v, &mut ptr, &mut out, depth + 1);
        out.is_empty()
    }
}

/// Append one JSON-pointer token, escaped (RFC 6901).
fn escape_into(ptr: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        ptr.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => ptr.push_str("~0"),
            '/' => ptr.push_str("~1"),
            c => ptr.push(c),
        }
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
    fn integer_formats_are_signed_32_and_64_bit() {
        let schemas = BTreeMap::new();
        let v = Validator::new(&schemas);
        let int32: Schema =
            serde_json::from_value(json!({"type": "integer", "format": "int32"})).unwrap();
        let int64: Schema =
            serde_json::from_value(json!({"type": "integer", "format": "int64"})).unwrap();
        assert!(v.is_valid(&int32, &json!(2147483647)));
        assert!(!v.is_valid(&int32, &json!(2147483648u64)));
        assert!(!v.is_valid(&int32, &json!(-2147483649i64)));
        assert!(v.is_valid(&int64, &json!(i64::MIN)));
        assert!(v.is_valid(&int64, &json!(i64::MAX)));
        assert!(!v.is_valid(&int64, &json!(9223372036854775808u64)));
        let below: Value = serde_json::from_str("-9223372036854775809").unwrap();
        assert!(!v.is_valid(&int64, &below));
        assert_eq!(
            v.validate(&int64, &json!(9223372036854775808u64))[0].keyword,
            "format"
        );
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

#[cfg(test)]
mod pattern_and_direction_tests {
    use super::*;
    use serde_json::json;

    fn schema(v: Value) -> Schema {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn patterns_are_searched_like_ecma_and_unsupported_ones_are_skipped() {
        let schemas = BTreeMap::new();
        let v = Validator::new(&schemas);
        let s = schema(json!({"type": "string", "pattern": "^[a-z]+_[0-9]+$"}));
        assert!(v.validate(&s, &json!("role_123")).is_empty());
        let found = v.validate(&s, &json!("Role-1"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].keyword, "pattern");
        // unanchored: a match anywhere counts
        let s = schema(json!({"type": "string", "pattern": "[0-9]"}));
        assert!(v.validate(&s, &json!("abc1def")).is_empty());
        // look-ahead is not supported by the engine: left unchecked
        let s = schema(json!({"type": "string", "pattern": "^(?=x)"}));
        assert!(v.validate(&s, &json!("y")).is_empty());
    }

    #[test]
    fn precompiled_patterns_agree_with_lazy_ones() {
        let schemas = BTreeMap::new();
        let s = schema(
            json!({"type": "object", "properties": {"id": {"type": "string", "pattern": "^id_"}}}),
        );
        let mut patterns = Patterns::default();
        patterns.add_schema(&s);
        assert!(patterns.get("^id_").is_some());
        let v = Validator::with_patterns(&schemas, &patterns);
        assert!(v.is_valid(&s, &json!({"id": "id_1"})));
        assert_eq!(v.validate(&s, &json!({"id": "x"}))[0].pointer, "/id");
    }

    #[test]
    fn read_only_and_write_only_follow_the_direction() {
        let schemas = BTreeMap::new();
        let s = schema(
            json!({"type": "object", "required": ["id", "password"], "properties": {
            "id": {"type": "string", "readOnly": true},
            "password": {"type": "string", "writeOnly": true}}}),
        );
        let request = Validator::new(&schemas).direction(Direction::Request);
        assert!(request.validate(&s, &json!({"password": "p"})).is_empty());
        let sent = request.validate(&s, &json!({"id": "1", "password": "p"}));
        assert_eq!(
            (sent[0].pointer.as_str(), sent[0].keyword),
            ("/id", "readOnly")
        );
        let response = Validator::new(&schemas).direction(Direction::Response);
        assert!(response.validate(&s, &json!({"id": "1"})).is_empty());
        assert_eq!(
            response.validate(&s, &json!({"id": "1", "password": "p"}))[0].keyword,
            "writeOnly"
        );
        // no direction: both are plain required properties
        assert_eq!(Validator::new(&schemas).validate(&s, &json!({})).len(), 2);
    }

    #[test]
    fn long_values_are_abbreviated_in_messages() {
        let schemas = BTreeMap::new();
        let s = schema(json!({"enum": ["a"]}));
        let long = "x".repeat(10_000);
        let found = Validator::new(&schemas).validate(&s, &json!(long));
        assert!(found[0].message.len() < 200, "{}", found[0].message);
    }

    #[test]
    fn pointers_escape_tokens() {
        let schemas = BTreeMap::new();
        let s = schema(json!({"type": "object", "additionalProperties": false}));
        let found = Validator::new(&schemas).validate(&s, &json!({"a/b~c": 1}));
        assert_eq!(found[0].pointer, "/a~1b~0c");
    }
}
