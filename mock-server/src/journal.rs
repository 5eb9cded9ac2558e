//! The request journal: the last N requests (a ring; `--journal-size`,
//! 1,000 by default, 0 turns it off), each with what was chosen and why,
//! every violation and the latency, credentials redacted by the access
//! log's rule. `GET /__mock/requests` lists them (filters `vendor`,
//! `operation`, `status`, `method`, `limit`), `/__mock/requests/count`
//! counts them (WireMock-style verification), `DELETE` clears them, and
//! `/__mock/events` streams each one as it is recorded.
//!
//! Recording is one short lock around a `VecDeque` push; names are not
//! copied (the record holds the vendor's `Arc` and indices) and nothing is
//! rendered until someone asks.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use http::request::Parts;
use http::Method;
use serde_json::{json, Map, Value};
use thiserror::Error;
use tokio::sync::{broadcast, watch};

use crate::access_log::{self, Entry};
use crate::plan::Vendor;
use crate::request::{Class, Violation};

/// Records kept by default.
pub const DEFAULT_SIZE: usize = 1000;

/// Which example (or generated body) a response carried.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ExampleUse {
    /// No body, or not known (the mock's own problem+json).
    #[default]
    None,
    /// The content's example at this index.
    Named(usize),
    /// A body generated from the schema (no example documented).
    Generated,
    /// `dynamic=true`: generated per request.
    Dynamic,
}

/// Why that response was sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Why {
    /// Not an operation (admin, 404, 405, preflight).
    #[default]
    NotRouted,
    /// No preference: the lowest documented 2xx.
    Lowest2xx,
    /// No preference and no 2xx: `default`.
    DefaultResponse,
    /// No preference, no 2xx, no `default`: the first documented.
    FirstDocumented,
    /// `Prefer: code=` (or `__code`).
    PreferCode,
    /// The request broke the contract: the vendor's documented error.
    Invalid(Class),
    /// The request broke the contract and no error is documented.
    InvalidUndocumented(Class),
    /// A preference the contract cannot meet, a body over the limit, a
    /// body too slow, an `Accept` nothing matches.
    Refused,
    /// The validating proxy passed the upstream's answer through.
    Upstream,
    /// The upstream was unreachable or answered 501: the mock answered.
    UpstreamFallback,
}

impl Why {
    pub fn text(self) -> &'static str {
        match self {
            Why::NotRouted => "not an operation",
            Why::Lowest2xx => "no preference: the lowest documented 2xx",
            Why::DefaultResponse => "no preference and no 2xx: the `default` response",
            Why::FirstDocumented => "no preference, no 2xx, no `default`: the first documented",
            Why::PreferCode => "asked for with `Prefer: code=` / `__code`",
            Why::Invalid(Class::Security) => "credentials missing or refused: the documented 401",
            Why::Invalid(Class::ContentType) => {
                "content type not documented: the documented 415, 422 or 400"
            }
            Why::Invalid(Class::Malformed) => "body cannot be parsed: the documented 400 or 422",
            Why::Invalid(Class::Invalid) => {
                "request breaks the contract: the documented 422 or 400"
            }
            Why::InvalidUndocumented(_) => {
                "request breaks the contract and no error is documented: the mock's problem+json"
            }
            Why::Refused => "the mock's own error",
            Why::Upstream => "proxied: the upstream's answer",
            Why::UpstreamFallback => "proxy fallback: the upstream was unreachable or answered 501",
        }
    }
}

/// The response a request got, as indices into its operation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Chosen {
    pub response: Option<usize>,
    pub content: Option<usize>,
    pub example: ExampleUse,
    /// The documented error's message field carries the violations.
    pub filled: bool,
    pub why: Why,
}

