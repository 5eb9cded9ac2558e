//! What the server sent back: the whole response as received (status,
//! headers, body), read by generated code into the operation's typed
//! value.

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::ClientError;
use crate::{Direction, Validate};

/// A response as it arrived, read by a generated method.
pub struct Received {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
    validate: bool,
}

impl Received {
    pub(super) fn new(status: u16, headers: HeaderMap, body: Vec<u8>, validate: bool) -> Self {
        Received {
            status,
            headers,
            body,
            validate,
        }
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The documented JSON body; validated when response validation is on.
    pub fn json<T: DeserializeOwned + Validate>(&self) -> Result<T, ClientError> {
        decode_response(self.status, &self.body, self.validate)
    }

    /// The documented body as bytes.
    pub fn bytes(&self) -> Vec<u8> {
        self.body.clone()
    }

    /// The status and body of a response the contract does not document.
    pub fn raw(&self) -> RawResponse {
        RawResponse {
            status: self.status,
            body: self.body.clone(),
        }
    }
}

/// A response whose status the contract does not document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

/// Decode a JSON response body for a documented status.
pub fn decode_body<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, ClientError> {
    // An empty body reads as JSON null (documented empty responses).
    let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    serde_json::from_slice(text).map_err(|source| ClientError::Decode {
        status,
        source,
        body: body.to_vec(),
    })
}

/// Decode a documented JSON response body, validating it when asked.
pub fn decode_response<T: DeserializeOwned + Validate>(
    status: u16,
    body: &[u8],
    validate: bool,
) -> Result<T, ClientError> {
    let value: T = decode_body(status, body)?;
    check_response(status, &value, validate)?;
    Ok(value)
}

/// Check a response body when response validation is on.
pub fn check_response<T: Validate>(status: u16, body: &T, on: bool) -> Result<(), ClientError> {
    if !on {
        return Ok(());
    }
    body.validate_as(Direction::Response)
        .map_err(|violations| ClientError::InvalidResponse { status, violations })
}
