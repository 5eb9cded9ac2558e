//! Files are never half-written: `cargo xtask generate` and `cargo xtask
//! fetch` are killed (SIGKILL) at several points of their write phase;
//! every file they leave is then either the previous version or the
//! complete new one, and the next run completes and leaves no temporary
//! file behind.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use std::{fs, thread};

use common::xtask_command;

/// What temporary files are called (`xtask/src/atomic.rs`).
const TEMP: &str = ".xtask-tmp";

fn run(args: &[&str]) -> Output {
    xtask_command().args(args).output().expect("xtask runs")
}

/// Every file below `dir` (relative path -> bytes).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if let Ok(bytes) = fs::read(&path) {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                out.insert(rel.to_string_lossy().replace('\\', "/"), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn is_temp(rel: &str) -> bool {
    rel.rsplit('/')
        .next()
        .is_some_and(|name| name.starts_with('.') && name.ends_with(TEMP))
}

/// How a killed run left the folder against the versions before and after.
#[derive(Default, Debug)]
struct Verdict {
    old: usize,
    new: usize,
    temps: usize,
}

/// Every file is `before`'s or `after`'s version, whole; temporary files
/// are the only extras.
fn judge(
    what: &str,
    left: &BTreeMap<String, Vec<u8>>,
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> Verdict {
    let mut v = Verdict::default();
    for (rel, bytes) in left {
        if is_temp(rel) {
            v.temps += 1;
            continue;
        }
        let old = before.get(rel) == Some(bytes);
        let new = after.get(rel) == Some(bytes);
        assert!(
            old || new,
            "{what}: {rel} is neither the previous nor the new version ({} bytes; before {:?}, after {:?})",
            bytes.len(),
            before.get(rel).map(Vec::len),
            after.get(rel).map(Vec::len)
        );
        if old && !new {
            v.old += 1;
        } else if new && !old {
            v.new += 1;
        }
    }
    for rel in before.keys().filter(|r| after.contains_key(*r)) {
        assert!(left.contains_key(rel), "{what}: {rel} went missing");
    }
    v
}

fn no_temps(what: &str, dir: &Path) {
    let temps: Vec<String> = snapshot(dir).into_keys().filter(|r| is_temp(r)).collect();
    assert!(temps.is_empty(), "{what}: temporary files left: {temps:?}");
}

// ---------------------------------------------------------------- generate

/// A vendor's spec: `ops` operations, `tag` in every description and
/// example, so each version changes every output file.
fn spec(vendor: &str, ops: usize, tag: &str) -> String {
    let mut s = format!(
        "openapi: 3.0.3\ninfo:\n  title: {vendor} ({tag})\n  version: '1'\nservers:\n  - url: https://{vendor}.example.com\npaths:\n"
    );
    for i in 0..ops {
        s.push_str(&format!(
            "  /items{i}/{{id}}:\n    get:\n      operationId: getItem{i}\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: integer}}}}\n      responses:\n        '200':\n          description: item {i}\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n"
        ));
        for k in 0..8 {
            s.push_str(&format!(
                "                  field{k}: {{type: string, description: 'field {k} of item {i}, {tag}'}}\n"
            ));
        }
        s.push_str(&format!("              example: {{field0: '{tag}'}}\n"));
    }
    s
}

/// A specs folder: one big vendor (200 operations, an ~800 KB module) and
/// 15 small ones, all marked `tag`.
fn specs(dir: &Path, tag: &str) {
    for v in 0..16 {
        let name = format!("v{v:02}");
        let folder = dir.join(&name);
        fs::create_dir_all(&folder).unwrap();
        let ops = if v == 0 { 200 } else { 12 };
        fs::write(folder.join("openapi.yaml"), spec(&name, ops, tag)).unwrap();
    }
}

/// Where a `generate` run is killed.
#[derive(Debug, Clone, Copy)]
enum Kill {
    /// Once it has reported this many written files.
    After(usize),
    /// Right after it reports the file whose path ends so: the next one
    /// is then being written.
    AfterFile(&'static str),
}

/// `generate`, killed at `at` (or left alone if it finishes first). How
/// many written files it reported.
fn killed_generate(specs: &Path, out: &Path, at: Kill) -> usize {
    let mut child = xtask_command()
        .args(["generate", "--quiet", "--specs"])
        .arg(specs)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut wrote = 0;
    for line in BufReader::new(stderr).lines() {
        let Ok(line) = line else { break };
        if let Some(path) = line.strip_prefix("wrote ") {
            wrote += 1;
            let now = match at {
                Kill::After(n) => wrote >= n,
                Kill::AfterFile(end) => path.replace('\\', "/").ends_with(end),
            };
            if now {
                let _ = child.kill();
                break;
            }
        }
    }
    let _ = child.wait();
    wrote
}

fn generate(specs: &Path, out: &Path) -> String {
    let o = run(&[
        "generate",
        "--quiet",
        "--specs",
        specs.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "{err}");
    err
}

#[test]
fn generate_killed_mid_write_leaves_whole_files_and_the_next_run_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, out) = (
        tmp.path().join("a/specs"),
        tmp.path().join("b/specs"),
        tmp.path().join("out"),
    );
    specs(&a, "version A");
    specs(&b, "version B");
    generate(&a, &out);
    let version_a = snapshot(&out);
    let reference_b = tmp.path().join("reference-b");
    generate(&b, &reference_b);
    let version_b = snapshot(&reference_b);
    assert!(version_a.len() >= 33, "{:?}", version_a.keys());
    // A -> B, killed three times, then completed; then back to A twice
    let mut mixed = 0;
    let mut summary = Vec::new();
    // changed files are written in path order: openapi/v00.yaml (the big
    // contract), ..., openapi/v15.yaml, src/v00.rs (the big module), ...
    let there = [
        Kill::After(1),
        Kill::AfterFile("openapi/v15.yaml"),
        Kill::After(12),
    ];
    let back = [Kill::AfterFile("openapi/v15.yaml"), Kill::After(3)];
    for (from, to, points) in [(&a, &b, &there[..]), (&b, &a, &back[..])] {
        let before = snapshot(&out);
        let mut left = Vec::new();
        for &k in points {
            let wrote = killed_generate(to, &out, k);
            left.push((k, wrote, snapshot(&out)));
        }
        generate(to, &out);
        no_temps("after the completing run", &out);
        let after = snapshot(&out);
        let want = if to == &a { &version_a } else { &version_b };
        assert!(
            after == *want,
            "the completing run leaves exactly {to:?}'s output"
        );
        for (k, wrote, state) in &left {
            let what = format!("killed at {k:?} ({from:?} -> {to:?})");
            let v = judge(&what, state, &before, &after);
            if v.old > 0 && v.new > 0 {
                mixed += 1;
            }
            summary.push(format!(
                "killed after {wrote} write(s): {} old, {} new, {} temp file(s)",
                v.old, v.new, v.temps
            ));
        }
    }
    println!("generate kills: {}", summary.join("; "));
    assert!(
        mixed > 0,
        "no kill landed inside the write phase: {summary:?}"
    );
}

// ------------------------------------------------------------------- fetch

const SPECS: usize = 30;

/// Spec `i` of the served site in `version` (version 2 is longer).
fn served_spec(i: usize, version: usize) -> String {
    let mut s = spec(&format!("s{i:02}"), 6, &format!("version {version}"));
    s.push_str(&format!("# {}\n", "padding ".repeat(4000 * version)));
    s
}

/// A docs site on loopback: `/llms.txt` listing [`SPECS`] spec files,
/// served in the version `version` holds. One connection at a time,
/// `Connection: close`.
fn serve(version: Arc<AtomicUsize>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let index = {
        let mut t = String::from("# Atomic\n\n> Specs for the kill test.\n\n## OpenAPI Specs\n\n");
        for i in 0..SPECS {
            t.push_str(&format!("- [s{i:02}](/specs/s{i:02}.yaml)\n"));
        }
        t
    };
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
                match stream.read(&mut byte) {
                    Ok(1) => head.push(byte[0]),
                    _ => break,
                }
            }
            let head = String::from_utf8_lossy(&head);
            let path = head.split(' ').nth(1).unwrap_or("/").to_string();
            let v = version.load(Ordering::Relaxed);
            let body = if path == "/llms.txt" {
                Some(index.clone())
            } else {
                path.strip_prefix("/specs/s")
                    .and_then(|rest| rest.strip_suffix(".yaml"))
                    .and_then(|n| n.parse::<usize>().ok())
                    .filter(|n| *n < SPECS)
                    .map(|n| served_spec(n, v))
            };
            let response = match body {
                Some(b) => format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{b}",
                    b.len()
                ),
                None => "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    .to_string(),
            };
            let _ = stream.write_all(response.as_bytes());
        }
    });
    origin
}

