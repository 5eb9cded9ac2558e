//! `cargo xtask conformance`: the JSON-Schema-Test-Suite draft-04 cases
//! that apply to OpenAPI 3.0, run through generated types + `validate()`.
//! A test's data is "valid" when it decodes into the generated type and
//! `validate()` reports nothing. Cases using what OpenAPI 3.0 does not have
//! (type lists, `type: null`, tuple `items`, `patternProperties`,
//! `dependencies`, `additionalItems`, `id`, remote refs) are excluded, each
//! with its reason.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use codegen::{crate_manifest, formats_module, generate_module};
use generator::source::SourceFile;
use generator::vendor::build_from_files;
use serde_json::{json, Value};

pub const PACKAGE: &str = "json-schema-test-suite@0.0.10";

/// Draft-04 files with no OpenAPI 3.0 counterpart at all.
const NOT_OAS30_FILES: &[(&str, &str)] = &[
    ("additionalItems.json", "additionalItems is not OpenAPI 3.0"),
    ("dependencies.json", "dependencies is not OpenAPI 3.0"),
    (
        "patternProperties.json",
        "patternProperties is not OpenAPI 3.0",
    ),
    (
        "definitions.json",
        "validates schemas against the draft-04 meta-schema",
    ),
    ("refRemote.json", "remote references"),
];

/// Cases that fail today, each with the reason; the run fails on any other
/// failure, and on a listed case that starts passing (so the list stays true).
const KNOWN: &[(&str, &str, &str)] = &[
    ("anyOf.json", "anyOf with base schema / mismatch base schema", "keywords beside `anyOf` other than properties (here `type`) do not reach the alternatives"),
    ("items.json", "a schema given for items / wrong type of items", "`items` without `type: array` is typed as any value and not checked"),
    ("optional/bignum.json", "integer / a bignum is an integer", "integers are i64; 1.2e52 does not decode"),
    ("optional/bignum.json", "integer / a negative bignum is an integer", "integers are i64; -1.2e52 does not decode"),
    ("optional/format.json", "validation of URIs / a valid protocol-relative URI", "OpenAPI `uri` is an absolute URI: a scheme is required"),
    ("properties.json", "object properties validation / ignores non-objects", "`properties` without `type` is read as an object type (OpenAPI practice), so non-objects do not decode"),
    ("ref.json", "root pointer ref / match", "`properties` without `type` is read as an object type, so `false` does not decode"),
    ("ref.json", "root pointer ref / recursive match", "as above, one level down"),
    ("ref.json", "escaped pointer ref / slash invalid", "refs into `~1`/`~0`/`%25`-escaped property names are not followed"),
    ("ref.json", "escaped pointer ref / tilda invalid", "as above"),
    ("ref.json", "escaped pointer ref / percent invalid", "as above"),
];

pub struct Options {
    pub work: PathBuf,
    pub suite: Option<PathBuf>,
}

