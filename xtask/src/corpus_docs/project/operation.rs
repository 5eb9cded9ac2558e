//! One operation projected: its parameters, request body, responses and
//! title, each reduced to what an MDX field can state.

use generator::http::is_json_media;
use generator::model::{Contract, MediaType, Method, Operation};

use super::node::node_of;
use super::{Body, Cx, Loc, Node, Param, ProjectedOp, Resp, Ty};

/// Project one operation of `contract`.
pub fn project(contract: &Contract, path: &str, method: Method, op: &Operation) -> ProjectedOp {
    let mut cx = Cx {
        components: &contract.components.schemas,
        mdx: true,
        stack: Vec::new(),
        exclusions: Vec::new(),
        nodes: 0,
    };
    let mut params = Vec::new();
    for p in &op.parameters {
        let loc = match p.location {
            generator::model::ParamLocation::Path => Loc::Path,
            generator::model::ParamLocation::Query => Loc::Query,
            generator::model::ParamLocation::Header => Loc::Header,
            generator::model::ParamLocation::Cookie => Loc::Cookie,
        };
        let at = format!("{} parameter {}", loc.name(), p.name);
        if !attribute_safe(&p.name) {
            cx.exclude("name an attribute cannot hold", &at);
            continue;
        }
        let mut node = node_of(&mut cx, &p.schema, &at, 0);
        field_defaults_only(&mut cx, &mut node, true, &at);
        params.push(Param {
            loc,
            name: p.name.clone(),
            required: p.required,
            node,
            description: p.description.clone(),
        });
    }

    let body = op.request_body.as_ref().and_then(|b| {
        let (media, m) = MediaType::preferred(&b.content)?;
        if b.content.len() > 1 {
            cx.exclude("more than one request media type", "body");
        }
        if !media.contains('/') || media.contains(['"', '\n']) {
            cx.exclude("request media type contentType cannot hold", "body");
            return None;
        }
        let Some(schema) = &m.schema else {
            cx.exclude("request body without a schema", "body");
            return None;
        };
        let mut node = node_of(&mut cx, schema, "body", 0);
        if node.description.is_none() {
            node.description = b.description.clone();
        }
        if node.ty == Ty::Object && !node.props.is_empty() {
            if node.nullable {
                cx.exclude("nullable request body", "body");
                node.nullable = false;
            }
            if node.map.take().is_some() {
                cx.exclude("properties beside additionalProperties", "body");
            }
        }
        let whole_field = node.ty != Ty::Object || node.props.is_empty();
        field_defaults_only(&mut cx, &mut node, whole_field, "body");
        Some(Body {
            media: media.to_string(),
            node,
        })
    });

    let mut responses = Vec::new();
    for (status, r) in &op.responses {
        let at = format!("response {status}");
        let json: Vec<(&String, &MediaType)> = r
            .content
            .iter()
            .filter(|(media, _)| is_json_media(media))
            .collect();
        if r.content.len() > json.len() {
            cx.exclude("non-JSON response body", &at);
        }
        if json.len() > 1 {
            cx.exclude("more than one JSON response media type", &at);
        }
        let body = json
            .first()
            .and_then(|(_, m)| m.schema.as_ref())
            .and_then(|schema| {
                let mut node = node_of(&mut cx, schema, &at, 0);
                let fields = node.fields_owner().is_some_and(|n| !n.props.is_empty());
                let shape_ok = match node.ty {
                    Ty::Object => fields,
                    // Fields for one element, and an array example.
                    Ty::Array => {
                        fields
                            && node
                                .items
                                .as_deref()
                                .is_some_and(|i| i.ty == Ty::Object && !i.nullable)
                    }
                    _ => false,
                };
                if !shape_ok {
                    let class = match node.ty {
                        _ if !node.alternatives.is_empty() => {
                            "response body: alternatives (no fields to list)"
                        }
                        Ty::Object if node.map.is_some() => {
                            "response body: a map (no fields to list)"
                        }
                        Ty::Object => "response body: object without properties",
                        Ty::Array => "response body: array of non-objects",
                        Ty::Any => "response body: any value",
                        _ => "response body: a scalar",
                    };
                    cx.exclude(class, &at);
                    return None;
                }
                if node.nullable {
                    cx.exclude("nullable response body", &at);
                    node.nullable = false;
                }
                if node.ty == Ty::Object && node.map.take().is_some() {
                    cx.exclude("properties beside additionalProperties", &at);
                }
                if node.ty == Ty::Array {
                    if node.items.as_ref().is_some_and(|i| i.map.is_some()) {
                        cx.exclude("properties beside additionalProperties", &at);
                    }
                    if let Some(items) = node.items.as_mut() {
                        items.map = None;
                    }
                }
                field_defaults_only(&mut cx, &mut node, false, &at);
                Some(node)
            });
        responses.push(Resp {
            status: status.clone(),
            description: r.description.clone(),
            body,
        });
    }

    let title = op
        .summary
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| {
            if op.operation_id.is_empty() {
                format!("{} {path}", method.upper())
            } else {
                op.operation_id.clone()
            }
        });
    let mut exclusions = cx.exclusions;
    exclusions.sort();
    exclusions.dedup();
    ProjectedOp {
        method,
        path: path.to_string(),
        title,
        description: op.description.clone(),
        params,
        body,
        responses,
        exclusions,
    }
}

/// Only a field has a `default` attribute: array items, map values and
/// a body or response that is not itself a field cannot state one.
fn field_defaults_only(cx: &mut Cx, node: &mut Node, is_field: bool, at: &str) {
    if !is_field && node.default.take().is_some() {
        cx.exclude("default of something that is not a field", at);
    }
    if let Some(items) = node.items.as_mut() {
        field_defaults_only(cx, items, false, &format!("{at}[]"));
    }
    if let Some(map) = node.map.as_mut() {
        field_defaults_only(cx, map, false, &format!("{at}{{}}"));
    }
    for p in &mut node.props {
        field_defaults_only(cx, &mut p.node, true, &format!("{at}.{}", p.name));
    }
    for a in &mut node.alternatives {
        field_defaults_only(cx, a, false, at);
    }
}

/// A name or value an MDX attribute can hold with one of its quotes.
pub fn attribute_safe(text: &str) -> bool {
    let both_quotes = text.contains('"') && text.contains('\'');
    !text.trim().is_empty()
        && text.trim() == text
        && !both_quotes
        && !text.chars().any(char::is_control)
}
