//! The JSON-Schema-Test-Suite draft-04 cases (`fixtures/json-schema-test-suite`)
//! through both validators: `generator::validate` over a `model::Schema`
//! built from the case's schema, and the runtime's keyword rules driven
//! through `contract_runtime::Validator` (the methods generated
//! `validate()` code calls). Both must give the suite's verdict and report
//! the same violations (pointer and keyword). What a validator does not
//! support is listed below with its reason; a listed case that starts
//! passing fails the test, so the lists stay true.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use contract_runtime::keywords::{self, ArrayRules, NumberRules, StringRules};
use contract_runtime::{Direction, Validator as RuntimeValidator, Violation};
use generator::model::Schema;
use generator::validate::Validator as SchemaValidator;
use serde_json::{json, Map, Value};

/// Files with nothing OpenAPI 3.0 can express; not run.
const EXCLUDED_FILES: &[(&str, &str)] = &[
    ("additionalItems.json", "additionalItems is not OpenAPI 3.0"),
    ("dependencies.json", "dependencies is not OpenAPI 3.0"),
    (
        "patternProperties.json",
        "patternProperties is not OpenAPI 3.0",
    ),
    (
        "definitions.json",
        "validates schemas against the remote draft-04 meta-schema",
    ),
    ("refRemote.json", "remote references"),
];

/// Who a listed case is not run through, or does not pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// The schema uses what neither validator (nor OpenAPI 3.0) has; not
    /// run. The test checks the schema really does (see `outside_oas30`).
    NotOas30,
    /// Both validators run and agree with each other, but not with the
    /// suite: a choice made on purpose, for both.
    Both,
    /// Only the generator's walker misses it; the runtime's path passes.
    Generator,
}

/// `(file, case description, test description or "" for all its tests,
/// gap, reason)`.
const GAPS: &[(&str, &str, &str, Gap, &str)] = &[
    (
        "additionalProperties.json",
        "additionalProperties being false does not allow other properties",
        "",
        Gap::NotOas30,
        "uses patternProperties",
    ),
    (
        "allOf.json",
        "allOf with base schema",
        "",
        Gap::NotOas30,
        "`type: null` in an alternative",
    ),
    (
        "items.json",
        "an array of schemas for items",
        "",
        Gap::NotOas30,
        "tuple `items`",
    ),
    (
        "not.json",
        "not multiple types",
        "",
        Gap::NotOas30,
        "a list of types",
    ),
    (
        "properties.json",
        "properties, patternProperties, additionalProperties interaction",
        "",
        Gap::NotOas30,
        "uses patternProperties",
    ),
    (
        "ref.json",
        "relative pointer ref to array",
        "",
        Gap::NotOas30,
        "tuple `items`",
    ),
    (
        "ref.json",
        "remote ref, containing refs itself",
        "",
        Gap::NotOas30,
        "a remote `$ref`",
    ),
    (
        "type.json",
        "null type matches only the null object",
        "",
        Gap::NotOas30,
        "`type: null` (OpenAPI 3.0 spells it `nullable`)",
    ),
    (
        "type.json",
        "multiple types can be specified in an array",
        "",
        Gap::NotOas30,
        "a list of types",
    ),
    (
        "optional/zeroTerminatedFloats.json",
        "some languages do not distinguish between different types of numeric value",
        "a float is not an integer even without fractional part",
        Gap::Both,
        "1.0 is an integer: JSON has one number type (draft 6 and later agree)",
    ),
    (
        "optional/format.json",
        "validation of URIs",
        "a valid protocol-relative URI",
        Gap::Both,
        "OpenAPI `uri` is an absolute URI: a scheme is required",
    ),
    (
        "ref.json",
        "relative pointer ref to object",
        "mismatch",
        Gap::Generator,
        "the generator follows only `#/components/schemas/...` refs; others accept anything",
    ),
    (
        "ref.json",
        "escaped pointer ref",
        "slash invalid",
        Gap::Generator,
        "as above: refs into the schema's own keys are not followed",
    ),
    (
        "ref.json",
        "escaped pointer ref",
        "tilda invalid",
        Gap::Generator,
        "as above",
    ),
    (
        "ref.json",
        "escaped pointer ref",
        "percent invalid",
        Gap::Generator,
        "as above",
    ),
];

