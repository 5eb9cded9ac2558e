//! Retries and timeouts of the client core against a server on loopback
//! that answers from a script, one connection per request.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use contract_runtime::{ClientCore, ClientError, Retries};
use reqwest::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A server answering its n-th request with `script[n]` (the last one
/// again once the script is used up) after `delay`; returns its base URL
/// and how many requests it has read.
async fn scripted(script: Vec<&'static str>, delay: Duration) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let head = script[n.min(script.len() - 1)];
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(read) => request.extend_from_slice(&buf[..read]),
                    }
                }
                tokio::time::sleep(delay).await;
                let reply = format!(
                    "HTTP/1.1 {head}\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{{}}"
                );
                let _ = socket.write_all(reply.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (format!("http://{addr}"), seen)
}

fn core(base: &str, retries: Retries) -> ClientCore {
    let mut core = ClientCore::new(base);
    core.set_retries(retries.initial_backoff(Duration::from_millis(1)));
    core
}

/// One call with `method` and `retries` to a server answering from
/// `script`: the status it ended with, and how many requests were sent.
async fn call(script: Vec<&'static str>, retries: Retries, method: Method) -> (u16, usize) {
    let (base, seen) = scripted(script, Duration::ZERO).await;
    let received = core(&base, retries)
        .request(method, "/things")
        .send()
        .await
        .unwrap();
    (received.status(), seen.load(Ordering::SeqCst))
}

#[tokio::test]
async fn a_get_answered_503_then_200_is_retried_once() {
    let script = vec!["503 Unavailable\r\nretry-after: 0", "200 OK"];
    assert_eq!(call(script, Retries::new(3), Method::GET).await, (200, 2));
}

#[tokio::test]
async fn retries_stop_at_the_limit_and_the_last_answer_is_returned() {
    // One attempt and two retries, all answered 429.
    let script = vec!["429 Too Many"];
    assert_eq!(
        call(script, Retries::new(2), Method::DELETE).await,
        (429, 3)
    );
}

#[tokio::test]
async fn post_other_statuses_and_no_retries_are_sent_once() {
    let unavailable = || vec!["503 Unavailable", "200 OK"];
    // POST is not idempotent.
    assert_eq!(
        call(unavailable(), Retries::new(3), Method::POST).await,
        (503, 1)
    );
    // 500 is not a "later".
    assert_eq!(
        call(vec!["500 Broken", "200 OK"], Retries::new(3), Method::GET).await,
        (500, 1)
    );
    // Retries are off by default.
    assert_eq!(
        call(unavailable(), Retries::default(), Method::GET).await,
        (503, 1)
    );
}

#[tokio::test]
async fn a_retry_after_above_the_cap_returns_the_answer_at_once() {
    let (base, seen) = scripted(
        vec!["503 Unavailable\r\nretry-after: 3600", "200 OK"],
        Duration::ZERO,
    )
    .await;
    let started = Instant::now();
    let received = core(&base, Retries::new(3))
        .request(Method::GET, "/things")
        .send()
        .await
        .unwrap();
    assert_eq!(received.status(), 503);
    assert_eq!(seen.load(Ordering::SeqCst), 1);
    // Not a timing test: an hour's wait would not return at all.
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[tokio::test]
async fn an_attempt_past_its_timeout_fails_and_an_idempotent_one_is_retried() {
    let (base, seen) = scripted(vec!["200 OK"], Duration::from_secs(5)).await;
    let mut client = ClientCore::new(&base);
    client.set_timeout(Some(Duration::from_millis(100)));
    let Err(error) = client.request(Method::POST, "/slow").send().await else {
        panic!("a 5 s answer within a 100 ms timeout");
    };
    assert!(matches!(error, ClientError::Transport(_)), "{error:?}");
    assert_eq!(seen.load(Ordering::SeqCst), 1);

    let (base, seen) = scripted(vec!["200 OK"], Duration::from_secs(5)).await;
    let mut client = core(&base, Retries::new(2));
    client.set_timeout(Some(Duration::from_millis(100)));
    let Err(error) = client.request(Method::GET, "/slow").send().await else {
        panic!("a 5 s answer within a 100 ms timeout");
    };
    assert!(matches!(error, ClientError::Transport(_)), "{error:?}");
    assert_eq!(seen.load(Ordering::SeqCst), 3);
}
