//! A struct's fields as tokens: how each holds its value (`Holding`),
//! its declaration, the constructor, the contract defaults decoding
//! fills in, and a multipart body's parts.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attr, ident, ty_tokens};
use crate::ir::{Field, Kind, Ty, TypeDef};

/// How a struct field holds its value, from `required`, `nullable`,
/// read/write-only and a default filled in on decoding. Every place that
/// writes, builds, shows or checks a field asks this one rule.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Holding {
    /// Required, not nullable: `T`.
    Plain,
    /// Required and nullable: `Option<T>`, `None` is null.
    Nullable,
    /// Optional: `Option<T>`, left out when `None`.
    Optional,
    /// Optional and nullable: `Option<Option<T>>`, absent and null apart.
    OptionalNullable,
    /// Optional with a default decoding fills in: `T`, always written.
    Defaulted,
}

pub(super) fn holding(f: &Field) -> Holding {
    match (is_plain_required(f), f.nullable) {
        (true, false) => Holding::Plain,
        (true, true) => Holding::Nullable,
        (false, false) if f.decode_default.is_some() => Holding::Defaulted,
        (false, false) => Holding::Optional,
        (false, true) => Holding::OptionalNullable,
    }
}

/// The associated function serde calls for a defaulted field.
fn default_fn(f: &Field) -> proc_macro2::Ident {
    ident(&format!("default_{}", f.rust.trim_start_matches("r#")))
}

