//! Support code for the generated clients and validators: violations,
//! the JSON Schema keyword rules (shared with the generator's checks and
//! the mock server) and the walker behind `validate()`, strict decoding
//! with JSON pointers, the absent-vs-null field helper, and what
//! generated clients call (`client`: the client core, requests,
//! responses, secrets and the error type).

#[cfg(feature = "client")]
pub mod client;
pub mod decode;
pub mod formats;
pub mod keywords;
pub mod nullable;
pub mod testing;
pub mod typed;
pub mod validate;

#[cfg(feature = "client")]
pub use client::{
    check_request, check_response, decode_body, decode_response, encode_segment, path_segment,
    path_styled, Authorize, BasicAuth, Bytes, ClientCore, ClientError, Credential, ErrorResponse,
    FilePart, FromHeader, KeyLocation, Multipart, Outcome, ParamRules, ParamValue, Parts,
    PathStyle, QueryStyle, RawResponse, Received, Request, Response, Retries, Secret,
};
pub use decode::decode;
pub use validate::{Direction, Validate, Validator, Violation};