/// Keywords both validators implement (and the annotations they ignore);
/// anything else in a case that is not listed fails the test.
const KNOWN_KEYWORDS: &[&str] = &[
    "$ref",
    "type",
    "enum",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "definitions",
    "default",
    "description",
    "title",
];

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/json-schema-test-suite/draft4")
}

#[test]
fn draft4_cases_agree_across_both_validators_and_the_suite() {
    let mut files = Vec::new();
    for sub in ["", "optional"] {
        for entry in fs::read_dir(suite_dir().join(sub)).expect("the suite is checked in") {
            let path = entry.expect("readable").path();
            if path.extension().is_some_and(|x| x == "json") {
                let name = format!(
                    "{sub}{}{}",
                    if sub.is_empty() { "" } else { "/" },
                    path.file_name().unwrap().to_string_lossy()
                );
                files.push((name, path));
            }
        }
    }
    files.sort();
    assert!(files.len() >= 25, "the draft-04 files are missing");

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut gaps_seen = vec![0usize; GAPS.len()];
    for (file, path) in &files {
        let cases: Vec<Value> = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
        let tests_in = |c: &Value| c["tests"].as_array().map_or(0, Vec::len);
        if EXCLUDED_FILES.iter().any(|(f, _)| f == file) {
            *counts.entry("tests in excluded files").or_default() +=
                cases.iter().map(tests_in).sum::<usize>();
            continue;
        }
        *counts.entry("files run").or_default() += 1;
        *counts.entry("cases (schemas) in files run").or_default() += cases.len();
        for case in &cases {
            let case_name = case["description"].as_str().unwrap_or("");
            let schema = &case["schema"];
            for test in case["tests"].as_array().unwrap() {
                let test_name = test["description"].as_str().unwrap_or("");
                let expected = test["valid"].as_bool().unwrap();
                let data = &test["data"];
                let label = format!("{file}: {case_name} / {test_name}");
                let gap = GAPS.iter().position(|(f, c, t, _, _)| {
                    f == file && *c == case_name && (t.is_empty() || *t == test_name)
                });
                if let Some(i) = gap {
                    gaps_seen[i] += 1;
                }
                let gap = gap.map(|i| GAPS[i].3);
                if gap == Some(Gap::NotOas30) {
                    *counts.entry("tests not OpenAPI 3.0 (listed)").or_default() += 1;
                    if outside_oas30(schema).is_none() {
                        problems.push(format!(
                            "{label}: listed as not OpenAPI 3.0, but only uses known keywords"
                        ));
                    }
                    continue;
                }
                if let Some(keyword) = outside_oas30(schema) {
                    problems.push(format!("{label}: uses `{keyword}`; list it in GAPS"));
                    continue;
                }
                let by_generator = match generator_violations(schema, data) {
                    Ok(v) => v,
                    Err(e) => {
                        problems.push(format!("{label}: no model::Schema: {e}"));
                        continue;
                    }
                };
                let by_runtime = runtime_violations(schema, data);
                let (gen_valid, rt_valid) = (by_generator.is_empty(), by_runtime.is_empty());
                match gap {
                    None => {
                        *counts.entry("tests run through both").or_default() += 1;
                        if gen_valid != expected || rt_valid != expected {
                            problems.push(format!(
                                "{label}: expected valid={expected}, generator {}, runtime {}",
                                describe(&by_generator),
                                describe(&by_runtime)
                            ));
                        } else if keyed(&by_generator) != keyed(&by_runtime) {
                            problems.push(format!(
                                "{label}: different violations: generator {}, runtime {}",
                                describe(&by_generator),
                                describe(&by_runtime)
                            ));
                        }
                    }
                    Some(Gap::Both) => {
                        *counts
                            .entry("tests run, both differ from the suite (listed)")
                            .or_default() += 1;
                        if gen_valid == expected || rt_valid == expected || gen_valid != rt_valid {
                            problems.push(format!(
                                "{label}: listed as a deliberate difference, but generator {}, runtime {}",
                                describe(&by_generator),
                                describe(&by_runtime)
                            ));
                        }
                    }
                    Some(Gap::Generator) => {
                        *counts
                            .entry("tests run, generator differs (listed)")
                            .or_default() += 1;
                        if rt_valid != expected || gen_valid == expected {
                            problems.push(format!(
                                "{label}: listed as a generator gap, but generator {}, runtime {}",
                                describe(&by_generator),
                                describe(&by_runtime)
                            ));
                        }
                    }
                    Some(Gap::NotOas30) => unreachable!(),
                }
            }
        }
    }
    for (i, seen) in gaps_seen.iter().enumerate() {
        if *seen == 0 {
            problems.push(format!("GAPS entry {:?} matches no test", GAPS[i]));
        }
    }
    let mut summary = String::new();
    for (what, n) in &counts {
        let _ = writeln!(summary, "{n:>4}  {what}");
    }
    println!("{summary}");
    assert!(problems.is_empty(), "{}\n{summary}", problems.join("\n"));
    // json-schema-test-suite 0.0.10 has 295 draft-04 tests; keep most of
    // the ones OpenAPI 3.0 can express in the run.
    assert!(counts["tests run through both"] >= 200, "{summary}");
}

