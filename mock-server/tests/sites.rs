//! The mock on vendor folders laid out as docs sites publish them: pages
//! in nested folders are served, and editing one reloads its vendor.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{client, config, status_of, Mock};

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[tokio::test]
async fn a_nested_site_is_served_and_a_nested_page_added_reloads_it() {
    let specs = tempfile::tempdir().unwrap();
    let vendor = specs.path().join("shop");
    std::fs::create_dir(&vendor).unwrap();
    copy_tree(
        &common::workspace().join("generator/tests/fixtures/sites/several-pages/shop"),
        &vendor,
    );
    let mut cfg = config(specs.path().to_path_buf());
    cfg.watch = Some(Duration::from_millis(30));
    let m = Mock::start(cfg).await;
    let c = client();

    // One operation from two nested pages: the `.md` export's 201 example,
    // the MDX page's extra body property accepted.
    let created = c
        .post(m.url("/shop/orders"))
        .bearer_auth("token")
        .json(&serde_json::json!({"item": "sku_1", "gift_note": "hi"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(
        created.json::<serde_json::Value>().await.unwrap(),
        serde_json::json!({"id": "ord_1"})
    );
    let wrong = c
        .post(m.url("/shop/orders"))
        .bearer_auth("token")
        .json(&serde_json::json!({"item": "sku_1", "gift_note": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 422, "the filled-in property is checked");

    let page = vendor.join("api-reference/orders/get-order.mdx");
    std::fs::write(
        &page,
        "---\ntitle: Get order\napi: \"GET https://api.shop.example/v1/orders/{id}\"\n---\n\n<ParamField path=\"id\" type=\"string\" required>\n  The order id.\n</ParamField>\n\n<ResponseField name=\"id\" type=\"string\" required>\n  The order id.\n</ResponseField>\n",
    )
    .unwrap();
    let mut status = 0;
    for _ in 0..200 {
        status = status_of(c.get(m.url("/shop/orders/ord_1"))).await.as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    assert_eq!(status, 200, "the page added in a subfolder was picked up");
    m.stop().await;
}

#[tokio::test]
async fn a_missing_or_empty_specs_folder_is_refused_as_generate_refuses_it() {
    let empty = tempfile::tempdir().unwrap();
    for (specs, says) in [
        (empty.path().join("nope"), "cannot read specs folder"),
        (empty.path().to_path_buf(), "holds no vendor folder"),
    ] {
        let refused = mock_server::Server::bind(config(specs.clone())).await.err();
        let expected = generator::vendor::vendors_of(&specs)
            .unwrap_err()
            .to_string();
        let message = refused.expect("refused").to_string();
        assert_eq!(message, expected);
        assert!(message.contains(says), "{message}");
    }
}
