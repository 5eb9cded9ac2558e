//! Method, path and server: from `api:`/`openapi:` strings, endpoint lines
//! (`POST /clients/members`) and the URLs of example requests.
//!
//! URLs are split by hand: documentation URLs carry templates
//! (`https://{endpoint}/query/{namespace}`) and shell variables
//! (`$UPSTASH_VECTOR_REST_URL/query`) that WHATWG URL parsers mangle.

use crate::model::path::{path_pieces, PathPiece};
use crate::model::Method;

/// A URL or path as written in the docs, split into server and path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `scheme://host[:port]` when the URL is absolute and its host literal
    /// or templated (`{endpoint}`); None for paths and `$VAR` hosts.
    pub origin: Option<String>,
    /// The URL path (percent-decoded), `/` when empty.
    pub path: String,
    /// The host was a variable (`$VAR`, `${VAR}`, `{{var}}`): no server.
    pub variable_host: bool,
}

/// Split a URL, a `$VAR/path` or a `/path`; None for anything else.
pub fn split_target(raw: &str) -> Option<Target> {
    let raw = raw
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`');
    if raw.is_empty() || raw.contains(char::is_whitespace) {
        return None;
    }
    let lower = raw.to_ascii_lowercase();
    if let Some(scheme_len) = ["https://", "http://", "wss://", "ws://"]
        .iter()
        .find(|s| lower.starts_with(*s))
        .map(|s| s.len())
    {
        let rest = &raw[scheme_len..];
        let host_end = host_end(rest);
        let host = &rest[..host_end];
        if host.is_empty() {
            return None;
        }
        if host.starts_with('$') {
            return Some(Target {
                origin: None,
                path: path_part(&rest[host_end..]),
                variable_host: true,
            });
        }
        return Some(Target {
            origin: Some(format!(
                "{}{}",
                &raw[..scheme_len].to_ascii_lowercase(),
                host
            )),
            path: path_part(&rest[host_end..]),
            variable_host: false,
        });
    }
    if raw.starts_with('/') {
        return Some(Target {
            origin: None,
            path: path_part(raw),
            variable_host: false,
        });
    }
    if let Some(after) = variable_prefix(raw) {
        if after.is_empty() || after.starts_with('/') || after.starts_with('?') {
            return Some(Target {
                origin: None,
                path: path_part(after),
                variable_host: true,
            });
        }
        return None;
    }
    // `api.example.com/v1/x` without a scheme (curl assumes http; docs mean https).
    let host_end = host_end(raw);
    let host = &raw[..host_end];
    let looks_like_host = host.contains('.') || host.starts_with("localhost");
    if looks_like_host
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:{}_".contains(c))
    {
        return Some(Target {
            origin: Some(format!("https://{host}")),
            path: path_part(&raw[host_end..]),
            variable_host: false,
        });
    }
    None
}

/// End of the host: the first `/`, `?` or `#` outside `{...}`.
fn host_end(rest: &str) -> usize {
    let mut depth = 0i32;
    for (i, c) in rest.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            '/' | '?' | '#' if depth <= 0 => return i,
            _ => {}
        }
    }
    rest.len()
}

/// What follows a leading `$VAR`, `${VAR}`, `{{var}}` or `{var}`.
fn variable_prefix(raw: &str) -> Option<&str> {
    if let Some(rest) = raw.strip_prefix("${") {
        return rest.find('}').map(|i| &rest[i + 1..]);
    }
    if let Some(rest) = raw.strip_prefix("{{") {
        return rest.find("}}").map(|i| &rest[i + 2..]);
    }
    if let Some(rest) = raw.strip_prefix('{') {
        return rest.find('}').map(|i| &rest[i + 1..]);
    }
    if let Some(rest) = raw.strip_prefix('$') {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end == 0 {
            return None;
        }
        return Some(&rest[end..]);
    }
    None
}

