//! The load runs: each group (one scenario, the servers it is compared
//! across, the connection counts) gets its own server processes, so a
//! server's peak memory belongs to one scenario; every server is checked
//! once by hand, warmed up once (Prism's JIT, every allocator), then all
//! groups run interleaved for a number of rounds, the servers of one
//! scenario and connection count back to back within a round.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;

use super::layout::Layout;
use super::report::{Cell, Row};
use super::scenarios::{Contract, Expect, Scenario};
use super::servers::{self, Server};
use super::wrk;

/// One server of a group.
#[derive(Debug, Clone)]
pub enum Kind {
    /// Ours; `log` is its `--log` filter (`info` logs every request to a
    /// file), `journal` off adds `--journal-size 0`.
    Mock {
        label: &'static str,
        log: &'static str,
        journal: bool,
    },
    Bare,
    /// Prism `version`, silent (`-m -v silent`) or logging as started.
    Prism {
        version: String,
        logging: bool,
    },
}

impl Kind {
    pub const MOCK: Kind = Kind::Mock {
        label: "mock",
        log: "warn",
        journal: true,
    };

    pub fn prism(version: &str) -> Kind {
        Kind::Prism {
            version: version.to_string(),
            logging: false,
        }
    }

    pub fn label(&self) -> String {
        match self {
            Kind::Mock { label, .. } => label.to_string(),
            Kind::Bare => "bare hyper".into(),
            Kind::Prism {
                version,
                logging: false,
            } => format!("Prism {version}"),
            Kind::Prism {
                version,
                logging: true,
            } => format!("Prism {version}, logging as started"),
        }
    }
}

pub struct Group {
    /// Row key (`static`, `static-logging`): the scenario's key unless a
    /// variant of it.
    pub key: String,
    pub title: String,
    pub scenario: Scenario,
    pub connections: Vec<u32>,
    /// The first is the numerator of the group's ratios.
    pub servers: Vec<Kind>,
}

/// What the servers are started from.
pub struct Env<'a> {
    pub layout: &'a Layout,
    /// The release folder (`mock-server`, `examples/bare_hyper`).
    pub release: PathBuf,
    /// Scratch folder (logs, wrk scripts).
    pub work: PathBuf,
    /// The folder of vendor folders the mock serves for each contract.
    pub mock_specs: &'a dyn Fn(Contract) -> PathBuf,
    /// The OpenAPI file Prism serves for each contract.
    pub prism_spec: &'a dyn Fn(Contract) -> PathBuf,
    /// Installed Prism binaries by version.
    pub prisms: &'a [(String, PathBuf)],
}

/// A server of a group that started and answered its check.
struct Up {
    label: String,
    server: Server,
    path: String,
}

pub struct Outcome {
    pub rows: Vec<Row>,
    /// Why a column is missing (a Prism that would not start).
    pub notes: Vec<String>,
    /// One command line of each kind, for the report (label, command).
    pub commands: Vec<(String, std::process::Command)>,
}

/// Start every group's servers, warm up, run `rounds` interleaved rounds
/// of `seconds`-long wrk runs; then `after` gets the live servers (for the
/// latency probe) before they are ended.
pub fn run(
    env: &Env,
    groups: &[Group],
    seconds: u32,
    rounds: u32,
    after: impl FnOnce(&dyn Fn(&str, &str) -> Option<SocketAddr>) -> Result<(), String>,
) -> Result<Outcome, String> {
    let mut notes = Vec::new();
    let mut commands: Vec<(String, std::process::Command)> = Vec::new();
    if groups.is_empty() {
        return Ok(Outcome {
            rows: Vec::new(),
            notes,
            commands,
        });
    }
    let mut started: Vec<Vec<Up>> = Vec::new();
    for group in groups {
        eprintln!("starting the servers of `{}`...", group.key);
        let mut ups = Vec::new();
        for kind in &group.servers {
            match start(env, group, kind, &ups, &mut commands) {
                Ok(up) => ups.push(up),
                Err(why) if matches!(kind, Kind::Prism { .. }) => {
                    notes.push(format!("{} on `{}`: {why}", kind.label(), group.key));
                }
                Err(why) => return Err(why),
            }
        }
        started.push(ups);
    }
    let scripts: Vec<Option<PathBuf>> = groups
        .iter()
        .map(|g| g.scenario.script(&env.work))
        .collect::<Result<_, _>>()?;
    let warm = |group: &Group, up: &Up, script: &Option<PathBuf>, secs: u32| {
        let connections = middle(&group.connections);
        let cmd = wrk::command(
            env.layout,
            connections,
            secs,
            up.server.addr,
            &up.path,
            script.as_deref(),
        );
        wrk::run(cmd)
    };
    eprintln!("warming up...");
    for ((group, ups), script) in groups.iter().zip(&started).zip(&scripts) {
        for up in ups {
            warm(group, up, script, 2)?;
        }
    }
    if let Some(((group, ups), script)) = groups.iter().zip(&started).zip(&scripts).next() {
        if let Some(up) = ups.first() {
            let cmd = wrk::command(
                env.layout,
                middle(&group.connections),
                seconds,
                up.server.addr,
                &up.path,
                script.as_deref(),
            );
            commands.push(("wrk (one run)".into(), cmd));
        }
    }
    // rows: one per group and connection count, runs[row][server][round]
    let mut rows: Vec<Row> = Vec::new();
    let mut index: Vec<(usize, u32)> = Vec::new();
    for (g, (group, ups)) in groups.iter().zip(&started).enumerate() {
        for &c in &group.connections {
            rows.push(Row {
                key: group.key.clone(),
                scenario: group.title.clone(),
                connections: c,
                cells: ups
                    .iter()
                    .map(|u| Cell {
                        server: u.label.clone(),
                        runs: Vec::new(),
                        peak_rss_kb: None,
                    })
                    .collect(),
            });
            index.push((g, c));
        }
    }
    for round in 1..=rounds {
        eprintln!("round {round}/{rounds}...");
        for (row, &(g, c)) in rows.iter_mut().zip(&index) {
            for (cell, up) in row.cells.iter_mut().zip(&started[g]) {
                let cmd = wrk::command(
                    env.layout,
                    c,
                    seconds,
                    up.server.addr,
                    &up.path,
                    scripts[g].as_deref(),
                );
                cell.runs.push(wrk::run(cmd)?);
            }
        }
    }
    let find = |key: &str, label: &str| {
        groups
            .iter()
            .zip(&started)
            .find(|(g, _)| g.key == key)
            .and_then(|(_, ups)| ups.iter().find(|u| u.label == label))
            .map(|u| u.server.addr)
    };
    after(&find)?;
    for (row, &(g, _)) in rows.iter_mut().zip(&index) {
        for (cell, up) in row.cells.iter_mut().zip(&started[g]) {
            cell.peak_rss_kb = up.server.peak_rss_kb();
        }
    }
    drop(started);
    Ok(Outcome {
        rows,
        notes,
        commands,
    })
}

