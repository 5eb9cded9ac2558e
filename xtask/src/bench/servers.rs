//! The servers under test: ours (the release mock-server), the bare hyper
//! ceiling (`mock-server/examples/bare_hyper.rs`) and Prism (npm, installed
//! under the target folder). Each one this bench starts is a [`Server`],
//! ended with its children, by id, when dropped; its memory is read from
//! `/proc` (the process and every process below it).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::layout::{have, Layout};

/// The Prism release the bench has always measured.
pub const PRISM_PINNED: &str = "5.12.0";
/// The newest `@stoplight/prism-cli` whose `engines.node` Node 20 meets
/// (5.15 and later ask for Node >= 24).
pub const PRISM_NEWEST: &str = "5.14.2";

/// A server process this bench started.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    pub label: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        // Prism forks workers: end them one by one, by id, then the parent
        let mut pids = Vec::new();
        descendants(self.child.id(), &mut pids);
        for pid in pids.iter().rev() {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Peak resident memory (`VmHWM`) of the process and its children, KiB.
    pub fn peak_rss_kb(&self) -> Option<u64> {
        self.tree_kb("VmHWM:")
    }

    /// Resident memory now (`VmRSS`) of the process and its children, KiB.
    pub fn rss_kb(&self) -> Option<u64> {
        self.tree_kb("VmRSS:")
    }

    fn tree_kb(&self, field: &str) -> Option<u64> {
        let mut pids = vec![self.child.id()];
        descendants(self.child.id(), &mut pids);
        let values: Vec<u64> = pids.iter().filter_map(|p| status_kb(*p, field)).collect();
        (!values.is_empty()).then(|| values.iter().sum())
    }
}

/// A `kB` field of `/proc/<pid>/status`.
fn status_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    parse_status_kb(&status, field)
}

fn parse_status_kb(status: &str, field: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Every process below `pid` (Linux `/proc/<pid>/task/<tid>/children`).
fn descendants(pid: u32, out: &mut Vec<u32>) {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return;
    };
    for task in tasks.filter_map(Result::ok) {
        let children = std::fs::read_to_string(task.path().join("children")).unwrap_or_default();
        for child in children
            .split_whitespace()
            .filter_map(|c| c.parse::<u32>().ok())
        {
            if !out.contains(&child) {
                out.push(child);
                descendants(child, out);
            }
        }
    }
}

/// Start a process that will listen on `addr` and poll it until it
/// answers an HTTP request (any status): the time from the spawn to that
/// first answer is the start-up time. The caller sets stdout and stderr.
pub fn spawn_polled(
    label: &str,
    mut cmd: Command,
    addr: SocketAddr,
    limit: Duration,
) -> Result<(Server, Duration), String> {
    cmd.stdin(Stdio::null());
    let started = Instant::now();
    let child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {label}: {e}"))?;
    let mut server = Server {
        child,
        addr,
        label: label.to_string(),
    };
    while started.elapsed() < limit {
        if answers(addr) {
            return Ok((server, started.elapsed()));
        }
        if let Ok(Some(status)) = server.child.try_wait() {
            return Err(format!("{label} exited ({status}) before answering"));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Err(format!(
        "{} did not answer within {} s",
        server.label,
        limit.as_secs()
    ))
}

/// Whether something on `addr` answers `GET /` with an HTTP status line.
fn answers(addr: SocketAddr) -> bool {
    let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    if s.write_all(b"GET / HTTP/1.1\r\nhost: bench\r\nconnection: close\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut head = [0u8; 12];
    s.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.")
}

pub fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

/// A loopback address with a port nobody was using a moment ago.
pub fn free_addr() -> Result<SocketAddr, String> {
    Ok(SocketAddr::from(([127, 0, 0, 1], free_port()?)))
}

/// Send one request by hand (`connection: close`); its status.
pub fn status_of(addr: SocketAddr, request: &str) -> Result<u16, String> {
    answer_of(addr, request).map(|(status, _)| status)
}

/// Send one request by hand (`connection: close`); its status and body
/// (everything after the head: the servers benched send a length, never
/// chunks).
pub fn answer_of(addr: SocketAddr, request: &str) -> Result<(u16, Vec<u8>), String> {
    let mut s =
        TcpStream::connect_timeout(&addr, Duration::from_secs(5)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| e.to_string())?;
    s.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    split_answer(&out).ok_or_else(|| {
        format!(
            "{addr} gave no HTTP answer: {}",
            String::from_utf8_lossy(&out)
        )
    })
}

/// Status and body of one raw HTTP/1.1 answer.
fn split_answer(raw: &[u8]) -> Option<(u16, Vec<u8>)> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, raw[end + 4..].to_vec()))
}

