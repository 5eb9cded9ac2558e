//! The schema walk: two schemas compared as a reader sees them (whole
//! component `$ref`s followed and `allOf` merged by
//! [`Components::flattened`](crate::model::Components::flattened)),
//! keyword by keyword, then property by property, with the level set by
//! direction (request or response).
//!
//! This module holds what the walk's parts share: where a node is
//! ([`At`]), what the walks of one pair of contracts remember
//! ([`Memo`]), direction and element kind, and the limits.

mod composition;
mod keywords;
mod normalize;
mod properties;
mod walk;

use crate::model::Schema;
use crate::pointer::escape_pointer;

pub(super) use normalize::{shape, type_of};
pub(super) use walk::Walk;

/// Deepest nesting compared (recursive schemas stop earlier, at the
/// first pair of references already being compared).
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    /// Sent by the client: narrowing breaks.
    Request,
    /// Read by the client: widening breaks.
    Response,
}

impl Direction {
    fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
        }
    }
}

/// What kind of element a schema describes (part of the rule id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Object {
    /// A parameter's schema (and its items).
    Parameter,
    /// A body schema, its properties, items and alternatives.
    Property,
}

impl Object {
    fn as_str(self) -> &'static str {
        match self {
            Object::Parameter => "parameter",
            Object::Property => "property",
        }
    }
}

/// Where a schema node is: its pointer in the revision, in the base, the
/// nearest place in the revision a source map knows (inside the component
/// when the node is a `$ref`), and a label for messages.
#[derive(Debug, Clone)]
pub(super) struct At {
    ptr: String,
    base: String,
    phys: String,
    label: String,
}

impl At {
    pub(super) fn root(ptr: String, base: String, label: String) -> At {
        At {
            phys: ptr.clone(),
            ptr,
            base,
            label,
        }
    }

    /// Locate inside the component the revision's schema refers to.
    pub(super) fn with_new_ref(mut self, schema: Option<&Schema>) -> At {
        if let Some(phys) = schema.and_then(component_pointer) {
            self.phys = phys;
        }
        self
    }

    fn child(&self, new_token: &str, old_token: &str, new: &Schema, label: String) -> At {
        At {
            ptr: under(&self.ptr, new_token),
            base: under(&self.base, old_token),
            phys: component_pointer(new).unwrap_or_else(|| under(&self.phys, new_token)),
            label,
        }
    }

    fn keyword(&self, keyword: &str) -> (String, String) {
        (
            format!("{}/{keyword}", self.ptr),
            format!("{}/{keyword}", self.base),
        )
    }
}

/// `/components/schemas/X` for a schema that is (or wraps in a one-part
/// `allOf`) a whole reference to component `X`.
fn component_pointer(schema: &Schema) -> Option<String> {
    let reference = schema.reference.as_deref().or_else(|| {
        (schema.all_of.len() == 1)
            .then(|| schema.all_of[0].reference.as_deref())
            .flatten()
    })?;
    let name = crate::model::whole_schema_ref_name(reference)?;
    Some(format!("/components/schemas/{}", escape_pointer(&name)))
}

/// `base` extended by an already-escaped pointer `token` (none when empty).
fn under(base: &str, token: &str) -> String {
    if token.is_empty() {
        base.to_string()
    } else {
        format!("{base}/{token}")
    }
}

/// Most schema nodes compared for one pair of contracts; past it the walk
/// stops descending (a guard against reference graphs that fan out).
const MAX_NODES: usize = 1_000_000;

/// What the walks of one pair of contracts share: pairs of component
/// references already compared completely without a change (compared
/// again elsewhere, they would again report nothing), pairs already
/// compared for an operation (a component used at several places in one
/// operation reports its changes once, at the first), and a node budget.
#[derive(Debug, Default)]
pub(super) struct Memo {
    clean: std::collections::HashSet<CleanKey>,
    done: std::collections::HashSet<(String, String, String, bool, bool)>,
    /// Shapes of whole components, by (revision side?, pointer).
    shapes: std::collections::HashMap<(bool, String), String>,
    nodes: usize,
    /// Walks cut short by the depth or node limit: a subtree walked while
    /// this grew is not known to be clean.
    cuts: usize,
}

impl Memo {
    /// The node budget ran out: what lies deeper was not compared.
    pub(super) fn exhausted(&self) -> bool {
        self.nodes > MAX_NODES
    }
}

/// How a constraint moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// Fewer values are valid.
    Tightened,
    /// More values are valid.
    Relaxed,
    /// Different values are valid (a pattern or format swapped).
    Changed,
}

/// (base reference, revision reference, request?, parameter?).
type CleanKey = (String, String, bool, bool);
