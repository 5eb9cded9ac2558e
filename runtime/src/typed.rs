//! The types typed string formats decode into, each behind the cargo
//! feature named after its OpenAPI format. A generated crate picks
//! between these and `String` in its own `formats` module, by its own
//! features, so turning one on elsewhere in a build changes no type.

#[cfg(feature = "date-time")]
/// `format: date-time` (RFC 3339), its offset kept.
pub type DateTime = chrono::DateTime<chrono::FixedOffset>;

#[cfg(feature = "date")]
/// `format: date` (RFC 3339 `full-date`).
pub type Date = chrono::NaiveDate;

#[cfg(feature = "uuid")]
/// `format: uuid`.
pub type Uuid = uuid::Uuid;

#[cfg(feature = "uri")]
/// `format: uri`.
pub type Uri = url::Url;

#[cfg(feature = "byte")]
pub use byte::Byte;

#[cfg(feature = "byte")]
mod byte {
    use base64::Engine;

    /// `format: byte`: base64 text (RFC 4648, padded) as its bytes.
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
    pub struct Byte(pub Vec<u8>);

    impl Byte {
        /// The base64 text sent on the wire.
        pub fn encoded(&self) -> String {
            base64::engine::general_purpose::STANDARD.encode(&self.0)
        }
    }

    impl serde::Serialize for Byte {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_str(&self.encoded())
        }
    }

    impl<'de> serde::Deserialize<'de> for Byte {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
            base64::engine::general_purpose::STANDARD
                .decode(text.as_bytes())
                .map(Byte)
                .map_err(|e| serde::de::Error::custom(format!("not base64: {e}")))
        }
    }
}

/// A value of a string format as `validate()` checks it: its text, and
/// whether decoding has checked the format already (a typed value).
pub trait Formatted {
    fn checked_text(&self) -> (std::borrow::Cow<'_, str>, bool);
}

impl Formatted for String {
    fn checked_text(&self) -> (std::borrow::Cow<'_, str>, bool) {
        (std::borrow::Cow::Borrowed(self), false)
    }
}

#[cfg(feature = "date-time")]
impl Formatted for DateTime {
    fn checked_text(&self) -> (std::borrow::Cow<'_, str>, bool) {
        (self.to_rfc3339().into(), true)
    }
}

#[cfg(feature = "date")]
impl Formatted for Date {
    fn checked_text(&self) -> (std::borrow::Cow<'_, str>, bool) {
        (self.to_string().into(), true)
    }
}

#[cfg(feature = "uuid")]
impl Formatted for Uuid {
    fn checked_text(&self) -> (std::borrow::Cow<'_, str>, bool) {
        (self.to_string().into(), true)
    }
}

#[cfg(feature = "uri")]
impl Formatted for Uri {
    fn checked_text(&self) -> (std::borrow::Cow<'_, str>, bool) {
        (self.as_str().into(), true)
    }
}

#[cfg(feature = "byte")]
impl Formatted for Byte {
    fn checked_text(&self) -> (std::borrow::Cow<'_, str>, bool) {
        (self.encoded().into(), true)
    }
}

/// Whether any typed format is compiled in: documented examples then
/// compare by value, not by text (`2024-01-01T00:00:00Z` comes back as
/// `…+00:00`, an upper-case UUID in lower case).
pub const ANY_TYPED: bool = cfg!(any(
    feature = "date-time",
    feature = "date",
    feature = "uuid",
    feature = "uri",
    feature = "byte"
));
