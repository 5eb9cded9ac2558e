//! Request samples in code fences — curl, raw HTTP, `fetch`, Python
//! `requests` — and JSON example bodies with their positions.
//!
//! These are small, forgiving scanners for the shapes documentation
//! writers use, not full shell/JS/Python parsers: what they cannot read
//! they skip.

use serde_json::Value;

use crate::model::Method;
use crate::yaml::{self, Pos};

/// Which kind of code a sample was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleKind {
    Curl,
    Http,
    Fetch,
    Requests,
}

impl SampleKind {
    pub fn label(self) -> &'static str {
        match self {
            SampleKind::Curl => "curl",
            SampleKind::Http => "http",
            SampleKind::Fetch => "fetch",
            SampleKind::Requests => "requests",
        }
    }
}

/// A request body written in a sample, located in the fence content.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyText {
    pub text: String,
    /// 0-based line and byte column of the body's first character in the
    /// fence content; exact when the text is verbatim there.
    pub line: usize,
    pub col: usize,
    pub exact: bool,
    /// The sample says it is JSON (a `{`/`[` body, `--json`, JSON.stringify).
    pub json: bool,
}

/// One example request.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub kind: SampleKind,
    /// The method as written, if it is.
    pub method: Option<Method>,
    /// The method the sample implies when none is written (curl: GET, or POST with data).
    pub implied: Method,
    pub url: String,
    /// 0-based content line of the URL.
    pub url_line: usize,
    /// Headers with the 0-based content line they are on.
    pub headers: Vec<(String, String, usize)>,
    /// curl `-u user:password` (HTTP basic).
    pub basic_user: Option<usize>,
    pub body: Option<BodyText>,
}

impl Sample {
    pub fn method(&self) -> Method {
        self.method.unwrap_or(self.implied)
    }
}

/// Read the first request sample from a fence's language and content.
pub fn parse_sample(lang: &str, content: &str) -> Option<Sample> {
    parse_samples(lang, content).into_iter().next()
}

/// Read the request samples of a fence (a shell fence may hold several
/// curl commands).
pub fn parse_samples(lang: &str, content: &str) -> Vec<Sample> {
    match lang {
        "http" | "https" | "rest" => parse_http(content).into_iter().collect(),
        "js" | "javascript" | "ts" | "typescript" | "node" | "nodejs" | "jsx" | "tsx" => {
            parse_fetch(content).into_iter().collect()
        }
        "py" | "python" | "python3" => parse_requests(content).into_iter().collect(),
        _ => {
            let curls = if content.contains("curl") {
                parse_curls(content)
            } else {
                Vec::new()
            };
            if curls.is_empty() && matches!(lang, "" | "text" | "txt" | "plaintext" | "plain") {
                return parse_http(content).into_iter().collect();
            }
            curls
        }
    }
}

// ---------------------------------------------------------------- curl

/// One shell word with where it started and whether it is verbatim.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    /// Byte offset of the word's first content character.
    start: usize,
    /// The word is one single-quoted string (its text is verbatim at `start`).
    verbatim: bool,
    /// A command separator (newline, `;`, `|`, `&&`) follows this word.
    ends_command: bool,
}

