//! Documents as the readers see them: a format-neutral positioned tree
//! (`node`), read from YAML 1.2 (`yaml`) or, faster, from JSON (`json`),
//! and the deterministic YAML writer of the published contracts (`emit`).

pub mod emit;
pub mod json;
mod node;
pub mod yaml;

pub use node::{Entry, Kind, Node, ParseError, Pos};
