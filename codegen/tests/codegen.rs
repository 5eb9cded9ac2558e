//! The generated code: deterministic and complete for every vendor, and
//! one snapshot of a contract using every construct the generator models.
//!
//! The vendors' code is not snapshotted: `generated/src/` is its one
//! committed copy, checked by `cargo xtask generate --check`.

use std::path::{Path, PathBuf};

use codegen::generate_module;
use generator::vendor::{build_vendor, vendor_dirs};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Every seed vendor generates without fallbacks, twice the same. The code
/// itself is checked once, as committed: `cargo xtask generate --check`
/// compares `generated/` byte for byte, so it is not snapshotted again here.
#[test]
fn generated_code_per_vendor() {
    let mut seen = 0;
    let mut failures = Vec::new();
    for dir in vendor_dirs(&workspace().join("specs")).unwrap() {
        let result = build_vendor(&dir, &workspace());
        let first = generate_module(&result.contract, &result.name, &result.map);
        let second = generate_module(&result.contract, &result.name, &result.map);
        if first.source != second.source {
            failures.push(format!("{}: generation is not deterministic", result.name));
        }
        if !first.diagnostics.is_empty() {
            failures.push(format!("{}: {}", result.name, first.diagnostics.render()));
        }
        if !first.source.contains("pub struct Client") {
            failures.push(format!("{}: no client", result.name));
        }
        seen += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(seen >= 4);
}

/// A contract using every construct the generator models; its code is
/// snapshot-tested here and compiled, with and without the typed-format
/// features, by `codegen_safety::fixture_contracts_compile`.
#[test]
fn kitchen_sink_constructs() {
    let path = workspace().join("codegen/tests/fixtures/kitchen-sink.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let result = generator::vendor::build_from_files(
        "kitchen-sink",
        vec![generator::source::SourceFile::new(
            "kitchen-sink.yaml",
            text,
        )],
    );
    assert!(
        !result.diagnostics.has_errors(),
        "{}",
        result.diagnostics.render()
    );
    let module = generate_module(&result.contract, "kitchen_sink", &result.map);
    let code = &module.source;
    for expected in [
        "pub r#type: ::std::option::Option<PetType>", // keyword field (serde drops the `r#`)
        "rename = \"2fa\"",                           // renamed only where the wire name differs
        "pub self_: ::std::option::Option<bool>",     // `self` cannot be raw
        "pub _2fa:",                                  // leading digit
        "rename = \"é\"",                             // non-ASCII wire name
        "::std::option::Option<::std::option::Option<::std::string::String>>", // optional + nullable
        "Unknown(::std::string::String)",                                      // open enum
        "PetStore,", // punctuation in a value
        "Empty,",    // the empty string value
        "pub parent: ::std::option::Option<::std::boxed::Box<Pet>>", // recursion boxed
        "::std::collections::BTreeMap<::std::string::String, i64>", // additionalProperties schema
        "v.no_extra(", // additionalProperties: false
        "#[serde(untagged)]", // anyOf / oneOf
        "Some(\"dog\") =>", // discriminator dispatch
        // Models are the `types` module: a std name or `Client` keeps its name.
        "pub mod types {",
        "pub struct Option(",
        "pub struct Error {",
        "\n    pub struct Client {", // inside `types`
        "\npub struct Client {\n    core: ::contract_runtime::ClientCore,",
        "v.direction_check(true, false",   // readOnly
        "v.direction_check(false, true",   // writeOnly
        "pub width: ::serde_json::Number", // allOf merged
        "v.push(\"not\"",                  // not
        "#[deprecated]",
        "pub const DEFAULT_BASE_URL: &str = \"https://eu.example.com/v1\"",
        "pub async fn get_pet(",
        "Status2xx {",
        // Required parameters are arguments, checked by their keywords.
        "sort: &str,",
        "allowed: &[\"\\\"name\\\"\", \"\\\"age\\\"\"]",
        "::contract_runtime::path_segment(\"petId\"",
        "int32: true",
        // What comes back: typed headers, successes apart from errors.
        "pub struct GetPetOkHeaders {",
        "pub x_rate_limit_remaining: i64,",
        "pub set_cookie: ::std::option::Option<::contract_runtime::Secret>,",
        "type Success = (types::Pet, GetPetOkHeaders);",
        "pub enum UpdatePetSuccess {",
        "response.json(\"application/json\")?",
        "::contract_runtime::Response<GetPetResponse>",
        // Every encoding: multipart with file parts, text, bytes.
        "pub photo: ::contract_runtime::FilePart,",
        "pub extras: ::std::option::Option<::std::vec::Vec<::contract_runtime::FilePart>>,",
        "impl ::contract_runtime::Multipart for UploadPhotoBody {",
        "request.multipart(body)?;",
        "request.text(body, \"text/plain\");",
        "body: impl ::std::convert::Into<::contract_runtime::Bytes>,",
        "response.text(\"text/plain\")?",
        "response.bytes(\"application/octet-stream\")?",
        "::contract_runtime::QueryStyle::DeepObject",
        // Typed formats, picked by the crate's features.
        "pub born: ::std::option::Option<crate::formats::DateTime>,",
        "pub uid: ::std::option::Option<crate::formats::Uuid>,",
        "pub avatar: ::std::option::Option<crate::formats::Byte>,",
        "v.formatted(",
        // Defaults filled in on decoding; those that do not fit stay docs.
        "#[serde(default = \"Pet::default_status\")]",
        "pub status: PetStatus,",
        "PetStatus::Available",
        "pub rank: i32,",
        "pub wrong_default: ::std::option::Option<i64>,",
        "pub out_of_range: ::std::option::Option<i64>,",
    ] {
        let declared: Vec<&str> = code
            .lines()
            .filter(|l| {
                let l = l.trim_start();
                l.starts_with("pub struct")
                    || l.starts_with("pub enum")
                    || l.starts_with("pub type")
            })
            .collect();
        assert!(
            code.contains(expected),
            "missing `{expected}` in the generated code; types: {declared:#?}"
        );
    }
    // No rename that repeats the field's own name; `Content-Type` is no
    // typed header (the media type decides it).
    for unwanted in [
        "rename = \"type\"",
        "rename = \"name\"",
        "pub content_type:",
    ] {
        assert!(!code.contains(unwanted), "unwanted `{unwanted}`");
    }
    insta::assert_snapshot!("code__kitchen_sink", code);
}

/// A contract without security schemes gets no credential code at all.
#[test]
fn no_credential_code_without_security_schemes() {
    let text = r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},
      "paths":{"/m":{"get":{"operationId":"listMembers","responses":{"200":{"description":"OK"}}}}}}"#;
    let result = generator::vendor::build_from_files(
        "t",
        vec![generator::source::SourceFile::new("t.json", text)],
    );
    let code = generate_module(&result.contract, "t", &result.map).source;
    for unwanted in ["Credentials", "authorize", "Authorize", "Secret"] {
        assert!(!code.contains(unwanted), "`{unwanted}` in:\n{code}");
    }
    assert!(code.contains("pub async fn list_members("), "{code}");
}
