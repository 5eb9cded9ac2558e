//! The access log, in a test binary of its own: `tracing` caches which
//! subscribers want a call site per process, so this must not share one
//! with tests that run without a subscriber.

mod common;

use common::{capture_json_log, client, config, fixtures, status_of, Captured, Mock};
use serde_json::Value;

/// Stop the mock and read the access log: its text, and its lines as
/// JSON, of which there must be `count`.
async fn stopped_log(m: Mock, captured: &Captured, count: usize) -> (String, Vec<Value>) {
    m.stop().await;
    let text = captured.text();
    let lines = captured.json_lines();
    assert_eq!(lines.len(), count, "{text}");
    (text, lines)
}

#[tokio::test(flavor = "current_thread")]
async fn one_log_line_per_request_with_secrets_redacted() {
    let (captured, _guard) = capture_json_log("mock_server::access=info");
    let m = Mock::start(config(fixtures())).await;
    let c = client();
    let r = c
        .get(m.url("/petstore/pets?api_key=sup3rsecret&limit=5&access_token=t0ken"))
        .header("X-Trace", "deadbeef")
        .header("Authorization", "Bearer hunter2hunter2")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (text, lines) = stopped_log(m, &captured, 1).await;
    let line = &lines[0];
    assert_eq!(line["vendor"], "petstore");
    assert_eq!(line["operation"], "listPets");
    assert_eq!(line["status"], 200);
    assert!(line["latency_us"].is_u64());
    assert_eq!(
        line["query"],
        "api_key=[redacted]&limit=5&access_token=[redacted]"
    );
    for secret in ["sup3rsecret", "t0ken", "hunter2hunter2"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_log_line_names_the_first_violations() {
    let (captured, _guard) = capture_json_log("mock_server::access=info");
    let m = Mock::start(config(fixtures())).await;
    let r = client()
        .get(m.url("/petstore/pets?limit=0&api_key=k"))
        .header("X-Trace", "nothex")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(
        status_of(client().get(m.url("/petstore/pets/1"))).await,
        200
    );
    let (text, lines) = stopped_log(m, &captured, 2).await;
    assert_eq!(lines[0]["violations"], 2);
    assert_eq!(
        lines[0]["first_violations"],
        "query /limit: 0 is below the minimum 1; header /X-Trace: \"nothex\" does not match the pattern `^[0-9a-f]{8}$`"
    );
    assert!(lines[1].get("first_violations").is_none(), "{text}");
}
