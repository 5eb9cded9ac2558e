//! The `llms.txt` documentation index (<https://llmstxt.org>) and the
//! boilerplate Mintlify adds to every page export.
//!
//! Both functions are pure (no I/O) and never panic, whatever the input:
//! [`parse`] reads an index into an [`LlmsTxt`] (title, summary, sections
//! of links, each link with its line, column and byte span);
//! [`strip_boilerplate`] removes the preamble that a docs host puts into
//! every page, so that a hash of the rest changes only when the page does.
//!
//! The format, as read here:
//!
//! ```text
//! # Title                         the first H1 (required; a missing one is a problem)
//! > Summary line(s)               optional, right after the title
//! free text, lists                details (links in lists here are `intro_links`)
//! ## Section                      each H2 starts a section
//! - [title](url): notes           list items starting with a link; `: notes` optional
//! ```
//!
//! Fenced code blocks are skipped. Deeper headings (`###`) stay inside
//! their section. List items that do not start with a link are ignored.
//! URLs are returned as written (relative ones are resolved by the caller).

use std::ops::Range;

/// A parsed `llms.txt`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LlmsTxt {
    /// The H1 text (without `#`s).
    pub title: Option<String>,
    /// Line of the H1 (1-based).
    pub title_line: Option<usize>,
    /// The `>` quote right after the title, lines joined with a space.
    pub summary: Option<String>,
    /// Links in lists before the first `##` section.
    pub intro_links: Vec<Link>,
    pub sections: Vec<Section>,
    /// What does not follow the format (the rest is still read).
    pub problems: Vec<Problem>,
}

/// One `## Section` and its links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    /// Line of the `##` heading (1-based).
    pub line: usize,
    pub links: Vec<Link>,
}

/// One `- [title](url): notes` list item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub title: String,
    /// As written between the parentheses (`<...>` brackets removed).
    pub url: String,
    pub notes: Option<String>,
    /// Line of the link (1-based).
    pub line: usize,
    /// Column of its `[` (1-based, in characters).
    pub column: usize,
    /// Byte range of `[title](url)` in the input.
    pub span: Range<usize>,
}

/// Something in the index that does not follow the format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

impl Section {
    /// The llmstxt.org `## Optional` section: secondary information.
    pub fn is_optional(&self) -> bool {
        self.title.trim().eq_ignore_ascii_case("optional")
    }
}

impl LlmsTxt {
    /// Every link in document order, with the section it is listed under
    /// (`None` for links before the first section).
    pub fn links(&self) -> impl Iterator<Item = (Option<&Section>, &Link)> + '_ {
        self.intro_links.iter().map(|l| (None, l)).chain(
            self.sections
                .iter()
                .flat_map(|s| s.links.iter().map(move |l| (Some(s), l))),
        )
    }
}