pub fn run(options: &Options) -> ExitCode {
    let draft4 = match &options.suite {
        Some(dir) => dir.clone(),
        None => match fetch(&options.work) {
            Ok(dir) => dir,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let mut files = Vec::new();
    for sub in ["", "optional"] {
        let dir = draft4.join(sub);
        if let Ok(entries) = fs::read_dir(&dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "json") {
                    let name = p
                        .strip_prefix(&draft4)
                        .unwrap_or(&p)
                        .to_string_lossy()
                        .replace('\\', "/");
                    files.push((name, p));
                }
            }
        }
    }
    files.sort();
    let mut excluded: BTreeMap<String, usize> = BTreeMap::new();
    let mut cases: Vec<Case> = Vec::new();
    for (name, path) in &files {
        let base = name.rsplit('/').next().unwrap_or(name);
        let text = fs::read_to_string(path).unwrap_or_default();
        let list: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
        if let Some((_, why)) = NOT_OAS30_FILES.iter().find(|(f, _)| *f == base) {
            let tests: usize = list
                .iter()
                .map(|c| c["tests"].as_array().map_or(0, Vec::len))
                .sum();
            *excluded.entry(format!("{name}: {why}")).or_default() += tests;
            continue;
        }
        for (i, case) in list.iter().enumerate() {
            let tests = case["tests"].as_array().cloned().unwrap_or_default();
            if let Some(why) = unsupported(&case["schema"]) {
                *excluded.entry(why).or_default() += tests.len();
                continue;
            }
            cases.push(Case {
                module: format!("case_{}_{i}", crate::slug(name)),
                file: name.clone(),
                description: case["description"].as_str().unwrap_or("").to_string(),
                schema: case["schema"].clone(),
                tests,
            });
        }
    }
    let crate_dir = options.work.join("crate");
    if let Err(e) = write_crate(&crate_dir, &cases) {
        eprintln!("error: cannot write the conformance crate: {e}");
        return ExitCode::from(2);
    }
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["run", "--quiet", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", options.work.join("target"))
        .output();
    let output = match output {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).to_string(),
        Ok(o) => {
            eprintln!(
                "error: the generated conformance crate did not build or run:\n{}",
                String::from_utf8_lossy(&o.stderr)
            );
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            return ExitCode::from(2);
        }
    };
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut known_hit = 0;
    let mut surprises = Vec::new();
    for line in output.lines() {
        let Some((verdict, rest)) = line.split_once('\t') else {
            continue;
        };
        let (file, what) = rest.split_once('\t').unwrap_or((rest, ""));
        let label = what.split(": expected").next().unwrap_or(what);
        let known = KNOWN.iter().find(|(f, l, _)| *f == file && *l == label);
        if verdict == "pass" {
            passed += 1;
            if known.is_some() {
                surprises.push(format!(
                    "{file}: `{label}` now passes; remove it from the known failures"
                ));
            }
        } else {
            failed += 1;
            match known {
                Some((_, _, why)) => {
                    known_hit += 1;
                    failures
                        .entry(file.to_string())
                        .or_default()
                        .push(format!("{what}  [known: {why}]"));
                }
                None => {
                    surprises.push(format!("{file}: {what}"));
                    failures
                        .entry(file.to_string())
                        .or_default()
                        .push(what.to_string());
                }
            }
        }
    }
    for (file, list) in &failures {
        println!("{file}: {} failed", list.len());
        for what in list {
            println!("    {what}");
        }
    }
    let excluded_total: usize = excluded.values().sum();
    println!("excluded {excluded_total} test(s):");
    for (why, n) in &excluded {
        println!("    {n:>3}  {why}");
    }
    let total = passed + failed;
    println!(
        "pass rate {:.1}% of {total} applicable tests",
        100.0 * passed as f64 / total.max(1) as f64
    );
    println!("{known_hit} of the failures are known (listed in conformance.rs with their reasons)");
    for s in &surprises {
        println!("unexpected: {s}");
    }
    // The closing line counts unexpected failures; the known ones (listed
    // above with their reasons) are reported as skipped.
    println!(
        "{passed} passed, {} failed, {known_hit} skipped",
        surprises.len()
    );
    if surprises.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

struct Case {
    module: String,
    file: String,
    description: String,
    schema: Value,
    tests: Vec<Value>,
}

/// Why a case cannot be expressed in OpenAPI 3.0, if it cannot.
fn unsupported(schema: &Value) -> Option<String> {
    match schema {
        Value::Object(map) => {
            for (k, v) in map {
                let why = match k.as_str() {
                    "type" if v.is_array() => Some("a list of types"),
                    "type" if v == "null" => {
                        Some("`type: null` (OpenAPI 3.0 spells it `nullable`)")
                    }
                    "items" if v.is_array() => Some("tuple `items`"),
                    "patternProperties" | "dependencies" | "additionalItems" => {
                        Some("a keyword OpenAPI 3.0 lacks")
                    }
                    "id" if v.is_string() => Some("`id` base-URI changes"),
                    "$ref" if !v.as_str().is_some_and(|r| r.starts_with('#')) => {
                        Some("a remote `$ref`")
                    }
                    _ => None,
                };
                if let Some(why) = why {
                    return Some(format!("{why} (`{k}`)"));
                }
                if k == "enum" || k == "default" || k == "const" {
                    continue;
                }
                if let Some(why) = unsupported(v) {
                    return Some(why);
                }
            }
            None
        }
        Value::Array(items) => items.iter().find_map(unsupported),
        _ => None,
    }
}

/// The case schema as an OpenAPI document: the schema is component
/// `Root`, draft-04 `definitions` become components, refs follow.
fn as_openapi(schema: &Value) -> Value {
    let mut schemas = serde_json::Map::new();
    let mut root = schema.clone();
    if let Some(Value::Object(defs)) = root.as_object_mut().and_then(|m| m.remove("definitions")) {
        for (k, v) in defs {
            schemas.insert(k, rewrite_refs(v));
        }
    }
    schemas.insert("Root".into(), rewrite_refs(root));
    json!({"openapi": "3.0.3", "info": {"title": "case", "version": "1"}, "paths": {}, "components": {"schemas": schemas}})
}

fn rewrite_refs(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    if k == "$ref" {
                        if let Some(r) = v.as_str() {
                            let target = if r == "#" {
                                "#/components/schemas/Root".to_string()
                            } else if let Some(rest) = r.strip_prefix("#/definitions/") {
                                format!("#/components/schemas/{rest}")
                            } else if let Some(rest) = r.strip_prefix("#/") {
                                format!("#/components/schemas/Root/{rest}")
                            } else {
                                r.to_string()
                            };
                            return (k, Value::String(target));
                        }
                    }
                    if k == "enum" || k == "default" {
                        return (k, v);
                    }
                    (k, rewrite_refs(v))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(rewrite_refs).collect()),
        other => other,
    }
}

