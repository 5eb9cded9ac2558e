//! Request samples in code fences: curl in shell fences ([`shell`]), raw
//! HTTP ([`http`]), JavaScript `fetch` ([`js`]), Python `requests`
//! ([`python`]); and [`loose_to_json`] for the object literals they send.
//!
//! These are small, forgiving scanners for the shapes documentation
//! writers use, not full shell/JS/Python parsers: what they cannot read
//! they skip.

mod http;
mod js;
mod loose_json;
mod python;
mod scan;
mod shell;

use crate::model::Method;

use http::parse_http;
use js::parse_fetch;
pub use loose_json::loose_to_json;
use python::parse_requests;
use shell::parse_curls;

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

#[cfg(test)]
mod tests {
    use super::*;

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
