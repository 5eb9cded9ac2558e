//! The generated typed clients (crate `generated`) against the mock started
//! in-process: for every seed operation, the success path returns the
//! documented example, every documented error status comes back as its own
//! variant via `Prefer: code=`, an invalid body (where the contract has a
//! constraint the types cannot rule out) and missing credentials are
//! refused by the client before any I/O (an error naming what is wrong)
//! and, sent anyway with validation off, rejected by the mock with the
//! documented status, or the mock's own when none is.

mod support;

use contract_runtime::{ClientError, Direction, Validate};
use serde_json::json;
use support::{prefer, Mock};

async fn mock() -> Mock {
    Mock::seeds().await
}

/// An address nothing listens on: a call that gets as far as sending
/// fails with a transport error, so any other error was raised before.
const NOBODY: &str = "http://127.0.0.1:9";

// One test per vendor, each against its own generated module: the types
// differ, so the checks (success, each error status, the undocumented 401)
// are written out per vendor.

#[tokio::test]
async fn chatdash() {
    use generated::chatdash::{types::*, *};
    let mock = mock().await;
    let base = mock.url("/chatdash");
    let client = Client::new(&base).with_authorization("agency-key");
    let body: CreateClientBody = serde_json::from_value(json!({
        "client": {"name": "Acme", "language": "en"},
        "member": {"name": "Ann", "loginId": "ann", "password": "pw"}
    }))
    .unwrap();
    match client.create_client(&body).await.unwrap().value {
        CreateClientResponse::Ok(ok) => {
            assert_eq!(ok.message.as_deref(), Some("Client created successfully"));
            ok.validate_as(Direction::Response).unwrap();
        }
        other => panic!("expected 200, got {other:?}"),
    }
    let member: AddClientMemberBody =
        serde_json::from_value(json!({"name": "Bo", "loginId": "bo", "password": "pw"})).unwrap();
    match client.add_client_member("c1", &member).await.unwrap().value {
        AddClientMemberResponse::Ok(ok) => {
            assert_eq!(ok.message.as_deref(), Some("Member added successfully"))
        }
        other => panic!("expected 200, got {other:?}"),
    }
    let erring = Client::new(&base)
        .with_authorization("agency-key")
        .with_http_client(prefer(400));
    match erring.add_client_member("c1", &member).await.unwrap().value {
        AddClientMemberResponse::BadRequest(e) => {
            assert_eq!(e.error.as_deref(), Some("Login ID already in use"))
        }
        other => panic!("expected 400, got {other:?}"),
    }
    let failing = Client::new(&base)
        .with_authorization("agency-key")
        .with_http_client(prefer(500));
    assert!(matches!(
        failing.create_client(&body).await.unwrap().value,
        CreateClientResponse::InternalServerError(_)
    ));
    // No credentials: the client refuses, naming the scheme...
    assert!(matches!(
        Client::new(NOBODY).create_client(&body).await,
        Err(ClientError::MissingCredentials { .. })
    ));
    // ...and sent anyway, ChatDash documents no 401, so the mock's own 401
    // arrives undocumented.
    let unchecked = Client::new(&base).validate_requests(false);
    match unchecked.create_client(&body).await.unwrap().value {
        CreateClientResponse::Undocumented(raw) => assert_eq!(raw.status, 401),
        other => panic!("expected an undocumented 401, got {other:?}"),
    }
    mock.stop().await;
}

#[tokio::test]
async fn stellas() {
    use generated::stellas::{types::*, *};
    let mock = mock().await;
    let base = mock.url("/stellas");
    let client = Client::new(&base)
        .with_bearer_auth("tok")
        .with_secret_key("secret")
        .with_business_id("biz_1");
    let body = InviteMemberBody {
        email: "new@example.com".into(),
        member_role_id: "role_abc123".into(),
        extra: Default::default(),
    };
    match client.invite_member(&body).await.unwrap().value {
        InviteMemberResponse::Created(created) => {
            assert_eq!(created.status, Some(true));
            assert_eq!(
                created.message.as_deref(),
                Some("Invitation sent successfully")
            );
        }
        other => panic!("expected 201, got {other:?}"),
    }
    // The AND requirement sent both credentials; with one of them unset
    // nothing is sent at all: the error names the missing scheme. Sent
    // anyway, the mock answers its own 401 (Stellas documents none).
    let partial = Client::new(NOBODY)
        .with_bearer_auth("tok")
        .with_business_id("biz_1");
    match partial.invite_member(&body).await {
        Err(ClientError::MissingCredentials { alternatives }) => {
            assert_eq!(alternatives, [vec!["SECRET_KEY"]])
        }
        other => panic!("expected MissingCredentials, got {other:?}"),
    }
    let unchecked = Client::new(&base)
        .with_bearer_auth("tok")
        .with_business_id("biz_1")
        .validate_requests(false);
    match unchecked.invite_member(&body).await.unwrap().value {
        InviteMemberResponse::Undocumented(raw) => assert_eq!(raw.status, 401),
        other => panic!("expected an undocumented 401, got {other:?}"),
    }
    // The contract requires `businessId` on every operation: never set,
    // the call fails naming it, before any I/O.
    let no_business = Client::new(NOBODY)
        .with_bearer_auth("tok")
        .with_secret_key("secret");
    match no_business.invite_member(&body).await {
        Err(ClientError::MissingParameter { location, name }) => {
            assert_eq!((location, name), ("header", "businessId"))
        }
        other => panic!("expected MissingParameter, got {other:?}"),
    }
    mock.stop().await;
}

