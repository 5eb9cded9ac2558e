//! The web page at `/__mock/` and the live stream `/__mock/events`
//! (server-sent events). The page itself is driven in headless Chromium
//! by `.ci/mock-browser`.

mod common;

use std::time::{Duration, Instant};

use common::{client, config, fixtures, status_of, Mock};
use serde_json::Value;

#[tokio::test]
async fn the_page_and_its_assets_are_served_from_the_crate() {
    let m = Mock::start(config(fixtures())).await;
    for (path, ty, needle) in [
        ("/__mock/", "text/html", "/__mock/assets/app.js"),
        ("/__mock", "text/html", "<form id=\"send-form\">"),
        (
            "/__mock/assets/app.js",
            "text/javascript",
            "new EventSource(\"/__mock/events\")",
        ),
        ("/__mock/assets/app.css", "text/css", "body"),
    ] {
        let r = client().get(m.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with(ty));
        assert!(r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'self'"));
        let text = r.text().await.unwrap();
        assert!(text.contains(needle), "{path}");
        // nothing from another origin
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{path}"
        );
    }
    m.stop().await;
}

/// Read from an event stream until `needle` shows up (or 5 s pass).
async fn read_until(r: &mut reqwest::Response, needle: &str) -> String {
    let mut seen = String::new();
    let until = Instant::now() + Duration::from_secs(5);
    while !seen.contains(needle) {
        let left = until.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, r.chunk()).await {
            Ok(Ok(Some(c))) => seen.push_str(&String::from_utf8_lossy(&c)),
            other => panic!("no {needle:?} in {seen:?}: {other:?}"),
        }
    }
    seen
}

#[tokio::test]
async fn events_stream_each_request_with_its_violations() {
    let m = Mock::start(config(fixtures())).await;
    let streaming = reqwest::Client::new();
    let mut all = streaming.get(m.url("/__mock/events")).send().await.unwrap();
    assert_eq!(all.status(), 200);
    assert_eq!(all.headers()["content-type"], "text/event-stream");
    read_until(&mut all, ": connected").await;
    let mut only_404 = streaming
        .get(m.url("/__mock/events?status=404"))
        .send()
        .await
        .unwrap();
    read_until(&mut only_404, ": connected").await;
    client()
        .get(m.url("/petstore/pets/0"))
        .send()
        .await
        .unwrap();
    client().get(m.url("/petstore/nope")).send().await.unwrap();
    let seen = read_until(&mut all, "/petstore/nope").await;
    let events: Vec<Value> = seen
        .split("\n\n")
        .filter_map(|e| e.lines().find_map(|l| l.strip_prefix("data: ")))
        .map(|d| serde_json::from_str(d).unwrap())
        .collect();
    assert_eq!(events.len(), 2, "{seen}");
    assert_eq!(events[0]["path"], "/petstore/pets/0");
    assert_eq!(events[0]["status"], 422);
    assert_eq!(
        events[0]["violations"][0]["text"],
        "path /petId: 0 is below the minimum 1"
    );
    let filtered = read_until(&mut only_404, "/petstore/nope").await;
    assert!(!filtered.contains("/petstore/pets/0"), "{filtered}");
    // bad input is a 4xx, at once
    assert_eq!(
        status_of(client().get(m.url("/__mock/events?status=soon"))).await,
        400
    );
    let r = client().post(m.url("/__mock/events")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    // open streams do not hold up shutdown
    let started = Instant::now();
    m.stop().await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let rest = tokio::time::timeout(Duration::from_secs(2), all.chunk()).await;
    assert!(
        matches!(rest, Ok(Ok(None)) | Ok(Err(_))),
        "the stream ended: {rest:?}"
    );
}

#[tokio::test]
async fn no_journal_no_events() {
    let mut c = config(fixtures());
    c.journal_size = 0;
    let m = Mock::start(c).await;
    assert_eq!(status_of(client().get(m.url("/__mock/events"))).await, 404);
    m.stop().await;
}
