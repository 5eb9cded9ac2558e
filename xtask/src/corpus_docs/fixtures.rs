//! The real-world pages under [`CORPUS_DIR`] against `expected.toml`:
//! for each page, what a careful reader of that page finds — the shape,
//! the operation (`METHOD /path`) and one line per parameter, body node
//! and response (the [`project`](super::project) lines: type, format,
//! enum, nullable, required), plus what the projection leaves out.
//!
//! The expectations were written from the reader's output and then
//! reviewed by hand against each page; where the page contradicts itself
//! the file says which reading was taken. `--print-expected` prints the
//! current readings in the file's format, as a starting point for a new
//! page (which still needs that review).

use std::fs;
use std::path::{Path, PathBuf};

use generator::diag::{Diagnostics, Severity};
use generator::ingest::{self, Shape};
use generator::source::SourceFile;
use serde::Deserialize;

use super::project;

/// Where the corpus lives, from the workspace root.
pub const CORPUS_DIR: &str = "generator/tests/fixtures/corpus";
const EXPECTED: &str = "expected.toml";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Expectations { path: PathBuf, message: String },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expectations {
    #[serde(default)]
    page: Vec<Expected>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// `<vendor>/<file>`.
    pub file: String,
    /// `OpenApi`, `EndpointDump`, `Mdx` or `NoEndpoint`.
    pub shape: String,
    /// `METHOD /path`, empty for a page without an endpoint.
    #[serde(default)]
    pub operation: String,
    /// `key: description` lines of the projected operation.
    #[serde(default)]
    pub lines: Vec<String>,
    /// `class at place` of what the projection leaves out.
    #[serde(default)]
    pub left_out: Vec<String>,
    /// Why the expectation is what it is, where the page is ambiguous.
    #[serde(default)]
    pub review: Option<String>,
}

/// One page's outcome.
#[derive(Debug)]
pub struct PageResult {
    pub page: String,
    pub problems: Vec<String>,
}

