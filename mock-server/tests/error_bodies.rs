//! Errors that say why: the vendor's documented error body, its message
//! field carrying the real violations (ChatDash's Create Client documents
//! `400 {"error": "Login ID already in use"}` for every mistake).

mod common;

use common::{client, config, workspace, Mock};
use mock_server::ErrorBodies;
use serde_json::{json, Value};

const KEY: &str = "agency-key";

async fn chatdash(bodies: ErrorBodies) -> Mock {
    let mut c = config(workspace().join("specs"));
    c.vendor = Some("chatdash".into());
    c.error_bodies = bodies;
    Mock::start(c).await
}

async fn create(m: &Mock, body: &str, content_type: Option<&str>) -> (u16, Value) {
    let mut r = client()
        .post(m.url("/chatdash/clients"))
        .header("Authorization", KEY)
        .body(body.to_string());
    if let Some(ct) = content_type {
        r = r.header("content-type", ct);
    }
    let r = r.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

fn message(body: &Value) -> &str {
    let obj = body.as_object().expect("an object");
    assert_eq!(obj.len(), 1, "only the documented field: {body}");
    obj["error"].as_str().expect("a string")
}

#[tokio::test]
async fn the_documented_error_says_what_was_wrong() {
    let m = chatdash(ErrorBodies::Violations).await;
    let json = Some("application/json");
    let (s, body) = create(
        &m,
        r#"{"client":{"name":"Acme","language":"en"},"member":{"name":"Ann","loginId":"ann"}}"#,
        json,
    )
    .await;
    assert_eq!(s, 400);
    assert_eq!(
        message(&body),
        "body /member/password: required property missing"
    );
    let (s, body) = create(
        &m,
        r#"{"client":{"name":"Acme","language":"en"},"member":{"name":"Ann","loginId":"ann","password":42}}"#,
        json,
    )
    .await;
    assert_eq!(s, 400);
    assert_eq!(
        message(&body),
        "body /member/password: expected string, found integer"
    );
    let (s, body) = create(&m, r#"{"client": "#, json).await;
    assert_eq!(s, 400);
    assert!(
        message(&body).starts_with("body: the body is not valid JSON"),
        "{body}"
    );
    let (s, body) = create(&m, r#"{"client":{}}"#, None).await;
    assert_eq!(s, 400);
    assert_eq!(
        message(&body),
        "body: the body has no Content-Type; documented: application/json"
    );
    // several at once: the first three, then how many more
    let (_, body) = create(&m, r#"{"client":{},"member":{}}"#, json).await;
    let text = message(&body);
    assert!(text.contains("; ") && text.ends_with("(+2 more)"), "{text}");
    assert!(!text.contains('\n'));
    m.stop().await;
}

#[tokio::test]
async fn documented_error_bodies_keep_prisms_behaviour() {
    let m = chatdash(ErrorBodies::Documented).await;
    for (body, ct) in [
        (r#"{"client":{}}"#, Some("application/json")),
        ("{", Some("application/json")),
        ("{}", None),
    ] {
        let (s, got) = create(&m, body, ct).await;
        assert_eq!(s, 400);
        assert_eq!(got, json!({"error": "Login ID already in use"}));
    }
    m.stop().await;
}
