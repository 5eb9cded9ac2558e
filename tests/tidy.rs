//! Keeps the tree honest: rules a reviewer would otherwise have to
//! remember. Each failure names the file and the rule.
//!
//! - No hand-written source file is over [`MAX_LINES`] lines (generated
//!   code under `generated/src/` is written by `cargo xtask generate`).
//! - A helper that has one home is not written again elsewhere: each rule
//!   of [`ONE_HOME`] names the text that gives a copy away and the only
//!   files allowed to contain it.

use std::path::{Path, PathBuf};

/// The team's limit for one source file.
const MAX_LINES: usize = 900;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests package sits in the workspace")
        .to_path_buf()
}

/// Folders that hold no hand-written source of ours.
fn skipped(relative: &Path) -> bool {
    let text = relative.to_string_lossy().replace('\\', "/");
    text.starts_with("target")
        || text.starts_with("generated/src")
        || text.starts_with("fuzz/target")
        || text.starts_with("fuzz/corpus")
        || text.starts_with("fuzz/artifacts")
        || text
            .split('/')
            .any(|part| part.starts_with('.') || part == "node_modules" || part == "target")
}

/// Every `.rs` file of the workspace we write by hand, relative, sorted.
fn sources() -> Vec<PathBuf> {
    let root = workspace();
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let relative = path.strip_prefix(&root).unwrap_or(&path).to_path_buf();
            if skipped(&relative) {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(relative);
            }
        }
    }
    out.sort();
    out
}

/// The complaint for a file over the limit.
fn over_limit(file: &Path, text: &str) -> Option<String> {
    let lines = text.lines().count();
    (lines > MAX_LINES).then(|| format!("{} has {lines} lines", file.display()))
}

#[test]
fn no_source_file_is_over_the_limit() {
    let files = sources();
    assert!(files.len() > 100, "found only {} source files", files.len());
    let over: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let text = std::fs::read_to_string(workspace().join(file)).ok()?;
            over_limit(file, &text)
        })
        .collect();
    assert!(
        over.is_empty(),
        "source files over {MAX_LINES} lines (split them along their seams):\n  {}",
        over.join("\n  ")
    );
}

/// A helper with one home: `needle` is code only its implementation needs
/// (a copy elsewhere gives itself away by it); `homes` are the only files
/// allowed to contain it.
struct OneHome {
    helper: &'static str,
    needle: &'static str,
    homes: &'static [&'static str],
}

/// Add a rule when a helper is made the one place for its logic.
const ONE_HOME: &[OneHome] = &[
    OneHome {
        // Only a copy of the lookup strips or tests the bare prefix; code
        // that builds a ref writes `format!("#/components/schemas/{}", ..)`
        // and fixtures name a schema after it, so neither matches.
        helper: "`$ref` lookup: model::whole_schema_ref_name, Components::resolve_ref / deref",
        needle: "\"#/components/schemas/\"",
        homes: &["generator/src/model/mod.rs"],
    },
    OneHome {
        // Joining properties by name is the heart of an `allOf` merge.
        // (Split so this file does not contain the needle itself.)
        helper: "`allOf` merge: model::merge_all_of_parts, Components::merge_all_of",
        needle: concat!("properties", ".entry("),
        homes: &["generator/src/model/components.rs"],
    },
    // The `+json` suffix test gave away each "is this media type JSON"
    // copy (codegen, corpus_docs, the mock's body kind and multipart parts).
    OneHome {
        helper: "generator::http::is_json_media",
        needle: "ends_with(\"+json\")",
        homes: &["generator/src/http.rs"],
    },
    // "JSON first, else the first": the fallback of each picker copy
    // (split in two so this file does not contain it).
    OneHome {
        helper: "generator::model::MediaType::preferred",
        needle: concat!(".or_else(|| content", ".iter().next())"),
        homes: &["generator/src/model/operation.rs"],
    },
    // A 2xx test by hand: the success-status copies (MDX reader and
    // writer, diff, soak, seed tests) each had one.
    OneHome {
        helper: "generator::http::success_key / is_success_key",
        needle: "starts_with(\'2\')",
        homes: &["generator/src/http.rs"],
    },
    OneHome {
        // Where `{name}` sits in a path template: every brace scanner
        // (contract checks, diff, MDX reader, client URLs, mock router)
        // searched for the `{`.
        helper: "model::path::path_pieces (template_names, path_shape)",
        // (Needles are split so that this file does not contain them.)
        needle: concat!(".find(", "'{')"),
        homes: &["generator/src/model/path.rs"],
    },
    OneHome {
        // When two security schemes are one credential on the wire: the
        // reader's equality and the diff's comparison read these fields.
        helper: "SecurityScheme::same_wire / wire",
        needle: concat!(".open_id_", "connect_url"),
        homes: &["generator/src/model/security.rs"],
    },
    OneHome {
        // `base`, `base2`, `base3`... for security schemes
        // (Components::add_security_scheme), schemas and Rust names.
        helper: "naming::unique_name (Components::add_security_scheme)",
        needle: concat!("}{n}", "\")"),
        homes: &["generator/src/naming.rs"],
    },
];

