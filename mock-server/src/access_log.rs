//! One structured log line per request, with credentials redacted: header
//! values are never logged, and query values whose names carry secrets
//! (or that the contract declares as API keys) are replaced.

use std::time::Instant;

use http::request::Parts;

use crate::compile::{Op, Vendor};
use crate::request;

/// Log target of the per-request line (`MOCK_LOG=info,mock_server::access=off`
/// silences it).
pub const ACCESS_LOG: &str = "mock_server::access";

/// Whether the line would be written; checked before any work for it
/// (even reading the clock) is done.
pub fn enabled() -> bool {
    tracing::enabled!(target: ACCESS_LOG, tracing::Level::INFO)
}

/// What the pipeline learnt about a request, for its log line.
#[derive(Default)]
pub struct Entry<'r> {
    pub vendor: Option<&'r Vendor>,
    pub op: Option<&'r Op>,
    pub violations: usize,
}

pub fn write(parts: &Parts, entry: &Entry<'_>, status: u16, start: Instant) {
    let secret_query = entry.vendor.map_or(&[][..], |v| v.secret_query.as_slice());
    tracing::info!(
        target: ACCESS_LOG,
        vendor = entry.vendor.map_or("-", |v| &*v.name),
        operation = entry.op.map_or("-", |o| &*o.id),
        method = %parts.method,
        path = parts.uri.path(),
        query = %redact_query(parts.uri.query().unwrap_or(""), secret_query),
        credentials = credentials_present(parts),
        status,
        violations = entry.violations,
        latency_us = start.elapsed().as_micros() as u64,
        "request"
    );
}

/// Which credential headers came with the request (names only).
fn credentials_present(parts: &Parts) -> String {
    let mut names: Vec<&str> = parts
        .headers
        .keys()
        .map(|k| k.as_str())
        .filter(|k| is_secret_name(k))
        .collect();
    names.dedup();
    if names.is_empty() {
        "-".into()
    } else {
        format!("{} [redacted]", names.join(","))
    }
}

fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "authorization",
        "cookie",
        "key",
        "token",
        "secret",
        "password",
        "signature",
        "session",
        "credential",
    ]
    .iter()
    .any(|s| n.contains(s))
}

/// The query string with credential values replaced by `[redacted]`.
pub fn redact_query(query: &str, secret_names: &[String]) -> String {
    if query.is_empty() {
        return String::new();
    }
    query
        .split('&')
        .map(|pair| {
            let (k, _) = pair.split_once('=').unwrap_or((pair, ""));
            let decoded = request::percent_decode(k, true);
            if is_secret_name(&decoded) || secret_names.iter().any(|s| *s == decoded) {
                format!("{k}=[redacted]")
            } else {
                pair.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::redact_query;

    #[test]
    fn redacts_secret_and_declared_query_values_only() {
        let declared = vec!["sig".to_string()];
        assert_eq!(
            redact_query("page=2&api_key=abc&sig=x%20y&q=key", &declared),
            "page=2&api_key=[redacted]&sig=[redacted]&q=key"
        );
        assert_eq!(redact_query("", &declared), "");
    }
}
