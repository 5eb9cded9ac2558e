//! JSON pointers (RFC 6901): escaping one token, building pointers while
//! walking a document.

/// Escape one JSON-pointer token (RFC 6901).
pub fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undo [`escape_pointer`].
pub fn unescape_pointer(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Append one token to a pointer.
pub fn join(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    out.push_str(&escape_pointer(token));
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
    }
}
