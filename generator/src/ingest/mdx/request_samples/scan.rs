//! Scanners for code literals shared by the JavaScript and Python readers
//! (and loose JSON): bracket pairs, string literals, object entries,
//! identifiers and the assignments that give a variable its value.

/// The byte length of the UTF-8 character that starts with byte `first`.
pub(super) fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// `${BASE_URL}/x` -> `$BASE_URL/x` (a variable, like curl's).
pub(super) fn template_to_vars(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        match rest[i..].find('}') {
            Some(j) => {
                out.push('$');
                out.push_str(rest[i + 2..i + j].trim());
                rest = &rest[i + j + 1..];
            }
            None => {
                rest = &rest[i..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text inside the bracket pair opening at `open` (`(`, `{` or `[`),
/// skipping strings.
pub(super) fn balanced(text: &str, open: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    let (o, c) = match bytes.get(open)? {
        b'(' => (b'(', b')'),
        b'{' => (b'{', b'}'),
        b'[' => (b'[', b']'),
        _ => return None,
    };
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = open;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(_) if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => {
                if b == b'"' || b == b'\'' || b == b'`' {
                    quote = Some(b);
                } else if b == o {
                    depth += 1;
                } else if b == c {
                    depth -= 1;
                    if depth == 0 {
                        return Some(&text[open + 1..i]);
                    }
                }
            }
        }
        i += 1;
    }
    None
}

/// The first string literal at or after `from` (skipping whitespace only):
/// its value and the offset after it.
pub(super) fn string_literal(text: &str, from: usize) -> Option<(String, usize)> {
    let rest = text.get(from..)?;
    let skipped = rest.len() - rest.trim_start().len();
    let start = from + skipped;
    let q = *text.as_bytes().get(start)?;
    if !(q == b'"' || q == b'\'' || q == b'`') {
        return None;
    }
    let mut out = String::new();
    let mut chars = text[start + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            if let Some((_, e)) = chars.next() {
                out.push(e);
            }
            continue;
        }
        if c as u32 == q as u32 {
            return Some((out, start + 1 + i + 1));
        }
        out.push(c);
    }
    None
}

/// `key: "value"` entries of a JS object / Python dict body (string values
/// only), with the entry's offset in `obj`.
pub(super) fn object_entries(obj: &str) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    let bytes = obj.as_bytes();
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let entry = i;
        let key = if let Some((k, end)) = string_literal(obj, i) {
            i = end;
            k
        } else {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || bytes[i] == b'_'
                    || bytes[i] == b'$'
                    || bytes[i] == b'-')
            {
                i += 1;
            }
            if start == i {
                // Something we do not read (spread, computed key): stop.
                break;
            }
            obj[start..i].to_string()
        };
        let rest = obj[i..].trim_start();
        let Some(after_colon) = rest.strip_prefix(':') else {
            break;
        };
        i = obj.len() - after_colon.len();
        match string_literal(obj, i) {
            Some((value, end)) => {
                out.push((key, template_to_vars(&value), entry));
                i = end;
            }
            None => {
                // Skip a non-string value up to the next top-level comma.
                let mut depth = 0i32;
                while i < bytes.len() {
                    match bytes[i] {
                        b'{' | b'[' | b'(' => depth += 1,
                        b'}' | b']' | b')' => depth -= 1,
                        b',' if depth == 0 => break,
                        _ => {}
                    }
                    i += 1;
                }
            }
        }
    }
    out
}

/// The identifier at the start of `text` (empty when there is none).
pub(super) fn identifier(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .unwrap_or(text.len());
    let ident = &text[..end];
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ""
    } else {
        ident
    }
}

/// Offset of the value assigned to `name` (`name = ...`, `const name = ...`)
/// at the start of a line.
pub(super) fn assignment(content: &str, name: &str) -> Option<usize> {
    let mut offset = 0;
    for line in content.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let decl = ["const ", "let ", "var "]
            .iter()
            .find_map(|k| trimmed.strip_prefix(k))
            .unwrap_or(trimmed);
        if let Some(rest) = decl.strip_prefix(name) {
            let rest_trim = rest.trim_start();
            let typed = rest_trim
                .strip_prefix(':')
                .map(|t| t.find('=').map_or("", |i| &t[i..]))
                .unwrap_or(rest_trim);
            if let Some(value) = typed.strip_prefix('=').filter(|v| !v.starts_with('=')) {
                let value = value.trim_start();
                return Some(offset + line.len() - value.len());
            }
        }
        offset += line.len();
    }
    None
}

/// A string literal argument at `from` in `args`, or a variable holding
/// one: (value, offset of the literal in `content` when known, offset in
/// `args` after the argument).
pub(super) fn literal_or_variable(
    content: &str,
    args: &str,
    from: usize,
) -> Option<(String, Option<usize>, usize)> {
    if let Some((value, end)) = string_literal(args, from) {
        return Some((value, None, end));
    }
    let rest = args.get(from..)?;
    let skipped = rest.len() - rest.trim_start().len();
    let ident = identifier(&rest[skipped..]);
    if ident.is_empty() {
        return None;
    }
    let at = assignment(content, ident)?;
    let (value, _) = string_literal(content, at)?;
    Some((value, Some(at), from + skipped + ident.len()))
}
