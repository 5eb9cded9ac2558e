//! Breaking things on purpose (Prism #1140): latency (`Prefer: delay=300`,
//! `?__delay=300`, `--latency 50ms`, `--latency 20ms..200ms`, per vendor
//! `--latency chatdash=...`; uniform and seeded) and faults
//! (`Prefer: fault=reset|close|malformed|slow-body`). Everything is
//! bounded: a delay over the cap is refused, a fault ends only its own
//! connection, a slow body takes about a second.

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use thiserror::Error;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use crate::access_log::Entry;
use crate::body::{BodyError, MockBody};
use crate::plan::Vendor;
use crate::prefer::Prefs;
use crate::respond::{problem, Problem, Reply};
use crate::sample::Rng;
use crate::Config;

/// The longest delay accepted by default.
pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(30);
/// Pieces a slow body is sent in, and the pause between them.
const SLOW_PIECES: usize = 10;
const SLOW_PAUSE: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The connection is reset (TCP RST) instead of answered.
    Reset,
    /// The connection is closed (FIN) without a response.
    Close,
    /// The head is sent, then a chunked body that stops half way and the
    /// connection closes (no final chunk).
    Malformed,
    /// The answer is sent whole, its body in pieces over about a second.
    SlowBody,
}

impl Fault {
    pub const NAMES: &'static str = "reset, close, malformed, slow-body";

    pub fn parse(text: &str) -> Option<Fault> {
        Some(match text {
            "reset" => Fault::Reset,
            "close" => Fault::Close,
            "malformed" => Fault::Malformed,
            "slow-body" => Fault::SlowBody,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Fault::Reset => "reset",
            Fault::Close => "close",
            Fault::Malformed => "malformed",
            Fault::SlowBody => "slow-body",
        }
    }
}

/// What a request asked for besides its answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Steer {
    pub delay: Option<Duration>,
    pub fault: Option<Fault>,
}

impl Steer {
    pub fn is_none(&self) -> bool {
        self.delay.is_none() && self.fault.is_none()
    }
}

/// A delay range in milliseconds (`50ms` is `50..=50`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub low_ms: u64,
    pub high_ms: u64,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum LatencyError {
    #[error("`{0}` is not a duration (`50ms`, `2s`, `1.5s`, or milliseconds)")]
    Duration(String),
    #[error("latency range `{0}` runs backwards")]
    Backwards(String),
    #[error("latency `{0}` is over the cap of {1} ms (`--max-delay`)")]
    OverCap(String, u64),
}

/// `50ms`, `2s`, `1.5s`, `300` (milliseconds).
pub fn parse_duration(text: &str) -> Result<Duration, LatencyError> {
    let t = text.trim();
    let bad = || LatencyError::Duration(text.to_string());
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (t, 1.0)
    };
    let n: f64 = number.trim().parse().map_err(|_| bad())?;
    let ms = n * scale;
    if !(0.0..=86_400_000.0).contains(&ms) {
        return Err(bad());
    }
    Ok(Duration::from_micros((ms * 1000.0).round() as u64))
}

/// `--latency` values: `[VENDOR=]DURATION[..DURATION]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Latency {
    pub all: Option<Range>,
    pub per_vendor: Vec<(String, Range)>,
    pub seed: u64,
}

impl Latency {
    /// Read one `--latency` value into this configuration.
    pub fn add(&mut self, text: &str, cap: Duration) -> Result<(), LatencyError> {
        let (vendor, spec) = match text.split_once('=') {
            Some((v, s)) => (Some(v.trim().to_string()), s),
            None => (None, text),
        };
        let (a, b) = spec.split_once("..").unwrap_or((spec, spec));
        let low = parse_duration(a)?.as_millis() as u64;
        let high = parse_duration(b)?.as_millis() as u64;
        if high < low {
            return Err(LatencyError::Backwards(text.to_string()));
        }
        if high > cap.as_millis() as u64 {
            return Err(LatencyError::OverCap(
                text.to_string(),
                cap.as_millis() as u64,
            ));
        }
        let range = Range {
            low_ms: low,
            high_ms: high,
        };
        match vendor {
            Some(v) => self.per_vendor.push((v, range)),
            None => self.all = Some(range),
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_none() && self.per_vendor.is_empty()
    }

    /// The configured delay of the `n`th request to `vendor`: uniform in
    /// its range, the same sequence for the same seed.
    pub fn delay_for(&self, vendor: &str, n: u64) -> Option<Duration> {
        let range = self
            .per_vendor
            .iter()
            .rev()
            .find(|(v, _)| v == vendor)
            .map(|(_, r)| *r)
            .or(self.all)?;
        let span = range.high_ms - range.low_ms;
        let ms = if span == 0 {
            range.low_ms
        } else {
            let mut rng = Rng::new(self.seed ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15));
            range.low_ms + rng.below(span + 1)
        };
        (ms > 0).then(|| Duration::from_millis(ms))
    }
}

