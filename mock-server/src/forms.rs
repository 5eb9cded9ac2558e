//! Form bodies (`application/x-www-form-urlencoded`, `multipart/form-data`)
//! as the JSON value their object schema describes, so they are validated
//! like JSON bodies: each field typed by its property's schema (numbers,
//! booleans, JSON objects), repeated fields as arrays, `format: binary`
//! parts taken as files (any bytes). A body that cannot be read is an
//! error saying why, never a silent pass.

use generator::model::{Schema, SchemaType};
use serde_json::{Map, Value};

use crate::multipart;
use crate::plan::{ParamKind, Vendor};
use crate::request::{coerce, parse_query};

/// A urlencoded body against `schema`.
pub fn urlencoded(vendor: &Vendor, schema: &Schema, body: &[u8]) -> Result<Value, String> {
    if std::str::from_utf8(body).is_err() {
        return Err("the form body is not UTF-8 text".into());
    }
    let fields = parse_query(body)
        .into_iter()
        .map(|(k, v)| (k, Field::Text(v)));
    object(vendor, schema, fields)
}

/// A multipart body against `schema`; `content_type` is the request's
/// header as sent (the boundary is case-sensitive).
pub fn multipart(
    vendor: &Vendor,
    schema: &Schema,
    body: &[u8],
    content_type: &str,
) -> Result<Value, String> {
    let boundary = multipart::boundary(content_type)
        .ok_or_else(|| multipart::MultipartError::NoBoundary.to_string())?;
    let parts = multipart::parse(body, &boundary).map_err(|e| e.to_string())?;
    let fields = parts.into_iter().map(|p| {
        let json = p
            .content_type
            .as_deref()
            .is_some_and(generator::http::is_json_media);
        let field = if json {
            Field::Json(String::from_utf8_lossy(p.body).into_owned())
        } else {
            Field::Bytes(p.body.to_vec())
        };
        (p.name, field)
    });
    object(vendor, schema, fields)
}

enum Field {
    Text(String),
    /// A part's bytes: text where its property wants text, a file where
    /// it is `format: binary`.
    Bytes(Vec<u8>),
    /// A part sent as `application/json`.
    Json(String),
}

fn object(
    vendor: &Vendor,
    schema: &Schema,
    fields: impl Iterator<Item = (String, Field)>,
) -> Result<Value, String> {
    let target = vendor.contract.components.deref(schema);
    let mut grouped: Vec<(String, Vec<Field>)> = Vec::new();
    for (name, field) in fields {
        match grouped.iter_mut().find(|(n, _)| *n == name) {
            Some((_, list)) => list.push(field),
            None => grouped.push((name, vec![field])),
        }
    }
    let mut map = Map::new();
    for (name, list) in grouped {
        let prop = target
            .properties
            .get(&name)
            .map(|p| vendor.contract.components.deref(p));
        let value = match prop {
            Some(p) if p.schema_type == Some(SchemaType::Array) => {
                let item = p
                    .items
                    .as_deref()
                    .map(|i| vendor.contract.components.deref(i));
                let mut items = Vec::with_capacity(list.len());
                for f in list {
                    items.push(field_value(vendor, item, f, &name)?);
                }
                Value::Array(items)
            }
            _ => {
                let mut values = Vec::with_capacity(list.len());
                for f in list {
                    values.push(field_value(vendor, prop, f, &name)?);
                }
                if values.len() == 1 {
                    values.pop().unwrap_or(Value::Null)
                } else {
                    // sent more than once where one value is documented
                    Value::Array(values)
                }
            }
        };
        map.insert(name, value);
    }
    Ok(Value::Object(map))
}

fn field_value(
    vendor: &Vendor,
    schema: Option<&Schema>,
    field: Field,
    name: &str,
) -> Result<Value, String> {
    let schema = schema.map(|s| vendor.contract.components.deref(s));
    let ty = schema.and_then(|s| s.schema_type);
    let binary = schema.is_some_and(|s| {
        s.format.as_deref() == Some("binary") || s.format.as_deref() == Some("byte")
    });
    let text = match field {
        Field::Json(text) => {
            return serde_json::from_str(&text)
                .map_err(|e| format!("part `{name}` is not valid JSON: {e}"));
        }
        Field::Text(t) => t,
        Field::Bytes(b) if binary => {
            // a file: its bytes are not text and are not checked as such
            return Ok(Value::String(String::from_utf8_lossy(&b).into_owned()));
        }
        Field::Bytes(b) => String::from_utf8(b).map_err(|_| {
            format!("part `{name}` is not UTF-8 text (its schema is not `format: binary`)")
        })?,
    };
    let kind = match ty {
        Some(SchemaType::Integer) => ParamKind::Integer,
        Some(SchemaType::Number) => ParamKind::Number,
        Some(SchemaType::Boolean) => ParamKind::Boolean,
        Some(SchemaType::Object) | Some(SchemaType::Array) => {
            return serde_json::from_str(&text)
                .map_err(|e| format!("field `{name}` is not valid JSON: {e}"));
        }
        _ => ParamKind::String,
    };
    Ok(coerce(kind, &text))
}
