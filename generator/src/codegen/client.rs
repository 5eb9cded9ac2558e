//! Operations -> the vendor's async client: one method per operation,
//! credentials from the security schemes, per-status response enums.

use proc_macro2::TokenStream;
use quote::quote;

use crate::http::reason_phrase;
use crate::model::{
    Contract, MediaType, Method, Operation, ParamLocation, Parameter, Schema, SchemaType,
    SecurityRequirement, SecuritySchemeKind,
};

use super::emit_types::{doc_attr, ident, ty_tokens};
use super::ir::{Kind, Ty, TypeDef, Typed};
use super::names::{pascal, plain_snake, Scope};
use super::types::TypeSpace;

/// How a parameter value is passed and written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ParamKind {
    Str,
    Int,
    Float,
    Bool,
    List,
}

pub(super) struct ParamPlan {
    pub(super) wire: String,
    pub(super) rust: String,
    pub(super) location: ParamLocation,
    kind: ParamKind,
    pub(super) required: bool,
    doc: Option<String>,
}

enum BodyKind {
    Json,
    Form,
    Bytes,
}

struct BodyPlan {
    media: String,
    kind: BodyKind,
    ty: Option<usize>,
}

enum RespBody {
    None,
    Json(usize),
    Bytes,
}

pub(super) struct RespPlan {
    pub(super) status: String,
    pub(super) variant: String,
    body: RespBody,
    doc: String,
}

pub struct OpPlan {
    pub(super) method: Method,
    pub(super) path: String,
    pub(super) fn_name: String,
    doc: Option<String>,
    deprecated: bool,
    pub(super) params: Vec<ParamPlan>,
    pub(super) options: Option<String>,
    body: Option<BodyPlan>,
    pub(super) response_enum: String,
    pub(super) responses: Vec<RespPlan>,
    security: Vec<SecurityRequirement>,
    /// Type index of the request body type, for example tests.
    pub body_type: Option<usize>,
    /// (status, type index) of JSON response bodies, for example tests.
    pub response_types: Vec<(String, usize)>,
    pub operation_id: String,
}

/// A client-wide header: required by every operation, set once.
pub(super) struct ClientHeader {
    pub(super) wire: String,
    pub(super) rust: String,
    doc: Option<String>,
}

pub(super) struct SchemePlan {
    pub(super) name: String,
    pub(super) field: String,
    kind: SchemeKind,
}

enum SchemeKind {
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    Bearer,
    Basic,
}

pub struct ClientPlan {
    ops: Vec<OpPlan>,
    pub(super) headers: Vec<ClientHeader>,
    pub(super) schemes: Vec<SchemePlan>,
    default_base_url: Option<String>,
}

impl ClientPlan {
    pub fn operations(&self) -> &[OpPlan] {
        &self.ops
    }
}

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
    let op_ptr = crate::pointer::operation(path, method);
    let fn_name = methods.claim(&plain_snake(&op.operation_id, "call"));
    let type_base = pascal(&op.operation_id, "Op");
    let mut arg_scope = Scope::with_reserved(&[
        "body", "options", "self", "request", "response", "status", "bytes", "url",
    ]);
    let mut params = Vec::new();
    for p in &op.parameters {
        if p.location == ParamLocation::Header
            && headers.iter().any(|h| h.wire.eq_ignore_ascii_case(&p.name))
        {
            continue;
        }
        params.push(ParamPlan {
            wire: p.name.clone(),
            rust: arg_scope.claim(&plain_snake(&p.name, "param")),
            location: p.location,
            kind: param_kind(p),
            required: p.required,
            doc: p.description.clone(),
        });
    }
    let options = params
        .iter()
        .any(|p| !p.required)
        .then(|| space.scope.claim(&format!("{type_base}Options")));
    let body = op.request_body.as_ref().and_then(|rb| {
        let (media, m) = pick_media(&rb.content)?;
        let kind = if is_json(media) {
            BodyKind::Json
        } else if media == "application/x-www-form-urlencoded" {
            BodyKind::Form
        } else {
            BodyKind::Bytes
        };
        let ty = match kind {
            BodyKind::Bytes => None,
            _ => Some(named_body(
                space,
                m.schema.as_ref(),
                &format!("{type_base} Body"),
                &format!(
                    "{op_ptr}/requestBody/content/{}/schema",
                    crate::model::escape_pointer(media)
                ),
            )),
        };
        Some(BodyPlan {
            media: media.to_string(),
            kind,
            ty,
        })
    });
    let response_enum = space.scope.claim(&format!("{type_base}Response"));
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
        let body = match pick_media(&r.content) {
            None => RespBody::None,
            Some((media, m)) if is_json(media) => {
                let hint = format!("{type_base} {variant}");
                let ptr = format!(
                    "{op_ptr}/responses/{status}/content/{}/schema",
                    crate::model::escape_pointer(media)
                );
                let idx = named_body(space, m.schema.as_ref(), &hint, &ptr);
                response_types.push((status.clone(), idx));
                RespBody::Json(idx)
            }
            Some(_) => RespBody::Bytes,
        };
        responses.push(RespPlan {
            status: status.clone(),
            variant,
            body,
            doc: r.description.clone(),
        });
    }
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
        security,
        response_types,
        operation_id: op.operation_id.clone(),
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
            });
            space.defs.len() - 1
        }
    }
}

