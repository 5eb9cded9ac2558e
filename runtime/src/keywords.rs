//! The JSON Schema keyword rules, in one place for both validators: the
//! generated `validate()` code (through [`crate::Validator`]) and the
//! generator's schema walker (`generator::validate`, behind the contract
//! checks and the mock server). Each rule decides the verdict, names the
//! keyword that failed and words the message; the callers only walk the
//! value (properties, items, composition, `$ref`, `nullable`) and say
//! where they are, so the two can no longer disagree on a keyword.
//!
//! The answers to what the two validators used to disagree on:
//! - exclusive bounds are reported as `exclusiveMinimum` /
//!   `exclusiveMaximum` ([`check_number`]);
//! - `multipleOf` allows a tolerance relative to the quotient
//!   ([`is_multiple_of`]);
//! - `pattern` has one regex engine, `regex-lite` ([`Pattern`]).

use std::fmt::Display;

use serde_json::{Number, Value};

use crate::validate::Violation;

/// Longest value quoted in a message; longer ones are abbreviated (a
/// request value can be megabytes).
pub const MAX_QUOTED: usize = 80;

/// The largest compiled `pattern` (bytes of the regex engine's program).
/// A contract comes from vendor pages, and a short pattern such as
/// `a{1000}{1000}` would otherwise compile into something huge; one past
/// the limit is left unchecked, like a pattern the engine cannot express.
pub const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// Whether a message quotes the value it is about.
///
/// The generator's checks and the mock server quote it (`0 is below the
/// minimum 1`): the mock knows which names carry credentials and redacts
/// a whole message about one. Generated clients do not know that when a
/// message is made, and their errors end up in logs, so they say "the
/// value" instead. Property names are shown either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Values {
    #[default]
    Quoted,
    Hidden,
}

/// Where rule failures go: the violations list, the pointer of the value
/// being checked, and how messages name the value.
pub struct Report<'a> {
    pointer: &'a str,
    out: &'a mut Vec<Violation>,
    values: Values,
}

impl<'a> Report<'a> {
    pub fn new(pointer: &'a str, out: &'a mut Vec<Violation>, values: Values) -> Self {
        Report {
            pointer,
            out,
            values,
        }
    }

    /// Record one failed `keyword` at the current pointer.
    pub fn fail(&mut self, keyword: &'static str, message: impl Into<String>) {
        self.out.push(Violation {
            pointer: self.pointer.to_string(),
            keyword,
            message: message.into(),
        });
    }

    /// The value as a message names it: `quoted()` or "the value".
    fn subject(&self, quoted: impl FnOnce() -> String) -> String {
        match self.values {
            Values::Quoted => quoted(),
            Values::Hidden => "the value".to_string(),
        }
    }
}

/// The JSON Schema type name of a value (`integer` for whole numbers
/// written without a fraction).
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

/// Whether `v` is of the JSON Schema type `expected`. An `integer` is any
/// number without a fractional part, `3.0` included: JSON has one number
/// type and OpenAPI tools accept whole floats (draft 6 and later say the
/// same). A name that is no type matches anything.
pub fn type_matches(expected: &str, v: &Value) -> bool {
    match expected {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        "null" => v.is_null(),
        _ => true,
    }
}

/// `type`; true when it holds (callers skip the value's other keywords
/// when it does not, as they would not apply).
pub fn check_type(expected: &str, v: &Value, r: &mut Report) -> bool {
    let ok = type_matches(expected, v);
    if !ok {
        r.fail(
            "type",
            format!("expected {expected}, found {}", type_name(v)),
        );
    }
    ok
}

/// `enum`: the value equals one of `allowed` as JSON (1 and 1.0 alike).
pub fn check_enum(v: &Value, allowed: &[Value], r: &mut Report) {
    if !allowed.iter().any(|a| json_equal(a, v)) {
        let list: Vec<String> = allowed.iter().map(quote).collect();
        let subject = r.subject(|| quote(v));
        r.fail(
            "enum",
            format!("{subject} is not one of {}", list.join(", ")),
        );
    }
}

/// The string keywords of one schema.
#[derive(Debug, Default, Clone, Copy)]
pub struct StringRules<'a> {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<&'a str>,
    pub format: Option<&'a str>,
}

