//! `cargo xtask bench`: the mock's throughput and latency side by side
//! with a bare hyper server (the ceiling) and with Prism, all on this
//! machine, loopback only, each run bounded in time.
//!
//! Scenarios (64 connections by default):
//! - static: `GET /petstore/pets/1`, a documented example (test fixture);
//! - post: `POST /chatdash/clients` with a valid body and credentials (a
//!   seed contract): parameters, security and the JSON body are validated;
//! - the same requests against Prism 5.12.0 (`npm`, node >= 18) and the
//!   bare server's fixed body;
//! - the static GET against a mock with its request journal off
//!   (`--journal-size 0`): the journal's cost, as on / off within a round.
//!
//! Layout: with two CPUs or more, every server is pinned to one CPU and
//! `wrk` (one thread) to another, so each server gets exactly one core and
//! never competes with the load generator; Prism serves from one Node
//! thread, so this is also the layout that compares the servers per core.
//! `--shared-cores` lets the servers and `wrk -t2` share every core instead.
//!
//! Each scenario is warmed up once (Prism's JIT), then the scenarios run
//! interleaved for a number of rounds. Ratios are taken within a round
//! (runs seconds apart see the same machine) and their median is reported
//! with the range, since this machine is shared and its speed varies.
//!
//! Needs `wrk` (Debian package; installed with apt-get when missing and
//! running as root), `taskset` for the pinned layout and, for the Prism
//! columns, `node` and `npm`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::release::{build_mock_server, target_dir};

pub struct Options {
    pub root: PathBuf,
    pub seconds: u32,
    pub connections: u32,
    pub rounds: u32,
    /// Requests per second of the fixed-rate latency probe.
    pub rate: u32,
    pub prism: bool,
    /// Let servers and `wrk` share every core instead of pinning them.
    pub shared_cores: bool,
}

/// Where the servers and the load generator run.
#[derive(Debug, Clone)]
enum Layout {
    /// Servers on `server`, `wrk -t1` on `load` (CPU numbers).
    Pinned { server: u32, load: u32 },
    /// Everything on every core, `wrk -t2`.
    Shared,
}

impl Layout {
    fn choose(shared_cores: bool) -> Layout {
        if shared_cores || !have("taskset") {
            return Layout::Shared;
        }
        match allowed_cpus().as_slice() {
            [server, load, ..] => Layout::Pinned {
                server: *server,
                load: *load,
            },
            _ => Layout::Shared,
        }
    }

    /// A command for `program`, pinned to the server CPU when pinning.
    fn server(&self, program: &Path) -> Command {
        match self {
            Layout::Pinned { server, .. } => {
                let mut c = Command::new("taskset");
                c.args(["-c", &server.to_string()]).arg(program);
                c
            }
            Layout::Shared => Command::new(program),
        }
    }

    fn wrk(&self) -> Command {
        match self {
            Layout::Pinned { load, .. } => {
                let mut c = Command::new("taskset");
                c.args(["-c", &load.to_string(), "wrk", "-t1"]);
                c
            }
            Layout::Shared => {
                let mut c = Command::new("wrk");
                c.arg("-t2");
                c
            }
        }
    }

    fn describe(&self) -> String {
        match self {
            Layout::Pinned { server, load } => {
                format!("each server pinned to CPU {server}, wrk -t1 pinned to CPU {load}")
            }
            Layout::Shared => format!(
                "servers and wrk -t2 sharing {} core(s)",
                std::thread::available_parallelism().map_or(0, |n| n.get())
            ),
        }
    }
}

/// The CPUs this process may run on (`Cpus_allowed_list` in
/// `/proc/self/status`, for example `0-1` or `0,2-3`).
fn allowed_cpus() -> Vec<u32> {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let Some(list) = status
        .lines()
        .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
    else {
        return Vec::new();
    };
    let mut cpus = Vec::new();
    for part in list.trim().split(',') {
        let (a, b) = part.split_once('-').unwrap_or((part, part));
        if let (Ok(a), Ok(b)) = (a.trim().parse::<u32>(), b.trim().parse::<u32>()) {
            cpus.extend(a..=b.min(a.saturating_add(1024)));
        }
    }
    cpus
}

