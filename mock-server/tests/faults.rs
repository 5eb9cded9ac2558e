//! Break it on purpose: `Prefer: delay` / `?__delay`, `--latency` (fixed,
//! ranges, per vendor), the delay cap, and the faults reset, close,
//! malformed and slow-body, each ending only its own connection.

mod common;

use std::time::{Duration, Instant};

use common::{client, config, fixtures, journal, Mock};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const GET_PET: &str = "/petstore/pets/1";

async fn timed(m: &Mock, path: &str, prefer: Option<&str>) -> (u16, Duration) {
    let mut r = client().get(m.url(path));
    if let Some(p) = prefer {
        r = r.header("Prefer", p);
    }
    let start = Instant::now();
    let r = r.send().await.unwrap();
    let status = r.status().as_u16();
    let _ = r.bytes().await;
    (status, start.elapsed())
}

#[tokio::test]
async fn delays_are_asked_for_capped_and_recorded() {
    let mut c = config(fixtures());
    c.max_delay = Duration::from_secs(2);
    let m = Mock::start(c).await;
    let (s, took) = timed(&m, GET_PET, Some("delay=300")).await;
    assert_eq!(s, 200);
    assert!(took >= Duration::from_millis(300), "{took:?}");
    let (s, took) = timed(&m, &format!("{GET_PET}?__delay=200"), None).await;
    assert_eq!(s, 200);
    assert!(took >= Duration::from_millis(200), "{took:?}");
    let (s, took) = timed(&m, GET_PET, None).await;
    assert!(s == 200 && took < Duration::from_millis(150), "{took:?}");
    // over the cap: refused at once
    let (s, took) = timed(&m, GET_PET, Some("delay=2500")).await;
    assert!(s == 400 && took < Duration::from_millis(500));
    for bad in ["delay=soon", "delay=-5", "fault=explode"] {
        assert_eq!(timed(&m, GET_PET, Some(bad)).await.0, 422, "{bad}");
    }
    let delays: Vec<u64> = journal(&m, 8)
        .await
        .iter()
        .map(|r| r["delayMs"].as_u64().unwrap())
        .collect();
    assert_eq!(delays, [0, 0, 0, 0, 0, 200, 300]);
    m.stop().await;
}

#[tokio::test]
async fn configured_latency_is_uniform_in_its_range_and_per_vendor() {
    let mut c = config(fixtures());
    c.latency
        .add("60ms..120ms", mock_server::faults::DEFAULT_MAX_DELAY)
        .unwrap();
    let m = Mock::start(c).await;
    for _ in 0..5 {
        let (s, took) = timed(&m, GET_PET, None).await;
        assert_eq!(s, 200);
        assert!(
            took >= Duration::from_millis(60) && took < Duration::from_millis(400),
            "{took:?}"
        );
    }
    // a request's own delay wins; the admin namespace is never delayed
    let (_, took) = timed(&m, GET_PET, Some("delay=0")).await;
    assert!(took < Duration::from_millis(60), "{took:?}");
    let (_, took) = timed(&m, "/__mock/health", None).await;
    assert!(took < Duration::from_millis(60), "{took:?}");
    m.stop().await;
    let mut c = config(fixtures());
    c.latency
        .add("petstore=300ms", mock_server::faults::DEFAULT_MAX_DELAY)
        .unwrap();
    let m = Mock::start(c).await;
    let (_, took) = timed(&m, GET_PET, None).await;
    assert!(took >= Duration::from_millis(300), "{took:?}");
    m.stop().await;
    // a vendor that is not served is refused at start-up
    let mut c = config(fixtures());
    c.latency
        .add("other=500ms", mock_server::faults::DEFAULT_MAX_DELAY)
        .unwrap();
    let err = mock_server::Server::bind(c)
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("`other`") && err.contains("vendors: petstore"),
        "{err}"
    );
}

/// One raw request on its own connection; what came back, and how it ended.
async fn raw(m: &Mock, fault: &str) -> (Vec<u8>, Result<(), std::io::ErrorKind>, Duration) {
    let mut s = TcpStream::connect(m.addr).await.unwrap();
    let req = format!("GET {GET_PET} HTTP/1.1\r\nhost: x\r\nprefer: fault={fault}\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let start = Instant::now();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let end = loop {
        match tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf)).await {
            Err(_) => panic!("{fault}: no end within 5 s"),
            Ok(Ok(0)) => break Ok(()),
            Ok(Ok(n)) => {
                out.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&out);
                // a complete answer on a keep-alive connection
                if fault == "slow-body" && text.ends_with('}') {
                    break Ok(());
                }
            }
            Ok(Err(e)) => break Err(e.kind()),
        }
    };
    (out, end, start.elapsed())
}

#[tokio::test]
async fn faults_end_only_their_own_connection() {
    let m = Mock::start(config(fixtures())).await;
    // a keep-alive connection that must survive the others' faults
    let keep = client();
    assert_eq!(keep.get(m.url(GET_PET)).send().await.unwrap().status(), 200);

    let (out, end, _) = raw(&m, "reset").await;
    assert!(out.is_empty());
    assert_eq!(end, Err(std::io::ErrorKind::ConnectionReset));

    let (out, end, _) = raw(&m, "close").await;
    assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
    assert_eq!(end, Ok(()));

    let (out, end, _) = raw(&m, "malformed").await;
    let text = String::from_utf8_lossy(&out).to_ascii_lowercase();
    assert!(text.starts_with("http/1.1 200"), "{text}");
    assert!(text.contains("transfer-encoding: chunked"), "{text}");
    assert!(!text.ends_with("0\r\n\r\n"), "no final chunk: {text:?}");
    assert!(end.is_ok());
    // a client sees a body error
    let r = client()
        .get(m.url(GET_PET))
        .header("Prefer", "fault=malformed")
        .send()
        .await
        .unwrap();
    assert!(r.bytes().await.is_err());

    let (out, _, took) = raw(&m, "slow-body").await;
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.ends_with(r#"{"id":1,"name":"Tom","kind":"cat"}"#),
        "{text}"
    );
    assert!(took >= Duration::from_millis(800), "{took:?}");

    assert_eq!(keep.get(m.url(GET_PET)).send().await.unwrap().status(), 200);
    let faults: Vec<Value> = journal(&m, 4)
        .await
        .iter()
        .map(|r| r["fault"].clone())
        .collect();
    assert_eq!(
        faults,
        [
            Value::Null,
            "slow-body".into(),
            "malformed".into(),
            "malformed".into()
        ]
    );
    m.stop().await;
}
