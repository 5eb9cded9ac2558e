//! Contract text (descriptions, titles, names) as doc comments that
//! compile and stay text, whatever the page said:
//!
//! - every line break form (`\r\n`, a bare `\r`, U+2028, U+2029, NEL) ends a
//!   line, so no bare carriage return reaches a `///` comment (which does
//!   not compile);
//! - control characters and the bidirectional-text controls (which rustc
//!   rejects in comments) are written as `\u{..}` escapes;
//! - a Markdown code block never becomes a doctest: fence openers get the
//!   `text` info string (an unmarked or `rust` fence is compiled and run by
//!   `cargo test`) and indented code is not indented past three spaces.
//!
//! Each line is its own `#[doc = "..."]` literal (prettyplease prints it
//! as `///`), so `*/`, `"#` or a `}` in a description cannot end anything.

use proc_macro2::TokenStream;
use quote::quote;

/// The doc lines for `text`, each with the leading space of `/// text`.
pub fn lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for raw in split_lines(text) {
        let line = escape(raw);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        let marker = rest.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = marker.map_or(0, |m| rest.chars().take_while(|c| *c == m).count());
        let line = match (fence, marker) {
            // Inside a fence only a bare run at least as long closes it.
            (Some((open, len)), Some(m))
                if m == open && run >= len && rest[run..].trim().is_empty() =>
            {
                fence = None;
                line
            }
            (Some(_), _) => line,
            (None, Some(m)) if indent <= 3 && run >= 3 => {
                let info = &rest[run..];
                // A backtick fence's info string cannot hold a backtick:
                // that line is inline code, not a fence.
                if m == '`' && info.contains('`') {
                    line
                } else {
                    fence = Some((m, run));
                    format!("{}{}text", &line[..indent], &rest[..run])
                }
            }
            // Four spaces of indentation would make an (indented) code block.
            (None, _) if indent > 3 && !rest.is_empty() => format!("   {rest}"),
            (None, _) => line,
        };
        out.push(format!(" {line}"));
    }
    out
}

/// `text` as one doc line (line breaks become spaces).
pub fn one_line(text: &str) -> String {
    let joined: Vec<String> = split_lines(text)
        .map(|l| escape(l).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    joined.join(" ")
}

/// `#[doc]` attributes for an optional text.
pub fn attrs(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => {
            let lines = lines(text);
            quote! { #( #[doc = #lines] )* }
        }
        None => quote! {},
    }
}

/// Lines split at every line break form.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(text);
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}']) {
            Some(i) => {
                let c = current[i..].chars().next().unwrap_or('\n');
                let mut next = i + c.len_utf8();
                if c == '\r' && current[next..].starts_with('\n') {
                    next += 1;
                }
                rest = Some(&current[next..]);
                Some(&current[..i])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// Characters a comment may not hold, written as escapes; tabs become spaces.
fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\t' => out.push_str("    "),
            c if c.is_control() || is_bidi_control(c) => {
                out.push_str(&format!("\\u{{{:X}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// Characters rustc rejects in comments (`text_direction_codepoint_in_comment`).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_break_ends_a_line_and_no_bare_cr_remains() {
        assert_eq!(
            lines("a\rb\r\nc\nd\u{2028}e"),
            [" a", " b", " c", " d", " e"]
        );
        assert_eq!(lines("trailing\n"), [" trailing"]);
        assert!(one_line("x\r\ny\rz").chars().all(|c| c != '\r'));
        assert_eq!(one_line("x\r\ny\rz"), "x y z");
    }

    #[test]
    fn controls_and_direction_overrides_are_escaped() {
        assert_eq!(lines("a\u{202E}b\u{0}c"), [" a\\u{202E}b\\u{0}c"]);
        // A tab is four spaces, and four spaces would start indented code.
        assert_eq!(lines("\tx"), ["    x"]);
    }

    #[test]
    fn code_blocks_never_become_doctests() {
        assert_eq!(
            lines("```\nfn main() {}\n```\n~~~~rust,no_run\nx\n~~~~\n``inline`` code"),
            [
                " ```text",
                " fn main() {}",
                " ```",
                " ~~~~text",
                " x",
                " ~~~~",
                " ``inline`` code"
            ]
        );
        // An unclosed fence stays text to the end.
        assert_eq!(lines("```rust\n```json\n"), [" ```text", " ```json"]);
        assert_eq!(
            lines("para\n\n    let x = 1;"),
            [" para", " ", "    let x = 1;"]
        );
    }
}