/// The middle connection count (64 of 1, 64, 256): the warm-up's and
/// the probe's.
pub fn middle(connections: &[u32]) -> u32 {
    let mut sorted = connections.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len() / 2).copied().unwrap_or(64)
}

fn start(
    env: &Env,
    group: &Group,
    kind: &Kind,
    before: &[Up],
    commands: &mut Vec<(String, std::process::Command)>,
) -> Result<Up, String> {
    let s = &group.scenario;
    let addr = servers::free_addr()?;
    let label = kind.label();
    let log_file = |name: &str| -> Result<std::fs::File, String> {
        let path = env.work.join(format!("{}-{name}.log", group.key));
        std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let (server, path, expect) = match kind {
        Kind::Bare => {
            let mut cmd = env.layout.server(&env.release.join("examples/bare_hyper"));
            cmd.arg(addr.to_string());
            if let Some(body) = ceiling_body(env, group, before)? {
                cmd.arg(body);
            }
            cmd.stdout(Stdio::null()).stderr(Stdio::null());
            remember(commands, "bare hyper", &cmd);
            let (server, _) = servers::spawn_polled(&label, cmd, addr, secs(30))?;
            // the ceiling answers anything with that body, as a 200
            (server, s.mock_path(), Expect::Success)
        }
        Kind::Mock { log, journal, .. } => {
            let specs = (env.mock_specs)(s.contract);
            let mut cmd = servers::mock_command(env.layout, &env.release, &specs, addr, log);
            if !journal {
                cmd.args(["--journal-size", "0"]);
            }
            cmd.stdout(Stdio::null()).stderr(log_file("mock")?);
            remember(commands, "mock", &cmd);
            let (server, _) = servers::spawn_polled(&label, cmd, addr, secs(120))?;
            (server, s.mock_path(), s.expect)
        }
        Kind::Prism { version, logging } => {
            let bin = env
                .prisms
                .iter()
                .find(|(v, _)| v == version)
                .map(|(_, b)| b)
                .ok_or_else(|| format!("Prism {version} is not installed"))?;
            let log = env.work.join(format!("{}-prism-{version}.log", group.key));
            let spec = (env.prism_spec)(s.contract);
            let cmd = servers::prism_command(
                env.layout,
                bin,
                &spec,
                addr,
                logging.then_some(log.as_path()),
            )?;
            remember(
                commands,
                if *logging {
                    "Prism, logging as started"
                } else {
                    "Prism"
                },
                &cmd,
            );
            let (server, _) = servers::spawn_polled(&label, cmd, addr, secs(300))?;
            (server, s.path.to_string(), s.expect)
        }
    };
    check(&server, s, &path, expect)?;
    Ok(Up {
        label,
        server,
        path,
    })
}

/// The body the group's mock (started before the ceiling) sends for the
/// scenario's request, written to a file for the ceiling to send: the two
/// then write the same bytes (GitHub's 23 KB example, not a 34-byte pet).
/// `None` when the group has no mock.
fn ceiling_body(env: &Env, group: &Group, before: &[Up]) -> Result<Option<PathBuf>, String> {
    let Some(mock) = before.iter().find(|u| u.label.starts_with("mock")) else {
        return Ok(None);
    };
    let request = group.scenario.raw(&mock.path, true);
    let (_, body) = servers::answer_of(mock.server.addr, &request)?;
    let path = env.work.join(format!("{}-ceiling-body", group.key));
    std::fs::write(&path, body).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Some(path))
}

fn secs(n: u64) -> std::time::Duration {
    std::time::Duration::from_secs(n)
}

/// Keep the first command line of each kind.
fn remember(
    commands: &mut Vec<(String, std::process::Command)>,
    label: &str,
    cmd: &std::process::Command,
) {
    if !commands.iter().any(|(l, _)| l == label) {
        commands.push((label.to_string(), super::copy_command(cmd)));
    }
}

/// The scenario's request answered as expected (Prism may still be
/// settling just after it starts answering: a few tries).
fn check(server: &Server, s: &Scenario, path: &str, expect: Expect) -> Result<(), String> {
    let request = s.raw(path, true);
    let mut last = String::new();
    for _ in 0..20 {
        match servers::status_of(server.addr, &request) {
            Ok(status) if expect.accepts(status) => return Ok(()),
            Ok(status) => last = format!("answered {status}"),
            Err(e) => last = e,
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    Err(format!(
        "{} {path} on {} ({}): {last}, not {:?}",
        s.method, server.label, server.addr, expect
    ))
}
