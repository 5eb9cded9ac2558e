//! The vendors being served, swapped atomically when a vendor's folder
//! changes. A reload whose pages produce an error diagnostic keeps the
//! last good contract and logs the diagnostics.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use generator::diag::Severity;
use generator::vendor::{build_vendor, vendors_of};
use serde::Serialize;

use crate::compile::compile;
use crate::contract_cache::ContractCache;
use crate::plan::Vendor;
use crate::{Config, Error};

/// Every mounted vendor and how its last load went.
#[derive(Default, Clone)]
pub struct Registry {
    pub vendors: HashMap<String, Arc<Vendor>>,
    pub status: BTreeMap<String, LoadStatus>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LoadStatus {
    /// How many times the vendor's folder was read.
    pub loads: u64,
    /// `ok`, `ok-with-errors` (first load, served as far as it read),
    /// `kept-last-good` (the latest edit did not read) or `not-served`.
    pub state: &'static str,
    /// The error diagnostics of the latest read, rendered.
    pub errors: Vec<String>,
}

/// One read of a vendor folder.
pub struct Built {
    pub name: String,
    pub vendor: Option<Vendor>,
    pub errors: Vec<String>,
}

/// Read and compile one vendor folder, its built contract taken from
/// `cache` when the entry is current (and kept there after a build
/// without errors). Vendors named like the admin namespace (`__mock`) are
/// never mounted.
pub fn build(dir: &Path, display_root: &Path, cache: Option<&ContractCache>) -> Built {
    let key = cache.and_then(|_| ContractCache::key(dir, display_root));
    if let (Some(cache), Some(key)) = (cache, &key) {
        let name = vendor_name(dir);
        if let Some(contract) = cache.load(dir, key) {
            tracing::debug!(vendor = %name, "built contract read from the cache");
            return compiled(name, contract, Vec::new());
        }
    }
    let result = build_vendor(dir, display_root);
    let mut errors: Vec<String> = result
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.render())
        .collect();
    let name = result.name.clone();
    let served = result.contract.operations().next().is_some();
    if !served {
        // nothing to serve: say why, whatever the severity
        errors.extend(
            result
                .diagnostics
                .iter()
                .filter(|d| d.severity != Severity::Error)
                .map(|d| d.render()),
        );
        errors.push(format!("{name}: the pages document no operation"));
    }
    // Only the contract is compiled and kept: the source map (for a large
    // spec a quarter of the load's memory), the diagnostics and the page
    // list go first, so the compile's allocations reuse their memory.
    let contract = result.contract;
    drop((result.map, result.diagnostics, result.pages));
    if let (Some(cache), Some(key), true) = (cache, &key, served && errors.is_empty()) {
        cache.store(dir, key, &contract);
    }
    if !served {
        return Built {
            name,
            vendor: None,
            errors,
        };
    }
    compiled(name, contract, errors)
}

/// The name `build_vendor` gives the vendor of `dir`.
fn vendor_name(dir: &Path) -> String {
    dir.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("vendor")
        .to_string()
}

/// A built contract compiled for serving.
fn compiled(name: String, contract: generator::model::Contract, errors: Vec<String>) -> Built {
    let vendor = (name != "__mock").then(|| compile(&name, contract));
    if let Some(v) = &vendor {
        for notice in &v.notices {
            tracing::warn!(vendor = %name, "{notice}");
        }
    }
    release_freed_memory();
    Built {
        name,
        vendor,
        errors,
    }
}

