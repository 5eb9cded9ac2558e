//! The operation's parameters from path, query, header and cookie
//! ParamFields: path parameters always required and undocumented path
//! variables added; `Content-Type`/`Accept` headers left to media types;
//! credential headers lifted into security schemes.

use indexmap::IndexMap;
use serde_json::Value;

use crate::diag::Code;
use crate::doc::Pos;
use crate::model::path::template_names;
use crate::model::{Operation, ParamLocation, Parameter, Schema};
use crate::pointer;

use super::super::security;
use super::fields::{self, Field, Loc};
use super::walk::SampleItem;
use super::Builder;

impl Builder<'_, '_> {
    pub(super) fn parameters(
        &mut self,
        op: &mut Operation,
        fields: &[Field],
        samples: &[&SampleItem],
    ) {
        let vars: Vec<String> = template_names(&self.template)
            .into_iter()
            .map(str::to_string)
            .collect();
        let mut plain: Vec<(Parameter, usize)> = Vec::new();
        let mut credentials: Vec<(Parameter, usize)> = Vec::new();
        for f in fields {
            let Some(loc) = f.loc.filter(|_| f.tab_status.is_none()) else {
                continue;
            };
            let location = match loc {
                Loc::Path => ParamLocation::Path,
                Loc::Query => ParamLocation::Query,
                Loc::Header => ParamLocation::Header,
                Loc::Cookie => ParamLocation::Cookie,
                Loc::Auth => {
                    self.auth_attribute(op, f);
                    continue;
                }
                Loc::Body => continue,
            };
            let Some(name) = f.name.clone() else {
                self.cx.report(
                    Code::FieldWithoutName,
                    self.pos(f.start),
                    format!("a `{}` ParamField has no name; dropped", location.as_str()),
                );
                continue;
            };
            if location == ParamLocation::Path && !vars.contains(&name) {
                self.cx.report(
                    Code::PathParameterUnused,
                    self.pos(f.start),
                    format!(
                        "path parameter `{name}` does not appear in the path `{}`; dropped",
                        self.template
                    ),
                );
                continue;
            }
            if location == ParamLocation::Header
                && matches!(
                    name.to_ascii_lowercase().as_str(),
                    "content-type" | "accept"
                )
            {
                // OpenAPI ignores these header parameters: media types say it.
                if name.eq_ignore_ascii_case("content-type") {
                    if let Some(media) = fields::default_literal(f) {
                        if media.contains('/') && self.header_content_type.is_none() {
                            self.header_content_type = Some(media);
                        }
                    }
                }
                self.cx.report(
                    Code::HeaderIgnored,
                    self.pos(f.start),
                    format!("header `{name}` is not a parameter in OpenAPI (media types say it); dropped"),
                );
                continue;
            }
            let dup = plain
                .iter()
                .chain(&credentials)
                .any(|(p, _)| p.name == name && p.location == location);
            if dup {
                self.cx.report(
                    Code::DuplicateField,
                    self.pos(f.start),
                    format!(
                        "{} parameter `{name}` is documented twice; the first is kept",
                        location.as_str()
                    ),
                );
                continue;
            }
            let mut required = fields::is_required(self.cx, f);
            if location == ParamLocation::Path && !required {
                self.cx.report(
                    Code::PathParameterRequired,
                    self.pos(f.start),
                    format!("path parameter `{name}` is not marked required, but path parameters always are"),
                );
                required = true;
            }
            // What a credential header looks like in the examples
            // (`Bearer ...`) tells which scheme it is.
            let shown = (location == ParamLocation::Header)
                .then(|| samples.iter().find_map(|s| s.header(&name)))
                .flatten()
                .filter(|_| security::scheme_for_header(&name, None, None).is_some())
                .map(|v| Value::String(v.to_string()));
            let param = Parameter {
                name: name.clone(),
                location,
                description: f.description.clone(),
                required,
                deprecated: f.deprecated,
                style: None,
                explode: None,
                schema: Schema::default(),
                example: shown,
                examples: IndexMap::new(),
                extensions: Default::default(),
            };
            let is_credential = location == ParamLocation::Header
                && security::scheme_for_header(&name, f.description.as_deref(), None).is_some();
            if is_credential {
                credentials.push((param, f.start));
            } else {
                plain.push((param, f.start));
            }
        }
        // Path variables nobody documented still need a parameter.
        for var in &vars {
            let documented = plain
                .iter()
                .any(|(p, _)| p.location == ParamLocation::Path && &p.name == var);
            if !documented {
                self.cx.report(
                    Code::PathParamUndocumented,
                    self.cx
                        .map
                        .locate(&self.op_ptr)
                        .map_or(Pos { line: 1, col: 1 }, |l| Pos {
                            line: l.line,
                            col: l.col,
                        }),
                    format!("path variable `{var}` has no ParamField; added as a required string"),
                );
                plain.push((Parameter::undocumented_path(var), usize::MAX));
            }
        }
        // Credential headers go last so that lifting them out leaves the
        // indices (and recorded positions) of the others unchanged.
        let all: Vec<(Parameter, usize)> = plain.into_iter().chain(credentials).collect();
        for (i, (mut param, start)) in all.into_iter().enumerate() {
            let ptr = pointer::join(&pointer::join(&self.op_ptr, "parameters"), &i.to_string());
            if start != usize::MAX {
                let pos = self.pos(start);
                self.cx.record(&ptr, pos);
                let field = fields.iter().find(|f| f.start == start);
                if let Some(f) = field {
                    param.schema =
                        fields::schema_of(self.cx, f, &pointer::join(&ptr, "schema"), false);
                }
            }
            op.parameters.push(param);
        }
        let before: Vec<String> = self.components.security_schemes.keys().cloned().collect();
        let params_before = op.parameters.clone();
        security::lift_credential_headers(self.cx, op, &self.op_ptr, &mut self.components);
        // Record where each new scheme came from (its header's position).
        for (name, _) in self.components.security_schemes.clone() {
            if before.contains(&name) {
                continue;
            }
            let idx = params_before.iter().position(|p| {
                p.location == ParamLocation::Header
                    && !op
                        .parameters
                        .iter()
                        .any(|q| q.name == p.name && q.location == p.location)
                    && security::scheme_for_header(&p.name, p.description.as_deref(), None)
                        .is_some_and(|(n, _)| name.starts_with(&n))
            });
            if let Some(i) = idx {
                let ptr = pointer::join(&pointer::join(&self.op_ptr, "parameters"), &i.to_string());
                if let Some(loc) = self.cx.map.locate(&ptr) {
                    let pos = Pos {
                        line: loc.line,
                        col: loc.col,
                    };
                    self.cx
                        .record(&pointer::join("/components/securitySchemes", &name), pos);
                }
            }
        }
    }
}
