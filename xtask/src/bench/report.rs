//! What a run found, and how it is written: the `BENCHMARKS.md` tables
//! (every figure as its median over the rounds with min–max beside it,
//! ratios taken within each round), the same text on stdout, and the one
//! summary line `--quick` ends with. Rendering is a pure function of a
//! [`Report`], so it is tested without running a server.

use std::fmt::Write as _;
use std::path::Path;

use super::probe::Percentiles;
use super::stats::{round_ratios, spread, Spread};
use super::wrk::Measure;

/// One scenario at one connection count, every server side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub key: String,
    pub scenario: String,
    pub connections: u32,
    /// The first is the numerator of the row's ratios.
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub server: String,
    /// One measure per round.
    pub runs: Vec<Measure>,
    /// The server process's peak memory over all its runs (every
    /// connection count of its scenario), KiB.
    pub peak_rss_kb: Option<u64>,
}

impl Cell {
    fn figure(&self, f: impl Fn(&Measure) -> f64) -> Option<Spread> {
        spread(&self.runs.iter().map(f).collect::<Vec<_>>())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StartRow {
    pub target: String,
    pub server: String,
    pub ready_ms: Vec<f64>,
    pub rss_kb: Vec<u64>,
    pub error: Option<String>,
}

/// Runs of one command over the rounds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attempt {
    pub secs: Vec<f64>,
    pub rss_kb: Vec<u64>,
    /// Why it failed (the rounds before it are kept).
    pub error: Option<String>,
}

impl Attempt {
    pub fn ok(&self) -> bool {
        self.error.is_none() && !self.secs.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RaceRow {
    pub label: String,
    /// The corpus file.
    pub file: String,
    pub bytes: u64,
    pub ours_release: Attempt,
    pub progenitor_release: Attempt,
    pub ours_cargo: Attempt,
    pub progenitor_cargo: Attempt,
    pub ours_lines: Option<usize>,
    pub progenitor_lines: Option<usize>,
    pub ours_check: Attempt,
    pub progenitor_check: Attempt,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    pub connections: u32,
    pub rate: u32,
    pub seconds: u32,
    pub rows: Vec<(String, Percentiles)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub quick: bool,
    /// The bench's own command line.
    pub command: String,
    pub machine: Vec<(String, String)>,
    pub layout: String,
    pub seconds: u32,
    pub rounds: u32,
    pub rows: Vec<Row>,
    pub probe: Option<Probe>,
    pub startup: Vec<StartRow>,
    pub startup_rounds: u32,
    pub race: Vec<RaceRow>,
    pub race_rounds: u32,
    /// The newest Prism measured (the `mock/prism` ratio's) and the
    /// pinned one it is compared with.
    pub prism_newest: Option<String>,
    pub prism_pinned: Option<String>,
    /// Packages installed at different versions under the two Prisms:
    /// (name, under the pinned, under the newest).
    pub prism_packages: Vec<(String, Option<String>, Option<String>)>,
    /// The packages on Prism's request path installed at the same version
    /// under both: (name, version).
    pub prism_same: Vec<(String, String)>,
    /// (what, command line) with this machine's folders written relatively.
    pub commands: Vec<(String, String)>,
    /// (file, contents) of the wrk scripts.
    pub scripts: Vec<(String, String)>,
    pub notes: Vec<String>,
}

/// A ratio as a plain decimal: two places below 1, one from 1 up
/// (`0.91`, `4.1`, `34.2`).
pub fn decimal(x: f64) -> String {
    if x < 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.1}")
    }
}

fn or_na(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".into(), decimal)
}

/// The `--quick` summary line (the last line a quick run prints).
pub fn quick_line(ceiling: Option<f64>, prism: Option<f64>, generator: Option<f64>) -> String {
    format!(
        "mock/ceiling {} mock/prism {} generator/progenitor {}",
        or_na(ceiling),
        or_na(prism),
        or_na(generator)
    )
}

/// `12345.6` as `12,346`.
fn thousands(x: f64) -> String {
    let n = x.round().max(0.0) as u64;
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn ms(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// `median (min–max)`, one formatter for all three.
fn span(s: Option<Spread>, f: impl Fn(f64) -> String) -> String {
    span_unit(s, f, "")
}

/// `median<unit> (min–max)`: the unit written once.
fn span_unit(s: Option<Spread>, f: impl Fn(f64) -> String, unit: &str) -> String {
    match s {
        None => "–".into(),
        Some(s) if s.min == s.max => format!("{}{unit}", f(s.median)),
        Some(s) => format!("{}{unit} ({}–{})", f(s.median), f(s.min), f(s.max)),
    }
}

fn mib(kb: u64) -> String {
    format!("{:.1}", kb as f64 / 1024.0)
}

fn ratio_text(s: Option<Spread>) -> String {
    span_unit(s, decimal, "x")
}

impl Report {
    fn row(&self, key: &str, connections: Option<u32>) -> Option<&Row> {
        let mut rows = self.rows.iter().filter(|r| r.key == key);
        match connections {
            Some(c) => self
                .rows
                .iter()
                .find(|r| r.key == key && r.connections == c)
                .or_else(|| rows.next()),
            None => rows.next(),
        }
    }

    /// `numerator / denominator` req/s within each round of a row.
    fn ratio_in(row: &Row, numerator: &str, denominator: &str) -> Option<Spread> {
        let a = row.cells.iter().find(|c| c.server == numerator)?;
        let b = row.cells.iter().find(|c| c.server == denominator)?;
        let rps = |c: &Cell| c.runs.iter().map(|m| m.rps).collect::<Vec<_>>();
        spread(&round_ratios(&rps(a), &rps(b)))
    }

    fn prism_label(version: &Option<String>) -> Option<String> {
        version.as_ref().map(|v| format!("Prism {v}"))
    }

    /// The three `--quick` ratios: the static example at 64 connections
    /// over the ceiling and over the newest Prism; progenitor's netbox
    /// generate time over ours (release builds).
    pub fn quick_values(&self) -> (Option<f64>, Option<f64>, Option<f64>) {
        let row = self.row("static", Some(64));
        let ceiling = row
            .and_then(|r| Self::ratio_in(r, "mock", "bare hyper"))
            .map(|s| s.median);
        let prism = row
            .zip(Self::prism_label(&self.prism_newest))
            .and_then(|(r, p)| Self::ratio_in(r, "mock", &p))
            .map(|s| s.median);
        let generator = self
            .race
            .iter()
            .find(|r| r.label == "netbox")
            .filter(|r| r.ours_release.ok() && r.progenitor_release.ok())
            .and_then(|r| {
                spread(&round_ratios(
                    &r.progenitor_release.secs,
                    &r.ours_release.secs,
                ))
            })
            .map(|s| s.median);
        (ceiling, prism, generator)
    }

    pub fn quick_line(&self) -> String {
        let (a, b, c) = self.quick_values();
        quick_line(a, b, c)
    }

    pub fn markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# Benchmarks\n");
        let _ = writeln!(
            s,
            "Written by `{}` (not by hand; run it again to refresh). Each figure is the \
             median over the rounds with (min–max) beside it; ratios are taken within each \
             round (the two servers measured seconds apart, on the same machine) and then \
             summarised the same way. Loopback only; the machine is described below.\n",
            self.command
        );
        let _ = writeln!(s, "Summary: `{}`\n", self.quick_line());
        let _ = writeln!(
            s,
            "(`mock/ceiling`: the mock's req/s over the bare hyper server's on the static \
             example at 64 connections; `mock/prism`: the same over the newest Prism's; \
             `generator/progenitor`: cargo-progenitor's netbox.dev generate time over ours, \
             both release builds.)\n"
        );
        self.machine_section(&mut s);
        self.load_section(&mut s);
        self.ratio_section(&mut s);
        self.prism_section(&mut s);
        self.probe_section(&mut s);
        self.startup_section(&mut s);
        self.race_section(&mut s);
        self.commands_section(&mut s);
        if !self.notes.is_empty() {
            let _ = writeln!(s, "## Notes\n");
            for n in &self.notes {
                let _ = writeln!(s, "- {n}");
            }
            s.push('\n');
        }
        s
    }

    fn machine_section(&self, s: &mut String) {
        let _ = writeln!(s, "## Machine\n\n| what | value |\n| --- | --- |");
        for (k, v) in &self.machine {
            let _ = writeln!(s, "| {k} | {} |", cell(v));
        }
        let _ = writeln!(s, "| layout | {} |\n", self.layout);
    }

    fn load_section(&self, s: &mut String) {
        if self.rows.is_empty() {
            return;
        }
        let _ = writeln!(
            s,
            "## Mock: throughput, latency, memory\n\n{} s per wrk run, {} interleaved round(s) \
             after a warm-up; p50 and p99 are wrk's (at saturation, so mostly queueing); \
             non-2xx is per run (the error-path scenario is all 4xx by design); peak RSS is \
             the server process's (and its children's) over all its runs. The bare hyper \
             server (the ceiling) answers every request of a scenario with the body the mock \
             sends for it, as a 200, so both write the same bytes.\n",
            self.seconds, self.rounds
        );
        let _ = writeln!(
            s,
            "| scenario | conns | server | req/s | p50 ms | p99 ms | non-2xx | socket errors | peak RSS MiB |\n| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
        );
        for r in &self.rows {
            for c in &r.cells {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    cell(&r.scenario),
                    r.connections,
                    c.server,
                    span(c.figure(|m| m.rps), thousands),
                    span(c.figure(|m| m.p50_ms), ms),
                    span(c.figure(|m| m.p99_ms), ms),
                    span(c.figure(|m| m.non_2xx as f64), thousands),
                    span(c.figure(|m| m.errors as f64), thousands),
                    c.peak_rss_kb.map_or("–".into(), mib),
                );
            }
        }
        s.push('\n');
    }

    fn ratio_section(&self, s: &mut String) {
        let mut lines = Vec::new();
        for r in &self.rows {
            let Some(first) = r.cells.first() else {
                continue;
            };
            for other in r.cells.iter().skip(1) {
                if let Some(x) = Self::ratio_in(r, &first.server, &other.server) {
                    lines.push((r, format!("{} / {}", first.server, other.server), x));
                }
            }
            if let (Some(new), Some(old)) = (
                Self::prism_label(&self.prism_newest),
                Self::prism_label(&self.prism_pinned),
            ) {
                if let Some(x) = Self::ratio_in(r, &new, &old) {
                    lines.push((r, format!("{new} / {old}"), x));
                }
            }
        }
        if lines.is_empty() {
            return;
        }
        let _ = writeln!(
            s,
            "## Ratios within a round (req/s)\n\n| scenario | conns | ratio | median (min–max) |\n| --- | ---: | --- | ---: |"
        );
        for (r, label, x) in lines {
            let _ = writeln!(
                s,
                "| {} | {} | {label} | {} |",
                cell(&r.scenario),
                r.connections,
                ratio_text(Some(x))
            );
        }
        s.push('\n');
    }

    /// Why the two Prism releases measured differently in the issue: the
    /// same requests on both versions, and ChatDash's POST beside the
    /// fixture's on each.
    fn prism_section(&self, s: &mut String) {
        let (Some(new), Some(old)) = (
            Self::prism_label(&self.prism_newest),
            Self::prism_label(&self.prism_pinned),
        ) else {
            return;
        };
        let mut same = Vec::new();
        for r in &self.rows {
            if let Some(x) = Self::ratio_in(r, &new, &old) {
                same.push((r, x));
            }
        }
        if same.is_empty() {
            return;
        }
        let _ = writeln!(s, "## {old} and {new}\n");
        let medians: Vec<f64> = same.iter().map(|(_, x)| x.median).collect();
        let overall = spread(&medians).map(|x| x.median).unwrap_or(1.0);
        let _ = writeln!(
            s,
            "The same requests on both versions, side by side in each round: {new} / {old} \
             is {} over the {} scenario and connection rows above (median of the rows' \
             medians {}x).",
            ratio_text(spread(&medians)),
            same.len(),
            decimal(overall)
        );
        let contract = |label: &str| {
            let post = self.row("post", Some(64))?;
            let fixture = self.row("fixture-post", Some(64))?;
            let a = post.cells.iter().find(|c| c.server == label)?;
            let b = fixture.cells.iter().find(|c| c.server == label)?;
            let rps = |c: &Cell| c.runs.iter().map(|m| m.rps).collect::<Vec<_>>();
            spread(&round_ratios(&rps(a), &rps(b)))
        };
        let mut contract_ratios = Vec::new();
        for label in [&old, &new] {
            if let Some(x) = contract(label) {
                let _ = writeln!(
                    s,
                    "\nOn {label}, ChatDash's validated POST runs at {} of the fixture's \
                     validated POST (req/s, 64 connections, within each round).",
                    ratio_text(Some(x))
                );
                contract_ratios.push(x.median);
            }
        }
        let contract_median = spread(&contract_ratios).map(|x| x.median);
        let version_differs = !(0.85..=1.15).contains(&overall);
        let mut verdict = Vec::new();
        if version_differs {
            verdict.push(format!(
                "On the same requests {new} runs at {}x of {old}.",
                decimal(overall)
            ));
        } else {
            verdict.push(format!(
                "On the same requests the two releases run at the same rate ({}x).",
                decimal(overall)
            ));
        }
        if !self.prism_same.is_empty() {
            let list: Vec<String> = self
                .prism_same
                .iter()
                .map(|(n, v)| format!("`{n}` {v}"))
                .collect();
            verdict.push(format!(
                "That is expected: the packages that serve a request are the same versions \
                 under both ({}); only the CLI and its own dependencies differ (the table \
                 below).",
                list.join(", ")
            ));
        }
        let contract_explains = contract_median.is_some_and(|c| c < 0.75);
        match contract_median {
            Some(c) if contract_explains => verdict.push(format!(
                "ChatDash's validated POST costs Prism more than the fixture's ({}x of its \
                 rate): the contract accounts for the gap the issue saw (5.12.0 on one POST, \
                 5.14.2 on the other).",
                decimal(c)
            )),
            Some(c) => verdict.push(format!(
                "Nor is it the contract: ChatDash's validated POST runs at {}x of the \
                 fixture's.",
                decimal(c)
            )),
            None => {}
        }
        if !version_differs && !contract_explains {
            verdict.push(
                "So the issue's ~2x (5.12.0 at 6.8k req/s against 5.14.2 at 2.9–3.2k) is not \
                 Prism's: its two figures came from different runs, and on a shared machine a \
                 run's rate moves that much (compare the min–max ranges above, and one round's \
                 Prism rows against another's); side by side in the same rounds the releases \
                 match."
                    .to_string(),
            );
        }
        let verdict = verdict.join(" ");
        let _ = writeln!(s, "\n{verdict}\n");
        if !self.prism_packages.is_empty() {
            let _ = writeln!(
                s,
                "Installed packages that differ between the two (npm resolves the ranges at \
                 install time; both releases pin `@stoplight/prism-http` 5.12.0):\n\n| package | {old} | {new} |\n| --- | --- | --- |"
            );
            for (name, a, b) in &self.prism_packages {
                let _ = writeln!(
                    s,
                    "| {name} | {} | {} |",
                    a.as_deref().unwrap_or("–"),
                    b.as_deref().unwrap_or("–")
                );
            }
            s.push('\n');
        }
    }

    fn probe_section(&self, s: &mut String) {
        let Some(p) = &self.probe else {
            return;
        };
        let _ = writeln!(
            s,
            "## Latency below saturation\n\n{} keep-alive connections sending {} req/s in all for {} s (one run after the rounds).\n\n| scenario | requests | p50 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: |",
            p.connections, p.rate, p.seconds
        );
        for (name, q) in &p.rows {
            let _ = writeln!(
                s,
                "| {name} | {} | {} | {} | {} |",
                q.count,
                ms(q.p50),
                ms(q.p99),
                ms(q.max)
            );
        }
        s.push('\n');
    }

    fn startup_section(&self, s: &mut String) {
        if self.startup.is_empty() {
            return;
        }
        let _ = writeln!(
            s,
            "## Start-up\n\nFrom spawning the process to its first answered request (polled every 5 ms), \
             and its resident memory right after; {} round(s). Ours reads the vendor folder \
             (the seeds' doc pages, GitHub's OpenAPI file) and builds the contract, or (*cached contract*) \
             finds it in its contract cache, as every start after the first with unchanged pages does; \
             Prism reads the same contract as an OpenAPI file (the seeds' generated contracts).\n\n| contract | server | first answer ms | RSS after MiB |\n| --- | --- | ---: | ---: |",
            self.startup_rounds
        );
        for r in &self.startup {
            let rss: Vec<f64> = r.rss_kb.iter().map(|k| *k as f64 / 1024.0).collect();
            let (ready, rss) = match &r.error {
                Some(e) if r.ready_ms.is_empty() => (format!("fails: {}", cell(e)), "–".into()),
                _ => (
                    span(spread(&r.ready_ms), ms),
                    span(spread(&rss), |x| format!("{x:.1}")),
                ),
            };
            let _ = writeln!(s, "| {} | {} | {ready} | {rss} |", r.target, r.server);
        }
        s.push('\n');
    }

    fn race_section(&self, s: &mut String) {
        if self.race.is_empty() {
            return;
        }
        let secs = |a: &Attempt| match &a.error {
            Some(e) => format!("fails: {}", cell(&shorten(e, 160))),
            None => span_unit(spread(&a.secs), |x| format!("{x:.2}"), " s"),
        };
        let over = |a: &Attempt, b: &Attempt| {
            if a.ok() && b.ok() {
                ratio_text(spread(&round_ratios(&a.secs, &b.secs)))
            } else {
                "–".into()
            }
        };
        let _ = writeln!(
            s,
            "## Generator race\n\nEnd to end, from the spec file to a written client crate; {} round(s) after a warm-up run, the tools interleaved. \
             *Release*: our xtask built `--release`, progenitor's installed binary. *As run*: `cargo xtask generate` (the dev-profile xtask through cargo, \
             as the README says to run it) and `cargo progenitor`.\n\n| spec | size MB | ours, release | progenitor, binary | progenitor / ours | ours, `cargo xtask generate` | `cargo progenitor` | progenitor / ours |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            self.race_rounds
        );
        for r in &self.race {
            let _ = writeln!(
                s,
                "| {} (`{}`) | {:.1} | {} | {} | {} | {} | {} | {} |",
                r.label,
                r.file,
                r.bytes as f64 / 1e6,
                secs(&r.ours_release),
                secs(&r.progenitor_release),
                over(&r.progenitor_release, &r.ours_release),
                secs(&r.ours_cargo),
                secs(&r.progenitor_cargo),
                over(&r.progenitor_cargo, &r.ours_cargo),
            );
        }
        let checked = self
            .race
            .iter()
            .any(|r| !r.ours_check.secs.is_empty() || !r.progenitor_check.secs.is_empty());
        let _ = writeln!(
            s,
            "\nGenerated Rust lines{}\n",
            if checked {
                ", and `cargo check` of each generated crate with its dependencies already built \
                 (checked once, the generated source touched, then timed), with the peak memory \
                 of the check (GNU time's maximum resident set: the largest process, rustc):"
            } else {
                ":"
            }
        );
        let _ = writeln!(
            s,
            "| spec | lines, ours | lines, progenitor | check, ours | check, progenitor | check peak MiB, ours | check peak MiB, progenitor |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
        );
        let lines = |n: Option<usize>| n.map_or("–".into(), |n| thousands(n as f64));
        let check = |a: &Attempt| {
            if a.secs.is_empty() && a.error.is_none() {
                "–".into()
            } else {
                secs(a)
            }
        };
        let peak = |a: &Attempt| {
            let mib: Vec<f64> = a.rss_kb.iter().map(|k| *k as f64 / 1024.0).collect();
            span(spread(&mib), |x| format!("{x:.0}"))
        };
        for r in &self.race {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} |",
                r.label,
                lines(r.ours_lines),
                lines(r.progenitor_lines),
                check(&r.ours_check),
                check(&r.progenitor_check),
                peak(&r.ours_check),
                peak(&r.progenitor_check),
            );
        }
        s.push('\n');
    }

    fn commands_section(&self, s: &mut String) {
        if self.commands.is_empty() {
            return;
        }
        let _ = writeln!(
            s,
            "## Command lines\n\nAs run (ports differ from run to run; `$TMPDIR` is the system's temporary folder, `target` cargo's target folder):\n\n```text"
        );
        for (what, line) in &self.commands {
            let _ = writeln!(s, "# {what}\n{line}");
        }
        let _ = writeln!(s, "```\n");
        for (file, text) in &self.scripts {
            let _ = writeln!(s, "`{file}`:\n\n```lua\n{}```\n", text);
        }
    }
}

