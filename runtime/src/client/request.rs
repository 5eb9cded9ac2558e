//! Building and sending one request: what a generated method hands over
//! (path, parameters, credentials, body) is collected here and checked
//! before anything is sent, so a request that breaks the contract never
//! reaches the network. Not generic over the vendor: compiled once.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, COOKIE};

use super::{ClientCore, ClientError, ParamRules, ParamValue, Received, Secret};
use crate::{Direction, Validate, Validator};

/// Where an API key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// One security scheme's credential, as a request sends it.
#[derive(Debug, Clone, Copy)]
pub enum Credential<'a> {
    /// `Authorization: Bearer <token>`.
    Bearer(&'a Secret),
    /// `Authorization: Basic <user:password>`.
    Basic(&'a super::BasicAuth),
    /// A key in the header, query parameter or cookie `name`.
    ApiKey {
        location: KeyLocation,
        name: &'static str,
        key: &'a Secret,
    },
}

/// A vendor's credentials, by security scheme: implemented by the
/// generated `Credentials` (schemes are numbered in contract order).
pub trait Authorize {
    /// Scheme `index`: its name in the contract, and its credential when set.
    fn scheme(&self, index: usize) -> (&'static str, Option<Credential<'_>>);
}

/// A request being built by a generated method; [`Request::send`] sends it.
pub struct Request<'c> {
    core: &'c ClientCore,
    method: reqwest::Method,
    path: String,
    query: Vec<(std::borrow::Cow<'static, str>, String)>,
    /// (name, value, sensitive); names are checked when sending.
    headers: Vec<(&'static str, String, bool)>,
    cookies: Vec<String>,
    auth: Option<Auth<'c>>,
    body: Option<Body>,
}

/// What a request carries: bytes of a media type, or a multipart form
/// (reqwest writes its boundary and streams its parts, so a multipart
/// request is sent once: it has no copy to retry with).
enum Body {
    Bytes { media: String, bytes: bytes::Bytes },
    Multipart(reqwest::multipart::Form),
}

enum Auth<'c> {
    Bearer(&'c str),
    Basic(&'c str, &'c str),
}

impl<'c> Request<'c> {
    pub(super) fn new(core: &'c ClientCore, method: reqwest::Method, path: &str) -> Self {
        Request {
            core,
            method,
            path: path.to_string(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            auth: None,
            body: None,
        }
    }

    /// Add query parameter `name`.
    pub fn query(&mut self, name: &'static str, value: String) {
        self.query.push((name.into(), value));
    }

    /// Add query object `name` in `style`: `form` exploded writes each
    /// property as its own pair (`R=100&G=200`), unexploded as one list
    /// (`color=R,100,G,200`); `deepObject` as `color[R]=100&color[G]=200`.
    pub fn query_object(
        &mut self,
        name: &'static str,
        style: super::QueryStyle,
        explode: bool,
        values: &std::collections::BTreeMap<String, String>,
    ) {
        match (style, explode) {
            (super::QueryStyle::DeepObject, _) => {
                for (key, value) in values {
                    self.query
                        .push((format!("{name}[{key}]").into(), value.clone()));
                }
            }
            (_, true) => {
                for (key, value) in values {
                    self.query.push((key.clone().into(), value.clone()));
                }
            }
            (_, false) => {
                let joined: Vec<&str> = values
                    .iter()
                    .flat_map(|(k, v)| [k.as_str(), v.as_str()])
                    .collect();
                self.query(name, joined.join(","));
            }
        }
    }

    /// Add query parameter `name` once per item (`form` style, exploded).
    pub fn query_each(&mut self, name: &'static str, values: &[String]) {
        for value in values {
            self.query.push((name.into(), value.clone()));
        }
    }

    /// Add query list `name` in `style`: one pair per item, or one pair
    /// with the items joined by the style's delimiter (which the query
    /// encoding then escapes like any other character).
    pub fn query_styled(
        &mut self,
        name: &'static str,
        style: super::QueryStyle,
        explode: bool,
        values: &[String],
    ) {
        match style.delimiter(explode) {
            None => self.query_each(name, values),
            Some(delimiter) => self.query(name, values.join(delimiter)),
        }
    }

    /// Set header parameter `name`.
    pub fn header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value, false));
    }

    /// Set a header the client holds for every operation. The contract
    /// requires it, so one never set is an error naming it (sent without
    /// it when request validation is off).
    pub fn client_header(
        &mut self,
        name: &'static str,
        value: Option<&Secret>,
    ) -> Result<(), ClientError> {
        match value {
            Some(value) => self.headers.push((name, value.expose().to_string(), true)),
            None if self.core.validates_requests() => {
                return Err(ClientError::MissingParameter {
                    location: "header",
                    name,
                })
            }
            None => {}
        }
        Ok(())
    }

    /// Add cookie parameter `name`.
    pub fn cookie(&mut self, name: &'static str, value: &str) {
        self.cookies.push(format!("{name}={value}"));
    }

    /// Check parameter `name` at `location` against its rules, when
    /// request validation is on.
    pub fn check(
        &self,
        location: &'static str,
        name: &'static str,
        value: ParamValue<'_>,
        rules: &ParamRules<'_>,
    ) -> Result<(), ClientError> {
        if !self.core.validates_requests() {
            return Ok(());
        }
        let mut v = Validator::new(Direction::Request);
        super::params::check_value(&mut v, value, rules);
        v.finish()
            .map_err(|violations| ClientError::InvalidParameter {
                location,
                name,
                violations,
            })
    }

    /// Send the credentials the operation's security requirement asks
    /// for: the first alternative (a list of scheme indexes) whose
    /// credentials are all set. None is: an error naming what each
    /// alternative lacks, unless the operation also accepts no
    /// credentials (an empty alternative). With request validation off,
    /// the request goes as built: with what is set of the first
    /// alternative that has anything set.
    pub fn authorize(
        &mut self,
        credentials: &'c dyn Authorize,
        alternatives: &[&[usize]],
    ) -> Result<(), ClientError> {
        let set = |scheme: usize| credentials.scheme(scheme).1.is_some();
        let complete = alternatives
            .iter()
            .find(|alt| !alt.is_empty() && alt.iter().all(|s| set(*s)));
        let optional = alternatives.is_empty() || alternatives.iter().any(|alt| alt.is_empty());
        let chosen = match complete {
            Some(alt) => alt,
            None if optional => return Ok(()),
            None if !self.core.validates_requests() => {
                match alternatives.iter().find(|alt| alt.iter().any(|s| set(*s))) {
                    Some(alt) => alt,
                    None => return Ok(()),
                }
            }
            None => {
                let missing = alternatives
                    .iter()
                    .map(|alt| {
                        alt.iter()
                            .filter(|s| !set(**s))
                            .map(|s| credentials.scheme(*s).0)
                            .collect()
                    })
                    .collect();
                return Err(ClientError::MissingCredentials {
                    alternatives: missing,
                });
            }
        };
        for scheme in chosen.iter() {
            match credentials.scheme(*scheme).1 {
                Some(Credential::Bearer(token)) => self.auth = Some(Auth::Bearer(token.expose())),
                Some(Credential::Basic(basic)) => {
                    self.auth = Some(Auth::Basic(basic.user.expose(), basic.password.expose()))
                }
                Some(Credential::ApiKey {
                    location,
                    name,
                    key,
                }) => match location {
                    KeyLocation::Header => {
                        self.headers.push((name, key.expose().to_string(), true))
                    }
                    KeyLocation::Query => self.query.push((name.into(), key.expose().to_string())),
                    KeyLocation::Cookie => self.cookie(name, key.expose()),
                },
                None => {}
            }
        }
        Ok(())
    }

    /// A JSON body sent as `media`, validated first when request
    /// validation is on.
    pub fn json<T: serde::Serialize + Validate + ?Sized>(
        &mut self,
        body: &T,
        media: &str,
    ) -> Result<(), ClientError> {
        check_request(body, self.core.validates_requests())?;
        let bytes = serde_json::to_vec(body).map_err(|e| ClientError::Encode(e.to_string()))?;
        self.bytes(bytes.into(), media);
        Ok(())
    }

    /// An `application/x-www-form-urlencoded` body, validated first.
    pub fn form<T: serde::Serialize + Validate + ?Sized>(
        &mut self,
        body: &T,
    ) -> Result<(), ClientError> {
        check_request(body, self.core.validates_requests())?;
        let text =
            serde_urlencoded::to_string(body).map_err(|e| ClientError::Encode(e.to_string()))?;
        self.bytes(
            text.into_bytes().into(),
            "application/x-www-form-urlencoded",
        );
        Ok(())
    }

    /// A `multipart/form-data` body: the type's fields as parts,
    /// validated first.
    pub fn multipart<T: super::Multipart + Validate + ?Sized>(
        &mut self,
        body: &T,
    ) -> Result<(), ClientError> {
        check_request(body, self.core.validates_requests())?;
        let mut parts = super::body::Parts::new();
        body.parts(&mut parts);
        self.body = Some(Body::Multipart(parts.finish()?));
        Ok(())
    }

    /// A text body (`text/plain` and the like), sent as `media`.
    pub fn text(&mut self, body: &str, media: &str) {
        self.bytes(bytes::Bytes::copy_from_slice(body.as_bytes()), media);
    }

    /// A body sent as it is, as `media`.
    pub fn bytes(&mut self, body: bytes::Bytes, media: &str) {
        self.body = Some(Body::Bytes {
            media: media.to_string(),
            bytes: body,
        });
    }

    /// Send the request and read the whole response.
    pub async fn send(self) -> Result<Received, ClientError> {
        let core = self.core;
        let url = format!("{}{}", core.base_url().trim_end_matches('/'), self.path);
        let url = reqwest::Url::parse(&url)
            .map_err(|_| ClientError::Url(super::redacted_url_text(&url)))?;
        let mut headers = HeaderMap::new();
        for (name, value, sensitive) in &self.headers {
            insert(&mut headers, name, value, *sensitive)?;
        }
        if !self.cookies.is_empty() {
            insert(
                &mut headers,
                COOKIE.as_str(),
                &self.cookies.join("; "),
                true,
            )?;
        }
        let mut builder = core
            .http()
            .request(self.method.clone(), url)
            .headers(headers);
        if !self.query.is_empty() {
            builder = builder.query(&self.query);
        }
        builder = match self.auth {
            Some(Auth::Bearer(token)) => builder.bearer_auth(token),
            Some(Auth::Basic(user, password)) => builder.basic_auth(user, Some(password)),
            None => builder,
        };
        builder = match self.body {
            Some(Body::Bytes { media, bytes }) => builder.header(CONTENT_TYPE, media).body(bytes),
            Some(Body::Multipart(form)) => builder.multipart(form),
            None => builder,
        };
        if let Some(timeout) = core.timeout() {
            builder = builder.timeout(timeout);
        }
        let (status, headers, body) =
            send_with_retries(builder, &self.method, core.retries()).await?;
        Ok(Received::new(
            status,
            headers,
            body,
            core.validates_responses(),
        ))
    }
}

