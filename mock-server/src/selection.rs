//! Which documented response answers a request, in one place: Prism's
//! order without preferences, `Prefer: code=` and `example=`, the vendor's
//! documented error for what the mock itself refuses, and so which
//! statuses the mock adds to the served contract. The compiler (default
//! response, served contract) and the responder both ask this module, so
//! what the served contract promises is what is sent.

use generator::http::{is_success_key, success_key};
use http::StatusCode;
use thiserror::Error;

use crate::journal::{ExampleUse, Why};
use crate::plan::{BodyKind, Content, Op, Resp};
use crate::request::Class;

/// `404` -> 404, `2XX` -> 200, `default` -> 200.
pub fn served_status(key: &str) -> StatusCode {
    let digits = key.replace(['X', 'x'], "0");
    match digits.parse::<u16>() {
        Ok(n) => StatusCode::from_u16(n).unwrap_or(StatusCode::OK),
        Err(_) => StatusCode::OK,
    }
}

/// Prism's choice without preferences: the success response
/// ([`success_key`]: the lowest 2xx code, else `2XX` as 200), then
/// `default` as 200, then the first documented response.
pub fn default_response(responses: &[Resp]) -> Option<(usize, StatusCode)> {
    let success = success_key(responses.iter().map(|r| r.key.as_str()));
    if let Some(i) = success.and_then(|key| responses.iter().position(|r| r.key == key)) {
        return Some((i, responses[i].status));
    }
    if let Some(i) = responses.iter().position(|r| r.key == "default") {
        return Some((i, StatusCode::OK));
    }
    responses.first().map(|r| (0, r.status))
}

/// Why [`select`] chose `resp` (`asked`: a `code` preference was given).
pub fn why_selected(resp: &Resp, asked: bool) -> Why {
    if asked {
        Why::PreferCode
    } else if is_success_key(&resp.key) {
        Why::Lowest2xx
    } else if resp.key == "default" {
        Why::DefaultResponse
    } else {
        Why::FirstDocumented
    }
}

/// The response documenting status `code`: exact, then `NXX`, then `default`.
pub fn documented_for(op: &Op, code: u16) -> Option<usize> {
    let exact = code.to_string();
    let range = format!("{}XX", code / 100);
    [exact.as_str(), range.as_str(), "default"]
        .iter()
        .find_map(|k| op.response(k))
}

/// Why no documented response or body answers the preferences.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum Unserved {
    #[error("Requested status code {code} is not documented for {op} ({method}); documented: {documented}")]
    Code {
        code: u16,
        op: String,
        method: String,
        documented: String,
    },
    #[error("{0} documents no response")]
    NoResponse(String),
    #[error("Response for contentType: {media} and exampleKey: {name} does not exist; documented examples: {documented}")]
    Example {
        media: String,
        name: String,
        documented: String,
    },
    #[error("response {key} documents no body, so no example `{name}`")]
    NoBody { key: String, name: String },
}

/// The response to send for a valid request and its status: the `code`
/// asked for ([`documented_for`], served with that status), else
/// [`default_response`].
pub fn select(op: &Op, code: Option<u16>) -> Result<(usize, StatusCode), Unserved> {
    if let Some(code) = code {
        let status = StatusCode::from_u16(code).unwrap_or(StatusCode::OK);
        return match documented_for(op, code) {
            Some(i) => Ok((i, status)),
            None => Err(Unserved::Code {
                code,
                op: op.id.to_string(),
                method: op.method.upper(),
                documented: keys(op).join(", "),
            }),
        };
    }
    op.default_response
        .ok_or_else(|| Unserved::NoResponse(op.id.to_string()))
}

fn keys(op: &Op) -> Vec<&str> {
    op.responses.iter().map(|r| r.key.as_str()).collect()
}

/// Which body of a chosen content answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyChoice {
    /// The example asked for, at this index.
    Named(usize),
    /// `dynamic=true` and a schema: generated per request.
    Dynamic,
    /// The content's own body: its first example, else the generated sample.
    Default,
}

/// The body for the `example` and `dynamic` preferences: the named
/// example (it must exist), a per-request one, or the default.
pub fn choose_body(
    content: &Content,
    example: Option<&str>,
    dynamic: bool,
) -> Result<BodyChoice, Unserved> {
    if let Some(name) = example {
        return match content.examples.iter().position(|e| e.name == name) {
            Some(i) => Ok(BodyChoice::Named(i)),
            None => {
                let names: Vec<&str> = content.examples.iter().map(|e| e.name.as_str()).collect();
                Err(Unserved::Example {
                    media: content.media.clone(),
                    name: name.to_string(),
                    documented: if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    },
                })
            }
        };
    }
    if dynamic && content.schema.is_some() {
        Ok(BodyChoice::Dynamic)
    } else {
        Ok(BodyChoice::Default)
    }
}

