//! Abusive request bodies: malformed JSON, invalid UTF-8, bodies far over
//! the size limit (however they are framed or sent), bodies the answer
//! does not need, and JSON nested 100,000 levels.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::{client, Mock};
use crate::{exchange, parse_responses, read_to_close, start, status, status_line, BASIC, MIB};

async fn post_pet(m: &Mock, content_type: &str, body: Vec<u8>) -> (u16, Vec<Value>) {
    let r = client()
        .post(m.url("/petstore/pets"))
        .header("authorization", BASIC)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("an answer");
    let status = r.status().as_u16();
    let violations = r
        .headers()
        .get("sl-violations")
        .and_then(|v| serde_json::from_slice(v.as_bytes()).ok())
        .unwrap_or_default();
    (status, violations)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json() {
    let a = start().await;
    let mut seen = Vec::new();
    for body in [
        "{",
        r#"{"name": "Rex",}"#,
        r#"{"name": "Rex"} trailing"#,
        "nul",
        r#"{"name": "\ud800"}"#,
        r#"{"name": 1e999999}"#,
        "\u{feff}{}",
        "[[[[[[",
    ] {
        let (status, violations) = post_pet(&a.mock, "application/json", body.into()).await;
        assert_eq!(status, 400, "{body:?}");
        assert_eq!(violations[0]["code"], "json", "{body:?}");
        seen.push(status);
    }
    a.still_healthy(
        "malformed JSON (8 bodies)",
        "400 (the documented error) with an sl-violations `json` entry, each",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_utf8() {
    let a = start().await;
    // in a JSON body: not JSON
    let (s, v) = post_pet(
        &a.mock,
        "application/json",
        b"{\"name\": \"\xff\xfe\"}".to_vec(),
    )
    .await;
    assert_eq!((s, v[0]["code"].clone()), (400, json!("json")));
    // in a text body (replaced, then checked: 1 character fits maxLength 5)
    let r = client()
        .put(a.mock.url("/petstore/pets/7"))
        .header("content-type", "text/plain")
        .body(b"\xff\xfe\xfd\xfc\xfb\xfa".to_vec())
        .send()
        .await
        .unwrap();
    let text_status = r.status().as_u16();
    assert!([204, 400, 422].contains(&text_status), "{text_status}");
    // in a form body and a query value
    let r = client()
        .put(a.mock.url("/petstore/pets/7"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(b"name=\xff&age=%ff".to_vec())
        .send()
        .await
        .unwrap();
    let form_status = r.status().as_u16();
    assert!(form_status == 400 || form_status == 422, "{form_status}");
    // raw bytes in the request line and in header values
    let in_path = exchange(
        &a.mock,
        b"GET /petstore/pets/\xff\xfe HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status(&in_path), 400, "{}", status_line(&in_path));
    let in_header = exchange(
        &a.mock,
        b"GET /petstore/pets?api_key=k HTTP/1.1\r\nhost: x\r\nx-trace: \xff\xfe\xfd\r\nprefer: example=\xff\r\nconnection: close\r\n\r\n",
    )
    .await;
    let header_status = status(&in_header);
    assert!(
        header_status == 400 || header_status == 422,
        "{}",
        status_line(&in_header)
    );
    let in_name = exchange(
        &a.mock,
        b"GET /petstore/pets/mine HTTP/1.1\r\nhost: x\r\nx-\xff: 1\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status(&in_name), 400, "{}", status_line(&in_name));
    a.still_healthy(
        "invalid UTF-8",
        &format!("JSON body 400; text body {text_status}; form body {form_status}; request line 400 (hyper); header value {header_status} (pattern); header name 400 (hyper)"),
    )
    .await;
}

/// A request head for `POST /petstore/pets` with `framing` (a
/// `content-length` or `transfer-encoding` header line).
fn big_post_head(framing: &str) -> String {
    format!(
        "POST /petstore/pets HTTP/1.1\r\nhost: x\r\nauthorization: {BASIC}\r\ncontent-type: application/json\r\n{framing}\r\n\r\n"
    )
}

/// Send `head` and then `total` body bytes (as `chunked` chunks when
/// asked), all of it even after the answer came, ignoring write errors;
/// only then read the answer. Also says how much of the body was sent
/// before the server stopped taking it.
async fn send_all_then_read(m: &Mock, head: &str, total: usize, chunked: bool) -> (Vec<u8>, usize) {
    let mut tcp = TcpStream::connect(m.addr).await.unwrap();
    tcp.write_all(head.as_bytes()).await.unwrap();
    let piece = vec![b' '; 64 * 1024];
    let mut sent = 0;
    let deadline = Instant::now() + Duration::from_secs(20);
    while sent < total && Instant::now() < deadline {
        let n = piece.len().min(total - sent);
        let framed = if chunked {
            let mut f = format!("{n:x}\r\n").into_bytes();
            f.extend_from_slice(&piece[..n]);
            f.extend_from_slice(b"\r\n");
            f
        } else {
            piece[..n].to_vec()
        };
        let write = tokio::time::timeout(Duration::from_secs(5), tcp.write_all(&framed)).await;
        if !matches!(write, Ok(Ok(()))) {
            break;
        }
        sent += n;
    }
    if chunked && sent == total {
        let _ = tcp.write_all(b"0\r\n\r\n").await;
    }
    (read_to_close(&mut tcp, Duration::from_secs(10)).await, sent)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_mib_bodies_get_413_even_when_the_client_keeps_sending() {
    let a = start().await;
    let total = 10 * MIB;
    // declared up front: refused before the body is read, and the client
    // that sends it all anyway still reads its 413
    let (declared, declared_sent) = send_all_then_read(
        &a.mock,
        &big_post_head(&format!("content-length: {total}")),
        total,
        false,
    )
    .await;
    assert_eq!(status(&declared), 413, "{}", status_line(&declared));
    assert_eq!(declared_sent, total, "the server stopped reading");
    // chunked: refused once the limit is crossed
    let (chunked, chunked_sent) = send_all_then_read(
        &a.mock,
        &big_post_head("transfer-encoding: chunked"),
        total,
        true,
    )
    .await;
    assert_eq!(status(&chunked), 413, "{}", status_line(&chunked));
    assert_eq!(chunked_sent, total, "the server stopped reading");
    // reqwest writes the whole body before it looks at the answer: with
    // the connection reset under it, it would report a broken pipe
    let (reqwest_status, _) = post_pet(&a.mock, "application/json", vec![b' '; total]).await;
    assert_eq!(reqwest_status, 413);
    // a client that waits for `100 Continue` gets the 413 instead
    let expect = exchange(
        &a.mock,
        big_post_head(&format!("content-length: {total}\r\nexpect: 100-continue")).as_bytes(),
    )
    .await;
    assert_eq!(status(&expect), 413, "{}", status_line(&expect));
    // and a client that never stops sending (reading as it goes) gets it too
    let mut tcp = TcpStream::connect(a.mock.addr).await.unwrap();
    tcp.write_all(big_post_head("transfer-encoding: chunked").as_bytes())
        .await
        .unwrap();
    let (mut rd, mut wr) = tcp.into_split();
    let writer = tokio::spawn(async move {
        let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, " ".repeat(64 * 1024));
        let mut sent = 0usize;
        // bounded: 128 MiB or 20 s, whichever comes first
        let deadline = Instant::now() + Duration::from_secs(20);
        while sent < 128 * MIB && Instant::now() < deadline {
            match tokio::time::timeout(Duration::from_secs(5), wr.write_all(chunk.as_bytes())).await
            {
                Ok(Ok(())) => sent += 64 * 1024,
                _ => break,
            }
        }
        sent
    });
    let mut got = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    let deadline = Instant::now() + Duration::from_secs(20);
    while !got.windows(4).any(|w| w == b"\r\n\r\n") && Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_secs(10), rd.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => got.extend_from_slice(&buf[..n]),
            _ => break,
        }
    }
    assert_eq!(status(&got), 413, "{}", status_line(&got));
    drop(rd);
    let sent = writer.await.unwrap();
    a.still_healthy(
        "10 MiB body",
        &format!(
            "413 with Content-Length: 10 MiB (the client wrote all {:.1} MiB, then read its 413); 413 for chunked (all {:.1} MiB written); reqwest POST of 10 MiB: 413; 413 instead of 100 Continue; 413 to an endless sender reading as it writes (its writes failed after {:.1} MiB, past the 64 MiB drain limit)",
            declared_sent as f64 / MIB as f64,
            chunked_sent as f64 / MIB as f64,
            sent as f64 / MIB as f64
        ),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_the_answer_does_not_need_are_read_anyway() {
    let a = start().await;
    let body = vec![b' '; 512 * 1024];
    let c = client();
    let mut statuses = Vec::new();
    for (method, path) in [
        (reqwest::Method::POST, "/petstore/nope"),
        (reqwest::Method::POST, "/nope"),
        (reqwest::Method::DELETE, "/petstore/pets"),
        (reqwest::Method::POST, "/__mock/health"),
    ] {
        // reqwest sends the whole body before it reads the answer
        let r = c
            .request(method.clone(), a.mock.url(path))
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e:?}"));
        statuses.push(r.status().as_u16());
        let _ = r.bytes().await;
    }
    assert_eq!(statuses, [404, 404, 405, 405]);
    drop(c);
    // and the connection stays usable: a second request on it is answered
    let mut tcp = TcpStream::connect(a.mock.addr).await.unwrap();
    let head = format!(
        "POST /petstore/nope HTTP/1.1\r\nhost: x\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    tcp.write_all(&body).await.unwrap();
    tcp.write_all(b"GET /petstore/pets/mine HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    let both = read_to_close(&mut tcp, Duration::from_secs(10)).await;
    let answers: Vec<u16> = parse_responses(&both, &["POST", "GET"])
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    assert_eq!(answers, [404, 200]);
    a.still_healthy(
        "512 KiB bodies to an unknown path, vendor or method",
        "404, 404, 405, 405 to reqwest (which writes the whole body first); the unread body is drained, so the same connection then answers a GET 200",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_nested_100_000_levels() {
    let a = start().await;
    let depth = 100_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let objects = format!("{}1{}", r#"{"name":"#.repeat(depth), "}".repeat(depth));
    let unclosed = "[".repeat(depth);
    for body in [arrays, objects, unclosed] {
        let (status, violations) = post_pet(&a.mock, "application/json", body.into_bytes()).await;
        assert_eq!(status, 400);
        let message = violations[0]["message"].as_str().unwrap_or("");
        assert!(message.contains("recursion limit"), "{message}");
    }
    // the validator is bounded on its own too: a recursive schema and a
    // value 10,000 levels deep (built by hand; serde_json stops at 128)
    let checked = std::thread::Builder::new()
        .stack_size(256 * MIB)
        .spawn(|| {
            let node: generator::model::Schema = serde_json::from_value(json!({
                "type": "object",
                "properties": {"child": {"$ref": "#/components/schemas/Node"}}
            }))
            .unwrap();
            let schemas = std::collections::BTreeMap::from([("Node".to_string(), node.clone())]);
            let mut value = json!({"child": "leaf"});
            for _ in 0..10_000 {
                // by hand: `json!` would copy the whole value each time
                let mut object = serde_json::Map::new();
                object.insert("child".into(), value);
                value = Value::Object(object);
            }
            let validator = generator::validate::Validator::new(&schemas);
            let found = validator.validate(&node, &value).len();
            (found, node)
        })
        .unwrap()
        .join()
        .expect("validating a 10,000-level value does not overflow");
    let _ = checked;
    a.still_healthy(
        "JSON nested 100,000 levels (arrays, objects, unclosed)",
        "400 (documented error), `recursion limit exceeded` from serde_json at depth 128; no stack overflow",
    )
    .await;
}
