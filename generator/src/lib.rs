//! Vendor documentation pages in, one normalized OpenAPI contract per vendor out.
//!
//! Pipeline (see ARCHITECTURE.md): [`ingest`] reads each page into a
//! partial [`model::Contract`], [`merge`] joins a vendor's pages,
//! [`overlay`] applies the vendor's fixes, [`resolve`] settles `$ref`s,
//! [`check`] compares examples with schemas; [`vendor`] runs it all.

pub mod check;
#[cfg(feature = "codegen")]
pub mod codegen;
pub mod diag;
pub mod http;
pub mod ingest;
pub mod json;
pub mod merge;
pub mod model;
pub mod naming;
pub mod overlay;
pub mod page;
pub mod pointer;
pub mod resolve;
pub mod source;
pub mod srcmap;
pub mod validate;
pub mod vendor;
pub mod yaml;
pub mod yaml_emit;