/// What the validating proxy saw.
#[derive(Debug, Clone)]
pub struct Upstream {
    pub url: String,
    /// None when no answer came (unreachable, timed out).
    pub status: Option<u16>,
    pub error: Option<String>,
    /// The response against the contract.
    pub violations: Vec<ResponseViolation>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseViolation {
    /// `status`, `header` or `body`.
    pub location: &'static str,
    pub pointer: String,
    pub code: String,
    pub message: String,
}

/// One request, as recorded.
#[derive(Clone)]
pub struct Record {
    pub id: u64,
    pub time: SystemTime,
    pub vendor: Option<Arc<Vendor>>,
    pub op: Option<usize>,
    pub method: Method,
    pub path: String,
    /// Redacted.
    pub query: String,
    /// Names of the credential headers sent (never their values).
    pub credentials: Option<String>,
    pub status: u16,
    pub chosen: Chosen,
    pub violations: Vec<Violation>,
    pub latency_us: u64,
    /// Added delay (`Prefer: delay`, `--latency`).
    pub delay_ms: u64,
    pub fault: Option<&'static str>,
    pub upstream: Option<Upstream>,
}

pub struct Journal {
    capacity: usize,
    /// Records in place (no allocation per record beyond its own strings).
    ring: Mutex<VecDeque<Record>>,
    next_id: AtomicU64,
    events: broadcast::Sender<Arc<Record>>,
    /// Live streams; read per request without taking the channel's lock.
    listeners: Arc<AtomicUsize>,
    closing: watch::Sender<bool>,
}

/// One live stream's place; dropping it lets recording skip the channel.
pub struct Listening(Arc<AtomicUsize>);

impl Drop for Listening {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Journal {
    /// A journal of `capacity` records; 0 records nothing.
    pub fn new(capacity: usize) -> Journal {
        let (events, _) = broadcast::channel(256);
        let (closing, _) = watch::channel(false);
        Journal {
            capacity,
            ring: Mutex::new(VecDeque::with_capacity(capacity.min(DEFAULT_SIZE * 100))),
            next_id: AtomicU64::new(1),
            events,
            listeners: Arc::new(AtomicUsize::new(0)),
            closing,
        }
    }

    pub fn enabled(&self) -> bool {
        self.capacity > 0
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    fn ring(&self) -> MutexGuard<'_, VecDeque<Record>> {
        self.ring.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next id (records are numbered from 1, in arrival order).
    pub fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    pub fn record(&self, record: Record) {
        if !self.enabled() {
            return;
        }
        if self.listeners.load(Ordering::Relaxed) > 0 {
            let _ = self.events.send(Arc::new(record.clone()));
        }
        let evicted = {
            let mut ring = self.ring();
            let out = if ring.len() >= self.capacity {
                ring.pop_front()
            } else {
                None
            };
            ring.push_back(record);
            out
        };
        // the evicted record is freed outside the lock
        drop(evicted);
    }

    /// Record one answer, as the pipeline saw it.
    pub fn record_answer(&self, parts: &Parts, entry: Entry<'_>, status: u16, start: Instant) {
        if !self.enabled() {
            return;
        }
        let mut chosen = entry.chosen;
        if entry.op.is_some() && chosen.why == Why::NotRouted {
            // a body over the limit or too slow: the mock's own answer
            chosen.why = Why::Refused;
        }
        let secret = entry.vendor.map_or(&[][..], |v| v.secret_query.as_slice());
        let query = parts.uri.query().unwrap_or("");
        let credentials =
            access_log::has_credentials(parts).then(|| access_log::credentials_present(parts));
        self.record(Record {
            id: self.next_id(),
            time: SystemTime::now(),
            vendor: entry.vendor.cloned(),
            op: entry.op.map(|_| entry.op_index),
            method: parts.method.clone(),
            path: parts.uri.path().to_string(),
            query: if query.is_empty() {
                String::new()
            } else {
                access_log::redact_query(query, secret)
            },
            credentials,
            status,
            chosen,
            violations: entry.violations,
            latency_us: start.elapsed().as_micros() as u64,
            delay_ms: entry.delay_ms,
            fault: entry.fault.map(|f| f.name()),
            upstream: entry.upstream,
        });
    }

    pub fn clear(&self) {
        let old = std::mem::take(&mut *self.ring());
        drop(old);
    }

    /// Matching records, newest first.
    pub fn select(&self, filter: &Filter) -> Vec<Record> {
        let ring = self.ring();
        ring.iter()
            .rev()
            .filter(|r| filter.matches(r))
            .take(filter.limit.unwrap_or(usize::MAX))
            .cloned()
            .collect()
    }

    pub fn count(&self, filter: &Filter) -> usize {
        self.ring().iter().filter(|r| filter.matches(r)).count()
    }

    pub fn len(&self) -> usize {
        self.ring().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A live stream of records; keep the guard as long as the receiver.
    pub fn subscribe(&self) -> (broadcast::Receiver<Arc<Record>>, Listening) {
        self.listeners.fetch_add(1, Ordering::Relaxed);
        (self.events.subscribe(), Listening(self.listeners.clone()))
    }

    /// Live subscribers (`/__mock/events` streams).
    pub fn subscribers(&self) -> usize {
        self.listeners.load(Ordering::Relaxed)
    }

    /// Resolves when the server starts shutting down.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Tell the live streams the server is stopping.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum FilterError {
    #[error("filter `status` must be a status code (`404`) or a class (`4xx`), not `{0}`")]
    Status(String),
    #[error("filter `limit` must be a positive number, not `{0}`")]
    Limit(String),
    #[error("unknown filter `{0}`; filters: vendor, operation, status, method, limit")]
    Unknown(String),
}

/// `?vendor=chatdash&operation=createClient&status=4xx&method=POST&limit=10`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Filter {
    pub vendor: Option<String>,
    pub operation: Option<String>,
    /// (lowest, highest) status.
    pub status: Option<(u16, u16)>,
    pub method: Option<String>,
    pub limit: Option<usize>,
}

impl Filter {
    pub fn parse(query: Option<&str>) -> Result<Filter, FilterError> {
        let mut f = Filter::default();
        let pairs = query
            .map(|q| crate::request::parse_query(q.as_bytes()))
            .unwrap_or_default();
        for (k, v) in pairs {
            match k.as_str() {
                "vendor" => f.vendor = Some(v),
                "operation" => f.operation = Some(v),
                "method" => f.method = Some(v.to_ascii_uppercase()),
                "status" => {
                    let t = v.to_ascii_lowercase();
                    f.status = Some(match t.as_bytes() {
                        [d @ b'1'..=b'5', b'x', b'x'] => {
                            let base = u16::from(d - b'0') * 100;
                            (base, base + 99)
                        }
                        _ => match t.parse::<u16>() {
                            Ok(n) if (100..=599).contains(&n) => (n, n),
                            _ => return Err(FilterError::Status(v)),
                        },
                    });
                }
                "limit" => match v.parse::<usize>() {
                    Ok(n) if n > 0 => f.limit = Some(n),
                    _ => return Err(FilterError::Limit(v)),
                },
                _ => return Err(FilterError::Unknown(k)),
            }
        }
        Ok(f)
    }

