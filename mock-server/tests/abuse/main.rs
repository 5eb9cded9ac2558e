//! The mock under abuse, on loopback: malformed and hostile requests,
//! slow and stalling clients, HTTP/1.0, pipelining, many connections.
//! After each case the server must answer a valid request correctly and
//! its connection tasks (and the runtime's tasks) must be back to their
//! idle level: nothing a client abandons stays behind.
//!
//! Raw `TcpStream`s are used where reqwest cannot express the abuse.
//! Each case prints one `abuse | case | observed` line (`--nocapture`).
//!
//! The cases are split by theme: request bodies ([`bodies`]) and
//! connections, heads and the protocol ([`connections`]); the helpers
//! every case needs are here.

// One directory target keeps `cargo test --test abuse`; from here the
// shared helpers are found only by path.
#[path = "../common/mod.rs"]
mod common;

mod bodies;
mod connections;

use std::time::{Duration, Instant};

use common::{config, fixtures, Mock};
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

// Every case has the same frame (start, abuse, `still_healthy`), spelled
// out in each so that a case reads, and fails, on its own.

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
