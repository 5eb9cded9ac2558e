//! When a request is sent again: only idempotent methods, only for an
//! answer that says "later" (429, 503) or a connection that failed before
//! any answer, after `Retry-After` when the server gives one and an
//! exponential, capped, jittered backoff otherwise. Off unless asked for.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::Method;

/// How a client retries. [`Retries::none`] (the default) sends each
/// request once; [`Retries::new`] retries up to `max_retries` times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retries {
    /// Retries after the first attempt (0: none).
    pub max_retries: u32,
    /// The wait before the first retry when the server names none; it
    /// doubles with each retry.
    pub initial_backoff: Duration,
    /// The longest wait the backoff grows to.
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured: a server asking for more gets
    /// its answer returned at once instead of a client that hangs.
    pub max_retry_after: Duration,
}

impl Default for Retries {
    fn default() -> Self {
        Retries::none()
    }
}

impl Retries {
    /// Each request is sent once.
    pub fn none() -> Self {
        Retries::new(0)
    }

    /// Up to `max_retries` retries, starting at 100 ms and doubling up to
    /// 10 s, honouring a `Retry-After` of up to 60 s.
    pub fn new(max_retries: u32) -> Self {
        Retries {
            max_retries,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
        }
    }

    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The backoff before retry number `retry` (0-based): the capped
    /// exponential delay, with its upper half jittered so clients that
    /// failed together do not come back together.
    pub(super) fn backoff(&self, retry: u32) -> Duration {
        let full = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.min(31)))
            .min(self.max_backoff);
        let half = full / 2;
        half + half.mul_f64(jitter())
    }

    /// The wait before retrying an answer with `status` and `headers`, or
    /// `None` when it is not retried.
    pub(super) fn after_answer(
        &self,
        method: &Method,
        retry: u32,
        status: u16,
        headers: &HeaderMap,
    ) -> Option<Duration> {
        if !self.may_retry(method, retry) || !matches!(status, 429 | 503) {
            return None;
        }
        match retry_after(headers, SystemTime::now()) {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(retry)),
        }
    }

    /// The wait before retrying after a transport error, or `None`.
    pub(super) fn after_error(
        &self,
        method: &Method,
        retry: u32,
        error: &reqwest::Error,
    ) -> Option<Duration> {
        let retryable = error.is_connect() || error.is_timeout();
        (self.may_retry(method, retry) && retryable).then(|| self.backoff(retry))
    }

    /// Whether retry number `retry` (0-based) of a `method` request may
    /// happen at all, whatever the answer.
    pub(super) fn may_retry(&self, method: &Method, retry: u32) -> bool {
        retry < self.max_retries && is_idempotent(method)
    }
}

/// Methods whose repetition has the effect of one request (RFC 9110
/// section 9.2.2); POST and PATCH are never retried.
pub fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// `Retry-After` as a wait from `now`: delay-seconds or an HTTP-date (a
/// date in the past is no wait). Anything else is ignored.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A number in [0, 1) that differs between calls: the hasher's random
/// keys (fresh per `RandomState`) over a counter. Good enough to spread
/// retries; not for anything that needs real randomness.
fn jitter() -> f64 {
    use std::collections::hash_map::RandomState;
    use std::hash::BuildHasher;
    use std::sync::atomic::{AtomicU64, Ordering};
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let bits = RandomState::new().hash_one(CALLS.fetch_add(1, Ordering::Relaxed));
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        h
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(
            retry_after(&headers("120"), now),
            Some(Duration::from_secs(120))
        );
        // 2015-10-21 07:28:00 GMT is `now`; two minutes later:
        assert_eq!(
            retry_after(&headers("Wed, 21 Oct 2015 07:30:00 GMT"), now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            retry_after(&headers("Wed, 21 Oct 2015 07:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn only_idempotent_methods_and_later_statuses_are_retried() {
        let policy = Retries::new(2);
        let none = HeaderMap::new();
        assert!(policy.after_answer(&Method::GET, 0, 503, &none).is_some());
        assert!(policy.after_answer(&Method::PUT, 1, 429, &none).is_some());
        assert_eq!(policy.after_answer(&Method::GET, 2, 503, &none), None);
        assert_eq!(policy.after_answer(&Method::POST, 0, 503, &none), None);
        assert_eq!(policy.after_answer(&Method::PATCH, 0, 429, &none), None);
        assert_eq!(policy.after_answer(&Method::GET, 0, 500, &none), None);
        assert_eq!(policy.after_answer(&Method::GET, 0, 200, &none), None);
        assert_eq!(
            Retries::none().after_answer(&Method::GET, 0, 503, &none),
            None
        );
    }

    #[test]
    fn retry_after_is_honoured_up_to_its_cap() {
        let policy = Retries::new(3).max_retry_after(Duration::from_secs(5));
        assert_eq!(
            policy.after_answer(&Method::GET, 0, 429, &headers("3")),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            policy.after_answer(&Method::GET, 0, 429, &headers("30")),
            None
        );
    }

    #[test]
    fn backoff_doubles_up_to_its_cap_with_jitter_in_the_upper_half() {
        let policy = Retries::new(10)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_secs(1));
        for (retry, full_ms) in [(0, 100), (1, 200), (2, 400), (3, 800), (4, 1000), (9, 1000)] {
            let full = Duration::from_millis(full_ms);
            for _ in 0..20 {
                let wait = policy.backoff(retry);
                assert!(
                    wait >= full / 2 && wait <= full,
                    "retry {retry}: {wait:?} not in [{:?}, {full:?}]",
                    full / 2
                );
            }
        }
        let waits: std::collections::BTreeSet<Duration> =
            (0..20).map(|_| policy.backoff(3)).collect();
        assert!(waits.len() > 1, "no jitter: {waits:?}");
    }
}
