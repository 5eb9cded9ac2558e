//! One vendor end to end: read its folder, ingest every page, merge,
//! repair path parameters, apply `vendor.toml` and `overlay.yaml`,
//! resolve refs, drop the components only inlined refs reached, repair
//! examples, check.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::ingest::{self, PageOutput, Shape};
use crate::model::{Contract, Server};
use crate::site::{self, stub::SitePage};
use crate::source::{Location, SourceFile};

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

/// The page files of a vendor folder, at any depth, sorted by path (see
/// [`site::files`] for what is passed over).
pub fn page_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    Ok(site::files::list(dir)?.pages)
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

/// Why a specs folder cannot be used at all: it does not exist, cannot be
/// listed, or holds no vendor folder. `generate` and the mock give the
/// same verdict (exit 1).
#[derive(Debug, thiserror::Error)]
pub enum SpecsError {
    #[error("cannot read specs folder {path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("specs folder {path} holds no vendor folder (expected {path}/<vendor>/<pages>)")]
    NoVendors { path: PathBuf },
}

/// The vendor folders of a specs folder, or why there are none.
pub fn vendors_of(specs: &Path) -> Result<Vec<PathBuf>, SpecsError> {
    let dirs = vendor_dirs(specs).map_err(|source| SpecsError::Unreadable {
        path: specs.to_path_buf(),
        source,
    })?;
    if dirs.is_empty() {
        return Err(SpecsError::NoVendors {
            path: specs.to_path_buf(),
        });
    }
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

    let mut read: Vec<SitePage> = Vec::new();
    let mut listing = site::files::Listing::default();
    match site::files::list(dir) {
        Ok(found) => listing = found,
        Err(e) => diags.push(Diagnostic::new(
            Code::UnreadableVendor,
            Location::file(&display(dir)),
            e.to_string(),
        )),
    }
    for path in &listing.pages {
        let shown = display(path);
        match read_text(path) {
            Ok(text) => read.push(SitePage {
                rel: site::files::relative(dir, path),
                shown: shown.clone(),
                out: ingest::ingest(&SourceFile::new(shown.as_str(), text)),
            }),
            Err(why) => diags.push(Diagnostic::new(
                Code::UnreadablePage,
                Location::file(&shown),
                why,
            )),
        }
    }
    let pages: Vec<(String, Shape)> = read
        .iter()
        .map(|p| (p.shown.clone(), p.out.shape))
        .collect();
    let site_config = read_site_config(dir, &display, &mut diags);
    let unlisted = select_specs(&mut read, site_config.as_ref(), &mut diags);
    site::stub::resolve(&mut read, &unlisted, site_config.as_ref(), &mut diags);
    let outputs: Vec<PageOutput> = read.into_iter().map(|p| p.out).collect();
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
                diags.push(Diagnostic::new(
                    Code::UnreadableOverlay,
                    Location::file(&shown),
                    why,
                ));
                None
            }
        }
    } else {
        None
    };
    let mut result = finish(
        name,
        outputs,
        pages,
        diags,
        &config,
        overlay.as_ref(),
        &display(dir),
    );
    if result.contract.paths.is_empty() {
        let why = nothing_documented(&result.pages, listing.assets);
        result.diagnostics.push(Diagnostic::new(
            Code::NoOperation,
            Location::file(&display(dir)),
            format!("{} yields no operation: {why}", result.name),
        ));
        result.diagnostics.sort();
    }
    result
}

/// What a vendor folder that yields no operation holds, in one phrase.
fn nothing_documented(pages: &[(String, Shape)], assets: usize) -> String {
    let assets = if assets > 0 {
        format!(" (and {assets} asset file(s) passed over)")
    } else {
        String::new()
    };
    if pages.is_empty() {
        return format!("it holds no page file (.md, .mdx, .yaml, .json){assets}");
    }
    let skipped = pages
        .iter()
        .filter(|(_, s)| *s == Shape::NoEndpoint)
        .count();
    let unread = pages.len() - skipped;
    let why_skipped =
        "no `api:`/`openapi:` frontmatter, no OpenAPI document or block, no ParamField";
    if unread == 0 {
        format!(
            "{} page file(s), none documents an HTTP endpoint ({why_skipped}){assets}",
            pages.len()
        )
    } else {
        format!(
            "{} page file(s): {skipped} document no HTTP endpoint ({why_skipped}), {unread} did not read (see the errors){assets}",
            pages.len()
        )
    }
}

