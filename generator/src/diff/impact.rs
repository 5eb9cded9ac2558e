//! Client impact: the generated Rust items a change touches. The code
//! generator depends on this crate, so it answers through [`GeneratedItems`]
//! (implemented by `codegen::symbols::RustItems`).

use serde_json::Value;

use crate::model::Contract;

use super::Raw;

/// The generated Rust items of one contract, looked up by JSON pointer.
pub trait ItemIndex {
    /// Items generated for the element at `pointer`; `removed` is the
    /// element's old value when it no longer exists in the index's contract.
    fn items_at(&self, pointer: &str, removed: Option<&Value>) -> Vec<String>;
}

/// Builds an [`ItemIndex`] for a contract (the code generator's planning).
pub trait GeneratedItems {
    fn index<'c>(&self, contract: &'c Contract) -> Box<dyn ItemIndex + 'c>;
}

/// Generated Rust items a change touches: looked up in the client
/// generated from the base where the element existed there, else in the
/// revision's (built only when needed).
pub(super) struct Impact<'c> {
    items: &'c dyn GeneratedItems,
    before: Box<dyn ItemIndex + 'c>,
    new: &'c Contract,
    after: Option<Box<dyn ItemIndex + 'c>>,
}

impl<'c> Impact<'c> {
    pub(super) fn new(items: &'c dyn GeneratedItems, old: &'c Contract, new: &'c Contract) -> Self {
        Impact {
            items,
            before: items.index(old),
            new,
            after: None,
        }
    }

    pub(super) fn items(&mut self, raw: &Raw) -> Vec<String> {
        if let Some(base) = &raw.base {
            let items = self.before.items_at(base, raw.old.as_ref());
            if !items.is_empty() {
                return items;
            }
        }
        let (items, new) = (self.items, self.new);
        self.after
            .get_or_insert_with(|| items.index(new))
            .items_at(&raw.pointer, None)
    }
}