/// A table cell's text: no pipes, no line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{cut}…")
}

/// Write `text` to `path` atomically (temporary file, then rename).
pub fn write(path: &Path, text: &str) -> Result<(), String> {
    crate::atomic::write(path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(rps: f64) -> Measure {
        Measure {
            rps,
            p50_ms: 0.5,
            p99_ms: 2.0,
            non_2xx: 0,
            errors: 0,
        }
    }

    fn cell_of(server: &str, rps: &[f64]) -> Cell {
        Cell {
            server: server.into(),
            runs: rps.iter().map(|r| m(*r)).collect(),
            peak_rss_kb: Some(10 * 1024),
        }
    }

    fn sample() -> Report {
        let row = |key: &str, c: u32, cells: Vec<Cell>| Row {
            key: key.into(),
            scenario: format!("{key} scenario"),
            connections: c,
            cells,
        };
        Report {
            command: "cargo xtask bench --quick".into(),
            layout: "pinned".into(),
            seconds: 5,
            rounds: 3,
            prism_newest: Some("5.14.2".into()),
            prism_pinned: Some("5.12.0".into()),
            rows: vec![
                row(
                    "static",
                    1,
                    vec![cell_of("mock", &[10.0]), cell_of("bare hyper", &[20.0])],
                ),
                row(
                    "static",
                    64,
                    vec![
                        cell_of("mock", &[90.0, 80.0, 100.0]),
                        cell_of("bare hyper", &[100.0, 100.0, 100.0]),
                        cell_of("Prism 5.14.2", &[3.0, 2.0, 4.0]),
                        cell_of("Prism 5.12.0", &[3.0, 2.0, 4.0]),
                    ],
                ),
                row(
                    "post",
                    64,
                    vec![
                        cell_of("mock", &[50.0]),
                        cell_of("Prism 5.14.2", &[3.0]),
                        cell_of("Prism 5.12.0", &[3.0]),
                    ],
                ),
                row(
                    "fixture-post",
                    64,
                    vec![
                        cell_of("mock", &[60.0]),
                        cell_of("Prism 5.14.2", &[6.0]),
                        cell_of("Prism 5.12.0", &[6.0]),
                    ],
                ),
            ],
            race: vec![RaceRow {
                label: "netbox".into(),
                file: "netbox.dev.json".into(),
                bytes: 1_219_363,
                ours_release: Attempt {
                    secs: vec![1.0, 2.0, 1.0],
                    rss_kb: vec![],
                    error: None,
                },
                progenitor_release: Attempt {
                    secs: vec![4.0, 4.0, 4.5],
                    rss_kb: vec![],
                    error: None,
                },
                ours_cargo: Attempt::default(),
                progenitor_cargo: Attempt {
                    secs: vec![],
                    rss_kb: vec![],
                    error: Some("panicked | at x\ny".into()),
                },
                ours_lines: Some(12345),
                progenitor_lines: None,
                ours_check: Attempt::default(),
                progenitor_check: Attempt::default(),
            }],
            race_rounds: 3,
            ..Report::default()
        }
    }

    #[test]
    fn the_quick_line_has_its_exact_form() {
        assert_eq!(
            quick_line(Some(0.912), Some(34.24), Some(4.06)),
            "mock/ceiling 0.91 mock/prism 34.2 generator/progenitor 4.1"
        );
        assert_eq!(
            quick_line(None, Some(1.0), None),
            "mock/ceiling n/a mock/prism 1.0 generator/progenitor n/a"
        );
        // the static row at 64 connections, the newest Prism, netbox's race
        // rounds: 4/1, 4/2, 4.5/1 -> median 4
        assert_eq!(
            sample().quick_line(),
            "mock/ceiling 0.90 mock/prism 30.0 generator/progenitor 4.0"
        );
    }

    #[test]
    fn renders_tables_with_spreads_and_ratios() {
        let text = sample().markdown();
        assert!(text.starts_with("# Benchmarks\n"));
        assert!(
            text.contains("Summary: `mock/ceiling 0.90 mock/prism 30.0 generator/progenitor 4.0`")
        );
        // median (min–max) over the rounds
        assert!(text.contains(
            "| static scenario | 64 | mock | 90 (80–100) | 0.50 | 2.00 | 0 | 0 | 10.0 |"
        ));
        // one round: no range
        assert!(text.contains("| static scenario | 1 | mock | 10 | 0.50 |"));
        assert!(text.contains("| static scenario | 64 | mock / bare hyper | 0.90x (0.80–1.0) |"));
        assert!(text.contains("| static scenario | 64 | Prism 5.14.2 / Prism 5.12.0 | 1.0x |"));
        // the version is not it, the contract is
        assert!(text.contains("ChatDash's validated POST runs at 0.50x of the fixture's"));
        assert!(text.contains("the two releases run at the same rate (1.0x)"));
        assert!(text.contains("the contract accounts for the gap"));
        // a failure in one cell, no pipe or line break leaking into the table
        assert!(text.contains("fails: panicked \\| at x y"));
        assert!(text.contains("| netbox (`netbox.dev.json`) | 1.2 | 1.00 s (1.00–2.00) | 4.00 s (4.00–4.50) | 4.0x (2.0–4.5) |"));
        assert!(text.contains("| netbox | 12,345 | – |"));
        for line in text.lines().filter(|l| l.starts_with('|')) {
            assert!(line.ends_with('|'), "{line}");
        }
    }

    #[test]
    fn formats_numbers() {
        assert_eq!(thousands(1234567.4), "1,234,567");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(decimal(0.905), "0.91");
        assert_eq!(decimal(34.24), "34.2");
        assert_eq!(
            (ms(0.3129), ms(12.34), ms(250.2)),
            ("0.31".into(), "12.3".into(), "250".into())
        );
        assert_eq!(shorten("abcdef", 3), "abc…");
    }

    #[test]
    fn writes_the_report_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("BENCHMARKS.md");
        write(&path, "one").unwrap();
        write(&path, "two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