/// `fetch`, killed once at least `after` files of the vendor folder are
/// in the new version (`new_len` bytes) or, with 0, as soon as a
/// temporary file shows up. Whether the kill happened before it finished.
fn killed_fetch(
    specs: &Path,
    url: &str,
    after: usize,
    new_len: impl Fn(&str) -> Option<usize>,
) -> bool {
    let vendor = specs.join("atomic");
    let mut child = xtask_command()
        .args(["fetch", "--vendor", "atomic", "--specs"])
        .arg(specs)
        .arg(url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        let mut temps = 0;
        let mut new = 0;
        for (rel, len) in lengths(&vendor) {
            if is_temp(&rel) {
                temps += 1;
            } else if new_len(&rel) == Some(len) {
                new += 1;
            }
        }
        if (after == 0 && temps > 0) || (after > 0 && new >= after) {
            let _ = child.kill();
            let _ = child.wait();
            return true;
        }
        thread::sleep(Duration::from_micros(500));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("fetch neither finished nor reached its write phase in 60 s");
}

/// File sizes below `dir`, cheaply (no reads).
fn lengths(dir: &Path) -> Vec<(String, usize)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, usize)>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            match entry.metadata() {
                Ok(m) if m.is_dir() => walk(root, &path, out),
                Ok(m) => {
                    let rel = path.strip_prefix(root).unwrap_or(&path);
                    out.push((rel.to_string_lossy().replace('\\', "/"), m.len() as usize));
                }
                Err(_) => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

fn fetch(specs: &Path, url: &str) {
    let o = run(&[
        "fetch",
        "--vendor",
        "atomic",
        "--specs",
        specs.to_str().unwrap(),
        url,
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
}

#[test]
fn fetch_killed_mid_write_leaves_whole_files_and_the_next_run_completes() {
    let version = Arc::new(AtomicUsize::new(1));
    let origin = serve(version.clone());
    let url = format!("{origin}/llms.txt");
    let tmp = tempfile::tempdir().unwrap();
    let specs: PathBuf = tmp.path().join("specs");
    let vendor = specs.join("atomic");
    fetch(&specs, &url);
    let before = snapshot(&vendor);
    assert_eq!(before.len(), SPECS + 1, "{:?}", before.keys());
    version.store(2, Ordering::Relaxed);
    // a mirrored spec's new length, by the number in its file name
    let new_len = |rel: &str| {
        rel.rsplit('/')
            .next()
            .and_then(|n| n.strip_prefix('s'))
            .and_then(|n| n.strip_suffix(".yaml"))
            .and_then(|n| n.parse::<usize>().ok())
            .map(|n| served_spec(n, 2).len())
    };
    let mut left = Vec::new();
    for after in [0, 5, 15] {
        let killed = killed_fetch(&specs, &url, after, new_len);
        left.push((after, killed, snapshot(&vendor)));
    }
    fetch(&specs, &url);
    no_temps("after the completing fetch", &vendor);
    let after = snapshot(&vendor);
    assert_ne!(after, before);
    let mut mixed = 0;
    let mut summary = Vec::new();
    for (point, killed, state) in &left {
        let v = judge(&format!("fetch killed at {point}"), state, &before, &after);
        mixed += usize::from(v.old > 0 && v.new > 0);
        summary.push(format!(
            "{}: {} old, {} new, {} temp file(s)",
            if *killed { "killed" } else { "finished" },
            v.old,
            v.new,
            v.temps
        ));
    }
    println!("fetch kills: {}", summary.join("; "));
    assert!(
        mixed > 0,
        "no kill landed inside the write phase: {summary:?}"
    );
}
