//! Operations -> the vendor's async client: one method per operation,
//! credentials from the security schemes, per-status response enums.
//! `plan` decides names, arguments and types (shared with `symbols`, so a
//! diff names the items the client really has); `emit` writes the client
//! and its methods, `params` each parameter's check and setting,
//! `responses` what an operation answers and how it is read.

mod emit;
mod params;
mod plan;
mod responses;

pub use emit::{emit_client, emit_op_items};
pub use plan::plan;
pub(crate) use plan::typed_as_json;

use generator::model::{Method, ParamLocation, SecurityRequirement};

use super::ir::{Checks, Ty};

/// How a parameter value is passed and written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ParamKind {
    Str,
    Int,
    Float,
    Bool,
    List,
    /// An object in the query: its properties as strings, by name.
    Object,
}

pub(super) struct ParamPlan {
    pub(super) wire: String,
    pub(super) rust: String,
    pub(super) location: ParamLocation,
    kind: ParamKind,
    /// How the value is written (OpenAPI `style` and `explode`, defaulted
    /// by location).
    style: ParamStyle,
    pub(super) required: bool,
    doc: Option<String>,
    /// The schema's keywords, checked before sending.
    rules: ParamRules,
}

/// OpenAPI's `style` and `explode` of a parameter, with the defaults of
/// its location filled in (path and header: `simple`, unexploded; query
/// and cookie: `form`, exploded). Styles that do not apply to a location
/// are read as its default.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ParamStyle {
    Simple,
    Label {
        explode: bool,
    },
    Matrix {
        explode: bool,
    },
    Form {
        explode: bool,
    },
    SpaceDelimited,
    PipeDelimited,
    /// `name[key]=value` per property of an object in the query.
    DeepObject,
}

impl ParamStyle {
    fn of(location: ParamLocation, style: Option<&str>, explode: Option<bool>) -> Self {
        match (location, style) {
            (ParamLocation::Path, Some("label")) => ParamStyle::Label {
                explode: explode.unwrap_or(false),
            },
            (ParamLocation::Path, Some("matrix")) => ParamStyle::Matrix {
                explode: explode.unwrap_or(false),
            },
            (ParamLocation::Query, Some("spaceDelimited")) if explode != Some(true) => {
                ParamStyle::SpaceDelimited
            }
            (ParamLocation::Query, Some("pipeDelimited")) if explode != Some(true) => {
                ParamStyle::PipeDelimited
            }
            (ParamLocation::Query, Some("deepObject")) => ParamStyle::DeepObject,
            (ParamLocation::Query | ParamLocation::Cookie, _) => ParamStyle::Form {
                explode: explode.unwrap_or(true),
            },
            (ParamLocation::Path | ParamLocation::Header, _) => ParamStyle::Simple,
        }
    }
}

/// A parameter schema's keywords (`Checks` holds the string, number and
/// array ones); a list's items have their own.
#[derive(Default)]
struct ParamRules {
    checks: Checks,
    /// `enum` values as JSON texts.
    allowed: Vec<String>,
    int32: bool,
    item: Option<Box<ParamRules>>,
}

impl ParamRules {
    fn is_empty(&self) -> bool {
        self.checks.is_empty() && self.allowed.is_empty() && !self.int32 && self.item.is_none()
    }
}

enum BodyKind {
    Json,
    Form,
    Multipart,
    /// `text/*`: a `&str`.
    Text,
    /// Anything else: `contract_runtime::Bytes`.
    Bytes,
}

struct BodyPlan {
    media: String,
    kind: BodyKind,
    ty: Option<usize>,
}

enum RespBody {
    None,
    Json(usize),
    /// `text/*`: a `String`.
    Text,
    Bytes,
}

pub(super) struct RespPlan {
    pub(super) status: String,
    pub(super) variant: String,
    body: RespBody,
    /// The media type the body is read as (a response with another one
    /// is an error of its own).
    media: String,
    doc: String,
    /// A documented success (2xx): `into_result()`'s `Ok` side.
    success: bool,
    /// The typed documented headers: the struct's name and its fields.
    pub(super) headers: Option<(String, Vec<HeaderPlan>)>,
}

/// A documented response header.
pub(super) struct HeaderPlan {
    pub(super) wire: String,
    pub(super) rust: String,
    kind: ParamKind,
    required: bool,
    /// Named like a credential: held as a `Secret`, never shown.
    secret: bool,
    doc: Option<String>,
}

pub struct OpPlan {
    pub(super) method: Method,
    pub(super) path: String,
    pub(super) fn_name: String,
    doc: Option<String>,
    deprecated: bool,
    pub(super) params: Vec<ParamPlan>,
    pub(super) options: Option<String>,
    body: Option<BodyPlan>,
    pub(super) response_enum: String,
    pub(super) responses: Vec<RespPlan>,
    /// The enum of the documented successes, when there are several.
    success_enum: Option<String>,
    security: Vec<SecurityRequirement>,
    /// Type index of the request body type, for example tests.
    pub body_type: Option<usize>,
    /// (status, type index) of JSON response bodies, for example tests.
    pub response_types: Vec<(String, usize)>,
    pub operation_id: String,
}

/// A client-wide header: required by every operation, set once.
pub(super) struct ClientHeader {
    pub(super) wire: String,
    pub(super) rust: String,
    doc: Option<String>,
}

pub(super) struct SchemePlan {
    pub(super) name: String,
    pub(super) field: String,
    kind: SchemeKind,
}

enum SchemeKind {
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    Bearer,
    Basic,
}

pub struct ClientPlan {
    ops: Vec<OpPlan>,
    pub(super) headers: Vec<ClientHeader>,
    pub(super) schemes: Vec<SchemePlan>,
    default_base_url: Option<String>,
}

impl ClientPlan {
    pub fn operations(&self) -> &[OpPlan] {
        &self.ops
    }
}