#[tokio::test]
async fn nexudus() {
    use generated::nexudus::{types::*, *};
    let mock = mock().await;
    let base = mock.url("/nexudus");
    let client = Client::new(&base).with_bearer_auth("tok");
    let body: AddTeamMembersBody = serde_json::from_value(json!({
        "TariffId": 301, "FullNames": ["Alice Johnson"], "Emails": ["alice@example.com"], "StartDate": "2025-02-01T00:00:00.000Z"
    }))
    .unwrap();
    assert_eq!(
        client.add_team_members(55.0, &body).await.unwrap().value,
        AddTeamMembersResponse::Ok,
        "200 with an empty body"
    );
    for (code, expected) in [
        (400, AddTeamMembersResponse::BadRequest),
        (401, AddTeamMembersResponse::Unauthorized),
        (403, AddTeamMembersResponse::Forbidden),
        (404, AddTeamMembersResponse::NotFound),
    ] {
        let erring = Client::new(&base)
            .with_bearer_auth("tok")
            .with_http_client(prefer(code));
        assert_eq!(
            erring.add_team_members(55.0, &body).await.unwrap().value,
            expected,
            "Prefer: code={code}"
        );
    }
    // An invalid body (not an email; the overlay's constraint) sent anyway.
    let mut bad = body.clone();
    bad.emails = vec!["not-an-email".into()];
    let unchecked = Client::new(&base)
        .with_bearer_auth("tok")
        .validate_requests(false);
    assert_eq!(
        unchecked.add_team_members(55.0, &bad).await.unwrap().value,
        AddTeamMembersResponse::BadRequest
    );
    // The client itself refuses it when validation is on.
    assert!(matches!(
        client.add_team_members(55.0, &bad).await,
        Err(ClientError::InvalidRequest(_))
    ));
    // A path parameter that is no JSON number is refused before sending.
    match client.add_team_members(f64::NAN, &body).await {
        Err(ClientError::InvalidParameter {
            location,
            name,
            violations,
        }) => {
            assert_eq!((location, name), ("path", "teamId"));
            assert_eq!(violations[0].keyword, "type");
        }
        other => panic!("expected InvalidParameter, got {other:?}"),
    }
    // No credentials, sent anyway: the documented 401.
    assert_eq!(
        Client::new(&base)
            .validate_requests(false)
            .add_team_members(55.0, &body)
            .await
            .unwrap()
            .value,
        AddTeamMembersResponse::Unauthorized
    );
    mock.stop().await;
}

