//! The mock under abuse, on loopback: malformed and hostile requests,
//! slow and stalling clients, HTTP/1.0, pipelining, many connections.
//! After each case the server must answer a valid request correctly and
//! its connection tasks (and the runtime's tasks) must be back to their
//! idle level: nothing a client abandons stays behind.
//!
//! Raw `TcpStream`s are used where reqwest cannot express the abuse.
//! Each case prints one `abuse | case | observed` line (`--nocapture`).

mod common;

use std::time::{Duration, Instant};

use common::{client, config, fixtures, Mock};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const BASIC: &str = "Basic dXNlcjpwYXNz";
const MIB: usize = 1024 * 1024;

/// The body `GET /petstore/pets/mine` always answers.
fn mine() -> Value {
    json!({"count": 3, "owner": "user@example.com", "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"})
}

/// A mock and the runtime's task count once it is up and idle.
struct Abused {
    mock: Mock,
    idle_tasks: usize,
}

async fn start() -> Abused {
    start_with(config(fixtures())).await
}

async fn start_with(cfg: mock_server::Config) -> Abused {
    let mock = Mock::start(cfg).await;
    // one request through, so every lazily started task is running
    let (status, _) = valid(&mock).await;
    assert_eq!(status, 200);
    let idle = wait_idle(&mock, usize::MAX).await;
    Abused {
        mock,
        idle_tasks: idle,
    }
}

fn tasks() -> usize {
    tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks()
}