/// Read an `llms.txt` index. Never fails: what does not fit the format is
/// listed in [`LlmsTxt::problems`] and the rest is read.
pub fn parse(text: &str) -> LlmsTxt {
    let mut out = LlmsTxt::default();
    let mut fence = FenceTracker::default();
    // Whether the summary may still start / continue.
    let mut summary_open = false;
    let mut seen_content_after_title = false;
    let bom: usize = if text.starts_with('\u{feff}') { 3 } else { 0 };
    for (index, (start, raw)) in lines(text).enumerate() {
        let line_no = index + 1;
        // The BOM can only be on the first line.
        let skip = bom.saturating_sub(start);
        let line = raw.get(skip..).unwrap_or("");
        let start = start + skip;
        if fence.step(line) {
            summary_open = false;
            seen_content_after_title = true;
            continue;
        }
        let trimmed = line.trim();
        if let Some((level, heading)) = atx_heading(line) {
            summary_open = false;
            match level {
                1 if out.title.is_none() && out.sections.is_empty() => {
                    out.title = Some(heading.to_string());
                    out.title_line = Some(line_no);
                    summary_open = true;
                }
                1 => out.problems.push(Problem {
                    line: line_no,
                    message: "another `#` title; only the first one is the index title".into(),
                }),
                2 => out.sections.push(Section {
                    title: heading.to_string(),
                    line: line_no,
                    links: Vec::new(),
                }),
                _ => {}
            }
            if level > 1 {
                seen_content_after_title = true;
            }
            continue;
        }
        if let Some(quote) = quote_content(line) {
            let may_summarise =
                out.title.is_some() && !seen_content_after_title && out.sections.is_empty();
            if may_summarise && (summary_open || out.summary.is_none()) {
                let part = quote.trim();
                match &mut out.summary {
                    Some(s) if !part.is_empty() => {
                        s.push(' ');
                        s.push_str(part);
                    }
                    Some(_) => {}
                    None => out.summary = Some(part.to_string()),
                }
                summary_open = true;
                continue;
            }
            summary_open = false;
            seen_content_after_title = true;
            continue;
        }
        if trimmed.is_empty() {
            if out.summary.is_some() {
                summary_open = false;
            }
            continue;
        }
        summary_open = false;
        seen_content_after_title = true;
        if let Some((offset, item)) = list_item(line) {
            if let Some(mut link) = parse_link(item) {
                let at = offset;
                link.span = (start + at + link.span.start)..(start + at + link.span.end);
                link.line = line_no;
                link.column = line.get(..at).map_or(0, |s| s.chars().count()) + 1;
                match out.sections.last_mut() {
                    Some(section) => section.links.push(link),
                    None => out.intro_links.push(link),
                }
            } else if !out.sections.is_empty() && item.trim_start().starts_with('[') {
                out.problems.push(Problem {
                    line: line_no,
                    message: "list item starts like a link but is not `[title](url)`".into(),
                });
            }
        }
    }
    if out.title.is_none() {
        out.problems.push(Problem {
            line: 1,
            message: "no `# Title` line: an llms.txt index starts with an H1".into(),
        });
    }
    out
}

/// Remove the boilerplate a docs host adds to every page export, so that
/// hashing the result ignores edits to it. Removed, outside fenced code
/// blocks and wherever they appear:
///
/// - a `>` quote block whose first text is a heading `Documentation Index`
///   or `Agent Instructions...`, or which has a line starting with
///   `Fetch the complete documentation index at` (Mintlify's preamble);
/// - an `<AgentInstructions>` element, from the line it opens on to the
///   line it closes on (a self-closing one is its own line); an element
///   that never closes is kept;
/// - the blank lines right after each removed block.
///
/// Everything else is kept byte for byte.
pub fn strip_boilerplate(text: &str) -> String {
    let all: Vec<(usize, &str)> = lines(text).collect();
    let mut out = String::with_capacity(text.len());
    let mut fence = FenceTracker::default();
    let mut i = 0;
    while i < all.len() {
        let line = all[i].1;
        if fence.is_open() {
            fence.step(line);
            out.push_str(line);
            i += 1;
            continue;
        }
        if quote_content(line).is_some() {
            let end = (i..all.len())
                .find(|&j| quote_content(all[j].1).is_none())
                .unwrap_or(all.len());
            if is_boilerplate_quote(all[i..end].iter().map(|(_, l)| *l)) {
                i = skip_blank(&all, end);
            } else {
                for (_, l) in &all[i..end] {
                    out.push_str(l);
                }
                i = end;
            }
            continue;
        }
        if let Some(end) = agent_instructions_end(&all, i) {
            i = skip_blank(&all, end);
            continue;
        }
        fence.step(line);
        out.push_str(line);
        i += 1;
    }
    out
}

fn skip_blank(all: &[(usize, &str)], mut i: usize) -> usize {
    while i < all.len() && all[i].1.trim().is_empty() {
        i += 1;
    }
    i
}