/// Send `builder`, again while `retries` allows it and the body can be
/// copied (bytes can, a multipart stream cannot), and read the whole last
/// answer.
async fn send_with_retries(
    mut builder: reqwest::RequestBuilder,
    method: &reqwest::Method,
    retries: &super::Retries,
) -> Result<(u16, HeaderMap, bytes::Bytes), ClientError> {
    let mut retry = 0;
    loop {
        // Sending consumes the builder: the next attempt's copy is taken
        // first, and only when one may follow.
        let next = if retries.may_retry(method, retry) {
            builder.try_clone()
        } else {
            None
        };
        let outcome = builder.send().await;
        let wait = match (&outcome, &next) {
            (_, None) => None,
            (Ok(response), Some(_)) => retries.after_answer(
                method,
                retry,
                response.status().as_u16(),
                response.headers(),
            ),
            (Err(error), Some(_)) => retries.after_error(method, retry, error),
        };
        match (wait, next) {
            (Some(wait), Some(next)) => {
                drop(outcome);
                tokio::time::sleep(wait).await;
                builder = next;
                retry += 1;
            }
            _ => {
                let response = outcome?;
                let status = response.status().as_u16();
                let mut headers = response.headers().clone();
                super::response::mark_sensitive(&mut headers);
                let body = response.bytes().await?;
                return Ok((status, headers, body));
            }
        }
    }
}