/// What the readers make of one page, in the expectation's terms.
pub fn reading(corpus: &Path, file: &str) -> Result<(Expected, Diagnostics), Error> {
    let path = corpus.join(file);
    let text = fs::read_to_string(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    let out = ingest::ingest(&SourceFile::new(file, text));
    let mut diags = out.diagnostics;
    let mut contract = out.contract;
    let mut map = out.map;
    generator::resolve::resolve_refs(&mut contract, &mut map, &mut diags);
    let shape = match out.shape {
        Shape::OpenApi => "OpenApi",
        Shape::EndpointDump => "EndpointDump",
        Shape::Mdx => "Mdx",
        Shape::Stub => "Stub",
        Shape::NoEndpoint => "NoEndpoint",
    };
    let mut got = Expected {
        file: file.to_string(),
        shape: shape.to_string(),
        operation: String::new(),
        lines: Vec::new(),
        left_out: Vec::new(),
        review: None,
    };
    let ops: Vec<_> = contract.operations().collect();
    if let Some((path, method, op)) = ops.first() {
        got.operation = format!("{} {path}", method.upper());
        let (lines, cut) = project::full_lines(&contract, op);
        got.lines = lines;
        got.left_out = cut
            .iter()
            .map(|e| format!("{} at {}", e.class, e.at))
            .collect();
    }
    if ops.len() > 1 {
        got.operation
            .push_str(&format!(" (+{} more)", ops.len() - 1));
    }
    Ok((got, diags))
}

/// Every page file under the corpus (`<vendor>/<file>`), sorted.
pub fn page_names(corpus: &Path) -> Result<Vec<String>, Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let mut out = Vec::new();
    let vendors = generator::vendor::vendor_dirs(corpus).map_err(io(corpus))?;
    for vendor in vendors {
        for page in generator::vendor::page_files(&vendor).map_err(io(&vendor))? {
            if let Ok(rel) = page.strip_prefix(corpus) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn load(corpus: &Path) -> Result<Vec<Expected>, Error> {
    let path = corpus.join(EXPECTED);
    let text = fs::read_to_string(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    toml::from_str::<Expectations>(&text)
        .map(|e| e.page)
        .map_err(|e| Error::Expectations {
            path,
            message: e.to_string(),
        })
}

/// Check every page against its expectation; a page without one fails.
pub fn check_all(corpus: &Path) -> Result<Vec<PageResult>, Error> {
    let expected = load(corpus)?;
    let mut results = Vec::new();
    for file in page_names(corpus)? {
        let mut problems = Vec::new();
        let want = expected
            .iter()
            .filter(|e| e.file == file)
            .collect::<Vec<_>>();
        let outcome = std::panic::catch_unwind(|| reading(corpus, &file));
        match (outcome, want.as_slice()) {
            (Err(_), _) => problems.push("the reader panicked".to_string()),
            (Ok(Err(e)), _) => problems.push(e.to_string()),
            (Ok(Ok(_)), []) => problems.push(format!("no expectation in {EXPECTED}")),
            (Ok(Ok(_)), [_, _, ..]) => problems.push(format!("several expectations in {EXPECTED}")),
            (Ok(Ok((got, diags))), [want]) => {
                for d in diags.iter().filter(|d| d.severity == Severity::Error) {
                    problems.push(format!("error[{}]: {} ({})", d.code, d.message, d.location));
                }
                problems.extend(differences(want, &got));
            }
        }
        results.push(PageResult {
            page: file,
            problems,
        });
    }
    for e in &expected {
        if !results.iter().any(|r| r.page == e.file) {
            results.push(PageResult {
                page: e.file.clone(),
                problems: vec!["expected, but there is no such page".to_string()],
            });
        }
    }
    Ok(results)
}

fn differences(want: &Expected, got: &Expected) -> Vec<String> {
    let mut out = Vec::new();
    if want.shape != got.shape {
        out.push(format!(
            "shape: expected {}, read {}",
            want.shape, got.shape
        ));
    }
    if want.operation != got.operation {
        out.push(format!(
            "operation: expected `{}`, read `{}`",
            want.operation, got.operation
        ));
    }
    for (label, w, g) in [
        ("", &want.lines, &got.lines),
        ("left out: ", &want.left_out, &got.left_out),
    ] {
        for line in w.iter().filter(|l| !g.contains(l)) {
            out.push(format!("{label}expected `{line}`, not read"));
        }
        for line in g.iter().filter(|l| !w.contains(l)) {
            out.push(format!("{label}read `{line}`, not expected"));
        }
        if out.is_empty() && w != g {
            out.push(format!("{label}lines in another order"));
        }
    }
    out
}

/// The current readings in `expected.toml` format.
pub fn print_expected(corpus: &Path) -> Result<String, Error> {
    let mut out = String::new();
    for file in page_names(corpus)? {
        let (got, _) = reading(corpus, &file)?;
        out.push_str("[[page]]\n");
        out.push_str(&format!("file = {}\n", toml_str(&got.file)));
        out.push_str(&format!("shape = {}\n", toml_str(&got.shape)));
        out.push_str(&format!("operation = {}\n", toml_str(&got.operation)));
        for (key, list) in [("lines", &got.lines), ("left_out", &got.left_out)] {
            if list.is_empty() {
                continue;
            }
            out.push_str(&format!("{key} = [\n"));
            for l in list {
                out.push_str(&format!("  {},\n", toml_str(l)));
            }
            out.push_str("]\n");
        }
        out.push('\n');
    }
    Ok(out)
}

fn toml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> PathBuf {
        crate::workspace_root().join(CORPUS_DIR)
    }

    /// The check itself, as `cargo xtask corpus --docs` runs it.
    #[test]
    fn every_corpus_page_reads_as_expected() {
        let results = check_all(&corpus()).unwrap();
        assert!(results.len() >= 40, "{}", results.len());
        let failures: Vec<String> = results
            .iter()
            .filter(|r| !r.problems.is_empty())
            .map(|r| format!("{}:\n  {}", r.page, r.problems.join("\n  ")))
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn a_changed_reading_is_reported_line_by_line() {
        let want = Expected {
            file: "v/p.md".into(),
            shape: "Mdx".into(),
            operation: "GET /a".into(),
            lines: vec!["query q: string".into(), "response 200: (no fields)".into()],
            left_out: vec![],
            review: None,
        };
        let mut got = want.clone();
        got.operation = "POST /a".into();
        got.lines[0] = "query q: string required".into();
        assert_eq!(
            differences(&want, &got),
            vec![
                "operation: expected `GET /a`, read `POST /a`",
                "expected `query q: string`, not read",
                "read `query q: string required`, not expected",
            ]
        );
        assert!(differences(&want, &want).is_empty());
    }
}