    pub fn matches(&self, r: &Record) -> bool {
        if let Some(v) = &self.vendor {
            if r.vendor.as_ref().is_none_or(|x| &*x.name != v.as_str()) {
                return false;
            }
        }
        if let Some(o) = &self.operation {
            if operation_id(r) != Some(o.as_str()) {
                return false;
            }
        }
        if let Some((lo, hi)) = self.status {
            if r.status < lo || r.status > hi {
                return false;
            }
        }
        if let Some(m) = &self.method {
            if r.method.as_str() != m {
                return false;
            }
        }
        true
    }
}

fn operation_id(r: &Record) -> Option<&str> {
    let v = r.vendor.as_ref()?;
    Some(&*v.ops.get(r.op?)?.id)
}

/// A record as JSON (the journal's, the count's and the live stream's shape).
pub fn render(r: &Record) -> Value {
    let vendor = r.vendor.as_deref();
    let op = vendor.zip(r.op).and_then(|(v, i)| v.ops.get(i));
    let secret = vendor.map_or(&[][..], |v| v.secret_query.as_slice());
    let resp = op
        .zip(r.chosen.response)
        .and_then(|(o, i)| o.responses.get(i));
    let content = resp
        .zip(r.chosen.content)
        .and_then(|(resp, i)| resp.content.get(i));
    let example = match r.chosen.example {
        ExampleUse::None => Value::Null,
        ExampleUse::Named(i) => content
            .and_then(|c| c.examples.get(i))
            .map_or(Value::Null, |e| json!(e.name)),
        ExampleUse::Generated => json!("generated from the schema"),
        ExampleUse::Dynamic => json!("generated per request (dynamic)"),
    };
    let mut out = Map::new();
    out.insert("id".into(), json!(r.id));
    out.insert("time".into(), json!(rfc3339(r.time)));
    out.insert("vendor".into(), json!(vendor.map(|v| &*v.name)));
    out.insert("operation".into(), json!(op.map(|o| &*o.id)));
    out.insert("method".into(), json!(r.method.as_str()));
    out.insert("path".into(), json!(r.path));
    out.insert("query".into(), json!(r.query));
    out.insert("credentials".into(), json!(r.credentials));
    out.insert("status".into(), json!(r.status));
    out.insert(
        "response".into(),
        json!({
            "documented": resp.map(|x| x.key.as_str()),
            "contentType": content.map(|c| c.media.as_str()),
            "example": example,
            "messageSaysWhy": r.chosen.filled,
            "why": r.chosen.why.text(),
        }),
    );
    out.insert(
        "violations".into(),
        Value::Array(
            r.violations
                .iter()
                .map(|v| {
                    json!({
                        "location": v.location.as_str(),
                        "pointer": v.pointer,
                        "code": v.code,
                        "message": crate::explain::redacted_message(v, secret),
                        "text": crate::explain::describe(v, secret),
                    })
                })
                .collect(),
        ),
    );
    out.insert("latencyUs".into(), json!(r.latency_us));
    out.insert("delayMs".into(), json!(r.delay_ms));
    out.insert("fault".into(), json!(r.fault));
    if let Some(u) = &r.upstream {
        out.insert(
            "upstream".into(),
            json!({
                "url": u.url,
                "status": u.status,
                "error": u.error,
                "violations": u.violations.iter().map(|v| json!({
                    "location": v.location,
                    "pointer": v.pointer,
                    "code": v.code,
                    "message": v.message,
                })).collect::<Vec<_>>(),
            }),
        );
    }
    Value::Object(out)
}

/// `2026-08-01T12:34:56.789Z`.
pub fn rfc3339(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // days since the epoch to a proleptic Gregorian date (400-year eras)
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        d.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn times_are_rfc3339_utc() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let t = UNIX_EPOCH + Duration::from_millis(1_709_210_096_123);
        assert_eq!(rfc3339(t), "2024-02-29T12:34:56.123Z");
    }

