//! Credential-looking values in text the generator prints (diagnostic
//! messages, notes and the page lines under them), masked before they are
//! shown: a page's example token may be a real one. Each masked character
//! becomes `*`, so columns under a snippet stay where they were.
//!
//! Masked: the token after `Bearer`/`Basic`/`Token`; the value after a
//! credential name and `=` or `:` (`api_key=...`, `"password": "..."`);
//! `default`/`example`/`placeholder` values on a line documenting a
//! credential header or parameter; quoted values in a sentence naming a
//! credential; and tokens with well-known secret prefixes (`sk_live_`,
//! `ghp_`, `xoxb-`, `AKIA`). Placeholders (`<token>`, `YOUR_API_KEY`,
//! `{token}`) have no digit and are left as they are.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

/// Words whose value is a credential (matched in lower case, without
/// `-`/`_`): `X-Api-Key`, `client_secret`, `access_token`, `Authorization`.
fn is_credential_name(name: &str) -> bool {
    let squashed: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    squashed == "authorization"
        || [
            "apikey",
            "secret",
            "token",
            "accesskey",
            "authkey",
            "password",
            "passwd",
        ]
        .iter()
        .any(|k| squashed.contains(k))
}

/// A value worth masking: long enough, and not a placeholder.
fn looks_secret(value: &str) -> bool {
    let chars = value.chars().count();
    chars >= 6
        && !value.starts_with(['<', '{', '$'])
        && (value.chars().any(|c| c.is_ascii_digit()) || chars >= 24)
}

struct Patterns {
    scheme: Regex,
    assigned: Regex,
    attribute_line: Regex,
    attribute_value: Regex,
    named: Regex,
    quoted: Regex,
    prefixed: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let re = |p: &str| Regex::new(p).unwrap_or_else(|e| panic!("secret pattern {p}: {e}"));
        Patterns {
            scheme: re(r"(?i)\b(?:bearer|basic|token)\s+([A-Za-z0-9._~+/=-]{6,})"),
            assigned: re(
                r#"(?i)([A-Za-z][A-Za-z0-9_-]*)["']?\s*[=:]\s*["']?([^"'&\s,;)}\]]{6,})"#,
            ),
            attribute_line: re(r#"(?i)\b(?:header|query|cookie|name|path)\s*=\s*"([^"]+)""#),
            attribute_value: re(r#"(?i)\b(?:default|example|placeholder)\s*=\s*"([^"]+)""#),
            named: re(r"`([^`]+)`"),
            quoted: re(r#""([^"]{6,})""#),
            prefixed: re(
                r"\b(?:(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16})\b",
            ),
        }
    })
}

/// `text` with credential-looking values masked (borrowed when none is).
pub fn redact(text: &str) -> Cow<'_, str> {
    let p = patterns();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for c in p.scheme.captures_iter(text) {
        if let Some(m) = c.get(1).filter(|m| looks_secret(m.as_str())) {
            spans.push((m.start(), m.end()));
        }
    }
    for c in p.assigned.captures_iter(text) {
        if let (Some(name), Some(value)) = (c.get(1), c.get(2)) {
            if is_credential_name(name.as_str()) && looks_secret(value.as_str()) {
                spans.push((value.start(), value.end()));
            }
        }
    }
    let names_credential = p
        .attribute_line
        .captures_iter(text)
        .chain(p.named.captures_iter(text))
        .any(|c| c.get(1).is_some_and(|m| is_credential_name(m.as_str())));
    if names_credential {
        for c in p
            .attribute_value
            .captures_iter(text)
            .chain(p.quoted.captures_iter(text))
        {
            if let Some(m) = c.get(1).filter(|m| looks_secret(m.as_str())) {
                spans.push((m.start(), m.end()));
            }
        }
    }
    spans.extend(p.prefixed.find_iter(text).map(|m| (m.start(), m.end())));
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if spans.iter().any(|(start, end)| (*start..*end).contains(&i)) {
            out.push('*');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn tokens_keys_and_passwords_are_masked() {
        assert_eq!(
            redact("curl -H \"Authorization: Bearer abc123def456\" x"),
            "curl -H \"Authorization: Bearer ************\" x"
        );
        assert_eq!(
            redact("?api_key=k3y12345&page=2"),
            "?api_key=********&page=2"
        );
        assert_eq!(
            redact(r#"{"password": "hunter22"}"#),
            r#"{"password": "********"}"#
        );
        assert_eq!(
            redact(r#"<ParamField header="X-Api-Key" default="k3y12345">"#),
            r#"<ParamField header="X-Api-Key" default="********">"#
        );
        assert_eq!(
            redact(r#"default of `X-Api-Key` "k3y12345" is not an integer"#),
            r#"default of `X-Api-Key` "********" is not an integer"#
        );
        assert_eq!(
            redact("key sk_live_abcdef123456"),
            "key ********************"
        );
    }

    #[test]
    fn placeholders_and_prose_are_kept() {
        for text in [
            "Authorization: Bearer <token>",
            "api_key=YOUR_API_KEY",
            "a Bearer token in the header",
            "`limit` \"12345678\" is too large",
            "type: string",
            "page=2&limit=100",
        ] {
            assert_eq!(redact(text), text);
        }
    }
}
