//! Hot reload under load: a vendor page rewritten 100 times between two
//! valid versions while clients keep sending requests. No response may
//! come from a half-loaded contract: every answer is exactly what version
//! A or version B gives, and the served contract is always one of the two
//! whole documents. A page rewritten to garbage keeps the last good one.

mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{config, fixtures, get_json, Mock};
use serde_json::{json, Value};

const BASIC: &str = "Basic dXNlcjpwYXNz";
const REWRITES: usize = 100;
const CLIENTS: usize = 8;

/// Version B: the `Pet` schema gains a property and `getPet` another example.
fn version_b(a: &str) -> String {
    let b = a
        .replace(
            "        secret: {type: string, writeOnly: true}\n",
            "        secret: {type: string, writeOnly: true}\n        nickname: {type: string, maxLength: 8}\n",
        )
        .replace(
            "example: {id: 1, name: Tom, kind: cat}",
            "example: {id: 2, name: Rex, kind: dog, nickname: rexy}",
        );
    assert_ne!(a.len(), b.len());
    assert!(b.contains("nickname: rexy") && b.contains("maxLength: 8}"));
    b
}

/// What one client request showed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Seen {
    A,
    B,
}

struct Expected {
    get_a: Value,
    get_b: Value,
    served_a: bytes::Bytes,
    served_b: bytes::Bytes,
}

/// One request of a client's cycle, checked against both versions.
async fn one(
    c: &reqwest::Client,
    base: &str,
    i: usize,
    want: &Expected,
) -> Result<Option<Seen>, String> {
    match i % 10 {
        // the served contract: always one whole document
        0 => {
            let r = c
                .get(format!("{base}/__mock/openapi/petstore.json"))
                .send()
                .await
                .map_err(|e| e.to_string())?;
            let body = r.bytes().await.map_err(|e| e.to_string())?;
            if body == want.served_a {
                Ok(Some(Seen::A))
            } else if body == want.served_b {
                Ok(Some(Seen::B))
            } else {
                Err(format!(
                    "served contract is neither A nor B ({} bytes)",
                    body.len()
                ))
            }
        }
        // a body valid in A (no `nickname` rule) and invalid in B
        1..=3 => {
            let r = c
                .post(format!("{base}/petstore/pets"))
                .header("authorization", BASIC)
                .json(&json!({"name": "Rex", "nickname": "far too long"}))
                .send()
                .await
                .map_err(|e| e.to_string())?;
            let status = r.status().as_u16();
            let _ = r.bytes().await;
            match status {
                201 => Ok(Some(Seen::A)),
                400 => Ok(Some(Seen::B)),
                s => Err(format!("POST answered {s}, neither A's 201 nor B's 400")),
            }
        }
        // the example: A's or B's, byte for byte
        _ => {
            let r = c
                .get(format!("{base}/petstore/pets/1"))
                .send()
                .await
                .map_err(|e| e.to_string())?;
            let status = r.status().as_u16();
            let body: Value = r.json().await.map_err(|e| e.to_string())?;
            if status != 200 {
                return Err(format!("GET answered {status}"));
            }
            if body == want.get_a {
                Ok(Some(Seen::A))
            } else if body == want.get_b {
                Ok(Some(Seen::B))
            } else {
                Err(format!("GET body is neither A's nor B's: {body}"))
            }
        }
    }
}

async fn load_status(c: &reqwest::Client, m: &Mock) -> Value {
    let ops: Value = get_json(c, m.url("/__mock/operations")).await;
    ops["vendors"][0]["load"].clone()
}

