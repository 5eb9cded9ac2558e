//! Client plan -> tokens: options structs, per-status response enums, the
//! `Client` with its credentials and one async method per operation. What
//! every client does the same (sending, reading, credentials by
//! alternative) is `contract_runtime`'s; this writes the vendor's part.

use std::ops::Range;

use generator::http::media_essence;
use generator::model::path::{path_pieces, PathPiece};
use proc_macro2::TokenStream;
use quote::quote;

use super::params::emit_param;
use super::responses::{emit_read, emit_response_types};
use super::*;
use crate::emit_types::{doc_attr, ident, public_ty_tokens};
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
        (ParamKind::Object, false) => {
            quote! { &::std::collections::BTreeMap<::std::string::String, ::std::string::String> }
        }
        (ParamKind::Object, true) => {
            quote! { ::std::collections::BTreeMap<::std::string::String, ::std::string::String> }
        }
    }
}

/// The options structs and response types of the operations in `range`
/// (in plan order; the client follows them in the module).
pub fn emit_op_items(plan: &ClientPlan, range: Range<usize>, defs: &[TypeDef]) -> TokenStream {
    let mut items = Vec::new();
    for op in &plan.ops[range] {
        items.push(emit_options(op));
        items.push(emit_response_types(op, defs));
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

/// The credentials, the `Client` and its methods.
pub fn emit_client(plan: &ClientPlan, defs: &[TypeDef]) -> TokenStream {
    let credentials = emit_credentials(plan);
    let has_credentials = !plan.schemes.is_empty();
    let cred_field = has_credentials.then(|| quote! { credentials: Credentials, });
    let cred_init = has_credentials.then(|| quote! { credentials: Credentials::default(), });
    let cred_setters = plan.schemes.iter().map(|s| {
        let f = ident(&s.field);
        let setter = ident(&format!("with_{}", s.field));
        match &s.kind {
            SchemeKind::Basic => quote! {
                /// Set the HTTP basic credentials.
                pub fn #setter(mut self, user: impl ::std::convert::Into<::std::string::String>, password: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.credentials.#f = ::std::option::Option::Some(::contract_runtime::BasicAuth {
                        user: ::contract_runtime::Secret::new(user),
                        password: ::contract_runtime::Secret::new(password),
                    });
                    self
                }
            },
            kind => {
                let doc = match kind {
                    SchemeKind::ApiKey { location, name } => format!(
                        " Set the API key for `{}` (sent in {} `{}`).",
                        crate::docs::one_line(&s.name),
                        location.as_str(),
                        crate::docs::one_line(name)
                    ),
                    _ => format!(
                        " Set the bearer token for `{}` (sent as `Authorization: Bearer <token>`).",
                        crate::docs::one_line(&s.name)
                    ),
                };
                quote! {
                    #[doc = #doc]
                    pub fn #setter(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.credentials.#f = ::std::option::Option::Some(::contract_runtime::Secret::new(value));
                        self
                    }
                }
            }
        }
    });
    let header_fields = plan.headers.iter().map(|h| {
        let f = ident(&h.rust);
        quote! { #f: ::std::option::Option<::contract_runtime::Secret>, }
    });
    let header_inits = plan.headers.iter().map(|h| {
        let f = ident(&h.rust);
        quote! { #f: ::std::option::Option::None, }
    });
    let header_setters = plan.headers.iter().map(|h| {
        let f = ident(&h.rust);
        let setter = ident(&format!("with_{}", h.rust));
        let doc = format!(
            " Set header `{}`, which every operation requires. {}",
            crate::docs::one_line(&h.wire),
            crate::docs::one_line(h.doc.as_deref().unwrap_or_default())
        );
        quote! {
            #[doc = #doc]
            pub fn #setter(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.#f = ::std::option::Option::Some(::contract_runtime::Secret::new(value));
                self
            }
        }
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
    let shown = (has_credentials || !plan.headers.is_empty()).then(|| {
        quote! { #[doc = " `Debug` shows which credentials and headers are set, never their values."] }
    });
    quote! {
        #credentials
        #default_impl

        /// The vendor's API. Requests are validated against the contract before
        /// they are sent (switch off with [`Client::validate_requests`]).
        #shown
        #[derive(Debug, Clone)]
        pub struct Client {
            core: ::contract_runtime::ClientCore,
            #cred_field
            #( #header_fields )*
        }

        impl Client {
            /// A client for the API at `base_url` (e.g. a mock server).
            pub fn new(base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
                Client {
                    core: ::contract_runtime::ClientCore::new(base_url),
                    #cred_init
                    #( #header_inits )*
                }
            }
            /// Use this `reqwest::Client` (proxies, timeouts, TLS settings).
            pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
                self.core.set_http_client(http);
                self
            }
            /// How long one attempt may take, from sending to the end of
            /// the body; past it the call fails with a transport error.
            pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.core.set_timeout(::std::option::Option::Some(timeout));
                self
            }
            /// Retry idempotent calls (GET, HEAD, PUT, DELETE, OPTIONS)
            /// answered 429 or 503, or whose connection failed: after
            /// `Retry-After` when given (up to a cap), else an exponential
            /// backoff. Off by default; POST and PATCH are never retried.
            pub fn with_retries(mut self, retries: ::contract_runtime::Retries) -> Self {
                self.core.set_retries(retries);
                self
            }
            /// Check requests against the contract before sending (on by
            /// default): bodies and parameters, required headers and
            /// credentials. Off, a request is sent as built.
            pub fn validate_requests(mut self, on: bool) -> Self {
                self.core.set_validate_requests(on);
                self
            }
            /// Validate documented response bodies (off by default).
            pub fn validate_responses(mut self, on: bool) -> Self {
                self.core.set_validate_responses(on);
                self
            }
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }
            #( #cred_setters )*
            #( #header_setters )*
            #( #methods )*
        }
    }
}