/// Split shell text into words: quotes, backslash escapes, `\` line
/// continuations, comments; a bare newline or `;`/`|`/`&` ends a command.
fn shell_words(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    let mut words: Vec<Word> = Vec::new();
    let mut cur: Option<Word> = None;
    let mut parts = 0usize;
    let mut i = 0;
    let finish = |cur: &mut Option<Word>, words: &mut Vec<Word>, parts: &mut usize| {
        if let Some(mut w) = cur.take() {
            if *parts != 1 {
                w.verbatim = false;
            }
            words.push(w);
        }
        *parts = 0;
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'\\' if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') => i += 3,
            b' ' | b'\t' | b'\r' => {
                finish(&mut cur, &mut words, &mut parts);
                i += 1;
            }
            b'\n' | b';' | b'|' | b'&' => {
                finish(&mut cur, &mut words, &mut parts);
                if let Some(last) = words.last_mut() {
                    last.ends_command = true;
                }
                i += 1;
            }
            b'#' if cur.is_none() => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' => {
                let start = i + 1;
                let end = text[start..].find('\'').map_or(text.len(), |e| start + e);
                let w = cur.get_or_insert(Word {
                    text: String::new(),
                    start,
                    verbatim: true,
                    ends_command: false,
                });
                w.text.push_str(&text[start..end]);
                parts += 1;
                i = end + 1;
            }
            b'"' => {
                let w = cur.get_or_insert(Word {
                    text: String::new(),
                    start: i + 1,
                    verbatim: false,
                    ends_command: false,
                });
                parts += 2;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\'
                        && i + 1 < bytes.len()
                        && b"\"\\$`\n".contains(&bytes[i + 1])
                    {
                        if bytes[i + 1] != b'\n' {
                            w.text.push(bytes[i + 1] as char);
                        }
                        i += 2;
                        continue;
                    }
                    let ch_len = utf8_len(bytes[i]);
                    w.text.push_str(&text[i..(i + ch_len).min(text.len())]);
                    i += ch_len;
                }
                i += 1;
            }
            _ => {
                let ch_len = utf8_len(b);
                let w = cur.get_or_insert(Word {
                    text: String::new(),
                    start: i,
                    verbatim: false,
                    ends_command: false,
                });
                parts += 2;
                if b == b'\\' && i + 1 < bytes.len() {
                    i += 1;
                    let l = utf8_len(bytes[i]);
                    w.text.push_str(&text[i..(i + l).min(text.len())]);
                    i += l;
                    continue;
                }
                w.text.push_str(&text[i..(i + ch_len).min(text.len())]);
                i += ch_len;
            }
        }
    }
    finish(&mut cur, &mut words, &mut parts);
    words
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// curl options that take a value (the ones seen in docs, and common ones).
const CURL_VALUE_OPTS: &[&str] = &[
    "-X",
    "--request",
    "-H",
    "--header",
    "-d",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-ascii",
    "--data-urlencode",
    "--json",
    "-u",
    "--user",
    "--url",
    "-o",
    "--output",
    "-F",
    "--form",
    "-A",
    "--user-agent",
    "-e",
    "--referer",
    "-b",
    "--cookie",
    "-c",
    "--cookie-jar",
    "-m",
    "--max-time",
    "--connect-timeout",
    "-w",
    "--write-out",
    "-T",
    "--upload-file",
    "-x",
    "--proxy",
    "--retry",
    "--cacert",
    "--cert",
    "--key",
    "-K",
    "--config",
];

/// Every curl command of a shell text.
fn parse_curls(content: &str) -> Vec<Sample> {
    let words = shell_words(content);
    // `curl` must start a command (`$ curl`, `sudo curl` are fine too).
    (0..words.len())
        .filter(|&i| {
            words[i].text == "curl"
                && (i == 0
                    || words[i - 1].ends_command
                    || matches!(words[i - 1].text.as_str(), "$" | "sudo" | ">"))
        })
        .filter_map(|at| parse_curl(content, &words, at))
        .collect()
}

