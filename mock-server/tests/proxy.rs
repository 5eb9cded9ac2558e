//! The validating proxy against upstreams on loopback: one that answers
//! right, one that answers off-contract, a slow one and a down one; with
//! and without `--proxy-fallback`. The proxy only ever talks to the
//! configured upstream.

mod common;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use common::{client, config, journal, workspace, Mock};
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};

const KEY: &str = "agency-key";
const BODY: &str = r#"{"client":{"name":"Acme","language":"en"},"member":{"name":"Ann","loginId":"ann","password":"pw"}}"#;

#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    host: String,
    authorization: Option<String>,
    body: String,
}

/// An upstream on loopback; `x-test-upstream` says how it answers.
async fn upstream() -> (SocketAddr, Arc<Mutex<Vec<Seen>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let log = log.clone();
            tokio::spawn(async move {
                let service = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                    let log = log.clone();
                    async move {
                        let (parts, body) = req.into_parts();
                        let body = body.collect().await.unwrap().to_bytes();
                        let header = |n: &str| {
                            parts
                                .headers
                                .get(n)
                                .map(|v| v.to_str().unwrap().to_string())
                        };
                        log.lock().unwrap().push(Seen {
                            method: parts.method.to_string(),
                            target: parts.uri.to_string(),
                            host: header("host").unwrap_or_default(),
                            authorization: header("authorization"),
                            body: String::from_utf8_lossy(&body).into_owned(),
                        });
                        let mode = header("x-test-upstream").unwrap_or_default();
                        let (status, ct, text): (u16, &str, &str) = match mode.as_str() {
                            "off" => (200, "application/json", r#"{"message": 42}"#),
                            "status" => (418, "text/plain", "teapot"),
                            "type" => (200, "text/html", "<p>created</p>"),
                            "501" => (501, "text/plain", "not here"),
                            "slow" => {
                                tokio::time::sleep(Duration::from_secs(3)).await;
                                (200, "application/json", r#"{"message": "late"}"#)
                            }
                            _ => (
                                200,
                                "application/json",
                                r#"{"message": "Client created (real)"}"#,
                            ),
                        };
                        let mut r = hyper::Response::new(Full::new(Bytes::from(text)));
                        *r.status_mut() = hyper::StatusCode::from_u16(status).unwrap();
                        r.headers_mut().insert("content-type", ct.parse().unwrap());
                        r.headers_mut().insert("x-upstream", "yes".parse().unwrap());
                        Ok::<_, Infallible>(r)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (addr, seen)
}

// Each test starts its own upstream and its own proxying mock (the frame
// the tests share), so what an upstream saw belongs to one test.
async fn proxied(upstream: &str, fallback: bool) -> Mock {
    let mut c = config(workspace().join("specs"));
    c.proxies = vec![mock_server::proxy::parse_target(&format!("chatdash={upstream}")).unwrap()];
    c.proxy_fallback = fallback;
    c.proxy_timeout = Duration::from_millis(700);
    Mock::start(c).await
}

async fn create(
    m: &Mock,
    path: &str,
    mode: &str,
    body: &str,
) -> (u16, reqwest::header::HeaderMap, String) {
    let r = client()
        .post(m.url(path))
        .header("Authorization", KEY)
        .header("content-type", "application/json")
        .header("x-test-upstream", mode)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let s = r.status().as_u16();
    let h = r.headers().clone();
    (s, h, r.text().await.unwrap())
}

async fn last(m: &Mock) -> Value {
    journal(m, 1)
        .await
        .into_iter()
        .next()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn a_right_upstream_is_passed_through_and_checked() {
    let (addr, seen) = upstream().await;
    let m = proxied(&format!("http://{addr}/v1/public"), false).await;
    let (s, h, text) = create(&m, "/chatdash/clients?page=1&api_key=s3cret", "right", BODY).await;
    assert_eq!(
        (s, text.as_str()),
        (200, r#"{"message": "Client created (real)"}"#)
    );
    assert_eq!(h["x-upstream"], "yes");
    let got = seen.lock().unwrap()[0].clone();
    assert_eq!(got.method, "POST");
    assert_eq!(got.target, "/v1/public/clients?page=1&api_key=s3cret");
    assert_eq!(got.host, addr.to_string());
    assert_eq!(got.authorization.as_deref(), Some(KEY));
    assert_eq!(got.body, BODY);
    let rec = last(&m).await;
    assert_eq!(rec["upstream"]["status"], 200);
    assert_eq!(rec["upstream"]["violations"], json!([]));
    assert_eq!(rec["response"]["why"], "proxied: the upstream's answer");
    assert_eq!(
        rec["upstream"]["url"],
        format!("http://{addr}/v1/public/clients?page=1&api_key=[redacted]")
    );
    // the server base path form reaches the same upstream path
    let (s, _, _) = create(&m, "/chatdash/v1/public/clients", "right", BODY).await;
    assert_eq!(s, 200);
    assert_eq!(seen.lock().unwrap()[1].target, "/v1/public/clients");
    // an invalid request is still forwarded (the vendor decides), its violations recorded
    let (s, h, _) = create(&m, "/chatdash/clients", "right", r#"{"client":{}}"#).await;
    assert_eq!(s, 200);
    assert!(h.contains_key("sl-violations"));
    let rec = last(&m).await;
    assert!(!rec["violations"].as_array().unwrap().is_empty());
    m.stop().await;
}

#[tokio::test]
async fn an_off_contract_upstream_is_recorded_as_drift() {
    let (addr, _) = upstream().await;
    let m = proxied(&format!("http://{addr}/v1/public"), false).await;
    let (s, _, text) = create(&m, "/chatdash/clients", "off", BODY).await;
    assert_eq!((s, text.as_str()), (200, r#"{"message": 42}"#));
    let rec = last(&m).await;
    assert_eq!(
        rec["upstream"]["violations"],
        json!([{"location": "body", "pointer": "/message", "code": "type", "message": "expected string, found integer"}])
    );
    let (s, _, _) = create(&m, "/chatdash/clients", "status", BODY).await;
    assert_eq!(s, 418);
    let rec = last(&m).await;
    assert_eq!(rec["upstream"]["violations"][0]["location"], "status");
    let (_, _, _) = create(&m, "/chatdash/clients", "type", BODY).await;
    let rec = last(&m).await;
    assert_eq!(rec["upstream"]["violations"][0]["code"], "content-type");
    m.stop().await;
}

#[tokio::test]
async fn slow_and_down_upstreams_are_gateway_errors_or_the_mock_answers() {
    let (addr, _) = upstream().await;
    let m = proxied(&format!("http://{addr}/v1/public"), false).await;
    let (s, _, text) = create(&m, "/chatdash/clients", "slow", BODY).await;
    assert_eq!(s, 504, "{text}");
    let (s, _, _) = create(&m, "/chatdash/clients", "501", BODY).await;
    assert_eq!(s, 501);
    m.stop().await;
    // a port nobody listens on
    let down = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let m = proxied(&format!("http://{down}/v1/public"), false).await;
    let (s, _, text) = create(&m, "/chatdash/clients", "right", BODY).await;
    assert_eq!(s, 502, "{text}");
    let body: Value = serde_json::from_str(&text).unwrap();
    assert!(
        body["detail"].as_str().unwrap().contains("unreachable"),
        "{body}"
    );
    m.stop().await;
    // with the fallback, the mock answers from the contract
    for (upstream, mode) in [
        (format!("http://{down}/v1/public"), "right"),
        (format!("http://{addr}/v1/public"), "slow"),
        (format!("http://{addr}/v1/public"), "501"),
    ] {
        let m = proxied(&upstream, true).await;
        let (s, _, text) = create(&m, "/chatdash/clients", mode, BODY).await;
        assert_eq!(s, 200, "{mode}: {text}");
        assert_eq!(
            text, r#"{"message":"Client created successfully"}"#,
            "{mode}"
        );
        let rec = last(&m).await;
        assert_eq!(
            rec["response"]["why"], "proxy fallback: the upstream was unreachable or answered 501",
            "{mode}"
        );
        m.stop().await;
    }
}

#[tokio::test]
async fn the_proxy_never_leaves_the_configured_upstream() {
    let (addr, seen) = upstream().await;
    let m = proxied(&format!("http://{addr}/v1/public"), true).await;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    for target in [
        "/chatdash/clients/../members",
        "/chatdash/clients/%2e%2e/members",
        "/chatdash/clients/./members",
    ] {
        let mut s = tokio::net::TcpStream::connect(m.addr).await.unwrap();
        let req = format!(
            "POST {target} HTTP/1.1\r\nhost: x\r\nauthorization: {KEY}\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{{}}"
        );
        s.write_all(req.as_bytes()).await.unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).await.unwrap();
        assert!(
            out.starts_with("HTTP/1.1 400") || out.starts_with("HTTP/1.1 404"),
            "{target}: {out}"
        );
    }
    assert!(seen.lock().unwrap().is_empty(), "nothing was forwarded");
    // other vendors are mocked, not proxied
    let r = client()
        .post(m.url("/turso/v1/organizations/acme/members"))
        .header("Authorization", "Bearer t")
        .json(&json!({"username": "iku", "role": "admin"}))
        .send()
        .await
        .unwrap();
    assert_ne!(r.status(), 502);
    assert!(seen.lock().unwrap().is_empty());
    m.stop().await;
    // a proxied vendor that is not served is refused at start-up
    let mut c = config(workspace().join("specs"));
    c.proxies = vec![mock_server::proxy::parse_target("nope=http://127.0.0.1:9/").unwrap()];
    assert!(mock_server::Server::bind(c).await.is_err());
}
