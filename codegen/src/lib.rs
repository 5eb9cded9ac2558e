//! Contracts -> Rust: typed models with `validate()`, and an async client
//! per vendor. One core: schemas become a plain type IR (`types`), names
//! are made unique up front (`names`), then IR and operations become
//! tokens (`emit_types`, `client`, `examples`) formatted by prettyplease.

mod client;
pub mod docs;
mod emit_types;
mod examples;
pub mod ir;
pub mod names;
pub mod symbols;
pub mod types;

use quote::quote;

use generator::diag::{Code, Diagnostic, Diagnostics};
use generator::model::Contract;
use generator::source::Location;
use generator::srcmap::SourceMap;

/// One vendor's generated module and what could not be modelled.
pub struct GeneratedModule {
    pub source: String,
    /// What could not be modelled exactly (`codegen-fallback` warnings),
    /// placed at the page line `map` gives for the element.
    pub diagnostics: Diagnostics,
    pub type_count: usize,
}

/// Items formatted together; fixed so output does not depend on core count.
const CHUNK: usize = 128;
/// Operations whose options structs and response enums are formatted together.
const OP_CHUNK: usize = 128;

/// `0..len` cut into consecutive ranges of at most `size`.
fn chunks(len: usize, size: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    (0..len)
        .step_by(size)
        .map(move |start| start..(start + size).min(len))
}

/// The Rust module for one vendor's contract; `map` is the contract's
/// source map (an empty one places diagnostics at the vendor).
pub fn generate_module(contract: &Contract, vendor: &str, map: &SourceMap) -> GeneratedModule {
    let mut space = types::TypeSpace::new(contract);
    let plan = client::plan(contract, &mut space);
    let fallback = Location::file(vendor);
    let mut diagnostics = Diagnostics::default();
    for (pointer, message) in std::mem::take(&mut space.problems) {
        diagnostics.push(Diagnostic::new(
            Code::CodegenFallback,
            map.locate_or(&pointer, &fallback),
            message,
        ));
    }
    let mut defs = std::mem::take(&mut space.defs);
    emit_types::box_recursion(&mut defs);
    let header = format!(
        " `{}`: {}, generated from `generated/openapi/{vendor}.yaml` by `cargo xtask generate`. Do not edit.",
        docs::one_line(vendor),
        docs::one_line(&contract.info.title)
    );
    // Work units in output order: the header, type chunks, the
    // operations' options and response enums, the client, tests. Each is
    // a run of whole items, and prettyplease formats items one after the
    // other, so the pieces concatenate to what one pass would print.
    enum Unit {
        Header,
        Types(std::ops::Range<usize>),
        OpItems(std::ops::Range<usize>),
        Client,
        Tests,
    }
    let mut units = vec![Unit::Header];
    for range in chunks(defs.len(), CHUNK) {
        units.push(Unit::Types(range));
    }
    for range in chunks(plan.operations().len(), OP_CHUNK) {
        units.push(Unit::OpItems(range));
    }
    units.push(Unit::Client);
    units.push(Unit::Tests);
    let render = |unit: &Unit| -> String {
        let tokens = match unit {
            Unit::Header => quote! {
                #![doc = #header]
                #![allow(clippy::all, deprecated, non_camel_case_types, unused)]
            },
            Unit::Types(range) => {
                let items = defs[range.clone()]
                    .iter()
                    .map(|d| emit_types::emit_def(d, &defs));
                quote! { #( #items )* }
            }
            Unit::OpItems(range) => client::emit_op_items(&plan, range.clone(), &defs),
            Unit::Client => client::emit_client(&plan, &defs),
            Unit::Tests => examples::emit(contract, &plan, &defs),
        };
        match syn::parse2::<syn::File>(tokens) {
            Ok(parsed) => prettyplease::unparse(&parsed),
            Err(e) => format!(
                "compile_error!({:?});\n",
                format!("generator produced unparsable code: {e}")
            ),
        }
    };
    // The client (one item holding every method) and the tests are the
    // largest units: started first, they do not leave one worker busy
    // while the others are done. Workers take the next unit as they
    // finish one; each piece goes to its own slot, so the order of the
    // output does not depend on which worker rendered what.
    let mut order: Vec<usize> = vec![units.len() - 2, units.len() - 1];
    order.extend(0..units.len() - 2);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(units.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut pieces: Vec<String> = vec![String::new(); units.len()];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (units, order, next, render) = (&units, &order, &next, &render);
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let claimed = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&i) = order.get(claimed) else {
                            break;
                        };
                        done.push((i, render(&units[i])));
                    }
                    done
                })
            })
            .collect();
        for handle in handles {
            // A worker that panicked leaves its pieces empty; the output then
            // fails to compile loudly rather than silently missing items.
            if let Ok(done) = handle.join() {
                for (i, text) in done {
                    pieces[i] = text;
                }
            }
        }
    });
    // The models are the vendor's `types` module: the type pieces go
    // inside it, indented as prettyplease would (it prints no token over
    // several lines, so indenting line by line changes no text).
    let types_end = 1 + chunks(defs.len(), CHUNK).count();
    let mut source = pieces[0].clone();
    source.push_str(
        "/// The contract's schemas and the bodies of its operations.\npub mod types {\n",
    );
    for piece in &pieces[1..types_end] {
        for line in piece.lines() {
            if !line.is_empty() {
                source.push_str("    ");
            }
            source.push_str(line);
            source.push('\n');
        }
    }
    source.push_str("}\n");
    for piece in &pieces[types_end..] {
        source.push_str(piece);
    }
    GeneratedModule {
        source,
        diagnostics,
        type_count: defs.len(),
    }
}

