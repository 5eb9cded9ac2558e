//! `cargo xtask generate`: every vendor folder under `--specs` becomes
//! `<out>/openapi/<vendor>.yaml`; diagnostics go to stderr.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::diag::Severity;
use generator::vendor::{build_vendor, contract_yaml, vendors_of};

pub struct Options {
    pub specs: PathBuf,
    pub out: PathBuf,
    pub check: bool,
    pub quiet: bool,
}

pub fn run(options: &Options) -> ExitCode {
    let dirs = match vendors_of(&options.specs) {
        Ok(dirs) => dirs,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let display_root = options.specs.parent().unwrap_or(Path::new(""));
    let mut wanted: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut modules: Vec<String> = Vec::new();
    let mut errors = 0;
    // One line per vendor whose contract changes: what a client feels.
    let mut drift: Vec<String> = Vec::new();
    for dir in &dirs {
        let mut result = build_vendor(dir, display_root);
        if result.contract.operations().next().is_some() {
            let module = codegen::generate_module(&result.contract, &result.name, &result.map);
            result.diagnostics.extend(module.diagnostics);
            let file = codegen::names::plain_snake(&result.name, "vendor");
            wanted.insert(
                options.out.join("src").join(format!("{file}.rs")),
                module.source,
            );
            modules.push(result.name.clone());
        }
        for d in result.diagnostics.iter() {
            if !options.quiet || d.severity != Severity::Note {
                eprintln!("{}", d.render());
            }
        }
        let count = |s| result.diagnostics.count(s);
        errors += count(Severity::Error);
        let operations = result.contract.operations().count();
        eprintln!(
            "{}: {} page(s), {} operation(s); {} error(s), {} warning(s), {} note(s)",
            result.name,
            result.pages.len(),
            operations,
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Note)
        );
        if operations > 0 {
            let path = options
                .out
                .join("openapi")
                .join(format!("{}.yaml", result.name));
            let yaml = contract_yaml(&result.contract);
            drift.extend(crate::diff::generate_summary(
                &result.name,
                &path,
                &yaml,
                &result.contract,
            ));
            wanted.insert(path, yaml);
        }
    }
    wanted.insert(
        options.out.join("src").join("lib.rs"),
        codegen::crate_lib(&modules),
    );
    let runtime = relative_runtime_path(&options.out);
    wanted.insert(
        options.out.join("Cargo.toml"),
        codegen::crate_manifest("generated", &runtime),
    );
    let mut stale = stale_files(&options.out.join("openapi"), &wanted);
    for entry in stale_files(&options.out.join("src"), &wanted) {
        if !stale.iter().any(|(p, _)| p == &entry.0) {
            stale.push(entry);
        }
    }
    if options.check {
        if stale.is_empty() {
            eprintln!("generated files are up to date ({} file(s))", wanted.len());
        } else {
            for (path, why) in &stale {
                eprintln!("stale: {} ({why})", path.display());
            }
            for line in &drift {
                eprintln!("{line}");
            }
            eprintln!("run `cargo xtask generate` and commit the result");
            return ExitCode::FAILURE;
        }
    } else {
        // temporary files of a run that was killed mid-write
        for dir in [
            options.out.clone(),
            options.out.join("openapi"),
            options.out.join("src"),
        ] {
            crate::atomic::sweep(&dir, false);
        }
        for (path, why) in &stale {
            let result = if *why == "not produced any more" {
                fs::remove_file(path)
            } else {
                crate::atomic::write(path, wanted[path].as_bytes())
            };
            if let Err(e) = result {
                eprintln!("error: cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
            eprintln!("wrote {}", path.display());
        }
        for line in &drift {
            eprintln!("{line}");
        }
    }
    if errors > 0 {
        eprintln!("{errors} error(s): the contracts above are incomplete");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Files whose content differs from what we would write, and YAML files
/// in the output folder we no longer produce.
fn stale_files(dir: &Path, wanted: &BTreeMap<PathBuf, String>) -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    for (path, text) in wanted {
        match fs::read_to_string(path) {
            Ok(existing) if &existing == text => {}
            Ok(_) => out.push((path.clone(), "content differs")),
            Err(_) => out.push((path.clone(), "missing")),
        }
    }
    if let Ok(entries) = fs::read_dir(dir) {
        let mut extra: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "yaml" || x == "rs") && !wanted.contains_key(p)
            })
            .collect();
        extra.sort();
        out.extend(extra.into_iter().map(|p| (p, "not produced any more")));
    }
    out
}

/// The runtime crate's path as seen from the output folder.
fn relative_runtime_path(out: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."));
    let runtime = root.join("runtime");
    let out = out.canonicalize().unwrap_or_else(|_| out.to_path_buf());
    let runtime = runtime.canonicalize().unwrap_or(runtime);
    // Walk up from `out` until `runtime` is below it.
    let mut up = String::new();
    let mut base = out.as_path();
    loop {
        if let Ok(rest) = runtime.strip_prefix(base) {
            return format!("{up}{}", rest.to_string_lossy().replace('\\', "/"));
        }
        match base.parent() {
            Some(parent) => {
                base = parent;
                up.push_str("../");
            }
            None => return runtime.to_string_lossy().replace('\\', "/"),
        }
    }
}
