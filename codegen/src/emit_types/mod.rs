//! Type IR -> Rust tokens: definitions with serde attributes and the
//! `Validate` impls. Paths inside `quote!` are fully qualified so model
//! names can never shadow what generated code uses.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::ir::{Checks, Extra, Field, Kind, Ty, TypeDef, Typed};
use super::names::is_keyword;

mod fields;

use fields::{
    emit_constructor, emit_default_fns, emit_multipart, field_tokens, holding, is_plain_required,
    Holding,
};

pub fn ident(name: &str) -> Ident {
    if is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Doc comments for contract text (see [`super::docs`]: it stays text).
pub fn doc_attr(doc: &Option<String>) -> TokenStream {
    super::docs::attrs(doc.as_deref())
}

/// A type as written inside the vendor's `types` module.
pub fn ty_tokens(ty: &Ty, defs: &[TypeDef]) -> TokenStream {
    written(ty, defs, false)
}

/// A type as written in the vendor module around `types` (the client,
/// response enums, example tests): generated types are `types::Name`.
pub fn public_ty_tokens(ty: &Ty, defs: &[TypeDef]) -> TokenStream {
    written(ty, defs, true)
}

fn written(ty: &Ty, defs: &[TypeDef], outside: bool) -> TokenStream {
    let ty_tokens = |ty: &Ty, defs: &[TypeDef]| written(ty, defs, outside);
    match ty {
        Ty::Any => quote! { ::serde_json::Value },
        Ty::Bool => quote! { bool },
        Ty::I32 => quote! { i32 },
        Ty::I64 => quote! { i64 },
        Ty::Number => quote! { ::serde_json::Number },
        Ty::String => quote! { ::std::string::String },
        Ty::Named(i) => {
            let name = ident(&defs[*i].name);
            if outside {
                quote! { types::#name }
            } else {
                quote! { #name }
            }
        }
        Ty::Vec(inner) => {
            let inner = ty_tokens(&inner.ty, defs);
            quote! { ::std::vec::Vec<#inner> }
        }
        Ty::Map(inner) => {
            let inner = ty_tokens(&inner.ty, defs);
            quote! { ::std::collections::BTreeMap<::std::string::String, #inner> }
        }
        Ty::Nullable(inner) => {
            let inner = ty_tokens(&inner.ty, defs);
            quote! { ::std::option::Option<#inner> }
        }
        Ty::Boxed(inner) => {
            let inner = ty_tokens(&inner.ty, defs);
            quote! { ::std::boxed::Box<#inner> }
        }
        // The crate's features pick the type (see `crate_lib`).
        Ty::Format(format) => {
            let alias = ident(format.alias());
            quote! { crate::formats::#alias }
        }
        Ty::File => quote! { ::contract_runtime::FilePart },
    }
}

pub fn emit_def(def: &TypeDef, defs: &[TypeDef]) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attr(&def.doc);
    let deprecated = if def.deprecated {
        quote! { #[deprecated] }
    } else {
        quote! {}
    };
    let body = match &def.kind {
        Kind::Struct {
            fields,
            extra,
            extra_name,
            ..
        } => {
            let fields_tokens = fields.iter().map(|f| field_tokens(f, &def.name, defs));
            let extra_ident = ident(extra_name);
            let extra_ty = match extra {
                Extra::Typed(t) => ty_tokens(&t.ty, defs),
                _ => quote! { ::serde_json::Value },
            };
            let extra_doc = match extra {
                Extra::Forbidden => " Properties the contract forbids (`additionalProperties: false`); `validate()` reports them.",
                Extra::Typed(_) => " Additional properties.",
                Extra::Any => " Properties the contract does not list, kept so values round-trip.",
            };
            // A credential-like field (`format: password`, or a name such as
            // `password`, `api_key`, `client_secret`) never shows in `Debug`.
            let (derive_debug, debug_impl) = if fields.iter().any(is_sensitive) {
                let type_name = &def.name;
                let shown = fields.iter().map(|f| {
                    let fname = ident(&f.rust);
                    let label = &f.rust;
                    let plain = matches!(holding(f), Holding::Plain | Holding::Defaulted);
                    match (is_sensitive(f), plain) {
                        (false, _) => quote! { .field(#label, &self.#fname) },
                        (true, true) => quote! { .field(#label, &"[redacted]") },
                        (true, false) => {
                            quote! { .field(#label, &self.#fname.as_ref().map(|_| "[redacted]")) }
                        }
                    }
                });
                let extra_label = extra_name.as_str();
                (
                    quote! {},
                    quote! {
                        #[allow(deprecated)]
                        impl ::std::fmt::Debug for #name {
                            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                                f.debug_struct(#type_name) #( #shown )* .field(#extra_label, &self.#extra_ident).finish()
                            }
                        }
                    },
                )
            } else {
                (quote! { Debug, }, quote! {})
            };
            // Every field optional: `Default` is a valid (empty) value, the
            // contract's defaults filled in (then written out, as `new()`).
            let all_optional = !fields.iter().any(is_plain_required);
            let defaulted = fields.iter().any(|f| holding(f) == Holding::Defaulted);
            let derive_default = (all_optional && !defaulted).then(|| quote! { Default, });
            let default_impl = (all_optional && defaulted).then(|| {
                quote! {
                    impl ::std::default::Default for #name {
                        fn default() -> Self { Self::new() }
                    }
                }
            });
            let default_fns = emit_default_fns(&name, fields, defs);
            let multipart = def
                .multipart
                .then(|| emit_multipart(&name, fields, extra_name));
            let constructor = emit_constructor(&def.name, fields, extra_name, defs);
            quote! {
                #doc
                #deprecated
                #[derive(#derive_debug Clone, PartialEq, #derive_default ::serde::Serialize, ::serde::Deserialize)]
                pub struct #name {
                    #( #fields_tokens )*
                    #[doc = #extra_doc]
                    #[serde(flatten)]
                    pub #extra_ident: ::std::collections::BTreeMap<::std::string::String, #extra_ty>,
                }
                #debug_impl
                #constructor
                #default_fns
                #default_impl
                #multipart
            }
        }
        Kind::Enum { variants } => {
            let idents: Vec<Ident> = variants.iter().map(|(v, _)| ident(v)).collect();
            let wires: Vec<&String> = variants.iter().map(|(_, w)| w).collect();
            let variant_docs: Vec<String> = wires
                .iter()
                .map(|w| format!(" `{}`", super::docs::one_line(w)))
                .collect();
            quote! {
                #doc
                #deprecated
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub enum #name {
                    #( #[doc = #variant_docs] #idents, )*
                    /// A value the contract does not list (kept, so new values do not break decoding).
                    Unknown(::std::string::String),
                }
                impl #name {
                    /// The value as sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#idents => #wires, )*
                            Self::Unknown(other) => other.as_str(),
                        }
                    }
                }
                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }
                impl ::std::convert::From<::std::string::String> for #name {
                    /// The listed value `text` names, or `Unknown`.
                    fn from(text: ::std::string::String) -> Self {
                        match text.as_str() {
                            #( #wires => Self::#idents, )*
                            _ => Self::Unknown(text),
                        }
                    }
                }
                impl ::std::str::FromStr for #name {
                    type Err = ::std::convert::Infallible;
                    fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                        ::std::result::Result::Ok(Self::from(text.to_string()))
                    }
                }
                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        let text = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                        ::std::result::Result::Ok(Self::from(text))
                    }
                }
            }
        }
        Kind::Union {
            variants,
            discriminator,
            ..
        } => {
            let idents: Vec<Ident> = variants.iter().map(|(v, _)| ident(v)).collect();
            let tys: Vec<TokenStream> = variants
                .iter()
                .map(|(_, t)| ty_tokens(&t.ty, defs))
                .collect();
            let de = match discriminator {
                Some((prop, pairs)) if !pairs.is_empty() => {
                    let values: Vec<&String> = pairs.iter().map(|(v, _)| v).collect();
                    let arms: Vec<Ident> = pairs.iter().map(|(_, i)| idents[*i].clone()).collect();
                    let arm_tys: Vec<&TokenStream> = pairs.iter().map(|(_, i)| &tys[*i]).collect();
                    quote! {
                        impl<'de> ::serde::Deserialize<'de> for #name {
                            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                                let tag = value.get(#prop).and_then(::serde_json::Value::as_str).map(::std::string::ToString::to_string);
                                match tag.as_deref() {
                                    #( ::std::option::Option::Some(#values) => <#arm_tys as ::serde::Deserialize>::deserialize(value)
                                        .map(Self::#arms).map_err(<D::Error as ::serde::de::Error>::custom), )*
                                    other => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(
                                        ::std::format!("unknown `{}` value {:?}", #prop, other))),
                                }
                            }
                        }
                    }
                }
                _ => quote! {},
            };
            let derive_de = if de.is_empty() {
                quote! { ::serde::Deserialize, }
            } else {
                quote! {}
            };
            quote! {
                #doc
                #deprecated
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, #derive_de)]
                #[serde(untagged)]
                pub enum #name {
                    #( #idents(#tys), )*
                }
                #de
            }
        }
        Kind::Alias(target) => {
            let target = ident(&defs[*target].name);
            return quote! {
                #doc
                pub type #name = #target;
            };
        }
        Kind::Newtype(inner) => {
            let ty = ty_tokens(&inner.ty, defs);
            quote! {
                #doc
                #deprecated
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
    };
    let validate = emit_validate(def, defs);
    quote! { #body #validate }
}

/// Whether a field carries a credential: `format: password`, or a name
/// made of words such as `password`, `secret`, `token`, `api_key`.
pub fn is_sensitive(f: &Field) -> bool {
    f.ty.checks.format.as_deref() == Some("password") || is_sensitive_name(&f.rust)
}

/// Whether a Rust name is made of words such as `password`, `secret`,
/// `token`, `api_key` (and, for headers, `cookie`: `Set-Cookie`).
pub fn is_sensitive_name(rust: &str) -> bool {
    let words: Vec<&str> = rust
        .trim_start_matches("r#")
        .split('_')
        .filter(|w| !w.is_empty())
        .collect();
    let single = [
        "password",
        "passwd",
        "passphrase",
        "secret",
        "token",
        "credential",
        "credentials",
        "authorization",
        "apikey",
        "cookie",
    ];
    words.iter().any(|w| single.contains(w))
        || words.windows(2).any(|pair| {
            pair[1] == "key" && ["api", "access", "private", "secret", "signing"].contains(&pair[0])
        })
}

fn emit_validate(def: &TypeDef, defs: &[TypeDef]) -> TokenStream {
    let name = ident(&def.name);
    let body = match &def.kind {
        Kind::Struct {
            fields,
            extra,
            extra_name,
            min_properties,
            max_properties,
        } => {
            let extra_ident = ident(extra_name);
            let per_field = fields.iter().map(|f| {
                let fname = ident(&f.rust);
                let wire = &f.wire;
                let ro = f.read_only;
                let wo = f.write_only;
                let inner_check = check_tokens(quote! { value }, &f.ty, defs);
                let (present, visit) = match holding(f) {
                    Holding::Plain | Holding::Defaulted => (quote! { true }, quote! { let value = &self.#fname; #inner_check }),
                    Holding::Nullable => (quote! { true }, quote! { if let ::std::option::Option::Some(value) = &self.#fname { #inner_check } }),
                    Holding::Optional => (quote! { self.#fname.is_some() }, quote! { if let ::std::option::Option::Some(value) = &self.#fname { #inner_check } }),
                    Holding::OptionalNullable => (quote! { self.#fname.is_some() }, quote! { if let ::std::option::Option::Some(::std::option::Option::Some(value)) = &self.#fname { #inner_check } }),
                };
                let direction = if ro || wo { quote! { v.direction_check(#ro, #wo, #present); } } else { quote! {} };
                if direction.is_empty() && inner_check.is_empty() {
                    quote! {}
                } else {
                    quote! { v.at(#wire, |v| { #direction #visit }); }
                }
            });
            // A listed name put among the extra properties would be
            // written twice; `additionalProperties: false` reports every
            // extra property already.
            let wires: Vec<&String> = fields.iter().map(|f| &f.wire).collect();
            let listed = match extra {
                Extra::Forbidden => quote! {},
                _ if wires.is_empty() => quote! {},
                _ => quote! { v.listed_not_extra(self.#extra_ident.keys(), &[#( #wires ),*]); },
            };
            let extra_check = match extra {
                Extra::Forbidden => quote! { v.no_extra(self.#extra_ident.keys()); },
                Extra::Typed(t) => {
                    let check = check_tokens(quote! { value }, t, defs);
                    if check.is_empty() {
                        quote! {}
                    } else {
                        quote! { for (key, value) in &self.#extra_ident { v.at(key, |v| { #check }); } }
                    }
                }
                Extra::Any => quote! {},
            };
            let count = fields.len();
            let props = if min_properties.is_some() || max_properties.is_some() {
                let min = opt_u64(*min_properties);
                let max = opt_u64(*max_properties);
                let opt_fields = fields
                    .iter()
                    .filter(|f| matches!(holding(f), Holding::Optional | Holding::OptionalNullable))
                    .map(|f| ident(&f.rust));
                quote! {
                    let present = #count - [#( self.#opt_fields.is_none() ),*].iter().filter(|missing| **missing).count() + self.#extra_ident.len();
                    v.properties(present, #min, #max);
                }
            } else {
                quote! {}
            };
            quote! { #( #per_field )* #listed #extra_check #props }
        }
        Kind::Enum { .. } => {
            let allowed: Vec<String> = match &def.kind {
                Kind::Enum { variants } => variants.iter().map(|(_, w)| format!("{w:?}")).collect(),
                _ => Vec::new(),
            };
            let allowed = allowed.join(", ");
            quote! {
                if let Self::Unknown(other) = self {
                    v.push("enum", ::std::format!("{:?} is not one of {}", other, #allowed));
                }
            }
        }
        Kind::Union {
            variants, one_of, ..
        } => {
            let arms = variants.iter().map(|(vname, t)| {
                let vident = ident(vname);
                let check = check_tokens(quote! { value }, t, defs);
                quote! { Self::#vident(value) => { let _ = &value; #check } }
            });
            if variants.len() < 2 {
                quote! { match self { #( #arms )* } }
            } else {
                // Decoding picked the first alternative that fits the shape;
                // the contract asks whether any (anyOf) or exactly one (oneOf)
                // alternative accepts the value with all its constraints.
                let matchers = variants
                    .iter()
                    .map(|(_, t)| matches_tokens(quote! { json }, t, defs));
                let rule = if *one_of { "oneOf" } else { "anyOf" };
                let too_many = if *one_of {
                    quote! {
                        if count > 1 {
                            v.push("oneOf", ::std::format!("matches {} of the alternatives, not exactly one", count));
                        }
                    }
                } else {
                    quote! {}
                };
                quote! {
                    let json = ::serde_json::to_value(self).unwrap_or_default();
                    let count = [#( #matchers ),*].iter().filter(|m| **m).count();
                    if count == 0 {
                        let before = v.len();
                        match self { #( #arms )* }
                        if v.len() == before {
                            v.push(#rule, "matches none of the alternatives");
                        }
                    }
                    #too_many
                }
            }
        }
        Kind::Newtype(inner) => {
            let check = check_tokens(quote! { value }, inner, defs);
            quote! { let value = &self.0; let _ = &value; #check }
        }
        Kind::Alias(_) => return quote! {},
    };
    let not = match &def.not {
        Some(not) => {
            let matched = matches_tokens(quote! { json }, not, defs);
            quote! {{
                let json = ::serde_json::to_value(self).unwrap_or_default();
                if #matched { v.push("not", "matches a schema it must not match"); }
            }}
        }
        None => quote! {},
    };
    quote! {
        impl ::contract_runtime::Validate for #name {
            #[allow(unused_variables, deprecated)]
            fn validate_into(&self, v: &mut ::contract_runtime::Validator) {
                #body
                #not
            }
        }
    }
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => quote! { ::std::option::Option::Some(#n) },
        None => quote! { ::std::option::Option::None },
    }
}

fn opt_f64(v: Option<f64>) -> TokenStream {
    match v {
        Some(n) if n.is_finite() => quote! { ::std::option::Option::Some(#n) },
        _ => quote! { ::std::option::Option::None },
    }
}

fn opt_str(v: &Option<String>) -> TokenStream {
    match v {
        Some(s) => quote! { ::std::option::Option::Some(#s) },
        None => quote! { ::std::option::Option::None },
    }
}

/// Statements checking `expr` (a reference to a value of `typed`), or
/// nothing when there is nothing to check.
pub fn check_tokens(expr: TokenStream, typed: &Typed, defs: &[TypeDef]) -> TokenStream {
    let c = &typed.checks;
    let enum_check = match &c.enum_json {
        Some(values) if !values.is_empty() => quote! {
            v.one_of_values(&::serde_json::to_value(#expr).unwrap_or_default(), &[#( #values ),*]);
        },
        _ => quote! {},
    };
    let not_check = match &c.not {
        Some(not) => {
            let matched = matches_tokens(quote! { json }, not, defs);
            quote! {{
                let json = ::serde_json::to_value(#expr).unwrap_or_default();
                if #matched { v.push("not", "matches a schema it must not match"); }
            }}
        }
        None => quote! {},
    };
    let all_of_check = if c.all_of.is_empty() {
        quote! {}
    } else {
        let matchers = c
            .all_of
            .iter()
            .map(|part| matches_tokens(quote! { json }, part, defs));
        quote! {{
            let json = ::serde_json::to_value(#expr).unwrap_or_default();
            if ![#( #matchers ),*].iter().all(|m| *m) {
                v.push("allOf", "does not match every schema of `allOf`");
            }
        }}
    };
    let props_check = if c.min_properties.is_some() || c.max_properties.is_some() {
        let (min, max) = (opt_u64(c.min_properties), opt_u64(c.max_properties));
        match &typed.ty {
            Ty::Map(_) => quote! { v.properties(#expr.len(), #min, #max); },
            Ty::Any => {
                quote! { if let ::serde_json::Value::Object(map) = #expr { v.properties(map.len(), #min, #max); } }
            }
            _ => quote! {},
        }
    } else {
        quote! {}
    };
    // What the type-guarded checks of an untyped value may use.
    let per_kind = Checks {
        enum_json: None,
        not: None,
        all_of: Vec::new(),
        min_properties: None,
        max_properties: None,
        ..c.clone()
    };
    let own = match &typed.ty {
        // A formatted string typed by its feature was parsed as its format
        // already; `formatted` then checks the other keywords only.
        Ty::String | Ty::Format(_) => {
            let typed_format = matches!(typed.ty, Ty::Format(_));
            if c.min_length.is_none()
                && c.max_length.is_none()
                && c.pattern.is_none()
                && c.format.is_none()
                && !typed_format
            {
                quote! {}
            } else {
                let (min, max, pattern, format) = (
                    opt_u64(c.min_length),
                    opt_u64(c.max_length),
                    opt_str(&c.pattern),
                    opt_str(&c.format),
                );
                let check = if typed_format {
                    quote! { formatted }
                } else {
                    quote! { string }
                };
                quote! {
                    v.#check(#expr, &::contract_runtime::validate::StringRules { min_length: #min, max_length: #max, pattern: #pattern, format: #format });
                }
            }
        }
        Ty::File => quote! {},
        Ty::I32 | Ty::I64 | Ty::Number => {
            if c.minimum.is_none() && c.maximum.is_none() && c.multiple_of.is_none() {
                quote! {}
            } else {
                let as_f64 = match typed.ty {
                    Ty::Number => quote! { #expr.as_f64().unwrap_or(0.0) },
                    _ => quote! { *#expr as f64 },
                };
                let (min, max, mult) = (
                    opt_f64(c.minimum),
                    opt_f64(c.maximum),
                    opt_f64(c.multiple_of),
                );
                let (emin, emax) = (c.exclusive_minimum, c.exclusive_maximum);
                quote! {
                    v.number(#as_f64, &::contract_runtime::validate::NumberRules { minimum: #min, exclusive_minimum: #emin, maximum: #max, exclusive_maximum: #emax, multiple_of: #mult });
                }
            }
        }
        Ty::Named(_) => quote! { v.nested(#expr); },
        Ty::Boxed(inner) => check_tokens(quote! { &**#expr }, inner, defs),
        Ty::Vec(item) => {
            let len_checks = if c.min_items.is_some() || c.max_items.is_some() || c.unique_items {
                let (min, max, uniq) = (opt_u64(c.min_items), opt_u64(c.max_items), c.unique_items);
                quote! { v.items(#expr, &::contract_runtime::validate::ArrayRules { min_items: #min, max_items: #max, unique_items: #uniq }); }
            } else {
                quote! {}
            };
            let item_check = check_tokens(quote! { item }, item, defs);
            let per_item = if item_check.is_empty() {
                quote! {}
            } else {
                quote! { for (index, item) in #expr.iter().enumerate() { v.at_index(index, |v| { #item_check }); } }
            };
            quote! { #len_checks #per_item }
        }
        Ty::Map(value) => {
            let check = check_tokens(quote! { item }, value, defs);
            if check.is_empty() {
                quote! {}
            } else {
                quote! { for (key, item) in #expr.iter() { v.at(key, |v| { #check }); } }
            }
        }
        Ty::Nullable(inner) => {
            let check = check_tokens(quote! { inner }, inner, defs);
            if check.is_empty() {
                quote! {}
            } else {
                quote! { if let ::std::option::Option::Some(inner) = #expr { #check } }
            }
        }
        Ty::Bool => quote! {},
        // An untyped schema's keywords apply to values of the kind they
        // constrain (JSON Schema): check by the value's JSON type.
        Ty::Any if per_kind.is_empty() => quote! {},
        Ty::Any => {
            let string = Typed {
                ty: Ty::String,
                checks: per_kind.clone(),
            };
            let number = Typed {
                ty: Ty::Number,
                checks: per_kind.clone(),
            };
            let array = Typed {
                ty: Ty::Vec(Box::new(Typed::plain(Ty::Any))),
                checks: per_kind.clone(),
            };
            let (s, n, a) = (
                check_tokens(quote! { text }, &string, defs),
                check_tokens(quote! { number }, &number, defs),
                check_tokens(quote! { items }, &array, defs),
            );
            let mut out = quote! {};
            if !s.is_empty() {
                out.extend(quote! { if let ::serde_json::Value::String(text) = #expr { #s } });
            }
            if !n.is_empty() {
                out.extend(quote! { if let ::serde_json::Value::Number(number) = #expr { #n } });
            }
            if !a.is_empty() {
                out.extend(quote! { if let ::serde_json::Value::Array(items) = #expr { #a } });
            }
            out
        }
    };
    quote! { #enum_check #not_check #all_of_check #props_check #own }
}

/// A boolean expression: does the JSON value `json` decode into `typed`
/// and pass its checks?
fn matches_tokens(json: TokenStream, typed: &Typed, defs: &[TypeDef]) -> TokenStream {
    let ty = ty_tokens(&typed.ty, defs);
    let check = check_tokens(quote! { value }, typed, defs);
    quote! {
        match ::contract_runtime::decode::<#ty>(&#json) {
            ::std::result::Result::Ok(decoded) => {
                let mut inner = ::contract_runtime::Validator::new(v.direction());
                {
                    let v = &mut inner;
                    let value = &decoded;
                    let _ = &value;
                    #check
                }
                inner.finish().is_ok()
            }
            ::std::result::Result::Err(_) => false,
        }
    }
}

/// Box direct references that close a cycle (a type containing itself
/// without a `Vec`/`Map` in between would have infinite size).
pub fn box_recursion(defs: &mut [TypeDef]) {
    let n = defs.len();
    let edges: Vec<Vec<usize>> = defs.iter().map(direct_edges).collect();
    let scc = tarjan(n, &edges);
    for owner in 0..n {
        let component = scc[owner];
        let boxer = |t: &mut Typed| box_in(t, &|target| scc[target] == component);
        match &mut defs[owner].kind {
            Kind::Struct { fields, .. } => fields.iter_mut().for_each(|f| boxer(&mut f.ty)),
            Kind::Union { variants, .. } => variants.iter_mut().for_each(|(_, t)| boxer(t)),
            Kind::Newtype(t) => boxer(t),
            Kind::Enum { .. } | Kind::Alias(_) => {}
        }
    }
}

fn box_in(t: &mut Typed, same_component: &dyn Fn(usize) -> bool) {
    match &mut t.ty {
        Ty::Named(target) if same_component(*target) => {
            let inner = std::mem::replace(t, Typed::plain(Ty::Any));
            *t = Typed::plain(Ty::Boxed(Box::new(inner)));
        }
        Ty::Nullable(inner) => box_in(inner, same_component),
        _ => {}
    }
}

/// Types a definition contains by value (not behind Vec/Map).
fn direct_edges(def: &TypeDef) -> Vec<usize> {
    fn direct(t: &Typed, out: &mut Vec<usize>) {
        match &t.ty {
            Ty::Named(i) => out.push(*i),
            Ty::Nullable(inner) => direct(inner, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    match &def.kind {
        Kind::Struct { fields, .. } => fields.iter().for_each(|f| direct(&f.ty, &mut out)),
        Kind::Union { variants, .. } => variants.iter().for_each(|(_, t)| direct(t, &mut out)),
        Kind::Newtype(t) => direct(t, &mut out),
        Kind::Alias(target) => out.push(*target),
        Kind::Enum { .. } => {}
    }
    out
}

/// Strongly connected components (iterative Tarjan); returns each node's component id.
fn tarjan(n: usize, edges: &[Vec<usize>]) -> Vec<usize> {
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_comp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge < edges[node].len() {
                let target = edges[node][*edge];
                *edge += 1;
                if index[target] == usize::MAX {
                    index[target] = next_index;
                    low[target] = next_index;
                    next_index += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[node]);
                }
                if low[node] == index[node] {
                    while let Some(member) = stack.pop() {
                        on_stack[member] = false;
                        comp[member] = next_comp;
                        if member == node {
                            break;
                        }
                    }
                    next_comp += 1;
                }
            }
        }
    }
    // A node alone in its component is only recursive through a self edge.
    let mut sizes = std::collections::HashMap::new();
    for c in &comp {
        *sizes.entry(*c).or_insert(0usize) += 1;
    }
    for (node, targets) in edges.iter().enumerate() {
        let alone = sizes.get(&comp[node]) == Some(&1);
        if alone && !targets.contains(&node) {
            comp[node] = usize::MAX - node;
        }
    }
    comp
}