/// The contract default of a defaulted field, as an expression of its type.
fn default_value(f: &Field, defs: &[TypeDef]) -> TokenStream {
    use serde_json::Value;
    let ty = ty_tokens(&f.ty.ty, defs);
    match (&f.ty.ty, f.decode_default.as_ref()) {
        (Ty::String, Some(Value::String(text))) => quote! { ::std::string::String::from(#text) },
        (Ty::Named(i), Some(Value::String(text))) => match &defs[*i].kind {
            Kind::Enum { variants } if variants.iter().any(|(_, w)| w == text) => {
                let variant = variants
                    .iter()
                    .find(|(_, w)| w == text)
                    .map(|(v, _)| ident(v));
                quote! { #ty::#variant }
            }
            _ => {
                quote! { <#ty as ::std::convert::From<::std::string::String>>::from(::std::string::String::from(#text)) }
            }
        },
        (Ty::Bool, Some(Value::Bool(b))) => quote! { #b },
        (Ty::I32, Some(Value::Number(n))) => {
            let n = proc_macro2::Literal::i32_suffixed(n.as_i64().unwrap_or_default() as i32);
            quote! { #n }
        }
        (Ty::I64, Some(Value::Number(n))) => {
            let n = proc_macro2::Literal::i64_suffixed(n.as_i64().unwrap_or_default());
            quote! { #n }
        }
        (Ty::Number, Some(Value::Number(n))) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => {
                let i = proc_macro2::Literal::i64_suffixed(i);
                quote! { ::serde_json::Number::from(#i) }
            }
            (None, Some(x)) => {
                let x = proc_macro2::Literal::f64_suffixed(x);
                quote! { ::serde_json::Number::from_f64(#x).unwrap_or_else(|| ::serde_json::Number::from(0i64)) }
            }
            (None, None) => quote! { ::std::default::Default::default() },
        },
        // `decode_default` admits only the pairs above.
        _ => quote! { ::std::default::Default::default() },
    }
}

/// A multipart body's parts: a file field (or list of files) as file
/// parts, every other field as a value part (unset: none), then the
/// extra properties.
pub(super) fn emit_multipart(
    name: &proc_macro2::Ident,
    fields: &[Field],
    extra_name: &str,
) -> TokenStream {
    let parts = fields.iter().map(|f| {
        let field = ident(&f.rust);
        let wire = &f.wire;
        let files = match &f.ty.ty {
            Ty::File => Some(quote! { parts.file(#wire, file); }),
            Ty::Vec(item) if item.ty == Ty::File => {
                Some(quote! { for file in file { parts.file(#wire, file); } })
            }
            _ => None,
        };
        match (files, holding(f)) {
            (None, _) => quote! { parts.value(#wire, &self.#field); },
            (Some(send), Holding::Plain | Holding::Defaulted) => {
                quote! {{ let file = &self.#field; #send }}
            }
            (Some(send), Holding::Nullable | Holding::Optional) => {
                quote! { if let ::std::option::Option::Some(file) = &self.#field { #send } }
            }
            (Some(send), Holding::OptionalNullable) => quote! {
                if let ::std::option::Option::Some(::std::option::Option::Some(file)) = &self.#field { #send }
            },
        }
    });
    let extra = ident(extra_name);
    quote! {
        #[allow(deprecated)]
        impl ::contract_runtime::Multipart for #name {
            fn parts(&self, parts: &mut ::contract_runtime::Parts) {
                #( #parts )*
                for (name, value) in &self.#extra { parts.value(name, value); }
            }
        }
    }
}

/// The functions serde fills defaulted fields in with.
pub(super) fn emit_default_fns(
    name: &proc_macro2::Ident,
    fields: &[Field],
    defs: &[TypeDef],
) -> TokenStream {
    let fns: Vec<TokenStream> = fields
        .iter()
        .filter(|f| holding(f) == Holding::Defaulted)
        .map(|f| {
            let fname = default_fn(f);
            let ty = ty_tokens(&f.ty.ty, defs);
            let value = default_value(f, defs);
            quote! { fn #fname() -> #ty { #value } }
        })
        .collect();
    if fns.is_empty() {
        return quote! {};
    }
    quote! {
        #[allow(deprecated)]
        impl #name { #( #fns )* }
    }
}

/// Whether a field must be given in every value this type models:
/// required, sent in both directions. Its type is `T` (or `Option<T>`
/// when it may be null); every other field is an `Option` left `None`.
pub(super) fn is_plain_required(f: &Field) -> bool {
    f.required && !f.read_only && !f.write_only
}

/// `new(required...)`: the fields every value needs, in the contract's
/// order, as arguments; every other field `None` and no extra property.
pub(super) fn emit_constructor(
    type_name: &str,
    fields: &[Field],
    extra_name: &str,
    defs: &[TypeDef],
) -> TokenStream {
    let name = ident(type_name);
    let required: Vec<&Field> = fields.iter().filter(|f| is_plain_required(f)).collect();
    let args = required.iter().map(|f| {
        let arg = ident(&f.rust);
        let inner = ty_tokens(&f.ty.ty, defs);
        if f.nullable {
            quote! { #arg: ::std::option::Option<#inner> }
        } else {
            quote! { #arg: #inner }
        }
    });
    let inits = fields.iter().map(|f| {
        let field = ident(&f.rust);
        match holding(f) {
            Holding::Plain | Holding::Nullable => quote! { #field, },
            Holding::Defaulted => {
                let default = default_fn(f);
                quote! { #field: Self::#default(), }
            }
            Holding::Optional | Holding::OptionalNullable => {
                quote! { #field: ::std::option::Option::None, }
            }
        }
    });
    let extra = ident(extra_name);
    let doc = if required.is_empty() {
        " A value with every field unset (a field with a contract default holds it).".to_string()
    } else {
        let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.rust)).collect();
        format!(
            " A value with its required fields ({}); the others unset (a field with a contract default holds it).",
            names.join(", ")
        )
    };
    quote! {
        impl #name {
            #[doc = #doc]
            #[allow(deprecated)]
            pub fn new(#( #args ),*) -> Self {
                #name {
                    #( #inits )*
                    #extra: ::std::collections::BTreeMap::new(),
                }
            }
        }
    }
}

pub(super) fn field_tokens(f: &Field, owner: &str, defs: &[TypeDef]) -> TokenStream {
    let name = ident(&f.rust);
    let wire = &f.wire;
    let inner = ty_tokens(&f.ty.ty, defs);
    let mut doc = f.doc.clone();
    if f.read_only || f.write_only {
        let note = if f.read_only {
            "Read-only: sent by the server, never in requests."
        } else {
            "Write-only: sent in requests, never returned."
        };
        doc = Some(match doc {
            Some(d) => format!("{d}\n\n{note}"),
            None => note.to_string(),
        });
    }
    if holding(f) == Holding::Defaulted {
        let note = "Absent on the wire, decoding fills in the contract's default.";
        doc = Some(match doc {
            Some(d) => format!("{d}\n\n{note}"),
            None => note.to_string(),
        });
    }
    let doc = doc_attr(&doc);
    let deprecated = if f.deprecated {
        quote! { #[deprecated] }
    } else {
        quote! {}
    };
    let (ty, options) = match holding(f) {
        Holding::Plain => (inner, quote! {}),
        Holding::Nullable => (quote! { ::std::option::Option<#inner> }, quote! {}),
        Holding::Optional => (
            quote! { ::std::option::Option<#inner> },
            quote! { default, skip_serializing_if = "::std::option::Option::is_none" },
        ),
        Holding::OptionalNullable => (
            quote! { ::std::option::Option<::std::option::Option<#inner>> },
            quote! { default, skip_serializing_if = "::std::option::Option::is_none", with = "::contract_runtime::nullable" },
        ),
        Holding::Defaulted => {
            let path = format!("{owner}::{}", default_fn(f));
            (inner, quote! { default = #path })
        }
    };
    // serde names a field after its identifier (`r#` taken off), so a
    // rename is written only where the wire name differs.
    let rename = (f.wire != f.rust).then(|| quote! { rename = #wire });
    let attrs = match (rename, options.is_empty()) {
        (None, true) => quote! {},
        (None, false) => quote! { #[serde(#options)] },
        (Some(rename), true) => quote! { #[serde(#rename)] },
        (Some(rename), false) => quote! { #[serde(#rename, #options)] },
    };
    quote! {
        #doc
        #deprecated
        #attrs
        pub #name: #ty,
    }
}
