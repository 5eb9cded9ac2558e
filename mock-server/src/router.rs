//! Path matching: a contract's path templates (literal, `{param}` and
//! mixed segments such as `{name}.{ext}`), most specific first, and the
//! methods and `Allow` header of each.

use std::collections::BTreeMap;

use generator::model::path::{path_pieces, PathPiece};
use generator::model::Method;
use http::HeaderValue;

/// Path templates, grouped by segment count, most specific first.
#[derive(Default)]
pub struct Router {
    by_len: BTreeMap<usize, Vec<Route>>,
}

pub struct Route {
    pub template: String,
    segments: Vec<Segment>,
    /// (method, op index), in OpenAPI method order.
    pub methods: Vec<(Method, usize)>,
    /// `Allow` for this path.
    pub allow: HeaderValue,
}

enum Segment {
    Literal(String),
    Param(String),
    Mixed(Vec<Part>),
}

enum Part {
    Literal(String),
    Param(String),
}

impl Router {
    /// The routes of a contract: each path template with the operations
    /// serving it, (method, op index) in OpenAPI method order.
    pub fn new(paths: impl IntoIterator<Item = (String, Vec<(Method, usize)>)>) -> Router {
        let mut router = Router::default();
        for (template, methods) in paths {
            let segments = parse_template(&template);
            let allow = allow(&methods);
            router
                .by_len
                .entry(segments.len())
                .or_default()
                .push(Route {
                    template,
                    segments,
                    methods,
                    allow,
                });
        }
        for routes in router.by_len.values_mut() {
            routes.sort_by(|a, b| {
                specificity(&a.segments)
                    .cmp(&specificity(&b.segments))
                    .then_with(|| a.template.cmp(&b.template))
            });
        }
        router
    }

    /// The route matching `segments` (raw, still percent-encoded) and the
    /// raw values of its path parameters.
    pub fn find<'p>(&self, segments: &[&'p str]) -> Option<(&Route, Vec<(&str, &'p str)>)> {
        let routes = self.by_len.get(&segments.len())?;
        'route: for route in routes {
            let mut captures = Vec::new();
            for (seg, text) in route.segments.iter().zip(segments) {
                match seg {
                    Segment::Literal(l) => {
                        if l != text {
                            continue 'route;
                        }
                    }
                    Segment::Param(name) => captures.push((name.as_str(), *text)),
                    Segment::Mixed(parts) => {
                        if !match_mixed(parts, text, &mut captures) {
                            continue 'route;
                        }
                    }
                }
            }
            return Some((route, captures));
        }
        None
    }
}

fn match_mixed<'r, 'p>(
    parts: &'r [Part],
    text: &'p str,
    out: &mut Vec<(&'r str, &'p str)>,
) -> bool {
    let mut rest = text;
    let mut i = 0;
    while i < parts.len() {
        match &parts[i] {
            Part::Literal(l) => match rest.strip_prefix(l.as_str()) {
                Some(r) => rest = r,
                None => return false,
            },
            Part::Param(name) => {
                let end = match parts.get(i + 1) {
                    Some(Part::Literal(next)) => match rest.find(next.as_str()) {
                        Some(e) => e,
                        None => return false,
                    },
                    _ => rest.len(),
                };
                out.push((name.as_str(), &rest[..end]));
                rest = &rest[end..];
            }
        }
        i += 1;
    }
    rest.is_empty()
}

/// The segments of a template, read by the contract's one template rule
/// ([`path_pieces`]): a segment that is one variable is a `Param`, one
/// with no variable (an unclosed `{` included) a `Literal`.
fn parse_template(template: &str) -> Vec<Segment> {
    template
        .split('/')
        .skip(1)
        .map(|seg| {
            let parts: Vec<Part> = path_pieces(seg)
                .into_iter()
                .map(|piece| match piece {
                    PathPiece::Literal(text) => Part::Literal(text.to_string()),
                    PathPiece::Var(name) => Part::Param(name.to_string()),
                })
                .collect();
            match parts.as_slice() {
                [Part::Param(name)] => Segment::Param(name.clone()),
                _ if parts.iter().all(|p| matches!(p, Part::Literal(_))) => {
                    Segment::Literal(seg.to_string())
                }
                _ => Segment::Mixed(parts),
            }
        })
        .collect()
}