fn parse_curl(content: &str, words: &[Word], at: usize) -> Option<Sample> {
    let mut sample = Sample {
        kind: SampleKind::Curl,
        method: None,
        implied: Method::Get,
        url: String::new(),
        url_line: 0,
        headers: Vec::new(),
        basic_user: None,
        body: None,
    };
    let mut get_with_data = false;
    let mut i = at + 1;
    let mut ended = words[at].ends_command;
    while i < words.len() && !ended {
        let w = &words[i];
        ended = w.ends_command;
        let (opt, inline) = split_option(&w.text);
        let takes_value = CURL_VALUE_OPTS.contains(&opt);
        let value: Option<&Word> = if takes_value && inline.is_none() {
            i += 1;
            let v = words.get(i);
            if let Some(v) = v {
                ended = v.ends_command;
            }
            v
        } else {
            None
        };
        let value_text = inline
            .map(str::to_string)
            .or_else(|| value.map(|v| v.text.clone()));
        let line_of = |offset: usize| content[..offset.min(content.len())].matches('\n').count();
        match opt {
            "-X" | "--request" => sample.method = value_text.as_deref().and_then(Method::parse),
            "-H" | "--header" => {
                if let Some((name, val)) = value_text.as_deref().and_then(|h| h.split_once(':')) {
                    let line = line_of(value.map_or(w.start, |v| v.start));
                    sample
                        .headers
                        .push((name.trim().to_string(), val.trim().to_string(), line));
                }
            }
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii" | "--json" => {
                sample.implied = Method::Post;
                if let Some(text) = value_text {
                    if sample.body.is_none() && !text.starts_with('@') {
                        let (start, exact) = match value {
                            Some(v) => (v.start, v.verbatim),
                            None => (w.start, false),
                        };
                        let line = line_of(start);
                        let line_start = content[..start.min(content.len())]
                            .rfind('\n')
                            .map_or(0, |n| n + 1);
                        let trimmed = text.trim_start();
                        sample.body = Some(BodyText {
                            json: opt == "--json"
                                || trimmed.starts_with('{')
                                || trimmed.starts_with('['),
                            text,
                            line,
                            col: start - line_start,
                            exact,
                        });
                    }
                }
            }
            "--data-urlencode" | "-F" | "--form" => sample.implied = Method::Post,
            "-G" | "--get" => get_with_data = true,
            "-u" | "--user" => sample.basic_user = Some(line_of(w.start)),
            "--url" => {
                if let Some(u) = value_text {
                    sample.url = u;
                    sample.url_line = line_of(value.map_or(w.start, |v| v.start));
                }
            }
            _ if takes_value => {}
            _ if w.text.starts_with('-') => {}
            _ => {
                if sample.url.is_empty() {
                    sample.url = w.text.clone();
                    sample.url_line = line_of(w.start);
                }
            }
        }
        i += 1;
    }
    if get_with_data {
        sample.implied = Method::Get;
    }
    (!sample.url.is_empty()).then_some(sample)
}

/// `--request=POST` -> (`--request`, Some(`POST`)); `-XPOST` -> (`-X`, Some(`POST`)).
fn split_option(word: &str) -> (&str, Option<&str>) {
    if let Some(rest) = word.strip_prefix("--") {
        if let Some((name, value)) = rest.split_once('=') {
            return (&word[..2 + name.len()], Some(value));
        }
        return (word, None);
    }
    if word.len() > 2 && word.starts_with('-') && word.is_char_boundary(2) {
        let short = &word[..2];
        if matches!(short, "-X" | "-H" | "-d" | "-u") {
            return (short, Some(&word[2..]));
        }
    }
    (word, None)
}

// ---------------------------------------------------------------- raw HTTP

fn parse_http(content: &str) -> Option<Sample> {
    let mut lines = content
        .lines()
        .enumerate()
        .skip_while(|(_, l)| l.trim().is_empty());
    let (first_line, first) = lines.next()?;
    let mut words = first.split_whitespace();
    let method = Method::parse(words.next()?)?;
    let target = words.next()?.to_string();
    if let Some(version) = words.next() {
        if !version.starts_with("HTTP/") {
            return None;
        }
    }
    if !(target.starts_with('/')
        || target.contains("://")
        || target.starts_with('$')
        || target.starts_with('{'))
    {
        return None;
    }
    let mut sample = Sample {
        kind: SampleKind::Http,
        method: Some(method),
        implied: method,
        url: target,
        url_line: first_line,
        headers: Vec::new(),
        basic_user: None,
        body: None,
    };
    let mut host: Option<String> = None;
    for (n, line) in lines.by_ref() {
        if line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            let (name, value) = (name.trim(), value.trim());
            if name.eq_ignore_ascii_case("host") {
                host = Some(value.to_string());
            }
            sample
                .headers
                .push((name.to_string(), value.to_string(), n));
        }
    }
    let rest: Vec<(usize, &str)> = lines.collect();
    if let Some(&(first_body, _)) = rest.iter().find(|(_, l)| !l.trim().is_empty()) {
        let text: String = rest
            .iter()
            .filter(|(n, _)| *n >= first_body)
            .map(|(_, l)| *l)
            .collect::<Vec<_>>()
            .join("\n");
        let trimmed = text.trim_start();
        sample.body = Some(BodyText {
            json: trimmed.starts_with('{') || trimmed.starts_with('['),
            text,
            line: first_body,
            col: 0,
            exact: true,
        });
    }
    if let Some(host) = host {
        if sample.url.starts_with('/') && !host.contains(char::is_whitespace) {
            sample.url = format!("https://{host}{}", sample.url);
        }
    }
    Some(sample)
}

