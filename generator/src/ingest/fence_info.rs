//! The info string of Mintlify's spec fences: `yaml|json [spec] METHOD /path`.

use crate::doc::{Node, Pos};
use crate::model::Method;

/// What a spec fence says about the endpoint it documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FenceInfo {
    pub lang: String,
    /// The spec file or URL named before the method, if any.
    pub spec: Option<String>,
    pub method: Method,
    pub path: String,
}

/// Parse a fence info string; None when it does not name an endpoint.
pub fn parse(info: &str) -> Option<FenceInfo> {
    let words: Vec<&str> = info
        .split_whitespace()
        .filter(|w| !w.starts_with("theme="))
        .collect();
    let lang = words.first()?.to_ascii_lowercase();
    if lang != "yaml" && lang != "yml" && lang != "json" {
        return None;
    }
    let rest = &words[1..];
    let at = rest
        .iter()
        .position(|w| Method::parse(w).is_some())
        .filter(|&i| rest.get(i + 1).is_some_and(|p| p.starts_with('/')))?;
    if at > 1 {
        return None;
    }
    Some(FenceInfo {
        lang: if lang == "yml" { "yaml".into() } else { lang },
        spec: (at == 1).then(|| rest[0].to_string()),
        method: Method::parse(rest[at])?,
        path: rest[at + 1].to_string(),
    })
}

/// Read JSON that the YAML reader refused (e.g. tabs for indentation);
/// positions degrade to the block's first line.
pub fn json_fallback(text: &str, first_line: u32) -> Option<Node> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    Some(Node::from_json(
        &value,
        Pos {
            line: first_line,
            col: 1,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_info_string_forms_seen_in_real_pages() {
        let f = parse("yaml post /clients/{clientId}/members").unwrap();
        assert_eq!(
            (f.method, f.path.as_str(), f.spec),
            (Method::Post, "/clients/{clientId}/members", None)
        );
        let f = parse("yaml https://api.zapier.com/schema post /v2/zaps").unwrap();
        assert_eq!(f.spec.as_deref(), Some("https://api.zapier.com/schema"));
        let f = parse("json POST /v1/disputes/{dispute_id}/challenge").unwrap();
        assert_eq!((f.lang.as_str(), f.method), ("json", Method::Post));
        let f = parse("yaml GET /v1/x theme={null}").unwrap();
        assert_eq!(f.method, Method::Get);
        assert!(parse("yaml").is_none());
        assert!(parse("bash cURL").is_none());
        assert!(parse("json 200 OK").is_none());
        assert!(parse("yaml a b post /x").is_none());
    }
}