const PRISM_VERSION: &str = "5.12.0";
const POST_BODY: &str = r#"{"client":{"name":"Acme","language":"en"},"member":{"name":"Ann","loginId":"ann","email":"ann@example.com","password":"s3cret"}}"#;

#[derive(Debug, Clone, Copy)]
struct Measure {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    non_2xx: u64,
}

/// A server process this bench started (ended with its children, by id).
struct Server {
    child: Child,
    addr: SocketAddr,
    name: &'static str,
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

pub fn run(o: &Options) -> Result<(), String> {
    ensure_wrk()?;
    let layout = Layout::choose(o.shared_cores);
    eprintln!("building release binaries...");
    build_mock_server(&o.root, &["--example", "bare_hyper"])?;
    let target = target_dir(&o.root);
    let release = target.join("release");
    let fixtures = o.root.join("mock-server/tests/fixtures");
    let work = std::env::temp_dir().join("xtask-bench");
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    // a specs folder holding the fixture vendor and the ChatDash seed
    let specs = work.join("specs");
    let _ = std::fs::remove_dir_all(&specs);
    copy_dir(&fixtures.join("petstore"), &specs.join("petstore"))?;
    copy_dir(&o.root.join("specs/chatdash"), &specs.join("chatdash"))?;

    let post_script = work.join("post.lua");
    std::fs::write(
        &post_script,
        format!(
            "wrk.method = \"POST\"\nwrk.body = '{POST_BODY}'\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.headers[\"Authorization\"] = \"bench-key\"\n"
        ),
    )
    .map_err(|e| e.to_string())?;

    // every server up at once (idle ones cost nothing), then the wrk runs
    // interleaved for `rounds` rounds and the median of each kept, so a
    // burst of other load on the machine does not favour one column
    let bare = spawn(
        "bare hyper",
        layout.server(&release.join("examples/bare_hyper")),
        "listening on http://",
    )?;
    check(bare.addr, "GET", "/petstore/pets/1", None, 200)?;
    let mock_cmd = |log: &str| {
        let mut c = layout.server(&release.join("mock-server"));
        c.args(["--addr", "127.0.0.1:0", "--watch-ms", "0", "--log", log])
            .arg("--specs")
            .arg(&specs);
        c
    };
    let mock = spawn("mock-server", mock_cmd("warn"), "listening on http://")?;
    check(mock.addr, "GET", "/petstore/pets/1", None, 200)?;
    check(mock.addr, "POST", "/chatdash/clients", Some(POST_BODY), 200)?;
    // the same mock with its request journal (and coverage, live events) off
    let mut unjournaled_cmd = mock_cmd("warn");
    unjournaled_cmd.args(["--journal-size", "0"]);
    let unjournaled = spawn("mock-server", unjournaled_cmd, "listening on http://")?;
    check(unjournaled.addr, "GET", "/petstore/pets/1", None, 200)?;
    let mut logged_cmd = mock_cmd("info");
    logged_cmd.stderr(std::fs::File::create(work.join("access.log")).map_err(|e| e.to_string())?);
    let logged = spawn("mock-server", logged_cmd, "listening on http://")?;
    let mut prism_note = String::new();
    let mut prisms = Vec::new();
    if o.prism {
        match prism_binary(&work) {
            Ok(prism) => {
                let petstore = fixtures.join("petstore/openapi.yaml");
                let p = spawn_prism(&layout, &prism, &petstore, None)?;
                check(p.addr, "GET", "/pets/1", None, 200)?;
                let chatdash = o.root.join("generated/openapi/chatdash.yaml");
                let q = spawn_prism(&layout, &prism, &chatdash, None)?;
                check(q.addr, "POST", "/clients", Some(POST_BODY), 200)?;
                let log = work.join("prism.log");
                let r = spawn_prism(&layout, &prism, &petstore, Some(&log))?;
                check(r.addr, "GET", "/pets/1", None, 200)?;
                prisms = vec![p, q, r];
            }
            Err(why) => prism_note = format!("Prism not measured: {why}"),
        }
    } else {
        prism_note = "Prism not measured (--no-prism)".into();
    }
    let mut scenarios: Vec<(&str, SocketAddr, &str, Option<&Path>)> = vec![
        (
            "bare hyper, fixed body: GET",
            bare.addr,
            "/petstore/pets/1",
            None,
        ),
        (
            "mock, static example: GET",
            mock.addr,
            "/petstore/pets/1",
            None,
        ),
        (
            "mock, validated POST",
            mock.addr,
            "/chatdash/clients",
            Some(&post_script),
        ),
        (
            "mock, static example, access log on: GET",
            logged.addr,
            "/petstore/pets/1",
            None,
        ),
        (
            "mock, static example, journal off: GET",
            unjournaled.addr,
            "/petstore/pets/1",
            None,
        ),
    ];
    if let [p, q, r] = prisms.as_slice() {
        scenarios.push(("prism, static example: GET", p.addr, "/pets/1", None));
        scenarios.push((
            "prism, validated POST",
            q.addr,
            "/clients",
            Some(&post_script),
        ));
        scenarios.push(("prism, default logging: GET", r.addr, "/pets/1", None));
    }
    // one discarded run each: Prism's JIT and every allocator warm up
    eprintln!("warming up...");
    for (_, addr, path, script) in &scenarios {
        wrk(o, &layout, *addr, path, *script, 2)?;
    }
    let mut runs: Vec<Vec<Measure>> = vec![Vec::new(); scenarios.len()];
    for round in 1..=o.rounds {
        eprintln!("round {round}/{}...", o.rounds);
        for (i, (_, addr, path, script)) in scenarios.iter().enumerate() {
            runs[i].push(wrk(o, &layout, *addr, path, *script, o.seconds)?);
        }
    }
    let names: Vec<&str> = scenarios.iter().map(|(name, ..)| *name).collect();
    eprintln!("latency at a fixed rate...");
    let mut probes = Vec::new();
    let get = "GET /petstore/pets/1 HTTP/1.1\r\nhost: bench\r\n\r\n".to_string();
    let post = format!(
        "POST /chatdash/clients HTTP/1.1\r\nhost: bench\r\nauthorization: bench-key\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{POST_BODY}",
        POST_BODY.len()
    );
    for (name, addr, req) in [
        ("bare hyper, fixed body: GET", bare.addr, &get),
        ("mock, static example: GET", mock.addr, &get),
        ("mock, validated POST", mock.addr, &post),
    ] {
        probes.push((
            name,
            probe(addr, req, o.connections, o.rate, o.seconds.min(10))?,
        ));
    }
    drop((bare, mock, logged, unjournaled, prisms));
    report(o, &layout, &names, &runs, &probes, &prism_note);
    Ok(())
}

/// Latency below saturation: `connections` keep-alive connections sending
/// `rate` requests per second in all, for `seconds`.
fn probe(
    addr: SocketAddr,
    request: &str,
    connections: u32,
    rate: u32,
    seconds: u32,
) -> Result<Percentiles, String> {
    let interval = Duration::from_secs_f64(f64::from(connections) / f64::from(rate.max(1)));
    let until = Instant::now() + Duration::from_secs(u64::from(seconds));
    let threads: Vec<_> = (0..connections)
        .map(|i| {
            let request = request.as_bytes().to_vec();
            std::thread::spawn(move || -> Result<Vec<f64>, String> {
                let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
                    .map_err(|e| e.to_string())?;
                s.set_nodelay(true).map_err(|e| e.to_string())?;
                s.set_read_timeout(Some(Duration::from_secs(5)))
                    .map_err(|e| e.to_string())?;
                let mut out = Vec::new();
                let mut buf = vec![0u8; 64 * 1024];
                // spread the connections over the interval
                let mut next =
                    Instant::now() + interval.mul_f64(f64::from(i) / f64::from(connections));
                while next < until {
                    if let Some(wait) = next.checked_duration_since(Instant::now()) {
                        std::thread::sleep(wait);
                    }
                    let sent = Instant::now();
                    s.write_all(&request).map_err(|e| e.to_string())?;
                    read_one_response(&mut s, &mut buf)?;
                    out.push(sent.elapsed().as_secs_f64() * 1000.0);
                    next += interval;
                }
                Ok(out)
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in threads {
        all.extend(
            t.join()
                .map_err(|_| "a probe thread panicked".to_string())??,
        );
    }
    all.sort_by(f64::total_cmp);
    let at = |q: f64| {
        all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    Ok(Percentiles {
        count: all.len(),
        p50: at(0.50),
        p99: at(0.99),
        max: all.last().copied().unwrap_or(0.0),
    })
}

/// Read one HTTP/1.1 response with a Content-Length body.
fn read_one_response(s: &mut TcpStream, buf: &mut [u8]) -> Result<(), String> {
    let mut have = 0;
    loop {
        let n = s.read(&mut buf[have..]).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed".into());
        }
        have += n;
        if let Some(end) = buf[..have].windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            let total = end + 4 + length;
            while have < total {
                let n = s.read(&mut buf[have..]).map_err(|e| e.to_string())?;
                if n == 0 {
                    return Err("connection closed".into());
                }
                have += n;
            }
            return Ok(());
        }
        if have == buf.len() {
            return Err("response head too large".into());
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Percentiles {
    count: usize,
    p50: f64,
    p99: f64,
    max: f64,
}

/// The median of a scenario's runs (by throughput).
fn median_run(runs: &[Measure]) -> Option<Measure> {
    let mut sorted = runs.to_vec();
    sorted.sort_by(|a, b| a.rps.total_cmp(&b.rps));
    sorted.get(sorted.len() / 2).copied()
}

/// `a / b` throughput within each round: (median, lowest, highest).
fn round_ratios(a: &[Measure], b: &[Measure]) -> Option<(f64, f64, f64)> {
    let mut ratios: Vec<f64> = a
        .iter()
        .zip(b)
        .filter(|(_, b)| b.rps > 0.0)
        .map(|(a, b)| a.rps / b.rps)
        .collect();
    ratios.sort_by(f64::total_cmp);
    let median = *ratios.get(ratios.len() / 2)?;
    Some((median, ratios[0], ratios[ratios.len() - 1]))
}

fn report(
    o: &Options,
    layout: &Layout,
    names: &[&str],
    runs: &[Vec<Measure>],
    probes: &[(&str, Percentiles)],
    prism_note: &str,
) {
    println!(
        "\n{} connections, {} s per run, {} interleaved rounds after a warm-up, 127.0.0.1, {}\n",
        o.connections,
        o.seconds,
        o.rounds,
        layout.describe()
    );
    println!(
        "{:<44} {:>12} {:>9} {:>9} {:>8}",
        "scenario (median run)", "req/s", "p50 ms", "p99 ms", "non-2xx"
    );
    for (name, r) in names.iter().zip(runs) {
        if let Some(m) = median_run(r) {
            println!(
                "{name:<44} {:>12.0} {:>9.3} {:>9.3} {:>8}",
                m.rps, m.p50_ms, m.p99_ms, m.non_2xx
            );
        }
    }
    let get = |prefix: &str| {
        names
            .iter()
            .position(|n| n.starts_with(prefix))
            .map(|i| runs[i].as_slice())
    };
    let bare = get("bare hyper");
    let mock = get("mock, static example: GET");
    let post = get("mock, validated POST");
    let prism = get("prism, static example");
    let prism_post = get("prism, validated POST");
    let logged = get("mock, static example, access log on");
    let prism_logged = get("prism, default logging");
    let unjournaled = get("mock, static example, journal off");
    println!(
        "\n{:<46} {:>9} {:>19}",
        "ratio within a round", "median", "range"
    );
    let line = |label: &str, a: Option<&[Measure]>, b: Option<&[Measure]>, target: f64| {
        let Some((median, low, high)) = a.zip(b).and_then(|(a, b)| round_ratios(a, b)) else {
            return;
        };
        let range = format!("{low:.2}x-{high:.2}x");
        if target > 0.0 {
            let verdict = if median >= target { "met" } else { "MISSED" };
            println!("{label:<46} {median:>8.2}x {range:>19}  (target >= {target}x: {verdict})");
        } else {
            println!("{label:<46} {median:>8.2}x {range:>19}");
        }
    };
    // One call per ratio printed, in the order printed: the calls read as
    // the table they make, so they stay written out (a target of 0: none).
    line("static GET / bare hyper", mock, bare, 0.8);
    line("static GET / Prism (both silent)", mock, prism, 30.0);
    line(
        "static GET / Prism (both logging, as started)",
        logged,
        prism_logged,
        30.0,
    );
    line(
        "journal on / off (static GET, both silent)",
        mock,
        unjournaled,
        0.9,
    );
    line("validated POST / bare hyper", post, bare, 0.5);
    line("validated POST / Prism POST", post, prism_post, 0.0);
    line(
        "bare hyper / Prism (the ceiling's own ratio)",
        bare,
        prism,
        0.0,
    );
    println!(
        "\nlatency below saturation: {} connections, {} req/s in all",
        o.connections, o.rate
    );
    println!(
        "{:<44} {:>9} {:>9} {:>9} {:>9}",
        "scenario", "requests", "p50 ms", "p99 ms", "max ms"
    );
    for (name, p) in probes {
        let verdict = if name.starts_with("mock") {
            if p.p99 < 2.0 {
                "  p99 < 2 ms: met"
            } else {
                "  p99 < 2 ms: MISSED"
            }
        } else {
            ""
        };
        println!(
            "{name:<44} {:>9} {:>9.3} {:>9.3} {:>9.3}{verdict}",
            p.count, p.p50, p.p99, p.max
        );
    }
    if !prism_note.is_empty() {
        println!("{prism_note}");
    }
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn ensure_wrk() -> Result<(), String> {
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

/// Start a process; wait for `marker<addr>` on stdout.
fn spawn(name: &'static str, mut cmd: Command, marker: &str) -> Result<Server, String> {
    cmd.stdout(Stdio::piped()).stdin(Stdio::null());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {name}: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(rest) = line.split(marker).nth(1) {
                    break rest
                        .trim()
                        .parse::<SocketAddr>()
                        .map_err(|e| e.to_string())?;
                }
            }
            _ => {
                let _ = child.kill();
                return Err(format!("{name} exited before listening"));
            }
        }
    };
    // keep draining stdout so the child never blocks on a full pipe
    std::thread::spawn(move || for _ in lines.by_ref() {});
    Ok(Server { child, addr, name })
}

fn prism_binary(work: &Path) -> Result<PathBuf, String> {
    if !have("node") || !have("npm") {
        return Err("node and npm are needed (Debian packages nodejs, npm)".into());
    }
    let dir = work.join(format!("prism-{PRISM_VERSION}"));
    let bin = dir.join("node_modules/.bin/prism");
    if !bin.exists() {
        eprintln!("installing @stoplight/prism-cli@{PRISM_VERSION} (npm)...");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let ok = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
            .arg(format!("@stoplight/prism-cli@{PRISM_VERSION}"))
            .current_dir(&dir)
            .status()
            .is_ok_and(|s| s.success());
        if !ok || !bin.exists() {
            return Err(format!(
                "npm could not install @stoplight/prism-cli@{PRISM_VERSION}"
            ));
        }
    }
    Ok(bin)
}

/// Prism on `spec`: silent, in its multiprocess mode (`-m`), or, with
/// `log`, as a user starts it (`prism mock spec`), its log going to `log`.
fn spawn_prism(
    layout: &Layout,
    bin: &Path,
    spec: &Path,
    log: Option<&Path>,
) -> Result<Server, String> {
    let port = free_port()?;
    let mut cmd = layout.server(bin);
    cmd.args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()]);
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
    cmd.arg(spec).stdin(Stdio::null());
    let child = cmd
        .spawn()
        .map_err(|e| format!("cannot start Prism: {e}"))?;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let server = Server {
        child,
        addr,
        name: "prism",
    };
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            std::thread::sleep(Duration::from_millis(500));
            return Ok(server);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!(
        "{} did not start listening within 60 s",
        server.name
    ))
}

fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

/// One request by hand; the status must be `want`.
fn check(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&str>,
    want: u16,
) -> Result<(), String> {
    let mut s =
        TcpStream::connect_timeout(&addr, Duration::from_secs(5)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    let body = body.unwrap_or("");
    let req = format!(
        "{method} {path} HTTP/1.1\r\nhost: bench\r\nauthorization: bench-key\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    let status: u16 = out
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    if status == want {
        Ok(())
    } else {
        Err(format!(
            "{method} {path} on {addr} answered {status}, not {want}:\n{out}"
        ))
    }
}

fn wrk(
    o: &Options,
    layout: &Layout,
    addr: SocketAddr,
    path: &str,
    script: Option<&Path>,
    seconds: u32,
) -> Result<Measure, String> {
    let mut cmd = layout.wrk();
    cmd.args([
        &format!("-c{}", o.connections),
        &format!("-d{seconds}s"),
        "--timeout",
        "2s",
        "--latency",
    ]);
    if let Some(s) = script {
        cmd.arg("-s").arg(s);
    }
    cmd.arg(format!("http://{addr}{path}"));
    let out = cmd.output().map_err(|e| format!("cannot run wrk: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    parse_wrk(&text).ok_or_else(|| format!("cannot read wrk's output:\n{text}"))
}

fn parse_wrk(text: &str) -> Option<Measure> {
    let mut m = Measure {
        rps: 0.0,
        p50_ms: 0.0,
        p99_ms: 0.0,
        non_2xx: 0,
    };
    for line in text.lines() {
        let t = line.trim();
        if let Some(v) = t.strip_prefix("Requests/sec:") {
            m.rps = v.trim().parse().ok()?;
        } else if let Some(v) = t.strip_prefix("50%") {
            m.p50_ms = millis(v.trim())?;
        } else if let Some(v) = t.strip_prefix("99%") {
            m.p99_ms = millis(v.trim())?;
        } else if let Some(v) = t.strip_prefix("Non-2xx or 3xx responses:") {
            m.non_2xx = v.trim().parse().ok()?;
        }
    }
    (m.rps > 0.0).then_some(m)
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

#[cfg(test)]
mod tests {
    use super::{round_ratios, Measure};

    fn at(rps: f64) -> Measure {
        Measure {
            rps,
            p50_ms: 0.0,
            p99_ms: 0.0,
            non_2xx: 0,
        }
    }

    #[test]
    fn ratios_are_taken_within_rounds() {
        // a machine that slows down in round 2: both columns drop together
        let a = [at(100.0), at(50.0), at(90.0)];
        let b = [at(50.0), at(20.0), at(60.0)];
        assert_eq!(round_ratios(&a, &b), Some((2.0, 1.5, 2.5)));
        assert_eq!(round_ratios(&[], &[]), None);
    }

    #[test]
    fn reads_wrk_output() {
        let text = "Running 1s test\n  Latency Distribution\n     50%  310.00us\n     75%  1.20ms\n     99%    2.5ms\n  1000 requests in 1.00s\n  Non-2xx or 3xx responses: 3\nRequests/sec:  99817.22\nTransfer/sec: 1MB\n";
        let m = super::parse_wrk(text).unwrap();
        assert_eq!(
            (m.rps, m.p50_ms, m.p99_ms, m.non_2xx),
            (99817.22, 0.31, 2.5, 3)
        );
    }
}