/// The path of what follows the host: query and fragment dropped,
/// percent-decoded, placeholders normalized, `/` when empty.
fn path_part(after_host: &str) -> String {
    let end = after_host.find(['?', '#']).unwrap_or(after_host.len());
    let path = percent_decode(&after_host[..end]);
    if path.is_empty() {
        return "/".into();
    }
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    normalize_placeholders(&path)
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// `:id`, `<id>`, `{{id}}` and `${id}` path segments become `{id}`.
pub fn normalize_placeholders(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            let name = seg
                .strip_prefix(':')
                .or_else(|| seg.strip_prefix('<').and_then(|s| s.strip_suffix('>')))
                .or_else(|| seg.strip_prefix("{{").and_then(|s| s.strip_suffix("}}")))
                .or_else(|| seg.strip_prefix("${").and_then(|s| s.strip_suffix('}')));
            match name {
                Some(n) if is_ident(n) => format!("{{{n}}}"),
                _ => seg.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn is_ident(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
}

/// `METHOD target` (the `api:` frontmatter, an endpoint line, an http
/// request line): exactly a method and one more word.
pub fn method_and_target(text: &str) -> Option<(Method, String)> {
    let mut words = text.split_whitespace();
    let method = Method::parse(words.next()?)?;
    let target = words.next()?.to_string();
    if let Some(extra) = words.next() {
        if !extra.starts_with("HTTP/") || words.next().is_some() {
            return None;
        }
    }
    Some((method, target))
}

/// `openapi:` frontmatter: `[spec] METHOD /path`.
pub fn openapi_string(text: &str) -> Option<(Method, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let at = words.iter().position(|w| Method::parse(w).is_some())?;
    if at > 1 {
        return None;
    }
    let path = words.get(at + 1)?;
    path.starts_with('/').then(|| {
        (
            Method::parse(words[at]).unwrap_or(Method::Get),
            path.to_string(),
        )
    })
}

/// If the concrete `path` ends with something `template` matches, the part
/// before it (`/api/v1` for `/api/v1/clients/members` and `/clients/members`).
pub fn match_suffix(path: &str, template: &str) -> Option<String> {
    let segments = |p: &'_ str| -> Vec<String> {
        let p = p.trim_matches('/');
        if p.is_empty() {
            Vec::new()
        } else {
            p.split('/').map(str::to_string).collect()
        }
    };
    let (c, t) = (segments(path), segments(template));
    if t.is_empty() {
        // The root path matches only the root.
        return c.is_empty().then(String::new);
    }
    if t.len() > c.len() {
        return None;
    }
    let off = c.len() - t.len();
    for (ts, cs) in t.iter().zip(&c[off..]) {
        if !segment_matches(ts, cs) {
            return None;
        }
    }
    Some(c[..off].iter().map(|s| format!("/{s}")).collect())
}

/// A template segment (`{id}`, `{provider}.json`, `users`) against a concrete one.
fn segment_matches(template: &str, concrete: &str) -> bool {
    if template == concrete {
        return true;
    }
    // The literal text before, between and after the variables; it must
    // appear in order, and each variable matches at least one character.
    let mut pieces = vec![""];
    for piece in path_pieces(template) {
        match piece {
            PathPiece::Literal(text) => {
                if let Some(last) = pieces.last_mut() {
                    *last = text;
                }
            }
            PathPiece::Var(_) => pieces.push(""),
        }
    }
    if pieces.len() == 1 {
        return false;
    }
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    if !concrete.starts_with(first) || !concrete[first.len()..].ends_with(last) {
        return false;
    }
    let mut middle = &concrete[first.len()..concrete.len() - last.len()];
    for piece in &pieces[1..pieces.len() - 1] {
        let Some(at) = middle.get(1..).and_then(|m| m.find(piece)) else {
            return false;
        };
        middle = &middle[at + 1 + piece.len()..];
    }
    !middle.is_empty()
}

/// A path template from a concrete example path and the documented path
/// parameters: the template, the (segment, parameter) substitutions made,
/// and the parameters that could not be placed.
pub fn infer_template(
    concrete: &str,
    params: &[String],
) -> (String, Vec<(String, String)>, Vec<String>) {
    let normalized = normalize_placeholders(concrete);
    let mut segs: Vec<String> = normalized.split('/').map(str::to_string).collect();
    let mut placed: Vec<String> = Vec::new();
    // Placeholders already in the example (`{teamId}`, `:teamId`).
    for seg in segs.iter_mut() {
        if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            if let Some(p) = params.iter().find(|p| p.eq_ignore_ascii_case(name)) {
                *seg = format!("{{{p}}}");
                placed.push(p.clone());
            }
        }
    }
    let unplaced: Vec<String> = params
        .iter()
        .filter(|p| !placed.contains(p))
        .cloned()
        .collect();
    let candidates: Vec<usize> = segs
        .iter()
        .enumerate()
        .filter(|(_, s)| value_like(s))
        .map(|(i, _)| i)
        .collect();
    let mut subs = Vec::new();
    let mut left = Vec::new();
    if !unplaced.is_empty() && candidates.len() == unplaced.len() {
        for (p, &i) in unplaced.iter().zip(&candidates) {
            subs.push((segs[i].clone(), p.clone()));
            segs[i] = format!("{{{p}}}");
        }
    } else {
        let mut taken: Vec<usize> = Vec::new();
        for p in &unplaced {
            let fits: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&i| !taken.contains(&i) && i > 0 && names_resource(&segs[i - 1], p))
                .collect();
            if let [i] = fits[..] {
                taken.push(i);
                subs.push((segs[i].clone(), p.clone()));
                segs[i] = format!("{{{p}}}");
            } else {
                left.push(p.clone());
            }
        }
    }
    (segs.join("/"), subs, left)
}