/// A response without a body answers only when no example is asked of it.
pub fn without_body(resp: &Resp, example: Option<&str>) -> Result<(), Unserved> {
    match example {
        Some(name) => Err(Unserved::NoBody {
            key: resp.key.clone(),
            name: name.to_string(),
        }),
        None => Ok(()),
    }
}

/// What [`choose_body`] picks, as the journal and coverage record it.
pub fn example_use(content: &Content, example: Option<&str>, dynamic: bool) -> ExampleUse {
    match choose_body(content, example, dynamic) {
        Err(_) => ExampleUse::None,
        Ok(BodyChoice::Named(i)) => ExampleUse::Named(i),
        Ok(BodyChoice::Dynamic) => ExampleUse::Dynamic,
        Ok(BodyChoice::Default) => {
            if !content.examples.is_empty() {
                ExampleUse::Named(0)
            } else if content.body.as_ref().is_some_and(|b| !b.is_empty()) {
                ExampleUse::Generated
            } else {
                ExampleUse::None
            }
        }
    }
}

/// What the mock itself refuses, before or instead of a chosen response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Raised {
    /// The request breaks the contract (the worst class of its violations).
    Invalid(Class),
    /// `Accept` rules out every documented content (406).
    NotAcceptable,
    /// The body did not arrive in time (408).
    Timeout,
    /// The body is over the size limit (413).
    TooLarge,
}

impl Raised {
    /// The documented statuses that answer it, best first.
    fn candidates(self) -> &'static [&'static str] {
        match self {
            Raised::Invalid(Class::Security) => &["401"],
            Raised::Invalid(Class::ContentType) => &["415", "422", "400"],
            Raised::Invalid(Class::Malformed) => &["400", "422"],
            Raised::Invalid(Class::Invalid) => &["422", "400"],
            Raised::NotAcceptable => &["406"],
            Raised::Timeout => &["408"],
            Raised::TooLarge => &["413"],
        }
    }

    /// Its status: also the status of a `default` response answering it,
    /// and of the mock's own problem+json where nothing does.
    pub fn status(self) -> StatusCode {
        served_status(self.candidates()[0])
    }

    /// Why the mock adds this status to the served contract.
    fn added_because(self) -> &'static str {
        match self {
            Raised::Invalid(Class::Security) => {
                "Added by the mock: credentials are missing or not accepted"
            }
            Raised::Invalid(Class::ContentType) => {
                "Added by the mock: the request body's content type is not documented"
            }
            Raised::Invalid(Class::Malformed) => {
                "Added by the mock: the request body cannot be read as its content type"
            }
            Raised::Invalid(Class::Invalid) => {
                "Added by the mock: the request does not match the contract"
            }
            Raised::NotAcceptable => "Added by the mock: the `Accept` header cannot be met",
            Raised::Timeout => "Added by the mock: the request body did not arrive in time",
            Raised::TooLarge => "Added by the mock: the request body is over the size limit",
        }
    }

    /// Whether the mock can raise it for `op` at all.
    fn can_happen(self, op: &Op) -> bool {
        match self {
            Raised::Invalid(Class::Security) => !op.security.is_empty(),
            Raised::NotAcceptable => op.responses.iter().any(|r| !r.content.is_empty()),
            Raised::Invalid(Class::Malformed) => op.body.as_ref().is_some_and(|b| {
                b.media.iter().any(|m| {
                    m.schema.is_some()
                        && matches!(
                            m.kind,
                            BodyKind::Json | BodyKind::Form | BodyKind::Multipart
                        )
                })
            }),
            Raised::Invalid(_) | Raised::Timeout | Raised::TooLarge => true,
        }
    }
}

/// In the served contract's order.
const RAISED: [Raised; 7] = [
    Raised::Invalid(Class::Security),
    Raised::NotAcceptable,
    Raised::Timeout,
    Raised::TooLarge,
    Raised::Invalid(Class::ContentType),
    Raised::Invalid(Class::Malformed),
    Raised::Invalid(Class::Invalid),
];

/// The vendor's documented response for what the mock refuses, and the
/// status it is sent with: the first candidate documented (with its own
/// status), else `default` (with [`Raised::status`]); None: the mock
/// answers with its own problem+json.
pub fn documented_error(op: &Op, raised: Raised) -> Option<(usize, StatusCode)> {
    let candidates = raised.candidates();
    candidates
        .iter()
        .find_map(|k| op.response(k).map(|i| (i, served_status(k))))
        .or_else(|| op.response("default").map(|i| (i, raised.status())))
}