/// The first keyword of `schema` (at any depth) that neither validator
/// implements, or `type` / `items` in a form OpenAPI 3.0 does not have.
fn outside_oas30(schema: &Value) -> Option<String> {
    let map = schema.as_object()?;
    for (k, v) in map {
        match k.as_str() {
            "type" if !v.is_string() || v == "null" => return Some("type".into()),
            "items" if v.is_array() => return Some("items".into()),
            "$ref" if !v.as_str().is_some_and(|r| r.starts_with('#')) => {
                return Some("$ref".into())
            }
            _ => {}
        }
        if !KNOWN_KEYWORDS.contains(&k.as_str()) {
            // keys that are only there to be referred to are data
            if !schema_has_ref_to(map, k) {
                return Some(k.clone());
            }
            continue;
        }
        let subschemas: Vec<&Value> = match k.as_str() {
            "properties" | "definitions" => v.as_object().map(|m| m.values().collect())?,
            "allOf" | "anyOf" | "oneOf" => v.as_array().map(|a| a.iter().collect())?,
            "items" | "not" | "additionalProperties" => vec![v],
            _ => vec![],
        };
        if let Some(found) = subschemas.into_iter().find_map(outside_oas30) {
            return Some(found);
        }
    }
    None
}

/// Whether some `$ref` under `map` points at its key `key` (ref.json's
/// `tilda~field`-style targets).
fn schema_has_ref_to(map: &Map<String, Value>, key: &str) -> bool {
    let escaped = key
        .replace('~', "~0")
        .replace('/', "~1")
        .replace('%', "%25");
    Value::Object(map.clone())
        .to_string()
        .contains(&format!("\"#/{escaped}\""))
}

fn describe(violations: &[Violation]) -> String {
    if violations.is_empty() {
        return "valid".into();
    }
    let list: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
    format!("invalid [{}]", list.join("; "))
}

fn keyed(violations: &[Violation]) -> Vec<(String, &'static str)> {
    let mut list: Vec<_> = violations
        .iter()
        .map(|v| (v.pointer.clone(), v.keyword))
        .collect();
    list.sort();
    list
}

// --- the generator's walker over model::Schema ---

/// The case's schema as contract components, the way `cargo xtask
/// conformance` writes it: the schema is `Root`, draft-04 `definitions`
/// become components, and refs follow.
fn generator_violations(schema: &Value, data: &Value) -> Result<Vec<Violation>, String> {
    let mut root = schema.clone();
    let mut components = BTreeMap::new();
    if let Some(Value::Object(defs)) = root.as_object_mut().and_then(|m| m.remove("definitions")) {
        for (name, def) in defs {
            components.insert(name, to_schema(rewrite_refs(def))?);
        }
    }
    let root = to_schema(rewrite_refs(root))?;
    components.insert("Root".to_string(), root.clone());
    Ok(SchemaValidator::new(&components).validate(&root, data))
}

fn to_schema(v: Value) -> Result<Schema, String> {
    serde_json::from_value(v).map_err(|e| e.to_string())
}

