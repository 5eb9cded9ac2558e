//! Client tests for every seed operation under `specs/`, against the mock
//! started in-process on an ephemeral port: the success path, each
//! documented status via `Prefer: code=`, an invalid body and missing
//! credentials. Every response is checked against the contract the mock
//! serves (`/__mock/openapi/<vendor>.json`: the vendor contract plus the
//! mock's own problem responses where the vendor documents none).
//!
//! These requests are built with plain `reqwest` from the contracts, so they
//! can send what the generated types cannot express (a missing required
//! property); the root `tests/clients_against_mock.rs` runs the generated
//! typed clients.

mod common;

use std::collections::BTreeMap;

use common::{client, config, get_json, vendor, workspace, Mock};
use generator::http::success_key;
use generator::model::{Contract, MediaType, Operation, ParamLocation, SecuritySchemeKind};
use generator::validate::{Direction, Validator};
use generator::vendor::{build_vendor, vendor_dirs};
use mock_server::sample::Sampler;
use mock_server::selection::served_status;
use reqwest::header::HeaderMap;
use serde_json::{json, Value};

struct Sent {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// A request for `op` that satisfies its contract.
#[derive(Clone)]
struct Valid {
    path: String,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    body: Option<Value>,
}

fn sample(contract: &Contract, schema: &generator::model::Schema) -> Value {
    let v = Validator::new(&contract.components.schemas).direction(Direction::Request);
    Sampler::new(&v, Direction::Request)
        .static_value(schema)
        .expect("a valid request value")
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn valid_request(contract: &Contract, path: &str, op: &Operation) -> Valid {
    let mut out = Valid {
        path: path.to_string(),
        headers: Vec::new(),
        query: Vec::new(),
        body: None,
    };
    for p in &op.parameters {
        let value = p
            .example
            .clone()
            .unwrap_or_else(|| sample(contract, &p.schema));
        match p.location {
            ParamLocation::Path => {
                out.path = out.path.replace(&format!("{{{}}}", p.name), &text(&value))
            }
            ParamLocation::Header if p.required => out.headers.push((p.name.clone(), text(&value))),
            ParamLocation::Query if p.required => out.query.push((p.name.clone(), text(&value))),
            _ => {}
        }
    }
    let requirements = op.security.as_ref().unwrap_or(&contract.security);
    if let Some(first) = requirements.first() {
        for name in first.keys() {
            let scheme = &contract.components.security_schemes[name];
            match scheme.kind {
                SecuritySchemeKind::ApiKey => {
                    let key = scheme.name.clone().unwrap_or_default();
                    match scheme.location {
                        Some(ParamLocation::Query) => out.query.push((key, "test-key".into())),
                        _ => out.headers.push((key, "test-key".into())),
                    }
                }
                _ => out
                    .headers
                    .push(("Authorization".into(), "Bearer test-token".into())),
            }
        }
    }
    if let Some(body) = &op.request_body {
        let (_, media) = MediaType::preferred(&body.content).expect("a documented body");
        let schema = media.schema.as_ref().expect("a body schema");
        let validator = Validator::new(&contract.components.schemas).direction(Direction::Request);
        out.body = Some(
            media
                .example_values()
                .into_iter()
                .map(|(_, v)| v.clone())
                .find(|v| validator.is_valid(schema, v))
                .unwrap_or_else(|| sample(contract, schema)),
        );
    }
    out
}

async fn send(
    m: &Mock,
    vendor: &str,
    method: &str,
    req: &Valid,
    drop_credentials: bool,
    body: Option<&Value>,
    prefer: Option<&str>,
) -> Sent {
    let url = format!("{}/{vendor}{}", m.base, req.path);
    let mut r = client()
        .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url)
        .query(&req.query);
    for (k, v) in &req.headers {
        let credential = k.eq_ignore_ascii_case("authorization") || v == "test-key";
        if !(drop_credentials && credential) {
            r = r.header(k, v);
        }
    }
    if let Some(b) = body {
        r = r.json(b);
    }
    if let Some(p) = prefer {
        r = r.header("prefer", p);
    }
    let resp = r.send().await.expect("the mock answers");
    Sent {
        status: resp.status().as_u16(),
        headers: resp.headers().clone(),
        body: resp.bytes().await.unwrap().to_vec(),
    }
}

/// The response must be documented in the served contract, with its
/// content type, and its body must validate against that schema.
fn conforms(
    served: &Contract,
    path: &str,
    method: generator::model::Method,
    sent: &Sent,
    what: &str,
) {
    let op = &served.paths[path][&method];
    let key = sent.status.to_string();
    let range = format!("{}XX", sent.status / 100);
    let resp = op
        .responses
        .get(&key)
        .or_else(|| op.responses.get(&range))
        .or_else(|| op.responses.get("default"))
        .unwrap_or_else(|| panic!("{what}: status {key} is not in the served contract"));
    if resp.content.is_empty() {
        assert!(
            sent.body.is_empty(),
            "{what}: a documented empty response has no body"
        );
        return;
    }
    let ct = sent.headers["content-type"].to_str().unwrap();
    let media = resp
        .content
        .get(ct)
        .unwrap_or_else(|| panic!("{what}: content type {ct} is not documented for {key}"));
    if let Some(schema) = &media.schema {
        let value: Value = serde_json::from_slice(&sent.body).expect("a JSON body");
        let problems = Validator::new(&served.components.schemas)
            .direction(Direction::Response)
            .validate(schema, &value);
        assert!(
            problems.is_empty(),
            "{what}: {value} does not fit: {problems:?}"
        );
    }
}

#[tokio::test]
async fn every_seed_operation_against_the_mock() {
    let specs = workspace().join("specs");
    let m = Mock::start(config(specs.clone())).await;
    let mut checked = BTreeMap::new();
    for dir in vendor_dirs(&specs).unwrap() {
        let vendor = build_vendor(&dir, &workspace());
        let name = vendor.name.clone();
        let served: Contract =
            get_json(&client(), m.url(&format!("/__mock/openapi/{name}.json"))).await;
        let contract = &vendor.contract;
        for (path, method, op) in contract.operations() {
            let label = format!("{name} {} {path}", method.upper());
            let req = valid_request(contract, path, op);
            let verb = method.upper();
            // success, at the mount and under the server's base path
            let ok = send(&m, &name, &verb, &req, false, req.body.as_ref(), None).await;
            let success = success_key(op.responses.keys().map(String::as_str)).expect("a 2xx");
            assert_eq!(
                ok.status,
                served_status(success).as_u16(),
                "{label}: {}",
                String::from_utf8_lossy(&ok.body)
            );
            conforms(&served, path, method, &ok, &label);
            let documented = op.responses[success]
                .content
                .values()
                .next()
                .and_then(|m| m.example_values().first().map(|(_, v)| (*v).clone()));
            if let Some(example) = documented {
                let got: Value = serde_json::from_slice(&ok.body).unwrap();
                let schema = op.responses[success]
                    .content
                    .values()
                    .next()
                    .unwrap()
                    .schema
                    .as_ref()
                    .unwrap();
                if Validator::new(&contract.components.schemas).is_valid(schema, &example) {
                    assert_eq!(got, example, "{label}: the documented example");
                }
            }
            for base in contract
                .servers
                .iter()
                .filter_map(|s| s.url.split("://").nth(1))
            {
                let Some(i) = base.find('/') else { continue };
                let mut under = Valid {
                    path: format!("{}{}", &base[i..], req.path),
                    ..req.clone()
                };
                under.path = under.path.replace("//", "/");
                let again = send(&m, &name, &verb, &under, false, under.body.as_ref(), None).await;
                assert_eq!(again.status, ok.status, "{label} under {}", &base[i..]);
                checked
                    .entry("base path")
                    .and_modify(|n| *n += 1)
                    .or_insert(1);
                break;
            }
            // each documented status on request
            for status in op.responses.keys().filter(|k| *k != "default") {
                let code = status.replace('X', "0");
                let sent = send(
                    &m,
                    &name,
                    &verb,
                    &req,
                    false,
                    req.body.as_ref(),
                    Some(&format!("code={code}")),
                )
                .await;
                assert_eq!(sent.status.to_string(), code, "{label}: Prefer code={code}");
                conforms(
                    &served,
                    path,
                    method,
                    &sent,
                    &format!("{label} code={code}"),
                );
                checked
                    .entry("documented status")
                    .and_modify(|n| *n += 1)
                    .or_insert(1);
            }
            // an invalid body: the vendor's 422/400/default, else 422 problem+json
            if op.request_body.is_some() {
                let sent = send(&m, &name, &verb, &req, false, Some(&json!([1, 2])), None).await;
                let expected = ["422", "400"]
                    .into_iter()
                    .find(|k| op.responses.contains_key(*k))
                    .unwrap_or("422");
                assert_eq!(sent.status.to_string(), expected, "{label}: invalid body");
                assert!(sent.headers.contains_key("sl-violations"), "{label}");
                conforms(
                    &served,
                    path,
                    method,
                    &sent,
                    &format!("{label} invalid body"),
                );
                checked
                    .entry("invalid body")
                    .and_modify(|n| *n += 1)
                    .or_insert(1);
            }
            // no credentials: the vendor's 401, else 401 problem+json
            let secured = op.security.as_ref().unwrap_or(&contract.security);
            if !secured.is_empty() && !secured.iter().any(|r| r.is_empty()) {
                let sent = send(&m, &name, &verb, &req, true, req.body.as_ref(), None).await;
                assert_eq!(sent.status, 401, "{label}: missing credentials");
                conforms(
                    &served,
                    path,
                    method,
                    &sent,
                    &format!("{label} no credentials"),
                );
                checked
                    .entry("missing credentials")
                    .and_modify(|n| *n += 1)
                    .or_insert(1);
            }
            checked
                .entry("operation")
                .and_modify(|n| *n += 1)
                .or_insert(1);
        }
    }
    m.stop().await;
    insta::assert_json_snapshot!("seed_coverage", checked);
}

#[tokio::test]
async fn an_example_that_contradicts_its_schema_is_repaired_not_sent() {
    let m = Mock::start(config(workspace().join("specs"))).await;
    let c = client();
    let url = m.url("/turso/v1/organizations/acme/members");
    for prefer in [None, Some("example=example")] {
        let mut r = c.post(&url).json(&json!({"username": "iku"}));
        if let Some(p) = prefer {
            r = r.header("prefer", p);
        }
        let body: Value = r.send().await.unwrap().json().await.unwrap();
        // the docs say `role: owner`, which the schema's enum does not
        // allow: the generator publishes the example without that optional
        // field, and the mock serves what is published
        assert_eq!(body, json!({"member": "iku"}), "{prefer:?}");
    }
    let served: Value = get_json(&c, m.url("/__mock/openapi/turso.json")).await;
    let example = &served["paths"]["/v1/organizations/{organizationSlug}/members"]["post"]
        ["responses"]["200"]["content"]["application/json"]["examples"]["example"];
    assert_eq!(
        example["x-original-example"],
        json!({"member": "iku", "role": "owner"})
    );
    let ops: Value = get_json(&c, m.url("/__mock/operations")).await;
    let turso = vendor(&ops, "turso");
    assert_eq!(
        turso["operations"][0]["responses"][0]["examples"][0]["replaced"],
        true
    );
    assert!(turso["notices"][0]
        .as_str()
        .unwrap()
        .contains("serving a repaired copy"));
    m.stop().await;
}

#[tokio::test]
async fn a_documented_empty_response_has_no_body() {
    let m = Mock::start(config(workspace().join("specs"))).await;
    let body = json!({"TariffId": 301, "FullNames": ["A"], "Emails": ["a@example.com"], "StartDate": "2025-02-01"});
    let r = client()
        .post(m.url("/nexudus/api/public/teams/12/members"))
        .header("Authorization", "Bearer t")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("content-type").is_none());
    assert!(r.bytes().await.unwrap().is_empty());
    m.stop().await;
}

