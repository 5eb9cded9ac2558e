//! The generated clients never show a credential: `Debug` of the client,
//! of its credentials and of a model field that holds a password names
//! what is set, never the value.

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

#[test]
fn generated_clients_never_show_credentials() {
    let client = generated::stellas::Client::new("http://127.0.0.1:9")
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
    let member = generated::chatdash::CreateClientBodyMember {
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
