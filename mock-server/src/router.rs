//! Path matching: a contract's path templates (literal, `{param}` and
//! mixed segments such as `{name}.{ext}`), most specific first, and the
//! methods and `Allow` header of each.
//!
//! The templates sit in a tree of segments, so a request costs a walk
//! down its own segments rather than a scan of every template (GitHub's
//! contract has 551 paths, 300 of them under `/repos`).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use generator::model::path::{path_pieces, PathPiece};
use generator::model::Method;
use http::HeaderValue;

/// Path templates as a segment tree. A request takes, at each segment, a
/// literal child before a mixed one before a parameter, and the first
/// route that matches wins: the order "most specific first" gives
/// (segment by segment: literal, mixed, parameter; then by template).
#[derive(Default)]
pub struct Router {
    routes: Vec<Route>,
    root: Node,
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

/// The templates that share a prefix: the same literals, and parameter
/// or mixed segments at the same places.
#[derive(Default)]
struct Node {
    /// Routes whose template ends here, by template. They differ only in
    /// parameter names or in the shape of mixed segments, which is
    /// checked when the walk arrives.
    ends: Vec<usize>,
    literal: Literals,
    mixed: Option<Box<Node>>,
    param: Option<Box<Node>>,
}

impl Router {
    /// The routes of a contract: each path template with the operations
    /// serving it, (method, op index) in OpenAPI method order.
    pub fn new(paths: impl IntoIterator<Item = (String, Vec<(Method, usize)>)>) -> Router {
        let mut router = Router::default();
        for (template, methods) in paths {
            let segments = parse_template(&template);
            let allow = allow(&methods);
            let mut node = &mut router.root;
            for seg in &segments {
                node = match seg {
                    Segment::Literal(l) => node.literal.child(l),
                    Segment::Mixed(_) => node.mixed.get_or_insert_with(Default::default),
                    Segment::Param(_) => node.param.get_or_insert_with(Default::default),
                };
            }
            node.ends.push(router.routes.len());
            router.routes.push(Route {
                template,
                segments,
                methods,
                allow,
            });
        }
        let routes = &router.routes;
        let mut pending = vec![&mut router.root];
        while let Some(node) = pending.pop() {
            node.ends
                .sort_by(|a, b| routes[*a].template.cmp(&routes[*b].template));
            node.literal.index();
            pending.extend(node.literal.nodes.iter_mut().map(|(_, n)| n));
            pending.extend(node.mixed.as_deref_mut());
            pending.extend(node.param.as_deref_mut());
        }
        router
    }

    /// The route matching `segments` (raw, still percent-encoded) and the
    /// raw values of its path parameters.
    pub fn find<'p>(&self, segments: &[&'p str]) -> Option<(&Route, Vec<(&str, &'p str)>)> {
        let mut captures = Vec::new();
        let route = self.walk(&self.root, segments, 0, &mut captures)?;
        Some((route, captures))
    }

    /// Depth first, in precedence order; each node is visited at most
    /// once, so a request never costs more than the tree's size and
    /// usually its own depth.
    fn walk<'r, 'p>(
        &'r self,
        node: &'r Node,
        segments: &[&'p str],
        depth: usize,
        captures: &mut Vec<(&'r str, &'p str)>,
    ) -> Option<&'r Route> {
        let Some(text) = segments.get(depth) else {
            return node.ends.iter().find_map(|&i| {
                let route = &self.routes[i];
                captures.clear();
                route.captures(segments, captures).then_some(route)
            });
        };
        if let Some(found) = node
            .literal
            .get(text)
            .and_then(|next| self.walk(next, segments, depth + 1, captures))
        {
            return Some(found);
        }
        [node.mixed.as_deref(), node.param.as_deref()]
            .into_iter()
            .flatten()
            .find_map(|next| self.walk(next, segments, depth + 1, captures))
    }
}

/// A node's literal children. Most nodes have a few, compared in turn;
/// a node with many (GitHub's `/repos/{owner}/{repo}/` has 70) gets a
/// hash index.
#[derive(Default)]
struct Literals {
    nodes: Vec<(String, Node)>,
    index: Option<HashMap<String, usize, BuildHasherDefault<Fnv>>>,
}

/// Above this many children a lookup hashes instead of comparing.
const SCAN_LIMIT: usize = 8;

impl Literals {
    fn get(&self, text: &str) -> Option<&Node> {
        match &self.index {
            Some(index) => index.get(text).map(|&i| &self.nodes[i].1),
            None => self.nodes.iter().find(|(l, _)| l == text).map(|(_, n)| n),
        }
    }

    fn child(&mut self, text: &str) -> &mut Node {
        let i = match self.nodes.iter().position(|(l, _)| l == text) {
            Some(i) => i,
            None => {
                self.nodes.push((text.to_string(), Node::default()));
                self.nodes.len() - 1
            }
        };
        &mut self.nodes[i].1
    }

    /// Build the index once every child is in.
    fn index(&mut self) {
        if self.nodes.len() > SCAN_LIMIT {
            let index = self
                .nodes
                .iter()
                .enumerate()
                .map(|(i, (l, _))| (l.clone(), i))
                .collect();
            self.index = Some(index);
        }
    }
}

