//! Planted credentials (a bearer token, an API key in the query, a basic
//! password, a secret body field, a page's example token) must not appear
//! in any output channel: the mock's access log, its response bodies and
//! headers (`sl-violations` among them), the request journal and the other
//! admin endpoints, `ClientError`'s `Display` and `Debug` (the generated
//! clients' own `Debug`: `tests/client_secrets.rs` at the root), and the
//! generator's diagnostics for a page whose example carries a token.
//!
//! A test binary of its own: it installs a `tracing` subscriber (see
//! `logging.rs`).

mod common;

use common::{capture_json_log, client, config, fixtures, Mock};

const BEARER: &str = "PLANTEDbearer0001";
const QUERY_KEY: &str = "PLANTEDquerykey0002";
const PASSWORD: &str = "PLANTEDpassword0003";
const BODY_SECRET: &str = "PLANTEDbodysecret0004";
const PAGE_TOKEN: &str = "PLANTEDpagetoken0005";
const ALL: &[&str] = &[BEARER, QUERY_KEY, PASSWORD, BODY_SECRET, PAGE_TOKEN];

fn assert_clean(channel: &str, text: &str) {
    for secret in ALL {
        assert!(
            !text.contains(secret),
            "{secret} leaked into {channel}:\n{text}"
        );
    }
}

/// A response as text: status, every header, the body.
async fn dump(response: reqwest::Response) -> String {
    let mut out = format!("{}\n", response.status());
    for (name, value) in response.headers() {
        out.push_str(&format!(
            "{name}: {}\n",
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
    out.push_str(&response.text().await.unwrap_or_default());
    out
}

#[tokio::test(flavor = "current_thread")]
async fn planted_secrets_reach_no_output_channel() {
    let (captured, _guard) = capture_json_log("trace");
    let mut cfg = config(fixtures());
    // Only this credential is accepted: the planted ones are refused, and
    // a refusal must not repeat what was sent.
    cfg.credentials = vec!["the-accepted-one".into()];
    let m = Mock::start(cfg).await;
    let c = client();

    // a wrong bearer, a wrong key, a wrong basic password, a malformed one
    let requests = [
        c.get(m.url("/petstore/pets?limit=5"))
            .header("X-Trace", "deadbeef")
            .header("Authorization", format!("Bearer {BEARER}")),
        c.get(m.url(&format!("/petstore/pets?api_key={QUERY_KEY}&limit=0")))
            .header("X-Trace", "not-hex"),
        c.post(m.url("/petstore/pets"))
            .basic_auth("user", Some(PASSWORD))
            .json(&serde_json::json!({ "name": "", "secret": BODY_SECRET, "tag": "not-a-tag" })),
        c.post(m.url("/petstore/pets"))
            .header("Authorization", format!("Basic {PASSWORD}"))
            .header("Cookie", format!("session={BEARER}"))
            .json(&serde_json::json!({ "name": "Rex", "secret": BODY_SECRET })),
    ];
    let mut answers = Vec::new();
    for request in requests {
        answers.push(dump(request.send().await.unwrap()).await);
    }
    assert!(answers[0].starts_with("401 "), "{}", answers[0]);
    for (i, answer) in answers.iter().enumerate() {
        assert_clean(&format!("response {i}"), answer);
    }
    // The journal and every other admin endpoint.
    for path in [
        "/__mock/requests",
        "/__mock/requests?limit=100",
        "/__mock/requests/count",
        "/__mock/coverage",
        "/__mock/operations",
        "/__mock/health",
        "/__mock/errors",
    ] {
        let answer = dump(c.get(m.url(path)).send().await.unwrap()).await;
        assert_clean(path, &answer);
    }
    let journal = c.get(m.url("/__mock/requests")).send().await.unwrap();
    assert_eq!(journal.status(), 200, "the journal is served");
    let text = journal.text().await.unwrap();
    assert!(
        text.contains("createPet"),
        "the journal lists the requests: {text}"
    );
    m.stop().await;
    let log = captured.text();
    assert!(
        log.contains("listPets"),
        "the access log has the requests: {log}"
    );
    assert_clean("the log", &log);
}

#[tokio::test(flavor = "current_thread")]
async fn transport_errors_do_not_show_query_keys_or_passwords() {
    // A loopback port nothing listens on: the request fails to connect.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://user:{PASSWORD}@127.0.0.1:{port}/v1/pets?api_key={QUERY_KEY}&page=2");
    let error = reqwest::Client::new()
        .get(&url)
        .bearer_auth(BEARER)
        .send()
        .await
        .expect_err("nothing listens there");
    let error = contract_runtime::ClientError::from(error);
    let shown = format!("{error} {error:?}");
    assert_clean("ClientError", &shown);
    assert!(shown.contains("api_key=redacted"), "{shown}");
}

#[test]
fn diagnostics_of_a_page_with_an_example_token_do_not_repeat_it() {
    let page = format!(
        "---\ntitle: Get pet\napi: GET https://api.example.com/pets/{{id}}\n---\n\n\
         <ParamField header=\"Authorization\" type=\"string\" required default=\"Bearer {PAGE_TOKEN}\">\n  Your token, e.g. `Bearer {PAGE_TOKEN}`.\n</ParamField>\n\n\
         <ParamField header=\"X-Api-Key\" type=\"integer\" default=\"{PAGE_TOKEN}\">\n  Key.\n</ParamField>\n\n\
         <ParamField query=\"api_key\" type=\"string\" required>\n  Key.\n</ParamField>\n\n\
         <RequestExample>\n```bash\ncurl https://api.example.com/pets/1?api_key={PAGE_TOKEN} -H \"Authorization: Bearer {PAGE_TOKEN}\"\n```\n</RequestExample>\n\n\
         <ResponseExample>\n```json 200\n{{\"id\": \"x\", \"token\": \"{PAGE_TOKEN}\"\n```\n</ResponseExample>\n"
    );
    let result = generator::vendor::build_from_files(
        "pets",
        vec![generator::source::SourceFile::new("pets/get-pet.mdx", page)],
    );
    let rendered = result.diagnostics.render();
    assert!(!rendered.is_empty());
    assert_clean("the generator's diagnostics", &rendered);
}