fn pick_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
    content
        .iter()
        .find(|(m, _)| is_json(m))
        .or_else(|| content.iter().next())
        .map(|(m, t)| (m.as_str(), t))
}

fn is_json(media: &str) -> bool {
    let m = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m == "*/*" || m == "text/json"
}

fn param_kind(p: &Parameter) -> ParamKind {
    match p.schema.schema_type {
        Some(SchemaType::Integer) => ParamKind::Int,
        Some(SchemaType::Number) => ParamKind::Float,
        Some(SchemaType::Boolean) => ParamKind::Bool,
        Some(SchemaType::Array) => ParamKind::List,
        _ => ParamKind::Str,
    }
}

fn arg_type(kind: ParamKind, owned: bool) -> TokenStream {
    match (kind, owned) {
        (ParamKind::Str, false) => quote! { &str },
        (ParamKind::Str, true) => quote! { ::std::string::String },
        (ParamKind::Int, _) => quote! { i64 },
        (ParamKind::Float, _) => quote! { f64 },
        (ParamKind::Bool, _) => quote! { bool },
        (ParamKind::List, false) => quote! { &[::std::string::String] },
        (ParamKind::List, true) => quote! { ::std::vec::Vec<::std::string::String> },
    }
}

/// Emit options structs, response enums and the client.
pub fn emit(plan: &ClientPlan, defs: &[TypeDef]) -> TokenStream {
    let mut items = Vec::new();
    for op in &plan.ops {
        items.push(emit_options(op));
        items.push(emit_response_enum(op, defs));
    }
    items.push(emit_client(plan, defs));
    quote! { #( #items )* }
}

fn emit_options(op: &OpPlan) -> TokenStream {
    let Some(name) = &op.options else {
        return quote! {};
    };
    let name = ident(name);
    let fields = op.params.iter().filter(|p| !p.required).map(|p| {
        let f = ident(&p.rust);
        let ty = arg_type(p.kind, true);
        let doc = doc_attr(&p.doc);
        quote! { #doc pub #f: ::std::option::Option<#ty>, }
    });
    let doc = format!(" Optional parameters of [`Client::{}`].", op.fn_name);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name { #( #fields )* }
    }
}

fn emit_response_enum(op: &OpPlan, defs: &[TypeDef]) -> TokenStream {
    let name = ident(&op.response_enum);
    let variants = op.responses.iter().map(|r| {
        let v = ident(&r.variant);
        let first = super::docs::one_line(r.doc.lines().next().unwrap_or(""));
        let doc = format!(" {} — {first}", super::docs::one_line(&r.status));
        let range = r.status == "default" || r.status.ends_with("XX");
        let body = match &r.body {
            RespBody::None => None,
            RespBody::Json(idx) => Some(ty_tokens(&Ty::Named(*idx), defs)),
            RespBody::Bytes => Some(quote! { ::std::vec::Vec<u8> }),
        };
        match (range, body) {
            (false, None) => quote! { #[doc = #doc] #v, },
            (false, Some(b)) => quote! { #[doc = #doc] #v(#b), },
            (true, None) => quote! { #[doc = #doc] #v { status: u16 }, },
            (true, Some(b)) => quote! { #[doc = #doc] #v { status: u16, body: #b }, },
        }
    });
    let doc = format!(
        " What [`Client::{}`] can answer: one variant per documented status.",
        op.fn_name
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #variants )*
            /// A status the contract does not document, with its raw body.
            Undocumented(::contract_runtime::RawResponse),
        }
    }
}

fn emit_client(plan: &ClientPlan, defs: &[TypeDef]) -> TokenStream {
    let cred_fields = plan.schemes.iter().map(|s| {
        let f = ident(&s.field);
        let doc = format!(
            " Credential for security scheme `{}`.",
            super::docs::one_line(&s.name)
        );
        match s.kind {
            SchemeKind::Basic => quote! { #[doc = #doc] pub #f: ::std::option::Option<(::std::string::String, ::std::string::String)>, },
            _ => quote! { #[doc = #doc] pub #f: ::std::option::Option<::std::string::String>, },
        }
    });
    let cred_setters = plan.schemes.iter().map(|s| {
        let f = ident(&s.field);
        let setter = ident(&format!("with_{}", s.field));
        match &s.kind {
            SchemeKind::Basic => quote! {
                /// Set the HTTP basic credentials.
                pub fn #setter(mut self, user: impl ::std::convert::Into<::std::string::String>, password: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.credentials.#f = ::std::option::Option::Some((user.into(), password.into()));
                    self
                }
            },
            SchemeKind::Bearer => {
                let doc = format!(
                    " Set the bearer token for `{}` (sent as `Authorization: Bearer <token>`).",
                    super::docs::one_line(&s.name)
                );
                quote! {
                    #[doc = #doc]
                    pub fn #setter(mut self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.credentials.#f = ::std::option::Option::Some(token.into());
                        self
                    }
                }
            }
            SchemeKind::ApiKey { location, name } => {
                let doc = format!(
                    " Set the API key for `{}` (sent in {} `{}`).",
                    super::docs::one_line(&s.name),
                    location.as_str(),
                    super::docs::one_line(name)
                );
                quote! {
                    #[doc = #doc]
                    pub fn #setter(mut self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.credentials.#f = ::std::option::Option::Some(key.into());
                        self
                    }
                }
            }
        }
    });
    let apply_arms = plan.schemes.iter().enumerate().map(|(i, s)| {
        let f = ident(&s.field);
        let apply = match &s.kind {
            SchemeKind::Bearer => quote! { request.bearer_auth(value) },
            SchemeKind::Basic => quote! { request.basic_auth(&value.0, ::std::option::Option::Some(&value.1)) },
            SchemeKind::ApiKey { location: ParamLocation::Query, name } => quote! { request.query(&[(#name, value)]) },
            SchemeKind::ApiKey { location: ParamLocation::Cookie, name } => {
                let fmt = format!("{name}={{}}");
                quote! { request.header("Cookie", ::std::format!(#fmt, value)) }
            }
            SchemeKind::ApiKey { name, .. } => quote! { request.header(#name, value) },
        };
        quote! { #i => match &self.credentials.#f { ::std::option::Option::Some(value) => #apply, ::std::option::Option::None => request }, }
    });
    let has_arms = plan.schemes.iter().enumerate().map(|(i, s)| {
        let f = ident(&s.field);
        quote! { #i => self.credentials.#f.is_some(), }
    });
    let header_fields = plan.headers.iter().map(|h| {
        let f = ident(&h.rust);
        quote! { #f: ::std::option::Option<::std::string::String>, }
    });
    let header_inits = plan.headers.iter().map(|h| {
        let f = ident(&h.rust);
        quote! { #f: ::std::option::Option::None, }
    });
    let header_setters = plan.headers.iter().map(|h| {
        let f = ident(&h.rust);
        let setter = ident(&format!("with_{}", h.rust));
        let wire = &h.wire;
        let doc = format!(
            " Set header `{}`, which every operation requires. {}",
            super::docs::one_line(wire),
            super::docs::one_line(h.doc.as_deref().unwrap_or_default())
        );
        quote! {
            #[doc = #doc]
            pub fn #setter(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.#f = ::std::option::Option::Some(value.into());
                self
            }
        }
    });
    let header_apply = plan.headers.iter().map(|h| {
        let f = ident(&h.rust);
        let wire = &h.wire;
        quote! { if let ::std::option::Option::Some(value) = &self.#f { request = request.header(#wire, value); } }
    });
    let default_impl = plan.default_base_url.as_ref().map(|url| {
        quote! {
            /// The server the contract documents.
            pub const DEFAULT_BASE_URL: &str = #url;
            impl ::std::default::Default for Client {
                fn default() -> Self { Self::new(DEFAULT_BASE_URL) }
            }
        }
    });
    let methods = plan.ops.iter().map(|op| emit_method(op, plan, defs));
    // `Debug` says which credentials and headers are set, never their values.
    let cred_debug = plan.schemes.iter().map(|s| {
        let f = ident(&s.field);
        let name = &s.field;
        quote! { .field(#name, &self.#f.as_ref().map(|_| "[redacted]")) }
    });
    let header_debug = plan.headers.iter().map(|h| {
        let f = ident(&h.rust);
        let name = &h.rust;
        quote! { .field(#name, &self.#f.as_ref().map(|_| "[redacted]")) }
    });
    quote! {
        /// Credentials, one per security scheme of the contract. `Debug`
        /// shows which are set, never their values.
        #[derive(Clone, Default, PartialEq)]
        pub struct Credentials { #( #cred_fields )* }

        impl ::std::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Credentials") #( #cred_debug )* .finish()
            }
        }

        #default_impl

        /// The vendor's API. Requests are validated against the contract before
        /// they are sent (switch off with [`Client::validate_requests`]).
        /// `Debug` shows which credentials and headers are set, never their values.
        #[derive(Clone)]
        pub struct Client {
            base_url: ::std::string::String,
            http: ::reqwest::Client,
            credentials: Credentials,
            validate_requests: bool,
            validate_responses: bool,
            #( #header_fields )*
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    .field("credentials", &self.credentials)
                    .field("validate_requests", &self.validate_requests)
                    .field("validate_responses", &self.validate_responses)
                    #( #header_debug )*
                    .finish_non_exhaustive()
            }
        }

        impl Client {
            /// A client for the API at `base_url` (e.g. a mock server).
            pub fn new(base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
                Client {
                    base_url: base_url.into(),
                    http: ::reqwest::Client::new(),
                    credentials: Credentials::default(),
                    validate_requests: true,
                    validate_responses: false,
                    #( #header_inits )*
                }
            }
            /// Use this `reqwest::Client` (proxies, timeouts, TLS settings).
            pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
                self.http = http;
                self
            }
            /// Validate request bodies before sending (on by default).
            pub fn validate_requests(mut self, on: bool) -> Self {
                self.validate_requests = on;
                self
            }
            /// Validate documented response bodies (off by default).
            pub fn validate_responses(mut self, on: bool) -> Self {
                self.validate_responses = on;
                self
            }
            pub fn base_url(&self) -> &str {
                &self.base_url
            }
            #( #cred_setters )*
            #( #header_setters )*

            /// Apply the first alternative whose credentials are all set.
            fn authorize(&self, mut request: ::reqwest::RequestBuilder, alternatives: &[&[usize]]) -> ::reqwest::RequestBuilder {
                #( #header_apply )*
                let has = |scheme: usize| -> bool { match scheme { #( #has_arms )* _ => false } };
                if let ::std::option::Option::Some(chosen) = alternatives.iter().find(|alt| !alt.is_empty() && alt.iter().all(|s| has(*s))) {
                    for scheme in chosen.iter() {
                        request = match *scheme { #( #apply_arms )* _ => request };
                    }
                }
                request
            }

            #( #methods )*
        }
    }
}

fn emit_method(op: &OpPlan, plan: &ClientPlan, defs: &[TypeDef]) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let doc = doc_attr(&op.doc);
    let deprecated = if op.deprecated {
        quote! { #[deprecated] }
    } else {
        quote! {}
    };
    let response_enum = ident(&op.response_enum);
    let required: Vec<&ParamPlan> = op.params.iter().filter(|p| p.required).collect();
    let args = required.iter().map(|p| {
        let name = ident(&p.rust);
        let ty = arg_type(p.kind, false);
        quote! { #name: #ty, }
    });
    let body_arg = op.body.as_ref().map(|b| match b.ty {
        Some(idx) => {
            let ty = ty_tokens(&Ty::Named(idx), defs);
            quote! { body: &#ty, }
        }
        None => quote! { body: ::std::vec::Vec<u8>, },
    });
    let options_arg = op.options.as_ref().map(|o| {
        let o = ident(o);
        quote! { options: &#o, }
    });
    // URL: literal path pieces with encoded path parameters.
    let mut fmt = String::from("{}");
    let mut fmt_args = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        fmt.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
        let name = &rest[start + 1..start + len];
        fmt.push_str("{}");
        match op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire == name)
        {
            Some(p) => {
                let id = ident(&p.rust);
                fmt_args.push(quote! { ::contract_runtime::encode_segment(&#id.to_string()) });
            }
            None => fmt_args.push(quote! { #name }),
        }
        rest = &rest[start + len + 1..];
    }
    fmt.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    let method = match op.method {
        Method::Get => quote! { GET },
        Method::Put => quote! { PUT },
        Method::Post => quote! { POST },
        Method::Delete => quote! { DELETE },
        Method::Options => quote! { OPTIONS },
        Method::Head => quote! { HEAD },
        Method::Patch => quote! { PATCH },
        Method::Trace => quote! { TRACE },
    };
    let has_cookies = op
        .params
        .iter()
        .any(|p| p.location == ParamLocation::Cookie);
    let param_apply = op.params.iter().filter(|p| p.location != ParamLocation::Path).map(|p| {
        let id = ident(&p.rust);
        let wire = &p.wire;
        let value = if p.required { quote! { #id } } else { quote! { value } };
        let text = match p.kind {
            ParamKind::List => quote! { #value.join(",") },
            _ => quote! { #value.to_string() },
        };
        let apply = match (p.location, p.kind) {
            (ParamLocation::Query, ParamKind::List) => quote! { for item in #value.iter() { request = request.query(&[(#wire, item)]); } },
            (ParamLocation::Query, _) => quote! { request = request.query(&[(#wire, #text)]); },
            (ParamLocation::Header, _) => quote! { request = request.header(#wire, #text); },
            (ParamLocation::Cookie, _) => quote! { cookies.push(::std::format!("{}={}", #wire, #text)); },
            (ParamLocation::Path, _) => quote! {},
        };
        if p.required {
            apply
        } else {
            quote! { if let ::std::option::Option::Some(value) = &options.#id { #apply } }
        }
    }).collect::<Vec<_>>();
    let cookie_init = if !has_cookies {
        quote! {}
    } else {
        quote! { let mut cookies: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new(); }
    };
    let cookie_finish = if !has_cookies {
        quote! {}
    } else {
        quote! { if !cookies.is_empty() { request = request.header("Cookie", cookies.join("; ")); } }
    };
    let (check_body, send_body) = match &op.body {
        None => (quote! {}, quote! {}),
        Some(b) => {
            let media = &b.media;
            match b.kind {
                BodyKind::Json => (
                    quote! { ::contract_runtime::check_request(body, self.validate_requests)?; },
                    quote! { request = request.json(body); },
                ),
                BodyKind::Form => (
                    quote! { ::contract_runtime::check_request(body, self.validate_requests)?; },
                    quote! { request = request.form(body); },
                ),
                BodyKind::Bytes => (
                    quote! {},
                    quote! { request = request.header("Content-Type", #media).body(body); },
                ),
            }
        }
    };
    let scheme_index = |name: &str| plan.schemes.iter().position(|s| s.name == name);
    let alternatives = op.security.iter().map(|alt| {
        let ids: Vec<usize> = alt.keys().filter_map(|k| scheme_index(k)).collect();
        quote! { &[#( #ids ),*] }
    });
    let arms = op.responses.iter().map(|r| {
        let v = ident(&r.variant);
        let range = r.status == "default" || r.status.ends_with("XX");
        let pattern = if r.status == "default" {
            quote! { _ }
        } else if let Some(digit) = r.status.strip_suffix("XX").and_then(|d| d.parse::<u16>().ok()) {
            let lo = digit * 100;
            let hi = lo + 99;
            quote! { #lo..=#hi }
        } else {
            let code: u16 = r.status.parse().unwrap_or(0);
            quote! { #code }
        };
        let value = match &r.body {
            RespBody::None => None,
            RespBody::Json(idx) => {
                let ty = ty_tokens(&Ty::Named(*idx), defs);
                Some(quote! { ::contract_runtime::decode_response::<#ty>(status, &bytes, self.validate_responses)? })
            }
            RespBody::Bytes => Some(quote! { bytes.to_vec() }),
        };
        let build = match (range, value) {
            (false, None) => quote! { #response_enum::#v },
            (false, Some(value)) => quote! { #response_enum::#v(#value) },
            (true, None) => quote! { #response_enum::#v { status } },
            (true, Some(value)) => quote! { #response_enum::#v { status, body: #value } },
        };
        (r.status == "default", quote! { #pattern => #build, })
    }).collect::<Vec<_>>();
    let specific = arms.iter().filter(|(d, _)| !d).map(|(_, t)| t);
    let fallback = arms.iter().find(|(d, _)| *d).map(|(_, t)| t.clone()).unwrap_or_else(|| {
        quote! { _ => #response_enum::Undocumented(::contract_runtime::RawResponse { status, body: bytes.to_vec() }), }
    });
    quote! {
        #doc
        #deprecated
        pub async fn #fn_name(&self, #( #args )* #body_arg #options_arg) -> ::std::result::Result<#response_enum, ::contract_runtime::ClientError> {
            #check_body
            let url = ::std::format!(#fmt, self.base_url.trim_end_matches('/') #(, #fmt_args )*);
            let mut request = self.http.request(::reqwest::Method::#method, url);
            request = self.authorize(request, &[#( #alternatives ),*]);
            #cookie_init
            #( #param_apply )*
            #cookie_finish
            #send_body
            let response = request.send().await?;
            let status = response.status().as_u16();
            let bytes = response.bytes().await?;
            ::std::result::Result::Ok(match status {
                #( #specific )*
                #fallback
            })
        }
    }
}