fn is_boilerplate_quote<'a>(mut quote: impl Iterator<Item = &'a str>) -> bool {
    let mut first = true;
    quote.any(|line| {
        let content = quote_content(line).unwrap_or("").trim();
        if content.is_empty() {
            return false;
        }
        let heading = std::mem::replace(&mut first, false).then(|| {
            let h = content.trim_start_matches('#');
            (h.len() < content.len()).then(|| h.trim())
        });
        if let Some(Some(h)) = heading {
            if h.eq_ignore_ascii_case("documentation index")
                || starts_with_ignore_case(h, "agent instructions")
            {
                return true;
            }
        }
        starts_with_ignore_case(content, "fetch the complete documentation index at")
    })
}

/// If line `i` opens an `<AgentInstructions>` element, the index after the
/// line that closes it.
fn agent_instructions_end(all: &[(usize, &str)], i: usize) -> Option<usize> {
    const OPEN: &str = "<agentinstructions";
    let first = all[i].1.trim_start();
    let rest = first.get(OPEN.len()..)?;
    if !first.get(..OPEN.len())?.eq_ignore_ascii_case(OPEN) {
        return None;
    }
    match rest.chars().next() {
        Some('>' | '/') => {}
        Some(c) if c.is_whitespace() => {}
        _ => return None,
    }
    let opening = first.find('>')?;
    if first[..opening].ends_with('/') {
        return Some(i + 1);
    }
    (i..all.len())
        .find(|&j| {
            let text = if j == i { &first[opening..] } else { all[j].1 };
            text.to_ascii_lowercase().contains("</agentinstructions>")
        })
        .map(|j| j + 1)
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// Lines with their terminators, and the byte offset each starts at.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line))
    })
}

/// A line without its terminator.
fn bare(line: &str) -> &str {
    line.trim_end_matches('\n').trim_end_matches('\r')
}

/// Up to three spaces of indentation, as CommonMark allows for blocks.
fn block_start(line: &str) -> Option<&str> {
    let line = bare(line);
    let indent = line.bytes().take_while(|&b| b == b' ').count();
    (indent <= 3).then(|| &line[indent..])
}