/// `generated/Cargo.toml` for a crate holding the given vendor modules.
/// Each typed format is a feature of the crate, off by default.
pub fn crate_manifest(name: &str, runtime_path: &str) -> String {
    let mut features = String::from(
        "\n[features]\n# Typed string formats: on, a field of the format has the type\n# `src/lib.rs`'s `formats` module names; off, it is a `String`.\n",
    );
    for format in ir::TypedFormat::ALL {
        let feature = format.feature();
        features.push_str(&format!("{feature} = [\"contract-runtime/{feature}\"]\n"));
    }
    format!(
        "# Generated by `cargo xtask generate`. Do not edit.\n[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\ndescription = \"Typed clients and validators generated from the vendor contracts\"\n\n[dependencies]\ncontract-runtime = {{ path = \"{runtime_path}\" }}\nreqwest = {{ version = \"0.12\", default-features = false, features = [\"json\", \"rustls-tls\"] }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n{features}\n[dev-dependencies]\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n"
    )
}

/// `src/lib.rs`: one module per vendor, and the `formats` module whose
/// types the crate's features pick.
pub fn crate_lib(vendors: &[String]) -> String {
    let mut out = String::from("//! Typed clients and validators, one module per vendor contract.\n//! Generated by `cargo xtask generate`. Do not edit.\n\n");
    for v in vendors {
        // The generator formats these files (prettyplease); rustfmt leaves them be.
        out.push_str(&format!(
            "#[rustfmt::skip]\npub mod {};\n",
            names::plain_snake(v, "vendor")
        ));
    }
    out.push('\n');
    out.push_str(&formats_module());
    out
}

/// The `formats` module generated code names format types through
/// (`crate::formats::DateTime`): each is a `String` unless the crate's
/// feature of the format's name is on. Every crate holding generated
/// modules declares it at its root.
pub fn formats_module() -> String {
    let mut out = String::from("/// The types of the string formats: each is a `String` unless the crate\n/// feature of the format's name is on.\npub mod formats {\n");
    for format in ir::TypedFormat::ALL {
        let (feature, alias, typed) = (format.feature(), format.alias(), format.typed_path());
        out.push_str(&format!(
            "    /// `format: {feature}`.\n    #[cfg(feature = \"{feature}\")]\n    pub type {alias} = {typed};\n    /// `format: {feature}` (feature `{feature}` off).\n    #[cfg(not(feature = \"{feature}\"))]\n    pub type {alias} = ::std::string::String;\n"
        ));
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod untyped_checks {
    #[test]
    fn untyped_schemas_check_by_json_type() {
        let text = r#"{"openapi":"3.0.3","info":{"title":"c","version":"1"},"paths":{},"components":{"schemas":{"Root":{"maxLength":2,"minimum":1}}}}"#;
        let result = generator::vendor::build_from_files(
            "c",
            vec![generator::source::SourceFile::new("c.json", text)],
        );
        let module = super::generate_module(&result.contract, "c", &result.map);
        assert!(
            module.source.contains("::serde_json::Value::String(text)"),
            "{}",
            module.source
        );
        assert!(
            module
                .source
                .contains("::serde_json::Value::Number(number)"),
            "{}",
            module.source
        );
    }
}
