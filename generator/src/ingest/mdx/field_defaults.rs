//! A field's `default` attribute as a JSON value of the field's type:
//! typed when it fits, "no default" for `None`/`null`/`undefined`, and
//! the reason when it does not fit.

use serde_json::{Number, Value};

use crate::model::{Schema, SchemaType};

use super::request_samples::loose_to_json;
use super::tree::AttrValue;

/// What a `default` attribute says.
pub(super) enum Dflt {
    Value(Value),
    /// `None`, `null`, `undefined` or an empty value: no default.
    NoValue(String),
    Invalid(String),
}

fn is_none_word(text: &str) -> bool {
    matches!(
        text.trim(),
        "None" | "none" | "null" | "NULL" | "Null" | "nil" | "undefined"
    )
}

/// A `default` attribute as a JSON value of the field's type.
///
/// `default="10"` on a number is `10`, `"false"`/`{false}` on a boolean is
/// `false`, `'["copy"]'` on an array is that array; on a string the text is
/// kept as is (`""` and `''` spell the empty string). `None`/`null`/
/// `undefined` (Python and JS signatures) mean "no default": the default
/// is omitted with a note, except on a nullable field, where it is `null`.
/// A value that does not fit the type is dropped with a warning.
pub(super) fn typed_default(raw: &AttrValue, schema: &Schema) -> Dflt {
    let (text, is_expr) = match raw {
        AttrValue::Bare => return Dflt::Invalid("has no value".into()),
        AttrValue::Literal(s) => (s.trim().to_string(), false),
        AttrValue::Expr(e) => (e.trim().to_string(), true),
    };
    let spelled = if is_expr {
        format!("{{{text}}}")
    } else {
        format!("\"{text}\"")
    };
    if is_none_word(&text) {
        if schema.nullable {
            return Dflt::Value(Value::Null);
        }
        return Dflt::NoValue(spelled);
    }
    let ty = schema.schema_type;
    if text.is_empty() && ty != Some(SchemaType::String) {
        return Dflt::NoValue(spelled);
    }
    let json = || -> Option<Value> {
        serde_json::from_str(&text)
            .ok()
            .or_else(|| loose_to_json(&text).and_then(|j| serde_json::from_str(&j).ok()))
    };
    if is_expr {
        let Some(v) = json() else {
            return Dflt::Invalid(format!("{spelled} is not a literal value"));
        };
        return if fits(&v, ty) {
            Dflt::Value(v)
        } else {
            Dflt::Invalid(format!("{spelled} does not fit its type"))
        };
    }
    match ty {
        Some(SchemaType::String) => {
            let unquoted = ['"', '\'']
                .iter()
                .find_map(|q| {
                    (text.len() >= 2 && text.starts_with(*q) && text.ends_with(*q))
                        .then(|| text[1..text.len() - 1].to_string())
                })
                .unwrap_or(text);
            Dflt::Value(Value::String(unquoted))
        }
        Some(SchemaType::Integer) => match text.parse::<i64>() {
            Ok(i) => Dflt::Value(i.into()),
            Err(_) => Dflt::Invalid(format!("{spelled} is not an integer")),
        },
        Some(SchemaType::Number) => match number(&text) {
            Some(n) => Dflt::Value(Value::Number(n)),
            None => Dflt::Invalid(format!("{spelled} is not a number")),
        },
        Some(SchemaType::Boolean) => match text.to_ascii_lowercase().as_str() {
            "true" => Dflt::Value(Value::Bool(true)),
            "false" => Dflt::Value(Value::Bool(false)),
            _ => Dflt::Invalid(format!("{spelled} is not a boolean")),
        },
        Some(SchemaType::Array) | Some(SchemaType::Object) => match json() {
            Some(v) if fits(&v, ty) => Dflt::Value(v),
            _ => Dflt::Invalid(format!(
                "{spelled} is not a JSON {}",
                ty.map_or("value", |t| t.as_str())
            )),
        },
        None => Dflt::Value(json().unwrap_or(Value::String(text))),
    }
}

fn number(text: &str) -> Option<Number> {
    if let Ok(i) = text.parse::<i64>() {
        return Some(i.into());
    }
    text.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .and_then(Number::from_f64)
}

fn fits(value: &Value, ty: Option<SchemaType>) -> bool {
    match ty {
        None => true,
        Some(SchemaType::String) => value.is_string(),
        Some(SchemaType::Integer) => value.is_i64() || value.is_u64(),
        Some(SchemaType::Number) => value.is_number(),
        Some(SchemaType::Boolean) => value.is_boolean(),
        Some(SchemaType::Array) => value.is_array(),
        Some(SchemaType::Object) => value.is_object(),
    }
}
