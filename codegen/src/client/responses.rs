//! What an operation answers, as tokens: the per-status response enum
//! (a documented header set makes its variant carry a typed headers
//! struct), which variants are the documented successes (`Outcome`, and
//! an enum of them when there are several), and the `match` that reads a
//! received response into the enum.

use proc_macro2::TokenStream;
use quote::quote;

use super::{HeaderPlan, OpPlan, ParamKind, RespBody, RespPlan, Ty};
use crate::emit_types::{doc_attr, ident, public_ty_tokens};
use crate::ir::TypeDef;

/// A range (`2XX`) or `default` variant: it carries the status.
fn is_range(r: &RespPlan) -> bool {
    r.status == "default" || r.status.ends_with("XX")
}

fn body_type(r: &RespPlan, defs: &[TypeDef]) -> Option<TokenStream> {
    match &r.body {
        RespBody::None => None,
        RespBody::Json(idx) => Some(public_ty_tokens(&Ty::Named(*idx), defs)),
        RespBody::Text => Some(quote! { ::std::string::String }),
        RespBody::Bytes => Some(quote! { ::contract_runtime::Bytes }),
    }
}

/// The fields of a variant: (name, type), in order; a lone body is a
/// tuple variant (`name` is then unused).
fn variant_fields(r: &RespPlan, defs: &[TypeDef]) -> Vec<(&'static str, TokenStream)> {
    let mut fields = Vec::new();
    if is_range(r) {
        fields.push(("status", quote! { u16 }));
    }
    if let Some(body) = body_type(r, defs) {
        fields.push(("body", body));
    }
    if let Some((name, _)) = &r.headers {
        let name = ident(name);
        fields.push(("headers", quote! { #name }));
    }
    fields
}

/// The names of [`variant_fields`], without their types.
fn field_names(r: &RespPlan) -> Vec<proc_macro2::Ident> {
    let mut names = Vec::new();
    if is_range(r) {
        names.push(ident("status"));
    }
    if !matches!(r.body, RespBody::None) {
        names.push(ident("body"));
    }
    if r.headers.is_some() {
        names.push(ident("headers"));
    }
    names
}

/// `V`, `V(T)` or `V { a: A, .. }`.
fn variant_decl(r: &RespPlan, defs: &[TypeDef]) -> TokenStream {
    let v = ident(&r.variant);
    let fields = variant_fields(r, defs);
    match fields.as_slice() {
        [] => quote! { #v },
        [("body", ty)] => quote! { #v(#ty) },
        _ => {
            let decls = fields.iter().map(|(f, ty)| {
                let f = ident(f);
                quote! { #f: #ty }
            });
            quote! { #v { #( #decls ),* } }
        }
    }
}

/// The pattern binding a variant's fields (`Self::V(body)`), and the same
/// shape built from those bindings under `owner`.
fn variant_moves(r: &RespPlan, owner: &TokenStream) -> (TokenStream, TokenStream) {
    let v = ident(&r.variant);
    let names = field_names(r);
    match (names.as_slice(), r.headers.is_none() && !is_range(r)) {
        ([], _) => (quote! { Self::#v }, quote! { #owner::#v }),
        ([_], true) => (quote! { Self::#v(body) }, quote! { #owner::#v(body) }),
        _ => (
            quote! { Self::#v { #( #names ),* } },
            quote! { #owner::#v { #( #names ),* } },
        ),
    }
}

/// The response enum, its headers structs and its `Outcome`.
pub(super) fn emit_response_types(op: &OpPlan, defs: &[TypeDef]) -> TokenStream {
    let name = ident(&op.response_enum);
    let variants = op.responses.iter().map(|r| {
        let first = crate::docs::one_line(r.doc.lines().next().unwrap_or(""));
        let doc = format!(" {} — {first}", crate::docs::one_line(&r.status));
        let decl = variant_decl(r, defs);
        quote! { #[doc = #doc] #decl, }
    });
    let headers = op.responses.iter().filter_map(|r| {
        let (name, fields) = r.headers.as_ref()?;
        Some(emit_headers_struct(op, r, name, fields))
    });
    let doc = format!(
        " What [`Client::{}`] can answer: one variant per documented status.",
        op.fn_name
    );
    let outcome = emit_outcome(op, defs);
    quote! {
        #( #headers )*
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #variants )*
            /// A status the contract does not document, with its raw body.
            Undocumented(::contract_runtime::RawResponse),
        }
        #outcome
    }
}

fn header_type(h: &HeaderPlan) -> TokenStream {
    let ty = match h.kind {
        _ if h.secret => quote! { ::contract_runtime::Secret },
        ParamKind::Int => quote! { i64 },
        ParamKind::Float => quote! { f64 },
        ParamKind::Bool => quote! { bool },
        ParamKind::List => quote! { ::std::vec::Vec<::std::string::String> },
        // Headers are planned with their location: never an object.
        ParamKind::Str | ParamKind::Object => quote! { ::std::string::String },
    };
    if h.required {
        ty
    } else {
        quote! { ::std::option::Option<#ty> }
    }
}

fn emit_headers_struct(
    op: &OpPlan,
    r: &RespPlan,
    name: &str,
    fields: &[HeaderPlan],
) -> TokenStream {
    let name = ident(name);
    let doc = format!(
        " The headers documented for [`Client::{}`]'s {} response.",
        op.fn_name,
        crate::docs::one_line(&r.status)
    );
    let fields = fields.iter().map(|h| {
        let f = ident(&h.rust);
        let ty = header_type(h);
        let wire = format!(" `{}`", crate::docs::one_line(&h.wire));
        let text = doc_attr(&h.doc);
        quote! { #[doc = #wire] #text pub #f: #ty, }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name { #( #fields )* }
    }
}

/// `Outcome`: the one success's body and headers, or the success enum.
fn emit_outcome(op: &OpPlan, defs: &[TypeDef]) -> TokenStream {
    let name = ident(&op.response_enum);
    let successes: Vec<&RespPlan> = op.responses.iter().filter(|r| r.success).collect();
    let (success_ty, arms, extra) = match (successes.as_slice(), &op.success_enum) {
        ([], _) => (quote! { ::std::convert::Infallible }, Vec::new(), quote! {}),
        ([one], None) => {
            // The body and headers, without the status (the response has it).
            let fields: Vec<(&str, TokenStream)> = variant_fields(one, defs)
                .into_iter()
                .filter(|(f, _)| *f != "status")
                .collect();
            let tys = fields.iter().map(|(_, ty)| ty);
            let names: Vec<proc_macro2::Ident> = fields.iter().map(|(f, _)| ident(f)).collect();
            let ty = match fields.len() {
                1 => fields[0].1.clone(),
                _ => quote! { ( #( #tys ),* ) },
            };
            let value = match names.len() {
                1 => quote! { #( #names )* },
                _ => quote! { ( #( #names ),* ) },
            };
            let (pattern, _) = variant_moves(one, &quote! { Self });
            let pattern = if is_range(one) {
                // `status` is bound but not part of the success.
                let v = ident(&one.variant);
                quote! { Self::#v { #( #names, )* .. } }
            } else {
                pattern
            };
            (
                ty,
                vec![quote! { #pattern => ::std::result::Result::Ok(#value), }],
                quote! {},
            )
        }
        (many, Some(enum_name)) => {
            let success = ident(enum_name);
            let owner = quote! { #success };
            let arms = many
                .iter()
                .map(|r| {
                    let (pattern, build) = variant_moves(r, &owner);
                    quote! { #pattern => ::std::result::Result::Ok(#build), }
                })
                .collect();
            let variants = many.iter().map(|r| {
                let decl = variant_decl(r, defs);
                let doc = format!(" {}", crate::docs::one_line(&r.status));
                quote! { #[doc = #doc] #decl, }
            });
            let doc = format!(" The documented successes of [`Client::{}`].", op.fn_name);
            let extra = quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq)]
                pub enum #success { #( #variants )* }
            };
            (quote! { #success }, arms, extra)
        }
        // A plan names a success enum exactly when there are several.
        (_, None) => (quote! { ::std::convert::Infallible }, Vec::new(), quote! {}),
    };
    let rest = if arms.is_empty() {
        quote! { ::std::result::Result::Err(self) }
    } else {
        quote! { match self { #( #arms )* other => ::std::result::Result::Err(other), } }
    };
    quote! {
        #extra
        impl ::contract_runtime::Outcome for #name {
            type Success = #success_ty;
            fn into_success(self) -> ::std::result::Result<#success_ty, Self> { #rest }
        }
    }
}

/// The `match` on the received status building the response enum.
pub(super) fn emit_read(op: &OpPlan) -> TokenStream {
    let name = ident(&op.response_enum);
    let arms = op
        .responses
        .iter()
        .map(|r| {
            let pattern = if r.status == "default" {
                quote! { _ }
            } else if let Some(digit) = r
                .status
                .strip_suffix("XX")
                .and_then(|d| d.parse::<u16>().ok())
            {
                let lo = digit * 100;
                let hi = lo + 99;
                quote! { #lo..=#hi }
            } else {
                let code: u16 = r.status.parse().unwrap_or(0);
                quote! { #code }
            };
            let media = &r.media;
            let mut values = Vec::new();
            if is_range(r) {
                values.push(quote! { response.status() });
            }
            match &r.body {
                RespBody::None => {}
                RespBody::Json(_) => values.push(quote! { response.json(#media)? }),
                RespBody::Text => values.push(quote! { response.text(#media)? }),
                RespBody::Bytes => values.push(quote! { response.bytes(#media)? }),
            }
            if let Some((headers, fields)) = &r.headers {
                let headers = ident(headers);
                let reads = fields.iter().map(|h| {
                    let f = ident(&h.rust);
                    let wire = &h.wire;
                    if h.required {
                        quote! { #f: response.required_header(#wire)?, }
                    } else {
                        quote! { #f: response.header(#wire)?, }
                    }
                });
                values.push(quote! { #headers { #( #reads )* } });
            }
            let v = ident(&r.variant);
            let names = field_names(r);
            let build = match (values.as_slice(), r.headers.is_none() && !is_range(r)) {
                ([], _) => quote! { #name::#v },
                ([value], true) => quote! { #name::#v(#value) },
                _ => quote! { #name::#v { #( #names: #values ),* } },
            };
            (r.status == "default", quote! { #pattern => #build, })
        })
        .collect::<Vec<_>>();
    let specific = arms.iter().filter(|(d, _)| !d).map(|(_, t)| t);
    let fallback = arms
        .iter()
        .find(|(d, _)| *d)
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| quote! { _ => #name::Undocumented(response.raw()), });
    quote! {
        match response.status() {
            #( #specific )*
            #fallback
        }
    }
}
