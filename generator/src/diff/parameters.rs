//! Parameters: matched by location and name (a path parameter by its
//! place in the template, a header case-insensitively), then compared
//! field by field and schema by schema.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::path::template_names;
use crate::model::{Operation, ParamLocation, Parameter};

use super::schema::At;
use super::{val, Differ, Direction, Here, Object, OperationRef};

impl Differ<'_> {
    pub(super) fn parameters(
        &mut self,
        old_path: &str,
        o: &Operation,
        new_path: &str,
        n: &Operation,
        h: &Here,
    ) {
        let old = keyed_parameters(old_path, &o.parameters);
        let new = keyed_parameters(new_path, &n.parameters);
        let opr = Some(h.op);
        let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for key in keys {
            match (old.get(key), new.get(key)) {
                (Some((i, p)), None) => self
                    .push(
                        "request-parameter-removed",
                        opr,
                        format!("{}/parameters/{i}", h.new),
                    )
                    .phys(format!("{}/parameters", h.new))
                    .base(format!("{}/parameters/{i}", h.old))
                    .before(val(&p.name))
                    .msg(format!("{} was removed", param_label(p))),
                (None, Some((i, p))) => {
                    let rule = if p.required {
                        "request-required-parameter-added"
                    } else {
                        "request-optional-parameter-added"
                    };
                    self.push(rule, opr, format!("{}/parameters/{i}", h.new))
                        .after(val(&p.name))
                        .msg(format!(
                            "{} was added{}",
                            param_label(p),
                            if p.required { " (required)" } else { "" }
                        ));
                }
                (Some((j, a)), Some((i, b))) => {
                    let new_at = format!("{}/parameters/{i}", h.new);
                    let old_at = format!("{}/parameters/{j}", h.old);
                    self.parameter(a, b, &new_at, &old_at, h.op)
                }
                (None, None) => {}
            }
        }
    }

    fn parameter(&mut self, a: &Parameter, b: &Parameter, new: &str, old: &str, op: &OperationRef) {
        let opr = Some(op);
        let label = param_label(b);
        // One builder chain per rule, as in `operations`: the chain is the
        // change's record (rule, pointers, before, after, message).
        if a.name != b.name && b.location == ParamLocation::Path {
            self.push("request-parameter-renamed", opr, format!("{new}/name"))
                .base(format!("{old}/name"))
                .before(val(&a.name))
                .after(val(&b.name))
                .msg(format!(
                    "path parameter `{}` is now called `{}`",
                    a.name, b.name
                ));
        }
        if a.required != b.required {
            let (rule, what) = if b.required {
                ("request-parameter-became-required", "required")
            } else {
                ("request-parameter-became-optional", "optional")
            };
            self.push(rule, opr, format!("{new}/required"))
                .base(format!("{old}/required"))
                .before(val(&a.required))
                .after(val(&b.required))
                .msg(format!("{label} became {what}"));
        }
        if a.deprecated != b.deprecated {
            let (rule, what) = if b.deprecated {
                ("request-parameter-deprecated", "became deprecated")
            } else {
                ("request-parameter-reactivated", "is no longer deprecated")
            };
            self.push(rule, opr, format!("{new}/deprecated"))
                .base(format!("{old}/deprecated"))
                .before(val(&a.deprecated))
                .after(val(&b.deprecated))
                .msg(format!("{label} {what}"));
        }
        if serialization(a) != serialization(b) {
            self.push(
                "request-parameter-style-changed",
                opr,
                format!("{new}/style"),
            )
            .phys(new)
            .base(format!("{old}/style"))
            .before(val(&serialization(a)))
            .after(val(&serialization(b)))
            .msg(format!("{label} is serialized differently"));
        }
        if a.description != b.description {
            self.push(
                "request-description-changed",
                opr,
                format!("{new}/description"),
            )
            .base(format!("{old}/description"))
            .before(val(&a.description))
            .after(val(&b.description))
            .msg(format!("the description of {label} changed"));
        }
        if a.example != b.example || a.examples != b.examples {
            self.push("request-example-changed", opr, format!("{new}/example"))
                .phys(new)
                .base(format!("{old}/example"))
                .before(val(&a.example))
                .after(val(&b.example))
                .msg(format!("the example of {label} changed"));
        }
        let at = At::root(format!("{new}/schema"), format!("{old}/schema"), label);
        self.walk(Direction::Request, Object::Parameter, op)
            .compare(&a.schema, &b.schema, &at);
    }
}

/// Parameters by what identifies them across versions: a path parameter
/// by its position in the template, a header case-insensitively, others
/// by location and name.
fn keyed_parameters<'p>(
    path: &str,
    list: &'p [Parameter],
) -> BTreeMap<String, (usize, &'p Parameter)> {
    let vars = template_names(path);
    let mut map: BTreeMap<String, (usize, &'p Parameter)> = BTreeMap::new();
    for (i, p) in list.iter().enumerate() {
        let key = match p.location {
            ParamLocation::Path => match vars.iter().position(|v| *v == p.name) {
                Some(at) => format!("path#{at:03}"),
                None => format!("path:{}", p.name),
            },
            ParamLocation::Header => format!("header:{}", p.name.to_ascii_lowercase()),
            other => format!("{}:{}", other.as_str(), p.name),
        };
        map.entry(key).or_insert((i, p));
    }
    map
}

fn param_label(p: &Parameter) -> String {
    format!("{} parameter `{}`", p.location.as_str(), p.name)
}

/// A parameter's effective style and explode (OpenAPI defaults applied).
fn serialization(p: &Parameter) -> (String, bool) {
    let style = p.style.clone().unwrap_or_else(|| {
        match p.location {
            ParamLocation::Query | ParamLocation::Cookie => "form",
            ParamLocation::Path | ParamLocation::Header => "simple",
        }
        .to_string()
    });
    let explode = p.explode.unwrap_or(style == "form");
    (style, explode)
}