fn specificity(segments: &[Segment]) -> Vec<u8> {
    segments
        .iter()
        .map(|s| match s {
            Segment::Literal(_) => 0,
            Segment::Mixed(_) => 1,
            Segment::Param(_) => 2,
        })
        .collect()
}

/// `Allow` for a path: its methods, `HEAD` with `GET`, and `OPTIONS`
/// (the mock answers preflights everywhere).
fn allow(methods: &[(Method, usize)]) -> HeaderValue {
    let mut allow: Vec<String> = methods.iter().map(|(m, _)| m.upper()).collect();
    if methods.iter().any(|(m, _)| *m == Method::Get) && !allow.iter().any(|m| m == "HEAD") {
        allow.push("HEAD".into());
    }
    if !allow.iter().any(|m| m == "OPTIONS") {
        allow.push("OPTIONS".into());
    }
    HeaderValue::from_str(&allow.join(", ")).unwrap_or_else(|_| HeaderValue::from_static("OPTIONS"))
}

/// The contract's method as hyper's.
pub fn http_method(m: Method) -> http::Method {
    match m {
        Method::Get => http::Method::GET,
        Method::Put => http::Method::PUT,
        Method::Post => http::Method::POST,
        Method::Delete => http::Method::DELETE,
        Method::Options => http::Method::OPTIONS,
        Method::Head => http::Method::HEAD,
        Method::Patch => http::Method::PATCH,
        Method::Trace => http::Method::TRACE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_segments_beat_parameters_and_mixed_segments_capture() {
        let router = Router::new(
            ["/users/{id}", "/users/me", "/files/{name}.{ext}"]
                .into_iter()
                .enumerate()
                .map(|(i, p)| (p.to_string(), vec![(Method::Get, i)])),
        );
        let (r, caps) = router.find(&["users", "me"]).unwrap();
        assert_eq!((r.template.as_str(), caps.len()), ("/users/me", 0));
        let (r, caps) = router.find(&["users", "42"]).unwrap();
        assert_eq!(
            (r.template.as_str(), caps),
            ("/users/{id}", vec![("id", "42")])
        );
        let (_, caps) = router.find(&["files", "a.tar.gz"]).unwrap();
        assert_eq!(caps, vec![("name", "a"), ("ext", "tar.gz")]);
        assert!(router.find(&["files", "noext"]).is_none());
        assert!(router.find(&["users"]).is_none());
    }

    #[test]
    fn unclosed_and_empty_braces_are_literal_text() {
        let router = Router::new(
            ["/a/{", "/b/x{y", "/c/{}", "/d/{id}.json"]
                .into_iter()
                .enumerate()
                .map(|(i, p)| (p.to_string(), vec![(Method::Get, i)])),
        );
        let (r, caps) = router.find(&["a", "{"]).unwrap();
        assert_eq!((r.template.as_str(), caps.len()), ("/a/{", 0));
        let (r, _) = router.find(&["b", "x{y"]).unwrap();
        assert_eq!(r.template, "/b/x{y");
        assert!(router.find(&["b", "xzy"]).is_none());
        assert!(router.find(&["c", "anything"]).is_none());
        assert!(router.find(&["c", "{}"]).is_some());
        let (_, caps) = router.find(&["d", "7.json"]).unwrap();
        assert_eq!(caps, vec![("id", "7")]);
    }

    #[test]
    fn allow_lists_head_with_get_and_always_options() {
        let router = Router::new([("/x".to_string(), vec![(Method::Get, 0), (Method::Post, 1)])]);
        let (r, _) = router.find(&["x"]).unwrap();
        assert_eq!(r.allow, "GET, POST, HEAD, OPTIONS");
    }
}
