//! JavaScript `fetch(url, { method, headers, body: JSON.stringify(...) })`
//! calls; the URL may be a literal or a variable assigned one.

use crate::model::Method;

use super::scan::{
    balanced, literal_or_variable, object_entries, string_literal, template_to_vars,
};
use super::{BodyText, Sample, SampleKind};

pub(super) fn parse_fetch(content: &str) -> Option<Sample> {
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

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::{loose_to_json, parse_sample};
    use crate::model::Method;

    #[test]
    fn fetch_with_headers_body_and_variables() {
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
        let js = "const url: string = 'https://a.b/x';\nawait fetch(url, { method: 'PUT' });";
        let s = parse_sample("ts", js).unwrap();
        assert_eq!((s.method(), s.url.as_str()), (Method::Put, "https://a.b/x"));
    }
}