/// Return the allocator's free pages to the OS. A build allocates several
/// times what the compiled vendor keeps (the positioned tree, the source
/// map, the model's operations), on a blocking thread whose freed pages
/// neither allocator gives back by itself while that thread idles: without
/// this a large spec's mock keeps the build's high-water mark resident for
/// good. The `mock-server` binary allocates with mimalloc; a program that
/// embeds the library on glibc's malloc gets `malloc_trim`.
fn release_freed_memory() {
    // SAFETY: `mi_collect` frees nothing live; forced, it returns the
    // pages this thread's heap holds free to the OS (a no-op for a
    // program whose allocator is not mimalloc).
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only hands free pages of glibc's heaps back
    // to the kernel; it touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The vendor folders to serve.
pub fn dirs(config: &Config) -> Result<Vec<PathBuf>, Error> {
    let all = vendors_of(&config.specs)?;
    match &config.vendor {
        None => Ok(all),
        Some(v) => {
            let chosen: Vec<PathBuf> = all
                .into_iter()
                .filter(|d| d.file_name().and_then(|n| n.to_str()) == Some(v.as_str()))
                .collect();
            if chosen.is_empty() {
                let mut available: Vec<String> = vendors_of(&config.specs)?
                    .iter()
                    .filter_map(|d| d.file_name().and_then(|n| n.to_str()).map(String::from))
                    .collect();
                available.sort();
                return Err(Error::UnknownVendor {
                    name: v.clone(),
                    specs: config.specs.clone(),
                    available,
                });
            }
            Ok(chosen)
        }
    }
}

pub fn display_root(config: &Config) -> PathBuf {
    config
        .specs
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The first load of every vendor.
pub fn load_all(config: &Config) -> Result<Registry, Error> {
    let root = display_root(config);
    let mut registry = Registry::default();
    let cache = config.contract_cache.clone().map(ContractCache::new);
    for dir in dirs(config)? {
        let built = build(&dir, &root, cache.as_ref());
        registry.apply(built, true);
    }
    if registry.vendors.is_empty() {
        return Err(Error::NoVendors(config.specs.clone()));
    }
    Ok(registry)
}

impl Registry {
    /// Take a fresh read into the registry. On a reload, a read with
    /// errors keeps the vendor's last good contract.
    pub fn apply(&mut self, built: Built, first: bool) {
        let loads = self.status.get(&built.name).map_or(0, |s| s.loads) + 1;
        let had = self.vendors.contains_key(&built.name);
        for e in &built.errors {
            tracing::error!(vendor = %built.name, "{e}");
        }
        let state = match built.vendor {
            Some(v) if built.errors.is_empty() || first || !had => {
                if let Some(old) = self.vendors.get(&built.name) {
                    crate::coverage::carry_over(old, &v);
                }
                self.vendors.insert(built.name.clone(), Arc::new(v));
                if built.errors.is_empty() {
                    "ok"
                } else {
                    "ok-with-errors"
                }
            }
            _ if had => {
                tracing::error!(vendor = %built.name, "the edited pages do not read; still serving the last good contract");
                "kept-last-good"
            }
            _ => "not-served",
        };
        if state == "ok" && !first {
            tracing::info!(vendor = %built.name, loads, "reloaded");
        }
        self.status.insert(
            built.name,
            LoadStatus {
                loads,
                state,
                errors: built.errors,
            },
        );
    }
}

/// What a folder looks like on disk: each file's name, size and mtime.
pub type Fingerprint = Vec<(String, u64, Option<SystemTime>)>;

/// Every file a build of `dir` reads: the pages at any depth, and the
/// folder's own configuration at its top (which may not exist), in order.
pub fn build_inputs(dir: &Path) -> Vec<PathBuf> {
    let pages = generator::site::files::list(dir)
        .map(|listing| listing.pages)
        .unwrap_or_default();
    let config = generator::site::files::CONFIG_FILES
        .iter()
        .map(|name| dir.join(name));
    let mut inputs: Vec<PathBuf> = pages.into_iter().chain(config).collect();
    inputs.sort();
    inputs
}

pub fn fingerprint(dir: &Path) -> Fingerprint {
    let mut out: Fingerprint = build_inputs(dir)
        .into_iter()
        .filter_map(|path| {
            let meta = std::fs::metadata(&path).ok()?;
            meta.is_file().then(|| {
                (
                    generator::site::files::relative(dir, &path),
                    meta.len(),
                    meta.modified().ok(),
                )
            })
        })
        .collect();
    out.sort();
    out
}
