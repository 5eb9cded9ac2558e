//! Vendor documentation pages in, one normalized OpenAPI contract per vendor out.
//!
//! See ARCHITECTURE.md for the map of the pipeline.

pub mod diag;
pub mod ingest;
pub mod model;
pub mod page;
pub mod pointer;
pub mod source;
pub mod srcmap;
pub mod yaml;
pub mod yaml_emit;
