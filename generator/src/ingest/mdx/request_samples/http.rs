//! Raw HTTP requests (`POST /path`, headers, a blank line, the body); a
//! `Host` header makes a relative target absolute.

use crate::model::Method;

use super::{BodyText, Sample, SampleKind};

pub(super) fn parse_http(content: &str) -> Option<Sample> {
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

#[cfg(test)]
mod tests {
    use super::super::parse_sample;
    use crate::model::Method;

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
}
