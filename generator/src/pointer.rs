//! JSON pointers (RFC 6901): escaping one token, building pointers while
//! walking a document.

/// Escape one JSON-pointer token (RFC 6901).
pub fn escape_pointer(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_escaped(&mut out, token);
    out
}

/// Append `token`, escaped, to `out` (pointers are built on every
/// element a reader creates; this spares the copies of two `replace`s).
pub fn push_escaped(out: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Undo [`escape_pointer`].
pub fn unescape_pointer(token: &str) -> String {
    if !token.contains('~') {
        return token.to_string();
    }
    token.replace("~1", "/").replace("~0", "~")
}

/// Append one token to a pointer.
pub fn join(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    push_escaped(&mut out, token);
    out
}

/// The pointer of an operation: `/paths/<path>/<method>`.
pub fn operation(path: &str, method: crate::model::Method) -> String {
    join(&join("/paths", path), method.as_str())
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_escaped() {
        assert_eq!(super::join("/paths", "/a/{b}"), "/paths/~1a~1{b}");
        assert_eq!(super::join("", "x~y"), "/x~0y");
        assert_eq!(super::escape_pointer("~/a/~1"), "~0~1a~1~01");
        assert_eq!(super::unescape_pointer("~0~1a~1~01"), "~/a/~1");
    }
}
