//! `specs/<vendor>/docs.lock`: what `cargo xtask fetch` downloaded.
//!
//! ```toml
//! # Written by `cargo xtask fetch`; sha256 is of the body without the host's boilerplate.
//! version = 1
//! index = "https://docs.example.com/llms.txt"
//!
//! [files."api-reference/clients/create-client.md"]
//! url = "https://docs.example.com/api-reference/clients/create-client.md"
//! sha256 = "3f1c..."
//! bytes = 4242
//! etag = "\"5e1f\""
//! last_modified = "Wed, 21 Oct 2015 07:28:00 GMT"
//!
//! [skipped."introduction.md"]
//! url = "https://docs.example.com/introduction.md"
//! sha256 = "9a0b..."
//! bytes = 812
//! ```
//!
//! `files` are in the folder; `skipped` pages document no endpoint and are
//! kept only so a re-run can ask whether they changed. Tables are sorted
//! by path, so the file is the same whatever order the downloads finish in.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub const FILE_NAME: &str = "docs.lock";
const VERSION: u32 = 1;
const HEADER: &str =
    "# Written by `cargo xtask fetch`; sha256 is of the body without the host's boilerplate.\n";

#[derive(Debug, Error)]
pub enum LockError {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("{} is not a docs.lock: {source}", path.display())]
    Parse {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
    #[error("{} has version {found}; this fetch writes version {VERSION}", path.display())]
    Version { path: PathBuf, found: u32 },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    #[serde(default = "version")]
    pub version: u32,
    /// The `llms.txt` the files were found through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<String>,
    #[serde(default)]
    pub files: BTreeMap<String, Entry>,
    #[serde(default)]
    pub skipped: BTreeMap<String, Entry>,
}

fn version() -> u32 {
    VERSION
}

/// One downloaded file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub url: String,
    /// Hex SHA-256 of the body with the boilerplate preamble removed.
    pub sha256: String,
    /// Size of the body as downloaded.
    pub bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Lock {
    /// The lock in `vendor_dir`, `None` when there is none yet.
    pub fn read(vendor_dir: &Path) -> Result<Option<Lock>, LockError> {
        let path = vendor_dir.join(FILE_NAME);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(LockError::Read { path, source }),
        };
        let lock: Lock = toml::from_str(&text).map_err(|source| LockError::Parse {
            path: path.clone(),
            source: Box::new(source),
        })?;
        if lock.version != VERSION {
            return Err(LockError::Version {
                path,
                found: lock.version,
            });
        }
        Ok(Some(lock))
    }

    /// The lock as written to disk.
    pub fn render(&self) -> String {
        let mut lock = self.clone();
        lock.version = VERSION;
        // Serializing plain maps of strings and integers cannot fail.
        let body = toml::to_string(&lock).unwrap_or_default();
        format!("{HEADER}{body}")
    }

    /// Every entry, files and skipped pages, by URL.
    pub fn by_url(&self) -> BTreeMap<&str, (&str, &Entry, bool)> {
        let files = self
            .files
            .iter()
            .map(|(p, e)| (e.url.as_str(), (p.as_str(), e, true)));
        let skipped = self
            .skipped
            .iter()
            .map(|(p, e)| (e.url.as_str(), (p.as_str(), e, false)));
        skipped.chain(files).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_sorted() {
        let mut lock = Lock {
            index: Some("https://x.com/llms.txt".into()),
            ..Lock::default()
        };
        for name in ["b.md", "a/c.md"] {
            lock.files.insert(
                name.into(),
                Entry {
                    url: format!("https://x.com/{name}"),
                    sha256: "00".into(),
                    bytes: 3,
                    etag: Some("\"e\"".into()),
                    last_modified: None,
                },
            );
        }
        let text = lock.render();
        assert!(text.starts_with("# Written by"));
        assert!(text.find("a/c.md").unwrap() < text.find("\"b.md\"").unwrap());
        let back: Lock = toml::from_str(&text).unwrap();
        assert_eq!(back.files, lock.files);
        assert_eq!(back.index, lock.index);
        assert_eq!(back.version, VERSION);
    }
}