/// Wait until the vendor has been read `loads` times; its load status.
async fn wait_for_load(c: &reqwest::Client, m: &Mock, loads: u64) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let status = load_status(c, m).await;
        if status["loads"].as_u64() >= Some(loads) {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "load {loads} not seen in time: {status}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rewriting_a_page_100_times_under_load_never_serves_a_half_loaded_contract() {
    let dir = tempfile::tempdir().unwrap();
    let vendor = dir.path().join("petstore");
    std::fs::create_dir(&vendor).unwrap();
    let page = vendor.join("openapi.yaml");
    let a = std::fs::read_to_string(fixtures().join("petstore/openapi.yaml")).unwrap();
    let b = version_b(&a);
    std::fs::write(&page, &a).unwrap();
    let mut cfg = config(dir.path().to_path_buf());
    cfg.watch = Some(Duration::from_millis(20));
    let m = Mock::start(cfg).await;
    let c = common::client();

    // both versions as served, taken before the load starts
    let fetch_served = || async {
        c.get(m.url("/__mock/openapi/petstore.json"))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
    };
    let fetch_get = || async {
        c.get(m.url("/petstore/pets/1"))
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    let served_a = fetch_served().await;
    let get_a = fetch_get().await;
    let first = load_status(&c, &m).await["loads"].as_u64().unwrap();
    replace(&page, &b);
    wait_for_load(&c, &m, first + 1).await;
    let served_b = fetch_served().await;
    let get_b = fetch_get().await;
    assert_ne!(served_a, served_b);
    assert_eq!(get_a, json!({"id": 1, "name": "Tom", "kind": "cat"}));
    assert_eq!(
        get_b,
        json!({"id": 2, "name": "Rex", "kind": "dog", "nickname": "rexy"})
    );
    let want = Arc::new(Expected {
        get_a,
        get_b,
        served_a,
        served_b,
    });

    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicUsize::new(0));
    let mut clients = tokio::task::JoinSet::new();
    for k in 0..CLIENTS {
        let (stop, sent, want, base) = (stop.clone(), sent.clone(), want.clone(), m.base.clone());
        clients.spawn(async move {
            let c = common::client();
            let (mut a, mut b, mut errors) = (0usize, 0usize, Vec::new());
            let deadline = Instant::now() + Duration::from_secs(120);
            let mut i = k;
            // bounded: until told to stop, 120 s, or 200,000 requests
            while !stop.load(Ordering::Relaxed) && Instant::now() < deadline && i < 200_000 {
                match one(&c, &base, i, &want).await {
                    Ok(Some(Seen::A)) => a += 1,
                    Ok(Some(Seen::B)) => b += 1,
                    Ok(None) => {}
                    Err(e) => errors.push(e),
                }
                sent.fetch_add(1, Ordering::Relaxed);
                i += 1;
            }
            (a, b, errors)
        });
    }

    // B is loaded now; alternate A, B, A, ... and wait for each load
    let started = Instant::now();
    let mut loads = first + 1;
    for i in 0..REWRITES {
        let text = if i % 2 == 0 { &a } else { &b };
        replace(&page, text);
        loads += 1;
        let status = wait_for_load(&c, &m, loads).await;
        assert_eq!(status["state"], "ok", "{status}");
        loads = status["loads"].as_u64().unwrap();
    }
    let rewrites_took = started.elapsed();
    // the last good one is B (REWRITES is even); garbage keeps it
    std::fs::write(&page, "openapi: 3.0.3\npaths: {/pets: [unclosed\n").unwrap();
    let status = wait_for_load(&c, &m, loads + 1).await;
    assert_eq!(status["state"], "kept-last-good", "{status}");
    assert!(!status["errors"].as_array().unwrap().is_empty());
    // traffic keeps running against the kept contract for a moment
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(fetch_get().await, want.get_b);
    assert_eq!(fetch_served().await, want.served_b);

    stop.store(true, Ordering::Relaxed);
    let (mut seen_a, mut seen_b, mut errors) = (0, 0, Vec::new());
    while let Some(done) = clients.join_next().await {
        let (a, b, e) = done.unwrap();
        seen_a += a;
        seen_b += b;
        errors.extend(e);
    }
    let total = sent.load(Ordering::Relaxed);
    let final_loads = status["loads"].as_u64().unwrap();
    println!(
        "reload under load | {REWRITES} rewrites in {:.1} s + 1 garbage, {final_loads} loads in all, {total} requests from {CLIENTS} clients: {seen_a} answered as A, {seen_b} as B, {} otherwise; garbage: kept-last-good, B still served",
        rewrites_took.as_secs_f64(),
        errors.len()
    );
    assert!(
        errors.is_empty(),
        "{} bad answers: {:?}",
        errors.len(),
        &errors[..errors.len().min(5)]
    );
    assert!(seen_a > 0 && seen_b > 0);
    assert_eq!(final_loads, first + 1 + REWRITES as u64 + 1);
    m.stop().await;
}

/// Swap a page's text in one step, as an editor's save-by-rename does.
/// The watcher waits for a folder to look the same on two scans, but on a
/// machine busy enough to pause this thread between `fs::write`'s truncate
/// and its write for longer than that, it would load the empty page (and
/// rightly keep the last good contract); this test is about requests
/// during a reload, so each version must arrive whole.
fn replace(page: &std::path::Path, text: &str) {
    // hidden, so the folder's page listing passes over it
    let temp = page.with_file_name(".page.partial");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, page).unwrap();
}
