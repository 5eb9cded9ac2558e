//! Property tests, one per reader: arbitrary text and near-valid inputs
//! (well-formed documents generated from random values, then cut or
//! edited) never panic, and what the readers report points inside the
//! text they read. The coverage-guided fuzz targets under `fuzz/` explore
//! the same entry points for longer; these keep a small, fast version of
//! it in `cargo test`.

use generator::diag::Diagnostics;
use generator::doc::{Kind, Node};
use generator::source::SourceFile;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn config(cases: u32) -> ProptestConfig {
    let defaults = ProptestConfig::default();
    // The same cases on every run, so `cargo test` is repeatable; explore
    // with `PROPTEST_RNG_SEED=<n>` (and `PROPTEST_CASES`), and the fuzzers
    // (`.ci/fuzz`) search further.
    let rng_seed = match defaults.rng_seed {
        proptest::test_runner::RngSeed::Random => proptest::test_runner::RngSeed::Fixed(0x5eed),
        chosen => chosen,
    };
    ProptestConfig {
        cases,
        max_shrink_iters: 256,
        rng_seed,
        // A failure prints its minimal input; nothing is written beside the tests.
        failure_persistence: None,
        ..defaults
    }
}

/// Lines a position may name: every line, and the one after a final newline.
fn line_count(text: &str) -> u32 {
    text.matches('\n').count() as u32 + 1
}

// `fuzz/src/lib.rs` has its own copy of this walk: the fuzz crate is a
// workspace of its own (cargo-fuzz) that these tests cannot depend on.
fn assert_within(node: &Node, lines: u32) {
    assert!(
        (1..=lines).contains(&node.pos.line) && node.pos.col >= 1,
        "node at {:?}, text has {lines} line(s)",
        node.pos
    );
    match &node.kind {
        Kind::Seq(items) => items.iter().for_each(|n| assert_within(n, lines)),
        Kind::Map(entries) => entries.iter().for_each(|e| {
            assert!(
                (1..=lines).contains(&e.key_pos.line),
                "key at {:?}",
                e.key_pos
            );
            assert_within(&e.value, lines);
        }),
        _ => {}
    }
}

/// Every diagnostic about `file` names a line of it.
fn assert_diagnostics_within(diags: &Diagnostics, file: &str, text: &str) {
    let lines = line_count(text);
    for d in diags.iter().filter(|d| &*d.location.file == file) {
        assert!(
            (1..=lines).contains(&d.location.line),
            "diagnostic outside the page: {}",
            d.render()
        );
    }
    let _ = diags.render();
}

/// A page through the whole vendor pipeline, and what is published of it.
fn read_page(name: &str, text: &str) {
    let result = generator::vendor::build_from_files("prop", vec![SourceFile::new(name, text)]);
    assert_diagnostics_within(&result.diagnostics, name, text);
    let _ = generator::vendor::contract_yaml(&result.contract);
}

/// Text worth mixing into documents: the readers' own syntax, odd
/// whitespace and characters that are not ASCII.
const TOKENS: &[&str] = &[
    ":",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"",
    "'",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "<<: *a",
    "\n",
    "\n  ",
    "\t",
    "\r",
    "\r\n",
    "|\n",
    ">-\n",
    "---\n",
    "...\n",
    "```",
    "````",
    "<ParamField ",
    "/>",
    ">",
    "</Expandable>",
    "<Expandable>",
    "$ref",
    "#/components/schemas/A",
    "é",
    "日本",
    "\u{feff}",
    "\u{0}",
    "\\",
    "\\u12",
    "1e999",
    "-0",
    "0x",
    "null",
    "~",
    "?",
    "%",
];

