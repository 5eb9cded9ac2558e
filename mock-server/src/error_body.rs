//! Errors that say why. The vendor's documented error body for an invalid
//! request is kept, except for its message-like string field (`message`,
//! `detail`, `error`, `title`, ...), which carries a one-line summary of the
//! real violations. Where that field is found is decided once per load
//! ([`MessageSlot::find`]); a filled body that would no longer validate is
//! not sent (the documented one is).

use bytes::Bytes;
use generator::model::Schema;
use generator::validate::Validator;
use serde_json::Value;

/// Field names read as a message, most telling first.
const MESSAGE_NAMES: [&str; 12] = [
    "message",
    "detail",
    "error_message",
    "errorMessage",
    "error_description",
    "errorDescription",
    "error",
    "description",
    "msg",
    "reason",
    "title",
    "summary",
];

/// Objects looked into for the message when the top level has none
/// (`{"error": {"code": 1, "message": "..."}}`, `{"errors": [{...}]}`).
const NESTED: [&str; 3] = ["error", "errors", "data"];

/// How the mock answers an invalid request (`--error-bodies`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorBodies {
    /// The documented error with its message field saying what was wrong.
    #[default]
    Violations,
    /// The documented error exactly as documented (Prism's behaviour).
    Documented,
}

/// Where a documented error body's message goes.
#[derive(Debug, Clone)]
pub struct MessageSlot {
    template: Value,
    /// Object keys and array indices down to the field.
    path: Vec<PathStep>,
}

#[derive(Debug, Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

impl MessageSlot {
    /// The slot in `body` (a documented error's JSON body), if it has a
    /// message-like string field that a summary may replace and the body
    /// still validates against `schema` with one.
    pub fn find(
        body: &[u8],
        schema: Option<&Schema>,
        validator: &Validator,
    ) -> Option<MessageSlot> {
        let template: Value = serde_json::from_slice(body).ok()?;
        let mut path = Vec::new();
        locate(&template, &mut path, 0)?;
        let slot = MessageSlot { template, path };
        // a summary-shaped probe must fit (no enum, pattern or format there)
        let probe = slot.with("body /x: expected string, found number")?;
        if let Some(schema) = schema {
            if !validator.is_valid(schema, &probe) {
                return None;
            }
        }
        Some(slot)
    }

    fn with(&self, text: &str) -> Option<Value> {
        let mut v = self.template.clone();
        let mut at = &mut v;
        for step in &self.path {
            at = match step {
                PathStep::Key(k) => at.get_mut(k.as_str())?,
                PathStep::Index(i) => at.get_mut(*i)?,
            };
        }
        *at = Value::String(text.to_string());
        Some(v)
    }

    /// The documented body with `summary` in its message field, or None
    /// when that body would not validate (a `maxLength`, say).
    pub fn fill(
        &self,
        summary: &str,
        schema: Option<&Schema>,
        validator: &Validator,
    ) -> Option<Bytes> {
        let v = self.with(summary)?;
        if let Some(schema) = schema {
            if !validator.is_valid(schema, &v) {
                return None;
            }
        }
        serde_json::to_vec(&v).ok().map(Bytes::from)
    }
}

fn locate(v: &Value, path: &mut Vec<PathStep>, depth: usize) -> Option<()> {
    match v {
        Value::Object(map) => {
            for name in MESSAGE_NAMES {
                let found = map
                    .iter()
                    .find(|(k, v)| k.eq_ignore_ascii_case(name) && v.is_string());
                if let Some((k, _)) = found {
                    path.push(PathStep::Key(k.clone()));
                    return Some(());
                }
            }
            if depth >= 2 {
                return None;
            }
            for name in NESTED {
                if let Some((k, inner)) = map.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)) {
                    path.push(PathStep::Key(k.clone()));
                    if locate(inner, path, depth + 1).is_some() {
                        return Some(());
                    }
                    path.pop();
                }
            }
            None
        }
        Value::Array(items) if depth > 0 => {
            let first = items.first()?;
            path.push(PathStep::Index(0));
            if locate(first, path, depth + 1).is_some() {
                return Some(());
            }
            path.pop();
            None
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn slot(v: Value) -> Option<Value> {
        let schemas = Default::default();
        let validator = Validator::new(&schemas);
        let bytes = serde_json::to_vec(&v).unwrap();
        let s = MessageSlot::find(&bytes, None, &validator)?;
        let out = s.fill("why", None, &validator)?;
        Some(serde_json::from_slice(&out).unwrap())
    }

    #[test]
    fn the_message_field_is_found_and_the_rest_kept() {
        assert_eq!(
            slot(json!({"error": "Login ID already in use"})),
            Some(json!({"error": "why"}))
        );
        assert_eq!(
            slot(json!({"code": 400, "message": "invalid pet", "title": "Bad"})),
            Some(json!({"code": 400, "message": "why", "title": "Bad"}))
        );
        assert_eq!(
            slot(json!({"error": {"code": "E1", "message": "x"}})),
            Some(json!({"error": {"code": "E1", "message": "why"}}))
        );
        assert_eq!(
            slot(json!({"errors": [{"detail": "x"}, {"detail": "y"}]})),
            Some(json!({"errors": [{"detail": "why"}, {"detail": "y"}]}))
        );
        assert_eq!(slot(json!({"code": 1})), None);
        assert_eq!(slot(json!("plain")), None);
    }

    #[test]
    fn a_field_whose_schema_rules_the_summary_out_is_left_alone() {
        let schema: Schema = serde_json::from_value(json!({
            "type": "object",
            "properties": {"error": {"type": "string", "enum": ["Login ID already in use"]}}
        }))
        .unwrap();
        let schemas = Default::default();
        let validator = Validator::new(&schemas);
        let body = br#"{"error":"Login ID already in use"}"#;
        assert!(MessageSlot::find(body, Some(&schema), &validator).is_none());
    }
}
