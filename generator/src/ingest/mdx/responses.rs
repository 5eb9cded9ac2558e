//! Status codes as pages state them: in prose ("Returns `201 Created`"),
//! in `Status: 200 OK` blocks, in status-named fields and tab or fence
//! titles — and the standard reason phrases for descriptions.

/// The standard reason phrase of a status code (see [`crate::http`]).
pub fn reason_phrase(code: &str) -> Option<&'static str> {
    let phrase = crate::http::reason_phrase(code);
    (!phrase.is_empty()).then_some(phrase)
}

/// A description for a status when the page gives none.
pub fn default_description(code: &str) -> String {
    reason_phrase(code).unwrap_or("Response").to_string()
}

/// A status at the start of a name or title: `404 Not Found`, `200`,
/// `4XX`, `default`, `201 - Created`. Returns the code and the rest.
pub fn leading_status(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    let word_end = t
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(t.len());
    let word = &t[..word_end];
    let code = if word.len() == 3 {
        let b = word.as_bytes();
        if (b'1'..=b'5').contains(&b[0]) && b[1..].iter().all(u8::is_ascii_digit) {
            word.to_string()
        } else if (b'1'..=b'5').contains(&b[0]) && word[1..].eq_ignore_ascii_case("xx") {
            word.to_ascii_uppercase()
        } else {
            return None;
        }
    } else if word.eq_ignore_ascii_case("default") && word_end == t.len() {
        "default".to_string()
    } else {
        return None;
    };
    let rest = t[word_end..]
        .trim_start_matches(|c: char| c.is_whitespace() || "-–—:".contains(c))
        .trim()
        .to_string();
    Some((code, rest))
}

/// What a sentence of prose says about a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseStatus {
    pub code: String,
    /// The sentence says the body is empty.
    pub empty: bool,
}

/// Statuses stated in a paragraph: a code followed by its standard reason
/// phrase ("`201 Created`", "HTTP 200 OK"), or a code after "HTTP" /
/// "status", in a paragraph that speaks of returning or responding.
pub fn prose_statuses(text: &str) -> Vec<ProseStatus> {
    let lower = text.to_ascii_lowercase();
    let about_response = ["return", "respond", "response", "status", "http"]
        .iter()
        .any(|w| lower.contains(w));
    if !about_response {
        return Vec::new();
    }
    let bytes = text.as_bytes();
    let mut out: Vec<ProseStatus> = Vec::new();
    let mut i = 0;
    while i + 3 <= bytes.len() {
        let is_code = bytes[i..i + 3].iter().all(u8::is_ascii_digit)
            && (b'1'..=b'5').contains(&bytes[i])
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && bytes.get(i + 3).is_none_or(|b| !b.is_ascii_alphanumeric());
        if !is_code {
            i += 1;
            continue;
        }
        let code = &text[i..i + 3];
        let after = text[i + 3..].trim_start_matches([' ', '`', '\u{a0}']);
        let phrase = crate::http::reason_phrases(code).into_iter().any(|p| {
            after.len() >= p.len()
                && after.is_char_boundary(p.len())
                && after[..p.len()].eq_ignore_ascii_case(p)
        });
        let before = lower[..i].trim_end_matches([' ', '`']);
        let introduced = before.ends_with("http")
            || before.ends_with("status")
            || before.ends_with("status code");
        if (phrase || introduced) && !out.iter().any(|s| s.code == code) {
            let sentence_end = lower[i..].find(['.', '\n']).map_or(lower.len(), |e| i + e);
            let sentence = &lower[i..sentence_end];
            let empty = [
                "empty body",
                "no body",
                "no content",
                "empty response",
                "without a body",
                "no response body",
            ]
            .iter()
            .any(|w| sentence.contains(w))
                || code == "204";
            out.push(ProseStatus {
                code: code.to_string(),
                empty,
            });
        }
        i += 3;
    }
    out
}

/// What a `Status: 200 OK` block or a raw HTTP response says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusBlock {
    pub code: String,
    /// The body is stated empty.
    pub empty: bool,
    /// The body text with its 0-based line in the block, if there is one.
    pub body: Option<(usize, String)>,
}

