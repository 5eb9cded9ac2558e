//! The client plan: every operation's method name, arguments, body and
//! response types, the client-level headers and the credential schemes.

use generator::model::{
    Contract, MediaType, Method, Operation, ParamLocation, Response, Schema, SchemaType,
    SecuritySchemeKind,
};

use crate::names::{pascal, plain_snake, Scope};
use generator::http::{is_json_media, is_success_key, media_essence, reason_phrase};

use super::*;
use crate::emit_types::is_sensitive_name;
use crate::ir::{Checks, Kind, TypeDef, Typed};
use crate::types::TypeSpace;

/// Plan every operation, defining its body and response types in `space`.
pub fn plan(contract: &Contract, space: &mut TypeSpace) -> ClientPlan {
    let mut methods = Scope::with_reserved(&[
        "new",
        "with_http_client",
        "validate_requests",
        "validate_responses",
        "base_url",
        "authorize",
        "credentials",
    ]);
    let mut schemes = Vec::new();
    let mut fields = Scope::with_reserved(&[]);
    for (name, scheme) in &contract.components.security_schemes {
        let kind = match scheme.kind {
            SecuritySchemeKind::ApiKey => SchemeKind::ApiKey {
                location: scheme.location.unwrap_or(ParamLocation::Header),
                name: scheme.name.clone().unwrap_or_else(|| name.clone()),
            },
            SecuritySchemeKind::Http
                if scheme
                    .scheme
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case("basic")) =>
            {
                SchemeKind::Basic
            }
            _ => SchemeKind::Bearer,
        };
        let field = fields.claim(&plain_snake(name, "credential"));
        methods.claim(&format!("with_{field}"));
        schemes.push(SchemePlan {
            name: name.clone(),
            field,
            kind,
        });
    }
    let headers = client_headers(contract, &mut methods);
    let mut ops = Vec::new();
    for (path, method, op) in contract.operations() {
        ops.push(plan_operation(
            contract,
            space,
            &mut methods,
            &headers,
            path,
            method,
            op,
        ));
    }
    let default_base_url = contract
        .servers
        .first()
        .map(|s| {
            let mut url = s.url.clone();
            for (name, var) in &s.variables {
                url = url.replace(&format!("{{{name}}}"), &var.default);
            }
            url
        })
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    ClientPlan {
        ops,
        headers,
        schemes,
        default_base_url,
    }
}

/// Required header parameters every operation has: set once on the client.
fn client_headers(contract: &Contract, methods: &mut Scope) -> Vec<ClientHeader> {
    let ops: Vec<&Operation> = contract.operations().map(|(_, _, op)| op).collect();
    let Some(first) = ops.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in &first.parameters {
        if p.location != ParamLocation::Header || !p.required {
            continue;
        }
        let everywhere = ops.iter().all(|op| {
            op.parameters.iter().any(|q| {
                q.location == ParamLocation::Header
                    && q.required
                    && q.name.eq_ignore_ascii_case(&p.name)
            })
        });
        if everywhere {
            let rust = plain_snake(&p.name, "header");
            methods.claim(&format!("with_{rust}"));
            out.push(ClientHeader {
                wire: p.name.clone(),
                rust,
                doc: p.description.clone(),
            });
        }
    }
    out
}

