//! The operation's address: its path template (a concrete path from an
//! endpoint line or example turned into a template with the path
//! ParamFields), its server (an absolute URL's origin, else example URLs
//! minus the path), and a warning when examples use another method.

use indexmap::IndexMap;

use crate::diag::Code;
use crate::model::path::template_names;
use crate::model::{Method, Server, ServerVariable};

use super::endpoint;
use super::fields::{Field, Loc};
use super::locate::{Found, Source};
use super::request_samples::SampleKind;
use super::tree::pos_at;
use super::walk::SampleItem;
use super::Builder;

impl Builder<'_, '_> {
    pub(super) fn path_template(&mut self, found: &Found, fields: &[Field]) -> String {
        let names: Vec<String> = fields
            .iter()
            .filter(|f| f.loc == Some(Loc::Path))
            .filter_map(|f| f.name.clone())
            .collect();
        // Frontmatter states a template; endpoint lines and examples may
        // show a concrete path (`POST /teams/55/members`).
        if matches!(found.source, Source::Api | Source::OpenApi) {
            return found.target.path.clone();
        }
        let (template, subs, left) = endpoint::infer_template(&found.target.path, &names);
        if !subs.is_empty() {
            let how = subs
                .iter()
                .map(|(seg, p)| format!("`{seg}` is path parameter `{p}`"))
                .collect::<Vec<_>>()
                .join(", ");
            self.cx.report(
                Code::PathInferred,
                found.pos,
                format!(
                    "path `{template}` inferred from the concrete path `{}` of {} and the path parameters ({how})",
                    found.target.path,
                    if found.source == Source::Marker { "the endpoint line" } else { "the example request" }
                ),
            );
        }
        for p in left {
            let at = fields
                .iter()
                .find(|f| f.name.as_deref() == Some(p.as_str()))
                .map_or(found.pos, |f| pos_at(&self.cx.file, f.start));
            self.cx.report(
                Code::PathParamUnplaced,
                at,
                format!(
                    "path parameter `{p}` could not be placed in the example path `{}`",
                    found.target.path
                ),
            );
        }
        template
    }

    pub(super) fn servers(&mut self, found: &Found, samples: &[&SampleItem]) -> Vec<Server> {
        let (url, from) = match (&found.target.origin, found.source) {
            (Some(origin), Source::Api | Source::Marker) => (origin.clone(), None),
            _ => {
                let hit = samples.iter().find_map(|s| {
                    let origin = s.target.origin.as_ref()?;
                    let prefix = endpoint::match_suffix(&s.target.path, &self.template)?;
                    Some((format!("{origin}{prefix}"), *s))
                });
                match hit {
                    Some((url, s)) => (url, Some(s)),
                    // The vendor merge reports vendors without any server.
                    None => return Vec::new(),
                }
            }
        };
        let url = url.trim_end_matches('/').to_string();
        let pos = from.map_or(found.pos, |s| s.url_pos());
        if let Some(s) = from {
            self.cx.report(
                Code::ServerInferred,
                pos,
                format!(
                    "server `{url}` inferred from {} URL `{}` minus the path `{}`",
                    s.describe(),
                    s.sample.url,
                    self.template
                ),
            );
        }
        let mut variables = IndexMap::new();
        for var in template_names(&url).into_iter().map(str::to_string) {
            self.cx.report(
                Code::ServerVariableInferred,
                pos,
                format!("server variable `{var}` has no documented value; its default is its name"),
            );
            variables.insert(
                var.clone(),
                ServerVariable {
                    default: var,
                    enum_values: Vec::new(),
                    description: None,
                },
            );
        }
        self.cx.record("/servers/0", pos);
        vec![Server {
            url,
            description: None,
            variables,
        }]
    }

    /// Warn once when example requests use another method than documented.
    pub(super) fn check_methods(&mut self, found: &Found, samples: &[&SampleItem]) {
        if found.source == Source::Sample {
            return;
        }
        if let Some(s) = samples.iter().find(|s| s.sample.method() != self.method) {
            let why = match (s.sample.kind, s.sample.method) {
                (SampleKind::Curl, None) if s.sample.implied == Method::Post => {
                    " (curl sends POST when given data)"
                }
                _ => "",
            };
            self.cx.report(
                Code::MethodConflict,
                s.url_pos(),
                format!(
                    "{} sends {}{why}, but the page documents {}",
                    s.describe(),
                    s.sample.method().upper(),
                    self.method.upper()
                ),
            );
        }
    }
}