/// `Credentials`, one field per security scheme, and how each is sent
/// (the runtime picks the alternative); nothing when there is no scheme.
fn emit_credentials(plan: &ClientPlan) -> TokenStream {
    if plan.schemes.is_empty() {
        return quote! {};
    }
    let fields = plan.schemes.iter().map(|s| {
        let f = ident(&s.field);
        let doc = format!(
            " Credential for security scheme `{}`.",
            crate::docs::one_line(&s.name)
        );
        let ty = match s.kind {
            SchemeKind::Basic => quote! { ::contract_runtime::BasicAuth },
            _ => quote! { ::contract_runtime::Secret },
        };
        quote! { #[doc = #doc] pub #f: ::std::option::Option<#ty>, }
    });
    let arms = plan.schemes.iter().enumerate().map(|(i, s)| {
        let f = ident(&s.field);
        let name = &s.name;
        let credential = match &s.kind {
            SchemeKind::Bearer => quote! { ::contract_runtime::Credential::Bearer },
            SchemeKind::Basic => quote! { ::contract_runtime::Credential::Basic },
            SchemeKind::ApiKey { location, name } => {
                let location = match location {
                    ParamLocation::Query => quote! { Query },
                    ParamLocation::Cookie => quote! { Cookie },
                    _ => quote! { Header },
                };
                quote! { |key| ::contract_runtime::Credential::ApiKey { location: ::contract_runtime::KeyLocation::#location, name: #name, key } }
            }
        };
        quote! { #i => (#name, self.#f.as_ref().map(#credential)), }
    });
    quote! {
        /// Credentials, one per security scheme of the contract. `Debug`
        /// shows which are set, never their values.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct Credentials { #( #fields )* }

        impl ::contract_runtime::Authorize for Credentials {
            fn scheme(&self, index: usize) -> (&'static str, ::std::option::Option<::contract_runtime::Credential<'_>>) {
                match index {
                    #( #arms )*
                    _ => ("", ::std::option::Option::None),
                }
            }
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
    let body_arg = op.body.as_ref().map(|b| match (b.ty, &b.kind) {
        (Some(idx), _) => {
            let ty = public_ty_tokens(&Ty::Named(idx), defs);
            quote! { body: &#ty, }
        }
        (None, BodyKind::Text) => quote! { body: &str, },
        (None, _) => {
            quote! { body: impl ::std::convert::Into<::contract_runtime::Bytes>, }
        }
    });
    let options_arg = op.options.as_ref().map(|o| {
        let o = ident(o);
        quote! { options: &#o, }
    });
    let path = emit_path(op);
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
    let client_headers = plan.headers.iter().map(|h| {
        let f = ident(&h.rust);
        let wire = &h.wire;
        quote! { request.client_header(#wire, self.#f.as_ref())?; }
    });
    let scheme_index = |name: &str| plan.schemes.iter().position(|s| s.name == name);
    let alternatives: Vec<TokenStream> = op
        .security
        .iter()
        .map(|alt| {
            let ids: Vec<usize> = alt.keys().filter_map(|k| scheme_index(k)).collect();
            quote! { &[#( #ids ),*] }
        })
        .collect();
    let authorize = (!plan.schemes.is_empty() && !alternatives.is_empty())
        .then(|| quote! { request.authorize(&self.credentials, &[#( #alternatives ),*])?; });
    let params = op.params.iter().map(emit_param);
    let send_body = op.body.as_ref().map(|b| match b.kind {
        BodyKind::Json => {
            // A `*/*` body is sent as JSON.
            let media = if media_essence(&b.media) == "*/*" {
                "application/json"
            } else {
                b.media.as_str()
            };
            quote! { request.json(body, #media)?; }
        }
        BodyKind::Form => quote! { request.form(body)?; },
        BodyKind::Multipart if b.ty.is_some() => quote! { request.multipart(body)?; },
        BodyKind::Text => {
            let media = &b.media;
            quote! { request.text(body, #media); }
        }
        BodyKind::Multipart | BodyKind::Bytes => {
            let media = &b.media;
            quote! { request.bytes(body.into(), #media); }
        }
    });
    let read = emit_read(op);
    quote! {
        #doc
        #deprecated
        pub async fn #fn_name(&self, #( #args )* #body_arg #options_arg) -> ::std::result::Result<::contract_runtime::Response<#response_enum>, ::contract_runtime::ClientError> {
            let mut request = self.core.request(::reqwest::Method::#method, #path);
            #( #client_headers )*
            #authorize
            #( #params )*
            #send_body
            let response = request.send().await?;
            let value = #read;
            ::std::result::Result::Ok(response.finish(value))
        }
    }
}

/// The path under the base URL: literal pieces and encoded path parameters.
/// A path parameter's text: a `simple` scalar as one encoded segment; a
/// list or another style expanded by the runtime (each value encoded,
/// the style's delimiters kept).
fn path_value(p: &ParamPlan, id: &proc_macro2::Ident, wire: &str) -> TokenStream {
    let (style, explode) = match p.style {
        ParamStyle::Label { explode } => (quote! { Label }, explode),
        ParamStyle::Matrix { explode } => (quote! { Matrix }, explode),
        _ => (quote! { Simple }, false),
    };
    let values = match p.kind {
        ParamKind::Str if p.style == ParamStyle::Simple => {
            return quote! { ::contract_runtime::path_segment(#wire, #id)? };
        }
        ParamKind::Str => quote! { &[#id] },
        ParamKind::List => {
            quote! { &#id.iter().map(::std::string::String::as_str).collect::<::std::vec::Vec<_>>() }
        }
        _ if p.style == ParamStyle::Simple => {
            return quote! { ::contract_runtime::path_segment(#wire, &#id.to_string())? };
        }
        _ => quote! { &[#id.to_string().as_str()] },
    };
    quote! { ::contract_runtime::path_styled(#wire, ::contract_runtime::PathStyle::#style, #explode, #values)? }
}

fn emit_path(op: &OpPlan) -> TokenStream {
    let mut fmt = String::new();
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
                        let wire = &p.wire;
                        fmt_args.push(path_value(p, &id, wire));
                    }
                    None => fmt_args.push(quote! { #name }),
                }
            }
        }
    }
    if fmt_args.is_empty() {
        let text = fmt.replace("{{", "{").replace("}}", "}");
        return quote! { #text };
    }
    quote! { &::std::format!(#fmt #(, #fmt_args )*) }
}
