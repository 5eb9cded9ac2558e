//! The parts every page shape shares: scraper wrappers, frontmatter, the
//! page title and description, and fenced code blocks with their positions.

use crate::doc::{yaml, Node, Pos};
use crate::source::SourceFile;

/// A fenced code block (```` ``` ```` or `~~~`, any length).
#[derive(Debug, Clone, PartialEq)]
pub struct Fence {
    /// The whole info string (`yaml post /clients`, `bash cURL theme={null}`).
    pub info: String,
    /// Position of the info string (or of the fence when there is none).
    pub info_pos: Pos,
    /// 1-based line of the first content line.
    pub content_line: u32,
    /// Columns of indentation removed from every content line.
    pub indent: u32,
    pub content: String,
    /// False when the page ended before the closing fence.
    pub closed: bool,
}

impl Fence {
    /// The language: first word of the info string, lower-cased.
    pub fn lang(&self) -> String {
        self.info
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    }

    /// The info string after the language, with ` theme={...}` removed.
    pub fn meta(&self) -> String {
        let rest = self
            .info
            .trim_start()
            .split_once(char::is_whitespace)
            .map(|(_, rest)| rest)
            .unwrap_or("");
        rest.split_whitespace()
            .filter(|w| !w.starts_with("theme="))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A page split into what the shape readers need.
#[derive(Debug, Clone)]
pub struct Page {
    pub file: SourceFile,
    /// Parsed YAML frontmatter (`---` ... `---` at the top), if any.
    pub frontmatter: Option<Node>,
    /// Byte offset just after the frontmatter and scraper header lines.
    pub body_start: usize,
    /// The first `# Title` that is not a scraper `# Source:` line.
    pub title: Option<(String, Pos)>,
    /// Mintlify's `> description` line under the title.
    pub description: Option<String>,
    /// URL from a scraper header (`# Source: <url>`, `url:` frontmatter).
    pub source_url: Option<String>,
    pub fences: Vec<Fence>,
    /// Problems met while splitting (bad frontmatter YAML, unclosed fence).
    pub problems: Vec<(Pos, String)>,
}

impl Page {
    pub fn parse(file: &SourceFile) -> Page {
        let text = file.text();
        let mut page = Page {
            file: file.clone(),
            frontmatter: None,
            body_start: 0,
            title: None,
            description: None,
            source_url: None,
            fences: Vec::new(),
            problems: Vec::new(),
        };
        let mut offset = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
        offset = page.read_frontmatter(offset);
        offset = page.skip_scraper_headers(offset);
        page.body_start = offset;
        page.fences = scan_fences(file, offset);
        for fence in &page.fences {
            if !fence.closed {
                page.problems.push((
                    fence.info_pos,
                    "code fence is never closed; read to the end of the page".into(),
                ));
            }
        }
        page.find_title();
        page
    }

    /// The frontmatter value of `key` as a string (scalars stringified).
    pub fn front(&self, key: &str) -> Option<(String, Pos)> {
        let node = self.frontmatter.as_ref()?.get(key)?;
        let text = match &node.kind {
            crate::doc::Kind::String(s) => s.clone(),
            crate::doc::Kind::Bool(b) => b.to_string(),
            crate::doc::Kind::Number(n) => n.to_string(),
            _ => return None,
        };
        Some((text, node.pos))
    }

    fn read_frontmatter(&mut self, offset: usize) -> usize {
        let text = &self.file.text()[offset..];
        let Some(rest) = text
            .strip_prefix("---\n")
            .or_else(|| text.strip_prefix("---\r\n"))
        else {
            return offset;
        };
        let Some(end) = find_line(rest, |l| l.trim_end() == "---") else {
            return offset;
        };
        let body = &rest[..end];
        let first_line = self.file.line_of(offset) as u32 + 1;
        match yaml::parse(body, first_line, 0) {
            Ok(node) if node.as_map().is_some() => {
                if let Some((url, _)) = node
                    .get("url")
                    .and_then(|n| n.as_str().map(|s| (s.to_string(), n.pos)))
                {
                    self.source_url = Some(url);
                }
                self.frontmatter = Some(node);
            }
            Ok(_) => {}
            Err(e) => self.problems.push((
                e.pos,
                format!("frontmatter is not valid YAML: {}", e.message),
            )),
        }
        let after = offset + 4 + end;
        let line_end = self.file.text()[after..]
            .find('\n')
            .map_or(self.file.text().len(), |i| after + i + 1);
        line_end
    }

    /// Skip `# Source: <url>` / `> Source: <url>` scraper lines and blank lines.
    fn skip_scraper_headers(&mut self, mut offset: usize) -> usize {
        let text = self.file.text();
        loop {
            let line_end = text[offset..]
                .find('\n')
                .map_or(text.len(), |i| offset + i + 1);
            let line = text[offset..line_end].trim();
            let source = line
                .strip_prefix("# Source:")
                .or_else(|| line.strip_prefix("> Source:"))
                .or_else(|| line.strip_prefix("Source:"));
            if let Some(url) = source {
                self.source_url
                    .get_or_insert_with(|| url.trim().to_string());
            } else if !line.is_empty() || line_end == offset {
                return offset;
            }
            offset = line_end;
        }
    }

    fn find_title(&mut self) {
        let text = self.file.text();
        let body = &text[self.body_start..];
        let mut in_fence = false;
        let mut lines = body.split('\n').enumerate().peekable();
        let first_line = self.file.line_of(self.body_start);
        while let Some((i, line)) = lines.next() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
            }
            if in_fence {
                continue;
            }
            if let Some(title) = line.strip_prefix("# ") {
                let title = title.trim();
                if title.is_empty() || title.starts_with("Source:") {
                    continue;
                }
                self.title = Some((
                    title.to_string(),
                    Pos {
                        line: (first_line + i) as u32,
                        col: 3,
                    },
                ));
                // Mintlify puts the page description in a blockquote below.
                while let Some((_, next)) = lines.peek() {
                    if next.trim().is_empty() {
                        lines.next();
                        continue;
                    }
                    if let Some(desc) = next.trim_start().strip_prefix('>') {
                        let desc = desc.trim();
                        if !desc.is_empty() {
                            self.description = Some(desc.to_string());
                        }
                    }
                    break;
                }
                return;
            }
        }
        if let Some((title, pos)) = self.front("title") {
            self.title = Some((title, pos));
        }
        if self.description.is_none() {
            self.description = self.front("description").map(|(d, _)| d);
        }
    }
}

