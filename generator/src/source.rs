//! A page read from disk, with the line index diagnostics need.

use std::sync::Arc;

use crate::diag::Location;

/// One input file: its display name (relative to the specs folder) and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: Arc<str>,
    text: Arc<str>,
    line_starts: Arc<[usize]>,
}

impl SourceFile {
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            name: name.into(),
            text,
            line_starts: line_starts.into(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
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
        let col = self.text[self.line_start(line)..offset].chars().count() + 1;
        self.location_at(line, col)
    }

    /// Location of a 1-based line and column (column counted in characters).
    pub fn location_at(&self, line: usize, col: usize) -> Location {
        Location {
            file: self.name.clone(),
            line: line as u32,
            col: col as u32,
            line_text: Some(self.line_text(line).into()),
        }
    }

    /// Location of the start of the file.
    pub fn start(&self) -> Location {
        self.location_at(1, 1)
    }

    /// Byte offset of a 1-based line and character column.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let start = self.line_start(line);
        let text = self.line_text(line);
        let within: usize = text
            .chars()
            .take(col.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        start + within
    }
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
    fn offsets_past_the_end_are_clamped() {
        let file = SourceFile::new("a.md", "x");
        assert_eq!(file.location(99).line, 1);
    }
}
