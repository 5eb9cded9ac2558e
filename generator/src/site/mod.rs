//! A vendor folder read as a docs site, laid out as its docs repository
//! or `cargo xtask fetch` has it: which files are pages ([`files`]), the
//! Mintlify site config that names the specs ([`config`]), and the
//! `openapi:` stub pages resolved against those specs ([`stub`]).

pub mod config;
pub mod files;
pub mod stub;
