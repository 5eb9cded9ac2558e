//! `GET /__mock/events`: the journal as server-sent events, one `request`
//! event per recorded request (the journal's JSON shape), filtered like
//! `/__mock/requests`. Streams end when the client goes or the server
//! stops; at most [`MAX_STREAMS`] run at once.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::request::Parts;
use http::{HeaderValue, Method, StatusCode};
use tokio::sync::broadcast::error::RecvError;

use crate::body::MockBody;
use crate::faults::Outgoing;
use crate::journal::{render, Filter};
use crate::pipeline::Shared;
use crate::respond::{problem, Problem};

pub const PATH: &str = "/__mock/events";
/// Live streams served at once.
pub const MAX_STREAMS: usize = 32;
const KEEP_ALIVE: Duration = Duration::from_secs(15);

fn refuse(status: StatusCode, kind: Problem, detail: &str) -> Outgoing {
    let mut r = problem(kind, detail, None);
    *r.status_mut() = status;
    r.map(MockBody::Full)
}

pub fn stream(shared: &Arc<Shared>, parts: &Parts) -> Outgoing {
    if parts.method != Method::GET {
        let mut r = refuse(
            StatusCode::METHOD_NOT_ALLOWED,
            Problem::NoMethodMatched,
            "/__mock/events only answers GET",
        );
        r.headers_mut()
            .insert(http::header::ALLOW, HeaderValue::from_static("GET"));
        return r;
    }
    if !shared.journal.enabled() {
        return refuse(
            StatusCode::NOT_FOUND,
            Problem::NotFound,
            "the journal is off (`--journal-size 0`), so there are no events",
        );
    }
    let filter = match Filter::parse(parts.uri.query()) {
        Ok(f) => f,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, Problem::BadRequest, &e.to_string()),
    };
    if shared.journal.subscribers() >= MAX_STREAMS {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            Problem::BadRequest,
            &format!("at most {MAX_STREAMS} event streams at once"),
        );
    }
    let (mut records, listening) = shared.journal.subscribe();
    let mut closing = shared.journal.closing();
    let (tx, body) = MockBody::channel(16, None);
    tokio::spawn(async move {
        let _listening = listening;
        if tx
            .send(Ok(Bytes::from_static(b"retry: 2000\n: connected\n\n")))
            .await
            .is_err()
        {
            return;
        }
        let mut ticker = tokio::time::interval(KEEP_ALIVE);
        ticker.tick().await;
        loop {
            let event = tokio::select! {
                r = records.recv() => match r {
                    Ok(record) if filter.matches(&record) => {
                        let json = serde_json::to_string(&render(&record)).unwrap_or_default();
                        format!("id: {}\nevent: request\ndata: {json}\n\n", record.id)
                    }
                    Ok(_) => continue,
                    Err(RecvError::Lagged(n)) => format!("event: lagged\ndata: {{\"missed\":{n}}}\n\n"),
                    Err(RecvError::Closed) => break,
                },
                _ = ticker.tick() => ": keep-alive\n\n".to_string(),
                _ = closing.changed() => break,
            };
            if tx.send(Ok(Bytes::from(event))).await.is_err() {
                break;
            }
        }
    });
    let mut r = http::Response::new(body);
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if shared.config.cors {
        h.insert(
            http::header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
    }
    r
}