/// Every body compiled for every documented response (each example and
/// the default body) fits its schema, for the seeds and the test fixture.
#[test]
fn every_compiled_body_fits_its_schema() {
    let mut dirs = vendor_dirs(&workspace().join("specs")).unwrap();
    dirs.extend(vendor_dirs(&common::fixtures()).unwrap());
    let mut bodies = 0;
    for dir in dirs {
        let built = build_vendor(&dir, &workspace());
        let vendor = mock_server::compile::compile(&built.name, built.contract);
        let validator = vendor.validator().direction(Direction::Response);
        for op in &vendor.ops {
            for resp in &op.responses {
                for content in &resp.content {
                    let (Some(schema), true) = (&content.schema, content.json) else {
                        continue;
                    };
                    let candidates = content
                        .examples
                        .iter()
                        .map(|e| &e.body)
                        .chain(content.body.as_ref());
                    for body in candidates {
                        let value: Value = serde_json::from_slice(body).unwrap();
                        let problems = validator.validate(schema, &value);
                        assert!(
                            problems.is_empty(),
                            "{} {} {}: {value}: {problems:?}",
                            vendor.name,
                            op.id,
                            resp.key
                        );
                        bodies += 1;
                    }
                }
            }
        }
    }
    assert!(bodies >= 15, "{bodies}");
}