fn write_crate(dir: &Path, cases: &[Case]) -> std::io::Result<()> {
    fs::create_dir_all(dir.join("src"))?;
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .join("runtime");
    let runtime = runtime.canonicalize().unwrap_or(runtime);
    fs::write(
        dir.join("Cargo.toml"),
        format!(
            "{}\n[workspace]\n",
            crate_manifest("conformance", &runtime.to_string_lossy())
        ),
    )?;
    let mut main = String::from("#![allow(unused)]\n");
    main.push_str(&formats_module());
    let mut calls = String::new();
    for case in cases {
        if std::env::var_os("CONFORMANCE_TRACE").is_some() {
            eprintln!("{}", case.module);
        }
        let doc = as_openapi(&case.schema);
        let result = build_from_files("case", vec![SourceFile::new("case.json", doc.to_string())]);
        let module = generate_module(&result.contract, "case", &result.map);
        fs::write(
            dir.join("src").join(format!("{}.rs", case.module)),
            &module.source,
        )?;
        main.push_str(&format!("#[rustfmt::skip]\nmod {};\n", case.module));
        for test in &case.tests {
            let data = test["data"].to_string();
            let valid = test["valid"].as_bool().unwrap_or(false);
            let label = format!(
                "{} / {}",
                case.description,
                test["description"].as_str().unwrap_or("")
            );
            calls.push_str(&format!(
                "    check::<{}::types::Root>({:?}, {valid}, {:?}, {:?});\n",
                case.module, data, case.file, label
            ));
        }
    }
    main.push_str(
        r#"
fn check<T: serde::de::DeserializeOwned + contract_runtime::Validate>(data: &str, valid: bool, file: &str, label: &str) {
    let value: serde_json::Value = serde_json::from_str(data).unwrap();
    let got = match contract_runtime::decode::<T>(&value) {
        Ok(decoded) => decoded.validate().is_ok(),
        Err(_) => false,
    };
    if got == valid {
        println!("pass\t{file}\t{label}");
    } else {
        println!("fail\t{file}\t{label}: expected {}, got {} for {data}", if valid { "valid" } else { "invalid" }, if got { "valid" } else { "invalid" });
    }
}

fn main() {
"#,
    );
    main.push_str(&calls);
    main.push_str("}\n");
    fs::write(dir.join("src/main.rs"), main)
}

/// Fetch the suite with npm into `work` and return its `tests/draft4`.
fn fetch(work: &Path) -> Result<PathBuf, String> {
    let dir = work.join("suite");
    let draft4 = dir.join("package/tests/draft4");
    if draft4.is_dir() {
        return Ok(draft4);
    }
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let pack = Command::new("npm")
        .args(["pack", PACKAGE, "--silent"])
        .current_dir(&dir)
        .output()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if !pack.status.success() {
        return Err(format!(
            "npm pack {PACKAGE} failed: {}",
            String::from_utf8_lossy(&pack.stderr)
        ));
    }
    let tgz = String::from_utf8_lossy(&pack.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .trim()
        .to_string();
    let untar = Command::new("tar")
        .args(["xzf", &tgz])
        .current_dir(&dir)
        .status()
        .map_err(|e| e.to_string())?;
    if !untar.success() || !draft4.is_dir() {
        return Err("could not unpack the suite".into());
    }
    Ok(draft4)
}
