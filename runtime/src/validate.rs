//! Violations and the walker generated `validate()` code drives; the
//! keyword rules themselves are in [`crate::keywords`].

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use crate::keywords::{self, Pattern, Report, Values};
pub use crate::keywords::{json_equal, ArrayRules, NumberRules, StringRules};

/// One broken rule, at a JSON pointer into the validated value: the one
/// violation type of generated `validate()` code and of the generator's
/// checks (`generator::validate::Violation` is this type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer into the validated value (`""` for the value itself).
    pub pointer: String,
    /// The schema keyword broken: `required`, `type`, `enum`, `minLength`, ...
    pub keyword: &'static str,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {} ({})", self.message, self.keyword)
    }
}

/// Which way a value travels: `readOnly` properties must not be sent in a
/// request, `writeOnly` ones must not come back in a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

/// Implemented by every generated model.
pub trait Validate {
    /// Append every violation under the validator's current pointer.
    fn validate_into(&self, v: &mut Validator);

    /// All violations of this value as a request body.
    fn validate(&self) -> Result<(), Vec<Violation>> {
        self.validate_as(Direction::Request)
    }

    fn validate_as(&self, direction: Direction) -> Result<(), Vec<Violation>> {
        let mut v = Validator::new(direction);
        self.validate_into(&mut v);
        v.finish()
    }
}

/// Collects violations while generated code walks a value.
pub struct Validator {
    pointer: String,
    direction: Direction,
    violations: Vec<Violation>,
}

impl Validator {
    pub fn new(direction: Direction) -> Self {
        Validator {
            pointer: String::new(),
            direction,
            violations: Vec::new(),
        }
    }

    /// How many violations have been collected so far.
    pub fn len(&self) -> usize {
        self.violations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    pub fn direction(&self) -> Direction {
        self.direction
    }

    pub fn finish(self) -> Result<(), Vec<Violation>> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(self.violations)
        }
    }

    /// Run `f` with `token` appended to the pointer.
    pub fn at(&mut self, token: &str, f: impl FnOnce(&mut Validator)) {
        let len = self.pointer.len();
        self.pointer.push('/');
        for c in token.chars() {
            match c {
                '~' => self.pointer.push_str("~0"),
                '/' => self.pointer.push_str("~1"),
                c => self.pointer.push(c),
            }
        }
        f(self);
        self.pointer.truncate(len);
    }

    pub fn at_index(&mut self, index: usize, f: impl FnOnce(&mut Validator)) {
        self.at(&index.to_string(), f);
    }

    pub fn push(&mut self, keyword: &'static str, message: impl Into<String>) {
        self.violations.push(Violation {
            pointer: self.pointer.clone(),
            keyword,
            message: message.into(),
        });
    }

    /// Validate a nested model.
    pub fn nested<T: Validate + ?Sized>(&mut self, value: &T) {
        value.validate_into(self);
    }

    /// A report at the current pointer, for keyword rules that generated
    /// code leaves to its types and to decoding (`type`, `required`).
    /// Messages do not quote values (see [`Values`]).
    pub fn report(&mut self) -> Report<'_> {
        Report::new(&self.pointer, &mut self.violations, Values::Hidden)
    }

    pub fn string(&mut self, value: &str, rules: &StringRules<'_>) {
        keywords::check_string(value, rules, pattern_matches, &mut self.report());
    }

    /// A string of a typed format: a typed value was parsed as its
    /// format already, so only the other string keywords are left.
    pub fn formatted<T: crate::typed::Formatted + ?Sized>(
        &mut self,
        value: &T,
        rules: &StringRules<'_>,
    ) {
        let (text, parsed) = value.checked_text();
        let rules = StringRules {
            format: if parsed { None } else { rules.format },
            ..*rules
        };
        self.string(&text, &rules);
    }

    pub fn number(&mut self, value: f64, rules: &NumberRules) {
        keywords::check_number(value, &value, rules, &mut self.report());
    }

    pub fn items<T: PartialEq>(&mut self, items: &[T], rules: &ArrayRules) {
        keywords::check_items(items, |a, b| a == b, rules, &mut self.report());
    }

    pub fn properties(&mut self, count: usize, min: Option<u64>, max: Option<u64>) {
        keywords::check_property_count(count, min, max, &mut self.report());
    }

    /// A JSON value must be one of `allowed` (JSON texts, compared as JSON).
    pub fn one_of_values(&mut self, value: &serde_json::Value, allowed: &[&str]) {
        let allowed: Vec<serde_json::Value> = allowed
            .iter()
            .filter_map(|a| serde_json::from_str(a).ok())
            .collect();
        keywords::check_enum(value, &allowed, &mut self.report());
    }

    /// Properties an object may not have (`additionalProperties: false`).
    pub fn no_extra<'a>(&mut self, keys: impl Iterator<Item = &'a String>) {
        for key in keys {
            self.at(key, |v| keywords::not_allowed(key, &mut v.report()));
        }
    }

    /// A float parameter must be a JSON number: finite.
    pub fn finite(&mut self, value: f64) {
        keywords::check_finite(value, &mut self.report());
    }

    /// An integer against an integer `format` (`int32`, `int64`).
    pub fn integer_format(&mut self, value: i64, format: &str) {
        keywords::check_integer_format(&value.into(), format, &mut self.report());
    }

    /// Extra properties that the schema lists by name (each is its own
    /// field, so the name would be written twice).
    pub fn listed_not_extra<'a>(
        &mut self,
        keys: impl Iterator<Item = &'a String>,
        listed: &[&str],
    ) {
        for key in keys.filter(|k| listed.contains(&k.as_str())) {
            self.at(key, |v| keywords::listed_in_extra(key, &mut v.report()));
        }
    }

    /// `readOnly` set in a request, or `writeOnly` in a response; called
    /// at the property's pointer, whose last token names it.
    pub fn direction_check(&mut self, read_only: bool, write_only: bool, present: bool) {
        if !present {
            return;
        }
        let key = self.pointer.rsplit('/').next().unwrap_or("");
        let key = key.replace("~1", "/").replace("~0", "~");
        if read_only && self.direction == Direction::Request {
            keywords::read_only_sent(&key, &mut self.report());
        }
        if write_only && self.direction == Direction::Response {
            keywords::write_only_returned(&key, &mut self.report());
        }
    }
}

