//! Statuses stated as markdown headings (`### 201 Created`,
//! `#### 404 Not Found`, `### Status 200`, `### 400 - Bad Request`) and
//! the part of the page each one covers, whose example and fields are
//! that status's body.
//!
//! Headings are prose as much as structure, so a status heading counts
//! only inside (or right after) a response section (`## Response`,
//! `## Errors`), or when a response example or field follows it in its
//! section; one that says more than its status (`### 500 requests per
//! minute`) needs both.

use super::responses::leading_status;

/// A heading of the page, as the page walk records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub depth: u8,
    pub text: String,
    /// Byte offset of the heading.
    pub start: usize,
}

/// The status a heading states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingStatus {
    pub code: String,
    /// The words after the code (`Created`), separators removed.
    pub rest: String,
    /// The heading states only a status: nothing after the code, its
    /// reason phrase (`Created (success)`), or "Response" / "Error".
    pub plain: bool,
}

/// A status heading that counts, and the byte range of its section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusSection {
    pub code: String,
    pub rest: String,
    pub plain: bool,
    /// Offset of the heading.
    pub start: usize,
    /// Offset of the next heading at the same level or above, or of the
    /// next status heading; `usize::MAX` at the end of the page.
    pub end: usize,
}

impl StatusSection {
    /// Whether `offset` is in the section, after its heading.
    pub fn holds(&self, offset: usize) -> bool {
        self.start < offset && offset < self.end
    }
}

/// Words that may come before the code: `Status 200`, `HTTP 404`.
const PREFIXES: [&str; 6] = [
    "http status code",
    "http status",
    "status code",
    "status",
    "http",
    "response",
];

/// The status a heading's text states: `201 Created`, `200: OK`,
/// `Status 202`, `HTTP 429 Too Many Requests`, `` `404` ``. `default` is
/// not read from a heading (`### Default` is a common word).
pub fn heading_status(text: &str) -> Option<HeadingStatus> {
    let cleaned: String = text.chars().filter(|c| !matches!(c, '`' | '*')).collect();
    let mut t = cleaned.trim();
    for prefix in PREFIXES {
        let n = prefix.len();
        let starts = t.len() > n
            && t.is_char_boundary(n)
            && t[..n].eq_ignore_ascii_case(prefix)
            && !t.as_bytes()[n].is_ascii_alphanumeric();
        if starts {
            t = t[n..].trim_start_matches(|c: char| c.is_whitespace() || ":-–—".contains(c));
            break;
        }
    }
    let (code, rest) = leading_status(t)?;
    if code == "default" {
        return None;
    }
    let plain = rest.is_empty()
        || crate::http::reason_phrases(&code)
            .into_iter()
            .any(|p| starts_with_words(&rest, p))
        || rest.split_whitespace().all(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            ["response", "error", "success"]
                .iter()
                .any(|k| w.eq_ignore_ascii_case(k))
        });
    Some(HeadingStatus { code, rest, plain })
}

/// `text` starts with the words `phrase` (any case), then ends or goes
/// on after a non-alphanumeric character.
fn starts_with_words(text: &str, phrase: &str) -> bool {
    let n = phrase.len();
    text.len() >= n
        && text.is_char_boundary(n)
        && text[..n].eq_ignore_ascii_case(phrase)
        && text[n..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// A heading that opens a response section: "Response", "Responses",
/// "Example response", "Status codes", "Errors".
fn is_response_heading(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains("response")
        || t.contains("status code")
        || t.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == "error" || w == "errors")
}

/// The status headings of `headings` (in page order) that count, each
/// with its section. `evidence(start, end)` says whether a response
/// example or field sits in the byte range.
pub fn sections(
    headings: &[&Heading],
    evidence: impl Fn(usize, usize) -> bool,
) -> Vec<StatusSection> {
    let parsed: Vec<Option<HeadingStatus>> =
        headings.iter().map(|h| heading_status(&h.text)).collect();
    let mut out = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        let Some(status) = &parsed[i] else { continue };
        let end = headings[i + 1..]
            .iter()
            .zip(&parsed[i + 1..])
            .find(|(next, st)| next.depth <= h.depth || st.is_some())
            .map_or(usize::MAX, |(next, _)| next.start);
        let in_section = in_response_section(headings, &parsed, i);
        let followed = evidence(h.start, end);
        let counts = if status.plain {
            in_section || followed
        } else {
            in_section && followed
        };
        if counts {
            out.push(StatusSection {
                code: status.code.clone(),
                rest: status.rest.clone(),
                plain: status.plain,
                start: h.start,
                end,
            });
        }
    }
    out
}