// ---------------------------------------------------------------- fetch

fn parse_fetch(content: &str) -> Option<Sample> {
    let at = content.find("fetch(")?;
    let args = balanced(content, at + "fetch".len())?;
    let args_start = at + "fetch(".len();
    let (url, url_at, after_url) = literal_or_variable(content, args, 0)?;
    let rest = &args[after_url..];
    let method = find_key(rest, "method")
        .and_then(|i| string_literal(rest, i).map(|(s, _)| s))
        .and_then(|m| Method::parse(&m));
    let line_of = |offset: usize| content[..offset.min(content.len())].matches('\n').count();
    let mut sample = Sample {
        kind: SampleKind::Fetch,
        method,
        implied: Method::Get,
        url: template_to_vars(&url),
        url_line: line_of(url_at.unwrap_or(args_start)),
        headers: Vec::new(),
        basic_user: None,
        body: None,
    };
    if let Some(h) = find_key(rest, "headers") {
        let h_abs = args_start + after_url + h;
        if content[h_abs..].trim_start().starts_with('{') {
            let open = h_abs + (content[h_abs..].len() - content[h_abs..].trim_start().len());
            if let Some(obj) = balanced(content, open) {
                for (name, value, off) in object_entries(obj) {
                    sample.headers.push((name, value, line_of(open + 1 + off)));
                }
            }
        }
    }
    if let Some(b) = find_key(rest, "body") {
        let b_abs = args_start + after_url + b;
        let tail = content[b_abs..].trim_start();
        if let Some(after) = tail.strip_prefix("JSON.stringify") {
            let open = b_abs + (content[b_abs..].len() - tail.len()) + (tail.len() - after.len());
            if let Some(inner) = balanced(content, open) {
                let offset = open + 1 + (inner.len() - inner.trim_start().len());
                let line_start = content[..offset].rfind('\n').map_or(0, |n| n + 1);
                sample.body = Some(BodyText {
                    text: inner.trim().to_string(),
                    line: line_of(offset),
                    col: offset - line_start,
                    exact: false,
                    json: true,
                });
            }
        }
    }
    Some(sample)
}