/// A text edited at a few places: cut, a token inserted, a range removed
/// or a line doubled.
fn mutated(base: String) -> impl Strategy<Value = String> {
    let len = base.len().max(1);
    proptest::collection::vec((0..4u8, 0..len, 0..len, 0..TOKENS.len()), 0..4).prop_map(
        move |edits| {
            let mut text = base.clone();
            for (kind, a, b, token) in edits {
                let mut a = a.min(text.len());
                while !text.is_char_boundary(a) {
                    a -= 1;
                }
                let mut b = b.min(text.len()).max(a);
                while !text.is_char_boundary(b) {
                    b -= 1;
                }
                match kind {
                    0 => text.truncate(b.max(a)),
                    1 => text.insert_str(a, TOKENS[token]),
                    2 => text.replace_range(a..b, ""),
                    _ => {
                        let start = text[..a].rfind('\n').map_or(0, |i| i + 1);
                        let end = text[a..].find('\n').map_or(text.len(), |i| a + i + 1);
                        let line = text[start..end].to_string();
                        text.insert_str(start, &line);
                    }
                }
            }
            text
        },
    )
}

/// Strings that stress quoting: YAML indicators, line breaks, keywords.
fn wild_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{0,6}",
        any::<String>(),
        proptest::sample::select(vec![
            "",
            "null",
            "true",
            "~",
            "- x",
            ": x",
            "#x",
            "'",
            "\"",
            "a: b",
            "@x",
            "`x`",
            "*x",
            "&x",
            "!x",
            "|",
            ">",
            "%x",
            "0x1F",
            "1e3",
            "-",
            "?",
            "{}",
            "[]",
            "\t",
            "\r",
            "\n",
            " x ",
            "\u{85}",
            "\u{2028}",
            "\u{feff}x",
            "é",
            "{a}",
            "$ref",
        ])
        .prop_map(str::to_string),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        wild_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((wild_string(), inner), 0..4)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Schemas with every keyword the readers look at, some of them wrong
/// (dangling `$ref`s, `required` naming nothing, bad patterns, a default
/// of the wrong type).
fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        proptest::sample::select(vec![
            "string", "integer", "number", "boolean", "object", "array", "null", "file", "",
        ])
        .prop_map(|t| json!({ "type": t })),
        proptest::sample::select(vec!["A", "B", "Missing", "A/B", "é"])
            .prop_map(|r| json!({ "$ref": format!("#/components/schemas/{r}") })),
        json_value().prop_map(|v| json!({ "type": "string", "default": v, "example": 7 })),
        proptest::sample::select(vec!["^[a-z]+$", "([", "\\p{L}+", "(?<x>a)", ""])
            .prop_map(|p| json!({ "type": "string", "pattern": p, "format": "email" })),
        proptest::collection::vec(json_value(), 0..4).prop_map(|e| json!({ "enum": e })),
        Just(json!({ "type": ["string", "null"], "minimum": "3", "maxLength": -1 })),
    ];
    leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            (
                proptest::collection::vec((wild_string(), inner.clone()), 0..4),
                proptest::collection::vec(wild_string(), 0..3),
                any::<bool>(),
            )
                .prop_map(|(props, required, extra)| {
                    json!({
                        "type": "object",
                        "properties": props.into_iter().collect::<Map<_, _>>(),
                        "required": required,
                        "additionalProperties": extra,
                    })
                }),
            inner
                .clone()
                .prop_map(|i| json!({ "type": "array", "items": i })),
            proptest::collection::vec(inner.clone(), 0..3).prop_map(|v| json!({ "allOf": v })),
            proptest::collection::vec(inner.clone(), 0..3)
                .prop_map(|v| json!({ "oneOf": v, "discriminator": { "propertyName": "kind" } })),
            proptest::collection::vec(inner, 0..3).prop_map(|v| json!({ "anyOf": v })),
        ]
    })
}