/// Whether heading `i` sits under a response heading, or after one at
/// its own level with only status headings between them.
fn in_response_section(headings: &[&Heading], parsed: &[Option<HeadingStatus>], i: usize) -> bool {
    let mut level = headings[i].depth;
    let mut siblings = true;
    for (h, status) in headings[..i].iter().zip(&parsed[..i]).rev() {
        if status.is_some() || h.depth > level || (h.depth == level && !siblings) {
            continue;
        }
        if is_response_heading(&h.text) {
            return true;
        }
        // Another section at this level or above: only headings above
        // it can still open a response section around heading `i`.
        level = h.depth;
        siblings = false;
    }
    false
}

/// The section holding `offset`, if any.
pub fn section_at(sections: &[StatusSection], offset: usize) -> Option<&StatusSection> {
    sections.iter().find(|s| s.holds(offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(text: &str) -> Option<(String, String, bool)> {
        heading_status(text).map(|s| (s.code, s.rest, s.plain))
    }

    #[test]
    fn heading_spellings() {
        let plain = |code: &str, rest: &str| Some((code.to_string(), rest.to_string(), true));
        assert_eq!(st("201 Created"), plain("201", "Created"));
        assert_eq!(st("200: OK"), plain("200", "OK"));
        assert_eq!(st("Status 200"), plain("200", ""));
        assert_eq!(st("Status code: 404"), plain("404", ""));
        assert_eq!(st("400 - Bad Request"), plain("400", "Bad Request"));
        assert_eq!(
            st("HTTP 429 Too Many Requests"),
            plain("429", "Too Many Requests")
        );
        assert_eq!(st("`404 Not Found`"), plain("404", "Not Found"));
        assert_eq!(st("**200** OK"), plain("200", "OK"));
        assert_eq!(st("4XX"), plain("4XX", ""));
        assert_eq!(st("200 Response"), plain("200", "Response"));
        assert_eq!(st("404 Error response"), plain("404", "Error response"));
        assert_eq!(
            st("201 Created — Booking accepted"),
            plain("201", "Created — Booking accepted")
        );
        assert_eq!(
            st("500 errors per minute"),
            Some(("500".into(), "errors per minute".into(), false))
        );
        assert_eq!(
            st("422 Unprocessable Entity"),
            plain("422", "Unprocessable Entity")
        );
        assert_eq!(
            st("200 requests per minute"),
            Some(("200".into(), "requests per minute".into(), false))
        );
        assert_eq!(st("200 OKish"), Some(("200".into(), "OKish".into(), false)));
        for text in [
            "Default",
            "Response",
            "Statuses 200",
            "2024 changes",
            "Errors",
            "",
            "HTTP/1.1 200 OK",
        ] {
            assert_eq!(st(text), None, "{text}");
        }
    }

    fn h(depth: u8, text: &str, start: usize) -> Heading {
        Heading {
            depth,
            text: text.into(),
            start,
        }
    }

    fn codes(headings: &[Heading], evidence: &[usize]) -> Vec<(String, usize, usize)> {
        let refs: Vec<&Heading> = headings.iter().collect();
        sections(&refs, |a, b| evidence.iter().any(|e| a < *e && *e < b))
            .into_iter()
            .map(|s| (s.code, s.start, s.end))
            .collect()
    }

    #[test]
    fn sections_under_and_after_a_response_heading() {
        let page = [
            h(1, "Create a thing", 0),
            h(2, "Response", 10),
            h(3, "201 Created", 20),
            h(4, "Example", 30),
            h(4, "404 Not Found", 40),
            h(3, "Fields", 50),
            h(3, "409", 60),
            h(2, "Rate limits", 70),
            h(3, "500 requests per minute", 80),
            h(3, "429 Too Many Requests", 90),
        ];
        // Nothing follows any heading: only the response section counts.
        assert_eq!(
            codes(&page, &[]),
            [
                ("201".into(), 20, 40),
                ("404".into(), 40, 50),
                ("409".into(), 60, 70)
            ]
        );
        // An example under the rate-limit headings: the plain status
        // counts, the one that says more does not.
        assert_eq!(
            codes(&page, &[85, 95])
                .into_iter()
                .map(|c| c.0)
                .collect::<Vec<_>>(),
            ["201", "404", "409", "429"]
        );
        let after = [
            h(2, "Response", 0),
            h(2, "200 OK", 10),
            h(2, "Notes", 20),
            h(2, "404", 30),
        ];
        assert_eq!(codes(&after, &[]), [("200".into(), 10, 20)]);
        let errors = [
            h(2, "Errors", 0),
            h(3, "Details", 5),
            h(4, "401 Unauthorized", 10),
        ];
        assert_eq!(codes(&errors, &[]), [("401".into(), 10, usize::MAX)]);
    }
}
