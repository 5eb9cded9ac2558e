//! Request-level tests: each rule of the mock, against a fixture contract
//! (`tests/fixtures/petstore/openapi.yaml`) read through the generator's
//! ingestion like any vendor folder.

mod common;

use std::time::Duration;

use common::{client, config, fixtures, status_of, Mock};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const BASIC: &str = "Basic dXNlcjpwYXNz";
const TRACE: &str = "deadbeef";

// The tests write each request out with reqwest's builder: they share that
// shape (request, status, body), not logic, and each request is the spec.

async fn petstore() -> Mock {
    Mock::start(config(fixtures())).await
}

async fn json_of(r: reqwest::Response) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let status = r.status();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    (status, headers, body)
}

/// The pet listing with an API key (the listing's security, met).
const KEYED_LIST: &str = "/petstore/pets?api_key=k";

/// A GET of `url` with the `X-Trace` header the listing requires and the
/// header `name: value`.
fn traced(c: &reqwest::Client, url: String, name: &str, value: &str) -> reqwest::RequestBuilder {
    c.get(url).header("X-Trace", TRACE).header(name, value)
}

fn violations(h: &reqwest::header::HeaderMap) -> Vec<Value> {
    h.get("sl-violations")
        .map(|v| serde_json::from_str(v.to_str().unwrap()).unwrap())
        .unwrap_or_default()
}

