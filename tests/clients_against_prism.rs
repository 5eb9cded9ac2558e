//! The generated clients against an independent mock: Prism
//! (`@stoplight/prism-cli`) serving each published contract
//! (`generated/openapi/*.yaml`). Prism validates every request against
//! the contract (a request it finds invalid gets its 422) and answers
//! with the documented example, so a call that comes back as the
//! documented success, decoded and valid, is one both tools agree on.
//!
//! Ignored in `cargo test` (Prism is a Node program); `.ci/clients-against-prism`
//! starts one Prism per vendor and runs these with `--ignored`, passing
//! each server's URL in `PRISM_<VENDOR>`. Run without them, every test
//! fails: nothing here passes without having talked to Prism.

mod support;

use contract_runtime::{Direction, Validate};
use serde_json::json;
use support::prefer;

fn prism(vendor: &str) -> String {
    let key = format!("PRISM_{}", vendor.to_ascii_uppercase());
    std::env::var(&key)
        .unwrap_or_else(|_| panic!("{key} is not set: run these through .ci/clients-against-prism"))
}

#[tokio::test]
#[ignore = "needs Prism: .ci/clients-against-prism"]
async fn chatdash() {
    use generated::chatdash::{types::*, *};
    let base = prism("chatdash");
    let client = Client::new(&base)
        .with_authorization("agency-key")
        .validate_responses(true);
    let body: CreateClientBody = serde_json::from_value(json!({
        "client": {"name": "Acme", "language": "en"},
        "member": {"name": "Ann", "loginId": "ann", "password": "pw"}
    }))
    .unwrap();
    match client.create_client(&body).await.unwrap().value {
        CreateClientResponse::Ok(ok) => ok.validate_as(Direction::Response).unwrap(),
        other => panic!("expected 200, got {other:?}"),
    }
    let member: AddClientMemberBody =
        serde_json::from_value(json!({"name": "Bo", "loginId": "bo", "password": "pw"})).unwrap();
    match client.add_client_member("c1", &member).await.unwrap().value {
        AddClientMemberResponse::Ok(ok) => ok.validate_as(Direction::Response).unwrap(),
        other => panic!("expected 200, got {other:?}"),
    }
    let erring = Client::new(&base)
        .with_authorization("agency-key")
        .with_http_client(prefer(400));
    assert!(matches!(
        erring.add_client_member("c1", &member).await.unwrap().value,
        AddClientMemberResponse::BadRequest(_)
    ));
}

#[tokio::test]
#[ignore = "needs Prism: .ci/clients-against-prism"]
async fn stellas() {
    use generated::stellas::{types::*, *};
    let client = Client::new(prism("stellas"))
        .with_bearer_auth("tok")
        .with_secret_key("secret")
        .with_business_id("biz_1")
        .validate_responses(true);
    let body = InviteMemberBody::new("new@example.com".into(), "role_abc123".into());
    match client.invite_member(&body).await.unwrap().value {
        InviteMemberResponse::Created(created) => created.validate_as(Direction::Response).unwrap(),
        other => panic!("expected 201, got {other:?}"),
    }
}

#[tokio::test]
#[ignore = "needs Prism: .ci/clients-against-prism"]
async fn nexudus() {
    use generated::nexudus::{types::*, *};
    let base = prism("nexudus");
    let client = Client::new(&base).with_bearer_auth("tok");
    let body: AddTeamMembersBody = serde_json::from_value(json!({
        "TariffId": 301, "FullNames": ["Alice Johnson"], "Emails": ["alice@example.com"], "StartDate": "2025-02-01T00:00:00.000Z"
    }))
    .unwrap();
    assert_eq!(
        client.add_team_members(55.0, &body).await.unwrap().value,
        AddTeamMembersResponse::Ok
    );
    let erring = Client::new(&base)
        .with_bearer_auth("tok")
        .with_http_client(prefer(404));
    assert_eq!(
        erring.add_team_members(55.0, &body).await.unwrap().value,
        AddTeamMembersResponse::NotFound
    );
}

#[tokio::test]
#[ignore = "needs Prism: .ci/clients-against-prism"]
async fn turso() {
    use generated::turso::{types::*, *};
    let base = prism("turso");
    // Response validation on: the published example was repaired at
    // generate time, so what Prism serves from it is valid for our types.
    let client = Client::new(&base).validate_responses(true);
    let body = AddMemberBody {
        role: AddMemberBodyRole::Admin,
        ..AddMemberBody::new("iku".into())
    };
    let ok = client
        .add_member("acme", &body)
        .await
        .unwrap()
        .into_result()
        .unwrap()
        .into_inner();
    ok.validate_as(Direction::Response).unwrap();
    let not_found = Client::new(&base).with_http_client(prefer(404));
    assert!(matches!(
        not_found.add_member("acme", &body).await.unwrap().value,
        AddMemberResponse::NotFound(_)
    ));
    // Prism does check requests: a role outside the enum, sent with the
    // client's validation off, is its 422 (Turso documents none), so the
    // successes above are requests Prism found valid.
    match support::turso_with_unlisted_role(&base).await {
        AddMemberResponse::Undocumented(raw) => assert_eq!(raw.status, 422),
        other => panic!("expected Prism's 422, got {other:?}"),
    }
}
