//! One parameter of a method, as tokens: checked against its schema's
//! keywords (the runtime's `ParamRules`, the same rules bodies use), then
//! set on the request; an optional one only when given.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ParamKind, ParamPlan, ParamRules, ParamStyle};
use crate::emit_types::ident;
use generator::model::ParamLocation;

/// Check and set parameter `p` (a path parameter is in the path already;
/// it is only checked).
pub(super) fn emit_param(p: &ParamPlan) -> TokenStream {
    let id = ident(&p.rust);
    let wire = &p.wire;
    let value = if p.required {
        quote! { #id }
    } else {
        quote! { value }
    };
    let text = match p.kind {
        ParamKind::List => quote! { #value.join(",") },
        _ => quote! { #value.to_string() },
    };
    let apply = match (p.location, p.kind) {
        (ParamLocation::Query, ParamKind::List) => match p.style {
            ParamStyle::Form { explode: true } => quote! { request.query_each(#wire, #value); },
            style => {
                let (style, explode) = match style {
                    ParamStyle::SpaceDelimited => (quote! { SpaceDelimited }, false),
                    ParamStyle::PipeDelimited => (quote! { PipeDelimited }, false),
                    _ => (quote! { Form }, false),
                };
                quote! { request.query_styled(#wire, ::contract_runtime::QueryStyle::#style, #explode, #value); }
            }
        },
        (ParamLocation::Query, ParamKind::Object) => {
            let (style, explode) = match p.style {
                ParamStyle::DeepObject => (quote! { DeepObject }, true),
                ParamStyle::Form { explode } => (quote! { Form }, explode),
                _ => (quote! { Form }, true),
            };
            quote! { request.query_object(#wire, ::contract_runtime::QueryStyle::#style, #explode, #value); }
        }
        (ParamLocation::Query, _) => quote! { request.query(#wire, #text); },
        (ParamLocation::Header, _) => quote! { request.header(#wire, #text); },
        (ParamLocation::Cookie, _) => quote! { request.cookie(#wire, &#text); },
        (ParamLocation::Path, _) => quote! {},
    };
    let check = emit_check(p);
    if p.required {
        quote! { #check #apply }
    } else if check.is_empty() && apply.is_empty() {
        quote! {}
    } else {
        quote! { if let ::std::option::Option::Some(value) = &options.#id { #check #apply } }
    }
}

/// `request.check(..)?` when the parameter has keywords to check (a
/// float always: NaN and infinities are no JSON numbers).
fn emit_check(p: &ParamPlan) -> TokenStream {
    // An object's properties are strings the caller chose; its schema's
    // keywords are not checked here.
    if (p.rules.is_empty() && p.kind != ParamKind::Float) || p.kind == ParamKind::Object {
        return quote! {};
    }
    let id = ident(&p.rust);
    let value = match (p.kind, p.required) {
        (ParamKind::Str, true) => quote! { Str(#id) },
        (ParamKind::Str, false) => quote! { Str(value.as_str()) },
        (ParamKind::List, true) => quote! { List(#id) },
        (ParamKind::List, false) => quote! { List(value.as_slice()) },
        (kind, required) => {
            let variant = match kind {
                ParamKind::Int => quote! { Int },
                ParamKind::Float => quote! { Float },
                _ => quote! { Bool },
            };
            if required {
                quote! { #variant(#id) }
            } else {
                quote! { #variant(*value) }
            }
        }
    };
    let location = p.location.as_str();
    let wire = &p.wire;
    let rules = rules_tokens(&p.rules);
    quote! { request.check(#location, #wire, ::contract_runtime::ParamValue::#value, &#rules)?; }
}

/// A `ParamRules` literal with the fields that are set.
fn rules_tokens(rules: &ParamRules) -> TokenStream {
    let c = &rules.checks;
    let string = [
        c.min_length
            .map(|n| quote! { min_length: ::std::option::Option::Some(#n), }),
        c.max_length
            .map(|n| quote! { max_length: ::std::option::Option::Some(#n), }),
        c.pattern
            .as_ref()
            .map(|p| quote! { pattern: ::std::option::Option::Some(#p), }),
        c.format
            .as_ref()
            .map(|f| quote! { format: ::std::option::Option::Some(#f), }),
    ];
    let number = [
        c.minimum
            .map(|n| quote! { minimum: ::std::option::Option::Some(#n), }),
        c.exclusive_minimum
            .then(|| quote! { exclusive_minimum: true, }),
        c.maximum
            .map(|n| quote! { maximum: ::std::option::Option::Some(#n), }),
        c.exclusive_maximum
            .then(|| quote! { exclusive_maximum: true, }),
        c.multiple_of
            .map(|n| quote! { multiple_of: ::std::option::Option::Some(#n), }),
    ];
    let items = [
        c.min_items
            .map(|n| quote! { min_items: ::std::option::Option::Some(#n), }),
        c.max_items
            .map(|n| quote! { max_items: ::std::option::Option::Some(#n), }),
        c.unique_items.then(|| quote! { unique_items: true, }),
    ];
    let mut fields = Vec::new();
    for (field, ty, set) in [
        (quote! { string }, quote! { StringRules }, &string[..]),
        (quote! { number }, quote! { NumberRules }, &number[..]),
        (quote! { items }, quote! { ArrayRules }, &items[..]),
    ] {
        let set: Vec<&TokenStream> = set.iter().flatten().collect();
        if !set.is_empty() {
            fields.push(quote! { #field: ::contract_runtime::validate::#ty { #( #set )* ..::std::default::Default::default() }, });
        }
    }
    if !rules.allowed.is_empty() {
        let allowed = &rules.allowed;
        fields.push(quote! { allowed: &[#( #allowed ),*], });
    }
    if rules.int32 {
        fields.push(quote! { int32: true, });
    }
    if let Some(item) = &rules.item {
        let item = rules_tokens(item);
        fields.push(quote! { item: ::std::option::Option::Some(&#item), });
    }
    if fields.is_empty() {
        return quote! { ::contract_runtime::ParamRules::default() };
    }
    quote! { ::contract_runtime::ParamRules { #( #fields )* ..::std::default::Default::default() } }
}
