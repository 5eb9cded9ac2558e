//! One vendor end to end: read its folder, ingest every page, merge,
//! apply `vendor.toml` and `overlay.yaml`, resolve refs, check.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ingest::{self, Shape};
use crate::model::{Contract, Server};
use crate::source::SourceFile;

/// What `vendor.toml` may say: only what cannot be read from the pages.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorConfig {
    pub title: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
    /// Base URLs, used when no page documents one.
    #[serde(default)]
    pub servers: Vec<String>,
}

/// A vendor's finished contract and report.
#[derive(Debug, Clone)]
pub struct VendorResult {
    pub name: String,
    pub contract: Contract,
    pub diagnostics: Diagnostics,
    /// Each page (display name) and how it was read.
    pub pages: Vec<(String, Shape)>,
    /// Where each part of the contract came from.
    pub map: crate::srcmap::SourceMap,
}

/// The page files of a vendor folder: everything but `vendor.toml`,
/// `overlay.yaml` and dot-files, sorted by name.
pub fn page_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !name.starts_with('.') && name != "vendor.toml" && name != "overlay.yaml"
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Vendor folders under `specs`, sorted by name.
pub fn vendor_dirs(specs: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(specs)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_dir()
                && !p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or(".")
                    .starts_with('.')
        })
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// Build one vendor from its folder. `display_root` is the folder that
/// file names in diagnostics are shown relative to.
pub fn build_vendor(dir: &Path, display_root: &Path) -> VendorResult {
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("vendor")
        .to_string();
    let mut diags = Diagnostics::default();
    let display = |p: &Path| {
        p.strip_prefix(display_root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };

    let mut outputs = Vec::new();
    let mut pages = Vec::new();
    match page_files(dir) {
        Ok(files) => {
            for path in files {
                let shown = display(&path);
                match read_text(&path) {
                    Ok(text) => {
                        let out = ingest::ingest(&SourceFile::new(shown.as_str(), text));
                        pages.push((shown, out.shape));
                        outputs.push(out);
                    }
                    Err(why) => diags.push(Diagnostic::error(
                        "unreadable-page",
                        Location::file(&shown),
                        why,
                    )),
                }
            }
        }
        Err(e) => diags.push(Diagnostic::error(
            "unreadable-vendor",
            Location::file(&display(dir)),
            e.to_string(),
        )),
    }
    let config = read_config(
        &dir.join("vendor.toml"),
        &display(&dir.join("vendor.toml")),
        &mut diags,
    );
    let overlay_path = dir.join("overlay.yaml");
    let overlay = if overlay_path.is_file() {
        let shown = display(&overlay_path);
        match read_text(&overlay_path) {
            Ok(text) => Some(SourceFile::new(shown.as_str(), text)),
            Err(why) => {
                diags.push(Diagnostic::error(
                    "unreadable-overlay",
                    Location::file(&shown),
                    why,
                ));
                None
            }
        }
    } else {
        None
    };
    finish(
        name,
        outputs,
        pages,
        diags,
        &config,
        overlay.as_ref(),
        &display(dir),
    )
}

/// Build a contract from pages already in memory (e.g. one spec file),
/// with no `vendor.toml` or overlay.
pub fn build_from_files(name: &str, files: Vec<SourceFile>) -> VendorResult {
    let mut outputs = Vec::new();
    let mut pages = Vec::new();
    for file in files {
        let out = ingest::ingest(&file);
        pages.push((file.name().to_string(), out.shape));
        outputs.push(out);
    }
    finish(
        name.to_string(),
        outputs,
        pages,
        Diagnostics::default(),
        &VendorConfig::default(),
        None,
        name,
    )
}

/// Merge, configure, overlay, resolve and check: the stages after reading.
fn finish(
    name: String,
    mut outputs: Vec<crate::ingest::PageOutput>,
    pages: Vec<(String, Shape)>,
    mut diags: Diagnostics,
    config: &VendorConfig,
    overlay: Option<&SourceFile>,
    shown_dir: &str,
) -> VendorResult {
    for out in &mut outputs {
        diags.extend(std::mem::take(&mut out.diagnostics));
    }
    let merged = crate::merge::merge(outputs);
    let mut contract = merged.contract;
    let mut map = merged.map;
    diags.extend(merged.diagnostics);
    apply_config(&mut contract, config, &name);
    if let Some(file) = overlay {
        crate::overlay::apply(file, &mut contract, &mut map, &mut diags);
    }
    crate::resolve::resolve_refs(&mut contract, &mut map, &mut diags);
    crate::check::check_contract(&mut contract, &map, &mut diags);
    if contract.servers.is_empty()
        && contract
            .operations()
            .all(|(_, _, op)| op.servers.is_empty())
        && !contract.paths.is_empty()
    {
        diags.push(Diagnostic::note(
            "no-server",
            Location::file(shown_dir),
            "no page documents a server URL; clients must be given a base URL (or set `servers` in vendor.toml)",
        ));
    }
    diags.sort();
    VendorResult {
        name,
        contract,
        diagnostics: diags,
        pages,
        map,
    }
}

fn read_text(path: &Path) -> Result<String, String> {
    let bytes = fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn read_config(path: &Path, shown: &str, diags: &mut Diagnostics) -> VendorConfig {
    let Ok(text) = fs::read_to_string(path) else {
        return VendorConfig::default();
    };
    match toml::from_str::<VendorConfig>(&text) {
        Ok(config) => config,
        Err(e) => {
            let file = SourceFile::new(shown, text.as_str());
            let loc = e
                .span()
                .map_or_else(|| file.start(), |span| file.location(span.start));
            diags.push(Diagnostic::error(
                "vendor-config",
                loc,
                e.message().to_string(),
            ));
            VendorConfig::default()
        }
    }
}

/// `vendor.toml` fills what the pages leave empty; defaults cover the rest.
fn apply_config(contract: &mut Contract, config: &VendorConfig, name: &str) {
    if let Some(title) = &config.title {
        contract.info.title = title.clone();
    }
    if contract.info.title.is_empty() {
        let mut chars = name.chars();
        let capital: String = chars
            .next()
            .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
            .unwrap_or_default();
        contract.info.title = format!("{capital} API");
    }
    if let Some(version) = &config.version {
        contract.info.version = version.clone();
    }
    if contract.info.version.is_empty() {
        contract.info.version = "unversioned".into();
    }
    if config.description.is_some() {
        contract.info.description = config.description.clone();
    }
    if contract.servers.is_empty() && !config.servers.is_empty() {
        contract.servers = config
            .servers
            .iter()
            .map(|url| Server {
                url: url.clone(),
                description: None,
                variables: Default::default(),
            })
            .collect();
    }
}

/// The contract as the YAML document we publish.
pub fn contract_yaml(contract: &Contract) -> String {
    crate::yaml_emit::to_yaml(&contract.to_json())
}