/// `minLength`, `maxLength` (in characters, as JSON Schema counts),
/// `pattern` and `format`. `matches(pattern, text)` runs the caller's
/// compiled pattern (see [`Pattern`]); each caller keeps its own cache.
pub fn check_string(
    text: &str,
    rules: &StringRules<'_>,
    matches: impl FnOnce(&str, &str) -> bool,
    r: &mut Report,
) {
    if rules.min_length.is_some() || rules.max_length.is_some() {
        let len = text.chars().count() as u64;
        if let Some(min) = rules.min_length.filter(|&m| len < m) {
            r.fail("minLength", format!("shorter than {min} characters"));
        }
        if let Some(max) = rules.max_length.filter(|&m| len > m) {
            r.fail("maxLength", format!("longer than {max} characters"));
        }
    }
    if let Some(pattern) = rules.pattern {
        if !matches(pattern, text) {
            let subject = r.subject(|| abbreviate(&Value::from(text).to_string()));
            r.fail(
                "pattern",
                format!("{subject} does not match the pattern `{pattern}`"),
            );
        }
    }
    if let Some(format) = rules.format {
        if !crate::formats::is_valid(format, text) {
            let subject = r.subject(|| format!("`{}`", abbreviate(text)));
            r.fail("format", format!("{subject} is not a valid {format}"));
        }
    }
}

/// The number keywords of one schema (OpenAPI 3.0: the exclusive flags
/// modify `minimum` / `maximum`).
#[derive(Debug, Default, Clone, Copy)]
pub struct NumberRules {
    pub minimum: Option<f64>,
    pub exclusive_minimum: bool,
    pub maximum: Option<f64>,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<f64>,
}

/// `minimum`, `maximum` with their exclusive flags, and `multipleOf`.
/// `shown` is the number as the message writes it (the JSON text where
/// the caller has it).
///
/// A failed exclusive bound is reported as `exclusiveMinimum` /
/// `exclusiveMaximum`, not as `minimum` / `maximum`: in OpenAPI 3.0 the
/// flag only modifies the bound, but naming the keyword that made the
/// value fail (5 fails `minimum: 5, exclusiveMinimum: true` because of the
/// flag) tells the reader what to look at, and it is what JSON Schema
/// 2019+ and most tools call it.
pub fn check_number(x: f64, shown: &dyn Display, rules: &NumberRules, r: &mut Report) {
    if let Some(min) = rules.minimum {
        if rules.exclusive_minimum && x <= min {
            let subject = r.subject(|| shown.to_string());
            r.fail(
                "exclusiveMinimum",
                format!("{subject} is at or below the exclusive minimum {min}"),
            );
        } else if x < min {
            let subject = r.subject(|| shown.to_string());
            r.fail("minimum", format!("{subject} is below the minimum {min}"));
        }
    }
    if let Some(max) = rules.maximum {
        if rules.exclusive_maximum && x >= max {
            let subject = r.subject(|| shown.to_string());
            r.fail(
                "exclusiveMaximum",
                format!("{subject} is at or above the exclusive maximum {max}"),
            );
        } else if x > max {
            let subject = r.subject(|| shown.to_string());
            r.fail("maximum", format!("{subject} is above the maximum {max}"));
        }
    }
    if let Some(m) = rules.multiple_of {
        if !is_multiple_of(x, m) {
            let subject = r.subject(|| shown.to_string());
            r.fail("multipleOf", format!("{subject} is not a multiple of {m}"));
        }
    }
}

/// Whether `x` is a multiple of `m`, within a tolerance relative to the
/// quotient. `x / m` of two decimals read into `f64` is off by a few units
/// of `f64` precision of its size (`0.0075 / 0.0001` is
/// 74.99999999999999, `123456789.12 / 0.01` is 12345678912.000002), so
/// the tolerance is four such units of `|x / m|`, and at least 1e-9 for
/// small quotients (the tolerance the generator's checks used). A fixed
/// tolerance would reject large valid values; one scaled by more than
/// `f64` precision would accept large invalid ones. A divisor that is not
/// a positive number is no rule (the schema is broken), and a quotient
/// too large for `f64` to hold counts as whole.
pub fn is_multiple_of(x: f64, m: f64) -> bool {
    if !(m > 0.0 && m.is_finite()) {
        return true;
    }
    let q = x / m;
    if !q.is_finite() {
        return true;
    }
    let tolerance = (4.0 * f64::EPSILON * q.abs()).max(1e-9);
    (q - q.round()).abs() <= tolerance
}

/// The `format`s OpenAPI gives integers, `int32` and `int64`: signed 32-
/// and 64-bit. Other formats say nothing about numbers.
pub fn check_integer_format(n: &Number, format: &str, r: &mut Report) {
    let (width, low) = match format {
        "int32" => (32, f64::from(i32::MIN)),
        "int64" => (64, i64::MIN as f64),
        _ => return,
    };
    let fits = match (n.as_i64(), n.as_u64()) {
        (Some(i), _) => width == 64 || i32::try_from(i).is_ok(),
        (None, Some(_)) => false,
        // a float: within (low, -low); a literal just past the 64-bit
        // range reads as exactly `low`
        _ => n.as_f64().is_some_and(|x| x > low && x < -low),
    };
    if !fits {
        let subject = r.subject(|| n.to_string());
        r.fail(
            "format",
            format!("{subject} does not fit a signed {width}-bit integer (int{width})"),
        );
    }
}

