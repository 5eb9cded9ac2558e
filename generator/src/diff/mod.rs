//! Contract drift: every difference between two contracts that a client
//! can feel, classified by a rule of [`rules::RULES`].
//!
//! Operations are matched by method and path template with parameter
//! names ignored (`/m/{id}` is `/m/{memberId}`); schemas are compared as a
//! reader sees them ([`crate::model::Components::flattened`]: whole
//! component `$ref`s followed, `allOf` parts merged), so moving a schema
//! into a component or an `allOf`, renaming a component, or reordering a
//! list is not a change. Output is sorted: the same pair gives the same
//! list.

mod api;
mod bodies;
mod counts;
mod impact;
mod operations;
mod parameters;
mod raw;
mod read;
pub mod render;
mod responses;
pub mod rules;
mod schema;
mod security;
mod servers;

use serde::Serialize;
use serde_json::Value;

use crate::model::{Contract, Method, Operation};
use crate::srcmap::SourceMap;

pub use counts::Counts;
// The client's symbol table matches operations the way the comparison does.
pub use operations::path_key;
pub(crate) use raw::{push, val, Raw};
pub use read::{read_contract, ReadError};
pub use rules::{rule_by_id, Level, Rule, RULES};

use impact::Impact;
pub use impact::{GeneratedItems, ItemIndex};
use schema::{Direction, Object, Walk};

/// The operation a change belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OperationRef {
    /// Path template (the revision's, or the base's for a removed operation).
    pub path: String,
    /// Upper case: `POST`.
    pub method: String,
    #[serde(rename = "operationId")]
    pub operation_id: String,
}

impl OperationRef {
    fn new(path: &str, method: Method, op: &Operation) -> Self {
        OperationRef {
            path: path.to_string(),
            method: method.upper(),
            operation_id: op.operation_id.clone(),
        }
    }

    /// `POST /v1/members (addMember)`.
    pub fn label(&self) -> String {
        if self.operation_id.is_empty() {
            format!("{} {}", self.method, self.path)
        } else {
            format!("{} {} ({})", self.method, self.path, self.operation_id)
        }
    }
}

/// One classified difference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// A rule id of [`RULES`].
    pub rule: &'static str,
    pub level: Level,
    pub vendor: String,
    /// None for API-wide changes (info, servers, security schemes, unused
    /// component schemas).
    pub operation: Option<OperationRef>,
    /// JSON pointer into the revision; what was removed keeps the pointer
    /// it had under its parent (a removed operation: the base's path).
    pub pointer: String,
    /// The base's value (None: absent).
    pub old: Option<Value>,
    /// The revision's value (None: absent).
    pub new: Option<Value>,
    pub message: String,
    /// `page:line` of the revision where its source map has one.
    pub location: Option<String>,
    /// Generated Rust items the change touches (breaking and warning
    /// changes only): `Client::add_member`, `AddMemberBody.role`, ...
    #[serde(rename = "client")]
    pub impact: Vec<String>,
}

/// What to add to the bare classification.
#[derive(Clone, Copy, Default)]
pub struct Options<'a> {
    /// Put on every change.
    pub vendor: &'a str,
    /// The revision's source map (from building it from pages): locations.
    pub new_map: Option<&'a SourceMap>,
    /// Names the generated Rust items that breaking and warning changes
    /// touch. The code generator supplies it: it depends on this crate, so
    /// the classification cannot call it directly.
    pub impact: Option<&'a dyn GeneratedItems>,
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("vendor", &self.vendor)
            .field("new_map", &self.new_map.map(|_| "..."))
            .field("impact", &self.impact.is_some())
            .finish()
    }
}

/// Every change from `old` to `new`, without client impact, sorted.
pub fn diff(old: &Contract, new: &Contract) -> Vec<Change> {
    compare(old, new, &Options::default())
}

/// Every change from `old` to `new`, sorted.
pub fn compare(old: &Contract, new: &Contract, options: &Options) -> Vec<Change> {
    let mut differ = Differ {
        old,
        new,
        out: Vec::new(),
        memo: schema::Memo::default(),
    };
    differ.contracts();
    if differ.memo.exhausted() {
        // Said, never silent: the report is a lower bound.
        tracing::warn!(
            vendor = options.vendor,
            "the comparison reached its schema-node budget; changes deeper in the reference graph are not reported"
        );
    }
    let level = |rule: &str| rule_by_id(rule).map_or(Level::Info, |r| r.level);
    let mut impact = match options.impact {
        Some(items) if differ.out.iter().any(|r| level(r.rule) >= Level::Warning) => {
            Some(Impact::new(items, old, new))
        }
        _ => None,
    };
    let mut changes: Vec<Change> = differ
        .out
        .into_iter()
        .map(|raw| {
            let phys = raw.phys.as_deref().unwrap_or(&raw.pointer);
            let location = options
                .new_map
                .and_then(|map| map.locate(phys))
                .map(|loc| format!("{}:{}", loc.file, loc.line));
            let level = level(raw.rule);
            let items = match &mut impact {
                Some(impact) if level >= Level::Warning => impact.items(&raw),
                _ => Vec::new(),
            };
            Change {
                rule: raw.rule,
                level,
                vendor: options.vendor.to_string(),
                operation: raw.operation,
                pointer: raw.pointer,
                old: raw.old,
                new: raw.new,
                message: raw.message,
                location,
                impact: items,
            }
        })
        .collect();
    sort(&mut changes);
    changes.dedup();
    changes
}

/// The order changes are reported in: vendor, API-wide first, then by
/// operation, pointer and rule.
pub fn sort(changes: &mut [Change]) {
    changes.sort_by(|a, b| {
        (&a.vendor, &a.operation, &a.pointer, a.rule, &a.message).cmp(&(
            &b.vendor,
            &b.operation,
            &b.pointer,
            b.rule,
            &b.message,
        ))
    });
}

/// The comparison of one pair of contracts. Its methods live in the
/// submodules, one per part of the document.
struct Differ<'a> {
    old: &'a Contract,
    new: &'a Contract,
    out: Vec<Raw>,
    /// Shared by every schema walk of the pair (see [`schema::Memo`]).
    memo: schema::Memo,
}

/// Where an operation is in both documents.
struct Here<'h> {
    op: &'h OperationRef,
    /// The operation's pointer in the revision.
    new: String,
    /// ... and in the base.
    old: String,
}

impl<'a> Differ<'a> {
    fn push(&mut self, rule: &'static str, op: Option<&OperationRef>, pointer: String) -> &mut Raw {
        push(&mut self.out, rule, op, pointer)
    }

    fn contracts(&mut self) {
        self.info();
        let (old, new) = (self.old, self.new);
        self.servers(&old.servers, &new.servers, "/servers", "/servers", None);
        self.security_schemes();
        self.operations();
        self.unused_schemas();
    }

    fn walk<'w>(&'w mut self, dir: Direction, object: Object, op: &'w OperationRef) -> Walk<'w> {
        Walk::new(
            &self.old.components,
            &self.new.components,
            dir,
            object,
            op,
            &mut self.out,
            &mut self.memo,
        )
    }
}
