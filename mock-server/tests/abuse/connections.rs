//! Abusive connections and heads: many query parameters, oversized
//! headers, stalled and half-sent requests, HTTP/1.0, pipelining, unknown
//! methods, odd paths, a thousand connections at once, a huge `Prefer`.

use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::{client, config, fixtures};
use crate::{
    exchange, mine, parse_responses, read_to_close, start, start_with, status, status_line, BASIC,
};

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