/// The array keywords of one schema.
#[derive(Debug, Default, Clone, Copy)]
pub struct ArrayRules {
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
}

/// `minItems`, `maxItems` and `uniqueItems`; `same` is the caller's
/// equality (JSON equality for JSON values, `==` for generated types).
pub fn check_items<T>(
    items: &[T],
    same: impl Fn(&T, &T) -> bool,
    rules: &ArrayRules,
    r: &mut Report,
) {
    let len = items.len() as u64;
    if let Some(min) = rules.min_items.filter(|&m| len < m) {
        r.fail("minItems", format!("fewer than {min} items"));
    }
    if let Some(max) = rules.max_items.filter(|&m| len > m) {
        r.fail("maxItems", format!("more than {max} items"));
    }
    if rules.unique_items {
        let repeat =
            (1..items.len()).find(|&i| items[..i].iter().any(|earlier| same(earlier, &items[i])));
        if let Some(i) = repeat {
            r.fail("uniqueItems", format!("item {i} repeats an earlier item"));
        }
    }
}

/// `minProperties` and `maxProperties`, each reported by its own name.
pub fn check_property_count(count: usize, min: Option<u64>, max: Option<u64>, r: &mut Report) {
    let count = count as u64;
    if let Some(min) = min.filter(|&m| count < m) {
        r.fail("minProperties", format!("fewer than {min} properties"));
    }
    if let Some(max) = max.filter(|&m| count > m) {
        r.fail("maxProperties", format!("more than {max} properties"));
    }
}

/// `required`: report `name` missing (at the object's pointer).
pub fn missing_required(name: &str, r: &mut Report) {
    r.fail(
        "required",
        format!("required property `{}` is missing", abbreviate(name)),
    );
}

/// `additionalProperties: false`: report property `key` (at its own
/// pointer).
pub fn not_allowed(key: &str, r: &mut Report) {
    r.fail(
        "additionalProperties",
        format!("property `{}` is not allowed", abbreviate(key)),
    );
}

/// `type: number`: a value computed as a float (a parameter) that is
/// NaN or infinite is no JSON number.
pub fn check_finite(x: f64, r: &mut Report) {
    if !x.is_finite() {
        let subject = r.subject(|| x.to_string());
        r.fail("type", format!("{subject} is not a finite number"));
    }
}

/// `properties`: property `key`, which the schema lists, was also put
/// among a model's extra properties (at its own pointer). Encoding would
/// write the name twice, and which value a reader keeps is anyone's guess.
pub fn listed_in_extra(key: &str, r: &mut Report) {
    r.fail(
        "properties",
        format!(
            "property `{}` is listed by the contract: set its field, not the extra properties",
            abbreviate(key)
        ),
    );
}

/// `readOnly`: property `key` was sent in a request (at its pointer).
pub fn read_only_sent(key: &str, r: &mut Report) {
    r.fail(
        "readOnly",
        format!(
            "property `{}` is read-only: not sent in a request",
            abbreviate(key)
        ),
    );
}

/// `writeOnly`: property `key` came back in a response (at its pointer).
pub fn write_only_returned(key: &str, r: &mut Report) {
    r.fail(
        "writeOnly",
        format!(
            "property `{}` is write-only: not sent in a response",
            abbreviate(key)
        ),
    );
}

/// A compiled `pattern`.
///
/// One engine for both validators: `regex-lite`. The runtime is compiled
/// into every generated client, and `regex-lite` is small (no Unicode
/// tables, no DFA). It is also the closer match to ECMA-262, which JSON
/// Schema names for `pattern`: its `\d` and `\w` are ASCII as in
/// JavaScript, where the `regex` crate's Unicode classes accept digits a
/// JavaScript validator rejects. Neither crate has look-around or
/// back-references, and `regex-lite` has no `\p{..}` classes either; a
/// pattern that does not compile is left unchecked, and the generator and
/// the mock report it when they load the contract. Searches stay linear
/// in the text, so a request cannot make one slow.
#[derive(Debug, Clone)]
pub struct Pattern(regex_lite::Regex);

impl Pattern {
    /// Compile an OpenAPI (ECMA-262 flavoured) pattern; None when the
    /// engine cannot express it or it compiles past
    /// [`PATTERN_SIZE_LIMIT`].
    pub fn new(source: &str) -> Option<Pattern> {
        regex_lite::RegexBuilder::new(source)
            .size_limit(PATTERN_SIZE_LIMIT)
            .build()
            .ok()
            .map(Pattern)
    }

