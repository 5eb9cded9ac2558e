//! Form and multipart bodies are checked like JSON ones: required parts,
//! each part against its property's schema, `format: binary` parts as
//! files, and a body that cannot be parsed is a 400, never a pass
//! (fixture: `tests/bodies/uploads/openapi.yaml`).

mod common;

use common::{client, config, Mock};
use serde_json::Value;

async fn uploads() -> Mock {
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bodies");
    Mock::start(config(specs)).await
}

fn part(name: &str, extra: &str, body: &[u8]) -> Vec<u8> {
    let mut out =
        format!("--BoUnDaRy\r\nContent-Disposition: form-data; name=\"{name}\"{extra}\r\n\r\n")
            .into_bytes();
    out.extend_from_slice(body);
    out.extend_from_slice(b"\r\n");
    out
}

fn multipart(parts: &[Vec<u8>]) -> Vec<u8> {
    let mut out: Vec<u8> = parts.concat();
    out.extend_from_slice(b"--BoUnDaRy--\r\n");
    out
}

async fn send(m: &Mock, path: &str, ct: &str, body: Vec<u8>) -> (u16, Vec<Value>, Value) {
    let r = client()
        .post(m.url(path))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let violations = r
        .headers()
        .get("sl-violations")
        .map(|v| serde_json::from_str(v.to_str().unwrap()).unwrap())
        .unwrap_or_default();
    let text = r.text().await.unwrap();
    (
        status,
        violations,
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

const MP: &str = "multipart/form-data; boundary=BoUnDaRy";

fn codes(v: &[Value]) -> Vec<(String, String)> {
    v.iter()
        .map(|v| {
            let loc: Vec<&str> = v["location"]
                .as_array()
                .unwrap()
                .iter()
                .skip(2)
                .map(|t| t.as_str().unwrap())
                .collect();
            (loc.join("/"), v["code"].as_str().unwrap().to_string())
        })
        .collect()
}

/// [`codes`] in sorted order, for bodies whose parts are checked in any order.
fn sorted_codes(v: &[Value]) -> Vec<(String, String)> {
    let mut got = codes(v);
    got.sort();
    got
}

#[tokio::test]
async fn multipart_parts_are_validated_against_their_properties() {
    let m = uploads().await;
    let file = part(
        "files",
        "; filename=\"a.bin\"\r\nContent-Type: application/octet-stream",
        b"\x00\xff\xfe binary",
    );
    // valid: a file part with bytes that are not text, typed fields, a JSON part
    let ok = multipart(&[
        part("title", "", b"Report"),
        part("pages", "", b"12"),
        part("draft", "", b"true"),
        part(
            "meta",
            "\r\nContent-Type: application/json",
            br#"{"lang":"en"}"#,
        ),
        file.clone(),
        file.clone(),
        part("cover", "; filename=\"c.png\"", b"\x89PNG\r\n"),
    ]);
    let (s, v, body) = send(&m, "/uploads/documents", MP, ok).await;
    assert_eq!((s, v.len()), (200, 0), "{v:?}");
    assert_eq!(body["stored"], 1);
    // the required `files` part missing: no silent 200
    let (s, v, body) = send(
        &m,
        "/uploads/documents",
        MP,
        multipart(&[part("title", "", b"Report")]),
    )
    .await;
    assert_eq!(s, 400);
    assert_eq!(codes(&v), [(String::new(), "required".to_string())]);
    assert_eq!(body["message"], "body /files: required property missing");
    // each part against its schema: the parts of `ok` written again, each
    // with a value its schema refuses, so the two read side by side
    let bad = multipart(&[
        part("title", "", b"R"),
        part("pages", "", b"many"),
        part("draft", "", b"maybe"),
        part(
            "meta",
            "\r\nContent-Type: application/json",
            br#"{"lang":"de"}"#,
        ),
        file,
    ]);
    let (s, v, _) = send(&m, "/uploads/documents", MP, bad).await;
    assert_eq!(s, 400);
    assert_eq!(
        sorted_codes(&v),
        [
            ("draft".to_string(), "type".to_string()),
            ("meta/lang".into(), "enum".into()),
            ("pages".into(), "type".into()),
            ("title".into(), "minLength".into()),
        ]
    );
    // a text part that is not UTF-8 where no file is documented
    let (s, v, _) = send(
        &m,
        "/uploads/documents",
        MP,
        multipart(&[part("title", "", b"\xff\xfe"), part("files", "", b"x")]),
    )
    .await;
    assert_eq!((s, v[0]["code"].as_str()), (400, Some("malformed")));
    m.stop().await;
}

#[tokio::test]
async fn multipart_bodies_that_do_not_parse_are_400() {
    let m = uploads().await;
    for (ct, body, why) in [
        (
            "multipart/form-data",
            multipart(&[part("title", "", b"ab")]),
            "boundary",
        ),
        (MP, b"title=ab".to_vec(), "does not start with the boundary"),
        (MP, part("title", "", b"ab"), "closing boundary"),
        (
            MP,
            b"--BoUnDaRy\r\nContent-Type: text/plain\r\n\r\nab\r\n--BoUnDaRy--".to_vec(),
            "Content-Disposition",
        ),
        (
            MP,
            multipart(&[part("meta", "\r\nContent-Type: application/json", b"{")]),
            "not valid JSON",
        ),
    ] {
        let (s, v, body) = send(&m, "/uploads/documents", ct, body).await;
        assert_eq!(s, 400, "{why}");
        assert_eq!(v.len(), 1, "{why}: {v:?}");
        let message = body["message"].as_str().unwrap();
        assert!(message.contains(why), "{why}: {message}");
    }
    m.stop().await;
}

#[tokio::test]
async fn urlencoded_fields_are_typed_and_repeated_fields_are_arrays() {
    let m = uploads().await;
    let form = "application/x-www-form-urlencoded";
    let send_form =
        |b: &'static str| send(&m, "/uploads/subscriptions", form, b.as_bytes().to_vec());
    let (s, v, _) = send_form("email=a%40b.c&topics=news&topics=offers&weekly=true&count=2").await;
    assert_eq!((s, v.len()), (201, 0), "{v:?}");
    // checked as the multipart fields are, written out for this body type
    let (s, v, _) = send_form("email=a%40b.c&topics=gossip&weekly=often&count=0").await;
    assert_eq!(s, 422);
    assert_eq!(
        sorted_codes(&v),
        [
            ("count".to_string(), "minimum".to_string()),
            ("topics/0".into(), "enum".into()),
            ("weekly".into(), "type".into()),
        ]
    );
    let (s, v, _) = send_form("topics=news").await;
    assert_eq!(
        (s, codes(&v)),
        (422, vec![(String::new(), "required".to_string())])
    );
    // a scalar sent twice is not one value
    let (s, v, _) = send_form("email=a%40b.c&email=d%40e.f&topics=news").await;
    assert_eq!(
        (s, codes(&v)),
        (422, vec![("email".to_string(), "type".to_string())])
    );
    // bytes that are not text cannot be form data: the mock's own 400
    let (s, v, body) = send(&m, "/uploads/subscriptions", form, b"email=\xff".to_vec()).await;
    assert_eq!((s, v[0]["code"].as_str()), (400, Some("malformed")));
    assert_eq!(body["status"], 400);
    m.stop().await;
}

#[tokio::test]
async fn deep_object_queries_and_integer_formats() {
    let m = uploads().await;
    let get = |q: &'static str| client().get(m.url(&format!("/uploads/search{q}"))).send();
    for q in [
        "",
        "?filter=",
        "?filter[size]=3&filter[colour]=red",
        "?filter%5Bsize%5D=10",
    ] {
        assert_eq!(get(q).await.unwrap().status(), 200, "{q}");
    }
    assert_eq!(get("?filter[range][from]=a").await.unwrap().status(), 200);
    // nested where a string is documented: an object is not a string
    assert_eq!(get("?filter[colour][x]=red").await.unwrap().status(), 422);
    assert_eq!(get("?filter[size]=11").await.unwrap().status(), 422);
    assert_eq!(get("?filter[size]=big").await.unwrap().status(), 422);
    let post = |b: &'static str| {
        client()
            .post(m.url("/uploads/counters"))
            .header("content-type", "application/json")
            .body(b)
            .send()
    };
    assert_eq!(
        post(r#"{"small": 2147483647, "big": 9223372036854775807}"#)
            .await
            .unwrap()
            .status(),
        204
    );
    for b in [
        r#"{"small": 2147483648}"#,
        r#"{"big": 9223372036854775808}"#,
        r#"{"big": 1e19}"#,
    ] {
        let r = post(b).await.unwrap();
        assert_eq!(r.status(), 422, "{b}");
    }
    m.stop().await;
}
