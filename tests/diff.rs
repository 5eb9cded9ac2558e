//! The contract-drift classifier (`generator::diff`), data-driven.
//!
//! `tests/diff/<case>/` (workspace root) holds `base.yaml` and
//! `revision.yaml`; `changes.snap` beside them is what the classifier
//! reports, both ways round: base -> revision, then revision -> base (the
//! opposite rules). Every case also diffs each side with itself (no
//! changes at all), and every rule of the table must be reported by some
//! case. Review snapshot changes with `cargo insta review`.
//!
//! Then: the committed contracts read back exactly, and real drift: the
//! seed vendors' pages edited the way vendors edit them, rebuilt, and
//! diffed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use generator::diff::{self, render, Change, Level, RULES};
use generator::model::Contract;
use generator::source::SourceFile;
use generator::vendor::{build_from_files, build_vendor, contract_yaml, vendor_dirs};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Every change, with the generated Rust items each touches.
fn changes_between(old: &Contract, new: &Contract) -> Vec<Change> {
    diff::compare(
        old,
        new,
        &diff::Options {
            impact: Some(&codegen::symbols::RustItems),
            ..diff::Options::default()
        },
    )
}

fn corpus() -> PathBuf {
    workspace().join("tests").join("diff")
}

fn read(path: &Path) -> Contract {
    let text = std::fs::read_to_string(path).unwrap();
    let shown = path.strip_prefix(workspace()).unwrap_or(path);
    diff::read_contract("case", &shown.to_string_lossy(), &text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("base.yaml").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// A pointer with path templates' parameter names dropped and security
/// requirements (inherited or the operation's own) at one place, so the
/// two directions of a case can be lined up.
fn aligned(pointer: &str) -> String {
    let mut tokens: Vec<String> = pointer.split('/').map(str::to_string).collect();
    if tokens.get(1).map(String::as_str) == Some("paths") && tokens.len() > 2 {
        tokens[2] = generator::model::path::path_shape(&tokens[2]);
    }
    let joined = tokens.join("/");
    if joined.ends_with("/security") || joined == "/security" {
        return "security".into();
    }
    joined
}

/// Every change one way has its opposite the other way, at the same place.
fn assert_opposites(case: &str, forward: &[Change], reversed: &[Change]) {
    for (from, to, way) in [
        (forward, reversed, "forward"),
        (reversed, forward, "reversed"),
    ] {
        for change in from {
            let rule = diff::rule_by_id(change.rule)
                .unwrap_or_else(|| panic!("{case}: unknown rule {}", change.rule));
            let found = to.iter().any(|other| {
                rule.opposites.contains(&other.rule)
                    && (aligned(&other.pointer) == aligned(&change.pointer)
                        || change.operation.is_none() && other.operation.is_none())
            });
            assert!(
                found,
                "{case} ({way}): {} at {} has none of its opposites {:?} the other way round",
                change.rule, change.pointer, rule.opposites
            );
        }
    }
}

fn report(changes: &[Change]) -> String {
    render::text(changes, false)
}

#[test]
fn every_case_reports_its_changes_both_ways_and_nothing_against_itself() {
    insta::glob!("diff", "*/base.yaml", |path| {
        let dir = path.parent().unwrap();
        let case = dir.file_name().unwrap().to_string_lossy().to_string();
        let base = read(path);
        let revision = read(&dir.join("revision.yaml"));
        assert!(
            changes_between(&base, &base).is_empty(),
            "{case}: base vs itself"
        );
        assert!(
            changes_between(&revision, &revision).is_empty(),
            "{case}: revision vs itself"
        );
        let forward = changes_between(&base, &revision);
        let reversed = changes_between(&revision, &base);
        assert_opposites(&case, &forward, &reversed);
        let shown = format!(
            "base -> revision\n{}\nrevision -> base\n{}",
            report(&forward),
            report(&reversed)
        );
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(dir);
        settings.set_snapshot_suffix("");
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!("changes", shown));
    });
}

/// Every rule in the table is reported by at least one case (one way or
/// the other), and the corpus has at least 60 cases.
#[test]
fn every_rule_has_a_case() {
    let dirs = cases();
    assert!(dirs.len() >= 60, "only {} cases", dirs.len());
    let mut seen = BTreeSet::new();
    for dir in &dirs {
        let base = read(&dir.join("base.yaml"));
        let revision = read(&dir.join("revision.yaml"));
        for c in changes_between(&base, &revision)
            .into_iter()
            .chain(changes_between(&revision, &base))
        {
            seen.insert(c.rule);
        }
    }
    let missing: Vec<&str> = RULES
        .iter()
        .map(|r| r.id)
        .filter(|id| !seen.contains(id))
        .collect();
    assert!(missing.is_empty(), "rules no case reports: {missing:?}");
}

/// `no-change-*` and `identical` cases report nothing either way; every
/// case that does is listed.
#[test]
fn no_noise_cases_report_nothing() {
    let mut checked = 0;
    let mut noisy = Vec::new();
    for dir in cases() {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        if !(name.starts_with("no-change-") || name == "identical" || name.ends_with("-reordered"))
        {
            continue;
        }
        let base = read(&dir.join("base.yaml"));
        let revision = read(&dir.join("revision.yaml"));
        for (way, changes) in [
            ("forward", changes_between(&base, &revision)),
            ("reversed", changes_between(&revision, &base)),
        ] {
            if !changes.is_empty() {
                noisy.push(format!("{name} ({way}):\n{}", report(&changes)));
            }
        }
        checked += 1;
    }
    assert!(noisy.is_empty(), "{}", noisy.join("\n"));
    assert!(checked >= 8, "{checked}");
}

/// The committed contracts read back into the contract that wrote them.
#[test]
fn committed_contracts_read_back_exactly() {
    let mut differ = Vec::new();
    for dir in vendor_dirs(&workspace().join("specs")).unwrap() {
        let built = build_vendor(&dir, &workspace());
        if built.contract.paths.is_empty() {
            continue;
        }
        let yaml = contract_yaml(&built.contract);
        let back = diff::read_contract(&built.name, "contract.yaml", &yaml).unwrap();
        if back != built.contract || !changes_between(&back, &built.contract).is_empty() {
            differ.push(built.name);
        }
    }
    assert!(differ.is_empty(), "read back differently: {differ:?}");
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Copy the seed vendors' folders, apply `edits` (vendor, page, from, to)
/// to the page text, and build every vendor before and after.
fn drift(edits: &[(&str, &str, &str, &str)]) -> Vec<Change> {
    let temp = tempfile::tempdir().unwrap();
    let specs = temp.path().join("specs");
    copy_tree(&workspace().join("specs"), &specs);
    let before: Vec<_> = vendor_dirs(&specs)
        .unwrap()
        .iter()
        .map(|d| build_vendor(d, temp.path()))
        .collect();
    for (vendor, page, from, to) in edits {
        let path = specs.join(vendor).join(page);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches(from).count(), 1, "{vendor}/{page}: {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    let mut changes = Vec::new();
    for old in before {
        let new = build_vendor(&specs.join(&old.name), temp.path());
        assert!(
            !new.diagnostics.has_errors(),
            "{}",
            new.diagnostics.render()
        );
        changes.extend(diff::compare(
            &old.contract,
            &new.contract,
            &diff::Options {
                vendor: &old.name,
                new_map: Some(&new.map),
                impact: Some(&codegen::symbols::RustItems),
            },
        ));
    }
    diff::sort(&mut changes);
    changes
}

/// Realistic edits to the published pages: a response field removed
/// (ChatDash), an enum value added (Turso), a new required parameter
/// (Stellas). The report names exactly those, at the edited lines, with
/// the generated items they touch.
#[test]
fn real_drift_names_exactly_the_edits() {
    let changes = drift(&[
        (
            "chatdash",
            "create-client.md",
            "                properties:\n                  message:\n                    type: string\n                    example: Client created successfully\n",
            "                properties: {}\n",
        ),
        (
            "turso",
            "add-member.md",
            "                    enum:\n                      - admin\n                      - member\n                      - viewer\n                    description: The role given to the user.\n                    default: member\n",
            "                    enum:\n                      - admin\n                      - member\n                      - viewer\n                      - owner\n                    description: The role given to the user.\n                    default: member\n",
        ),
        (
            "stellas",
            "invite-member.mdx",
            "## Request body\n",
            "<ParamField query=\"sendEmail\" type=\"boolean\" required>\n  Whether to email the invitation.\n</ParamField>\n\n## Request body\n",
        ),
    ]);
    let shown: Vec<String> = changes
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {} {} at {} client {:?}",
                c.vendor,
                c.level,
                c.rule,
                c.pointer,
                c.new
                    .as_ref()
                    .or(c.old.as_ref())
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
                c.location.as_deref().unwrap_or("?"),
                c.impact
            )
        })
        .collect();
    insta::assert_snapshot!("real_drift", shown.join("\n"));
    let rules: Vec<(&str, &str)> = changes
        .iter()
        .map(|c| (c.vendor.as_str(), c.rule))
        .collect();
    assert_eq!(
        rules,
        vec![
            ("chatdash", "response-property-removed"),
            ("stellas", "request-required-parameter-added"),
            ("turso", "request-property-enum-value-added"),
        ]
    );
    let by_rule = |rule: &str| changes.iter().find(|c| c.rule == rule).unwrap();
    assert_eq!(by_rule("response-property-removed").level, Level::Breaking);
    assert!(by_rule("request-required-parameter-added")
        .location
        .as_deref()
        .is_some_and(|l| l.starts_with("specs/stellas/invite-member.mdx:")));
    assert!(!by_rule("response-property-removed").impact.is_empty());
}