/// The site config (`docs.json`, else `mint.json`) at the top of the folder.
fn read_site_config(
    dir: &Path,
    display: &dyn Fn(&Path) -> String,
    diags: &mut Diagnostics,
) -> Option<site::config::SiteConfig> {
    let path = site::config::FILE_NAMES
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())?;
    let shown = display(&path);
    match read_text(&path) {
        Ok(text) => site::config::parse(&SourceFile::new(shown.as_str(), text), diags),
        Err(why) => {
            diags.push(Diagnostic::new(
                Code::SiteConfig,
                Location::file(&shown),
                why,
            ));
            None
        }
    }
}

/// With a site config, only the spec files it names are read whole; the
/// others are set aside (a stub may still name one) with a note. A named
/// spec that is not in the folder is a warning.
fn select_specs(
    pages: &mut Vec<SitePage>,
    config: Option<&site::config::SiteConfig>,
    diags: &mut Diagnostics,
) -> Vec<SitePage> {
    let Some(config) = config else {
        return Vec::new();
    };
    let names: Vec<String> = pages
        .iter()
        .filter(|p| p.out.spec_file)
        .map(|p| p.rel.clone())
        .collect();
    let mut named: Vec<&String> = Vec::new();
    for spec in &config.specs {
        match site::config::local_file(&spec.value, &names) {
            Some(local) => named.push(local),
            None => diags.push(Diagnostic::new(
                Code::SiteSpecMissing,
                spec.location.clone(),
                format!(
                    "the site config names spec `{}`, which is not in the vendor folder; its operations are missing (run `cargo xtask fetch` to mirror it)",
                    spec.value
                ),
            )),
        }
    }
    let (keep, unlisted): (Vec<SitePage>, Vec<SitePage>) = std::mem::take(pages)
        .into_iter()
        .partition(|p| !p.out.spec_file || named.contains(&&p.rel));
    for spec in &unlisted {
        diags.push(Diagnostic::new(
            Code::SpecNotInSiteConfig,
            Location::file(&spec.shown),
            format!(
                "spec file `{}` is not named in {}; not read (stubs may still take operations from it)",
                spec.rel, config.file
            ),
        ));
    }
    *pages = keep;
    unlisted
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

/// Merge, repair path parameters, configure, overlay, resolve, drop the
/// components only inlined refs reached, repair examples and check: the
/// stages after reading.
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
    crate::combine::combine(&mut outputs, &mut diags);
    let merged = crate::merge::merge(outputs);
    let mut contract = merged.contract;
    let mut map = merged.map;
    diags.extend(merged.diagnostics);
    crate::path_params::repair(&mut contract, &mut map, &mut diags);
    apply_config(&mut contract, config, &name);
    if let Some(file) = overlay {
        crate::overlay::apply(file, &mut contract, &mut map, &mut diags);
    }
    let reached = crate::unreferenced::used_schemas(&contract);
    crate::resolve::resolve_refs(&mut contract, &mut map, &mut diags);
    crate::unreferenced::drop_inlined(&mut contract, &reached, &map, &mut diags);
    crate::example_repair::repair_examples(&mut contract, &map, &mut diags);
    crate::contract_checks::check_contract(&contract, &map, &mut diags);
    if contract.servers.is_empty()
        && contract
            .operations()
            .all(|(_, _, op)| op.servers.is_empty())
        && !contract.paths.is_empty()
    {
        contract.servers.push(relative_server());
        diags.push(
            Diagnostic::new(
                Code::NoServer,
                Location::file(shown_dir),
                "no page documents a server URL, so the contract gives the relative server `/` (OpenAPI's default): clients must be given a base URL",
            )
            .with_note(format!(
                "help: set the API's base URL in {shown_dir}/vendor.toml: `servers = [\"https://api.example.com\"]`"
            )),
        );
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
            diags.push(Diagnostic::new(
                Code::VendorConfig,
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

/// The server a contract publishes when neither its pages nor
/// `vendor.toml` give one: `/`, what OpenAPI assumes for a missing
/// `servers`, written out so that linters that require a server list
/// (Redocly's `no-empty-servers`) accept the contract, with a description
/// that says the host is the user's to set. Clients generated from it get
/// no default base URL (a relative URL is not one).
fn relative_server() -> Server {
    Server {
        url: "/".into(),
        description: Some(
            "The vendor's pages name no API host: URLs are relative to where this contract is served. Give clients the base URL, or set `servers` in the vendor's vendor.toml.".into(),
        ),
        variables: Default::default(),
    }
}

/// The contract as the YAML document we publish.
pub fn contract_yaml(contract: &Contract) -> String {
    crate::doc::emit::to_yaml(&contract.to_json())
}
