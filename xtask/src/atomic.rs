//! Files are never half-written: every file `generate`, `fetch` and the
//! corpus cache write goes to a temporary file in the same folder first,
//! is flushed to disk, then renamed over the target (atomic on one file
//! system). A run killed at any point leaves each file either as it was or
//! complete; what it leaves is a hidden temporary file, which [`sweep`]
//! removes on the next run.

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// What every temporary file's name ends with: `.<name>.<pid>-<n>.xtask-tmp`.
const SUFFIX: &str = ".xtask-tmp";

/// Write `bytes` to `path` atomically, creating its folder when missing.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(
        ".{name}.{}-{}{SUFFIX}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| fs::rename(&tmp, path));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// Remove the temporary files an interrupted run left in `dir` (and,
/// with `recursive`, in its subfolders): those of processes that are no
/// longer running. How many were removed.
pub fn sweep(dir: &Path, recursive: bool) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && recursive {
            removed += sweep(&path, true);
            continue;
        }
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        if kind.is_file() && !running(pid) && fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The process id in a temporary file's name, if it is one of ours.
fn temp_owner(name: &str) -> Option<u32> {
    let stem = name.strip_prefix('.')?.strip_suffix(SUFFIX)?;
    let (_, tail) = stem.rsplit_once('.')?;
    let (pid, n) = tail.split_once('-')?;
    n.parse::<u64>().ok()?;
    pid.parse().ok()
}

/// Whether `pid` is a live process other than ours counts as running;
/// without `/proc` only other processes' files are assumed abandoned.
fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    proc.is_dir() && proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_whole_files_and_sweeps_remove_only_stale_temps() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub/a.yaml");
        write(&file, b"one").unwrap();
        write(&file, b"two").unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"two");
        // a dead process's temp file, ours, and files that only look alike
        let sub = dir.path().join("sub");
        let stale = sub.join(format!(".a.yaml.{}-0{SUFFIX}", u32::MAX - 1));
        let mine = sub.join(format!(".a.yaml.{}-7{SUFFIX}", std::process::id()));
        for p in [&stale, &mine] {
            fs::write(p, "partial").unwrap();
        }
        fs::write(sub.join(".a.yaml.x-1.xtask-tmp"), "").unwrap();
        fs::write(sub.join("notes.txt"), "").unwrap();
        assert_eq!(sweep(dir.path(), false), 0, "not recursive");
        assert_eq!(sweep(dir.path(), true), 1);
        assert!(!stale.exists() && mine.exists());
        assert_eq!(temp_owner(".b.rs.42-3.xtask-tmp"), Some(42));
        assert_eq!(temp_owner("b.rs.42-3.xtask-tmp"), None);
        assert_eq!(temp_owner(".b.rs.42-x.xtask-tmp"), None);
    }
}