fn plan_operation(
    contract: &Contract,
    space: &mut TypeSpace,
    methods: &mut Scope,
    headers: &[ClientHeader],
    path: &str,
    method: Method,
    op: &Operation,
) -> OpPlan {
    let op_ptr = generator::pointer::operation(path, method);
    let fn_name = methods.claim(&plain_snake(&op.operation_id, "call"));
    let type_base = pascal(&op.operation_id, "Op");
    let mut arg_scope = Scope::with_reserved(&[
        "body", "options", "self", "request", "response", "status", "bytes", "url",
    ]);
    let mut params = Vec::new();
    for (i, p) in op.parameters.iter().enumerate() {
        if p.location == ParamLocation::Header
            && headers.iter().any(|h| h.wire.eq_ignore_ascii_case(&p.name))
        {
            continue;
        }
        let schema = contract.components.deref(&p.schema);
        let kind = param_kind(schema, p.location);
        let rules = param_rules(
            contract,
            space,
            schema,
            kind,
            &format!("{op_ptr}/parameters/{i}/schema"),
        );
        params.push(ParamPlan {
            wire: p.name.clone(),
            rust: arg_scope.claim(&plain_snake(&p.name, "param")),
            location: p.location,
            kind,
            style: ParamStyle::of(p.location, p.style.as_deref(), p.explode),
            required: p.required,
            doc: p.description.clone(),
            rules,
        });
    }
    let options = params
        .iter()
        .any(|p| !p.required)
        .then(|| space.items.claim(&format!("{type_base}Options")));
    let body = op.request_body.as_ref().and_then(|rb| {
        let (media, m) = MediaType::preferred(&rb.content)?;
        let essence = media_essence(media);
        let kind = if typed_as_json(media) {
            BodyKind::Json
        } else if essence == "application/x-www-form-urlencoded" {
            BodyKind::Form
        } else if essence == "multipart/form-data" {
            BodyKind::Multipart
        } else if essence.starts_with("text/") {
            BodyKind::Text
        } else {
            BodyKind::Bytes
        };
        let ptr = format!(
            "{op_ptr}/requestBody/content/{}/schema",
            generator::pointer::escape_pointer(media)
        );
        let hint = format!("{type_base} Body");
        let ty = match kind {
            BodyKind::Bytes | BodyKind::Text => None,
            BodyKind::Multipart => multipart_body(space, m.schema.as_ref(), &hint, &ptr),
            _ => Some(named_body(space, m.schema.as_ref(), &hint, &ptr)),
        };
        Some(BodyPlan {
            media: media.to_string(),
            kind,
            ty,
        })
    });
    let response_enum = space.items.claim(&format!("{type_base}Response"));
    let mut variants = Scope::with_reserved(&["Undocumented"]);
    let mut responses = Vec::new();
    let mut response_types = Vec::new();
    for (status, r) in &op.responses {
        let phrase = reason_phrase(status);
        let base = if status == "default" {
            "Default".to_string()
        } else if status.ends_with("XX") {
            format!("Status{}", status.to_ascii_lowercase())
        } else if phrase.is_empty() {
            format!("Status{status}")
        } else {
            pascal(phrase, "Status")
        };
        let variant = variants.claim(&base);
        let media = MediaType::preferred(&r.content)
            .map(|(media, _)| media.to_string())
            .unwrap_or_default();
        let body = match MediaType::preferred(&r.content) {
            None => RespBody::None,
            Some((media, m)) if typed_as_json(media) => {
                let hint = format!("{type_base} {variant}");
                let ptr = format!(
                    "{op_ptr}/responses/{status}/content/{}/schema",
                    generator::pointer::escape_pointer(media)
                );
                let idx = named_body(space, m.schema.as_ref(), &hint, &ptr);
                response_types.push((status.clone(), idx));
                RespBody::Json(idx)
            }
            Some((media, _)) if media_essence(media).starts_with("text/") => RespBody::Text,
            Some(_) => RespBody::Bytes,
        };
        let headers = response_headers(contract, r).map(|fields| {
            (
                space.items.claim(&format!("{type_base}{variant}Headers")),
                fields,
            )
        });
        responses.push(RespPlan {
            status: status.clone(),
            variant,
            body,
            media,
            doc: r.description.clone(),
            success: is_success_key(status),
            headers,
        });
    }
    let success_enum = (responses.iter().filter(|r| r.success).count() > 1)
        .then(|| space.items.claim(&format!("{type_base}Success")));
    let security = op
        .security
        .clone()
        .unwrap_or_else(|| contract.security.clone());
    let mut doc = match (&op.summary, &op.description) {
        (Some(s), Some(d)) if s != d => format!("{s}\n\n{d}"),
        (Some(s), _) => s.clone(),
        (None, Some(d)) => d.clone(),
        (None, None) => String::new(),
    };
    doc.push_str(&format!("\n\n`{} {path}`", method.upper()));
    OpPlan {
        method,
        path: path.to_string(),
        fn_name,
        doc: Some(doc.trim().to_string()),
        deprecated: op.deprecated,
        params,
        options,
        body_type: body.as_ref().and_then(|b| b.ty),
        body,
        response_enum,
        responses,
        success_enum,
        security,
        response_types,
        operation_id: op.operation_id.clone(),
    }
}

/// A response's documented headers, typed (none: `None`). `Content-Type`
/// is left out, as OpenAPI says: the media type decides it.
fn response_headers(contract: &Contract, r: &Response) -> Option<Vec<HeaderPlan>> {
    let mut scope = Scope::with_reserved(&[]);
    let fields: Vec<HeaderPlan> = r
        .headers
        .iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
        .map(|(name, h)| {
            let rust = scope.claim(&plain_snake(name, "header"));
            let kind = param_kind(contract.components.deref(&h.schema), ParamLocation::Header);
            HeaderPlan {
                secret: kind == ParamKind::Str && is_sensitive_name(&rust),
                wire: name.clone(),
                rust,
                kind,
                required: h.required,
                doc: h.description.clone(),
            }
        })
        .collect();
    (!fields.is_empty()).then_some(fields)
}

