//! Path templates, the keys of `paths` (`/files/{id}.json`): the one
//! reading of where `{name}` variables sit. Every reader, check, diff,
//! generator and the mock router use it, so they cannot disagree on a
//! mixed segment, an empty `{}` or an unclosed `{`.
//!
//! The rule: a variable is `{`, a non-empty name without `{`, `}` or
//! `/`, and `}`. It may sit anywhere in a segment (OpenAPI allows
//! `/report.{format}`). Anything else, such as an unclosed `{` or an
//! empty `{}`, is literal text: it names no parameter.

/// One piece of a path template, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPiece<'a> {
    /// Text the URL contains as written (never empty).
    Literal(&'a str),
    /// A `{name}` variable: the name, without braces.
    Var(&'a str),
}

/// The template in order: literal text and `{name}` variables. Adjacent
/// literal text is one piece, so pieces alternate unless two variables
/// touch (`{a}{b}`).
pub fn path_pieces(template: &str) -> Vec<PathPiece<'_>> {
    let mut pieces = Vec::new();
    // Start of the literal text not yet pushed, and where to look next.
    let mut literal = 0;
    let mut at = 0;
    while let Some(open) = template[at..].find('{').map(|i| at + i) {
        let name_end = template[open + 1..]
            .find(['{', '}', '/'])
            .map(|i| open + 1 + i);
        match name_end {
            Some(close) if close > open + 1 && template[close..].starts_with('}') => {
                if literal < open {
                    pieces.push(PathPiece::Literal(&template[literal..open]));
                }
                pieces.push(PathPiece::Var(&template[open + 1..close]));
                literal = close + 1;
                at = close + 1;
            }
            // Not a variable: the `{` is text; a later `{` may open one.
            _ => at = open + 1,
        }
    }
    if literal < template.len() {
        pieces.push(PathPiece::Literal(&template[literal..]));
    }
    pieces
}

/// The variable names of a template, in order of first appearance,
/// each once (OpenAPI forbids a repeated name; the first place counts).
pub fn template_names(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for piece in path_pieces(template) {
        if let PathPiece::Var(name) = piece {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// The template with every variable written `{}`: two templates with the
/// same shape differ only in their parameter names (`/m/{id}` and
/// `/m/{memberId}` are both `/m/{}`).
pub fn path_shape(template: &str) -> String {
    let mut shape = String::with_capacity(template.len());
    for piece in path_pieces(template) {
        match piece {
            PathPiece::Literal(text) => shape.push_str(text),
            PathPiece::Var(_) => shape.push_str("{}"),
        }
    }
    shape
}

#[cfg(test)]
mod tests {
    use super::PathPiece::{Literal, Var};
    use super::*;

    #[test]
    fn whole_segment_and_mixed_variables() {
        assert_eq!(
            path_pieces("/a/{id}/b"),
            [Literal("/a/"), Var("id"), Literal("/b")]
        );
        assert_eq!(
            path_pieces("/a/{id}.json"),
            [Literal("/a/"), Var("id"), Literal(".json")]
        );
        assert_eq!(
            path_pieces("/f/{name}.{ext}"),
            [Literal("/f/"), Var("name"), Literal("."), Var("ext")]
        );
        assert_eq!(path_pieces("{a}{b}"), [Var("a"), Var("b")]);
        assert_eq!(path_pieces("/plain"), [Literal("/plain")]);
        assert!(path_pieces("").is_empty());
        assert_eq!(template_names("/a/{id}.json"), ["id"]);
        assert_eq!(path_shape("/a/{id}.json"), "/a/{}.json");
    }

    #[test]
    fn an_unclosed_or_empty_brace_is_text() {
        assert_eq!(path_pieces("/a/{"), [Literal("/a/{")]);
        assert_eq!(path_pieces("/a/{b"), [Literal("/a/{b")]);
        assert_eq!(path_pieces("/a/{}"), [Literal("/a/{}")]);
        assert_eq!(path_pieces("/a{b/{c}"), [Literal("/a{b/"), Var("c")]);
        // A variable stays inside its segment and holds no brace.
        assert_eq!(path_pieces("/{a/b}"), [Literal("/{a/b}")]);
        assert_eq!(
            path_pieces("/{a{b}c}"),
            [Literal("/{a"), Var("b"), Literal("c}")]
        );
        for template in ["/a/{", "/a/{}", "/{a/b}"] {
            assert!(template_names(template).is_empty(), "{template}");
            assert_eq!(path_shape(template), template);
        }
    }

    #[test]
    fn names_in_order_once() {
        assert_eq!(template_names("/a/{x}/b/{y}"), ["x", "y"]);
        assert_eq!(template_names("/a/{id}/b/{id}/{z}"), ["id", "z"]);
        assert!(template_names("/a").is_empty());
    }

    #[test]
    fn shapes_drop_names_only() {
        assert_eq!(path_shape("/m/{id}/x"), path_shape("/m/{memberId}/x"));
        assert_ne!(path_shape("/m/{id}"), path_shape("/m/{id}/x"));
        // A trailing `/` is part of the template.
        assert_eq!(path_shape("/m/{id}/"), "/m/{}/");
        // The literal text is kept as written, pointer-escaped or not.
        assert_eq!(path_shape("~1m~1{id}"), "~1m~1{}");
    }
}