fn rewrite_refs(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| match (k.as_str(), v.as_str()) {
                    ("$ref", Some(r)) => {
                        let target = if r == "#" {
                            "#/components/schemas/Root".to_string()
                        } else if let Some(rest) = r.strip_prefix("#/definitions/") {
                            format!("#/components/schemas/{rest}")
                        } else {
                            // a pointer into the schema itself: no
                            // component (see GAPS)
                            format!("#/components/schemas/Root/{}", r.trim_start_matches("#/"))
                        };
                        (k, Value::String(target))
                    }
                    ("enum" | "default", _) => (k, v),
                    _ => (k, rewrite_refs(v)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(rewrite_refs).collect()),
        other => other,
    }
}

// --- the runtime's keyword rules, through the generated code's entry points ---

/// A small walker over the raw JSON schema that calls
/// `contract_runtime::Validator` where generated `validate()` code does
/// (`string`, `number`, `items`, `properties`, `one_of_values`,
/// `no_extra`, `at`), and the keyword functions for what generated code
/// leaves to its types and to decoding (`type`, `required`, `int32`).
/// Composition and `nullable` follow `generator::validate`, as they are
/// the walkers' part, not keyword rules.
fn runtime_violations(schema: &Value, data: &Value) -> Vec<Violation> {
    let mut v = RuntimeValidator::new(Direction::Request);
    RuntimeWalk { root: schema }.check(schema, data, &mut v, 0);
    v.finish().err().unwrap_or_default()
}

struct RuntimeWalk<'a> {
    root: &'a Value,
}

/// Generated types compare as JSON (1 and 1.0 are one number).
struct Json<'a>(&'a Value);

impl PartialEq for Json<'_> {
    fn eq(&self, other: &Self) -> bool {
        keywords::json_equal(self.0, other.0)
    }
}

