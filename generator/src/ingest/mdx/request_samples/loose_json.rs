//! JavaScript object literals and Python dicts read as JSON, for the
//! trivial cases; anything that is code rather than data is refused.

use super::scan::{string_literal, utf8_len};

/// JavaScript object literals and Python dicts as JSON, for the trivial
/// cases: quote bare keys, single-quoted strings, drop trailing commas and
/// comments, map `True`/`False`/`None`. None when anything else is left
/// (variables, calls), which the JSON parse then refuses anyway.
pub fn loose_to_json(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' | b'\'' => {
                let (value, end) = string_literal(text, i)?;
                out.push_str(&serde_json::to_string(&value).ok()?);
                i = end;
            }
            b'`' => {
                let (value, end) = string_literal(text, i)?;
                if value.contains("${") {
                    return None;
                }
                out.push_str(&serde_json::to_string(&value).ok()?);
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |e| i + 2 + e + 2);
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b',' => {
                let next = skip_insignificant(&text[i + 1..]);
                if !(next.starts_with('}') || next.starts_with(']')) {
                    out.push(',');
                }
                i += 1;
            }
            b if b.is_ascii_alphabetic() || b == b'_' || b == b'$' => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'$')
                {
                    i += 1;
                }
                let word = &text[start..i];
                let is_key = text[i..].trim_start().starts_with(':');
                if is_key {
                    out.push_str(&serde_json::to_string(word).ok()?);
                } else {
                    out.push_str(match word {
                        "true" | "True" => "true",
                        "false" | "False" => "false",
                        "null" | "None" | "undefined" => "null",
                        _ => return None,
                    });
                }
            }
            _ => {
                let l = utf8_len(b);
                out.push_str(&text[i..(i + l).min(text.len())]);
                i += l;
            }
        }
    }
    Some(out)
}

/// `text` without leading whitespace and comments.
fn skip_insignificant(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix("//").or_else(|| text.strip_prefix('#')) {
            text = rest.find('\n').map_or("", |i| &rest[i..]);
        } else if let Some(rest) = text.strip_prefix("/*") {
            text = rest.find("*/").map_or("", |i| &rest[i + 2..]);
        } else {
            return text;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_json_refuses_code() {
        assert!(loose_to_json("{ a: someVariable }").is_none());
        assert!(loose_to_json("{ a: `x ${y}` }").is_none());
        assert_eq!(
            loose_to_json("{a: [1, 2,], // c\n}").unwrap(),
            "{\"a\": [1, 2] \n}"
        );
    }
}