#[tokio::test]
async fn routes_mount_vendors_and_accept_the_server_base_path() {
    let m = petstore().await;
    let c = client();
    for path in ["/petstore/pets/mine", "/petstore/api/v2/pets/mine"] {
        let r = c.get(m.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        // the literal path beats /pets/{petId} (which is deprecated)
        assert!(r.headers().get("deprecation").is_none());
    }
    let (s, _, body) = json_of(c.get(m.url("/nope/pets")).send().await.unwrap()).await;
    assert_eq!(s, 404);
    insta::assert_json_snapshot!("no_vendor", body);
    let (s, _, body) = json_of(c.get(m.url("/petstore/pets/1/toys")).send().await.unwrap()).await;
    assert_eq!(s, 404);
    assert_eq!(body["type"], json!("/__mock/errors#NO_PATH_MATCHED_ERROR"));
    let (s, h, body) = json_of(c.delete(m.url("/petstore/pets")).send().await.unwrap()).await;
    assert_eq!(s, 405);
    assert_eq!(h["allow"], "GET, POST, HEAD, OPTIONS");
    insta::assert_json_snapshot!("wrong_method", body);
    m.stop().await;
}

#[tokio::test]
async fn path_parameters_are_typed_and_deprecation_is_announced() {
    let m = petstore().await;
    let c = client();
    let r = c.get(m.url("/petstore/pets/5")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["deprecation"], "true");
    let (s, h, body) = json_of(c.get(m.url("/petstore/pets/abc")).send().await.unwrap()).await;
    assert_eq!(s, 422);
    assert_eq!(h["content-type"], "application/problem+json");
    assert_eq!(body["violations"][0]["location"], "path");
    assert_eq!(body["violations"][0]["pointer"], "/petId");
    assert_eq!(body["violations"][0]["code"], "type");
    insta::assert_json_snapshot!("invalid_path_parameter", body);
    let (s, _, body) = json_of(c.get(m.url("/petstore/pets/0")).send().await.unwrap()).await;
    assert_eq!(
        (s, body["violations"][0]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("minimum"))
    );
    m.stop().await;
}

#[tokio::test]
async fn query_headers_and_security_are_checked_together() {
    let m = petstore().await;
    let c = client();
    // no credentials: 401, from `default` here (its example body) ...
    let (s, h, body) = json_of(
        c.get(m.url("/petstore/pets"))
            .header("X-Trace", TRACE)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 401);
    assert_eq!(h["www-authenticate"], "Bearer");
    assert_eq!(
        body,
        json!({"code": 500, "message": "security /bearer: an `Authorization: Bearer ...` header is required"})
    );
    // ... and problem+json where the contract documents neither 401 nor `default`
    let (s, h, body) = json_of(
        c.post(m.url("/petstore/pets"))
            .json(&json!({"name": "Rex"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 401);
    assert_eq!(h["www-authenticate"], "Basic realm=\"*\"");
    insta::assert_json_snapshot!("missing_credentials", body);
    // an API key in the query satisfies the second alternative
    let r = c
        .get(m.url("/petstore/pets?api_key=k&limit=10&kind=cat&kind=dog"))
        .header("X-Trace", TRACE)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-total"], "2");
    let (_, _, body) = json_of(r).await;
    assert_eq!(
        body,
        json!([{"id": 1, "name": "Tom", "kind": "cat"}, {"id": 2, "name": "Rex", "kind": "dog"}])
    );
    // several violations at once; `default` answers them, with status 422
    let r = c
        .get(m.url("/petstore/pets?limit=0&kind=cat&kind=bird"))
        .header("Authorization", "Bearer t")
        .header("X-Trace", "nothex")
        .send()
        .await
        .unwrap();
    let (s, h, body) = json_of(r).await;
    assert_eq!(s, 422);
    assert_eq!(
        body,
        json!({"code": 500, "message": "query /limit: 0 is below the minimum 1; query /kind/1: \"bird\" is not one of \"cat\", \"dog\"; header /X-Trace: \"nothex\" does not match the pattern `^[0-9a-f]{8}$`"})
    );
    let found: Vec<(String, String)> = violations(&h)
        .iter()
        .map(|v| {
            (
                v["location"].to_string(),
                v["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                r#"["request","query","limit"]"#.to_string(),
                "minimum".to_string()
            ),
            (
                r#"["request","query","kind","1"]"#.to_string(),
                "enum".to_string()
            ),
            (
                r#"["request","header","X-Trace"]"#.to_string(),
                "pattern".to_string()
            ),
        ]
    );
    // a missing required header
    let r = c
        .get(m.url("/petstore/pets"))
        .header("Authorization", "Bearer t")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(violations(r.headers())[0]["code"], "required");
    m.stop().await;
}

#[tokio::test]
async fn accepted_credentials_can_be_restricted() {
    let mut cfg = config(fixtures());
    cfg.credentials = vec!["letmein".into(), "user:pass".into()];
    let m = Mock::start(cfg).await;
    let c = client();
    let send =
        |auth: &'static str| traced(&c, m.url("/petstore/pets"), "Authorization", auth).send();
    let r = send("Bearer wrong").await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(violations(r.headers())[0]["code"], "credentials");
    assert_eq!(send("Bearer letmein").await.unwrap().status(), 200);
    let body = json!({"name": "Rex"});
    let r = c
        .post(m.url("/petstore/pets"))
        .header("Authorization", BASIC)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = c
        .post(m.url("/petstore/pets"))
        .header("Authorization", "Basic bm86bm8=")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    m.stop().await;
}

#[tokio::test]
async fn json_bodies_are_validated_and_answered_with_the_documented_error() {
    let m = petstore().await;
    let c = client();
    let post = |body: &'static str, ct: &'static str| {
        c.post(m.url("/petstore/pets"))
            .header("Authorization", BASIC)
            .header("content-type", ct)
            .body(body)
            .send()
    };
    // valid: a generated 201 body, the same every time, valid for a response
    let (s, _, first) = json_of(
        post(r#"{"name": "Rex", "tag": "dog-01"}"#, "application/json")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 201);
    let (_, _, second) = json_of(
        post(r#"{"name": "Rex", "tag": "dog-01"}"#, "application/json")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(first, second);
    assert!(
        first.get("secret").is_none(),
        "write-only properties are not sent back: {first}"
    );
    assert!(first["id"].as_i64().unwrap() >= 1);
    // invalid: the vendor's documented 400 with its example, violations in the header
    let (s, h, body) = json_of(
        post(r#"{"id": 3, "name": "", "tag": "Dog"}"#, "application/json")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 400);
    // the documented example, its message saying what was wrong
    assert_eq!(
        body,
        json!({"code": 400, "message": "body /id: property `id` is read-only: not sent in a request; body /name: shorter than 1 characters; body /tag: \"Dog\" does not match the pattern `^[a-z]+-[0-9]{2}$`"})
    );
    let codes: Vec<String> = violations(&h)
        .iter()
        .map(|v| v["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, ["readOnly", "minLength", "pattern"]);
    // not JSON, wrong content type, no body: all documented 400
    for (body, ct) in [
        ("{", "application/json"),
        ("name=Rex", "text/plain"),
        ("", "application/json"),
    ] {
        let r = post(body, ct).await.unwrap();
        assert_eq!(r.status(), 400, "{body:?} as {ct}");
    }
    let r = post("{", "application/json").await.unwrap();
    assert_eq!(violations(r.headers())[0]["code"], "json");
    m.stop().await;
}

#[tokio::test]
async fn form_and_text_bodies_and_undocumented_bodies() {
    let m = petstore().await;
    let c = client();
    let put = |body: &'static str, ct: &'static str| {
        c.put(m.url("/petstore/pets/7"))
            .header("content-type", ct)
            .body(body)
            .send()
    };
    let r = put("name=Tom&age=3", "application/x-www-form-urlencoded")
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert!(r.headers().get("content-type").is_none());
    let r = put("name=Tom&age=41", "application/x-www-form-urlencoded")
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(
        violations(r.headers())[0]["location"],
        json!(["request", "body", "age"])
    );
    assert_eq!(
        put("abc", "text/plain; charset=utf-8")
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(put("abcdefgh", "text/plain").await.unwrap().status(), 422);
    // a body where none is documented, or a type not documented: 415
    let (s, _, body) = json_of(
        c.get(m.url("/petstore/pets/mine"))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 415);
    insta::assert_json_snapshot!("undocumented_body", body);
    let (s, _, body) = json_of(put("<x/>", "application/xml").await.unwrap()).await;
    assert_eq!(s, 415);
    insta::assert_json_snapshot!("unsupported_content_type", body);
    m.stop().await;
}

#[tokio::test]
async fn accept_is_negotiated_and_head_sends_no_body() {
    let m = petstore().await;
    let c = client();
    let list = |accept: &'static str| traced(&c, m.url(KEYED_LIST), "accept", accept).send();
    let r = list("text/csv").await.unwrap();
    assert_eq!(r.headers()["content-type"], "text/csv");
    assert_eq!(r.text().await.unwrap(), "id,name\n1,Tom\n");
    let r = list("text/csv;q=0.5, application/json").await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/json");
    let r = list("*/*").await.unwrap();
    assert_eq!(r.status(), 200);
    let (s, h, body) = json_of(
        c.get(m.url("/petstore/pets/mine"))
            .header("accept", "application/xml")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (s, h["content-type"].to_str().unwrap()),
        (StatusCode::NOT_ACCEPTABLE, "application/problem+json")
    );
    insta::assert_json_snapshot!("not_acceptable", body);
    let get = c.get(m.url("/petstore/pets/mine")).send().await.unwrap();
    let length = get.headers()["content-length"].clone();
    let head = c.head(m.url("/petstore/pets/mine")).send().await.unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(head.headers()["content-length"], length);
    assert!(head.bytes().await.unwrap().is_empty());
    m.stop().await;
}

#[tokio::test]
async fn preferences_choose_status_example_and_generation() {
    let m = petstore().await;
    let c = client();
    let pets = |prefer: &'static str| traced(&c, m.url(KEYED_LIST), "prefer", prefer).send();
    let (_, _, body) = json_of(pets("example=empty").await.unwrap()).await;
    assert_eq!(body, json!([]));
    // an undocumented code is served by `default` with that status
    let (s, _, body) = json_of(pets("code=503").await.unwrap()).await;
    assert_eq!(
        (s, body["code"].clone()),
        (StatusCode::SERVICE_UNAVAILABLE, json!(500))
    );
    let (s, _, body) = json_of(pets("code=200, example=nope").await.unwrap()).await;
    assert_eq!(s, 404);
    insta::assert_json_snapshot!("unknown_example", body);
    let (s, _, body) = json_of(pets("code=abc").await.unwrap()).await;
    assert_eq!(s, 422);
    insta::assert_json_snapshot!("invalid_preference", body);
    // documented empty 404; undocumented code without `default` is an error that says so
    let r = c
        .get(m.url("/petstore/pets/3"))
        .header("prefer", "code=404")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.bytes().await.unwrap().is_empty());
    let (s, _, body) = json_of(
        c.get(m.url("/petstore/pets/3"))
            .header("prefer", "code=500")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 404);
    insta::assert_json_snapshot!("unknown_code", body);
    // the query form, only without a Prefer header
    assert_eq!(
        status_of(c.get(m.url("/petstore/pets/3?__code=404"))).await,
        404
    );
    let r = c
        .get(m.url("/petstore/pets/3?__code=404"))
        .header("prefer", "return=minimal")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // dynamic bodies: seeded ones repeat, others vary; all validate (checked in seeds.rs too)
    let mine = |prefer: &'static str| {
        c.get(m.url("/petstore/pets/mine"))
            .header("prefer", prefer)
            .send()
    };
    let (_, _, a) = json_of(mine("dynamic=true, seed=a").await.unwrap()).await;
    let (_, _, a2) = json_of(mine("dynamic=true, seed=a").await.unwrap()).await;
    let (_, _, b) = json_of(mine("dynamic=true; seed=b").await.unwrap()).await;
    assert_eq!(a, a2);
    assert_ne!(a, b);
    let (_, _, fixed) = json_of(mine("dynamic=false").await.unwrap()).await;
    assert_eq!(
        fixed,
        json!({"count": 3, "owner": "user@example.com", "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"})
    );
    for v in [&a, &b] {
        if let Some(n) = v.get("count").and_then(Value::as_i64) {
            assert!(n % 3 == 0 && n >= 3, "{v}");
        }
    }
    let (_, _, q1) = json_of(
        c.get(m.url("/petstore/pets/mine?__dynamic=true"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let (_, _, q2) = json_of(
        c.get(m.url("/petstore/pets/mine?__dynamic=true"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_ne!(q1, q2, "unseeded dynamic bodies vary");
    m.stop().await;
}

#[tokio::test]
async fn cors_preflights_and_headers() {
    let m = petstore().await;
    let c = client();
    let r = c
        .request(reqwest::Method::OPTIONS, m.url("/petstore/anything/at/all"))
        .header("origin", "http://app.local:3000")
        .header("access-control-request-method", "PATCH")
        .header("access-control-request-headers", "x-trace, authorization")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let h = r.headers();
    assert_eq!(h["access-control-allow-origin"], "http://app.local:3000");
    assert_eq!(h["access-control-allow-methods"], "PATCH");
    assert_eq!(h["access-control-allow-headers"], "x-trace, authorization");
    assert_eq!(h["access-control-allow-credentials"], "true");
    let r = c
        .get(m.url("/petstore/pets/mine"))
        .header("origin", "http://app.local")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "http://app.local"
    );
    assert_eq!(r.headers()["vary"], "origin");
    let r = c.get(m.url("/nope")).send().await.unwrap();
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    // a plain OPTIONS lists the methods
    let r = c
        .request(reqwest::Method::OPTIONS, m.url("/petstore/pets"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        (r.status(), r.headers()["allow"].to_str().unwrap()),
        (StatusCode::NO_CONTENT, "GET, POST, HEAD, OPTIONS")
    );
    m.stop().await;
}

#[tokio::test]
async fn admin_namespace() {
    let m = petstore().await;
    let c = client();
    let (s, _, health) = json_of(c.get(m.url("/__mock/health")).send().await.unwrap()).await;
    assert_eq!(
        (s, health),
        (
            StatusCode::OK,
            json!({"status": "ok", "vendors": ["petstore"]})
        )
    );
    let (_, _, ops) = json_of(c.get(m.url("/__mock/operations")).send().await.unwrap()).await;
    let list = &ops["vendors"][0]["operations"][0];
    assert_eq!(list["operationId"], "listPets");
    assert_eq!(
        list["urls"],
        json!(["/petstore/pets", "/petstore/api/v2/pets"])
    );
    assert_eq!(list["defaultStatus"], "200");
    assert_eq!(list["responses"][0]["examples"][1]["name"], "empty");
    assert_eq!(ops["vendors"][0]["load"]["state"], "ok");
    let (_, _, served) = json_of(
        c.get(m.url("/__mock/openapi/petstore.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let create = &served["paths"]["/pets"]["post"]["responses"];
    assert_eq!(create["401"]["x-mock-generated"], true);
    assert!(
        create.get("415").is_none(),
        "a documented 400 answers bad content types"
    );
    assert!(
        served["paths"]["/pets"]["get"]["responses"]
            .get("401")
            .is_none(),
        "`default` answers"
    );
    let r = c.post(m.url("/__mock/health")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    let (_, _, errors) = json_of(c.get(m.url("/__mock/errors")).send().await.unwrap()).await;
    assert!(errors.as_array().unwrap().len() >= 10);
    m.stop().await;
}

#[tokio::test]
async fn bodies_over_the_limit_get_413() {
    let mut cfg = config(fixtures());
    cfg.max_body = 64;
    let m = Mock::start(cfg).await;
    let c = client();
    let big = format!(r#"{{"name": "{}"}}"#, "x".repeat(100));
    let (s, _, body) = json_of(
        c.post(m.url("/petstore/pets"))
            .header("Authorization", BASIC)
            .header("content-type", "application/json")
            .body(big.clone())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 413);
    insta::assert_json_snapshot!("too_large", body);
    // chunked, so no Content-Length to refuse early
    let mut tcp = TcpStream::connect(m.addr).await.unwrap();
    let chunk = format!("{:x}\r\n{big}\r\n0\r\n\r\n", big.len());
    tcp.write_all(
        format!("POST /petstore/pets HTTP/1.1\r\nhost: x\r\nauthorization: {BASIC}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n{chunk}")
            .as_bytes(),
    )
    .await
    .unwrap();
    let text = read_response(&mut tcp).await;
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    m.stop().await;
}

async fn read_response(tcp: &mut TcpStream) -> String {
    let mut buf = vec![0u8; 16 * 1024];
    let n = tokio::time::timeout(Duration::from_secs(8), tcp.read(&mut buf))
        .await
        .expect("an answer in time")
        .unwrap_or(0);
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[tokio::test]
async fn slow_and_malformed_clients_get_an_answer_not_a_hang() {
    let mut cfg = config(fixtures());
    cfg.header_timeout = Duration::from_millis(300);
    cfg.body_timeout = Duration::from_millis(300);
    let m = Mock::start(cfg).await;
    // body never completes: 408
    let mut tcp = TcpStream::connect(m.addr).await.unwrap();
    tcp.write_all(b"PUT /petstore/pets/1 HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: 10\r\n\r\nab")
        .await
        .unwrap();
    let text = read_response(&mut tcp).await;
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    // head never completes: the connection is closed
    let mut tcp = TcpStream::connect(m.addr).await.unwrap();
    tcp.write_all(b"GET /petstore/pets/mine HTTP/1.1\r\nhost:")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let _ = read_response(&mut tcp).await;
    assert!(started.elapsed() < Duration::from_secs(5));
    // garbage: 400 from the HTTP layer, and the server keeps serving
    for garbage in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET / HTTP/1.1\r\nbad header\r\n\r\n",
        b"\x00\xff\xfe\r\n\r\n",
    ] {
        let mut tcp = TcpStream::connect(m.addr).await.unwrap();
        tcp.write_all(garbage).await.unwrap();
        let text = read_response(&mut tcp).await;
        assert!(text.is_empty() || text.starts_with("HTTP/1.1 4"), "{text}");
    }
    // odd but well-formed requests
    let c = client();
    for path in [
        "/",
        "//",
        "/petstore",
        "/petstore/",
        "/petstore/pets/%ff%fe",
        "/petstore/pets/%",
        "/__mock/openapi/x",
    ] {
        let r = c.get(m.url(path)).send().await.unwrap();
        assert!(r.status().is_client_error(), "{path}: {}", r.status());
    }
    assert_eq!(status_of(c.get(m.url("/petstore/pets/mine"))).await, 200);
    m.stop().await;
}

#[tokio::test]
async fn shutdown_drains_in_flight_requests() {
    let mut m = petstore().await;
    let mut tcp = TcpStream::connect(m.addr).await.unwrap();
    tcp.write_all(b"PUT /petstore/pets/1 HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: 3\r\n\r\na")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    m.trigger_stop();
    tokio::time::sleep(Duration::from_millis(100)).await;
    // new connections are refused once stopping
    assert!(
        TcpStream::connect(m.addr).await.is_err(),
        "no new connections while draining"
    );
    tcp.write_all(b"bc").await.unwrap();
    let text = read_response(&mut tcp).await;
    assert!(text.starts_with("HTTP/1.1 204"), "{text}");
    let done = tokio::time::timeout(Duration::from_secs(5), &mut m.task).await;
    assert!(matches!(done, Ok(Ok(Ok(())))));
}

#[tokio::test]
async fn editing_a_page_reloads_its_vendor_and_a_broken_edit_keeps_the_last_good_one() {
    let dir = tempfile::tempdir().unwrap();
    let vendor = dir.path().join("petstore");
    std::fs::create_dir(&vendor).unwrap();
    let page = vendor.join("openapi.yaml");
    let original = std::fs::read_to_string(fixtures().join("petstore/openapi.yaml")).unwrap();
    std::fs::write(&page, &original).unwrap();
    let mut cfg = config(dir.path().to_path_buf());
    cfg.watch = Some(Duration::from_millis(30));
    let m = Mock::start(cfg).await;
    let c = client();
    assert_eq!(status_of(c.get(m.url("/petstore/toys"))).await, 404);
    let added = original.replace(
        "paths:\n",
        "paths:\n  /toys:\n    get:\n      operationId: listToys\n      responses:\n        \"200\":\n          description: Toys\n          content:\n            application/json:\n              example: [ball]\n",
    );
    std::fs::write(&page, &added).unwrap();
    let mut status = StatusCode::NOT_FOUND;
    for _ in 0..100 {
        status = status_of(c.get(m.url("/petstore/toys"))).await;
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    assert_eq!(status, 200, "the edit was picked up");
    std::fs::write(&page, "openapi: 3.0.3\npaths: {/toys: [unclosed\n").unwrap();
    let mut state = Value::Null;
    for _ in 0..100 {
        let (_, _, ops) = json_of(c.get(m.url("/__mock/operations")).send().await.unwrap()).await;
        state = ops["vendors"][0]["load"].clone();
        if state["state"] == "kept-last-good" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    assert_eq!(state["state"], "kept-last-good", "{state}");
    assert!(!state["errors"].as_array().unwrap().is_empty());
    assert_eq!(status_of(c.get(m.url("/petstore/toys"))).await, 200);
    m.stop().await;
}

/// Arbitrary bodies, paths, queries and preferences: always a 2xx or 4xx
/// answer, never a 5xx, a hang or a dropped connection.
#[tokio::test]
async fn arbitrary_input_never_breaks_the_server() {
    use mock_server::sample::Rng;
    let m = petstore().await;
    let c = client();
    let mut rng = Rng::from_text("fuzz");
    let pieces = [
        "{",
        "}",
        "[",
        "]",
        "\"",
        ":",
        ",",
        "name",
        "id",
        "-1",
        "1e999",
        "null",
        "true",
        "\\u0000",
        "%",
        "%2F",
        "/",
        "?",
        "&",
        "=",
        "__code",
        "tag",
        "ü",
        "\u{1F600}",
        " ",
        "\t",
        "0",
        "99999999999999999999",
        "{\"name\":",
        "\"x\"",
    ];
    let text = |n: u64, rng: &mut Rng| -> String {
        (0..rng.below(n))
            .map(|_| pieces[rng.below(pieces.len() as u64) as usize])
            .collect()
    };
    for _ in 0..300 {
        let body = text(12, &mut rng);
        let tail = text(4, &mut rng).replace(['?', '#', ' ', '\t'], "");
        let query = text(4, &mut rng).replace(['#', ' ', '\t'], "");
        let prefer = text(4, &mut rng).replace(['\t'], "");
        let method =
            ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"][rng.below(7) as usize];
        let path = [
            "/petstore/pets",
            "/petstore/pets/1",
            "/petstore/pets/mine",
            "/petstore/api/v2/pets",
        ][rng.below(4) as usize];
        let url = format!(
            "{}{path}{}?{}",
            m.base,
            utf8_percent(&tail),
            utf8_percent(&query)
        );
        let mut r = c
            .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url)
            .header(
                "content-type",
                [
                    "application/json",
                    "text/plain",
                    "application/x-www-form-urlencoded",
                    "a/b",
                ][rng.below(4) as usize],
            )
            .header("authorization", BASIC)
            .header("x-trace", TRACE)
            .body(body);
        if let Ok(p) = reqwest::header::HeaderValue::from_str(&prefer) {
            r = r.header("prefer", p);
        }
        let status = r.send().await.expect("an answer").status();
        assert!(status.as_u16() < 500, "{method} {path}: {status}");
    }
    m.stop().await;
}

/// Percent-encode every byte but ASCII letters, digits and `/-_.~=&%`.
/// Unlike xtask's `soak::segment` (one path segment), `/`, `=`, `&` and `%`
/// stay: the fuzzed text is a whole path or query, broken escapes included.
fn utf8_percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"/-_.~=&%".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
