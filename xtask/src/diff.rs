//! `cargo xtask diff`: what changed between two sets of contracts,
//! classified by `generator::diff` (rule, level, pointer, old/new, page
//! and line, generated Rust items touched).
//!
//! - no arguments: the contracts committed at `HEAD` (`generated/openapi/`)
//!   against what `cargo xtask generate` would write from the working tree;
//! - `--base REV`: the same, with any git revision as the base;
//! - `OLD NEW`: two contract files, or two folders of `<vendor>.yaml`.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use generator::diff::{self, render, Change, Counts, Level};
use generator::model::Contract;
use generator::srcmap::SourceMap;
use generator::vendor::{build_vendor, vendors_of};

/// Where committed contracts live, relative to the workspace root.
const CONTRACTS: &str = "generated/openapi";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Breaking,
    Warning,
    Info,
}

impl FailOn {
    fn level(self) -> Level {
        match self {
            FailOn::Breaking => Level::Breaking,
            FailOn::Warning => Level::Warning,
            FailOn::Info => Level::Info,
        }
    }
}

pub struct Options {
    pub root: PathBuf,
    /// Two contracts (files or folders), or none.
    pub paths: Vec<PathBuf>,
    /// Git revision whose `generated/openapi/` is the base (default HEAD).
    pub base: Option<String>,
    pub specs: PathBuf,
    pub vendor: Option<String>,
    pub format: Format,
    pub fail_on: Option<FailOn>,
}

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("give two contracts (`OLD NEW`, files or folders) or none; got {0}")]
    Arguments(usize),
    #[error("`--base` compares a git revision with the working tree; it does not take `OLD NEW`")]
    BaseWithPaths,
    #[error("cannot run git ({0}); `cargo xtask diff` without `OLD NEW` needs git")]
    NoGit(std::io::Error),
    #[error("git {command}: {message}")]
    Git { command: String, message: String },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0} holds no contract (`<vendor>.yaml`, `.yml` or `.json`)")]
    Empty(PathBuf),
    #[error(transparent)]
    Contract(#[from] diff::ReadError),
    #[error(transparent)]
    Specs(#[from] generator::vendor::SpecsError),
    #[error("no vendor `{0}` on either side")]
    UnknownVendor(String),
}

/// One side of the comparison: vendor -> contract (and, for contracts
/// built from pages, where each part came from).
type Side = BTreeMap<String, (Contract, Option<SourceMap>)>;

pub fn run(options: &Options) -> ExitCode {
    let changes = match collect(options) {
        Ok(changes) => changes,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let report = match options.format {
        Format::Text => render::text(&changes, color),
        Format::Markdown => render::markdown(&changes),
        Format::Json => {
            serde_json::to_string_pretty(&render::json(&changes)).unwrap_or_default() + "\n"
        }
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::stdout().lock().write_all(report.as_bytes());
    if let Some(fail_on) = options.fail_on {
        let level = fail_on.level();
        let reached = changes.iter().filter(|c| c.level >= level).count();
        if reached > 0 {
            eprintln!("{reached} change(s) at level {level} or above (--fail-on {level})");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// Every change, per vendor, sorted.
pub fn collect(options: &Options) -> Result<Vec<Change>, DiffError> {
    let (old, new) = match options.paths.as_slice() {
        [] => {
            let rev = options.base.as_deref().unwrap_or("HEAD");
            (at_revision(&options.root, rev)?, built(&options.specs)?)
        }
        [_, _] if options.base.is_some() => return Err(DiffError::BaseWithPaths),
        [old, new] => paired(old, new)?,
        other => return Err(DiffError::Arguments(other.len())),
    };
    let mut vendors: Vec<&String> = old.keys().chain(new.keys()).collect();
    vendors.sort();
    vendors.dedup();
    if let Some(only) = &options.vendor {
        if !vendors.contains(&only) {
            return Err(DiffError::UnknownVendor(only.clone()));
        }
        vendors.retain(|v| *v == only);
    }
    let mut changes = Vec::new();
    for vendor in vendors {
        let (old_contract, new_contract, map) = match (old.get(vendor), new.get(vendor)) {
            (Some((a, _)), Some((b, map))) => (a.clone(), b.clone(), map.as_ref()),
            (Some((a, _)), None) => (a.clone(), shell_of(a), None),
            (None, Some((b, map))) => (shell_of(b), b.clone(), map.as_ref()),
            (None, None) => continue,
        };
        changes.extend(diff::compare(
            &old_contract,
            &new_contract,
            &diff::Options {
                vendor,
                new_map: map,
                impact: Some(&codegen::symbols::RustItems),
            },
        ));
    }
    diff::sort(&mut changes);
    Ok(changes)
}

/// A contract with `c`'s info, servers and security schemes but no
/// operations: the other side of a vendor that exists on one side only,
/// so only its operations show as added or removed.
fn shell_of(c: &Contract) -> Contract {
    let mut shell = Contract {
        info: c.info.clone(),
        servers: c.servers.clone(),
        security: c.security.clone(),
        ..Contract::default()
    };
    shell.components.security_schemes = c.components.security_schemes.clone();
    shell
}

/// What `cargo xtask generate` would write: every vendor with operations.
fn built(specs: &Path) -> Result<Side, DiffError> {
    let display_root = specs.parent().unwrap_or(Path::new(""));
    let mut side = Side::new();
    for dir in vendors_of(specs)? {
        let result = build_vendor(&dir, display_root);
        let errors = result.diagnostics.count(generator::diag::Severity::Error);
        if errors > 0 {
            eprintln!(
                "note: {}: {errors} error(s) reading the pages (`cargo xtask generate` shows them); comparing what did read",
                result.name
            );
        }
        if result.contract.operations().next().is_some() {
            side.insert(result.name, (result.contract, Some(result.map)));
        }
    }
    Ok(side)
}

fn git(root: &Path, args: &[&str]) -> Result<String, DiffError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(DiffError::NoGit)?;
    if !output.status.success() {
        return Err(DiffError::Git {
            command: args.join(" "),
            message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The contracts committed at `rev`.
fn at_revision(root: &Path, rev: &str) -> Result<Side, DiffError> {
    git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| DiffError::Git {
        command: format!("rev-parse {rev}"),
        message: format!("`{rev}` is not a revision of this repository"),
    })?;
    let listing = git(
        root,
        &[
            "ls-tree",
            "--name-only",
            rev,
            "--",
            &format!("{CONTRACTS}/"),
        ],
    )?;
    let mut side = Side::new();
    for path in listing.lines().filter(|l| is_contract_file(Path::new(l))) {
        let text = git(root, &["show", &format!("{rev}:{path}")])?;
        let vendor = vendor_of(Path::new(path));
        let contract = diff::read_contract(&vendor, &format!("{rev}:{path}"), &text)?;
        side.insert(vendor, (contract, None));
    }
    Ok(side)
}

fn is_contract_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
}

fn vendor_of(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("contract")
        .to_string()
}

fn read_file(path: &Path, vendor: &str) -> Result<Contract, DiffError> {
    let text = std::fs::read_to_string(path).map_err(|source| DiffError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(diff::read_contract(vendor, &path.to_string_lossy(), &text)?)
}

/// `<vendor>.yaml` files of a folder, or the one file.
fn read_side(path: &Path, vendor: Option<&str>) -> Result<Side, DiffError> {
    let mut side = Side::new();
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|source| DiffError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && is_contract_file(p))
            .collect();
        files.sort();
        for file in files {
            let vendor = vendor_of(&file);
            let contract = read_file(&file, &vendor)?;
            side.insert(vendor, (contract, None));
        }
        if side.is_empty() {
            return Err(DiffError::Empty(path.to_path_buf()));
        }
    } else {
        let vendor = vendor.map_or_else(|| vendor_of(path), str::to_string);
        let contract = read_file(path, &vendor)?;
        side.insert(vendor, (contract, None));
    }
    Ok(side)
}

/// Two files (one vendor, named after the new file) or two folders.
fn paired(old: &Path, new: &Path) -> Result<(Side, Side), DiffError> {
    if old.is_dir() || new.is_dir() {
        return Ok((read_side(old, None)?, read_side(new, None)?));
    }
    let vendor = vendor_of(new);
    Ok((
        read_side(old, Some(&vendor))?,
        read_side(new, Some(&vendor))?,
    ))
}

/// `cargo xtask generate`'s closing line for a vendor whose contract on
/// disk differs from the new one: `turso: 1 breaking, 2 info; run ...`.
/// None when nothing changed.
pub fn generate_summary(
    vendor: &str,
    path: &Path,
    new_text: &str,
    new: &Contract,
) -> Option<String> {
    let old_text = std::fs::read_to_string(path).ok()?;
    if old_text == new_text {
        return None;
    }
    let old = match diff::read_contract(vendor, &path.to_string_lossy(), &old_text) {
        Ok(old) => old,
        Err(_) => {
            return Some(format!(
                "{vendor}: contract rewritten (the old one does not read as a contract)"
            ))
        }
    };
    let changes = diff::compare(
        &old,
        new,
        &diff::Options {
            vendor,
            ..diff::Options::default()
        },
    );
    let counts = Counts::of(&changes);
    Some(if counts.total() == 0 {
        format!("{vendor}: contract rewritten, no change a client sees")
    } else {
        format!("{vendor}: {counts}; run `cargo xtask diff` for details")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(name: &str) -> PathBuf {
        crate::workspace_root().join("tests/diff").join(name)
    }

    fn options(paths: Vec<PathBuf>) -> Options {
        Options {
            root: crate::workspace_root(),
            paths,
            base: None,
            specs: crate::workspace_root().join("specs"),
            vendor: None,
            format: Format::Json,
            fail_on: None,
        }
    }

    #[test]
    fn two_files_compare_as_one_vendor() {
        let dir = case("request-property-became-required");
        let changes = collect(&options(vec![
            dir.join("base.yaml"),
            dir.join("revision.yaml"),
        ]))
        .unwrap();
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].vendor, "revision");
        assert_eq!(changes[0].rule, "request-property-became-required");
    }

    #[test]
    fn usage_errors_are_errors() {
        assert!(matches!(
            collect(&options(vec![PathBuf::from("a")])),
            Err(DiffError::Arguments(1))
        ));
        let missing = options(vec![PathBuf::from("no-such.yaml"), PathBuf::from("x.yaml")]);
        assert!(matches!(collect(&missing), Err(DiffError::Io { .. })));
        let mut bad = options(vec![]);
        bad.base = Some("no-such-revision-anywhere".into());
        assert!(matches!(collect(&bad), Err(DiffError::Git { .. })));
    }

    #[test]
    fn a_vendor_on_one_side_only_shows_its_operations() {
        let dir = case("identical");
        let temp = tempfile::tempdir().unwrap();
        std::fs::copy(dir.join("base.yaml"), temp.path().join("acme.yaml")).unwrap();
        let empty = tempfile::tempdir().unwrap();
        std::fs::copy(dir.join("base.yaml"), empty.path().join("other.yaml")).unwrap();
        let changes = collect(&options(vec![
            empty.path().to_path_buf(),
            temp.path().to_path_buf(),
        ]))
        .unwrap();
        let acme: Vec<&str> = changes
            .iter()
            .filter(|c| c.vendor == "acme")
            .map(|c| c.rule)
            .collect();
        assert!(acme.iter().all(|r| *r == "api-path-added"), "{acme:?}");
        assert_eq!(acme.len(), 4);
        assert!(changes
            .iter()
            .filter(|c| c.vendor == "other")
            .all(|c| c.rule == "api-path-removed"));
    }
}
