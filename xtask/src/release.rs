//! The release mock-server that `bench` and `soak` measure: built with the
//! cargo that runs xtask, found in the workspace's target folder.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `cargo build --release -p mock-server --bin mock-server`, then `extra`
/// (more targets of the same package), in the workspace at `root`.
pub(crate) fn build_mock_server(root: &Path, extra: &[&str]) -> Result<(), String> {
    let mut args = vec![
        "build",
        "--release",
        "-p",
        "mock-server",
        "--bin",
        "mock-server",
    ];
    args.extend_from_slice(extra);
    cargo(root, &args)
}

pub(crate) fn cargo(root: &Path, args: &[&str]) -> Result<(), String> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| format!("cargo {} failed", args.join(" ")))
}

pub(crate) fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}