/// Wait until no connection task is alive and the runtime's tasks are at
/// most `idle`; the task count reached.
async fn wait_idle(m: &Mock, idle: usize) -> usize {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (live, now) = (m.connections.live(), tasks());
        if live == 0 && now <= idle {
            return now;
        }
        assert!(
            Instant::now() < deadline,
            "not back to idle: {live} connection task(s), {now} task(s) (idle: {idle})"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// `GET /petstore/pets/mine` on a fresh connection: status and body.
async fn valid(m: &Mock) -> (u16, Value) {
    let bytes = exchange(
        m,
        b"GET /petstore/pets/mine HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    let responses = parse_responses(&bytes, &["GET"]);
    let (status, body) = responses.first().cloned().unwrap_or_default();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

impl Abused {
    /// What must hold after every case: a valid request answered right,
    /// every connection task gone, the runtime back to its idle tasks.
    async fn still_healthy(self, case: &str, observed: &str) {
        let (status, body) = valid(&self.mock).await;
        assert_eq!((status, body), (200, mine()), "{case}: a valid request");
        let tasks = wait_idle(&self.mock, self.idle_tasks).await;
        println!(
            "abuse | {case} | {observed} | then: valid request 200, 0 connection tasks, {tasks} runtime task(s) (idle {})",
            self.idle_tasks
        );
        self.mock.stop().await;
    }
}

/// Write `request`, then read until the server closes (or 10 s pass).
async fn exchange(m: &Mock, request: &[u8]) -> Vec<u8> {
    let mut tcp = TcpStream::connect(m.addr).await.expect("connects");
    let _ = tcp.write_all(request).await;
    read_to_close(&mut tcp, Duration::from_secs(10)).await
}

async fn read_to_close(tcp: &mut TcpStream, limit: Duration) -> Vec<u8> {
    let mut out = Vec::new();
    let deadline = Instant::now() + limit;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, tcp.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return out,
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
        }
    }
}

/// Responses in `bytes`, one per method in `methods` (HEAD has no body):
/// status and body each.
fn parse_responses(bytes: &[u8], methods: &[&str]) -> Vec<(u16, Vec<u8>)> {
    let mut out = Vec::new();
    let mut rest = bytes;
    for method in methods {
        let Some(end) = rest.windows(4).position(|w| w == b"\r\n\r\n") else {
            break;
        };
        let head = String::from_utf8_lossy(&rest[..end]).to_ascii_lowercase();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        let body_len = if *method == "HEAD" { 0 } else { length };
        let start = end + 4;
        let stop = (start + body_len).min(rest.len());
        out.push((status, rest[start..stop].to_vec()));
        rest = &rest[stop..];
    }
    out
}

fn status_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.lines().next().unwrap_or("(nothing)").to_string()
}

fn status(bytes: &[u8]) -> u16 {
    parse_responses(bytes, &["GET"])
        .first()
        .map_or(0, |(s, _)| *s)
}

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_query_parameters() {
    let a = start().await;
    let c = client();
    let many = |value: &str| {
        (0..1000)
            .map(|i| format!("kind={value}&p{i}=x"))
            .collect::<Vec<_>>()
            .join("&")
    };
    let ok = c
        .get(
            a.mock
                .url(&format!("/petstore/pets?api_key=k&{}", many("cat"))),
        )
        .header("x-trace", "deadbeef")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let bad = c
        .get(
            a.mock
                .url(&format!("/petstore/pets?api_key=k&{}", many("bird"))),
        )
        .header("x-trace", "deadbeef")
        .send()
        .await
        .unwrap();
    let header_len = bad.headers()["sl-violations"].len();
    assert_eq!(bad.status(), 422);
    assert!(header_len <= 8 * 1024, "{header_len}");
    let body: Value = bad.json().await.unwrap();
    assert_eq!(body["code"], 500, "the documented `default` example");
    drop(c);
    a.still_healthy(
        "1,000 query parameters (2,000 pairs)",
        &format!(
            "valid: 200; 1,000 invalid `kind` values: 422, sl-violations cut to {header_len} bytes"
        ),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_headers_get_431() {
    let a = start().await;
    let one_big = format!(
        "GET /petstore/pets/mine HTTP/1.1\r\nhost: x\r\nx-big: {}\r\n\r\n",
        "a".repeat(100 * 1024)
    );
    let r = exchange(&a.mock, one_big.as_bytes()).await;
    assert_eq!(status(&r), 431, "{}", status_line(&r));
    let many: String = (0..200).map(|i| format!("x-h{i}: {i}\r\n")).collect();
    let r2 = exchange(
        &a.mock,
        format!("GET /petstore/pets/mine HTTP/1.1\r\nhost: x\r\n{many}\r\n").as_bytes(),
    )
    .await;
    assert_eq!(status(&r2), 431, "{}", status_line(&r2));
    let long_uri = format!(
        "GET /petstore/pets/mine?q={} HTTP/1.1\r\nhost: x\r\n\r\n",
        "a".repeat(100 * 1024)
    );
    let r3 = exchange(&a.mock, long_uri.as_bytes()).await;
    let uri_status = status(&r3);
    assert!(
        uri_status == 431 || uri_status == 414,
        "{}",
        status_line(&r3)
    );
    // under the limit (64 KiB in all) is served
    let fits = format!(
        "GET /petstore/pets/mine HTTP/1.1\r\nhost: x\r\nx-big: {}\r\nconnection: close\r\n\r\n",
        "a".repeat(60 * 1024)
    );
    assert_eq!(status(&exchange(&a.mock, fits.as_bytes()).await), 200);
    a.still_healthy(
        "oversized headers",
        &format!("one 100 KB header: 431; 200 headers: 431; 100 KB URI: {uri_status}; a 60 KB header: 200"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_requests_and_stalled_clients_are_timed_out() {
    let mut cfg = config(fixtures());
    cfg.header_timeout = Duration::from_millis(500);
    cfg.body_timeout = Duration::from_millis(500);
    let a = start_with(cfg).await;
    let started = Instant::now();
    let mut silent = TcpStream::connect(a.mock.addr).await.unwrap();
    let mut half_head = TcpStream::connect(a.mock.addr).await.unwrap();
    half_head
        .write_all(b"GET /petstore/pets/mine HTTP/1.1\r\nhost: x\r\nx-a:")
        .await
        .unwrap();
    let mut half_body = TcpStream::connect(a.mock.addr).await.unwrap();
    half_body
        .write_all(b"PUT /petstore/pets/1 HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: 5\r\n\r\nab")
        .await
        .unwrap();
    // a keep-alive connection that goes quiet after one answer
    let mut idle = TcpStream::connect(a.mock.addr).await.unwrap();
    idle.write_all(b"GET /petstore/pets/mine HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while a.mock.connections.live() < 4 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(a.mock.connections.live(), 4);
    let limit = Duration::from_secs(5);
    let (silent, half_head, half_body, idle) = tokio::join!(
        read_to_close(&mut silent, limit),
        read_to_close(&mut half_head, limit),
        read_to_close(&mut half_body, limit),
        read_to_close(&mut idle, limit),
    );
    let took = started.elapsed();
    assert!(took < Duration::from_secs(4), "closed after {took:?}");
    assert!(silent.is_empty() || status(&silent) == 408);
    let head_answer = status(&half_head);
    assert!(head_answer == 0 || head_answer == 408, "{head_answer}");
    assert_eq!(status(&half_body), 408, "{}", status_line(&half_body));
    assert_eq!(status(&idle), 200);
    a.still_healthy(
        "half requests that stall (0.5 s timeouts)",
        &format!("silent connection, half a head: closed; half a body: 408 and closed; idle keep-alive: closed; all within {:.1} s", took.as_secs_f64()),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_1_0() {
    let a = start().await;
    let r = exchange(&a.mock, b"GET /petstore/pets/mine HTTP/1.0\r\n\r\n").await;
    let responses = parse_responses(&r, &["GET"]);
    assert_eq!(responses[0].0, 200, "{}", status_line(&r));
    assert_eq!(
        serde_json::from_slice::<Value>(&responses[0].1).unwrap(),
        mine()
    );
    let first_line = status_line(&r);
    // keep-alive when asked for: two requests on one connection
    let mut tcp = TcpStream::connect(a.mock.addr).await.unwrap();
    let twice = b"GET /petstore/pets/mine HTTP/1.0\r\nconnection: keep-alive\r\n\r\n";
    tcp.write_all(twice).await.unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), tcp.read(&mut buf))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status(&buf[..n]), 200);
    tcp.write_all(b"GET /petstore/pets/mine HTTP/1.0\r\n\r\n")
        .await
        .unwrap();
    let rest = read_to_close(&mut tcp, Duration::from_secs(5)).await;
    assert_eq!(status(&rest), 200);
    // a body with Content-Length
    let post = format!(
        "POST /petstore/pets HTTP/1.0\r\nauthorization: {BASIC}\r\ncontent-type: application/json\r\ncontent-length: 15\r\n\r\n{{\"name\": \"Rex\"}}"
    );
    let r = exchange(&a.mock, post.as_bytes()).await;
    assert_eq!(status(&r), 201, "{}", status_line(&r));
    a.still_healthy(
        "HTTP/1.0",
        &format!("`{first_line}` and closed; keep-alive on request; POST with Content-Length: 201"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelined_requests() {
    let a = start().await;
    let mut batch = Vec::new();
    let mut methods = Vec::new();
    for i in 0..50 {
        let (method, req) = match i % 5 {
            0 => ("GET", "GET /petstore/pets/mine HTTP/1.1\r\nhost: x\r\n\r\n".to_string()),
            1 => ("POST", format!("POST /petstore/pets HTTP/1.1\r\nhost: x\r\nauthorization: {BASIC}\r\ncontent-type: application/json\r\ncontent-length: 1\r\n\r\n{{")),
            2 => ("HEAD", "HEAD /petstore/pets/mine HTTP/1.1\r\nhost: x\r\n\r\n".to_string()),
            3 => ("GET", "GET /nope HTTP/1.1\r\nhost: x\r\n\r\n".to_string()),
            _ => ("PUT", "PUT /petstore/pets/1 HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: 3\r\n\r\nabc".to_string()),
        };
        batch.extend_from_slice(req.as_bytes());
        methods.push(method);
    }
    batch.extend_from_slice(
        b"GET /petstore/pets/mine HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    );
    methods.push("GET");
    let r = exchange(&a.mock, &batch).await;
    let statuses: Vec<u16> = parse_responses(&r, &methods)
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let expected: Vec<u16> = (0..50)
        .map(|i| [200, 400, 200, 404, 204][i % 5])
        .chain([200])
        .collect();
    assert_eq!(statuses, expected);
    a.still_healthy(
        "51 pipelined requests in one write",
        "51 answers in order (GET 200, bad POST 400, HEAD 200, unknown 404, PUT 204), closed after the last",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_methods() {
    let a = start().await;
    let mut seen = Vec::new();
    for (line, want) in [
        ("FOO /petstore/pets HTTP/1.1", 405),
        ("PROPFIND /petstore/pets HTTP/1.1", 405),
        ("get /petstore/pets HTTP/1.1", 405),
        ("TRACE /petstore/pets/mine HTTP/1.1", 405),
        ("PATCH /petstore/pets/1 HTTP/1.1", 405),
        ("POST /__mock/health HTTP/1.1", 405),
        ("CONNECT petstore:443 HTTP/1.1", 404),
        ("OPTIONS * HTTP/1.1", 404),
    ] {
        let req = format!("{line}\r\nhost: x\r\nconnection: close\r\n\r\n");
        let r = exchange(&a.mock, req.as_bytes()).await;
        assert_eq!(status(&r), want, "{line}: {}", status_line(&r));
        seen.push(format!("{} {want}", line.split(' ').next().unwrap_or("")));
    }
    let long = format!(
        "{} /petstore/pets HTTP/1.1\r\nhost: x\r\n\r\n",
        "X".repeat(60_000)
    );
    let r = exchange(&a.mock, long.as_bytes()).await;
    let long_status = status(&r);
    assert!((400..500).contains(&long_status), "{}", status_line(&r));
    let bad = exchange(&a.mock, b"G(T /petstore/pets HTTP/1.1\r\nhost: x\r\n\r\n").await;
    assert_eq!(status(&bad), 400, "{}", status_line(&bad));
    a.still_healthy(
        "unknown methods",
        &format!(
            "{} (with Allow); a 60 KB method: {long_status}; a method with `(`: 400",
            seen.join(", ")
        ),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dot_dot_and_percent_encoded_paths() {
    let a = start().await;
    let mut summary = Vec::new();
    for (path, want) in [
        ("/petstore/../__mock/health", 404),
        ("/petstore/pets/../pets/mine", 404),
        ("/petstore/./pets/mine", 404),
        ("/%2e%2e/__mock/health", 404),
        ("/__mock/../petstore/pets/mine", 404),
        ("/__mock/openapi/../../Cargo.toml", 404),
        ("/__mock/openapi/..%2f..%2fCargo.toml", 404),
        ("/__mock/openapi/%2e%2e%2f%2e%2e%2fCargo.toml.json", 404),
        ("/petstore%2fpets%2fmine", 404),
        ("//petstore/pets/mine", 404),
        ("/petstore//pets/mine", 404),
        ("/petstore/pets/%2e%2e", 422),
        ("/petstore/pets/1%2f2", 422),
        ("/petstore/pets/%00", 422),
        ("/petstore/pets/mine%00", 422),
        ("/petstore/pets/%6d%69%6e%65", 422),
        ("/petstore/pets/%31", 200),
        ("/petstore/pets/mine?../../etc/passwd", 200),
        ("http://elsewhere.example/petstore/pets/mine", 200),
    ] {
        let req = format!("GET {path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
        let r = exchange(&a.mock, req.as_bytes()).await;
        let text = String::from_utf8_lossy(&r);
        assert_eq!(status(&r), want, "{path}: {}", status_line(&r));
        assert!(
            !text.contains("[workspace]") && !text.contains("\"vendors\""),
            "{path} reached a file or the admin namespace: {text}"
        );
        summary.push(want);
    }
    let backslash = exchange(
        &a.mock,
        b"GET /petstore\\..\\__mock\\health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    let bs = status(&backslash);
    assert!((400..500).contains(&bs), "{}", status_line(&backslash));
    let count = |s: u16| summary.iter().filter(|x| **x == s).count();
    a.still_healthy(
        "`..` and percent-encoded paths (20)",
        &format!(
            "{} x 404 (no normalisation: no route, never the admin namespace or a file), {} x 422 (decoded path parameter fails its schema), {} x 200 (`%31` is petId 1; query and absolute-form are ignored); backslashes: {bs}",
            count(404), count(422), count(200)
        ),
    )
    .await;
}

/// Raise the soft limit on open files to `need` if it is lower; the
/// limit in force, or why it cannot be raised.
// `rlim_t` is not `u64` on every platform
#[allow(clippy::unnecessary_cast)]
fn fd_headroom(need: u64) -> Result<u64, String> {
    #[cfg(unix)]
    {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes into the struct we own.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } != 0 {
            return Err("getrlimit failed".into());
        }
        if lim.rlim_cur as u64 >= need {
            return Ok(lim.rlim_cur as u64);
        }
        if (lim.rlim_max as u64) < need {
            return Err(format!(
                "the hard limit on open files is {}, {need} are needed",
                lim.rlim_max
            ));
        }
        lim.rlim_cur = need as libc::rlim_t;
        // SAFETY: setrlimit reads the struct we own.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &lim) } != 0 {
            return Err("setrlimit failed".into());
        }
        Ok(need)
    }
    #[cfg(not(unix))]
    {
        let _ = need;
        Err("not a unix system".into())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_connections() {
    const N: usize = 1000;
    // both ends live in this process: 2 descriptors per connection
    let limit = match fd_headroom(2 * N as u64 + 256) {
        Ok(l) => l,
        Err(why) => {
            println!("abuse | 1,000 concurrent connections | SKIPPED: {why}");
            return;
        }
    };
    let a = start().await;
    let started = Instant::now();
    let mut conns = Vec::with_capacity(N);
    for _ in 0..N {
        conns.push(TcpStream::connect(a.mock.addr).await.expect("connects"));
    }
    let peak_open = a.mock.connections.live();
    let mut tasks = tokio::task::JoinSet::new();
    for (i, mut tcp) in conns.into_iter().enumerate() {
        tasks.spawn(async move {
            let req = if i % 2 == 0 {
                "GET /petstore/pets/mine HTTP/1.1\r\nhost: x\r\n\r\n".to_string()
            } else {
                format!("POST /petstore/pets HTTP/1.1\r\nhost: x\r\nauthorization: {BASIC}\r\ncontent-type: application/json\r\ncontent-length: 15\r\n\r\n{{\"name\": \"Rex\"}}")
            };
            tcp.write_all(req.as_bytes()).await.ok()?;
            let mut buf = vec![0u8; 4096];
            let mut got = Vec::new();
            while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = tokio::time::timeout(Duration::from_secs(20), tcp.read(&mut buf))
                    .await
                    .ok()?
                    .ok()?;
                if n == 0 {
                    break;
                }
                got.extend_from_slice(&buf[..n]);
            }
            // held open until every connection has its answer
            Some((status(&got), tcp))
        });
    }
    let mut held = Vec::with_capacity(N);
    let mut statuses = std::collections::BTreeMap::new();
    while let Some(done) = tasks.join_next().await {
        let (s, tcp) = done.unwrap().expect("every connection is answered");
        *statuses.entry(s).or_insert(0) += 1;
        held.push(tcp);
    }
    let took = started.elapsed();
    let live = a.mock.connections.live();
    drop(held);
    assert_eq!(statuses.get(&200), Some(&(N / 2)), "{statuses:?}");
    assert_eq!(statuses.get(&201), Some(&(N / 2)), "{statuses:?}");
    assert_eq!(peak_open.max(live), N);
    a.still_healthy(
        "1,000 concurrent connections",
        &format!("all {N} open at once ({live} connection tasks alive), 500 GET 200 + 500 POST 201 in {:.2} s (open files limit {limit})", took.as_secs_f64()),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prefer_header_of_100_kb() {
    let a = start().await;
    let big = format!(
        "GET /petstore/pets/mine HTTP/1.1\r\nhost: x\r\nprefer: example={}\r\n\r\n",
        "x".repeat(100 * 1024)
    );
    let r = exchange(&a.mock, big.as_bytes()).await;
    assert_eq!(status(&r), 431, "{}", status_line(&r));
    // what fits the head limit is read: a 60 KB example name, 6,000 items
    let c = client();
    let send = |prefer: String| {
        let request = c
            .get(a.mock.url("/petstore/pets/mine"))
            .header("prefer", prefer);
        async move {
            let r = request.send().await.expect("an answer");
            let status = r.status().as_u16();
            let _ = r.bytes().await;
            status
        }
    };
    assert_eq!(
        send(format!("example={}", "x".repeat(60 * 1024))).await,
        404
    );
    assert_eq!(send(vec!["code=200"; 6000].join(", ")).await, 200);
    assert_eq!(send(format!("code={}", "9".repeat(60 * 1024))).await, 422);
    drop(c);
    a.still_healthy(
        "a Prefer header of 100 KB",
        "431 (over the 64 KiB head limit); 60 KB example name: 404 problem; 6,000 `code=200` items: 200; a 60 KB code: 422",
    )
    .await;
}