/// A `multipart/form-data` body's type: a struct of its own (refs
/// followed, so a component used as JSON elsewhere keeps its type) whose
/// `format: binary` properties are file parts. A body that is no object
/// is sent as bytes (`None`).
fn multipart_body(
    space: &mut TypeSpace,
    schema: Option<&Schema>,
    hint: &str,
    ptr: &str,
) -> Option<usize> {
    let schema = space.contract().components.deref(schema?).clone();
    if !crate::types::is_object(&schema) || schema.properties.is_empty() {
        return None;
    }
    space.files = true;
    let idx = space.define(&schema, hint, ptr, 0);
    space.files = false;
    match space.defs[idx].kind {
        Kind::Struct { .. } => {
            space.defs[idx].multipart = true;
            Some(idx)
        }
        _ => None,
    }
}

/// The body type as a named type (wrapping non-named ones in a newtype),
/// so every body has `validate()`.
fn named_body(space: &mut TypeSpace, schema: Option<&Schema>, hint: &str, ptr: &str) -> usize {
    let schema = schema.cloned().unwrap_or_default();
    let (typed, nullable) = space.typed_inner(&schema, hint, ptr, 0);
    let wanted = pascal(hint, "Body");
    match typed.ty {
        // A shape another operation already named: give it this
        // operation's name too, so signatures read naturally.
        Ty::Named(idx)
            if !nullable && !space.is_component(idx) && space.defs[idx].name != wanted =>
        {
            let name = space.scope.claim(&wanted);
            space.defs.push(TypeDef {
                name,
                doc: None,
                deprecated: false,
                kind: Kind::Alias(idx),
                not: None,
                multipart: false,
            });
            space.defs.len() - 1
        }
        Ty::Named(idx) if !nullable => idx,
        _ => {
            let name = space.scope.claim(&wanted);
            let inner = if nullable && typed.ty != Ty::Any {
                Typed::plain(Ty::Nullable(Box::new(typed)))
            } else {
                typed
            };
            space.defs.push(TypeDef {
                name,
                doc: None,
                deprecated: false,
                kind: Kind::Newtype(inner),
                not: None,
                multipart: false,
            });
            space.defs.len() - 1
        }
    }
}

/// A body the client sends and reads as JSON: a JSON media type, or a
/// `*/*` range (any body is accepted, so JSON is too).
pub(crate) fn typed_as_json(media: &str) -> bool {
    is_json_media(media) || media_essence(media) == "*/*"
}

/// The keywords a parameter's value is checked against (only those of
/// its kind: a string's length, a number's bounds, a list's size).
fn param_rules(
    contract: &Contract,
    space: &mut TypeSpace,
    schema: &Schema,
    kind: ParamKind,
    ptr: &str,
) -> ParamRules {
    let all = space.checks_of(schema, ptr);
    let checks = match kind {
        ParamKind::Str => Checks {
            min_length: all.min_length,
            max_length: all.max_length,
            pattern: all.pattern,
            format: all.format,
            ..Checks::default()
        },
        ParamKind::Int | ParamKind::Float => Checks {
            minimum: all.minimum,
            exclusive_minimum: all.exclusive_minimum,
            maximum: all.maximum,
            exclusive_maximum: all.exclusive_maximum,
            multiple_of: all.multiple_of,
            ..Checks::default()
        },
        ParamKind::List => Checks {
            min_items: all.min_items,
            max_items: all.max_items,
            unique_items: all.unique_items,
            ..Checks::default()
        },
        ParamKind::Bool | ParamKind::Object => Checks::default(),
    };
    let item = match (kind, schema.items.as_deref()) {
        (ParamKind::List, Some(items)) => {
            let items = contract.components.deref(items);
            let rules = param_rules(
                contract,
                space,
                items,
                ParamKind::Str,
                &format!("{ptr}/items"),
            );
            // Items are sent as text: only string rules apply to them.
            (!rules.is_empty()).then(|| Box::new(rules))
        }
        _ => None,
    };
    ParamRules {
        checks,
        allowed: schema
            .enum_values
            .iter()
            .flatten()
            .filter(|v| !v.is_null())
            .map(|v| v.to_string())
            .collect(),
        int32: kind == ParamKind::Int && schema.format.as_deref() == Some("int32"),
        item,
    }
}

fn param_kind(schema: &Schema, location: ParamLocation) -> ParamKind {
    match schema.schema_type {
        Some(SchemaType::Object) if location == ParamLocation::Query => ParamKind::Object,
        Some(SchemaType::Integer) => ParamKind::Int,
        Some(SchemaType::Number) => ParamKind::Float,
        Some(SchemaType::Boolean) => ParamKind::Bool,
        Some(SchemaType::Array) => ParamKind::List,
        _ => ParamKind::Str,
    }
}
