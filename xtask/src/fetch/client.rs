//! Polite HTTP GETs: a bounded number in flight, a per-request timeout,
//! conditional requests, retries with exponential backoff and jitter on
//! 429, 5xx and transport errors (honouring `Retry-After` in seconds, capped).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{
    HeaderMap, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER,
};
use reqwest::{StatusCode, Url};
use thiserror::Error;
use tokio::sync::Semaphore;

/// Requests in flight at once.
pub const MAX_IN_FLIGHT: usize = 4;
/// The longest `Retry-After` we wait for.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// The longest backoff between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// Bodies larger than this are refused.
pub const MAX_BODY: usize = 64 << 20;

#[derive(Debug, Clone)]
pub struct Settings {
    pub timeout: Duration,
    /// Attempts after the first one.
    pub retries: u32,
    /// The first backoff; each retry doubles it.
    pub backoff: Duration,
}

/// Why a URL could not be fetched.
#[derive(Debug, Error)]
pub enum FetchError {
    #[error("{url}: timed out after {secs:.1} s ({attempts} attempt(s))", secs = timeout.as_secs_f64())]
    Timeout {
        url: Url,
        timeout: Duration,
        attempts: u32,
    },
    #[error("{url}: request failed after {attempts} attempt(s): {why}")]
    Transport {
        url: Url,
        attempts: u32,
        why: String,
    },
    #[error("{url}: HTTP {status} after {attempts} attempt(s)")]
    GaveUp {
        url: Url,
        status: StatusCode,
        attempts: u32,
    },
    #[error("{url}: HTTP {status}")]
    Status { url: Url, status: StatusCode },
    #[error("{url}: 304 Not Modified to a request that was not conditional")]
    UnexpectedNotModified { url: Url },
    #[error("{url}: body larger than {MAX_BODY} bytes")]
    TooLarge { url: Url },
    #[error("{url}: expected markdown or a spec file, got an HTML page ({why})")]
    Html { url: Url, why: &'static str },
    #[error("{url}: body is not UTF-8 text")]
    NotUtf8 { url: Url },
    #[error("cannot start the HTTP client: {0}")]
    Client(String),
}

/// Validators from an earlier download, sent as `If-None-Match` /
/// `If-Modified-Since`.
#[derive(Debug, Clone, Default)]
pub struct Conditional {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Conditional {
    fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

#[derive(Debug)]
pub enum Outcome {
    NotModified,
    Body(Body),
}

#[derive(Debug)]
pub struct Body {
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Body {
    /// The body as text, refusing HTML pages (by `Content-Type` or by
    /// their first bytes) and anything not UTF-8.
    pub fn into_text(self, url: &Url) -> Result<(String, Validators), FetchError> {
        let html_type = self.content_type.as_deref().is_some_and(|t| {
            t.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("text/html"))
        });
        if html_type {
            return Err(FetchError::Html {
                url: url.clone(),
                why: "Content-Type text/html",
            });
        }
        if starts_like_html(&self.bytes) {
            return Err(FetchError::Html {
                url: url.clone(),
                why: "the body starts with an HTML tag",
            });
        }
        let text =
            String::from_utf8(self.bytes).map_err(|_| FetchError::NotUtf8 { url: url.clone() })?;
        Ok((
            text,
            Validators {
                etag: self.etag,
                last_modified: self.last_modified,
            },
        ))
    }
}

/// `ETag` / `Last-Modified` of a response.
#[derive(Debug, Clone, Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// `<!DOCTYPE html` or `<html` near the start (after a BOM and whitespace).
pub fn starts_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    let starts = |prefix: &[u8]| {
        head.len() >= prefix.len() && head[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    starts(b"<!doctype") || starts(b"<html")
}

#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    permits: Arc<Semaphore>,
    settings: Settings,
}

enum Attempt {
    Done(Result<Outcome, FetchError>),
    Retry {
        delay: Duration,
        failure: FetchError,
    },
}

impl Fetcher {
    pub fn new(settings: Settings) -> Result<Fetcher, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(user_agent())
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout)
            .build()
            .map_err(|e| FetchError::Client(error_chain(&e)))?;
        Ok(Fetcher {
            client,
            permits: Arc::new(Semaphore::new(MAX_IN_FLIGHT)),
            settings,
        })
    }

