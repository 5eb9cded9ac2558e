//! Behaviour of the generated code (hand-written; the crate's `src/` is generated).

use contract_runtime::{ClientError, Direction, Validate};
use serde_json::json;

#[test]
fn wire_names_and_unknown_fields_round_trip() {
    let body: generated::chatdash::types::AddClientMemberBody =
        serde_json::from_value(json!({"name": "A", "loginId": "a1", "password": "p", "note": 1}))
            .unwrap();
    assert_eq!(body.login_id, "a1");
    assert_eq!(body.extra["note"], json!(1), "unlisted properties are kept");
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"name": "A", "loginId": "a1", "password": "p", "note": 1})
    );
}

#[test]
fn a_missing_required_property_is_a_decoding_violation_with_its_pointer() {
    let err = contract_runtime::decode::<generated::chatdash::types::CreateClientBody>(&json!({"client": {"name": "x", "language": "en"}, "member": {"name": "m", "loginId": "l"}}))
        .unwrap_err();
    assert_eq!((err.pointer.as_str(), err.keyword), ("/member", "required"));
    assert!(err.message.contains("password"), "{}", err.message);
}

#[test]
fn validate_reports_every_violation_the_overlay_added() {
    let emails: Vec<String> = (0..26)
        .map(|i| {
            if i == 3 {
                "not-an-email".into()
            } else {
                format!("p{i}@example.com")
            }
        })
        .collect();
    let body = generated::nexudus::types::AddTeamMembersBody {
        tariff_id: 301.into(),
        full_names: vec![],
        emails,
        start_date: "2025-02-01T00:00:00.000Z".into(),
        extra: Default::default(),
    };
    let violations = body.validate().unwrap_err();
    let found: Vec<(&str, &str)> = violations
        .iter()
        .map(|v| (v.pointer.as_str(), v.keyword))
        .collect();
    assert_eq!(
        found,
        [
            ("/FullNames", "minItems"),
            ("/Emails", "maxItems"),
            ("/Emails/3", "format")
        ]
    );
}

#[test]
fn a_value_the_contract_does_not_list_still_decodes_and_is_reported() {
    let ok: generated::turso::types::AddMemberOk =
        serde_json::from_value(json!({"member": "iku", "role": "owner"})).unwrap();
    let violations = ok.validate_as(Direction::Response).unwrap_err();
    assert_eq!(
        (violations[0].pointer.as_str(), violations[0].keyword),
        ("/role", "enum")
    );
}

#[tokio::test]
async fn the_client_refuses_an_invalid_body_before_sending() {
    // Nothing listens on this address; the request must not get that far.
    let nexudus = generated::nexudus::Client::new("http://127.0.0.1:9").with_bearer_auth("tok");
    let body = generated::nexudus::types::AddTeamMembersBody {
        tariff_id: 1.into(),
        full_names: vec!["A".into()],
        emails: vec!["nope".into()],
        start_date: "2025-02-01".into(),
        extra: Default::default(),
    };
    match nexudus.add_team_members(55.0, &body).await {
        Err(ClientError::InvalidRequest(violations)) => {
            assert_eq!(violations[0].pointer, "/Emails/0")
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

#[tokio::test]
async fn a_listed_property_in_the_extra_map_is_a_violation() {
    // `password` is a field of its own; in `extra` it would be written
    // twice (`"password":"pw","password":5`).
    let mut body: generated::chatdash::types::AddClientMemberBody =
        serde_json::from_value(json!({"name": "A", "loginId": "a1", "password": "pw"})).unwrap();
    body.extra.insert("password".into(), json!(5));
    let violations = body.validate().unwrap_err();
    assert_eq!(
        (violations[0].pointer.as_str(), violations[0].keyword),
        ("/password", "properties")
    );
    let client = generated::chatdash::Client::new("http://127.0.0.1:9").with_authorization("k");
    assert!(matches!(
        client.add_client_member("c1", &body).await,
        Err(ClientError::InvalidRequest(_))
    ));
}

/// The futures of generated methods are `Send` (they can be spawned):
/// nothing that is not `Sync` is held across the await.
#[test]
fn calls_can_be_spawned() {
    fn assert_send<T: Send>(_: &T) {}
    let client = generated::stellas::Client::new("http://127.0.0.1:9");
    let body = generated::stellas::types::InviteMemberBody {
        email: "a@example.com".into(),
        member_role_id: "r".into(),
        extra: Default::default(),
    };
    assert_send(&client.invite_member(&body));
    let turso = generated::turso::Client::new("http://127.0.0.1:9");
    let member: generated::turso::types::AddMemberBody =
        serde_json::from_value(json!({"username": "iku"})).unwrap();
    assert_send(&turso.add_member("acme", &member));
}