/// A `Status: 200 OK` / `Body: (empty)` block, or a raw `HTTP/1.1 200 OK`
/// response.
pub fn status_block(content: &str) -> Option<StatusBlock> {
    let mut lines = content
        .lines()
        .enumerate()
        .skip_while(|(_, l)| l.trim().is_empty());
    let (_, first) = lines.next()?;
    let first = first.trim();
    if let Some(rest) = first.strip_prefix("HTTP/") {
        let (code, _) = leading_status(rest.split_once(' ')?.1)?;
        let mut body_lines: Vec<(usize, &str)> = Vec::new();
        let mut in_body = false;
        for (n, line) in lines {
            if in_body {
                body_lines.push((n, line));
            } else if line.trim().is_empty() {
                in_body = true;
            }
        }
        let start = body_lines.iter().position(|(_, l)| !l.trim().is_empty());
        let body = start.map(|s| {
            let text = body_lines[s..]
                .iter()
                .map(|(_, l)| *l)
                .collect::<Vec<_>>()
                .join("\n");
            (body_lines[s].0, text)
        });
        return Some(StatusBlock {
            code,
            empty: body.is_none(),
            body,
        });
    }
    let rest = first
        .strip_prefix("Status:")
        .or_else(|| first.strip_prefix("status:"))?;
    let (code, _) = leading_status(rest)?;
    let mut empty = code == "204";
    for (_, line) in lines {
        let l = line.trim().to_ascii_lowercase();
        if let Some(body) = l.strip_prefix("body:") {
            let body = body.trim().trim_matches(|c| c == '(' || c == ')');
            if matches!(body, "empty" | "none" | "no content" | "" | "n/a") {
                empty = true;
            }
        }
    }
    Some(StatusBlock {
        code,
        empty,
        body: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_statuses() {
        assert_eq!(
            leading_status("404 Not Found"),
            Some(("404".into(), "Not Found".into()))
        );
        assert_eq!(leading_status("200"), Some(("200".into(), "".into())));
        assert_eq!(
            leading_status("201 - Created"),
            Some(("201".into(), "Created".into()))
        );
        assert_eq!(leading_status("4xx"), Some(("4XX".into(), "".into())));
        assert_eq!(
            leading_status("default"),
            Some(("default".into(), "".into()))
        );
        assert_eq!(leading_status("OK"), None);
        assert_eq!(leading_status("2000"), None);
        assert_eq!(leading_status("600 x"), None);
        assert_eq!(leading_status("Response"), None);
    }

    #[test]
    fn statuses_in_prose() {
        assert_eq!(
            prose_statuses("Returns `201 Created` on success."),
            vec![ProseStatus {
                code: "201".into(),
                empty: false
            }]
        );
        assert_eq!(
            prose_statuses("Returns HTTP `200 OK` with an empty body on success."),
            vec![ProseStatus {
                code: "200".into(),
                empty: true
            }]
        );
        assert_eq!(
            prose_statuses("Responds with status 202."),
            vec![ProseStatus {
                code: "202".into(),
                empty: false
            }]
        );
        assert!(prose_statuses("A maximum of 250 members can be added.").is_empty());
        assert!(prose_statuses("Returns 500 items at most").is_empty());
        assert!(prose_statuses("Costs 200 OK dollars").is_empty());
    }

    #[test]
    fn status_blocks() {
        let b = status_block("Status: 200 OK\nBody: (empty)\n").unwrap();
        assert_eq!((b.code.as_str(), b.empty, b.body), ("200", true, None));
        let b = status_block("Status: 201 Created\nBody: {...}").unwrap();
        assert_eq!((b.code.as_str(), b.empty), ("201", false));
        let b =
            status_block("HTTP/1.1 404 Not Found\nContent-Type: application/json\n\n{\"e\": 1}")
                .unwrap();
        assert_eq!((b.code.as_str(), b.empty), ("404", false));
        assert_eq!(b.body, Some((3, "{\"e\": 1}".to_string())));
        assert_eq!(status_block("curl x"), None);
    }
}
