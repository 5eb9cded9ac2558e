//! Where the servers and the load generator run. With two CPUs or more,
//! every server is pinned to one CPU and `wrk` (one thread) to another, so
//! each server gets exactly one core and never competes with the load
//! generator; Prism serves from one Node thread, so this is also the layout
//! that compares the servers per core. `--shared-cores` lets the servers
//! and `wrk -t2` share every core instead.

use std::path::Path;
use std::process::{Command, Stdio};

#[derive(Debug, Clone)]
pub enum Layout {
    /// Servers on `server`, `wrk -t1` on `load` (CPU numbers).
    Pinned { server: u32, load: u32 },
    /// Everything on every core, `wrk -t2`.
    Shared,
}

impl Layout {
    pub fn choose(shared_cores: bool) -> Layout {
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
    pub fn server(&self, program: &Path) -> Command {
        match self {
            Layout::Pinned { server, .. } => {
                let mut c = Command::new("taskset");
                c.args(["-c", &server.to_string()]).arg(program);
                c
            }
            Layout::Shared => Command::new(program),
        }
    }

    /// `wrk` with its threads; never more threads than connections (wrk
    /// refuses that).
    pub fn wrk(&self, connections: u32) -> Command {
        match self {
            Layout::Pinned { load, .. } => {
                let mut c = Command::new("taskset");
                c.args(["-c", &load.to_string(), "wrk", "-t1"]);
                c
            }
            Layout::Shared => {
                let mut c = Command::new("wrk");
                c.arg(format!("-t{}", connections.clamp(1, 2)));
                c
            }
        }
    }

    pub fn describe(&self) -> String {
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
pub fn allowed_cpus() -> Vec<u32> {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
        .map(parse_cpu_list)
        .unwrap_or_default()
}

fn parse_cpu_list(list: &str) -> Vec<u32> {
    let mut cpus = Vec::new();
    for part in list.trim().split(',') {
        let (a, b) = part.split_once('-').unwrap_or((part, part));
        if let (Ok(a), Ok(b)) = (a.trim().parse::<u32>(), b.trim().parse::<u32>()) {
            cpus.extend(a..=b.min(a.saturating_add(1024)));
        }
    }
    cpus
}

/// Whether `program` is on the `PATH`.
pub fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_cpu_lists() {
        assert_eq!(super::parse_cpu_list("0-1"), vec![0, 1]);
        assert_eq!(super::parse_cpu_list("0,2-3\n"), vec![0, 2, 3]);
        assert!(super::parse_cpu_list("x").is_empty());
    }
}
