//! Strict decoding: a JSON value into a model, with the failing pointer.

use serde::de::DeserializeOwned;

use crate::Violation;

/// Decode `value` into `T`; a failure is one violation at the place
/// decoding stopped (`required` for a missing property, else `type`).
pub fn decode<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, Violation> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let mut pointer = String::new();
        for segment in e.path().iter() {
            use serde_path_to_error::Segment;
            match segment {
                Segment::Map { key } | Segment::Enum { variant: key } => {
                    pointer.push('/');
                    pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                }
                Segment::Seq { index } => {
                    pointer.push('/');
                    pointer.push_str(&index.to_string());
                }
                Segment::Unknown => {}
            }
        }
        let message = e.inner().to_string();
        let keyword = if message.starts_with("missing field") {
            "required"
        } else {
            "type"
        };
        Violation {
            pointer,
            keyword,
            message,
        }
    })
}
