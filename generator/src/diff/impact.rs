//! Client impact: the generated Rust items a change touches.

use crate::model::Contract;

use super::Raw;

/// Generated Rust items a change touches: looked up in the client
/// generated from the base where the element existed there, else in the
/// revision's.
#[cfg(feature = "codegen")]
pub(super) struct Impact<'c> {
    before: crate::codegen::symbols::Symbols,
    new: &'c Contract,
    after: Option<crate::codegen::symbols::Symbols>,
}

#[cfg(feature = "codegen")]
impl<'c> Impact<'c> {
    pub(super) fn new(old: &Contract, new: &'c Contract) -> Option<Self> {
        Some(Impact {
            before: crate::codegen::symbols::Symbols::new(old),
            new,
            after: None,
        })
    }

    pub(super) fn items(&mut self, raw: &Raw) -> Vec<String> {
        if let Some(base) = &raw.base {
            let items = self.before.items_at(base, raw.old.as_ref());
            if !items.is_empty() {
                return items;
            }
        }
        let new = self.new;
        self.after
            .get_or_insert_with(|| crate::codegen::symbols::Symbols::new(new))
            .items_at(&raw.pointer, None)
    }
}

#[cfg(not(feature = "codegen"))]
pub(super) struct Impact;

#[cfg(not(feature = "codegen"))]
impl Impact {
    pub(super) fn new(_: &Contract, _: &Contract) -> Option<Self> {
        None
    }

    pub(super) fn items(&mut self, _: &Raw) -> Vec<String> {
        Vec::new()
    }
}
