//! Vendor documentation pages in, one normalized OpenAPI contract per vendor out.
//!
//! Pipeline (see ARCHITECTURE.md): [`site`] finds a vendor folder's pages
//! and its site config, [`ingest`] reads each page into a partial
//! [`model::Contract`], [`site::stub`] points stub pages at their spec,
//! [`combine`] joins an operation documented on several pages, [`merge`]
//! joins a vendor's pages, [`path_params`] makes path templates and path
//! parameters agree, [`overlay`] applies the vendor's fixes,
//! [`resolve`] settles `$ref`s, [`unreferenced`] drops the components
//! only the inlined refs reached, [`example_repair`] makes every example fit
//! its schema (with values from [`sample`]), [`contract_checks`] reports
//! what still contradicts its schema; [`vendor`] runs it all. [`llms`]
//! reads the `llms.txt` index that `cargo xtask fetch` follows.

pub mod combine;
pub mod contract_checks;
pub mod diag;
pub mod diff;
pub mod doc;
pub mod example_repair;
pub mod http;
pub mod ingest;
pub mod llms;
pub mod merge;
pub mod model;
pub mod naming;
pub mod overlay;
pub mod page;
pub mod path_params;
pub mod pointer;
pub mod resolve;
pub mod sample;
pub mod secrets;
pub mod site;
pub mod source;
pub mod srcmap;
pub mod unreferenced;
pub mod validate;
pub mod vendor;