/// Our mock on `specs`, silent apart from warnings unless `log` says.
pub fn mock_command(
    layout: &Layout,
    release: &Path,
    specs: &Path,
    addr: SocketAddr,
    log: &str,
) -> Command {
    let mut c = layout.server(&release.join("mock-server"));
    c.args(["--addr", &addr.to_string(), "--watch-ms", "0", "--log", log])
        .arg("--specs")
        .arg(specs);
    c
}

/// Prism `version`, installed with npm under `cache` unless it is there.
pub fn prism_binary(cache: &Path, version: &str) -> Result<PathBuf, String> {
    if !have("node") || !have("npm") {
        return Err("node and npm are needed (Debian packages nodejs, npm)".into());
    }
    let dir = prism_dir(cache, version);
    let bin = dir.join("node_modules/.bin/prism");
    if !bin.exists() {
        eprintln!("installing @stoplight/prism-cli@{version} (npm)...");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let ok = Command::new("npm")
            .arg("install")
            .arg("--prefix")
            .arg(&dir)
            .args(["--no-audit", "--no-fund", "--loglevel=error"])
            .arg(format!("@stoplight/prism-cli@{version}"))
            .status()
            .is_ok_and(|s| s.success());
        if !ok || !bin.exists() {
            return Err(format!(
                "npm could not install @stoplight/prism-cli@{version}"
            ));
        }
    }
    Ok(bin)
}

/// Where Prism `version` is installed.
pub fn prism_dir(cache: &Path, version: &str) -> PathBuf {
    cache.join(format!("prism-{version}"))
}

/// Prism on `spec`: silent, in its multiprocess mode (`-m`), or, with
/// `log`, as a user starts it (`prism mock spec`), its log going to `log`.
pub fn prism_command(
    layout: &Layout,
    bin: &Path,
    spec: &Path,
    addr: SocketAddr,
    log: Option<&Path>,
) -> Result<Command, String> {
    let mut cmd = layout.server(bin);
    cmd.args([
        "mock",
        "-h",
        &addr.ip().to_string(),
        "-p",
        &addr.port().to_string(),
    ]);
    match log {
        None => {
            cmd.args(["-m", "-v", "silent"])
                .env("NODE_ENV", "production")
                .stdout(Stdio::null())
                .stderr(Stdio::null());
        }
        Some(path) => {
            let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
            let copy = file.try_clone().map_err(|e| e.to_string())?;
            cmd.stdout(file).stderr(copy);
        }
    }
    cmd.arg(spec);
    Ok(cmd)
}

#[cfg(test)]
mod tests {
    #[test]
    fn splits_an_answer_into_status_and_body() {
        let raw = b"HTTP/1.1 201 Created\r\ncontent-length: 7\r\n\r\n{\"a\":1}";
        assert_eq!(super::split_answer(raw), Some((201, b"{\"a\":1}".to_vec())));
        assert_eq!(super::split_answer(b"HTTP/1.1 200 OK\r\n"), None);
        assert_eq!(super::split_answer(b"garbage\r\n\r\n"), None);
    }

    #[test]
    fn reads_proc_status_fields() {
        let status = "Name:\tnode\nVmHWM:\t  229036 kB\nVmRSS:\t   1024 kB\n";
        assert_eq!(super::parse_status_kb(status, "VmHWM:"), Some(229_036));
        assert_eq!(super::parse_status_kb(status, "VmRSS:"), Some(1024));
        assert_eq!(super::parse_status_kb(status, "VmSwap:"), None);
    }
}
