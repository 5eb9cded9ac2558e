//! Violations as text a person reads: one short line each
//! (`body /member/password: required property missing`) and a one-line
//! summary of several. The error bodies, the access log, the journal and
//! the web page all use these, with the access log's redaction rule:
//! a message about a value whose name carries a credential never quotes it.

use std::borrow::Cow;
use std::fmt::Write;

use crate::access_log::is_secret;
use crate::request::{Location, Violation};

/// Violations named in a summary; the rest are counted.
pub const SUMMARY_ITEMS: usize = 3;
/// Longest summary (bytes), so a field fits any sane `maxLength`-free slot.
const MAX_SUMMARY: usize = 400;

/// Rules whose messages never quote the value checked.
const QUOTES_NO_VALUE: [&str; 11] = [
    "type",
    "required",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "readOnly",
    "writeOnly",
    "additionalProperties",
];

/// The message with the value left out when the pointer names a
/// credential (`/api_key`, `/member/password`).
pub fn redacted_message<'v>(v: &'v Violation, secret_names: &[String]) -> Cow<'v, str> {
    let secret = v.location != Location::Security
        && !QUOTES_NO_VALUE.contains(&&*v.code)
        && v.pointer
            .split('/')
            .skip(1)
            .any(|token| is_secret(&generator::pointer::unescape_pointer(token), secret_names));
    if secret {
        Cow::Owned(format!("`{}` rule broken (value redacted)", v.code))
    } else {
        Cow::Borrowed(&v.message)
    }
}

/// `body /member/password: required property missing`,
/// `query /limit: 0 is below the minimum 1`, `body: the body is not valid JSON ...`.
pub fn describe(v: &Violation, secret_names: &[String]) -> String {
    let mut out = String::with_capacity(v.pointer.len() + v.message.len() + 16);
    write_line(&mut out, v, secret_names);
    out
}

fn write_line(out: &mut String, v: &Violation, secret_names: &[String]) {
    out.push_str(v.location.as_str());
    let message = redacted_message(v, secret_names);
    // `required property `x` is missing` at /a reads better as /a/x
    if v.code == "required" {
        if let Some(name) = message
            .strip_prefix("required property `")
            .and_then(|m| m.strip_suffix("` is missing"))
        {
            let _ = write!(
                out,
                " {}/{}: required property missing",
                v.pointer,
                generator::pointer::escape_pointer(name)
            );
            return;
        }
    }
    if !v.pointer.is_empty() {
        out.push(' ');
        out.push_str(&v.pointer);
    }
    out.push_str(": ");
    out.push_str(strip_subject(v.location, &message));
}

/// Parameter and security messages repeat their subject
/// (`query parameter `limit`: ...`); the pointer already says it.
fn strip_subject(location: Location, message: &str) -> &str {
    let prefix = match location {
        Location::Security => "security scheme `",
        Location::Body => return message,
        _ => "",
    };
    let rest = if prefix.is_empty() {
        message
            .strip_prefix(location.as_str())
            .and_then(|m| m.strip_prefix(" parameter `"))
    } else {
        message.strip_prefix(prefix)
    };
    rest.and_then(|r| r.split_once("`: ").map(|(_, m)| m))
        .unwrap_or(message)
}

/// One line for several violations: the first [`SUMMARY_ITEMS`], `; `
/// between them, then `(+N more)`.
pub fn summary(violations: &[Violation], secret_names: &[String]) -> String {
    let mut out = String::new();
    for (i, v) in violations.iter().take(SUMMARY_ITEMS).enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        write_line(&mut out, v, secret_names);
    }
    if violations.len() > SUMMARY_ITEMS {
        let _ = write!(out, " (+{} more)", violations.len() - SUMMARY_ITEMS);
    }
    clip_line(out, MAX_SUMMARY)
}

/// At most `max` bytes, on one line.
pub fn clip_line(text: String, max: usize) -> String {
    let mut text = if text.contains(['\n', '\r']) {
        text.replace(['\n', '\r'], " ")
    } else {
        text
    };
    if text.len() > max {
        let mut end = max.saturating_sub(3);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("...");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Class;

    fn v(location: Location, pointer: &str, code: &'static str, message: &str) -> Violation {
        Violation {
            location,
            pointer: pointer.into(),
            code: code.into(),
            message: message.into(),
            class: Class::Invalid,
        }
    }

    #[test]
    fn lines_name_the_place_once() {
        let none: &[String] = &[];
        assert_eq!(
            describe(
                &v(
                    Location::Body,
                    "/member",
                    "required",
                    "required property `password` is missing"
                ),
                none
            ),
            "body /member/password: required property missing"
        );
        assert_eq!(
            describe(
                &v(
                    Location::Query,
                    "/limit",
                    "minimum",
                    "query parameter `limit`: 0 is below the minimum 1"
                ),
                none
            ),
            "query /limit: 0 is below the minimum 1"
        );
        assert_eq!(
            describe(
                &v(
                    Location::Body,
                    "",
                    "json",
                    "the body is not valid JSON: EOF"
                ),
                none
            ),
            "body: the body is not valid JSON: EOF"
        );
    }

    #[test]
    fn secret_values_are_never_quoted() {
        let line = describe(
            &v(
                Location::Body,
                "/member/password",
                "pattern",
                "\"hunter2\" does not match the pattern `^x`",
            ),
            &[],
        );
        assert!(!line.contains("hunter2"), "{line}");
        let declared = vec!["sig".to_string()];
        let line = describe(
            &v(
                Location::Query,
                "/sig",
                "enum",
                "query parameter `sig`: \"abc\" is not one of",
            ),
            &declared,
        );
        assert!(!line.contains("abc"), "{line}");
    }

    #[test]
    fn summaries_are_one_bounded_line() {
        let many: Vec<Violation> = (0..5)
            .map(|i| {
                v(
                    Location::Body,
                    &format!("/{i}"),
                    "type",
                    "expected string,\nfound number",
                )
            })
            .collect();
        let s = summary(&many, &[]);
        assert!(s.ends_with("(+2 more)"), "{s}");
        assert!(!s.contains('\n'));
        assert_eq!(s.matches("; ").count(), 2);
    }
}
