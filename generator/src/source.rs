//! A page read from disk, with the line index diagnostics need.

use std::fmt;
use std::sync::Arc;

/// A place in an input file (1-based line and character column).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: Arc<str>,
    pub line: u32,
    pub col: u32,
    /// The text of the line (or of a window of a long line), for the
    /// snippet under the message.
    pub line_text: Option<Arc<str>>,
    /// The column's position within `line_text` (1-based, in characters).
    pub snippet_col: u32,
}

impl Location {
    /// A whole-file location, used where no finer position exists.
    pub fn file(name: &str) -> Self {
        Location {
            file: name.into(),
            line: 1,
            col: 1,
            line_text: None,
            snippet_col: 1,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// One input file: its display name (relative to the specs folder) and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: Arc<str>,
    text: Arc<str>,
    line_starts: Arc<[usize]>,
    /// Character columns -> byte offsets without walking long lines
    /// (minified specs are one multi-megabyte line); None when all ASCII.
    chars: Option<Arc<CharIndex>>,
}

/// Sparse character index of a non-ASCII text.
#[derive(Debug)]
struct CharIndex {
    /// Byte offset of every `STRIDE`-th character.
    checkpoints: Vec<usize>,
    /// Character index of each line start.
    line_chars: Vec<usize>,
}

const STRIDE: usize = 256;

impl CharIndex {
    fn new(text: &str, line_starts: &[usize]) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut line_chars = Vec::with_capacity(line_starts.len());
        let mut next_line = 0;
        let mut count = 0;
        for (byte, _) in text.char_indices() {
            if count % STRIDE == 0 {
                checkpoints.push(byte);
            }
            while next_line < line_starts.len() && line_starts[next_line] <= byte {
                line_chars.push(count);
                next_line += 1;
            }
            count += 1;
        }
        while line_chars.len() < line_starts.len() {
            line_chars.push(count);
        }
        CharIndex {
            checkpoints,
            line_chars,
        }
    }

    /// Byte offset of global character `index` (clamped to the text).
    fn byte_of(&self, text: &str, index: usize) -> usize {
        let Some(&base) = self.checkpoints.get(index / STRIDE) else {
            return text.len();
        };
        text[base..]
            .char_indices()
            .nth(index % STRIDE)
            .map_or(text.len(), |(i, _)| base + i)
    }

    /// Global character index of byte `offset`.
    fn char_of(&self, text: &str, offset: usize) -> usize {
        let slot = self
            .checkpoints
            .partition_point(|&b| b <= offset)
            .saturating_sub(1);
        let base = self.checkpoints.get(slot).copied().unwrap_or(0);
        slot * STRIDE + text[base..offset].chars().count()
    }
}

impl SourceFile {
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let chars = (!text.is_ascii()).then(|| Arc::new(CharIndex::new(&text, &line_starts)));
        SourceFile {
            name: name.into(),
            text,
            line_starts: line_starts.into(),
            chars,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// How many lines the text has (one more than its line breaks).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 1-based line number of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Byte offset where 1-based `line` starts (clamped to the end of the text).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_start(line);
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Location of a byte offset (clamped into the text and onto a char boundary).
    pub fn location(&self, offset: usize) -> Location {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let col = match &self.chars {
            None => offset - start,
            Some(index) => index.char_of(&self.text, offset) - index.char_of(&self.text, start),
        } + 1;
        self.location_at(line, col)
    }

    /// Location of a 1-based line and column (column counted in characters).
    /// The snippet is a window of the line around the column, so a
    /// minified multi-megabyte spec on one line costs no more than any other.
    pub fn location_at(&self, line: usize, col: usize) -> Location {
        let text = self.line_text(line);
        let skip = col.saturating_sub(1).saturating_sub(SNIPPET_BEFORE);
        let from = self.column_byte(line, skip + 1) - self.line_start(line);
        let (snippet, snippet_col) = window(&text[from.min(text.len())..], col - skip);
        // Masking keeps every character's column (see `crate::secrets`).
        let snippet = crate::secrets::redact(&snippet).into_owned();
        Location {
            file: self.name.clone(),
            line: line as u32,
            col: col as u32,
            line_text: Some(snippet.into()),
            snippet_col: snippet_col as u32,
        }
    }

    /// Location of the start of the file.
    pub fn start(&self) -> Location {
        self.location_at(1, 1)
    }

    /// Byte offset of a 1-based line and character column.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        self.column_byte(line, col)
    }