fn openapi_document() -> impl Strategy<Value = Value> {
    (
        proptest::sample::select(vec!["3.0.3", "3.1.0", "2.0", "4"]),
        proptest::sample::select(vec!["/pets/{id}", "/pets", "/{a}/{a}", "pets", "/x/{"]),
        proptest::sample::select(vec!["get", "post", "put", "delete", "patch", "x-any"]),
        proptest::collection::vec(
            (
                wild_string(),
                proptest::sample::select(vec!["path", "query", "header", "cookie", "body"]),
                any::<bool>(),
                schema(),
            ),
            0..3,
        ),
        schema(),
        proptest::collection::vec(
            (
                proptest::sample::select(vec!["200", "201", "2XX", "default", "404", "abc"]),
                schema(),
                json_value(),
            ),
            0..3,
        ),
        schema(),
    )
        .prop_map(|(version, path, method, params, body, responses, component)| {
            let parameters: Vec<Value> = params
                .into_iter()
                .map(|(name, location, required, schema)| {
                    json!({ "name": name, "in": location, "required": required, "schema": schema })
                })
                .collect();
            let responses: Map<String, Value> = responses
                .into_iter()
                .map(|(status, schema, example)| {
                    (
                        status.to_string(),
                        json!({
                            "description": "answer",
                            "content": { "application/json": { "schema": schema, "example": example } }
                        }),
                    )
                })
                .collect();
            json!({
                "openapi": version,
                "info": { "title": "Prop", "version": "1" },
                "servers": [{ "url": "https://api.example.com/v1" }],
                "paths": { path: { method: {
                    "operationId": "op",
                    "parameters": parameters,
                    "requestBody": { "required": true, "content": { "application/json": { "schema": body } } },
                    "responses": responses,
                } } },
                "components": {
                    "schemas": { "A": component, "B": { "$ref": "#/components/schemas/A" } },
                    "securitySchemes": { "key": { "type": "apiKey", "in": "header", "name": "X-Key" } },
                },
            })
        })
}

fn yaml(value: &Value) -> String {
    generator::doc::emit::to_yaml(value)
}