    /// GET `url`; with `conditional`, a 304 is [`Outcome::NotModified`].
    pub async fn get(
        &self,
        url: &Url,
        conditional: Option<&Conditional>,
    ) -> Result<Outcome, FetchError> {
        let conditional = conditional.filter(|c| !c.is_empty());
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = {
                // The semaphore is never closed; if it were, go on unbounded.
                let _permit = self.permits.acquire().await.ok();
                self.attempt(url, conditional, attempt).await
            };
            match result {
                Attempt::Done(outcome) => return outcome,
                Attempt::Retry { delay, failure } => {
                    if attempt > self.settings.retries {
                        return Err(failure);
                    }
                    tracing::info!(%url, attempt, delay_ms = delay.as_millis() as u64, "{failure}; retrying");
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }

    async fn attempt(&self, url: &Url, conditional: Option<&Conditional>, attempt: u32) -> Attempt {
        let mut request = self.client.get(url.clone());
        if let Some(c) = conditional {
            if let Some(etag) = &c.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(date) = &c.last_modified {
                request = request.header(IF_MODIFIED_SINCE, date);
            }
        }
        tracing::debug!(%url, attempt, conditional = conditional.is_some(), "GET");
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) => return self.transport_failure(url, e, attempt),
        };
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Attempt::Done(match conditional {
                Some(_) => Ok(Outcome::NotModified),
                None => Err(FetchError::UnexpectedNotModified { url: url.clone() }),
            });
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            let delay = retry_after(response.headers())
                .unwrap_or_else(|| backoff(self.settings.backoff, attempt, url));
            return Attempt::Retry {
                delay,
                failure: FetchError::GaveUp {
                    url: url.clone(),
                    status,
                    attempts: attempt,
                },
            };
        }
        if !status.is_success() {
            return Attempt::Done(Err(FetchError::Status {
                url: url.clone(),
                status,
            }));
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header(CONTENT_TYPE);
        let etag = header(ETAG);
        let last_modified = header(LAST_MODIFIED);
        let mut response = response;
        let mut bytes = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > MAX_BODY {
                        return Attempt::Done(Err(FetchError::TooLarge { url: url.clone() }));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return self.transport_failure(url, e, attempt),
            }
        }
        Attempt::Done(Ok(Outcome::Body(Body {
            bytes,
            content_type,
            etag,
            last_modified,
        })))
    }

    fn transport_failure(&self, url: &Url, e: reqwest::Error, attempt: u32) -> Attempt {
        let permanent = e.is_builder() || e.is_redirect();
        let failure = if e.is_timeout() {
            FetchError::Timeout {
                url: url.clone(),
                timeout: self.settings.timeout,
                attempts: attempt,
            }
        } else {
            FetchError::Transport {
                url: url.clone(),
                attempts: attempt,
                why: error_chain(&e.without_url()),
            }
        };
        if permanent {
            return Attempt::Done(Err(failure));
        }
        Attempt::Retry {
            delay: backoff(self.settings.backoff, attempt, url),
            failure,
        }
    }
}

/// `contract-mock-generator-fetch/<version>`.
pub fn user_agent() -> String {
    format!(
        "contract-mock-generator-fetch/{}",
        env!("CARGO_PKG_VERSION")
    )
}

/// `Retry-After` in its seconds form, capped at [`MAX_RETRY_AFTER`].
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds: u64 = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER))
}

/// `base * 2^(attempt-1)`, plus up to half of that again at random, capped.
fn backoff(base: Duration, attempt: u32, url: &Url) -> Duration {
    let exp = base
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(MAX_BACKOFF);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write(url.as_str().as_bytes());
    hasher.write_u32(attempt);
    let jitter = exp.mul_f64((hasher.finish() % 1000) as f64 / 2000.0);
    (exp + jitter).min(MAX_BACKOFF)
}

/// An error and its sources, `: `-separated.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_recognised() {
        assert!(starts_like_html(b"<!DOCTYPE html><html>"));
        assert!(starts_like_html(b"\xef\xbb\xbf\n  <HTML lang=en>"));
        assert!(!starts_like_html(b"# Title\n<html>"));
        assert!(!starts_like_html(b""));
        let url = Url::parse("https://x.com/a.md").unwrap();
        let body = |ct: Option<&str>, text: &[u8]| Body {
            bytes: text.to_vec(),
            content_type: ct.map(str::to_string),
            etag: None,
            last_modified: None,
        };
        let err = body(Some("text/html; charset=utf-8"), b"# T")
            .into_text(&url)
            .unwrap_err();
        assert!(err.to_string().contains("https://x.com/a.md"), "{err}");
        assert!(body(Some("text/markdown"), b"# T").into_text(&url).is_ok());
        assert!(matches!(
            body(None, b"\xff").into_text(&url),
            Err(FetchError::NotUtf8 { .. })
        ));
    }

    #[test]
    fn retry_after_and_backoff() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        headers.insert(RETRY_AFTER, "86400".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(MAX_RETRY_AFTER));
        headers.insert(
            RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers), None);
        let url = Url::parse("https://x.com/").unwrap();
        let base = Duration::from_millis(100);
        for attempt in 1..5 {
            let d = backoff(base, attempt, &url);
            let exp = base * (1 << (attempt - 1));
            assert!(d >= exp && d <= exp * 3 / 2, "{attempt}: {d:?}");
        }
        assert_eq!(backoff(Duration::from_secs(10), 40, &url), MAX_BACKOFF);
    }
}