impl RuntimeWalk<'_> {
    fn resolve(&self, reference: &str) -> Option<&Value> {
        let pointer = reference.strip_prefix('#')?;
        let decoded = percent_decode(pointer);
        self.root.pointer(&decoded)
    }

    fn check(&self, s: &Value, value: &Value, v: &mut RuntimeValidator, depth: usize) {
        if depth > 64 {
            return;
        }
        let Some(map) = s.as_object() else {
            return;
        };
        if let Some(r) = map.get("$ref").and_then(Value::as_str) {
            if let Some(target) = self.resolve(r) {
                self.check(target, value, v, depth + 1);
            }
            return;
        }
        let number = |k: &str| map.get(k).and_then(Value::as_f64);
        let unsigned = |k: &str| map.get(k).and_then(Value::as_u64);
        let flag = |k: &str| map.get(k).and_then(Value::as_bool).unwrap_or(false);
        let text = |k: &str| map.get(k).and_then(Value::as_str);
        if value.is_null() {
            let allows_null = flag("nullable")
                || map
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|e| e.contains(&Value::Null))
                || !["type", "allOf", "anyOf", "oneOf"]
                    .iter()
                    .any(|k| map.contains_key(*k));
            if !allows_null {
                v.push("nullable", "null is not allowed here");
            } else if let (false, Some(allowed)) = (flag("nullable"), map.get("enum")) {
                let texts: Vec<String> = allowed
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(Value::to_string)
                    .collect();
                let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
                v.one_of_values(value, &texts);
            }
            return;
        }
        if let Some(t) = text("type") {
            if !keywords::check_type(t, value, &mut v.report()) {
                return;
            }
        }
        if let Some(allowed) = map.get("enum").and_then(Value::as_array) {
            let texts: Vec<String> = allowed.iter().map(Value::to_string).collect();
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            v.one_of_values(value, &texts);
        }
        match value {
            Value::String(s) => v.string(
                s,
                &StringRules {
                    min_length: unsigned("minLength"),
                    max_length: unsigned("maxLength"),
                    pattern: text("pattern"),
                    format: text("format"),
                },
            ),
            Value::Number(n) => {
                v.number(
                    n.as_f64().unwrap_or(0.0),
                    &NumberRules {
                        minimum: number("minimum"),
                        exclusive_minimum: flag("exclusiveMinimum"),
                        maximum: number("maximum"),
                        exclusive_maximum: flag("exclusiveMaximum"),
                        multiple_of: number("multipleOf"),
                    },
                );
                if let Some(format) = text("format") {
                    keywords::check_integer_format(n, format, &mut v.report());
                }
            }
            Value::Array(items) => {
                let wrapped: Vec<Json> = items.iter().map(Json).collect();
                v.items(
                    &wrapped,
                    &ArrayRules {
                        min_items: unsigned("minItems"),
                        max_items: unsigned("maxItems"),
                        unique_items: flag("uniqueItems"),
                    },
                );
                if let Some(item_schema) = map.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        v.at_index(i, |v| self.check(item_schema, item, v, depth + 1));
                    }
                }
            }
            Value::Object(object) => {
                let properties = map.get("properties").and_then(Value::as_object);
                for name in map
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let name = name.as_str().unwrap_or("");
                    if !object.contains_key(name) {
                        keywords::missing_required(name, &mut v.report());
                    }
                }
                v.properties(
                    object.len(),
                    unsigned("minProperties"),
                    unsigned("maxProperties"),
                );
                let mut extra = Vec::new();
                for (key, item) in object {
                    match properties.and_then(|p| p.get(key)) {
                        Some(prop) => v.at(key, |v| self.check(prop, item, v, depth + 1)),
                        None => match map.get("additionalProperties") {
                            Some(Value::Bool(false)) => extra.push(key),
                            Some(extra_schema @ Value::Object(_)) => {
                                v.at(key, |v| self.check(extra_schema, item, v, depth + 1))
                            }
                            _ => {}
                        },
                    }
                }
                v.no_extra(extra.into_iter());
            }
            _ => {}
        }
        for sub in map
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.check(sub, value, v, depth + 1);
        }
        let direction = v.direction();
        let matches = |sub: &Value| {
            let mut inner = RuntimeValidator::new(direction);
            self.check(sub, value, &mut inner, depth + 1);
            inner.is_empty()
        };
        if let Some(any) = map.get("anyOf").and_then(Value::as_array) {
            if !any.iter().any(matches) {
                v.push("anyOf", "matches none of the alternatives");
            }
        }
        if let Some(one) = map.get("oneOf").and_then(Value::as_array) {
            let count = one.iter().filter(|s| matches(s)).count();
            if count != 1 {
                v.push(
                    "oneOf",
                    format!("matches {count} of the alternatives, not exactly one"),
                );
            }
        }
        if let Some(not) = map.get("not") {
            if matches(not) {
                v.push("not", "matches a schema it must not match");
            }
        }
    }
}

/// `%25` and friends in a URI-fragment pointer.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The keyword names both validators report for the choices this change
/// made: exclusive bounds and property counts name their own keyword.
#[test]
fn both_validators_name_exclusive_bounds_and_property_counts_alike() {
    for (schema, data, keyword) in [
        (
            json!({"minimum": 5, "exclusiveMinimum": true}),
            json!(5),
            "exclusiveMinimum",
        ),
        (
            json!({"maximum": 5, "exclusiveMaximum": true}),
            json!(5),
            "exclusiveMaximum",
        ),
        (json!({"minimum": 5}), json!(4), "minimum"),
        (json!({"minProperties": 1}), json!({}), "minProperties"),
        (
            json!({"maxProperties": 0}),
            json!({"a": 1}),
            "maxProperties",
        ),
        (
            json!({"multipleOf": 0.01}),
            json!(123456789.125),
            "multipleOf",
        ),
    ] {
        let g = generator_violations(&schema, &data).unwrap();
        let r = runtime_violations(&schema, &data);
        assert_eq!(keyed(&g), [(String::new(), keyword)], "{schema}");
        assert_eq!(keyed(&r), [(String::new(), keyword)], "{schema}");
    }
    // relative tolerance: a large multiple of 0.01 is one
    let schema = json!({"multipleOf": 0.01});
    assert!(generator_violations(&schema, &json!(123456789.12))
        .unwrap()
        .is_empty());
    assert!(runtime_violations(&schema, &json!(123456789.12)).is_empty());
}