/// Two JSON values are the same document (numbers compared by value;
/// serde_json's default float parsing is not always correctly rounded,
/// so floats may differ in the last place).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            x == y || (x - y).abs() <= 4.0 * f64::EPSILON * x.abs().max(y.abs())
        }
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// YAML: the contracts we publish read back as the same document, and
    /// any text (or a published document edited) reads or fails inside it.
    #[test]
    fn yaml_reads_what_we_write_and_points_inside_any_text(
        value in json_value(),
        noise in any::<String>(),
    ) {
        let text = yaml(&value);
        let read = generator::doc::yaml::parse(&text, 1, 0);
        prop_assert!(read.is_ok(), "{text:?}: {read:?}");
        let node = read.unwrap();
        assert_within(&node, line_count(&text));
        prop_assert!(same(&node.to_json(), &value), "{text:?} read back as {:?}", node.to_json());
        for text in [noise.clone(), format!("{text}{noise}"), format!("a:\n  {noise}\n")] {
            match generator::doc::yaml::parse(&text, 1, 0) {
                Ok(node) => assert_within(&node, line_count(&text)),
                Err(e) => prop_assert!((1..=line_count(&text)).contains(&e.pos.line), "{e:?}"),
            }
        }
    }

    /// JSON: whatever serde_json reads, the positioned reader reads as the
    /// same value; other text fails at a place inside it.
    #[test]
    fn json_agrees_with_serde_json(value in json_value(), noise in any::<String>(), cut in any::<prop::sample::Index>()) {
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        let mut cut_at = cut.index(pretty.len() + 1);
        while !pretty.is_char_boundary(cut_at) {
            cut_at -= 1;
        }
        for text in [pretty.clone(), serde_json::to_string(&value).unwrap(), noise, pretty[..cut_at].to_string()] {
            let ours = generator::doc::json::parse(&text, 1, 0);
            match (&ours, serde_json::from_str::<Value>(&text)) {
                (Ok(node), Ok(theirs)) => {
                    assert_within(node, line_count(&text));
                    prop_assert!(same(&node.to_json(), &theirs), "{text:?}");
                }
                (Err(e), Ok(_)) => prop_assert!(false, "serde_json reads {text:?}, ours fails: {e:?}"),
                (Ok(node), Err(_)) => assert_within(node, line_count(&text)),
                (Err(e), Err(_)) => prop_assert!((1..=line_count(&text)).contains(&e.pos.line), "{e:?}"),
            }
        }
    }

    /// `llms.txt`: every link's span is the `[title](url)` it was read from.
    #[test]
    fn llms_txt_spans_are_the_links_text(
        noise in any::<String>(),
        links in proptest::collection::vec((wild_string(), wild_string(), 0..4u8), 0..6),
    ) {
        let mut text = String::from("\u{feff}# Index\n> summary\n");
        for (title, url, kind) in &links {
            match kind {
                0 => text.push_str(&format!("## {title}\n")),
                1 => text.push_str(&format!("- [{title}]({url}): notes\n")),
                2 => text.push_str(&format!("```\n- [{title}](<{url}>)\n")),
                _ => text.push_str(&format!("{noise}\n")),
            }
        }
        for text in [text.clone(), noise.clone()] {
            let index = generator::llms::parse(&text);
            for (_, link) in index.links() {
                let written = text.get(link.span.clone());
                prop_assert!(written.is_some_and(|w| w.starts_with('[')), "{:?} in {text:?}", link.span);
                prop_assert!(link.line >= 1 && link.column >= 1);
            }
            prop_assert!(generator::llms::strip_boilerplate(&text).len() <= text.len());
        }
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Whole spec files, YAML and JSON, well-formed and edited.
    #[test]
    fn spec_files_never_panic(doc in openapi_document(), edit in any::<prop::sample::Index>()) {
        let as_yaml = yaml(&doc);
        let as_json = serde_json::to_string_pretty(&doc).unwrap();
        read_page("openapi.yaml", &as_yaml);
        read_page("openapi.json", &as_json);
        let mut cut = edit.index(as_yaml.len() + 1);
        while !as_yaml.is_char_boundary(cut) {
            cut -= 1;
        }
        read_page("openapi.yaml", &as_yaml[..cut]);
    }

    /// OpenAPI documents embedded in a `.md` export's fence, edited.
    #[test]
    fn openapi_in_markdown_never_panics(page in openapi_document().prop_flat_map(|doc| {
        mutated(format!("# Prop\n\n## OpenAPI\n\n````yaml openapi.yaml post /pets/{{id}}\n{}````\n", yaml(&doc)))
    })) {
        read_page("api/prop.md", &page);
    }

    /// Mintlify's legacy endpoint dump, well-formed and edited.
    #[test]
    fn endpoint_dumps_never_panic(page in (
        proptest::collection::vec((wild_string(), proptest::sample::select(vec!["path", "query", "header", "cookie"]), schema(), any::<bool>()), 0..3),
        schema(),
        proptest::collection::vec((proptest::sample::select(vec!["200", "201", "400", "default"]), schema(), json_value()), 0..3),
    ).prop_flat_map(|(params, body, responses)| {
        let mut parameters = json!({ "path": {}, "query": {}, "header": {}, "cookie": {} });
        for (name, location, schema, required) in params {
            parameters[location][name] = json!({ "schema": [ { "required": required, "description": "p", "type": schema.get("type").cloned().unwrap_or(Value::Null) }, schema ] });
        }
        let response: Map<String, Value> = responses.into_iter().map(|(status, schema, example)| {
            (status.to_string(), json!({ "application/json": { "schemaArray": [schema], "examples": { "example": { "value": example } }, "description": "d" } }))
        }).collect();
        let dump = json!({ "paths": {
            "path": "/pets/{id}",
            "method": "post",
            "servers": [{ "url": "https://api.example.com" }],
            "request": { "security": [], "parameters": parameters, "body": { "application/json": { "schemaArray": [body], "requiredProperties": ["a"] } } },
            "response": response,
        }, "components": { "schemas": { "A": { "type": "object" } } } });
        mutated(format!("# Prop\n\n````yaml post /pets/{{id}}\n{}````\n", yaml(&dump)))
    })) {
        read_page("api/prop.md", &page);
    }

    /// MDX pages built from the components the reader knows, then edited.
    #[test]
    fn mdx_pages_never_panic(page in (
        proptest::sample::select(vec!["POST /pets/{id}", "GET https://api.example.com/v1/pets", "get /pets", "", "PATCH"]),
        proptest::collection::vec((
            proptest::sample::select(vec!["path", "query", "header", "body", "cookie"]),
            wild_string(),
            proptest::sample::select(vec!["string", "integer", "number", "boolean", "object", "string[]", "object[]", "enum<string>", "Record<string, any>", "", "array of strings"]),
            any::<bool>(),
            0..3u8,
        ), 0..5),
        json_value(),
    ).prop_flat_map(|(api, fields, example)| {
        let mut page = format!("---\ntitle: Prop page\napi: {api}\ndescription: d\n---\n\n");
        for (location, name, ty, required, nesting) in &fields {
            let required = if *required { " required" } else { "" };
            page.push_str(&format!("<ParamField {location}=\"{name}\" type=\"{ty}\"{required} default=\"x\">\n  What {name} is.\n"));
            if *nesting > 0 {
                page.push_str(&format!("  <Expandable title=\"properties\">\n    <ParamField body=\"{name}.inner\" type=\"{ty}\" />\n  </Expandable>\n"));
            }
            page.push_str("</ParamField>\n\n");
        }
        page.push_str(&format!(
            "<ResponseField name=\"id\" type=\"string\" required>\n  The id.\n</ResponseField>\n\n<ResponseExample>\n```json 201\n{}\n```\n</ResponseExample>\n\n### 404 Not Found\n\n```json\n{{\"error\": \"no\"}}\n```\n",
            serde_json::to_string_pretty(&example).unwrap()
        ));
        mutated(page)
    })) {
        read_page("api/prop.mdx", &page);
    }

    /// Overlays: any action list applied to a sample vendor's contract.
    #[test]
    fn overlays_never_panic(actions in proptest::collection::vec((
        proptest::sample::select(vec![
            "$", "$.paths", "$.paths.*.*", "$..schemas", "$.info.title", "$..[?@.type == 'string']",
            "$.paths['/v1/organizations/{organizationSlug}/members'].post", "$..*", "$[", "$.x[?(@)]", "$..properties[*]", "",
        ]),
        any::<bool>(),
        json_value(),
    ), 0..4), edit in any::<prop::sample::Index>()) {
        let actions: Vec<Value> = actions.into_iter().map(|(target, remove, update)| {
            if remove { json!({ "target": target, "remove": true }) } else { json!({ "target": target, "update": update }) }
        }).collect();
        let overlay = yaml(&json!({ "overlay": "1.0.0", "info": { "title": "o", "version": "1" }, "actions": actions }));
        let mut cut = edit.index(overlay.len() + 1);
        while !overlay.is_char_boundary(cut) {
            cut -= 1;
        }
        let base = turso();
        for text in [overlay.as_str(), &overlay[..cut]] {
            let file = SourceFile::new("specs/prop/overlay.yaml", text);
            let mut contract = base.contract.clone();
            let mut map = base.map.clone();
            let mut diags = Diagnostics::default();
            generator::overlay::apply(&file, &mut contract, &mut map, &mut diags);
            assert_diagnostics_within(&diags, "specs/prop/overlay.yaml", text);
            let _ = generator::vendor::contract_yaml(&contract);
        }
    }
}

fn turso() -> &'static generator::vendor::VendorResult {
    static TURSO: std::sync::OnceLock<generator::vendor::VendorResult> = std::sync::OnceLock::new();
    TURSO.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        generator::vendor::build_vendor(&root.join("specs/turso"), &root)
    })
}