/// `# Heading` -> (1, "Heading").
fn atx_heading(line: &str) -> Option<(usize, &str)> {
    let t = block_start(line)?;
    let level = t.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &t[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let text = rest.trim();
    // An optional closing run of `#`s (preceded by a space).
    let closed = text.trim_end_matches('#');
    let text = if closed.len() < text.len() && (closed.is_empty() || closed.ends_with([' ', '\t']))
    {
        closed.trim_end()
    } else {
        text
    };
    Some((level, text))
}

/// `> text` -> "text" (one optional space after `>` removed).
fn quote_content(line: &str) -> Option<&str> {
    let t = block_start(line)?;
    let rest = t.strip_prefix('>')?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

/// `  - item` -> (byte offset of the item text in the line, item text).
fn list_item(line: &str) -> Option<(usize, &str)> {
    let b = bare(line);
    let indent = b.len() - b.trim_start_matches([' ', '\t']).len();
    let t = &b[indent..];
    let marker = t.chars().next()?;
    if !matches!(marker, '-' | '*' | '+') {
        return None;
    }
    let after = &t[1..];
    if !after.starts_with([' ', '\t']) {
        return None;
    }
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    let at = indent + 1 + spaces;
    Some((at, &b[at..]))
}

/// `[title](url "t"): notes` at the start of `s`; the span is relative to `s`.
fn parse_link(s: &str) -> Option<Link> {
    let mut chars = s.char_indices().peekable();
    if chars.next()?.1 != '[' {
        return None;
    }
    // Title: up to the matching `]`.
    let mut depth = 1;
    let mut title_end = None;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    title_end = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let title_end = title_end?;
    let open = title_end + 1;
    if s.get(open..)?.chars().next()? != '(' {
        return None;
    }
    let inner_start = open + 1;
    let inner = s.get(inner_start..)?;
    let lead = inner.len() - inner.trim_start().len();
    let mut pos = inner_start + lead;
    let rest = s.get(pos..)?;
    let url;
    if let Some(angle) = rest.strip_prefix('<') {
        let close = angle.find('>')?;
        url = angle[..close].to_string();
        pos += 1 + close + 1;
    } else {
        let mut paren = 0usize;
        let mut end = rest.len();
        let mut it = rest.char_indices();
        while let Some((i, c)) = it.next() {
            match c {
                '\\' => {
                    it.next();
                }
                '(' => paren += 1,
                ')' if paren == 0 => {
                    end = i;
                    break;
                }
                ')' => paren -= 1,
                c if c.is_whitespace() => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        url = rest[..end].to_string();
        pos += end;
    }
    // An optional link title ("t", 't' or (t)), then `)`.
    let after = s.get(pos..)?;
    let mut tail = after.trim_start();
    if let Some(q) = tail
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '('))
    {
        let close = if q == '(' { ')' } else { q };
        let body = &tail[1..];
        let end = body.find(close)?;
        tail = body[end + 1..].trim_start();
    }
    let rest_after = tail.strip_prefix(')')?;
    let end = s.len() - rest_after.len();
    let notes = rest_after.trim();
    let notes = notes.strip_prefix(':').unwrap_or(notes).trim();
    Some(Link {
        title: unescape(&s[1..title_end]),
        url,
        notes: (!notes.is_empty()).then(|| notes.to_string()),
        line: 0,
        column: 0,
        span: 0..end,
    })
}

/// Backslash escapes of ASCII punctuation removed.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\\' {
            if let Some(&n) = it.peek() {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    it.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Fenced code blocks, CommonMark style: a run of at least three backticks
/// or tildes opens one; a run of the same character, at least as long and
/// followed by nothing, closes it.
#[derive(Default)]
struct FenceTracker {
    open: Option<(u8, usize)>,
}

impl FenceTracker {
    fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Feed one line; true when it is a fence line or inside a fence.
    fn step(&mut self, line: &str) -> bool {
        let run = fence_run(line);
        match (self.open, run) {
            (Some((ch, len)), Some((c, n, rest)))
                if c == ch && n >= len && rest.trim().is_empty() =>
            {
                self.open = None;
                true
            }
            (Some(_), _) => true,
            (None, Some((c, n, _))) => {
                self.open = Some((c, n));
                true
            }
            (None, None) => false,
        }
    }
}

fn fence_run(line: &str) -> Option<(u8, usize, &str)> {
    let t = block_start(line)?;
    let ch = *t.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let n = t.bytes().take_while(|&b| b == ch).count();
    if n < 3 {
        return None;
    }
    let rest = &t[n..];
    if ch == b'`' && rest.contains('`') {
        return None;
    }
    Some((ch, n, rest))
}

/// The index URL a page export names in its preamble (`> Fetch the
/// complete documentation index at: https://docs.x.com/llms.txt`), from
/// the first lines of the page.
pub fn index_url_in(page: &str) -> Option<&str> {
    const SAYS: &str = "fetch the complete documentation index at:";
    page.lines().take(40).find_map(|line| {
        let quoted = line.trim_start().strip_prefix('>')?.trim();
        let lower = quoted.to_ascii_lowercase();
        let rest = lower.strip_prefix(SAYS).map(|r| quoted.len() - r.len())?;
        let url = quoted[rest..].split_whitespace().next()?;
        (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_index_a_page_names_in_its_preamble() {
        let page = "> ## Documentation Index\n> Fetch the complete documentation index at: https://docs.chat-dash.com/llms.txt\n> Use this file to discover all available pages before exploring further.\n\n# Create Client\n";
        assert_eq!(
            index_url_in(page),
            Some("https://docs.chat-dash.com/llms.txt")
        );
        assert_eq!(index_url_in("# Title\n\nNo preamble.\n"), None);
        assert_eq!(
            index_url_in("> Fetch the complete documentation index at: ftp://x/llms.txt"),
            None
        );
        assert_eq!(
            index_url_in("> Fetch the complete documentation index at:"),
            None
        );
    }

    use super::*;

    const MINTLIFY: &str = "# ChatDash\n\n> API docs for the ChatDash server.\n\n## Docs\n\n- [Introduction](https://docs.chat-dash.com/introduction.md): Start here\n- [Create Client](/api-reference/clients/create-client.md)\n\n## OpenAPI Specs\n\n- [openapi](https://docs.chat-dash.com/api-reference/openapi.json)\n\n## Optional\n\n- [Blog](https://blog.chat-dash.com)\n";

    #[test]
    fn mintlify_index_is_read() {
        let index = parse(MINTLIFY);
        assert_eq!(index.title.as_deref(), Some("ChatDash"));
        assert_eq!(index.title_line, Some(1));
        assert_eq!(
            index.summary.as_deref(),
            Some("API docs for the ChatDash server.")
        );
        assert!(index.problems.is_empty(), "{:?}", index.problems);
        let titles: Vec<_> = index.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Docs", "OpenAPI Specs", "Optional"]);
        assert!(index.sections[2].is_optional());
        let docs = &index.sections[0];
        assert_eq!(docs.line, 5);
        assert_eq!(docs.links.len(), 2);
        let intro = &docs.links[0];
        assert_eq!(intro.title, "Introduction");
        assert_eq!(intro.url, "https://docs.chat-dash.com/introduction.md");
        assert_eq!(intro.notes.as_deref(), Some("Start here"));
        assert_eq!((intro.line, intro.column), (7, 3));
        assert_eq!(
            &MINTLIFY[intro.span.clone()],
            "[Introduction](https://docs.chat-dash.com/introduction.md)"
        );
        assert_eq!(docs.links[1].url, "/api-reference/clients/create-client.md");
        assert_eq!(docs.links[1].notes, None);
        assert_eq!(index.links().count(), 4);
    }

    #[test]
    fn link_forms() {
        let text = "# T\n\n- [a [b] \\] c](<https://x.com/a b>): n\n  * [p](https://x.com/w_(x)) \"note\"\n+ [q](https://x.com/q \"title\"): the notes\n- plain item\n- [broken](no-close\n";
        let index = parse(text);
        let links = &index.intro_links;
        assert_eq!(links.len(), 3, "{links:?}");
        assert_eq!(links[0].title, "a [b] ] c");
        assert_eq!(links[0].url, "https://x.com/a b");
        assert_eq!(links[0].notes.as_deref(), Some("n"));
        assert_eq!(links[1].url, "https://x.com/w_(x)");
        assert_eq!(links[1].notes.as_deref(), Some("\"note\""));
        assert_eq!(links[1].column, 5);
        assert_eq!(links[2].url, "https://x.com/q");
        assert_eq!(links[2].notes.as_deref(), Some("the notes"));
    }

    #[test]
    fn links_in_fences_are_not_links_and_headings_close_the_summary() {
        let text = "# T\n> one\n> two\n\n```md\n## Not a section\n- [x](y)\n```\n## S ##\n### sub\n- [a](b)\n> later quote\n";
        let index = parse(text);
        assert_eq!(index.summary.as_deref(), Some("one two"));
        assert_eq!(index.sections.len(), 1);
        assert_eq!(index.sections[0].title, "S");
        assert_eq!(index.sections[0].links.len(), 1);
        assert!(index.intro_links.is_empty());
    }

    #[test]
    fn problems_are_reported_not_fatal() {
        let index = parse("## S\n- [a](b)\n# Late title\n- [broken(x)\n");
        assert_eq!(index.title, None);
        assert_eq!(index.sections[0].links.len(), 1);
        let lines: Vec<_> = index.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 1]);
    }

    #[test]
    fn crlf_and_bom() {
        let text = "\u{feff}# T\r\n\r\n## S\r\n- [a](https://x/a): n\r\n";
        let index = parse(text);
        assert_eq!(index.title.as_deref(), Some("T"));
        let link = &index.sections[0].links[0];
        assert_eq!(link.url, "https://x/a");
        assert_eq!(link.notes.as_deref(), Some("n"));
        assert_eq!(&text[link.span.clone()], "[a](https://x/a)");
    }

    #[test]
    fn mintlify_preamble_is_stripped() {
        let page = "> ## Documentation Index\n> Fetch the complete documentation index at: https://x.com/llms.txt\n> Use this file to discover all available pages before exploring further.\n\n# Create Client\n\n> Create a new client\n\nbody\n";
        assert_eq!(
            strip_boilerplate(page),
            "# Create Client\n\n> Create a new client\n\nbody\n"
        );
        // An edit to the boilerplate alone hashes the same.
        let edited = page.replace("https://x.com/llms.txt", "https://x.com/docs/llms.txt");
        assert_eq!(strip_boilerplate(&edited), strip_boilerplate(page));
        // A scraper header before it stays.
        let scraped = format!("# Source: https://x.com/a.md\n\n{page}");
        assert!(strip_boilerplate(&scraped).starts_with("# Source: https://x.com/a.md\n\n# Create"));
        // The older one-line form.
        let old = "> Fetch the complete documentation index at: https://x.com/llms.txt\n\n# T\n";
        assert_eq!(strip_boilerplate(old), "# T\n");
    }

    #[test]
    fn agent_instructions_are_stripped() {
        let page = "# T\n\n> ## Agent Instructions: read this\n> Do X.\n\n<AgentInstructions>\nBe nice.\n</AgentInstructions>\n\ntext\n<AgentInstructions note=\"x\"/>\n<agentinstructions>one line</agentinstructions>\nend\n";
        assert_eq!(strip_boilerplate(page), "# T\n\ntext\nend\n");
        // Never closed: kept.
        let open = "a\n<AgentInstructions>\nb\n";
        assert_eq!(strip_boilerplate(open), open);
        // Not the element.
        let other = "<AgentInstructionsX>\n</AgentInstructionsX>\n";
        assert_eq!(strip_boilerplate(other), other);
    }

    #[test]
    fn everything_else_is_kept_byte_for_byte() {
        let page = "# T\r\n\r\n> A real quote\r\n> more\r\n\r\n````md\r\n> ## Documentation Index\r\n<AgentInstructions>\r\n</AgentInstructions>\r\n````\r\n";
        assert_eq!(strip_boilerplate(page), page);
        assert_eq!(strip_boilerplate(""), "");
        assert_eq!(strip_boilerplate("no newline"), "no newline");
    }

    /// Neither function may panic: every prefix of some tricky inputs, and
    /// pseudo-random mixes of the tokens they look for.
    #[test]
    fn no_input_panics() {
        let samples = [
            MINTLIFY,
            "\u{feff}# é\n> ü\n- [ä](<ö>): ß\n```\n- [x](y)\n~~~\n````\n",
            "> ## Documentation Index\n> x\n<AgentInstructions a='>'>\né\n</AgentInstructions>",
            "- [\\](\\)\n- [](<)\n- [a](b \"c)\n- [a](b 'c' x)\n#\n##\n#######\n",
        ];
        for sample in samples {
            for (i, _) in sample.char_indices() {
                let _ = parse(&sample[..i]);
                let _ = strip_boilerplate(&sample[..i]);
            }
        }
        let tokens = [
            "[",
            "]",
            "(",
            ")",
            "<",
            ">",
            "\\",
            "\"",
            "'",
            ":",
            "-",
            "* ",
            "# ",
            "## ",
            "> ",
            "```",
            "~~~",
            "\n",
            "\r\n",
            " ",
            "é",
            "x",
            "<AgentInstructions>",
            "</AgentInstructions>",
            "## Documentation Index",
            "\u{feff}",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..40 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(tokens[(state % tokens.len() as u64) as usize]);
            }
            let index = parse(&text);
            for (_, link) in index.links() {
                assert!(text.get(link.span.clone()).is_some());
            }
            let _ = strip_boilerplate(&text);
        }
    }
}
