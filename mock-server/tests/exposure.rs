//! What the binary says about where it listens: loopback only by default,
//! and a warning naming what is exposed on any other address. The binary
//! is started and stopped; no request is sent to it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Start the mock on `addr`, return its stderr up to the line starting
/// with `wanted` (or all of it, after a timeout), and stop it.
fn start_up_lines(addr: &str, wanted: &str) -> String {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut child = Command::new(env!("CARGO_BIN_EXE_mock-server"))
        .args(["--addr", addr, "--watch-ms", "0", "--specs"])
        .arg(&specs)
        .env_remove("MOCK_ADDR")
        .env_remove("MOCK_SPECS")
        .env_remove("MOCK_VENDOR")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stderr = child.stderr.take().expect("stderr is piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = String::new();
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(60)) {
        seen.push_str(&line);
        seen.push('\n');
        if line.starts_with(wanted) {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    seen
}

#[test]
fn the_default_loopback_address_says_so() {
    let lines = start_up_lines("127.0.0.1:0", "note: listening on loopback only");
    assert!(
        lines.contains("note: listening on loopback only (127.0.0.1:"),
        "{lines}"
    );
    assert!(!lines.contains("warning:"), "{lines}");
}

#[test]
fn a_non_loopback_address_warns_naming_what_is_exposed() {
    let lines = start_up_lines("0.0.0.0:0", "warning:");
    let warning = lines
        .lines()
        .find(|l| l.starts_with("warning:"))
        .unwrap_or_else(|| panic!("no warning in:\n{lines}"));
    assert!(warning.contains("0.0.0.0:"), "{warning}");
    for exposed in [
        "/chatdash",
        "/stellas",
        "/nexudus",
        "/turso",
        "`/__mock` admin API",
        "network",
    ] {
        assert!(
            warning.contains(exposed),
            "`{exposed}` not named: {warning}"
        );
    }
}
