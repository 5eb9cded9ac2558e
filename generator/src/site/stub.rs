//! MDX stub pages: frontmatter `openapi: [spec] METHOD /path` names an
//! operation of a spec file; the operation comes from that spec, and the
//! page adds its title, description and whatever fields the spec lacks
//! (that part is [`crate::combine`]'s job, with the stub as the weakest
//! source).
//!
//! The spec token is a file path (`/api/openapi.json`), a spec name
//! without extension (`v2-openapi`) or absent: then the specs the page
//! inherits in the site config are searched, else every spec file of the
//! folder in path order (Mintlify's rule: the first match wins).

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::ingest::{PageOutput, Shape};
use crate::model::{Components, Contract, Method};
use crate::pointer;
use crate::source::Location;

use super::config::{self, SiteConfig};

/// Notes of the MDX reader about what a page leaves out, moot once the
/// stub's spec gives the operation.
const GUESSES_THE_SPEC_ANSWERS: &[Code] = &[Code::ResponseAssumed, Code::PathParamUndocumented];

/// What a stub's `openapi:` value names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Operation {
        spec: Option<String>,
        method: Method,
        path: String,
    },
    /// `openapi: "spec.json webhook orderUpdated"`: a webhook page.
    Webhook { name: String },
}

/// A stub page's reference, with the position of its frontmatter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StubRef {
    pub spec: Option<String>,
    pub method: Method,
    pub path: String,
    /// Where the frontmatter value is.
    pub location: Location,
}

/// Parse an `openapi:` frontmatter value (one to three words).
pub fn parse(value: &str) -> Option<Target> {
    let words: Vec<&str> = value.split_whitespace().collect();
    let (spec, rest) = match words.as_slice() {
        [first, ..] if Method::parse(first).is_some() || first.eq_ignore_ascii_case("webhook") => {
            (None, &words[..])
        }
        [first, rest @ ..] => (Some(first.to_string()), rest),
        [] => return None,
    };
    match rest {
        [kind, name] if kind.eq_ignore_ascii_case("webhook") => Some(Target::Webhook {
            name: name.to_string(),
        }),
        [method, path] if path.starts_with('/') => Some(Target::Operation {
            spec,
            method: Method::parse(&method.to_ascii_lowercase())?,
            path: path.to_string(),
        }),
        _ => None,
    }
}

/// A page of the vendor folder: its path below the folder and what it read.
pub struct SitePage {
    /// The path below the vendor folder (`/`-separated).
    pub rel: String,
    /// The name diagnostics show.
    pub shown: String,
    pub out: PageOutput,
}

impl SitePage {
    fn is_spec_file(&self) -> bool {
        self.out.spec_file
    }
}

/// Point every stub at its spec. `unlisted` are spec files the site
/// config does not name: they are not read whole, but a stub may still
/// take its operation from one (that operation alone joins the pages).
pub fn resolve(
    pages: &mut Vec<SitePage>,
    unlisted: &[SitePage],
    config: Option<&SiteConfig>,
    diags: &mut Diagnostics,
) {
    let mut extracted: Vec<SitePage> = Vec::new();
    for i in 0..pages.len() {
        let Some(stub) = pages[i].out.stub.clone() else {
            continue;
        };
        let specs: Vec<&SitePage> = pages
            .iter()
            .chain(unlisted)
            .filter(|p| p.is_spec_file())
            .collect();
        let candidates = match candidates(&pages[i].rel, &stub, &specs, config) {
            Ok(found) => found,
            Err(message) => {
                let loc = stub.location.clone();
                diags.push(Diagnostic::new(Code::StubSpecMissing, loc, message).with_note(
                    "the page's own fields are used instead; add the spec file to the vendor folder",
                ));
                continue;
            }
        };
        let hit = candidates.iter().find(|spec| {
            spec.out
                .contract
                .paths
                .get(&stub.path)
                .is_some_and(|item| item.contains_key(&stub.method))
        });
        let Some(spec) = hit else {
            let searched: Vec<&str> = candidates.iter().map(|s| s.rel.as_str()).collect();
            let loc = stub.location.clone();
            diags.push(
                Diagnostic::new(
                    Code::StubOperationMissing,
                    loc,
                    format!(
                        "`{} {}` is not an operation of {}",
                        stub.method.upper(),
                        stub.path,
                        searched
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .with_note("the page's own fields are used instead"),
            );
            continue;
        };
        let spec_rel = spec.rel.clone();
        let spec_shown = spec.shown.clone();
        let from_unlisted = unlisted.iter().any(|u| u.rel == spec_rel);
        if from_unlisted {
            let part = extract(&spec.out, &stub.path, stub.method);
            match extracted.iter_mut().find(|e| e.rel == spec_rel) {
                Some(existing) => existing.out.contract.paths.extend(part.contract.paths),
                None => extracted.push(SitePage {
                    rel: spec_rel.clone(),
                    shown: spec_shown,
                    out: part,
                }),
            }
            let loc = stub.location.clone();
            diags.push(Diagnostic::new(
                Code::StubUnlistedSpec,
                loc,
                format!("`{spec_rel}` is not named in the site config; only this stub's operation is taken from it"),
            ));
        }
        move_stub_operation(&mut pages[i].out, &stub);
        // What the MDX reader guessed for lack of fields, the spec states.
        pages[i]
            .out
            .diagnostics
            .retain(|d| !GUESSES_THE_SPEC_ANSWERS.contains(&d.code));
    }
    pages.extend(extracted);
}

/// The specs a stub may name, in the order they are searched.
fn candidates<'p>(
    rel: &str,
    stub: &StubRef,
    specs: &[&'p SitePage],
    config: Option<&SiteConfig>,
) -> Result<Vec<&'p SitePage>, String> {
    let names: Vec<String> = specs.iter().map(|s| s.rel.clone()).collect();
    let by_value = |value: &str| -> Option<&'p SitePage> {
        let file = config::local_file(value, &names)?;
        specs.iter().copied().find(|s| &s.rel == file)
    };
    if let Some(token) = &stub.spec {
        let named = by_value(token).or_else(|| {
            // A spec name without extension: `v2-openapi`, or a path to one.
            let token = token.trim_start_matches('/');
            specs.iter().copied().find(|s| {
                let stem = s.rel.rsplit_once('.').map_or(s.rel.as_str(), |(a, _)| a);
                stem == token || stem.rsplit('/').next() == Some(token)
            })
        });
        return named.map(|s| vec![s]).ok_or_else(|| {
            format!("the stub names spec `{token}`, which is not a spec file of this vendor folder")
        });
    }
    let page_key = rel.rsplit_once('.').map_or(rel, |(stem, _)| stem);
    let inherited: Vec<&SitePage> = config
        .and_then(|c| c.page_specs.get(page_key))
        .map(|values| values.iter().filter_map(|v| by_value(v)).collect())
        .unwrap_or_default();
    if !inherited.is_empty() {
        return Ok(inherited);
    }
    if specs.is_empty() {
        return Err(format!(
            "the stub names `{} {}`, but the vendor folder has no spec file",
            stub.method.upper(),
            stub.path
        ));
    }
    let mut all = specs.to_vec();
    all.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(all)
}