/// The service's error for a fault that answers nothing: hyper then
/// closes the connection without writing a response.
#[derive(Debug, Error)]
#[error("fault injected: {0}")]
pub struct Injected(pub &'static str);

/// Per connection: set when the connection must end with a reset.
#[derive(Debug, Clone, Default)]
pub struct ConnFault(Arc<AtomicBool>);

impl ConnFault {
    fn reset_on_close(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// A connection's socket; closed with a reset (zero linger) when a
/// `fault=reset` asked for it.
pub struct Io {
    inner: TcpStream,
    fault: ConnFault,
}

impl Io {
    pub fn new(inner: TcpStream, fault: ConnFault) -> Io {
        Io { inner, fault }
    }
}

impl Drop for Io {
    fn drop(&mut self) {
        if self.fault.0.load(Ordering::Relaxed) {
            let _ = self.inner.set_zero_linger();
        }
    }
}

impl AsyncRead for Io {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Io {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        if this.fault.0.load(Ordering::Relaxed) {
            // no FIN first: the drop resets the connection
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

pub type Outgoing = http::Response<MockBody>;

/// Wait out the delay, then answer as the fault says.
pub async fn apply(reply: Reply, steer: Steer, conn: ConnFault) -> Result<Outgoing, Injected> {
    if let Some(d) = steer.delay {
        tokio::time::sleep(d).await;
    }
    let Some(fault) = steer.fault else {
        return Ok(reply.map(MockBody::Full));
    };
    let (mut head, body) = reply.into_parts();
    let bytes: Bytes = http_body_util::BodyExt::collect(body)
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    match fault {
        Fault::Reset => {
            conn.reset_on_close();
            Err(Injected("connection reset"))
        }
        Fault::Close => Err(Injected("connection closed without a response")),
        Fault::Malformed => {
            head.headers.remove(http::header::CONTENT_LENGTH);
            head.headers.insert(
                http::header::CONNECTION,
                http::HeaderValue::from_static("close"),
            );
            let (tx, body) = MockBody::channel(2, None);
            let half = if bytes.is_empty() {
                Bytes::from_static(b"{\"partial\":")
            } else {
                bytes.slice(..bytes.len().div_ceil(2))
            };
            tokio::spawn(async move {
                if tx.send(Ok(half)).await.is_ok() {
                    // let the first chunk reach the socket before the cut
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    let _ = tx
                        .send(Err(BodyError("body cut off (fault=malformed)")))
                        .await;
                }
            });
            Ok(http::Response::from_parts(head, body))
        }
        Fault::SlowBody => {
            let (tx, body) = MockBody::channel(1, Some(bytes.len() as u64));
            tokio::spawn(async move {
                let piece = bytes.len().div_ceil(SLOW_PIECES).max(1);
                let mut at = 0;
                while at < bytes.len() {
                    let end = (at + piece).min(bytes.len());
                    if tx.send(Ok(bytes.slice(at..end))).await.is_err() {
                        return;
                    }
                    at = end;
                    if at < bytes.len() {
                        tokio::time::sleep(SLOW_PAUSE).await;
                    }
                }
            });
            Ok(http::Response::from_parts(head, body))
        }
    }
}

/// The delay and fault a request gets: its own (`Prefer: delay`,
/// `fault`), else the configured latency; a delay over the cap is
/// refused (the 400 returned). `counter` numbers the draws.
pub fn steer(
    config: &Config,
    counter: &AtomicU64,
    vendor: &Vendor,
    prefs: &Prefs,
    entry: &mut Entry,
) -> Option<Reply> {
    let cap = config.max_delay.as_millis() as u64;
    entry.delay_ms = match prefs.delay {
        Some(ms) if ms > cap => {
            return Some(problem(
                Problem::BadRequest,
                &format!("a delay of {ms} ms is over the cap of {cap} ms (`--max-delay`)"),
                None,
            ))
        }
        Some(ms) => ms,
        None if config.latency.is_empty() => 0,
        None => {
            let n = counter.fetch_add(1, Ordering::Relaxed);
            config
                .latency
                .delay_for(&vendor.name, n)
                .map_or(0, |d| d.as_millis() as u64)
        }
    };
    entry.fault = prefs.fault;
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_ranges() {
        assert_eq!(parse_duration("50ms"), Ok(Duration::from_millis(50)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("300"), Ok(Duration::from_millis(300)));
        assert!(parse_duration("fast").is_err());
        assert!(parse_duration("-1ms").is_err());
        let cap = DEFAULT_MAX_DELAY;
        let mut l = Latency::default();
        l.add("20ms..200ms", cap).unwrap();
        l.add("chatdash=5ms", cap).unwrap();
        assert_eq!(l.delay_for("chatdash", 1), Some(Duration::from_millis(5)));
        let seen: Vec<u64> = (0..200)
            .map(|n| l.delay_for("turso", n).unwrap().as_millis() as u64)
            .collect();
        assert!(seen.iter().all(|ms| (20..=200).contains(ms)));
        assert!(seen.iter().any(|ms| *ms < 60) && seen.iter().any(|ms| *ms > 160));
        // seeded: the same sequence again
        assert_eq!(l.delay_for("turso", 7), l.delay_for("turso", 7));
        assert_eq!(
            l.add("200ms..20ms", cap),
            Err(LatencyError::Backwards("200ms..20ms".into()))
        );
        assert!(matches!(l.add("31s", cap), Err(LatencyError::OverCap(..))));
        assert_eq!(Fault::parse("slow-body"), Some(Fault::SlowBody));
        assert_eq!(Fault::parse("explode"), None);
    }
}