/// Offset of the first line (at a line start) matching `pred`.
fn find_line(text: &str, pred: impl Fn(&str) -> bool) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if pred(line.trim_end_matches(['\n', '\r'])) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// Find fenced code blocks the CommonMark way: an opening run of at least
/// three backticks or tildes, closed by a run of the same character at
/// least as long; shorter runs inside are content.
pub fn scan_fences(file: &SourceFile, from: usize) -> Vec<Fence> {
    let text = file.text();
    let mut fences = Vec::new();
    let mut open: Option<(char, usize, Fence, Vec<&str>)> = None;
    for (line_no, raw) in (file.line_of(from)..).zip(text[from..].split_inclusive('\n')) {
        let line = raw.trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = &line[indent..];
        let run_char = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        let run_len = run_char.map_or(0, |c| trimmed.len() - trimmed.trim_start_matches(c).len());
        match &mut open {
            Some((ch, len, fence, lines)) => {
                if run_char == Some(*ch) && run_len >= *len && trimmed[run_len..].trim().is_empty()
                {
                    fence.content = lines.join("\n");
                    if !lines.is_empty() {
                        fence.content.push('\n');
                    }
                    fence.closed = true;
                    fences.push(fence.clone());
                    open = None;
                } else {
                    let strip = (fence.indent as usize).min(indent);
                    lines.push(&line[strip..]);
                }
            }
            None => {
                if let Some(ch) = run_char {
                    let info = trimmed[run_len..].trim();
                    if run_len >= 3 && !(ch == '`' && info.contains('`')) {
                        let info_col = if info.is_empty() {
                            indent + 1
                        } else {
                            indent
                                + run_len
                                + (trimmed[run_len..].len() - trimmed[run_len..].trim_start().len())
                                + 1
                        };
                        let fence = Fence {
                            info: info.to_string(),
                            info_pos: Pos {
                                line: line_no as u32,
                                col: line[..info_col.saturating_sub(1).min(line.len())]
                                    .chars()
                                    .count() as u32
                                    + 1,
                            },
                            content_line: line_no as u32 + 1,
                            indent: indent as u32,
                            content: String::new(),
                            closed: false,
                        };
                        open = Some((ch, run_len, fence, Vec::new()));
                    }
                }
            }
        }
    }
    if let Some((_, _, mut fence, lines)) = open {
        fence.content = lines.join("\n");
        fences.push(fence);
    }
    fences
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scraper_headers_banner_and_title_are_recognised() {
        let file = SourceFile::new(
            "p.md",
            "# Source: https://a/x.md\n\n# Source: https://a/y.md\n\n# Add Member\n\n> Add a user.\n\n## OpenAPI\n",
        );
        let page = Page::parse(&file);
        assert_eq!(page.source_url.as_deref(), Some("https://a/x.md"));
        let (title, pos) = page.title.unwrap();
        assert_eq!(title, "Add Member");
        assert_eq!(pos.line, 5);
        assert_eq!(page.description.as_deref(), Some("Add a user."));
    }

    #[test]
    fn frontmatter_is_parsed_and_skipped() {
        let file = SourceFile::new(
            "p.mdx",
            "---\ntitle: \"Query\"\napi: \"POST https://{endpoint}/query\"\n---\n\nText\n",
        );
        let page = Page::parse(&file);
        let (api, pos) = page.front("api").unwrap();
        assert_eq!(api, "POST https://{endpoint}/query");
        assert_eq!(pos.line, 3);
        assert_eq!(page.title.unwrap().0, "Query");
        assert_eq!(&file.text()[page.body_start..], "Text\n");
    }

    #[test]
    fn four_backtick_fences_hold_three_backtick_lines() {
        let file = SourceFile::new(
            "p.md",
            "x\n````yaml post /a\ndescription: |\n  ```json\n  {}\n  ```\n````\n  ```bash cURL theme={null}\n  curl x\n  ```\n",
        );
        let fences = scan_fences(&file, 0);
        assert_eq!(fences.len(), 2);
        assert_eq!(fences[0].info, "yaml post /a");
        assert_eq!(fences[0].content_line, 3);
        assert!(fences[0].content.contains("```json"));
        assert_eq!(fences[1].lang(), "bash");
        assert_eq!(fences[1].meta(), "cURL");
        assert_eq!(fences[1].content, "curl x\n");
        assert_eq!(fences[1].info_pos, Pos { line: 8, col: 6 });
    }

    #[test]
    fn an_unclosed_fence_runs_to_the_end_and_is_reported() {
        let file = SourceFile::new("p.md", "```json\n{\"a\": 1}\n");
        let page = Page::parse(&file);
        assert_eq!(page.fences.len(), 1);
        assert!(!page.fences[0].closed);
        assert_eq!(page.problems.len(), 1);
    }
}
