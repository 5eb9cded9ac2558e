//! The generated clients never show a credential: `Debug` of the client,
//! of its credentials and of a model field that holds a password names
//! what is set, never the value; neither do the errors of a call, whether
//! raised before sending (they name parameters and schemes) or carrying
//! the request's URL (user info and query values redacted).

const BEARER: &str = "PLANTEDbearer0001";
const QUERY_KEY: &str = "PLANTEDquerykey0002";
const PASSWORD: &str = "PLANTEDpassword0003";

fn assert_clean(channel: &str, text: &str) {
    for secret in [BEARER, QUERY_KEY, PASSWORD] {
        assert!(
            !text.contains(secret),
            "{channel} shows a planted secret ({secret}): {text}"
        );
    }
}

/// A loopback base URL nothing listens on, with a password in its user
/// info.
fn closed_base() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("http://user:{PASSWORD}@127.0.0.1:{port}")
}

#[test]
fn generated_clients_never_show_credentials() {
    let client = generated::stellas::Client::new(closed_base())
        .with_bearer_auth(BEARER)
        .with_secret_key(QUERY_KEY)
        .with_business_id(PASSWORD);
    let shown = format!("{client:?} {client:#?}");
    assert_clean("Debug of Client", &shown);
    assert!(shown.contains("bearer_auth"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
    let credentials = generated::stellas::Credentials {
        secret_key: Some(contract_runtime::Secret::new(QUERY_KEY)),
        bearer_auth: None,
    };
    let shown = format!("{credentials:?}");
    assert_clean("Debug of Credentials", &shown);
    // A model field that holds a credential (ChatDash's member password).
    let member = generated::chatdash::types::CreateClientBodyMember {
        name: "Ann".into(),
        login_id: "ann".into(),
        email: None,
        password: PASSWORD.into(),
        extra: Default::default(),
    };
    let shown_member = format!("{member:?} {member:#?}");
    assert_clean("Debug of a model with a password", &shown_member);
    assert!(shown_member.contains("login_id: \"ann\""), "{shown_member}");
    assert!(shown.contains("secret_key: Some([redacted])"), "{shown}");
    assert!(shown.contains("bearer_auth: None"), "{shown}");
}

#[tokio::test]
async fn errors_of_a_call_never_show_credentials() {
    let body = generated::stellas::types::InviteMemberBody {
        email: "new@example.com".into(),
        member_role_id: "role_1".into(),
        extra: Default::default(),
    };
    // Sent: the transport error carries the request's URL (user info and
    // query values redacted, the runtime's unit test and the mock's
    // secrets test show the query side).
    let client = generated::stellas::Client::new(closed_base())
        .with_bearer_auth(BEARER)
        .with_secret_key(QUERY_KEY)
        .with_business_id("biz_1");
    let error = client.invite_member(&body).await.unwrap_err();
    assert!(
        matches!(error, contract_runtime::ClientError::Transport(_)),
        "{error:?}"
    );
    let shown = format!("{error} {error:?}");
    assert_clean("a transport error", &shown);
    assert!(shown.contains("/clients/members"), "{shown}");
    // Refused before sending: the error names the missing scheme only.
    let partial = generated::stellas::Client::new(closed_base())
        .with_bearer_auth(BEARER)
        .with_business_id(QUERY_KEY);
    let error = partial.invite_member(&body).await.unwrap_err();
    let shown = format!("{error} {error:?}");
    assert_clean("a missing-credentials error", &shown);
    assert!(shown.contains("SECRET_KEY"), "{shown}");
    // A body that breaks the contract with a password in it: the
    // violation names the property, not the value.
    let mut member: generated::chatdash::types::AddClientMemberBody = serde_json::from_value(
        serde_json::json!({"name": "Bo", "loginId": "bo", "password": "pw"}),
    )
    .unwrap();
    member.extra.insert("password".into(), PASSWORD.into());
    let chatdash = generated::chatdash::Client::new(closed_base()).with_authorization(BEARER);
    let error = chatdash.add_client_member("c1", &member).await.unwrap_err();
    let shown = format!("{error} {error:?}");
    assert_clean("an invalid-request error", &shown);
    assert!(shown.contains("password"), "{shown}");
}
