//! Python `requests.get(...)` / `requests.request("METHOD", ...)` calls
//! with `headers=` and `json=` keyword arguments, literal or held in
//! variables.

use crate::model::Method;

use super::scan::{
    assignment, balanced, identifier, literal_or_variable, object_entries, string_literal,
};
use super::{BodyText, Sample, SampleKind};

pub(super) fn parse_requests(content: &str) -> Option<Sample> {
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

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::{loose_to_json, parse_sample};
    use crate::model::Method;

    #[test]
    fn requests_with_keyword_arguments_and_variables() {
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
    }
}