/// Where a rule finds a copy: the needle in a file that is not its home.
fn copies<'a>(rule: &OneHome, files: &'a [(PathBuf, String)]) -> Vec<&'a Path> {
    files
        .iter()
        .filter(|(path, text)| {
            let home = rule
                .homes
                .iter()
                .any(|h| path.to_string_lossy().replace('\\', "/") == *h);
            !home && text.contains(rule.needle)
        })
        .map(|(path, _)| path.as_path())
        .collect()
}

#[test]
fn helpers_live_in_one_place() {
    let files: Vec<(PathBuf, String)> = sources()
        .into_iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(workspace().join(&f)).ok()?;
            Some((f, text))
        })
        .collect();
    let mut problems = Vec::new();
    for rule in ONE_HOME {
        // A needle its home no longer contains would pass forever.
        let at_home = files.iter().any(|(path, text)| {
            rule.homes
                .iter()
                .any(|h| path.to_string_lossy().replace('\\', "/") == *h)
                && text.contains(rule.needle)
        });
        if !at_home {
            problems.push(format!(
                "{}: `{}` is in none of its homes {:?} (update the rule)",
                rule.helper, rule.needle, rule.homes
            ));
        }
        for path in copies(rule, &files) {
            problems.push(format!(
                "{}: {} contains `{}`; call the helper in {:?} instead",
                rule.helper,
                path.display(),
                rule.needle,
                rule.homes
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_one_home_rule_sees_copies() {
    let rule = OneHome {
        helper: "example",
        needle: "ends_with(\"+json\")",
        homes: &["generator/src/http.rs"],
    };
    let files = vec![
        (
            PathBuf::from("generator/src/http.rs"),
            "m.ends_with(\"+json\")".to_string(),
        ),
        (
            PathBuf::from("mock-server/src/x.rs"),
            "m.ends_with(\"+json\")".to_string(),
        ),
        (
            PathBuf::from("codegen/src/y.rs"),
            "is_json_media(m)".to_string(),
        ),
    ];
    assert_eq!(
        copies(&rule, &files),
        vec![Path::new("mock-server/src/x.rs")]
    );
}

#[test]
fn the_size_rule_sees_large_files() {
    // The rule must be able to fail: a file over the limit is reported.
    let big = "fn f() {}\n".repeat(MAX_LINES + 1);
    let at_limit = "fn f() {}\n".repeat(MAX_LINES);
    assert!(over_limit(Path::new("a.rs"), &big).is_some_and(|m| m.contains("901 lines")));
    assert_eq!(over_limit(Path::new("a.rs"), &at_limit), None);
    assert!(skipped(Path::new("generated/src/turso.rs")));
    assert!(skipped(Path::new("target/debug/x.rs")));
    assert!(!skipped(Path::new("generator/src/model/mod.rs")));
}