/// `${BASE_URL}/x` -> `$BASE_URL/x` (a variable, like curl's).
fn template_to_vars(url: &str) -> String {
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
fn balanced(text: &str, open: usize) -> Option<&str> {
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
fn string_literal(text: &str, from: usize) -> Option<(String, usize)> {
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

/// Offset just after `key:` (or `"key":`) at any depth in `text`.
fn find_key(text: &str, key: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(key) {
        let at = from + i;
        let before_ok = at == 0
            || !text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        let mut after = at + key.len();
        if text[after..].starts_with('"') || text[after..].starts_with('\'') {
            after += 1;
        }
        let rest = text[after..].trim_start();
        if before_ok && rest.starts_with(':') {
            return Some(text.len() - rest.len() + 1);
        }
        from = at + key.len();
    }
    None
}

/// `key: "value"` entries of a JS object / Python dict body (string values
/// only), with the entry's offset in `obj`.
fn object_entries(obj: &str) -> Vec<(String, String, usize)> {
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

// ---------------------------------------------------------------- Python requests

fn parse_requests(content: &str) -> Option<Sample> {
    let at = content.find("requests.")?;
    let after = &content[at + "requests.".len()..];
    let name_len = after.find('(')?;
    let name = after[..name_len].trim();
    let open = at + "requests.".len() + name_len;
    let args = balanced(content, open)?;
    let args_start = open + 1;
    let (method, url_from) = if name == "request" {
        let (m, end) = string_literal(args, 0)?;
        let comma = args[end..].find(',')? + end + 1;
        (Method::parse(&m)?, comma)
    } else {
        (Method::parse(name)?, 0)
    };
    let (url, url_at, _) = literal_or_variable(content, args, url_from)?;
    let line_of = |offset: usize| content[..offset.min(content.len())].matches('\n').count();
    let mut sample = Sample {
        kind: SampleKind::Requests,
        method: Some(method),
        implied: method,
        url,
        url_line: line_of(url_at.unwrap_or(args_start + url_from)),
        headers: Vec::new(),
        basic_user: None,
        body: None,
    };
    if let Some(abs) = find_kwarg(content, args, args_start, "headers") {
        if let Some(obj) = balanced(content, abs) {
            for (name, value, off) in object_entries(obj) {
                sample.headers.push((name, value, line_of(abs + 1 + off)));
            }
        }
    }
    if let Some(abs) = find_kwarg(content, args, args_start, "json") {
        if let Some(obj) = balanced(content, abs) {
            let line_start = content[..abs].rfind('\n').map_or(0, |n| n + 1);
            sample.body = Some(BodyText {
                text: content[abs..abs + obj.len() + 2].to_string(),
                line: line_of(abs),
                col: abs - line_start,
                exact: false,
                json: true,
            });
        }
    }
    Some(sample)
}

/// Offset in `content` of the bracket that opens the value of keyword
/// argument `name=` in `args` (which starts at `args_start`), following a
/// plain variable (`json=data`) to its assignment.
fn find_kwarg(content: &str, args: &str, args_start: usize, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = args[from..].find(name) {
        let at = from + i;
        let rest = args[at + name.len()..].trim_start();
        let before_ok = at == 0
            || !args[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if before_ok && !rest.starts_with("==") {
            if let Some(value) = rest.strip_prefix('=') {
                let value_trim = value.trim_start();
                let offset = args_start + args.len() - value_trim.len();
                if value_trim.starts_with('{') || value_trim.starts_with('[') {
                    return Some(offset);
                }
                let ident = identifier(value_trim);
                if !ident.is_empty() {
                    return assignment(content, ident)
                        .filter(|&o| matches!(content.as_bytes().get(o), Some(b'{') | Some(b'[')));
                }
            }
        }
        from = at + name.len();
    }
    None
}

/// The identifier at the start of `text` (empty when there is none).
fn identifier(text: &str) -> &str {
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
fn assignment(content: &str, name: &str) -> Option<usize> {
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
fn literal_or_variable(
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

// ---------------------------------------------------------------- JSON

/// JavaScript object literals and Python dicts as JSON, for the trivial
/// cases: quote bare keys, single-quoted strings, drop trailing commas and
/// comments, map `True`/`False`/`None`. None when anything else is left
/// (variables, calls), which the JSON parse then refuses anyway.
pub fn loose_to_json(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' | b'\'' => {
                let (value, end) = string_literal(text, i)?;
                out.push_str(&serde_json::to_string(&value).ok()?);
                i = end;
            }
            b'`' => {
                let (value, end) = string_literal(text, i)?;
                if value.contains("${") {
                    return None;
                }
                out.push_str(&serde_json::to_string(&value).ok()?);
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |e| i + 2 + e + 2);
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b',' => {
                let next = skip_insignificant(&text[i + 1..]);
                if !(next.starts_with('}') || next.starts_with(']')) {
                    out.push(',');
                }
                i += 1;
            }
            b if b.is_ascii_alphabetic() || b == b'_' || b == b'$' => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'$')
                {
                    i += 1;
                }
                let word = &text[start..i];
                let is_key = text[i..].trim_start().starts_with(':');
                if is_key {
                    out.push_str(&serde_json::to_string(word).ok()?);
                } else {
                    out.push_str(match word {
                        "true" | "True" => "true",
                        "false" | "False" => "false",
                        "null" | "None" | "undefined" => "null",
                        _ => return None,
                    });
                }
            }
            _ => {
                let l = utf8_len(b);
                out.push_str(&text[i..(i + l).min(text.len())]);
                i += l;
            }
        }
    }
    Some(out)
}

/// `text` without leading whitespace and comments.
fn skip_insignificant(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix("//").or_else(|| text.strip_prefix('#')) {
            text = rest.find('\n').map_or("", |i| &rest[i..]);
        } else if let Some(rest) = text.strip_prefix("/*") {
            text = rest.find("*/").map_or("", |i| &rest[i + 2..]);
        } else {
            return text;
        }
    }
}

/// A JSON example read from page text, with its positions.
#[derive(Debug, Clone)]
pub struct JsonExample {
    pub value: Value,
    /// The same value as a positioned node, for the source map.
    pub node: yaml::Node,
}

/// Parse JSON found at 1-based page `line`, where the first line starts at
/// character column `first_col` and every other line after `indent`
/// removed columns. Err carries the position and message of the problem.
pub fn parse_json(
    text: &str,
    line: u32,
    first_col: u32,
    indent: u32,
) -> Result<JsonExample, (Pos, String)> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let (l, c) = (e.line().max(1) as u32, e.column().max(1) as u32);
        let pos = Pos {
            line: line + l - 1,
            col: if l == 1 {
                first_col + c - 1
            } else {
                indent + c
            },
        };
        (pos, e.to_string())
    })?;
    // Positions come from the YAML reader (JSON is YAML); pad the first
    // line so its columns are right too.
    let padded = format!(
        "{}{}",
        " ".repeat(first_col.saturating_sub(1).saturating_sub(indent) as usize),
        text
    );
    let node = yaml::parse(&padded, line, indent)
        .ok()
        .filter(|n| n.to_json() == value)
        .unwrap_or_else(|| {
            yaml::Node::from_json(
                &value,
                Pos {
                    line,
                    col: first_col,
                },
            )
        });
    Ok(JsonExample { value, node })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn curl_with_continuations_quotes_and_data() {
        let s = parse_sample(
            "bash",
            "curl -X POST https://x.io/api/v1/clients/members \\\n  -H \"Authorization: Bearer T\" \\\n  -H 'SECRET_KEY: K' \\\n  -d '{\n    \"email\": \"a@b.c\"\n  }'\n",
        )
        .unwrap();
        assert_eq!(s.method, Some(Method::Post));
        assert_eq!(s.url, "https://x.io/api/v1/clients/members");
        assert_eq!(s.headers[0], ("Authorization".into(), "Bearer T".into(), 1));
        assert_eq!(s.headers[1].0, "SECRET_KEY");
        let body = s.body.unwrap();
        assert!(body.exact && body.json);
        assert_eq!((body.line, body.col), (3, 6));
        assert!(body.text.starts_with("{\n    \"email\""));
    }

    #[test]
    fn curl_implies_get_or_post_and_reads_vars_and_options() {
        let s = parse_sample(
            "sh",
            "curl $URL/info \\\n  -H \"Authorization: Bearer $TOKEN\"\n",
        )
        .unwrap();
        assert_eq!((s.method(), s.url.as_str()), (Method::Get, "$URL/info"));
        let s = parse_sample("sh", "curl \"$URL/query\" -d '{\"a\": 1}'").unwrap();
        assert_eq!((s.method(), s.url.as_str()), (Method::Post, "$URL/query"));
        let s = parse_sample(
            "bash",
            "curl --request=PATCH --url https://a.b/c --json '{}' -u me:pw",
        )
        .unwrap();
        assert_eq!(
            (s.method(), s.url.as_str()),
            (Method::Patch, "https://a.b/c")
        );
        assert!(s.basic_user.is_some() && s.body.unwrap().json);
        let two = parse_samples(
            "bash",
            "# one\ncurl -X POST https://a.b/c -d '{\"a\": 1}'\n\n# two\ncurl -X POST https://a.b/c \\\n  -d '{\"a\": 2}'\n",
        );
        assert_eq!(two.len(), 2);
        assert_eq!(two[1].body.as_ref().unwrap().text, "{\"a\": 2}");
        assert_eq!(two[1].body.as_ref().unwrap().line, 5);
        let s = parse_sample(
            "bash",
            "# list\ncurl -G https://a.b/c -d 'q=1' | jq .\necho done",
        )
        .unwrap();
        assert_eq!(s.method(), Method::Get);
        assert!(!s.body.unwrap().json);
        assert!(parse_sample("bash", "echo no curl here").is_none());
        assert!(parse_sample("bash", "npm i curl").is_none());
    }

    #[test]
    fn raw_http_request_with_headers_and_body() {
        let s = parse_sample(
            "http",
            "POST /api/public/teams/55/members\nAuthorization: Bearer {token}\nContent-Type: application/json\n\n{\"a\": 1}\n",
        )
        .unwrap();
        assert_eq!(
            (s.method(), s.url.as_str()),
            (Method::Post, "/api/public/teams/55/members")
        );
        assert_eq!(s.headers.len(), 2);
        assert_eq!(s.body.unwrap().line, 4);
        let s = parse_sample("http", "GET /v1/x HTTP/1.1\nHost: api.example.com\n").unwrap();
        assert_eq!(s.url, "https://api.example.com/v1/x");
        assert!(parse_sample("", "Status: 200 OK\nBody: (empty)").is_none());
        assert!(parse_sample("", "POST /clients/members").is_some());
    }

    #[test]
    fn fetch_and_requests() {
        let js = "const r = await fetch(\"https://a.b/v1/m\", {\n  method: \"POST\",\n  headers: {\n    Authorization: `Bearer ${KEY}`,\n    'Content-Type': 'application/json',\n  },\n  body: JSON.stringify({\n    email: 'x@y.z',\n    n: 1,\n  }),\n});";
        let s = parse_sample("js", js).unwrap();
        assert_eq!(
            (s.method(), s.url.as_str()),
            (Method::Post, "https://a.b/v1/m")
        );
        assert_eq!(s.headers[0].0, "Authorization");
        assert_eq!(s.headers[0].1, "Bearer $KEY");
        assert_eq!(s.headers[0].2, 3);
        let body = s.body.unwrap();
        let json = loose_to_json(&body.text).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&json).unwrap(),
            json!({"email": "x@y.z", "n": 1})
        );
        let s = parse_sample("js", "fetch('https://a.b/x')").unwrap();
        assert_eq!(s.method(), Method::Get);

        let py = "import requests\nres = requests.post(\n    \"https://a.b/v1/m\",\n    headers={\"Authorization\": \"Bearer T\"},\n    json={\"ok\": True, 'n': None},\n)";
        let s = parse_sample("python", py).unwrap();
        assert_eq!(
            (s.method(), s.url.as_str()),
            (Method::Post, "https://a.b/v1/m")
        );
        assert_eq!(s.headers[0].1, "Bearer T");
        let json = loose_to_json(&s.body.unwrap().text).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&json).unwrap(),
            json!({"ok": true, "n": null})
        );
        let s = parse_sample("py", "requests.request(\"DELETE\", 'https://a.b/x/1')").unwrap();
        assert_eq!(s.method(), Method::Delete);
        // Arguments held in variables.
        let py = "url = \"https://a.b/v1/m\"\nheaders = {\"Authorization\": \"Bearer T\"}\ndata = {\"n\": 1}\n\nr = requests.post(url, headers=headers, json=data)\n";
        let s = parse_sample("python", py).unwrap();
        assert_eq!((s.url.as_str(), s.url_line), ("https://a.b/v1/m", 0));
        assert_eq!(s.headers[0].2, 1);
        assert_eq!(s.body.unwrap().text, "{\"n\": 1}");
        let js = "const url: string = 'https://a.b/x';\nawait fetch(url, { method: 'PUT' });";
        let s = parse_sample("ts", js).unwrap();
        assert_eq!((s.method(), s.url.as_str()), (Method::Put, "https://a.b/x"));
    }

    #[test]
    fn loose_json_refuses_code() {
        assert!(loose_to_json("{ a: someVariable }").is_none());
        assert!(loose_to_json("{ a: `x ${y}` }").is_none());
        assert_eq!(
            loose_to_json("{a: [1, 2,], // c\n}").unwrap(),
            "{\"a\": [1, 2] \n}"
        );
    }

    #[test]
    fn json_examples_have_positions_or_errors() {
        let ex = parse_json("{\n  \"a\": [1, 2]\n}", 10, 5, 2).unwrap();
        assert_eq!(ex.value, json!({"a": [1, 2]}));
        let a = ex.node.get("a").unwrap();
        assert_eq!(a.pos.line, 11);
        let (pos, msg) = parse_json("{\n  \"a\": 1,\n}", 10, 1, 2).unwrap_err();
        assert_eq!(pos.line, 12);
        assert!(msg.contains("trailing comma"), "{msg}");
    }

    #[test]
    fn scanners_survive_garbage() {
        for text in [
            "curl",
            "curl '",
            "curl \"",
            "curl -X",
            "fetch(",
            "fetch('",
            "requests.post(",
            "requests.post('x', json={",
            "GET",
            "\\",
            "'\u{e9}",
            "curl -H\u{e9}",
        ] {
            for lang in ["bash", "http", "js", "python", ""] {
                let _ = parse_sample(lang, text);
            }
            let _ = loose_to_json(text);
        }
    }
}
