//! The body of every response the server writes: a whole body (the usual
//! case, never boxed) or a stream fed by a task (live events, a slow or a
//! broken body on purpose).

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::{Body, Frame, SizeHint};
use thiserror::Error;
use tokio::sync::mpsc;

/// A stream cut off on purpose (`Prefer: fault=malformed`).
#[derive(Debug, Error)]
#[error("{0}")]
pub struct BodyError(pub &'static str);

pub enum MockBody {
    Full(Full<Bytes>),
    Stream {
        rx: mpsc::Receiver<Result<Bytes, BodyError>>,
        /// The length announced as `Content-Length`; None sends chunked.
        exact: Option<u64>,
    },
}

impl MockBody {
    /// A stream and the sender that feeds it (at most `buffer` pieces wait).
    pub fn channel(
        buffer: usize,
        exact: Option<u64>,
    ) -> (mpsc::Sender<Result<Bytes, BodyError>>, MockBody) {
        let (tx, rx) = mpsc::channel(buffer.max(1));
        (tx, MockBody::Stream { rx, exact })
    }
}

impl Body for MockBody {
    type Data = Bytes;
    type Error = BodyError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyError>>> {
        match self.get_mut() {
            MockBody::Full(f) => Pin::new(f)
                .poll_frame(cx)
                .map(|o| o.map(|r| r.map_err(|never| match never {}))),
            MockBody::Stream { rx, .. } => rx.poll_recv(cx).map(|o| o.map(|r| r.map(Frame::data))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            MockBody::Full(f) => f.is_end_stream(),
            MockBody::Stream { .. } => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            MockBody::Full(f) => f.size_hint(),
            MockBody::Stream { exact: Some(n), .. } => SizeHint::with_exact(*n),
            MockBody::Stream { .. } => SizeHint::default(),
        }
    }
}