/// A segment that looks like a value rather than a name: has a digit (but
/// is no version like `v1`), is a `YOUR_ID` placeholder, or a UUID.
fn value_like(seg: &str) -> bool {
    if seg.is_empty() || seg.starts_with('{') {
        return false;
    }
    let lower = seg.to_ascii_lowercase();
    let version = lower
        .strip_prefix('v')
        .is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'));
    if version {
        return false;
    }
    let placeholder = seg.len() > 1
        && seg
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
        && seg.chars().any(|c| c.is_ascii_uppercase());
    placeholder || seg.chars().any(|c| c.is_ascii_digit())
}

/// `teams` names the resource of `teamId`; `users` of `user_id`.
fn names_resource(prev: &str, param: &str) -> bool {
    let p = param.to_ascii_lowercase().replace(['_', '-'], "");
    let stem = p
        .strip_suffix("id")
        .or_else(|| p.strip_suffix("slug"))
        .or_else(|| p.strip_suffix("name"))
        .or_else(|| p.strip_suffix("key"))
        .unwrap_or(&p);
    if stem.is_empty() {
        return false;
    }
    let prev = prev.to_ascii_lowercase().replace(['_', '-'], "");
    prev == stem || prev == format!("{stem}s") || prev == format!("{stem}es")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_split_by_hand() {
        let t = split_target("https://{endpoint}/query/{namespace}").unwrap();
        assert_eq!(t.origin.as_deref(), Some("https://{endpoint}"));
        assert_eq!(t.path, "/query/{namespace}");
        let t = split_target("https://region.turso.io").unwrap();
        assert_eq!(
            (t.origin.as_deref(), t.path.as_str()),
            (Some("https://region.turso.io"), "/")
        );
        let t = split_target("https://api.x.com/v1/a%7Bb%7D?x=1#f").unwrap();
        assert_eq!(t.path, "/v1/a{b}");
        let t = split_target("$UPSTASH_VECTOR_REST_URL/query").unwrap();
        assert_eq!(
            (t.origin, t.path.as_str(), t.variable_host),
            (None, "/query", true)
        );
        let t = split_target("\"${BASE}/x/:id\"").unwrap();
        assert_eq!((t.path.as_str(), t.variable_host), ("/x/{id}", true));
        let t = split_target("{{baseUrl}}/users").unwrap();
        assert_eq!(t.path, "/users");
        let t = split_target("api.example.com/v2/x").unwrap();
        assert_eq!(t.origin.as_deref(), Some("https://api.example.com"));
        assert_eq!(
            split_target("/clients/members").unwrap().path,
            "/clients/members"
        );
        assert!(split_target("hello").is_none());
        assert!(split_target("https://").is_none());
        assert!(split_target("%").is_none());
        assert_eq!(split_target("/a%").unwrap().path, "/a%");
    }

    #[test]
    fn api_and_openapi_strings() {
        assert_eq!(
            method_and_target("post /clients"),
            Some((Method::Post, "/clients".into()))
        );
        assert_eq!(
            method_and_target("GET /x HTTP/1.1"),
            Some((Method::Get, "/x".into()))
        );
        assert_eq!(method_and_target("GET /x y"), None);
        assert_eq!(method_and_target("FETCH /x"), None);
        assert_eq!(
            openapi_string("/spec.json delete /x/{id}"),
            Some((Method::Delete, "/x/{id}".into()))
        );
        assert_eq!(
            openapi_string("POST /users"),
            Some((Method::Post, "/users".into()))
        );
        assert_eq!(openapi_string("a b POST /users"), None);
    }

    #[test]
    fn suffix_matching() {
        assert_eq!(
            match_suffix("/api/v1/clients/members", "/clients/members").as_deref(),
            Some("/api/v1")
        );
        assert_eq!(
            match_suffix("/clients/members", "/clients/members").as_deref(),
            Some("")
        );
        assert_eq!(
            match_suffix("/query/ns", "/query/{namespace}").as_deref(),
            Some("")
        );
        assert_eq!(match_suffix("/query", "/query/{namespace}"), None);
        assert_eq!(
            match_suffix("/pricing/bedrock.json", "/pricing/{provider}.json").as_deref(),
            Some("")
        );
        assert_eq!(match_suffix("/pricing/x", "/pricing/{provider}.json"), None);
        assert_eq!(
            match_suffix("/f/a.b", "/f/{name}.{ext}").as_deref(),
            Some("")
        );
        assert_eq!(match_suffix("/f/a.", "/f/{name}.{ext}"), None);
        // An unclosed `{` is text: it matches only itself.
        assert_eq!(match_suffix("/a/{b", "/a/{b").as_deref(), Some(""));
        assert_eq!(match_suffix("/a/xb", "/a/{b"), None);
        assert_eq!(match_suffix("/", "/").as_deref(), Some(""));
        assert_eq!(match_suffix("/a", "/"), None);
    }

    #[test]
    fn templates_from_concrete_paths() {
        let (t, subs, left) = infer_template("/api/public/teams/55/members", &["teamId".into()]);
        assert_eq!(t, "/api/public/teams/{teamId}/members");
        assert_eq!(subs, vec![("55".to_string(), "teamId".to_string())]);
        assert!(left.is_empty());
        let (t, _, _) = infer_template(
            "/v1/users/:userId/posts/7",
            &["userId".into(), "postId".into()],
        );
        assert_eq!(t, "/v1/users/{userId}/posts/{postId}");
        let (t, _, _) =
            infer_template("/v2/orgs/ORG_ID/teams/t1", &["orgId".into(), "team".into()]);
        assert_eq!(t, "/v2/orgs/{orgId}/teams/{team}");
        // Two candidates for one parameter: the resource name decides.
        let (t, _, left) = infer_template("/a1/teams/55", &["teamId".into()]);
        assert_eq!((t.as_str(), left.len()), ("/a1/teams/{teamId}", 0));
        let (t, _, left) = infer_template("/a/b", &["id".into()]);
        assert_eq!((t.as_str(), left), ("/a/b", vec!["id".to_string()]));
    }
}
