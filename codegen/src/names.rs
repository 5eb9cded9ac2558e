//! Rust names from wire names: keywords, leading digits, punctuation,
//! non-ASCII and collisions, decided once, up front, per scope.

use std::collections::BTreeSet;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "union",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Words split at punctuation, spaces and camelCase humps; non-ASCII dropped.
fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let hump = c.is_ascii_uppercase()
            && prev.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
            });
        if hump && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// `PascalCase` type or variant name; `fallback` when nothing ASCII remains.
pub fn pascal(text: &str, fallback: &str) -> String {
    let mut out: String = words(text)
        .iter()
        .map(|w| {
            let mut c = w.chars();
            let first = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or_default();
            first.to_string() + &c.as_str().to_ascii_lowercase()
        })
        .collect();
    if out.is_empty() {
        out = fallback.to_string();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, fallback);
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// `snake_case` field or function name (raw identifier for keywords).
pub fn snake(text: &str, fallback: &str) -> String {
    let mut out = words(text)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if out.is_empty() {
        out = fallback.to_string();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// Whether `name` needs `r#` to be an identifier.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) && !NOT_RAW.contains(&name)
}

/// A snake name that is a valid identifier by itself (`self` -> `self_`).
pub fn plain_snake(text: &str, fallback: &str) -> String {
    let mut s = snake(text, fallback);
    if NOT_RAW.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// Names taken in one scope; `claim` returns a free variant of `base`.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn with_reserved(names: &[&str]) -> Self {
        Scope {
            taken: names.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub fn claim(&mut self, base: &str) -> String {
        let name = generator::naming::unique_name(base, |name| !self.taken.contains(name));
        self.taken.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_wire_names() {
        assert_eq!(pascal("add-member request", "T"), "AddMemberRequest");
        assert_eq!(pascal("HTTPResponse", "T"), "HttpResponse");
        assert_eq!(pascal("2fa", "T"), "T2fa");
        assert_eq!(pascal("日本", "T"), "T");
        assert_eq!(pascal("Self", "T"), "Self_");
        assert_eq!(snake("loginId", "f"), "login_id");
        assert_eq!(snake("FullNames", "f"), "full_names");
        assert_eq!(snake("$id", "f"), "id");
        assert_eq!(snake("@type", "f"), "type");
        assert!(is_keyword("type"));
        assert_eq!(plain_snake("self", "f"), "self_");
        assert_eq!(snake("1st", "f"), "_1st");
        assert_eq!(snake("ünïcode", "f"), "n_code");
    }

    #[test]
    fn scopes_hand_out_unique_names() {
        let mut scope = Scope::with_reserved(&["Client"]);
        assert_eq!(scope.claim("Client"), "Client2");
        assert_eq!(scope.claim("Member"), "Member");
        assert_eq!(scope.claim("Member"), "Member2");
    }
}