/// Nothing edited: nothing reported.
#[test]
fn real_pages_unedited_report_nothing() {
    assert_eq!(drift(&[]), vec![]);
}

/// Odd contracts compare without panicking: empty, self-referencing
/// components, unresolvable references, deep nesting.
#[test]
fn odd_contracts_do_not_panic() {
    let empty = Contract::default();
    let mut texts = vec![
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n".to_string(),
        r##"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/A"}}}}}}}},
            "components":{"schemas":{"A":{"allOf":[{"$ref":"#/components/schemas/B"}]},"B":{"allOf":[{"$ref":"#/components/schemas/A"}],"properties":{"next":{"$ref":"#/components/schemas/A"}}}}}}"##.to_string(),
        r##"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Missing"}}}}}}}}}"##.to_string(),
    ];
    let mut deep = String::from("{\"type\":\"string\"}");
    for _ in 0..60 {
        deep = format!("{{\"type\":\"object\",\"properties\":{{\"x\":{deep}}}}}");
    }
    texts.push(format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{"/a":{{"post":{{"requestBody":{{"content":{{"application/json":{{"schema":{deep}}}}}}},"responses":{{"200":{{"description":"ok"}}}}}}}}}}}}"#
    ));
    let contracts: Vec<Contract> = texts
        .iter()
        .map(|t| build_from_files("odd", vec![SourceFile::new("odd.json", t.as_str())]).contract)
        .collect();
    for a in contracts.iter().chain([&empty]) {
        for b in contracts.iter().chain([&empty]) {
            let changes = changes_between(a, b);
            if a == b {
                assert!(changes.is_empty(), "{changes:#?}");
            }
            let _ = render::text(&changes, true);
            let _ = render::markdown(&changes);
            let _ = render::json(&changes);
        }
    }
}

