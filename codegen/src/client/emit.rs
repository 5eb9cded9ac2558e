//! Client plan -> tokens: options structs, per-status response enums, the
//! `Client` with its credentials and one async method per operation.

use std::ops::Range;

use generator::model::path::{path_pieces, PathPiece};
use proc_macro2::TokenStream;
use quote::quote;

use super::*;
use crate::emit_types::{doc_attr, ident, ty_tokens};
use crate::ir::TypeDef;

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

/// The options structs and response enums of the operations in `range`
/// (in plan order; the client follows them in the module).
pub fn emit_op_items(plan: &ClientPlan, range: Range<usize>, defs: &[TypeDef]) -> TokenStream {
    let mut items = Vec::new();
    for op in &plan.ops[range] {
        items.push(emit_options(op));
        items.push(emit_response_enum(op, defs));
    }
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
        let first = crate::docs::one_line(r.doc.lines().next().unwrap_or(""));
        let doc = format!(" {} — {first}", crate::docs::one_line(&r.status));
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

/// The credentials, the `Client` and its methods.
pub fn emit_client(plan: &ClientPlan, defs: &[TypeDef]) -> TokenStream {
    let cred_fields = plan.schemes.iter().map(|s| {
        let f = ident(&s.field);
        let doc = format!(
            " Credential for security scheme `{}`.",
            crate::docs::one_line(&s.name)
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
                    crate::docs::one_line(&s.name)
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
                    crate::docs::one_line(&s.name),
                    location.as_str(),
                    crate::docs::one_line(name)
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
            crate::docs::one_line(wire),
            crate::docs::one_line(h.doc.as_deref().unwrap_or_default())
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
    for piece in path_pieces(&op.path) {
        match piece {
            PathPiece::Literal(text) => fmt.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathPiece::Var(name) => {
                fmt.push_str("{}");
                match op
                    .params
                    .iter()
                    .find(|p| p.location == ParamLocation::Path && p.wire == name)
                {
                    Some(p) => {
                        let id = ident(&p.rust);
                        fmt_args
                            .push(quote! { ::contract_runtime::encode_segment(&#id.to_string()) });
                    }
                    None => fmt_args.push(quote! { #name }),
                }
            }
        }
    }
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
