//! What the figures were measured on (CPU, cores, memory, kernel, tool
//! versions), and how this machine's own folders are written in the
//! report: command lines name `target/`, `$TMPDIR` and the workspace
//! relatively, never a path of the machine that ran them.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

/// Label / value pairs, in the order the report lists them.
pub fn facts(extra: &[(&str, String)]) -> Vec<(String, String)> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mut out = vec![
        (
            "CPU".to_string(),
            cpu_model(&cpuinfo).unwrap_or_else(|| "unknown".into()),
        ),
        (
            "cores".to_string(),
            format!(
                "{} online, {} usable by this process",
                cpuinfo
                    .lines()
                    .filter(|l| l.starts_with("processor"))
                    .count(),
                std::thread::available_parallelism().map_or(0, |n| n.get())
            ),
        ),
        (
            "memory".to_string(),
            mem_total_kb(&meminfo)
                .map(|kb| format!("{:.1} GiB", kb as f64 / 1024.0 / 1024.0))
                .unwrap_or_else(|| "unknown".into()),
        ),
        (
            "kernel".to_string(),
            std::fs::read_to_string("/proc/sys/kernel/osrelease")
                .map(|s| s.trim().to_string())
                .unwrap_or_else(|_| "unknown".into()),
        ),
        ("rustc".to_string(), first_line("rustc", &["-V"])),
        ("node".to_string(), first_line("node", &["--version"])),
    ];
    out.extend(extra.iter().map(|(k, v)| (k.to_string(), v.clone())));
    out
}

fn cpu_model(cpuinfo: &str) -> Option<String> {
    cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|rest| rest.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
}

fn mem_total_kb(meminfo: &str) -> Option<u64> {
    meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The first line a program prints, or `not found`.
pub fn first_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(|l| l.trim().to_string())
        })
        .unwrap_or_else(|| "not found".into())
}

/// Rewrites this machine's folders in command lines.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// (prefix, what it is written as), longest prefix first.
    pairs: Vec<(String, String)>,
}

impl Redactor {
    pub fn new(pairs: &[(&Path, &str)]) -> Redactor {
        let mut pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(p, name)| {
                (
                    p.to_string_lossy().trim_end_matches('/').to_string(),
                    name.to_string(),
                )
            })
            .filter(|(p, _)| !p.is_empty())
            .collect();
        pairs.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        Redactor { pairs }
    }

    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (prefix, name) in &self.pairs {
            out = out.replace(&format!("{prefix}/"), &format!("{name}/"));
            if out == *prefix {
                out = name.clone();
            }
            out = out.replace(&format!("{prefix} "), &format!("{name} "));
        }
        out
    }

    /// A command as a shell line: environment set on it, program, args
    /// (quoted when they hold a space or a quote).
    pub fn command(&self, cmd: &Command) -> String {
        let mut parts: Vec<String> = cmd
            .get_envs()
            .filter_map(|(k, v)| Some(format!("{}={}", k.to_str()?, v?.to_str()?)))
            .filter(|kv| !kv.starts_with("PATH="))
            .collect();
        parts.push(self.arg(cmd.get_program()));
        parts.extend(cmd.get_args().map(|a| self.arg(a)));
        parts.join(" ")
    }

    fn arg(&self, arg: &OsStr) -> String {
        let text = self.text(&arg.to_string_lossy());
        if text.contains([' ', '"', '\'']) {
            format!("'{}'", text.replace('\'', r"'\''"))
        } else {
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cpu_and_memory() {
        let cpu = "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\n";
        assert_eq!(
            cpu_model(cpu).as_deref(),
            Some("Intel(R) Xeon(R) Processor")
        );
        assert_eq!(
            mem_total_kb("MemTotal:       24562012 kB\nMemFree: 1 kB\n"),
            Some(24_562_012)
        );
        assert_eq!(mem_total_kb(""), None);
    }

    #[test]
    fn command_lines_name_no_folder_of_this_machine() {
        let r = Redactor::new(&[
            (Path::new("/srv/ws"), "."),
            (Path::new("/srv/ws/target"), "target"),
            (Path::new("/tmp/xtask-bench"), "$TMPDIR/xtask-bench"),
        ]);
        let mut cmd = Command::new("/srv/ws/target/release/mock-server");
        cmd.env("NODE_ENV", "production")
            .args(["--specs", "/tmp/xtask-bench/specs", "-s"])
            .arg("/srv/ws/a b.lua")
            .arg("/srv/ws");
        assert_eq!(
            r.command(&cmd),
            "NODE_ENV=production target/release/mock-server --specs $TMPDIR/xtask-bench/specs -s './a b.lua' ."
        );
        assert_eq!(r.text("/srv/wsx/y"), "/srv/wsx/y");
    }
}
