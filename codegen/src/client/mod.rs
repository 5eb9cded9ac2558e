//! Operations -> the vendor's async client: one method per operation,
//! credentials from the security schemes, per-status response enums.
//! `plan` decides names, arguments and types (shared with `symbols`, so a
//! diff names the items the client really has); `emit` writes the tokens.

mod emit;
mod plan;

pub use emit::{emit_client, emit_op_items};
pub use plan::plan;
pub(crate) use plan::typed_as_json;

use generator::model::{Method, ParamLocation, SecurityRequirement};

use super::ir::Ty;

/// How a parameter value is passed and written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ParamKind {
    Str,
    Int,
    Float,
    Bool,
    List,
}

pub(super) struct ParamPlan {
    pub(super) wire: String,
    pub(super) rust: String,
    pub(super) location: ParamLocation,
    kind: ParamKind,
    pub(super) required: bool,
    doc: Option<String>,
}

enum BodyKind {
    Json,
    Form,
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
    Bytes,
}

pub(super) struct RespPlan {
    pub(super) status: String,
    pub(super) variant: String,
    body: RespBody,
    doc: String,
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