    /// Byte offset of 1-based character column `col` of `line` (clamped to
    /// the line; a line past the end is the empty line at the end).
    fn column_byte(&self, line: usize, col: usize) -> usize {
        let start = self.line_start(line);
        let end = start + self.line_text(line).len();
        let byte = match &self.chars {
            None => start + col.saturating_sub(1),
            Some(index) => {
                let first = index
                    .line_chars
                    .get(line.saturating_sub(1))
                    .copied()
                    .unwrap_or(0);
                index.byte_of(&self.text, first + col.saturating_sub(1))
            }
        };
        byte.clamp(start, end)
    }
}

/// Characters of a long line shown before the column in a snippet.
const SNIPPET_BEFORE: usize = 60;
/// Characters shown in all.
const SNIPPET_WIDTH: usize = 160;

/// At most `SNIPPET_WIDTH` characters of `rest` (the line from the
/// window's start), and the caret column in them.
fn window(rest: &str, caret: usize) -> (String, usize) {
    let end = rest
        .char_indices()
        .nth(SNIPPET_WIDTH)
        .map_or(rest.len(), |(i, _)| i);
    (rest[..end].to_string(), caret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based_and_count_characters() {
        let file = SourceFile::new("a.md", "ab\nçd e\n\nlast");
        let loc = file.location(file.text().find('e').unwrap());
        assert_eq!((loc.line, loc.col), (2, 4));
        assert_eq!(file.line_text(2), "çd e");
        assert_eq!(file.line_of(0), 1);
        assert_eq!(file.line_of(file.text().len()), 4);
        assert_eq!(file.offset_of(2, 4), file.text().find('e').unwrap());
    }

    #[test]
    fn long_lines_are_cut_to_a_window_around_the_column() {
        let line = "x".repeat(10_000) + "HERE" + &"y".repeat(10_000);
        let file = SourceFile::new("min.json", line);
        let loc = file.location_at(1, 10_001);
        let snippet = loc.line_text.as_deref().unwrap();
        assert_eq!(snippet.chars().count(), 160);
        let caret = loc.snippet_col as usize;
        assert_eq!(&snippet[caret - 1..caret + 3], "HERE");
        assert_eq!(loc.col, 10_001);
    }

    #[test]
    fn non_ascii_long_lines_index_by_character() {
        let line = "é".repeat(5_000) + "HERE" + &"ü".repeat(5_000);
        let file = SourceFile::new("min.json", format!("first\n{line}\n"));
        let offset = file.text().find("HERE").unwrap();
        let loc = file.location(offset);
        assert_eq!((loc.line, loc.col), (2, 5_001));
        assert_eq!(file.offset_of(2, 5_001), offset);
        let snippet = loc.line_text.as_deref().unwrap();
        assert_eq!(snippet.chars().count(), 160);
        let caret: String = snippet
            .chars()
            .skip(loc.snippet_col as usize - 1)
            .take(4)
            .collect();
        assert_eq!(caret, "HERE");
    }

    #[test]
    fn lines_past_the_end_of_a_non_ascii_text_are_the_empty_last_line() {
        let file = SourceFile::new("o.yaml", "a: é\nb: [");
        let loc = file.location_at(3, 1);
        assert_eq!(loc.line_text.as_deref(), Some(""));
        let loc = file.location_at(9, 40);
        assert_eq!((loc.line, loc.col), (9, 40));
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let file = SourceFile::new("a.md", "x");
        assert_eq!(file.location(99).line, 1);
    }
}