/// The JSON report's shape (documented in the README).
#[test]
fn json_report_shape() {
    let dir = corpus().join("request-property-became-required");
    let changes = changes_between(
        &read(&dir.join("base.yaml")),
        &read(&dir.join("revision.yaml")),
    );
    let json = render::json(&changes);
    assert_eq!(json["summary"]["breaking"], 1);
    let change = &json["changes"][0];
    for key in [
        "rule",
        "level",
        "vendor",
        "operation",
        "pointer",
        "old",
        "new",
        "message",
        "location",
        "client",
    ] {
        assert!(change.get(key).is_some(), "{key} missing: {change}");
    }
    assert_eq!(change["operation"]["method"], "POST");
    assert_eq!(change["client"][0], "types::NewMember.role");
    let nothing = render::json(&[]);
    assert_eq!(nothing["changes"], serde_json::json!([]));
}

/// The README's rule table is the rule table: same ids, order and levels.
#[test]
fn readme_lists_every_rule_with_its_level() {
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    let section = readme
        .split("### Rules")
        .nth(1)
        .expect("README has a `### Rules` section");
    let listed: Vec<(String, String)> = section
        .lines()
        .take_while(|l| !l.starts_with("## "))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let id = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((id.to_string(), cells.get(2)?.to_string()))
        })
        .collect();
    let table: Vec<(String, String)> = RULES
        .iter()
        .map(|r| (r.id.to_string(), r.level.to_string()))
        .collect();
    assert_eq!(listed, table);
}

/// A reference graph that fans out (each level's six properties all refer
/// to the next level, the last back to the first) compares in bounded
/// time: a component is compared once per operation, and its change
/// reported once.
#[test]
fn fanning_out_reference_graphs_stay_bounded() {
    let contract = |leaf_max: u32| {
        let mut schemas = serde_json::Map::new();
        for level in 0..12 {
            let mut properties = serde_json::Map::new();
            for p in 0..6 {
                properties.insert(
                    format!("p{p}"),
                    serde_json::json!({"$ref": format!("#/components/schemas/L{}", level + 1)}),
                );
            }
            schemas.insert(
                format!("L{level}"),
                serde_json::json!({"type": "object", "properties": properties}),
            );
        }
        schemas.insert(
            "L12".into(),
            serde_json::json!({"type": "object", "properties": {
                "value": {"type": "string", "maxLength": leaf_max},
                "back": {"$ref": "#/components/schemas/L0"}}}),
        );
        let doc = serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/L0"}}}}}}}},
            "components": {"schemas": schemas}
        });
        diff::read_contract("fan", "fan.json", &doc.to_string()).unwrap()
    };
    let (a, b) = (contract(10), contract(20));
    let started = std::time::Instant::now();
    assert!(changes_between(&a, &a).is_empty());
    let changes = diff::compare(&a, &b, &diff::Options::default());
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0].rule, "response-property-constraint-relaxed");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}
