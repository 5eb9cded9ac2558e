//! See what happened: the request journal (`/__mock/requests`, filters,
//! count, clear), contract coverage (`/__mock/coverage`) and
//! `--coverage-report FILE` written at shutdown.

mod common;

use common::{client, config, fixtures, status_of, Mock};
use serde_json::{json, Value};

const TRACE: &str = "deadbeef";

async fn get(m: &Mock, path: &str) -> (u16, Value) {
    let r = client().get(m.url(path)).send().await.unwrap();
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

/// A few requests: listPets (200 with the `two` example, then `empty`),
/// an invalid one (422), getPet (200), a 404 route.
async fn traffic(m: &Mock) {
    let c = client();
    let list = |q: &str| {
        c.get(m.url(&format!("/petstore/pets{q}")))
            .header("X-Trace", TRACE)
            .header("Authorization", "Bearer hunter2hunter2")
    };
    assert_eq!(list("").send().await.unwrap().status(), 200);
    let r = list("?__example=empty&api_key=sup3rsecret")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(list("?limit=0").send().await.unwrap().status(), 422);
    for (path, want) in [("/petstore/pets/1", 200), ("/petstore/nope", 404)] {
        assert_eq!(status_of(c.get(m.url(path))).await, want, "{path}");
    }
}

#[tokio::test]
async fn the_journal_lists_filters_counts_and_clears() {
    let m = Mock::start(config(fixtures())).await;
    traffic(&m).await;
    let (s, body) = get(&m, "/__mock/requests").await;
    assert_eq!(s, 200);
    assert_eq!(body["capacity"], 1000);
    let reqs = body["requests"].as_array().unwrap();
    assert_eq!(reqs.len(), 5);
    // newest first
    assert_eq!(reqs[0]["path"], "/petstore/nope");
    assert_eq!(reqs[0]["status"], 404);
    assert_eq!(reqs[0]["operation"], Value::Null);
    let first = &reqs[4];
    assert_eq!(first["vendor"], "petstore");
    assert_eq!(first["operation"], "listPets");
    assert_eq!(first["method"], "GET");
    assert_eq!(first["response"]["documented"], "200");
    assert_eq!(first["response"]["example"], "two");
    assert_eq!(
        first["response"]["why"],
        "no preference: the lowest documented 2xx"
    );
    assert!(first["latencyUs"].is_u64());
    assert!(first["time"].as_str().unwrap().ends_with('Z'));
    assert_eq!(first["credentials"], "authorization [redacted]");
    let second = &reqs[3];
    assert_eq!(second["response"]["example"], "empty");
    assert_eq!(second["query"], "__example=empty&api_key=[redacted]");
    let invalid = &reqs[2];
    assert_eq!(invalid["status"], 422);
    assert_eq!(invalid["response"]["documented"], "default");
    assert_eq!(invalid["response"]["messageSaysWhy"], true);
    assert_eq!(
        invalid["violations"][0],
        json!({"location": "query", "pointer": "/limit", "code": "minimum",
               "message": "query parameter `limit`: 0 is below the minimum 1",
               "text": "query /limit: 0 is below the minimum 1"})
    );
    let text = body.to_string();
    for secret in ["sup3rsecret", "hunter2hunter2"] {
        assert!(!text.contains(secret), "{secret} leaked");
    }
    // filters and the count
    let (_, b) = get(&m, "/__mock/requests?operation=listPets&status=200").await;
    assert_eq!(b["requests"].as_array().unwrap().len(), 2);
    let (_, b) = get(&m, "/__mock/requests?vendor=petstore&status=4xx&limit=1").await;
    assert_eq!(b["requests"].as_array().unwrap().len(), 1);
    assert_eq!(b["requests"][0]["status"], 404);
    let (s, b) = get(&m, "/__mock/requests/count?operation=listPets&status=200").await;
    assert_eq!((s, b), (200, json!({"count": 2})));
    let (_, b) = get(&m, "/__mock/requests/count?method=post").await;
    assert_eq!(b, json!({"count": 0}));
    // bad filters are 400s that say why
    for q in ["status=abc", "status=700", "limit=-1", "colour=red"] {
        let (s, b) = get(&m, &format!("/__mock/requests?{q}")).await;
        assert_eq!(s, 400, "{q}");
        assert!(b["detail"].as_str().unwrap().contains("filter"), "{q}: {b}");
    }
    // admin requests are not recorded; DELETE clears
    assert_eq!(
        status_of(client().delete(m.url("/__mock/requests"))).await,
        204
    );
    let (_, b) = get(&m, "/__mock/requests/count").await;
    assert_eq!(b, json!({"count": 0}));
    assert_eq!(
        status_of(client().delete(m.url("/__mock/health"))).await,
        405
    );
    m.stop().await;
}

#[tokio::test]
async fn the_journal_is_a_ring_and_can_be_off() {
    let mut c = config(fixtures());
    c.journal_size = 3;
    let m = Mock::start(c).await;
    for i in 1..=6 {
        get(&m, &format!("/petstore/pets/{i}")).await;
    }
    let (_, b) = get(&m, "/__mock/requests").await;
    let paths: Vec<&str> = b["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["/petstore/pets/6", "/petstore/pets/5", "/petstore/pets/4"]
    );
    m.stop().await;
    let mut c = config(fixtures());
    c.journal_size = 0;
    let m = Mock::start(c).await;
    get(&m, "/petstore/pets/1").await;
    let (s, _) = get(&m, "/__mock/requests").await;
    assert_eq!(s, 404);
    m.stop().await;
}

#[tokio::test]
async fn coverage_says_what_was_exercised_and_what_never_was() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("coverage.json");
    let mut c = config(fixtures());
    c.coverage_report = Some(report.clone());
    let m = Mock::start(c).await;
    traffic(&m).await;
    let (s, cov) = get(&m, "/__mock/coverage").await;
    assert_eq!(s, 200);
    let v = &cov["vendors"][0];
    assert_eq!(v["name"], "petstore");
    let ops = v["operations"].as_array().unwrap();
    let list = ops.iter().find(|o| o["operationId"] == "listPets").unwrap();
    assert_eq!(list["calls"], 3);
    assert_eq!(
        list["statuses"],
        json!([{"status": "200", "hits": 2}, {"status": "default", "hits": 1}])
    );
    let examples: Vec<(String, u64)> = list["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_string(),
                e["hits"].as_u64().unwrap(),
            )
        })
        .collect();
    // `two` and `empty` (JSON), `default`'s example (the 422), the CSV one never
    assert_eq!(
        examples,
        [
            ("two".to_string(), 1),
            ("empty".into(), 1),
            ("example".into(), 0),
            ("example".into(), 1)
        ]
    );
    let untouched = &v["untouched"];
    assert!(untouched["operations"]
        .as_array()
        .unwrap()
        .contains(&json!("createPet")));
    assert!(untouched["statuses"]
        .as_array()
        .unwrap()
        .contains(&json!("getPet 404")));
    assert!(untouched["examples"]
        .as_array()
        .unwrap()
        .contains(&json!("listPets 200 text/csv example")));
    assert_eq!(v["summary"]["operations"]["hit"], 2);
    assert_eq!(
        status_of(client().delete(m.url("/__mock/coverage"))).await,
        204
    );
    let (_, cleared) = get(&m, "/__mock/coverage").await;
    assert_eq!(cleared["summary"]["operations"]["hit"], 0);
    get(&m, "/petstore/pets/1").await;
    m.stop().await;
    // written at shutdown
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(written["vendors"][0]["name"], "petstore");
    assert_eq!(written["summary"]["operations"]["hit"], 1);
}