/// FNV-1a over a segment's bytes. Segments are a few bytes long, and
/// SipHash's set-up would cost more than the lookup; the keys are the
/// contract's own (a request only looks up, never inserts), so there is
/// no table for a client to flood.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Route {
    /// The path parameters of `segments` (which the walk matched to this
    /// route's literals), or false when a mixed segment does not fit.
    fn captures<'r, 'p>(&'r self, segments: &[&'p str], out: &mut Vec<(&'r str, &'p str)>) -> bool {
        for (seg, text) in self.segments.iter().zip(segments) {
            match seg {
                Segment::Literal(_) => {}
                Segment::Param(name) => out.push((name.as_str(), *text)),
                Segment::Mixed(parts) => {
                    if !match_mixed(parts, text, out) {
                        return false;
                    }
                }
            }
        }
        true
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

    /// The matching the tree replaces: the templates most specific first
    /// (see [`by_precedence`]), the first of the request's segment count
    /// that fits.
    fn linear<'r, 'p>(
        routes: &[&'r Route],
        segments: &[&'p str],
    ) -> Option<(&'r str, Vec<(&'r str, &'p str)>)> {
        routes.iter().find_map(|r| {
            let literals = r.segments.len() == segments.len()
                && r.segments.iter().zip(segments).all(|(s, t)| match s {
                    Segment::Literal(l) => l == t,
                    _ => true,
                });
            let mut caps = Vec::new();
            (literals && r.captures(segments, &mut caps)).then_some((r.template.as_str(), caps))
        })
    }

    /// Segment by segment literal, mixed, parameter; then by template.
    fn by_precedence(router: &Router) -> Vec<&Route> {
        let specificity = |r: &Route| -> Vec<u8> {
            r.segments
                .iter()
                .map(|s| match s {
                    Segment::Literal(_) => 0,
                    Segment::Mixed(_) => 1,
                    Segment::Param(_) => 2,
                })
                .collect()
        };
        let mut routes: Vec<&Route> = router.routes.iter().collect();
        routes.sort_by(|a, b| {
            specificity(a)
                .cmp(&specificity(b))
                .then_with(|| a.template.cmp(&b.template))
        });
        routes
    }

    #[test]
    fn the_tree_picks_what_the_most_specific_first_scan_picks() {
        let pieces = ["a", "b", "{x}", "{y}", "{n}.{e}", "v{n}", ""];
        let mut templates = vec![String::new()];
        for len in 1..=3 {
            let mut level = vec![String::new()];
            for _ in 0..len {
                level = level
                    .iter()
                    .flat_map(|t| pieces.iter().map(move |p| format!("{t}/{p}")))
                    .collect();
            }
            templates.extend(level);
        }
        let texts = ["a", "b", "c", "a.b", "v1", "v1.x", "", "x.y.z", "{x}"];
        let mut requests: Vec<Vec<&str>> = vec![vec![]];
        for _ in 0..4 {
            let longer: Vec<Vec<&str>> = requests
                .iter()
                .filter(|r| r.len() == requests.last().map_or(0, Vec::len))
                .flat_map(|r| {
                    texts.iter().map(move |t| {
                        let mut r = r.clone();
                        r.push(*t);
                        r
                    })
                })
                .collect();
            requests.extend(longer);
        }
        // the full set, and subsets where a literal branch that fails
        // must give way to a parameter one
        let mut seed: u64 = 7;
        for round in 0..8 {
            let chosen: Vec<&String> = templates
                .iter()
                .filter(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    round == 0 || (seed >> 33) % 3 == 0
                })
                .collect();
            let router = Router::new(
                chosen
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (t.to_string(), vec![(Method::Get, i)])),
            );
            let ordered = by_precedence(&router);
            for request in &requests {
                let got = router
                    .find(request)
                    .map(|(r, caps)| (r.template.as_str(), caps));
                assert_eq!(got, linear(&ordered, request), "round {round}: {request:?}");
            }
        }
    }

    #[test]
    fn a_node_with_many_literals_looks_them_up_by_hash() {
        let mut templates = Vec::new();
        for i in 0..3 * SCAN_LIMIT {
            templates.push(format!("/l{i}"));
            templates.push(format!("/l{i}/{{p}}"));
            templates.push(format!("/{{p}}/l{i}"));
            templates.push(format!("/l{i}/l{i}.{{ext}}"));
        }
        let router = Router::new(
            templates
                .iter()
                .enumerate()
                .map(|(i, t)| (t.clone(), vec![(Method::Get, i)])),
        );
        assert!(router.root.literal.index.is_some());
        let ordered = by_precedence(&router);
        let texts = ["l0", "l3", "l23", "l99", "x", "l3.json", ""];
        for a in texts {
            for b in [None].into_iter().chain(texts.map(Some)) {
                let request: Vec<&str> = [Some(a), b].into_iter().flatten().collect();
                let got = router
                    .find(&request)
                    .map(|(r, caps)| (r.template.as_str(), caps));
                assert_eq!(got, linear(&ordered, &request), "{request:?}");
            }
        }
    }

    #[test]
    fn hundreds_of_paths_under_one_prefix() {
        let mut paths = Vec::new();
        for i in 0..400 {
            paths.push(format!("/repos/{{owner}}/{{repo}}/r{i}"));
            paths.push(format!("/repos/{{owner}}/{{repo}}/r{i}/{{id}}"));
        }
        paths.push("/repos/{owner}/{repo}/{any}".into());
        let router = Router::new(
            paths
                .iter()
                .enumerate()
                .map(|(i, p)| (p.clone(), vec![(Method::Get, i)])),
        );
        let (r, caps) = router.find(&["repos", "o", "n", "r399", "7"]).unwrap();
        assert_eq!(r.template, "/repos/{owner}/{repo}/r399/{id}");
        assert_eq!(caps, [("owner", "o"), ("repo", "n"), ("id", "7")]);
        let (r, _) = router.find(&["repos", "o", "n", "zzz"]).unwrap();
        assert_eq!(r.template, "/repos/{owner}/{repo}/{any}");
        assert!(router.find(&["repos", "o", "n", "zzz", "7"]).is_none());
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
