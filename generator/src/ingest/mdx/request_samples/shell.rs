//! curl commands in shell fences: the text split into shell words
//! (quotes, escapes, line continuations, comments), then each `curl`
//! that starts a command read for its method, URL, headers, basic
//! credentials and data.

use crate::model::Method;

use super::scan::utf8_len;
use super::{BodyText, Sample, SampleKind};

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
pub(super) fn parse_curls(content: &str) -> Vec<Sample> {
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

#[cfg(test)]
mod tests {
    use super::super::{parse_sample, parse_samples};
    use crate::model::Method;

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
}
