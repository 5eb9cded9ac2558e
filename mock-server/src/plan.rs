//! The compiled plan: per vendor and operation, what the mock checks
//! (parameters, security, body) and what it can send (every documented
//! response with its bodies already serialized). [`crate::compile`] builds
//! it once per load; the request path only reads it.

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use generator::model::{Contract, Method, ParamLocation, Schema};
use generator::validate::{Patterns, Validator};
use http::{HeaderName, HeaderValue, StatusCode};

use crate::coverage::Counter;
use crate::error_body::MessageSlot;
use crate::router::Router;
use crate::served_contract::ServedContract;

/// One vendor, ready to serve.
pub struct Vendor {
    pub name: Arc<str>,
    /// The contract without its paths: `info`, servers, security and the
    /// components the request path validates against. Its operations
    /// are compiled into `ops` and written into the served document; the
    /// model's copy is dropped at compile (for a large spec it is a third
    /// of the contract).
    pub contract: Contract,
    pub patterns: Patterns,
    pub ops: Vec<Op>,
    pub router: Router,
    /// Server base paths also accepted under the mount (`/v1/public`).
    pub base_paths: Vec<String>,
    /// What the mock changed or could not do, for the log and `/__mock/operations`.
    pub notices: Vec<String>,
    /// Query parameter names that carry credentials (redacted in logs).
    pub secret_query: Vec<String>,
    /// `/__mock/openapi/<vendor>.json` (see [`Vendor::served_contract`]).
    pub served: ServedContract,
}

impl Vendor {
    pub fn validator(&self) -> Validator<'_> {
        Validator::with_patterns(&self.contract.components.schemas, &self.patterns)
    }

    /// `/__mock/openapi/<vendor>.json`: the contract plus the responses the
    /// mock itself sends where the vendor documents none (written on the
    /// first call; see [`crate::served_contract::ServedContract::document`]).
    pub fn served_contract(&self) -> std::io::Result<Bytes> {
        self.served.document(&self.name, &self.contract)
    }
}

pub struct Op {
    pub id: Arc<str>,
    pub method: Method,
    pub path: String,
    pub deprecated: bool,
    pub params: Vec<Param>,
    /// Alternatives (any one), each a set of schemes (all of them).
    pub security: Vec<Vec<Scheme>>,
    pub body: Option<Body>,
    pub responses: Vec<Resp>,
    /// What is sent without preferences (see [`crate::selection::default_response`]).
    pub default_response: Option<(usize, StatusCode)>,
    /// Times answered, and answered with an undocumented status (coverage).
    pub calls: Counter,
    pub undocumented: Counter,
}

impl Op {
    /// The response documented under `key`.
    pub fn response(&self, key: &str) -> Option<usize> {
        self.responses.iter().position(|r| r.key == key)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    String,
    Number,
    Integer,
    Boolean,
    Array,
    Object,
    Any,
}

pub struct Param {
    pub name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub schema: Schema,
    pub kind: ParamKind,
    /// Item kind of an array parameter.
    pub item_kind: ParamKind,
    pub explode: bool,
    /// `style: deepObject` (`?filter[key]=value`).
    pub deep: bool,
}

#[derive(Debug, Clone)]
pub enum SchemeKind {
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    Bearer,
    Basic,
    OtherHttp(String),
}

#[derive(Debug, Clone)]
pub struct Scheme {
    pub name: String,
    pub kind: SchemeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Form,
    Multipart,
    Text,
    Other,
}

pub struct BodyMedia {
    /// Lower-case media range as documented (`application/json`, `*/*`).
    pub media: String,
    pub kind: BodyKind,
    pub schema: Option<Schema>,
}

pub struct Body {
    pub required: bool,
    pub media: Vec<BodyMedia>,
}

pub struct Example {
    pub name: String,
    pub body: Bytes,
    /// The documented value contradicted its schema and was repaired.
    pub replaced: bool,
    /// Times sent (contract coverage).
    pub hits: Counter,
}

pub struct Content {
    pub media: String,
    pub content_type: HeaderValue,
    pub schema: Option<Schema>,
    pub json: bool,
    pub examples: Vec<Example>,
    /// The body when no example is asked for: the first example, else a
    /// generated sample; None when the schema admits no value we can make.
    pub body: Option<Bytes>,
    /// Where that body's message-like field is, for an error that says
    /// why; found on first use (see [`Content::message`]).
    pub message: OnceLock<Option<MessageSlot>>,
}

impl Content {
    /// Where the default body's message-like field is (JSON bodies only).
    /// Looked for when an error first needs it, not at load: most bodies
    /// are never sent as an error, and the slot keeps a parsed copy.
    /// `validator` is the vendor's, for responses.
    pub fn message(&self, validator: &Validator) -> Option<&MessageSlot> {
        self.message
            .get_or_init(|| {
                let body = self.body.as_ref().filter(|_| self.json)?;
                MessageSlot::find(body, self.schema.as_ref(), validator)
            })
            .as_ref()
    }
}

pub struct Resp {
    /// `200`, `2XX` or `default`.
    pub key: String,
    /// The status it is served with when chosen by default.
    pub status: StatusCode,
    pub content: Vec<Content>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// Times sent (contract coverage).
    pub hits: Counter,
}

impl Resp {
    /// The content served without negotiation: the first with an example,
    /// else the first with a body.
    pub fn plain_content(&self) -> Option<&Content> {
        self.content
            .iter()
            .find(|c| !c.examples.is_empty())
            .or_else(|| self.content.iter().find(|c| c.body.is_some()))
            .or(self.content.first())
    }
}