#[tokio::test]
async fn turso() {
    use generated::turso::{types::*, *};
    let mock = mock().await;
    let base = mock.url("/turso");
    let client = Client::new(&base).validate_responses(true);
    let body: AddMemberBody =
        serde_json::from_value(json!({"username": "iku", "role": "admin"})).unwrap();
    match client.add_member("acme", &body).await.unwrap().value {
        // The documented example's `role: owner` contradicts the contract;
        // the contract publishes it without that optional field (see the
        // README on repaired examples), which the mock serves.
        AddMemberResponse::Ok(ok) => assert_eq!(ok.member.as_deref(), Some("iku")),
        other => panic!("expected 200, got {other:?}"),
    }
    // A response carries its status and headers; `into_result()` gives the
    // one documented success's body, so `?` works.
    let response = client.add_member("acme", &body).await.unwrap();
    assert_eq!(response.status, 200);
    assert!(response.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let ok: AddMemberOk = response.into_result().unwrap().into_inner();
    assert_eq!(ok.member.as_deref(), Some("iku"));
    // A 404 the vendor documents is the error side, still typed.
    let not_found = Client::new(&base).with_http_client(prefer(404));
    let error = not_found
        .add_member("acme", &body)
        .await
        .unwrap()
        .into_result()
        .unwrap_err();
    assert_eq!(error.status(), 404);
    match error.value() {
        AddMemberResponse::NotFound(e) => {
            assert_eq!(e.error.as_deref(), Some("could not find user [username]"))
        }
        other => panic!("expected 404, got {other:?}"),
    }
    // ...and through `?` into a `ClientError`, downcast back to it.
    async fn added(client: &Client, body: &AddMemberBody) -> Result<AddMemberOk, ClientError> {
        Ok(client
            .add_member("acme", body)
            .await?
            .into_result()?
            .into_inner())
    }
    match added(&not_found, &body).await {
        Err(ClientError::Status { status, response }) => {
            assert_eq!(status, 404);
            let typed = response
                .downcast::<contract_runtime::ErrorResponse<AddMemberResponse>>()
                .unwrap();
            assert!(matches!(typed.value(), AddMemberResponse::NotFound(_)));
        }
        other => panic!("expected a 404 error, got {other:?}"),
    }
    let conflict = Client::new(&base).with_http_client(prefer(409));
    assert!(matches!(
        conflict.add_member("acme", &body).await.unwrap().value,
        AddMemberResponse::Conflict(_)
    ));
    // A role outside the enum, sent anyway: Turso documents no 400/422, so
    // the mock's problem response arrives undocumented, as a 422.
    match support::turso_with_unlisted_role(&base).await {
        AddMemberResponse::Undocumented(raw) => assert_eq!(raw.status, 422),
        other => panic!("expected an undocumented 422, got {other:?}"),
    }
    // An empty path parameter would change the path: refused, named.
    match Client::new(NOBODY).add_member("", &body).await {
        Err(ClientError::MissingParameter { location, name }) => {
            assert_eq!((location, name), ("path", "organizationSlug"))
        }
        other => panic!("expected MissingParameter, got {other:?}"),
    }
    mock.stop().await;
}

/// A server answering one request with `status`, `content_type` and
/// `body`, as a proxy in front of the vendor (or another mock) would.
async fn answer_once(status: u16, content_type: &'static str, body: &'static str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        // Read the request head and its body (by Content-Length) first.
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let Ok(n) = socket.read(&mut buf).await else {
                return;
            };
            if n == 0 {
                break;
            }
            request.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&request).to_ascii_lowercase();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if request.len() >= end + 4 + length {
                    break;
                }
            }
        }
        let reply = format!(
            "HTTP/1.1 {status} Whatever\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = socket.write_all(reply.as_bytes()).await;
        let _ = socket.shutdown().await;
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn another_media_type_is_its_own_error_with_the_raw_body() {
    use generated::turso::{types::*, *};
    // Turso documents its 404 as `application/json`; a proxy's
    // problem+json 404 is not read as Turso's error body.
    let problem = r#"{"type":"about:blank","title":"Not Found","status":404}"#;
    let base = answer_once(404, "application/problem+json", problem).await;
    let body: AddMemberBody = serde_json::from_value(json!({"username": "iku"})).unwrap();
    match Client::new(&base).add_member("acme", &body).await {
        Err(ClientError::UnexpectedContentType {
            status,
            expected,
            content_type,
            body,
        }) => {
            assert_eq!((status, expected), (404, "application/json"));
            assert_eq!(content_type.as_deref(), Some("application/problem+json"));
            assert_eq!(body, problem.as_bytes());
        }
        other => panic!("expected UnexpectedContentType, got {other:?}"),
    }
}

/// Retries are the runtime's (`contract-runtime`'s tests cover them on
/// every method); here the generated setters reach it, and a POST stays
/// a single attempt even with retries on: the server answers once, so a
/// second attempt would meet a closed port and fail the call.
#[tokio::test]
async fn a_generated_post_with_retries_on_is_sent_once() {
    use generated::turso::{types::*, *};
    let base = answer_once(503, "application/json", "{}").await;
    let body: AddMemberBody = serde_json::from_value(json!({"username": "iku"})).unwrap();
    let client = Client::new(&base)
        .with_retries(contract_runtime::Retries::new(3))
        .with_timeout(std::time::Duration::from_secs(30));
    match client.add_member("acme", &body).await {
        Ok(response) => {
            assert_eq!(response.status, 503);
            assert!(matches!(response.value, AddMemberResponse::Undocumented(_)));
        }
        other => panic!("expected the 503 as an undocumented answer, got {other:?}"),
    }
}