/// Whether `value` matches an ECMA-262 `pattern` (unanchored, as JSON
/// Schema says), compiled once per pattern. Patterns the regex engine
/// cannot compile match anything; the generator reports those when it
/// writes the code.
pub fn pattern_matches(pattern: &str, value: &str) -> bool {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<Pattern>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if !cache.contains_key(pattern) {
        cache.insert(pattern.to_string(), Pattern::new(pattern));
    }
    cache
        .get(pattern)
        .and_then(Option::as_ref)
        .is_none_or(|re| re.is_match(value))
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_into(&self, v: &mut Validator) {
        (**self).validate_into(v);
    }
}

impl Validate for serde_json::Value {
    fn validate_into(&self, _: &mut Validator) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_tokens_and_unwind() {
        let mut v = Validator::new(Direction::Request);
        v.at("a/b", |v| v.at_index(2, |v| v.push("type", "x")));
        v.push("required", "y");
        let got = v.finish().unwrap_err();
        assert_eq!(got[0].pointer, "/a~1b/2");
        assert_eq!(got[1].pointer, "");
    }

    #[test]
    fn messages_name_the_property_but_not_the_value() {
        let mut v = Validator::new(Direction::Request);
        v.at("a/b", |v| v.direction_check(true, false, true));
        v.at("pin", |v| {
            v.number(
                5.0,
                &NumberRules {
                    maximum: Some(4.0),
                    ..Default::default()
                },
            )
        });
        let got = v.finish().unwrap_err();
        assert_eq!(
            (got[0].pointer.as_str(), got[0].message.as_str()),
            (
                "/a~1b",
                "property `a/b` is read-only: not sent in a request"
            )
        );
        assert_eq!(got[1].message, "the value is above the maximum 4");
        assert_eq!(
            got[1].to_string(),
            "/pin: the value is above the maximum 4 (maximum)"
        );
    }

    #[test]
    fn rules() {
        let mut v = Validator::new(Direction::Request);
        v.string(
            "ab",
            &StringRules {
                min_length: Some(3),
                pattern: Some("^a+$"),
                format: Some("email"),
                ..Default::default()
            },
        );
        v.number(
            5.0,
            &NumberRules {
                maximum: Some(5.0),
                exclusive_maximum: true,
                multiple_of: Some(2.0),
                ..Default::default()
            },
        );
        v.items(
            &[1, 1],
            &ArrayRules {
                unique_items: true,
                max_items: Some(1),
                ..Default::default()
            },
        );
        v.one_of_values(&serde_json::json!(3), &["1", "2"]);
        v.direction_check(true, false, true);
        let rules: Vec<_> = v
            .finish()
            .unwrap_err()
            .into_iter()
            .map(|x| x.keyword)
            .collect();
        assert_eq!(
            rules,
            [
                "minLength",
                "pattern",
                "format",
                "exclusiveMaximum",
                "multipleOf",
                "maxItems",
                "uniqueItems",
                "enum",
                "readOnly"
            ]
        );
    }
}
