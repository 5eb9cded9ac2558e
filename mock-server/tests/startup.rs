//! What a user sees at start-up: the routes per vendor, an unknown
//! `--vendor` listing the vendors that exist, "address in use" naming the
//! `--addr` to change, and a repaired example logged as one short line.

mod common;

use common::{client, config, fixtures, get_json, vendor, workspace, Mock};
use mock_server::Server;
use serde_json::Value;

#[tokio::test]
async fn the_banner_lists_every_route_per_vendor() {
    let server = Server::bind(config(workspace().join("specs")))
        .await
        .unwrap();
    let base = format!("http://{}", server.local_addr());
    let text = server.banner(false);
    assert!(!text.contains('\x1b'), "no colour off a terminal");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.contains(
        &"chatdash (2 operations; also at {base}/chatdash/v1/public/...)"
            .replace("{base}", &base)
            .as_str()
    ));
    assert!(lines.contains(
        &format!("  POST    {base}/chatdash/clients createClient [200 400 500]").as_str()
    ));
    // one line per operation of every vendor, plus one per vendor and the admin line
    let ops: usize = 2 + 1 + 1 + 1;
    assert_eq!(lines.len(), ops + 4 + 1, "{text}");
    assert!(server.banner(true).contains("\x1b[33mPOST"));
}

#[tokio::test]
async fn an_unknown_vendor_lists_the_vendors_that_exist() {
    let mut c = config(workspace().join("specs"));
    c.vendor = Some("nope".into());
    let err = Server::bind(c).await.err().expect("refused").to_string();
    assert!(
        err.contains("no vendor folder named `nope`")
            && err.ends_with("vendors: chatdash, nexudus, stellas, turso"),
        "{err}"
    );
}

#[tokio::test]
async fn address_in_use_says_which_addr_to_change() {
    let first = Mock::start(config(fixtures())).await;
    let mut c = config(fixtures());
    c.addr = first.addr;
    let err = Server::bind(c).await.err().expect("refused").to_string();
    let next = format!("--addr 127.0.0.1:{}", first.addr.port() + 1);
    assert!(
        err.contains("already in use") && err.contains(&next),
        "{err}"
    );
    assert!(err.contains("--addr 127.0.0.1:0"), "{err}");
    first.stop().await;
}

#[tokio::test]
async fn a_repaired_example_is_one_line_with_the_pointer_and_reason() {
    let m = Mock::start(config(workspace().join("specs"))).await;
    let ops: Value = get_json(&client(), m.url("/__mock/operations")).await;
    let turso = vendor(&ops, "turso");
    let notice = turso["notices"][0].as_str().unwrap();
    assert!(
        notice.ends_with(
            "example `example` contradicts its schema at /role: \"owner\" is not one of \"admin\", \"member\", \"viewer\"; serving a repaired copy"
        ),
        "{notice}"
    );
    assert!(!notice.contains('{') || notice.contains("{organizationSlug}"));
    assert!(!notice.contains('\n'));
    m.stop().await;
}
