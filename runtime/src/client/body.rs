//! Request bodies other than JSON and forms: the parts of a
//! `multipart/form-data` body (written by a generated body type, sent
//! through reqwest's multipart encoder) and the file parts among them.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

use bytes::Bytes;

use super::ClientError;

/// A file part of a `multipart/form-data` body (`format: binary`): its
/// bytes, and the file name and media type sent with them.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A part holding `bytes`, with no file name and no media type (the
    /// receiver then reads it as `application/octet-stream`).
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file at `path`: its bytes, its file name, and the media type
    /// its extension names (none when unknown).
    pub async fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let bytes = tokio::fs::read(path).await?;
        Ok(FilePart {
            bytes: bytes.into(),
            file_name: path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned()),
            content_type: mime_guess::from_path(path).first_raw().map(str::to_string),
        })
    }

    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    pub fn with_content_type(mut self, media: impl Into<String>) -> Self {
        self.content_type = Some(media.into());
        self
    }

    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

/// Shows the file's name, media type and size, not its bytes.
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// In JSON (a body type also serializes), `format: binary` is the octets
/// as a string: written as text (invalid UTF-8 replaced), read as its
/// bytes.
impl serde::Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <Cow<'de, str>>::deserialize(deserializer)?;
        Ok(FilePart::new(text.into_owned().into_bytes()))
    }
}

/// A `multipart/form-data` body type: writes its fields as parts, in the
/// order the contract lists them (implemented by generated body types).
pub trait Multipart {
    fn parts(&self, parts: &mut Parts);
}

/// The parts of a multipart body being written. A value part follows
/// OpenAPI's defaults for its schema: a string or number as `text/plain`,
/// an object as `application/json`, an array as one part per item, null
/// (or an unset field) as no part.
pub struct Parts {
    form: reqwest::multipart::Form,
    error: Option<ClientError>,
}

impl Parts {
    pub(super) fn new() -> Self {
        Parts {
            form: reqwest::multipart::Form::new(),
            error: None,
        }
    }

    fn add(&mut self, name: &str, part: Result<reqwest::multipart::Part, ClientError>) {
        match part {
            // `Form::part` takes the form by value: swap an empty one in.
            Ok(part) => self.form = std::mem::take(&mut self.form).part(name.to_string(), part),
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
    }

    /// File part `name`.
    pub fn file(&mut self, name: &str, file: &FilePart) {
        let body = reqwest::Body::from(file.bytes.clone());
        let mut part = reqwest::multipart::Part::stream_with_length(body, file.bytes.len() as u64);
        if let Some(file_name) = &file.file_name {
            part = part.file_name(file_name.clone());
        }
        let part = match &file.content_type {
            Some(media) => part.mime_str(media).map_err(|_| {
                ClientError::Encode(format!("part `{name}`: `{media}` is not a media type"))
            }),
            None => Ok(part),
        };
        self.add(name, part);
    }

    /// Value part `name` (see [`Parts`] for how each JSON kind is sent).
    pub fn value<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(json) => self.json(name, json),
            Err(e) => {
                self.error
                    .get_or_insert(ClientError::Encode(format!("part `{name}`: {e}")));
            }
        }
    }

    fn json(&mut self, name: &str, json: serde_json::Value) {
        use reqwest::multipart::Part;
        use serde_json::Value;
        match json {
            Value::Null => {}
            Value::String(text) => self.add(name, Ok(Part::text(text))),
            Value::Array(items) => {
                for item in items {
                    self.json(name, item);
                }
            }
            object @ Value::Object(_) => {
                let part = Part::text(object.to_string())
                    .mime_str("application/json")
                    .map_err(|e| ClientError::Encode(e.to_string()));
                self.add(name, part);
            }
            other => self.add(name, Ok(Part::text(other.to_string()))),
        }
    }

    /// The form, or the first part that failed.
    pub(super) fn finish(self) -> Result<reqwest::multipart::Form, ClientError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.form),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_part_shows_its_size_not_its_bytes() {
        let file = FilePart::new(b"top secret".to_vec()).with_file_name("a.txt");
        let shown = format!("{file:?}");
        assert!(
            shown.contains("a.txt") && shown.contains("len: 10"),
            "{shown}"
        );
        assert!(!shown.contains("secret"), "{shown}");
    }

    #[test]
    fn a_bad_media_type_is_an_encode_error_naming_the_part() {
        let mut parts = Parts::new();
        parts.file(
            "doc",
            &FilePart::new(b"x".to_vec()).with_content_type("not a type"),
        );
        match parts.finish() {
            Err(ClientError::Encode(message)) => assert!(message.contains("`doc`"), "{message}"),
            other => panic!("expected an encode error, got {other:?}"),
        }
    }
}
