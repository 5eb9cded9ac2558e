//! The built contract of each vendor folder, kept between runs in a
//! cache folder (`--contract-cache`, by default the user's cache folder:
//! `$XDG_CACHE_HOME/contract-mock` or `~/.cache/contract-mock`). Reading the pages and building the contract is most of a
//! large spec's start-up, and its result depends only on the files the
//! build reads and on this build of the mock: the entry's key hashes both
//! (every input file's path and bytes; the executable's size and mtime),
//! so an edited page or a rebuilt mock misses and builds afresh. Only a
//! build without errors is kept; a missing, stale or unreadable entry is
//! a miss, never an error. Entries are written atomically.

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use generator::model::Contract;

/// Where entries live; one file per vendor, replaced when its key changes.
#[derive(Debug, Clone)]
pub struct ContractCache {
    dir: PathBuf,
}

impl ContractCache {
    pub fn new(dir: PathBuf) -> Self {
        ContractCache { dir }
    }

    /// `$XDG_CACHE_HOME/contract-mock`, else `~/.cache/contract-mock`,
    /// else under the temporary folder: never inside the specs' tree.
    pub fn default_dir() -> PathBuf {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|d| !d.is_empty())
                    .map(|home| PathBuf::from(home).join(".cache"))
            })
            .unwrap_or_else(std::env::temp_dir);
        base.join("contract-mock")
    }

    /// A vendor folder's entry: named after the vendor and its folder's
    /// absolute path, so two projects' same-named vendors keep apart.
    pub fn entry(&self, vendor_dir: &Path) -> PathBuf {
        let absolute =
            std::fs::canonicalize(vendor_dir).unwrap_or_else(|_| vendor_dir.to_path_buf());
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        absolute.hash(&mut hasher);
        let name = vendor_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.dir
            .join(format!("{name}-{:016x}.contract", hasher.finish()))
    }

    /// The key of `dir`'s inputs, or `None` when one of them cannot be
    /// read (the build then reports it).
    pub fn key(vendor_dir: &Path, display_root: &Path) -> Option<String> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        build_identity().hash(&mut hasher);
        // Locations in the contract are shown relative to the display root.
        vendor_dir
            .strip_prefix(display_root)
            .unwrap_or(vendor_dir)
            .hash(&mut hasher);
        for path in crate::registry::build_inputs(vendor_dir) {
            let Ok(bytes) = std::fs::read(&path) else {
                if path.exists() {
                    return None;
                }
                continue;
            };
            generator::site::files::relative(vendor_dir, &path).hash(&mut hasher);
            bytes.hash(&mut hasher);
        }
        Some(format!("{:016x}", hasher.finish()))
    }

    /// The contract stored for `vendor_dir` under `key`, if the entry is
    /// there and current.
    pub fn load(&self, vendor_dir: &Path, key: &str) -> Option<Contract> {
        let bytes = std::fs::read(self.entry(vendor_dir)).ok()?;
        let split = bytes.iter().position(|b| *b == b'\n')?;
        if &bytes[..split] != key.as_bytes() {
            return None;
        }
        match serde_json::from_slice(&bytes[split + 1..]) {
            Ok(contract) => Some(contract),
            Err(e) => {
                tracing::debug!(dir = %vendor_dir.display(), "contract cache entry unreadable, rebuilding: {e}");
                None
            }
        }
    }

    /// Keep `contract` under `key` (written to a temporary file, then
    /// renamed over the entry). Failing to write only costs the next
    /// start-up its speed; it is logged, not returned.
    pub fn store(&self, vendor_dir: &Path, key: &str, contract: &Contract) {
        let entry = self.entry(vendor_dir);
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&self.dir)?;
            let mut tmp = entry.clone().into_os_string();
            tmp.push(format!(".{}.tmp", std::process::id()));
            let tmp = PathBuf::from(tmp);
            let mut file = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
            file.write_all(key.as_bytes())?;
            file.write_all(b"\n")?;
            serde_json::to_writer(&mut file, contract)?;
            file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&tmp, &entry)
        };
        if let Err(e) = write() {
            tracing::warn!(cache = %entry.display(), "contract cache not written: {e}");
        }
    }
}

/// This build of the mock: its version and its executable's size and
/// modification time (a rebuilt mock may build contracts differently).
fn build_identity() -> (&'static str, Option<(u64, Option<std::time::SystemTime>)>) {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .map(|m| (m.len(), m.modified().ok()));
    (env!("CARGO_PKG_VERSION"), exe)
}
