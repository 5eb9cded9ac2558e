//! Request bodies and query objects as they reach the wire: a server on
//! loopback answers every request with the request itself (head and
//! body, as bytes), so each test reads exactly what the client sent.

use std::collections::BTreeMap;

use contract_runtime::{
    ClientCore, ClientError, FilePart, Multipart, Parts, QueryStyle, Validate, Validator,
};
use reqwest::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A server echoing each request (one per connection) as the body of a
/// 200 answer of `content_type`.
async fn echo(content_type: &'static str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 8192];
                loop {
                    if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
                        let length = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if request.len() >= end + 4 + length {
                            break;
                        }
                    }
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(read) => request.extend_from_slice(&buf[..read]),
                    }
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    request.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(&request).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

/// What a generated multipart body type looks like.
struct Upload {
    photo: FilePart,
    caption: Option<String>,
    note: Option<String>,
    tags: Vec<String>,
    meta: serde_json::Value,
}

impl Multipart for Upload {
    fn parts(&self, parts: &mut Parts) {
        parts.file("photo", &self.photo);
        parts.value("caption", &self.caption);
        parts.value("note", &self.note);
        parts.value("tags", &self.tags);
        parts.value("meta", &self.meta);
    }
}

impl Validate for Upload {
    fn validate_into(&self, v: &mut Validator) {
        if self.caption.as_deref().is_some_and(|c| c.len() > 10) {
            v.push("maxLength", "caption is too long");
        }
    }
}

async fn sent(core: &ClientCore, build: impl FnOnce(&mut contract_runtime::Request<'_>)) -> String {
    let mut request = core.request(Method::POST, "/upload");
    build(&mut request);
    let received = request.send().await.unwrap();
    String::from_utf8_lossy(&received.bytes("application/octet-stream").unwrap()).into_owned()
}

#[tokio::test]
async fn a_multipart_body_sends_files_values_lists_and_objects_as_parts() {
    let core = ClientCore::new(echo("application/octet-stream").await);
    let body = Upload {
        photo: FilePart::new(&b"\x89PNG bytes"[..])
            .with_file_name("rex.png")
            .with_content_type("image/png"),
        caption: Some("Rex".into()),
        note: None,
        tags: vec!["a".into(), "b".into()],
        meta: serde_json::json!({"camera": "x100"}),
    };
    let wire = sent(&core, |r| r.multipart(&body).unwrap()).await;
    assert!(
        wire.to_ascii_lowercase()
            .contains("content-type: multipart/form-data; boundary="),
        "{wire}"
    );
    for expected in [
        "Content-Disposition: form-data; name=\"photo\"; filename=\"rex.png\"\r\nContent-Type: image/png\r\n\r\n\u{fffd}PNG bytes\r\n",
        "Content-Disposition: form-data; name=\"caption\"\r\n\r\nRex\r\n",
        "name=\"tags\"\r\n\r\na\r\n",
        "name=\"tags\"\r\n\r\nb\r\n",
        "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"camera\":\"x100\"}\r\n",
    ] {
        assert!(wire.contains(expected), "missing {expected:?} in\n{wire}");
    }
    assert!(
        !wire.contains("name=\"note\""),
        "an unset field is no part:\n{wire}"
    );
}

#[tokio::test]
async fn a_multipart_body_breaking_the_contract_is_not_sent() {
    let core = ClientCore::new("http://127.0.0.1:9");
    let body = Upload {
        photo: FilePart::new(&b"x"[..]),
        caption: Some("far too long a caption".into()),
        note: None,
        tags: Vec::new(),
        meta: serde_json::Value::Null,
    };
    let mut request = core.request(Method::POST, "/upload");
    match request.multipart(&body) {
        Err(ClientError::InvalidRequest(violations)) => {
            assert_eq!(violations[0].keyword, "maxLength")
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

#[tokio::test]
async fn a_file_part_from_a_path_carries_its_name_and_media_type() {
    let dir = std::env::temp_dir().join(format!("contract-runtime-parts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("notes.txt");
    std::fs::write(&path, "line one\n").unwrap();
    let file = FilePart::from_path(&path).await.unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(file.file_name(), Some("notes.txt"));
    assert_eq!(file.content_type(), Some("text/plain"));
    assert_eq!(&file.bytes()[..], b"line one\n");
    let missing = FilePart::from_path(dir.join("gone.bin")).await;
    assert!(missing.is_err());
}

#[tokio::test]
async fn query_objects_are_written_in_their_style() {
    let core = ClientCore::new(echo("application/octet-stream").await);
    let color: BTreeMap<String, String> = [("R", "100"), ("G", "200")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let line = |wire: String| wire.lines().next().unwrap_or_default().to_string();
    let deep = sent(&core, |r| {
        r.query_object("color", QueryStyle::DeepObject, true, &color)
    })
    .await;
    assert_eq!(
        line(deep),
        "POST /upload?color%5BG%5D=200&color%5BR%5D=100 HTTP/1.1"
    );
    let exploded = sent(&core, |r| {
        r.query_object("color", QueryStyle::Form, true, &color)
    })
    .await;
    assert_eq!(line(exploded), "POST /upload?G=200&R=100 HTTP/1.1");
    let joined = sent(&core, |r| {
        r.query_object("color", QueryStyle::Form, false, &color)
    })
    .await;
    assert_eq!(
        line(joined),
        "POST /upload?color=G%2C200%2CR%2C100 HTTP/1.1"
    );
}

#[tokio::test]
async fn text_and_bytes_bodies_go_as_given_and_text_comes_back_as_text() {
    let core = ClientCore::new(echo("text/plain; charset=utf-8").await);
    let mut request = core.request(Method::PUT, "/notes");
    request.text("héllo", "text/plain");
    let received = request.send().await.unwrap();
    let text = received.text("text/plain").unwrap();
    assert!(
        text.to_ascii_lowercase()
            .contains("content-type: text/plain\r\n"),
        "{text}"
    );
    assert!(text.ends_with("\r\n\r\nhéllo"), "{text}");

    let core = ClientCore::new(echo("text/plain").await);
    let mut request = core.request(Method::PUT, "/raw");
    request.bytes(
        contract_runtime::Bytes::from_static(b"\xff\xfe"),
        "application/octet-stream",
    );
    let received = request.send().await.unwrap();
    match received.text("text/plain") {
        Err(ClientError::NotText { status: 200, body }) => assert!(body.ends_with(b"\xff\xfe")),
        other => panic!("expected NotText, got {other:?}"),
    }
}
