//! Bodies made from schemas: the sampler lives in the generator
//! ([`generator::sample`]), whose example repair regenerates with it too,
//! so the mock and the published contracts make values one way. Kept
//! here so `mock_server::sample` still names it.

pub use generator::sample::{Rng, Sampler};