    #[test]
    fn filters_parse_or_say_why() {
        let f = Filter::parse(Some("vendor=chatdash&status=4xx&limit=5")).unwrap();
        assert_eq!(f.status, Some((400, 499)));
        assert_eq!(f.limit, Some(5));
        assert_eq!(
            Filter::parse(Some("status=200")).unwrap().status,
            Some((200, 200))
        );
        assert!(matches!(
            Filter::parse(Some("status=abc")),
            Err(FilterError::Status(_))
        ));
        assert!(matches!(
            Filter::parse(Some("status=6xx")),
            Err(FilterError::Status(_))
        ));
        assert!(matches!(
            Filter::parse(Some("limit=0")),
            Err(FilterError::Limit(_))
        ));
        assert!(matches!(
            Filter::parse(Some("nope=1")),
            Err(FilterError::Unknown(_))
        ));
        assert_eq!(Filter::parse(None).unwrap(), Filter::default());
    }

    fn record(id: u64, status: u16) -> Record {
        Record {
            id,
            time: UNIX_EPOCH,
            vendor: None,
            op: None,
            method: Method::GET,
            path: "/x".into(),
            query: String::new(),
            credentials: None,
            status,
            chosen: Chosen::default(),
            violations: Vec::new(),
            latency_us: 0,
            delay_ms: 0,
            fault: None,
            upstream: None,
        }
    }

    #[test]
    fn the_ring_keeps_the_last_n() {
        let j = Journal::new(3);
        for i in 1..=5 {
            j.record(record(i, if i % 2 == 0 { 404 } else { 200 }));
        }
        let ids: Vec<u64> = j.select(&Filter::default()).iter().map(|r| r.id).collect();
        assert_eq!(ids, [5, 4, 3]);
        let f = Filter::parse(Some("status=404")).unwrap();
        assert_eq!(j.count(&f), 1);
        j.clear();
        assert!(j.is_empty());
        let off = Journal::new(0);
        off.record(record(1, 200));
        assert!(off.is_empty());
    }
}
