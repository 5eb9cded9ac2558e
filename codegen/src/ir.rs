//! The plain model between contract schemas and Rust tokens.

use serde_json::Value;

/// Constraints `validate()` checks on a value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checks {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub format: Option<String>,
    pub minimum: Option<f64>,
    pub exclusive_minimum: bool,
    pub maximum: Option<f64>,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<f64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    /// Allowed values (as JSON text) for enums not modelled as Rust enums.
    pub enum_json: Option<Vec<String>>,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    /// A schema the value must not match (`not`).
    pub not: Option<Box<Typed>>,
    /// Schemas the value must all match (an `allOf` not merged into a struct).
    pub all_of: Vec<Typed>,
}

impl Checks {
    pub fn is_empty(&self) -> bool {
        self == &Checks::default()
    }
}

/// A type with the checks that apply to values of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    pub ty: Ty,
    pub checks: Checks,
}

impl Typed {
    pub fn plain(ty: Ty) -> Self {
        Typed {
            ty,
            checks: Checks::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// `serde_json::Value`.
    Any,
    Bool,
    I32,
    I64,
    /// `serde_json::Number`: keeps `301` and `301.0` apart, so values round-trip.
    Number,
    String,
    /// A generated type (index into the type list).
    Named(usize),
    Vec(Box<Typed>),
    Map(Box<Typed>),
    /// A value that may be null (outside a struct field).
    Nullable(Box<Typed>),
    /// Indirection for recursive types.
    Boxed(Box<Typed>),
    /// A string of a format the generated crate can type behind a cargo
    /// feature of the same name (off: `String`).
    Format(TypedFormat),
    /// A file part of a `multipart/form-data` body (`format: binary`).
    File,
}

/// The string formats a generated crate can type, each behind its own
/// cargo feature; `crate::formats` holds the type the feature picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypedFormat {
    /// `date-time`: `chrono::DateTime<chrono::FixedOffset>`.
    DateTime,
    /// `date`: `chrono::NaiveDate`.
    Date,
    /// `uuid`: `uuid::Uuid`.
    Uuid,
    /// `uri`: `url::Url`.
    Uri,
    /// `byte`: base64 text as its decoded bytes.
    Byte,
}

impl TypedFormat {
    pub const ALL: [TypedFormat; 5] = [
        TypedFormat::DateTime,
        TypedFormat::Date,
        TypedFormat::Uuid,
        TypedFormat::Uri,
        TypedFormat::Byte,
    ];

    pub fn of(format: &str) -> Option<TypedFormat> {
        Self::ALL.into_iter().find(|f| f.feature() == format)
    }

    /// The OpenAPI format, which is also the cargo feature's name.
    pub fn feature(self) -> &'static str {
        match self {
            TypedFormat::DateTime => "date-time",
            TypedFormat::Date => "date",
            TypedFormat::Uuid => "uuid",
            TypedFormat::Uri => "uri",
            TypedFormat::Byte => "byte",
        }
    }

    /// Its type's name in the generated crate's `formats` module.
    pub fn alias(self) -> &'static str {
        match self {
            TypedFormat::DateTime => "DateTime",
            TypedFormat::Date => "Date",
            TypedFormat::Uuid => "Uuid",
            TypedFormat::Uri => "Uri",
            TypedFormat::Byte => "Byte",
        }
    }

    /// The type the feature picks, as a path through `contract_runtime`.
    pub fn typed_path(self) -> &'static str {
        match self {
            TypedFormat::DateTime => "::contract_runtime::typed::DateTime",
            TypedFormat::Date => "::contract_runtime::typed::Date",
            TypedFormat::Uuid => "::contract_runtime::typed::Uuid",
            TypedFormat::Uri => "::contract_runtime::typed::Uri",
            TypedFormat::Byte => "::contract_runtime::typed::Byte",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub rust: String,
    pub wire: String,
    pub ty: Typed,
    pub required: bool,
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    pub doc: Option<String>,
    pub default: Option<Value>,
    /// The default decoding fills in when the field is absent (an
    /// optional, non-nullable field whose contract default fits its type);
    /// the field is then its type, not an `Option`.
    pub decode_default: Option<Value>,
}

/// What extra properties an object may carry.
#[derive(Debug, Clone, PartialEq)]
pub enum Extra {
    /// Kept verbatim (so values round-trip) but not part of the contract.
    Any,
    /// Typed extra properties (`additionalProperties: {schema}`).
    Typed(Box<Typed>),
    /// `additionalProperties: false`: captured, and reported by `validate()`.
    Forbidden,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Struct {
        fields: Vec<Field>,
        extra: Extra,
        /// Rust name of the flattened extra-properties field.
        extra_name: String,
        min_properties: Option<u64>,
        max_properties: Option<u64>,
    },
    /// A string enum; `Unknown(String)` keeps values added later.
    Enum { variants: Vec<(String, String)> },
    /// `oneOf`/`anyOf`: one variant per alternative.
    Union {
        variants: Vec<(String, Typed)>,
        /// Property name and (wire value, variant index) pairs.
        discriminator: Option<(String, Vec<(String, usize)>)>,
        one_of: bool,
    },
    /// A named wrapper around another type (arrays, maps, primitives with checks).
    Newtype(Typed),
    /// Another name for a generated type (an operation's body or response
    /// whose shape another operation already gave a type).
    Alias(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub kind: Kind,
    /// A schema values of this type must not match (`not`).
    pub not: Option<Box<Typed>>,
    /// A `multipart/form-data` body: the struct also lists its parts.
    pub multipart: bool,
}
