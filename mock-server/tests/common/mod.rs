//! An in-process mock on an ephemeral port, for the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use mock_server::{Config, Server};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub struct Mock {
    pub base: String,
    pub addr: std::net::SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    pub task: JoinHandle<Result<(), mock_server::Error>>,
    /// Live connection tasks of this server.
    pub connections: mock_server::server::Connections,
}

impl Mock {
    pub async fn start(config: Config) -> Mock {
        let server = Server::bind(config).await.expect("mock binds");
        let addr = server.local_addr();
        let connections = server.connections();
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async move {
            let _ = rx.await;
        }));
        Mock {
            base: format!("http://{addr}"),
            addr,
            stop: Some(tx),
            task,
            connections,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Ask for shutdown (in-flight requests still finish).
    pub fn trigger_stop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }

    pub async fn stop(mut self) {
        self.trigger_stop();
        let _ = tokio::time::timeout(Duration::from_secs(15), self.task).await;
    }
}

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A config for tests: ephemeral port, no reloading, short timeouts.
pub fn config(specs: PathBuf) -> Config {
    Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        specs,
        watch: None,
        header_timeout: Duration::from_secs(2),
        body_timeout: Duration::from_secs(2),
        drain_timeout: Duration::from_secs(5),
        ..Config::default()
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// GET `url` and read the answer as JSON.
pub async fn get_json<T: serde::de::DeserializeOwned>(
    c: &reqwest::Client,
    url: impl reqwest::IntoUrl,
) -> T {
    c.get(url).send().await.unwrap().json().await.unwrap()
}

/// Send `request`; the status it is answered with.
pub async fn status_of(request: reqwest::RequestBuilder) -> reqwest::StatusCode {
    request.send().await.unwrap().status()
}

/// The newest `limit` entries of the request journal, newest first.
pub async fn journal(m: &Mock, limit: usize) -> Vec<serde_json::Value> {
    let j: serde_json::Value =
        get_json(&client(), m.url(&format!("/__mock/requests?limit={limit}"))).await;
    j["requests"].as_array().unwrap().clone()
}

/// The vendor `name` in an answer of `/__mock/operations`.
pub fn vendor<'a>(ops: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    ops["vendors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == name)
        .unwrap()
}

/// What `tracing` writes, kept for the test to read. (`log_writer`'s unit
/// tests keep a sink of their own: unit and integration tests share no code.)
#[derive(Clone, Default)]
pub struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }

    /// Each line written, read as JSON.
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.text()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

/// Log events matching `filter` as JSON lines into the returned buffer,
/// on this thread, while the guard lives.
pub fn capture_json_log(filter: &str) -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_env_filter(filter)
        .with_writer(move || sink.clone())
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}
