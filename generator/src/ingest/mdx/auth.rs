//! How the operation authenticates, when a page says so other than with
//! a credential header ParamField: `<ParamField auth="...">`,
//! `authMethod:` frontmatter, or the credentials example requests send.

use crate::diag::Code;
use crate::doc::Pos;
use crate::model::{Operation, ParamLocation, SecurityRequirement, SecurityScheme};
use crate::pointer;

use super::super::security;
use super::fields::Field;
use super::walk::SampleItem;
use super::Builder;

impl Builder<'_, '_> {
    /// `<ParamField auth="X-Api-Key">`: an API key in that header.
    pub(super) fn auth_attribute(&mut self, op: &mut Operation, f: &Field) {
        let Some(name) = f.name.clone() else { return };
        let scheme = SecurityScheme::api_key(ParamLocation::Header, &name, f.description.clone());
        let scheme_name = self.add_scheme(&name, scheme, self.pos(f.start));
        self.cx.report(
            Code::CredentialHeader,
            self.pos(f.start),
            format!("`auth` field `{name}` became security scheme `{scheme_name}` (an API key in a header)"),
        );
        let mut req = SecurityRequirement::new();
        req.insert(scheme_name, Vec::new());
        op.security.get_or_insert_with(Vec::new).push(req);
    }

    /// Insert a scheme under `base` (or `base2`... when taken by another),
    /// recording `pos` for a scheme that is new.
    fn add_scheme(&mut self, base: &str, scheme: SecurityScheme, pos: Pos) -> String {
        let known = self.components.security_schemes.len();
        let name = self.components.add_security_scheme(base, scheme);
        if self.components.security_schemes.len() > known {
            self.cx
                .record(&pointer::join("/components/securitySchemes", &name), pos);
        }
        name
    }

    /// Credentials shown by `authMethod:` or example requests, when no
    /// credential header ParamField said how to authenticate.
    pub(super) fn security(&mut self, op: &mut Operation, samples: &[&SampleItem]) {
        if op.security.is_some() {
            return;
        }
        let mut req = SecurityRequirement::new();
        if let Some((method, pos)) = self.page.front("authMethod") {
            let m = method.trim().to_ascii_lowercase();
            let scheme = match m.as_str() {
                "bearer" => Some(("bearerAuth", SecurityScheme::bearer(None))),
                "basic" => {
                    let mut s = SecurityScheme::bearer(None);
                    s.scheme = Some("basic".into());
                    Some(("basicAuth", s))
                }
                "key" => None,
                "none" => {
                    op.security = Some(Vec::new());
                    self.cx.report(
                        Code::AuthInferred,
                        pos,
                        "`authMethod: none`: the operation needs no credentials",
                    );
                    return;
                }
                _ => {
                    self.cx.report(
                        Code::AuthMethodInvalid,
                        pos,
                        format!("`authMethod: {method}` is not one of bearer, basic, key, none; ignored"),
                    );
                    None
                }
            };
            if let Some((name, scheme)) = scheme {
                let name = self.add_scheme(name, scheme, pos);
                self.cx.report(
                    Code::AuthInferred,
                    pos,
                    format!("security scheme `{name}` inferred from `authMethod: {method}`"),
                );
                req.insert(name, Vec::new());
            } else if m == "key" {
                let header = samples.iter().find_map(|s| {
                    s.sample.headers.iter().find_map(|(n, v, line)| {
                        let (_, scheme) = security::scheme_for_header(n, None, Some(v))?;
                        (scheme.name.is_some() && !n.eq_ignore_ascii_case("authorization"))
                            .then(|| (n.clone(), s.line_pos(*line)))
                    })
                });
                match header {
                    Some((n, at)) => {
                        let name = self.add_scheme(&n, SecurityScheme::api_key(ParamLocation::Header, &n, None), at);
                        self.cx.report(Code::AuthInferred, pos, format!("security scheme `{name}` inferred from `authMethod: key` and the header the example sends"));
                        req.insert(name, Vec::new());
                    }
                    None => self.cx.report(
                        Code::AuthMethodKey,
                        pos,
                        "`authMethod: key` does not say which header carries the key (that is site configuration) and no example shows it; no scheme added",
                    ),
                }
            }
        }
        if req.is_empty() {
            for s in samples {
                let mut found: Vec<(String, SecurityScheme, Pos)> = Vec::new();
                for (n, v, line) in &s.sample.headers {
                    if let Some((name, scheme)) = security::scheme_for_header(n, None, Some(v)) {
                        found.push((name, scheme, s.line_pos(*line)));
                    }
                }
                if let Some(line) = s.sample.basic_user {
                    let mut scheme = SecurityScheme::bearer(None);
                    scheme.scheme = Some("basic".into());
                    found.push(("basicAuth".into(), scheme, s.line_pos(line)));
                }
                for (name, scheme, at) in found {
                    let what = match scheme.scheme.as_deref() {
                        Some(k) => format!("http {k}"),
                        None => format!(
                            "an API key in header `{}`",
                            scheme.name.clone().unwrap_or_default()
                        ),
                    };
                    let name = self.add_scheme(&name, scheme, at);
                    if let std::collections::btree_map::Entry::Vacant(slot) =
                        req.entry(name.clone())
                    {
                        slot.insert(Vec::new());
                        self.cx.report(
                            Code::AuthInferred,
                            at,
                            format!("security scheme `{name}` ({what}) inferred from the credentials {} sends", s.describe()),
                        );
                    }
                }
                if !req.is_empty() {
                    break;
                }
            }
        }
        if !req.is_empty() {
            op.security = Some(vec![req]);
        }
    }
}