    /// Whether the pattern matches anywhere in `text` (JSON Schema
    /// patterns are not anchored).
    pub fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

/// JSON equality where 1 and 1.0 are the same number.
pub fn json_equal(a: &Value, b: &Value) -> bool {
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

/// A value as JSON text for a message, abbreviated when long.
pub fn quote(v: &Value) -> String {
    abbreviate(&v.to_string())
}

/// `text` cut to [`MAX_QUOTED`] bytes (at a character boundary) with
/// `...` when longer.
pub fn abbreviate(text: &str) -> String {
    if text.len() <= MAX_QUOTED {
        return text.to_string();
    }
    let mut end = MAX_QUOTED;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(f: impl FnOnce(&mut Report)) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        f(&mut Report::new("/x", &mut out, Values::Quoted));
        out.into_iter().map(|v| (v.keyword, v.message)).collect()
    }

    #[test]
    fn exclusive_bounds_name_their_keyword() {
        let rules = NumberRules {
            minimum: Some(5.0),
            exclusive_minimum: true,
            maximum: Some(9.0),
            ..Default::default()
        };
        assert_eq!(
            run(|r| check_number(5.0, &5, &rules, r)),
            [(
                "exclusiveMinimum",
                "5 is at or below the exclusive minimum 5".to_string()
            )]
        );
        assert_eq!(
            run(|r| check_number(4.0, &4, &rules, r))[0].0,
            "exclusiveMinimum"
        );
        assert!(run(|r| check_number(5.5, &5.5, &rules, r)).is_empty());
        assert_eq!(run(|r| check_number(10.0, &10, &rules, r))[0].0, "maximum");
    }

    #[test]
    fn multiple_of_tolerance_is_relative() {
        assert!(is_multiple_of(123456789.12, 0.01));
        assert!(!is_multiple_of(123456789.125, 0.01));
        assert!(!is_multiple_of(1e12 + 0.5, 1.0));
        assert!(is_multiple_of(0.0075, 0.0001));
        assert!(!is_multiple_of(0.00751, 0.0001));
        assert!(!is_multiple_of(35.0, 1.5));
        assert!(is_multiple_of(4.5, 1.5));
        assert!(is_multiple_of(1e308, 0.5), "a quotient past f64 is whole");
        assert!(is_multiple_of(3.0, 0.0), "a zero divisor is no rule");
    }

    #[test]
    fn hidden_values_are_not_quoted() {
        let mut out = Vec::new();
        let mut r = Report::new("/password", &mut out, Values::Hidden);
        let rules = StringRules {
            pattern: Some("^x"),
            format: Some("email"),
            ..Default::default()
        };
        check_string("hunter2", &rules, |_, _| false, &mut r);
        check_enum(&json!("hunter2"), &[json!("a")], &mut r);
        assert!(
            out.iter().all(|v| !v.message.contains("hunter2")),
            "{out:?}"
        );
        assert_eq!(out[0].message, "the value does not match the pattern `^x`");
    }

    #[test]
    fn property_counts_name_their_keyword() {
        let got = run(|r| check_property_count(1, Some(2), None, r));
        assert_eq!(got, [("minProperties", "fewer than 2 properties".into())]);
        let got = run(|r| check_property_count(3, None, Some(2), r));
        assert_eq!(got[0].0, "maxProperties");
    }

    #[test]
    fn ecma_style_patterns_compile_and_match() {
        // Patterns as vendor specs write them (ECMA-262 syntax).
        for (pattern, good, bad) in [
            (r"^\d{3}-\d{4}$", "555-1234", "555-12a4"),
            (
                r"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$",
                "a.b@c.io",
                "a@b",
            ),
            (r"^\/v1\/", "/v1/x", "/v2/x"),
            (r"^#?([a-f0-9]{6}|[a-f0-9]{3})$", "#a0b1c2", "#zzz"),
            (r"^\S+$", "no-space", "a space"),
            (r"^[\w-]+$", "a_b-c", "a.b"),
            (r"^caf\u00e9$", "café", "cafe"),
            (r"^[^<>]*$", "plain", "<b>"),
            (r"^(?:[A-Z]{2})?\d+$", "GB12", "gb12"),
        ] {
            let p = Pattern::new(pattern).unwrap_or_else(|| panic!("{pattern} compiles"));
            assert!(p.is_match(good), "{pattern} {good}");
            assert!(!p.is_match(bad), "{pattern} {bad}");
        }
        // ECMA's \d is ASCII: Arabic-Indic digits are not digits.
        assert!(!Pattern::new(r"^\d+$").unwrap().is_match("١٢٣"));
        // Unsupported: look-around, back-references, Unicode classes.
        for pattern in [r"^(?=x)", r"(a)\1", r"^\p{L}+$"] {
            assert!(Pattern::new(pattern).is_none(), "{pattern}");
        }
        // Hostile: tiny pattern, huge program.
        assert!(Pattern::new("a{1000}{1000}").is_none());
    }
}
