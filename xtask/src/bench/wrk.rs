//! `wrk` runs and what they print: one closed-loop run of a number of
//! connections for a number of seconds, read into a [`Measure`].

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, Stdio};

use super::layout::{have, Layout};

/// One wrk run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Answers whose status is not 2xx or 3xx.
    pub non_2xx: u64,
    /// Socket errors: connect, read, write and timeouts together.
    pub errors: u64,
}

/// The `wrk` command of one run (also what the report shows).
pub fn command(
    layout: &Layout,
    connections: u32,
    seconds: u32,
    addr: SocketAddr,
    path: &str,
    script: Option<&Path>,
) -> Command {
    let mut cmd = layout.wrk(connections);
    cmd.args([
        &format!("-c{connections}"),
        &format!("-d{seconds}s"),
        "--timeout",
        "2s",
        "--latency",
    ]);
    if let Some(s) = script {
        cmd.arg("-s").arg(s);
    }
    cmd.arg(format!("http://{addr}{path}"));
    cmd
}

pub fn run(mut cmd: Command) -> Result<Measure, String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run wrk: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    parse(&text).ok_or_else(|| {
        format!(
            "cannot read wrk's output:\n{text}{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Read wrk's report (`--latency` form); `None` without a request rate.
pub fn parse(text: &str) -> Option<Measure> {
    let mut m = Measure {
        rps: 0.0,
        p50_ms: 0.0,
        p99_ms: 0.0,
        non_2xx: 0,
        errors: 0,
    };
    let mut rate = false;
    for line in text.lines() {
        let t = line.trim();
        if let Some(v) = t.strip_prefix("Requests/sec:") {
            m.rps = v.trim().parse().ok()?;
            rate = true;
        } else if let Some(v) = t.strip_prefix("50%") {
            m.p50_ms = millis(v.trim())?;
        } else if let Some(v) = t.strip_prefix("99%") {
            m.p99_ms = millis(v.trim())?;
        } else if let Some(v) = t.strip_prefix("Non-2xx or 3xx responses:") {
            m.non_2xx = v.trim().parse().ok()?;
        } else if let Some(v) = t.strip_prefix("Socket errors:") {
            // `connect 0, read 0, write 0, timeout 12`
            m.errors = v
                .split(',')
                .filter_map(|part| part.split_whitespace().nth(1)?.parse::<u64>().ok())
                .sum();
        }
    }
    rate.then_some(m)
}

fn millis(v: &str) -> Option<f64> {
    let (num, unit) = v.split_at(v.find(|c: char| c.is_ascii_alphabetic())?);
    let n: f64 = num.parse().ok()?;
    Some(match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        "m" => n * 60_000.0,
        _ => return None,
    })
}

/// `wrk`'s version line (`wrk 4.1.0 [epoll] ...`).
pub fn version() -> String {
    Command::new("wrk")
        .arg("-v")
        .output()
        .ok()
        .and_then(|o| {
            let all = [o.stdout, o.stderr].concat();
            String::from_utf8_lossy(&all)
                .lines()
                .find(|l| l.starts_with("wrk "))
                .map(|l| l.split(" Copyright").next().unwrap_or(l).trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// `wrk` on the `PATH`, installed with apt-get when missing and root.
pub fn ensure() -> Result<(), String> {
    if have("wrk") {
        return Ok(());
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    if root && have("apt-get") {
        eprintln!("installing wrk (apt-get)...");
        let ok = Command::new("apt-get")
            .args(["install", "-y", "-q", "wrk"])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok && have("wrk") {
            return Ok(());
        }
    }
    Err("`wrk` is missing: install the Debian package `wrk` (apt-get install wrk)".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wrk_output() {
        let text = "Running 1s test\n  Latency Distribution\n     50%  310.00us\n     75%  1.20ms\n     99%    2.5ms\n  1000 requests in 1.00s\n  Socket errors: connect 0, read 2, write 0, timeout 12\n  Non-2xx or 3xx responses: 3\nRequests/sec:  99817.22\nTransfer/sec: 1MB\n";
        let m = parse(text).unwrap();
        assert_eq!(
            (m.rps, m.p50_ms, m.p99_ms, m.non_2xx, m.errors),
            (99817.22, 0.31, 2.5, 3, 14)
        );
    }

    #[test]
    fn reads_seconds_and_rejects_what_is_not_a_report() {
        let text = "  Latency Distribution\n     50%    1.50s\n     99%    1.00m\nRequests/sec:      0.50\n";
        let m = parse(text).unwrap();
        assert_eq!((m.p50_ms, m.p99_ms, m.errors), (1500.0, 60_000.0, 0));
        assert_eq!(
            parse("unable to connect to 127.0.0.1:1 Connection refused"),
            None
        );
        assert_eq!(parse("Requests/sec: fast"), None);
        assert_eq!(millis("3.0weeks"), None);
    }
}
