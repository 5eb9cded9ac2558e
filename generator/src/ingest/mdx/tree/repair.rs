//! Non-strict MDX made readable: the construct the parser stopped at (an
//! HTML comment, an unclosed or stray tag, a `<` or `{` that starts
//! nothing) is blanked with spaces, keeping byte offsets and line breaks.

use markdown::message::Message;

/// Replace `text[from..to]` by spaces, keeping line breaks and byte length.
pub(super) fn blank(text: &mut String, from: usize, to: usize) {
    let mut from = from.min(text.len());
    let mut to = to.min(text.len());
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    while to < text.len() && !text.is_char_boundary(to) {
        to += 1;
    }
    if from >= to {
        return;
    }
    let mut bytes = std::mem::take(text).into_bytes();
    for b in &mut bytes[from..to] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
    *text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

/// Blank the construct the parser stopped at. False when nothing changed.
pub(super) fn repair(text: &mut String, offset: usize, message: &Message) -> bool {
    let before = text.clone();
    let (from, to) = offending_range(text, offset, message);
    let comment = text[from.min(text.len())..].starts_with("<!--");
    blank(text, from, to);
    if comment {
        // Pages with one HTML comment tend to have many: take them all now.
        blank_comments_after(text, to);
    }
    if *text != before {
        return true;
    }
    // Fall back to the first non-blank character at or before the offset.
    let bytes = text.as_bytes();
    let mut at = offset.min(bytes.len().saturating_sub(1));
    while at > 0 && bytes.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
        at -= 1;
    }
    blank(text, at, at + 1);
    *text != before
}

/// Blank every `<!-- ... -->` after `from` that is outside code fences.
fn blank_comments_after(text: &mut String, from: usize) {
    let mut ranges = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut offset = from.min(text.len());
    while offset < text.len() {
        let line_end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let line = &text[offset..line_end];
        let trimmed = line.trim_start();
        let run_char = trimmed.bytes().next().filter(|b| *b == b'`' || *b == b'~');
        let run = run_char.map_or(0, |c| trimmed.bytes().take_while(|b| *b == c).count());
        match (fence, run_char) {
            (Some((c, n)), Some(rc)) if rc == c && run >= n => fence = None,
            (None, Some(rc)) if run >= 3 => fence = Some((rc, run)),
            (None, _) => {
                if let Some(i) = line.find("<!--") {
                    let start = offset + i;
                    let end = text[start..]
                        .find("-->")
                        .map_or(text.len(), |e| start + e + 3);
                    ranges.push((start, end));
                    offset = end;
                    continue;
                }
            }
            _ => {}
        }
        offset = line_end;
    }
    for (start, end) in ranges {
        blank(text, start, end);
    }
}

/// The byte range of the construct a parser message is about.
fn offending_range(text: &str, offset: usize, message: &Message) -> (usize, usize) {
    let bytes = text.as_bytes();
    // "Expected a closing tag for `<Note>` (3:1)": drop the opening tag.
    if let Some(open) = opener_offset(text, &message.reason) {
        if bytes.get(open) == Some(&b'<') {
            return (open, tag_end(text, open));
        }
    }
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let lt = text[line_start..offset.min(text.len())]
        .rfind('<')
        .map(|i| line_start + i)
        .or_else(|| (bytes.get(offset) == Some(&b'<')).then_some(offset));
    if message.rule_id.contains("eof") && message.reason.contains('{') {
        // An expression that never closes: drop its opening brace.
        if let Some(open) = unmatched_brace(text, offset) {
            return (open, open + 1);
        }
    }
    if let Some(lt) = lt {
        if text[lt..].starts_with("<!--") {
            let end = text[lt..].find("-->").map_or(text.len(), |i| lt + i + 3);
            return (lt, end);
        }
        if message.rule_id.contains("closing-slash") || message.reason.contains("closing tag") {
            return (lt, tag_end(text, lt));
        }
        // `<` that does not start a tag (`a <https://x>`, `x <5`): make it text.
        return (lt, lt + 1);
    }
    if let Some(open) = unmatched_brace(text, offset) {
        return (open, open + 1);
    }
    (offset, offset + 1)
}

/// Offset of the `(line:col)` a parser message names, if any.
fn opener_offset(text: &str, reason: &str) -> Option<usize> {
    if !reason.contains("closing tag for") {
        return None;
    }
    let open = reason.rfind('(')?;
    let close = reason[open..].find(')')? + open;
    let (line, col) = reason[open + 1..close].split_once(':')?;
    let line: usize = line.trim().parse().ok()?;
    let col: usize = col.trim().parse().ok()?;
    let mut start = 0;
    for _ in 1..line {
        start += text[start..].find('\n')? + 1;
    }
    // The parser counts columns in bytes.
    let at = start + col.saturating_sub(1);
    (at <= text.len()).then_some(at)
}

/// End (exclusive) of the tag starting at `lt`: the `>` outside quotes and
/// braces, or just the `<` when there is none nearby.
fn tag_end(text: &str, lt: usize) -> usize {
    let bytes = text.as_bytes();
    let mut quote: Option<u8> = None;
    let mut depth = 0usize;
    let limit = (lt + 4000).min(bytes.len());
    let mut i = lt + 1;
    while i < limit {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' => quote = Some(b),
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                b'>' if depth == 0 => return i + 1,
                b'<' if depth == 0 => return lt + 1,
                _ => {}
            },
        }
        i += 1;
    }
    lt + 1
}

/// The last `{` before `offset` that is not closed before it.
fn unmatched_brace(text: &str, offset: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = offset.min(bytes.len());
    while i > 0 {
        i -= 1;
        match bytes[i] {
            b'}' => depth += 1,
            b'{' if depth == 0 => return Some(i),
            b'{' => depth -= 1,
            _ => {}
        }
    }
    None
}