/// The stub's one operation under the spec's exact path (the MDX reader
/// may have normalized the template's spelling).
fn move_stub_operation(out: &mut PageOutput, stub: &StubRef) {
    let Some((from, method)) = out
        .contract
        .operations()
        .next()
        .map(|(path, method, _)| (path.to_string(), method))
    else {
        return;
    };
    if from == stub.path && method == stub.method {
        return;
    }
    let Some(op) = out
        .contract
        .paths
        .get_mut(&from)
        .and_then(|item| item.remove(&method))
    else {
        return;
    };
    if out.contract.paths.get(&from).is_some_and(|i| i.is_empty()) {
        out.contract.paths.remove(&from);
    }
    out.map.move_subtree(
        &pointer::operation(&from, method),
        &pointer::operation(&stub.path, stub.method),
    );
    out.contract
        .paths
        .entry(stub.path.clone())
        .or_default()
        .insert(stub.method, op);
}

/// One operation of a spec file with the components it needs.
fn extract(spec: &PageOutput, path: &str, method: Method) -> PageOutput {
    let source = &spec.contract;
    let used = source.schemas_used_by(path, method);
    let mut contract = Contract {
        info: source.info.clone(),
        servers: source.servers.clone(),
        security: source.security.clone(),
        components: Components {
            schemas: source
                .components
                .schemas
                .iter()
                .filter(|(name, _)| used.contains(*name))
                .map(|(n, s)| (n.clone(), s.clone()))
                .collect(),
            security_schemes: source.components.security_schemes.clone(),
        },
        ..Contract::default()
    };
    if let Some(op) = source.paths.get(path).and_then(|item| item.get(&method)) {
        contract
            .paths
            .entry(path.to_string())
            .or_default()
            .insert(method, op.clone());
    }
    PageOutput {
        shape: Shape::OpenApi,
        contract,
        map: spec.map.clone(),
        diagnostics: Diagnostics::default(),
        spec_file: true,
        stub: None,
        assumed_success: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_the_frontmatter_value() {
        let op = |spec: Option<&str>, method, path: &str| Target::Operation {
            spec: spec.map(str::to_string),
            method,
            path: path.to_string(),
        };
        assert_eq!(parse("GET /users"), Some(op(None, Method::Get, "/users")));
        assert_eq!(parse("post /users"), Some(op(None, Method::Post, "/users")));
        assert_eq!(
            parse("/specs/openapi-1.json POST /users/{id}"),
            Some(op(
                Some("/specs/openapi-1.json"),
                Method::Post,
                "/users/{id}"
            ))
        );
        assert_eq!(
            parse("v3-openapi GET /api/v3/runs/{runId}"),
            Some(op(Some("v3-openapi"), Method::Get, "/api/v3/runs/{runId}"))
        );
        assert_eq!(
            parse("openapi.json webhook orderUpdated"),
            Some(Target::Webhook {
                name: "orderUpdated".into()
            })
        );
        assert_eq!(parse(""), None);
        assert_eq!(parse("GET users"), None);
        assert_eq!(parse("spec FETCH /x"), None);
        assert_eq!(parse("a b c d"), None);
    }
}
