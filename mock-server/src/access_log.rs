//! One structured log line per request, with credentials redacted: header
//! values are never logged, and query values whose names carry secrets
//! (or that the contract declares as API keys) are replaced.

use std::sync::Arc;
use std::time::Instant;

use http::request::Parts;

use crate::journal::{Chosen, Upstream};
use crate::plan::{Op, Vendor};
use crate::request::{self, Violation};

/// Log target of the per-request line (`MOCK_LOG=info,mock_server::access=off`
/// silences it).
pub const ACCESS_LOG: &str = "mock_server::access";

/// Whether the line would be written; checked before any work for it
/// (even reading the clock) is done.
pub fn enabled() -> bool {
    tracing::enabled!(target: ACCESS_LOG, tracing::Level::INFO)
}

/// What the pipeline learnt about a request, for its log line and the
/// journal.
#[derive(Default)]
pub struct Entry<'r> {
    pub vendor: Option<&'r Arc<Vendor>>,
    pub op: Option<&'r Op>,
    /// Index of `op` in its vendor's operations.
    pub op_index: usize,
    pub violations: Vec<Violation>,
    /// Which response, content and example was sent, and why.
    pub chosen: Chosen,
    /// Delay added before the answer (`Prefer: delay`, `--latency`).
    pub delay_ms: u64,
    pub fault: Option<crate::faults::Fault>,
    /// What the validating proxy saw.
    pub upstream: Option<Upstream>,
}

pub fn write(parts: &Parts, entry: &Entry<'_>, status: u16, start: Instant) {
    let secret_query = entry.vendor.map_or(&[][..], |v| v.secret_query.as_slice());
    // the first violations by name, not only how many (absent when none)
    let first = (!entry.violations.is_empty())
        .then(|| crate::explain::summary(&entry.violations, secret_query));
    let upstream = entry.upstream.as_ref().map(upstream_line);
    tracing::info!(
        target: ACCESS_LOG,
        vendor = entry.vendor.map_or("-", |v| &*v.name),
        operation = entry.op.map_or("-", |o| &*o.id),
        method = %parts.method,
        path = parts.uri.path(),
        query = %redact_query(parts.uri.query().unwrap_or(""), secret_query),
        credentials = credentials_present(parts),
        status,
        violations = entry.violations.len(),
        first_violations = first.as_deref(),
        upstream = upstream.as_deref(),
        delay_ms = (entry.delay_ms > 0).then_some(entry.delay_ms),
        fault = entry.fault.map(|f| f.name()),
        latency_us = start.elapsed().as_micros() as u64,
        "request"
    );
}

/// The validating proxy's verdict, one line: the upstream status (or
/// why none came) and the first places its answer left the contract.
fn upstream_line(u: &Upstream) -> String {
    let mut out = match (u.status, &u.error) {
        (Some(s), _) => format!("{s}"),
        (None, Some(e)) => format!("no answer ({e})"),
        (None, None) => "no answer".into(),
    };
    if !u.violations.is_empty() {
        out.push_str(&format!(", {} contract violation(s): ", u.violations.len()));
        let first: Vec<String> = u
            .violations
            .iter()
            .take(crate::explain::SUMMARY_ITEMS)
            .map(|v| format!("{} {}: {}", v.location, v.pointer, v.message))
            .collect();
        out.push_str(&first.join("; "));
    }
    crate::explain::clip_line(out, 400)
}

/// Which credential headers came with the request (names only).
pub fn credentials_present(parts: &Parts) -> String {
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

/// The one redaction rule: a name that carries a credential by its
/// wording, or that the contract declares as an API key parameter.
pub fn is_secret(name: &str, declared: &[String]) -> bool {
    is_secret_name(name) || declared.iter().any(|s| s == name)
}

fn is_secret_name(name: &str) -> bool {
    // case-insensitive, without allocating (this runs per header per request)
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
    .any(|s| {
        name.as_bytes()
            .windows(s.len())
            .any(|w| w.eq_ignore_ascii_case(s.as_bytes()))
    })
}

/// Whether any request header carries a credential (by its name).
pub fn has_credentials(parts: &Parts) -> bool {
    parts.headers.keys().any(|k| is_secret_name(k.as_str()))
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
            if is_secret(&decoded, secret_names) {
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