fn insert(
    headers: &mut HeaderMap,
    name: &str,
    value: &str,
    sensitive: bool,
) -> Result<(), ClientError> {
    let invalid = || ClientError::InvalidHeader {
        name: name.to_string(),
    };
    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
    let mut value = HeaderValue::from_str(value).map_err(|_| invalid())?;
    value.set_sensitive(sensitive);
    headers.append(header, value);
    Ok(())
}

/// Check a request body before sending, when request validation is on.
pub fn check_request<T: Validate + ?Sized>(body: &T, on: bool) -> Result<(), ClientError> {
    if !on {
        return Ok(());
    }
    body.validate_as(Direction::Request)
        .map_err(ClientError::InvalidRequest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::BasicAuth;

    struct Creds {
        key: Option<Secret>,
        basic: Option<BasicAuth>,
    }

    impl Authorize for Creds {
        fn scheme(&self, index: usize) -> (&'static str, Option<Credential<'_>>) {
            match index {
                0 => (
                    "apiKey",
                    self.key.as_ref().map(|key| Credential::ApiKey {
                        location: KeyLocation::Query,
                        name: "api_key",
                        key,
                    }),
                ),
                _ => ("basic", self.basic.as_ref().map(Credential::Basic)),
            }
        }
    }

    #[test]
    fn the_first_complete_alternative_is_sent_and_none_is_an_error() {
        let core = ClientCore::new("http://127.0.0.1:9");
        let only_key = Creds {
            key: Some("k".into()),
            basic: None,
        };
        let mut request = Request::new(&core, reqwest::Method::GET, "/x");
        request.authorize(&only_key, &[&[0, 1], &[0]]).unwrap();
        assert_eq!(request.query, [("api_key".into(), "k".to_string())]);
        assert!(request.auth.is_none());
        let mut request = Request::new(&core, reqwest::Method::GET, "/x");
        match request.authorize(&only_key, &[&[0, 1]]) {
            Err(ClientError::MissingCredentials { alternatives }) => {
                assert_eq!(alternatives, [vec!["basic"]])
            }
            other => panic!("expected MissingCredentials, got {other:?}"),
        }
        // An empty alternative: credentials are optional.
        let none = Creds {
            key: None,
            basic: None,
        };
        let mut request = Request::new(&core, reqwest::Method::GET, "/x");
        request.authorize(&none, &[&[1], &[]]).unwrap();
        assert!(request.query.is_empty() && request.auth.is_none());
    }

    #[test]
    fn parameters_are_checked_by_the_keyword_rules() {
        let core = ClientCore::new("http://127.0.0.1:9");
        let request = Request::new(&core, reqwest::Method::GET, "/x");
        let rules = ParamRules {
            number: crate::validate::NumberRules {
                maximum: Some(100.0),
                ..Default::default()
            },
            ..Default::default()
        };
        match request.check("query", "per_page", ParamValue::Int(101), &rules) {
            Err(ClientError::InvalidParameter {
                location,
                name,
                violations,
            }) => {
                assert_eq!((location, name), ("query", "per_page"));
                assert_eq!(violations[0].keyword, "maximum");
            }
            other => panic!("expected InvalidParameter, got {other:?}"),
        }
        let mut off = ClientCore::new("http://127.0.0.1:9");
        off.set_validate_requests(false);
        let request = Request::new(&off, reqwest::Method::GET, "/x");
        assert!(request
            .check("query", "per_page", ParamValue::Int(101), &rules)
            .is_ok());
    }
}
