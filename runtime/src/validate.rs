//! Violations and the walker generated `validate()` code drives.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

/// One broken rule, at a JSON pointer into the validated value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub pointer: String,
    /// The schema keyword broken: `required`, `type`, `enum`, `minLength`, ...
    pub rule: &'static str,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {} ({})", self.message, self.rule)
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

    pub fn push(&mut self, rule: &'static str, message: impl Into<String>) {
        self.violations.push(Violation {
            pointer: self.pointer.clone(),
            rule,
            message: message.into(),
        });
    }

    /// Validate a nested model.
    pub fn nested<T: Validate + ?Sized>(&mut self, value: &T) {
        value.validate_into(self);
    }

    pub fn string(&mut self, value: &str, rules: &StringRules) {
        let len = value.chars().count() as u64;
        if let Some(min) = rules.min_length {
            if len < min {
                self.push("minLength", format!("shorter than {min} characters"));
            }
        }
        if let Some(max) = rules.max_length {
            if len > max {
                self.push("maxLength", format!("longer than {max} characters"));
            }
        }
        if let Some(pattern) = rules.pattern {
            if !pattern_matches(pattern, value) {
                self.push("pattern", format!("does not match `{pattern}`"));
            }
        }
        if let Some(format) = rules.format {
            if !crate::formats::is_valid(format, value) {
                self.push("format", format!("is not a valid {format}"));
            }
        }
    }

    pub fn number(&mut self, value: f64, rules: &NumberRules) {
        if let Some(min) = rules.minimum {
            if value < min || (rules.exclusive_minimum && value == min) {
                let op = if rules.exclusive_minimum {
                    "above"
                } else {
                    "at least"
                };
                self.push(
                    if rules.exclusive_minimum {
                        "exclusiveMinimum"
                    } else {
                        "minimum"
                    },
                    format!("must be {op} {min}"),
                );
            }
        }
        if let Some(max) = rules.maximum {
            if value > max || (rules.exclusive_maximum && value == max) {
                let op = if rules.exclusive_maximum {
                    "below"
                } else {
                    "at most"
                };
                self.push(
                    if rules.exclusive_maximum {
                        "exclusiveMaximum"
                    } else {
                        "maximum"
                    },
                    format!("must be {op} {max}"),
                );
            }
        }
        if let Some(m) = rules.multiple_of {
            let q = value / m;
            if m > 0.0 && (q - q.round()).abs() > 1e-9 * q.abs().max(1.0) {
                self.push("multipleOf", format!("must be a multiple of {m}"));
            }
        }
    }

    pub fn items<T: PartialEq>(&mut self, items: &[T], rules: &ArrayRules) {
        let len = items.len() as u64;
        if let Some(min) = rules.min_items {
            if len < min {
                self.push("minItems", format!("fewer than {min} items"));
            }
        }
        if let Some(max) = rules.max_items {
            if len > max {
                self.push("maxItems", format!("more than {max} items"));
            }
        }
        if rules.unique_items {
            for (i, a) in items.iter().enumerate() {
                if items[..i].contains(a) {
                    self.push("uniqueItems", format!("item {i} repeats an earlier item"));
                    break;
                }
            }
        }
    }

    pub fn properties(&mut self, count: usize, min: Option<u64>, max: Option<u64>) {
        if min.is_some_and(|m| (count as u64) < m) {
            self.push(
                "minProperties",
                format!("fewer than {} properties", min.unwrap_or(0)),
            );
        }
        if max.is_some_and(|m| (count as u64) > m) {
            self.push(
                "maxProperties",
                format!("more than {} properties", max.unwrap_or(0)),
            );
        }
    }

    /// A JSON value must be one of `allowed` (compared as JSON).
    pub fn one_of_values(&mut self, value: &serde_json::Value, allowed: &[&str]) {
        let ok = allowed.iter().any(|a| {
            serde_json::from_str::<serde_json::Value>(a).is_ok_and(|a| json_equal(&a, value))
        });
        if !ok {
            self.push(
                "enum",
                format!("{value} is not one of {}", allowed.join(", ")),
            );
        }
    }

    /// Properties an object may not have (`additionalProperties: false`).
    pub fn no_extra<'a>(&mut self, keys: impl Iterator<Item = &'a String>) {
        for key in keys {
            let key = key.clone();
            self.at(&key.clone(), |v| {
                v.push(
                    "additionalProperties",
                    format!("property `{key}` is not allowed"),
                )
            });
        }
    }

    /// `readOnly` set in a request, or `writeOnly` in a response.
    pub fn direction_check(&mut self, read_only: bool, write_only: bool, present: bool) {
        if !present {
            return;
        }
        if read_only && self.direction == Direction::Request {
            self.push("readOnly", "is read-only and must not be sent");
        }
        if write_only && self.direction == Direction::Response {
            self.push("writeOnly", "is write-only and must not be returned");
        }
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct StringRules {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<&'static str>,
    pub format: Option<&'static str>,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct NumberRules {
    pub minimum: Option<f64>,
    pub exclusive_minimum: bool,
    pub maximum: Option<f64>,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<f64>,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct ArrayRules {
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
}

/// JSON equality where 1 and 1.0 are the same number.
pub fn json_equal(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
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

/// Whether `value` matches an ECMA-262 `pattern` (unanchored, as JSON
/// Schema says). Patterns the regex engine cannot compile match anything;
/// the generator reports those when it writes the code.
pub fn pattern_matches(pattern: &'static str, value: &str) -> bool {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Option<regex_lite::Regex>>>> =
        OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    let re = cache
        .entry(pattern)
        .or_insert_with(|| regex_lite::Regex::new(pattern).ok());
    re.as_ref().is_none_or(|re| re.is_match(value))
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
            .map(|x| x.rule)
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
