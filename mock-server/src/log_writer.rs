//! The binary's log writer: lines collect in memory and one background
//! thread writes them out in batches. The access log is on by default, and
//! one `write(2)` per request line costs a busy mock about a tenth of its
//! throughput; batched, a burst of requests is a few large writes.
//!
//! A line waits at most [`INTERVAL`]; [`BATCH`] waiting bytes wake the
//! writer at once; [`FlushGuard::flush`] and dropping the guard write
//! everything still held, so no line is lost on a normal exit.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use tracing_subscriber::fmt::MakeWriter;

/// Longest a line waits before it is written.
pub const INTERVAL: Duration = Duration::from_millis(20);
/// Waiting bytes that wake the writer before the interval ends.
pub const BATCH: usize = 64 * 1024;
/// Bytes held at most while the output is slow; beyond this a line is
/// written by the thread that logs it (back pressure instead of growth).
const HOLD_LIMIT: usize = 8 * 1024 * 1024;

struct State {
    pending: Vec<u8>,
    closed: bool,
}

struct Shared<W> {
    state: Mutex<State>,
    wake: Condvar,
    out: Mutex<W>,
}

impl<W: Write> Shared<W> {
    fn state(&self) -> MutexGuard<'_, State> {
        // a panic elsewhere while holding the lock must not stop logging
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn out(&self) -> MutexGuard<'_, W> {
        self.out.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Everything pending, written now. Locks are always taken state
    /// first, then output; the output lock is taken before the state lock
    /// is let go, so batches are written in the order they were taken.
    fn drain(&self) {
        let mut state = self.state();
        let batch = std::mem::take(&mut state.pending);
        let mut out = self.out();
        drop(state);
        write_or_drop(&mut *out, &batch);
    }
}

fn write_or_drop<W: Write>(out: &mut W, bytes: &[u8]) {
    // nowhere left to report a failed log write; drop it like stderr does
    let _ = out.write_all(bytes);
    let _ = out.flush();
}

/// `MakeWriter` for `tracing_subscriber::fmt`.
pub struct BatchedWriter<W> {
    shared: Arc<Shared<W>>,
}

impl<W> Clone for BatchedWriter<W> {
    fn clone(&self) -> Self {
        BatchedWriter {
            shared: self.shared.clone(),
        }
    }
}

/// Writes what is still held when dropped, and stops the thread.
pub struct FlushGuard<W: Write + Send + 'static> {
    shared: Arc<Shared<W>>,
    thread: Option<JoinHandle<()>>,
}

/// A batched writer over `out` (stderr in the binary) and its guard.
pub fn batched<W: Write + Send + 'static>(out: W) -> (BatchedWriter<W>, FlushGuard<W>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            pending: Vec::with_capacity(BATCH),
            closed: false,
        }),
        wake: Condvar::new(),
        out: Mutex::new(out),
    });
    let worker = shared.clone();
    let thread = std::thread::Builder::new()
        .name("log-writer".into())
        .spawn(move || loop {
            let closed = {
                let state = worker.state();
                let (state, _) = worker
                    .wake
                    .wait_timeout_while(state, INTERVAL, |s| s.pending.len() < BATCH && !s.closed)
                    .unwrap_or_else(PoisonError::into_inner);
                state.closed
            };
            worker.drain();
            if closed {
                return;
            }
        })
        .ok();
    if thread.is_none() {
        // no thread to batch for: every line is written as it comes
        shared.state().closed = true;
    }
    (
        BatchedWriter {
            shared: shared.clone(),
        },
        FlushGuard { shared, thread },
    )
}

impl<W: Write + Send + 'static> FlushGuard<W> {
    /// Write every held line now (before printing outside the log).
    pub fn flush(&self) {
        self.shared.drain();
    }
}

impl<W: Write + Send + 'static> Drop for FlushGuard<W> {
    fn drop(&mut self) {
        self.shared.state().closed = true;
        self.shared.wake.notify_one();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.shared.drain();
    }
}

/// One log event's writer: it holds the buffer's lock while the event is
/// written, so an event written in pieces stays one line.
pub struct LineWriter<'a, W> {
    shared: &'a Shared<W>,
    state: MutexGuard<'a, State>,
}

impl<W: Write> Write for LineWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.state.closed || self.state.pending.len() + buf.len() > HOLD_LIMIT {
            // no thread to hand it to, or the output cannot keep up
            let batch = std::mem::take(&mut self.state.pending);
            let mut out = self.shared.out();
            write_or_drop(&mut *out, &batch);
            write_or_drop(&mut *out, buf);
            return Ok(buf.len());
        }
        self.state.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<W> Drop for LineWriter<'_, W> {
    fn drop(&mut self) {
        if self.state.pending.len() >= BATCH {
            self.shared.wake.notify_one();
        }
    }
}

impl<'a, W: Write + Send + 'static> MakeWriter<'a> for BatchedWriter<W> {
    type Writer = LineWriter<'a, W>;

    fn make_writer(&'a self) -> Self::Writer {
        LineWriter {
            shared: &self.shared,
            state: self.shared.state(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    use tracing_subscriber::fmt::MakeWriter;

    /// An output the test can read while the writer owns it.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Sink {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    #[test]
    fn every_line_arrives_in_order_and_the_guard_flushes() {
        let sink = Sink::default();
        let (writer, guard) = super::batched(sink.clone());
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let writer = writer.clone();
                std::thread::spawn(move || {
                    for i in 0..2000 {
                        writeln!(writer.make_writer(), "t{t} line {i}").unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        drop(guard);
        let text = sink.text();
        assert_eq!(text.lines().count(), 8000);
        for t in 0..4 {
            let mine: Vec<&str> = text
                .lines()
                .filter(|l| l.starts_with(&format!("t{t} ")))
                .collect();
            let expected: Vec<String> = (0..2000).map(|i| format!("t{t} line {i}")).collect();
            assert_eq!(mine, expected, "thread {t}'s lines out of order or lost");
        }
        // after the guard is gone a line is written straight through
        writeln!(writer.make_writer(), "late").unwrap();
        assert!(sink.text().ends_with("late\n"));
    }

    #[test]
    fn a_quiet_line_is_written_within_the_interval_without_a_flush() {
        let sink = Sink::default();
        let (writer, _guard) = super::batched(sink.clone());
        writeln!(writer.make_writer(), "one").unwrap();
        let start = Instant::now();
        while sink.text().is_empty() && start.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(sink.text(), "one\n");
    }
}
