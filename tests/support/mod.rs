//! What the cross-crate tests share: the mock started in-process on an
//! ephemeral port, serving the workspace's `specs/`, and the HTTP client
//! that asks a mock (ours or Prism) for a status.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use mock_server::{Config, Server};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests package sits in the workspace")
        .to_path_buf()
}

pub struct Mock {
    pub base: String,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), mock_server::Error>>,
}

impl Mock {
    /// The mock serving every seed vendor, no reloading, short timeouts.
    pub async fn seeds() -> Mock {
        let config = Config {
            addr: "127.0.0.1:0".parse().expect("a loopback address"),
            specs: workspace().join("specs"),
            watch: None,
            header_timeout: Duration::from_secs(2),
            body_timeout: Duration::from_secs(2),
            drain_timeout: Duration::from_secs(5),
            ..Config::default()
        };
        let server = Server::bind(config).await.expect("mock binds");
        let addr = server.local_addr();
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async move {
            let _ = rx.await;
        }));
        Mock {
            base: format!("http://{addr}"),
            stop: Some(tx),
            task,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        let _ = tokio::time::timeout(Duration::from_secs(15), self.task).await;
    }
}

/// An HTTP client that asks the mock for `code` (`Prefer: code=`, which
/// our mock and Prism both read).
pub fn prefer(code: u16) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("Prefer", format!("code={code}").parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

/// Turso's `add_member` with a role outside the contract's enum, sent
/// with the client's own validation off, to the server at `base`: what
/// comes back. Turso documents no 400/422, so a server that checks the
/// request answers an undocumented status.
pub async fn turso_with_unlisted_role(base: &str) -> generated::turso::AddMemberResponse {
    use generated::turso::{types::*, *};
    let bad = AddMemberBody {
        role: AddMemberBodyRole::Unknown("owner".into()),
        ..AddMemberBody::new("iku".into())
    };
    Client::new(base)
        .validate_requests(false)
        .add_member("acme", &bad)
        .await
        .expect("the server answers")
        .value
}