/// Statuses the mock itself may send for an operation where the vendor
/// documents nothing to send instead, with why.
pub fn mock_statuses(op: &Op) -> Vec<(u16, &'static str)> {
    RAISED
        .into_iter()
        .filter(|r| r.can_happen(op) && documented_error(op, *r).is_none())
        .map(|r| (r.status().as_u16(), r.added_because()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use generator::model::Contract;
    use serde_json::json;

    /// The one operation of a contract documenting `keys` (each with a
    /// JSON body), with or without a security requirement.
    fn op(keys: &[&str], secured: bool) -> Op {
        let responses: serde_json::Map<String, serde_json::Value> = keys
            .iter()
            .map(|k| {
                (
                    k.to_string(),
                    json!({"description": "", "content": {"application/json": {
                        "schema": {"type": "object"}, "example": {"k": k}
                    }}}),
                )
            })
            .collect();
        let mut operation = json!({
            "operationId": "op",
            "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
            "responses": responses,
        });
        if secured {
            operation["security"] = json!([{"key": []}]);
        }
        let contract: Contract = serde_json::from_value(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"post": operation}},
            "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "k"}}},
        }))
        .unwrap();
        crate::compile::compile("v", contract).ops.remove(0)
    }

    fn key(op: &Op, found: Option<(usize, StatusCode)>) -> Option<(&str, u16)> {
        found.map(|(i, s)| (op.responses[i].key.as_str(), s.as_u16()))
    }

    #[test]
    fn without_preferences_the_lowest_success_then_default_then_the_first() {
        let o = op(&["404", "default", "204", "201"], false);
        assert_eq!(key(&o, select(&o, None).ok()), Some(("201", 201)));
        // a documented code before the range (Prism sorts `201` before `2XX`)
        let o = op(&["201", "2XX"], false);
        assert_eq!(key(&o, select(&o, None).ok()), Some(("201", 201)));
        assert_eq!(why_selected(&o.responses[0], false), Why::Lowest2xx);
        let o = op(&["2XX", "404"], false);
        assert_eq!(key(&o, select(&o, None).ok()), Some(("2XX", 200)));
        let o = op(&["404", "default"], false);
        assert_eq!(key(&o, select(&o, None).ok()), Some(("default", 200)));
        let o = op(&["500", "404"], false);
        assert_eq!(key(&o, select(&o, None).ok()), Some(("404", 404)));
        assert_eq!(why_selected(&o.responses[0], false), Why::FirstDocumented);
    }

    #[test]
    fn a_code_preference_takes_exact_then_range_then_default() {
        let o = op(&["200", "4XX", "404"], false);
        assert_eq!(key(&o, select(&o, Some(404)).ok()), Some(("404", 404)));
        assert_eq!(key(&o, select(&o, Some(409)).ok()), Some(("4XX", 409)));
        assert_eq!(
            select(&o, Some(500)).unwrap_err().to_string(),
            "Requested status code 500 is not documented for op (POST); documented: 200, 404, 4XX"
        );
    }

    #[test]
    fn the_mock_adds_a_status_exactly_where_nothing_documented_answers_it() {
        let o = op(&["200"], true);
        let added: Vec<u16> = mock_statuses(&o).into_iter().map(|(s, _)| s).collect();
        assert_eq!(added, [401, 406, 408, 413, 415, 400, 422]);
        for raised in RAISED {
            assert_eq!(documented_error(&o, raised), None);
        }
        let o = op(&["200", "400"], false);
        let added: Vec<u16> = mock_statuses(&o).into_iter().map(|(s, _)| s).collect();
        assert_eq!(added, [406, 408, 413]);
        let found = documented_error(&o, Raised::Invalid(Class::ContentType));
        assert_eq!(key(&o, found), Some(("400", 400)));
        let o = op(&["200", "default"], true);
        assert!(mock_statuses(&o).is_empty());
        let found = documented_error(&o, Raised::Invalid(Class::Security));
        assert_eq!(key(&o, found), Some(("default", 401)));
    }

    #[test]
    fn a_named_example_must_exist() {
        let o = op(&["200"], false);
        let c = &o.responses[0].content[0];
        assert_eq!(choose_body(c, None, false), Ok(BodyChoice::Default));
        assert_eq!(choose_body(c, None, true), Ok(BodyChoice::Dynamic));
        assert_eq!(example_use(c, None, false), ExampleUse::Named(0));
        let missing = choose_body(c, Some("nope"), false).unwrap_err();
        assert_eq!(
            missing.to_string(),
            "Response for contentType: application/json and exampleKey: nope does not exist; documented examples: example"
        );
        assert_eq!(example_use(c, Some("nope"), false), ExampleUse::None);
    }
}
