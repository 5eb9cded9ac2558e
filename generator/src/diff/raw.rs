//! A change as the comparison records it, before levels, locations and
//! client impact are added, and the helpers that fill one in.

use serde::Serialize;
use serde_json::Value;

use super::OperationRef;

/// A change before levels, locations and impact are added.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    pub(crate) rule: &'static str,
    pub(crate) operation: Option<OperationRef>,
    pub(crate) pointer: String,
    /// Where the element lives in the revision (for the source map).
    pub(crate) phys: Option<String>,
    /// Where the element lived in the base (for client impact), when it
    /// existed there.
    pub(crate) base: Option<String>,
    pub(crate) old: Option<Value>,
    pub(crate) new: Option<Value>,
    pub(crate) message: String,
}

/// Record a change at `pointer` (in the revision); fill it in with
/// [`Raw`]'s builder methods.
pub(crate) fn push<'o>(
    out: &'o mut Vec<Raw>,
    rule: &'static str,
    op: Option<&OperationRef>,
    pointer: String,
) -> &'o mut Raw {
    out.push(Raw {
        rule,
        operation: op.cloned(),
        pointer,
        phys: None,
        base: None,
        old: None,
        new: None,
        message: String::new(),
    });
    let last = out.len() - 1;
    &mut out[last]
}

impl Raw {
    /// The nearest place in the revision to locate it by (default: the pointer).
    pub(crate) fn phys(&mut self, phys: impl Into<String>) -> &mut Self {
        self.phys = Some(phys.into());
        self
    }

    /// Its pointer in the base.
    pub(crate) fn base(&mut self, base: impl Into<String>) -> &mut Self {
        self.base = Some(base.into());
        self
    }

    /// The base's value.
    pub(crate) fn before(&mut self, v: Option<Value>) -> &mut Self {
        self.old = v;
        self
    }

    /// The revision's value.
    pub(crate) fn after(&mut self, v: Option<Value>) -> &mut Self {
        self.new = v;
        self
    }

    pub(crate) fn msg(&mut self, message: impl Into<String>) {
        self.message = message.into();
    }
}

/// Values for a change's `old`/`new`.
pub(crate) fn val<T: Serialize + ?Sized>(v: &T) -> Option<Value> {
    serde_json::to_value(v).ok()
}

pub(super) fn ptr(base: &str, token: &str) -> String {
    crate::pointer::join(base, token)
}
