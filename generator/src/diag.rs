//! Diagnostics: what a vendor's docs get wrong, and what the generator inferred.
//!
//! Rendered in the familiar compiler style:
//! ```text
//! warning[required-unknown]: `required` names `email`, which is not a property
//!   --> turso/add-member.md:48:17
//!    |
//! 48 |               - email
//!    |                 ^
//! ```

use crate::source::Location;
use std::fmt;

mod code;

pub use code::Code;

/// How bad a diagnostic is. Only errors fail a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input could not be turned into (part of) a contract: the run fails.
    Error,
    /// The docs are wrong or incomplete; the generator repaired or dropped something.
    Warning,
    /// The generator inferred something the docs do not state outright.
    Note,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }

    /// The ANSI style rustc gives this severity (bold red, yellow, green).
    pub fn style(self) -> &'static str {
        match self {
            Severity::Error => "\x1b[1;31m",
            Severity::Warning => "\x1b[1;33m",
            Severity::Note => "\x1b[1;32m",
        }
    }
}

/// Styles of the coloured rendering (see [`Diagnostic::render_styled`]).
const BOLD: &str = "\x1b[1m";
const GUTTER: &str = "\x1b[1;34m";
const RESET: &str = "\x1b[0m";

/// One finding, with a stable machine-readable code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Always `code.severity()`: set by [`Diagnostic::new`].
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub location: Location,
    /// Extra lines, e.g. "help: ..." or what was done about it.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A finding with `code`'s severity.
    pub fn new(code: Code, location: Location, message: impl Into<String>) -> Self {
        // A page's example may hold a real credential: never repeat it.
        let message: String = message.into();
        Diagnostic {
            severity: code.severity(),
            code,
            message: crate::secrets::redact(&message).into_owned(),
            location,
            notes: Vec::new(),
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        let note: String = note.into();
        self.notes.push(crate::secrets::redact(&note).into_owned());
        self
    }

    /// The compiler-style text, without colours (stable for snapshots).
    pub fn render(&self) -> String {
        self.render_styled(false)
    }

    /// The compiler-style text, coloured like rustc's when `colour` is set
    /// (ANSI SGR sequences: the severity word and caret in its colour, the
    /// message bold, arrows and gutters bold blue). Whether a stream takes
    /// colour is the caller's decision; without colour this is [`render`].
    ///
    /// [`render`]: Diagnostic::render
    pub fn render_styled(&self, colour: bool) -> String {
        let paint = |style: &str, text: &str| -> String {
            if colour {
                format!("{style}{text}{RESET}")
            } else {
                text.to_string()
            }
        };
        let severity = self.severity.style();
        let mut out = format!(
            "{}{}\n",
            paint(
                severity,
                &format!("{}[{}]", self.severity.label(), self.code)
            ),
            paint(BOLD, &format!(": {}", self.message)),
        );
        let loc = &self.location;
        let gutter = loc.line.to_string().len();
        let pad = " ".repeat(gutter);
        out.push_str(&format!("{pad}{} {loc}\n", paint(GUTTER, "-->")));
        if let Some(text) = &loc.line_text {
            let caret_pad: String = text
                .chars()
                .take(loc.snippet_col.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let bar = paint(GUTTER, &format!("{pad} |"));
            let numbered = paint(GUTTER, &format!("{} |", loc.line));
            out.push_str(&format!("{bar}\n{numbered} {text}\n"));
            out.push_str(&format!("{bar} {caret_pad}{}\n", paint(severity, "^")));
        }
        for note in &self.notes {
            out.push_str(&format!("{} {note}\n", paint(GUTTER, &format!("{pad} ="))));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// An ordered collection of diagnostics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Keep only the diagnostics `keep` accepts.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// The diagnostics from index `at` on, removed from these.
    pub fn split_off(&mut self, at: usize) -> Diagnostics {
        Diagnostics {
            items: self.items.split_off(at.min(self.items.len())),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Sort by file, line, column, then code, and drop exact repeats, so
    /// the report is the same however the pages were visited.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (
                &a.location.file,
                a.location.line,
                a.location.col,
                a.code.as_str(),
                &a.message,
            )
                .cmp(&(
                    &b.location.file,
                    b.location.line,
                    b.location.col,
                    b.code.as_str(),
                    &b.message,
                ))
        });
        self.items.dedup();
    }

    /// All diagnostics rendered, one block each, separated by blank lines.
    pub fn render(&self) -> String {
        self.items
            .iter()
            .map(Diagnostic::render)
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn renders_like_a_compiler_with_a_caret_under_the_column() {
        let file = SourceFile::new("v/page.md", "a: 1\n  - email\n");
        let d = Diagnostic::new(
            Code::RequiredUnknown,
            file.location_at(2, 5),
            "`required` names `email`",
        )
        .with_note("dropped from `required`");
        assert_eq!(
            d.render(),
            "warning[required-unknown]: `required` names `email`\n --> v/page.md:2:5\n  |\n2 |   - email\n  |     ^\n  = dropped from `required`\n"
        );
    }

    #[test]
    fn coloured_rendering_is_the_plain_text_with_styles_around_its_parts() {
        let file = SourceFile::new("v/page.md", "a: 1\n  - email\n");
        let d = Diagnostic::new(
            Code::DuplicateOperation,
            file.location_at(2, 5),
            "names `email`",
        )
        .with_note("dropped");
        let coloured = d.render_styled(true);
        assert!(coloured.starts_with("\x1b[1;31merror[duplicate-operation]\x1b[0m"));
        assert!(coloured.contains("\x1b[1;31m^\x1b[0m"), "{coloured:?}");
        let mut plain = String::new();
        let mut rest = coloured.as_str();
        while let Some(at) = rest.find('\x1b') {
            plain.push_str(&rest[..at]);
            rest = &rest[at..];
            rest = &rest[rest.find('m').unwrap() + 1..];
        }
        plain.push_str(rest);
        assert_eq!(plain, d.render());
        assert_eq!(d.render_styled(false), d.render());
    }

    #[test]
    fn sorting_is_by_position_and_removes_repeats() {
        let file = SourceFile::new("p.md", "x\ny\n");
        let mut all = Diagnostics::default();
        // Sorted by spelling, not by declaration order.
        all.push(Diagnostic::new(
            Code::NoServer,
            file.location_at(2, 1),
            "second",
        ));
        all.push(Diagnostic::new(
            Code::NoEndpoint,
            file.location_at(2, 1),
            "first",
        ));
        all.push(Diagnostic::new(
            Code::SpecSyntax,
            file.location_at(1, 1),
            "zeroth",
        ));
        all.push(Diagnostic::new(
            Code::NoServer,
            file.location_at(2, 1),
            "second",
        ));
        all.sort();
        let codes: Vec<_> = all.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["spec-syntax", "no-endpoint", "no-server"]);
        assert!(all.has_errors());
    }
}
