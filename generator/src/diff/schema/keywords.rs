//! One node's own keywords: nullable, format, enum, numeric and size
//! bounds, pattern, multipleOf, uniqueItems, additionalProperties, and
//! the annotations (default, deprecated, description, title, example).

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::diff::val;
use crate::model::{AdditionalProperties, Components, Schema};

use super::normalize::{is_nullable, shape};
use super::{At, How, Object, Walk};

impl Walk<'_> {
    pub(super) fn nullable(&mut self, o: &Schema, n: &Schema, at: &At, object: Object) {
        let (a, b) = (is_nullable(o), is_nullable(n));
        if a == b {
            return;
        }
        if object == Object::Parameter {
            let how = if b { How::Relaxed } else { How::Tightened };
            return self.constraint(at, object, how, "nullable", val(&a), val(&b));
        }
        let rule = self.rule(
            object,
            if b {
                "became-nullable"
            } else {
                "became-not-nullable"
            },
        );
        let message = format!(
            "{} {}",
            at.label,
            if b {
                "may now be null"
            } else {
                "is no longer nullable"
            }
        );
        self.keyword_changed(rule, at, "nullable", val(&a), val(&b), message);
    }

    pub(super) fn format(&mut self, o: &Schema, n: &Schema, at: &At, object: Object) {
        let how = match (o.format.as_deref(), n.format.as_deref()) {
            (a, b) if a == b => return,
            (None, Some(_)) => How::Tightened,
            (Some(_), None) => How::Relaxed,
            (Some(a), Some(b)) => {
                let widths = [["int32", "int64"], ["float", "double"]];
                match widths.iter().find(|w| w.contains(&a) && w.contains(&b)) {
                    Some(w) if w[0] == a => How::Relaxed,
                    Some(_) => How::Tightened,
                    None => How::Changed,
                }
            }
            (None, None) => return,
        };
        self.constraint(at, object, how, "format", val(&o.format), val(&n.format));
    }

    pub(super) fn enums(&mut self, o: &Schema, n: &Schema, at: &At, object: Object) {
        let values = |s: &Schema| -> Option<Vec<Value>> {
            s.enum_values
                .as_ref()
                .map(|v| v.iter().filter(|x| !x.is_null()).cloned().collect())
        };
        match (values(o), values(n)) {
            (None, None) => {}
            (None, Some(b)) => self.constraint(
                at,
                object,
                How::Tightened,
                "enum",
                None,
                Some(Value::Array(b)),
            ),
            (Some(a), None) => self.constraint(
                at,
                object,
                How::Relaxed,
                "enum",
                Some(Value::Array(a)),
                None,
            ),
            (Some(a), Some(b)) => {
                let keys = |v: &[Value]| v.iter().map(Value::to_string).collect::<BTreeSet<_>>();
                let (ka, kb) = (keys(&a), keys(&b));
                let added: Vec<Value> = b
                    .iter()
                    .filter(|v| !ka.contains(&v.to_string()))
                    .cloned()
                    .collect();
                let removed: Vec<Value> = a
                    .iter()
                    .filter(|v| !kb.contains(&v.to_string()))
                    .cloned()
                    .collect();
                let (ptr, base) = at.keyword("enum");
                let list = |v: &[Value]| {
                    v.iter()
                        .map(Value::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                if !added.is_empty() {
                    let rule = self.rule(object, "enum-value-added");
                    let message = format!("{} gained enum value(s) {}", at.label, list(&added));
                    self.push(rule, ptr.clone())
                        .phys(at.phys.clone())
                        .base(base.clone())
                        .after(Some(Value::Array(added)))
                        .msg(message);
                }
                if !removed.is_empty() {
                    let rule = self.rule(object, "enum-value-removed");
                    let message = format!("{} lost enum value(s) {}", at.label, list(&removed));
                    self.push(rule, ptr)
                        .phys(at.phys.clone())
                        .base(base)
                        .before(Some(Value::Array(removed)))
                        .msg(message);
                }
            }
        }
    }

    pub(super) fn bounds(&mut self, o: &Schema, n: &Schema, at: &At, object: Object) {
        let num =
            |x: &Option<Box<serde_json::Number>>| x.as_deref().and_then(serde_json::Number::as_f64);
        let count = |x: Option<u64>| x.map(|v| (v as f64, false));
        let shown = |x: &Option<Box<serde_json::Number>>, exclusive: bool| -> Option<Value> {
            x.as_ref().map(|v| {
                if exclusive {
                    json!({ "exclusive": v })
                } else {
                    Value::Number((**v).clone())
                }
            })
        };
        // Each side's bound and whether it is exclusive.
        type Side = fn(&Schema) -> (&Option<Box<serde_json::Number>>, bool);
        let numeric: [(&str, bool, Side); 2] = [
            ("minimum", true, |s| (&s.minimum, s.exclusive_minimum)),
            ("maximum", false, |s| (&s.maximum, s.exclusive_maximum)),
        ];
        let counts = [
            ("minLength", true, o.min_length, n.min_length),
            ("maxLength", false, o.max_length, n.max_length),
            ("minItems", true, o.min_items, n.min_items),
            ("maxItems", false, o.max_items, n.max_items),
            ("minProperties", true, o.min_properties, n.min_properties),
            ("maxProperties", false, o.max_properties, n.max_properties),
        ];
        let mut found = Vec::new();
        for (keyword, is_min, side) in numeric {
            let ((a, a_exclusive), (b, b_exclusive)) = (side(o), side(n));
            let moved = bound_move(
                num(a).map(|v| (v, a_exclusive)),
                num(b).map(|v| (v, b_exclusive)),
                is_min,
            );
            if let Some(how) = moved {
                found.push((keyword, how, shown(a, a_exclusive), shown(b, b_exclusive)));
            }
        }
        for (keyword, is_min, a, b) in counts {
            if let Some(how) = bound_move(count(a), count(b), is_min) {
                found.push((keyword, how, val(&a), val(&b)));
            }
        }
        for (keyword, how, a, b) in found {
            let (a, b) = (a.filter(|v| !v.is_null()), b.filter(|v| !v.is_null()));
            self.constraint(at, object, how, keyword, a, b);
        }
    }

    /// pattern, multipleOf, uniqueItems.
    pub(super) fn simple_keywords(&mut self, o: &Schema, n: &Schema, at: &At, object: Object) {
        let presence = |a: bool, b: bool, changed: bool| match (a, b) {
            (false, true) => Some(How::Tightened),
            (true, false) => Some(How::Relaxed),
            (true, true) if changed => Some(How::Changed),
            _ => None,
        };
        if let Some(how) = presence(
            o.pattern.is_some(),
            n.pattern.is_some(),
            o.pattern != n.pattern,
        ) {
            self.constraint(at, object, how, "pattern", val(&o.pattern), val(&n.pattern));
        }
        let num =
            |x: &Option<Box<serde_json::Number>>| x.as_deref().and_then(serde_json::Number::as_f64);
        let multiple = match (num(&o.multiple_of), num(&n.multiple_of)) {
            (Some(a), Some(b)) if a != b && a > 0.0 && b > 0.0 => {
                let divides = |big: f64, small: f64| {
                    let q = big / small;
                    (q - q.round()).abs() < 1e-9
                };
                Some(if divides(b, a) {
                    How::Tightened
                } else if divides(a, b) {
                    How::Relaxed
                } else {
                    How::Changed
                })
            }
            (a, b) => presence(a.is_some(), b.is_some(), false),
        };
        if let Some(how) = multiple {
            let (a, b) = (
                o.multiple_of.as_deref().cloned().map(Value::Number),
                n.multiple_of.as_deref().cloned().map(Value::Number),
            );
            self.constraint(at, object, how, "multipleOf", a, b);
        }
        if o.unique_items != n.unique_items {
            let how = if n.unique_items {
                How::Tightened
            } else {
                How::Relaxed
            };
            self.constraint(
                at,
                object,
                how,
                "uniqueItems",
                val(&o.unique_items),
                val(&n.unique_items),
            );
        }
    }

    pub(super) fn additional(
        &mut self,
        o: &Schema,
        n: &Schema,
        at: &At,
        object: Object,
        depth: usize,
    ) {
        let how = match (classify(o), classify(n)) {
            (Extra::Typed(a), Extra::Typed(b)) => {
                let child = at.child(
                    "additionalProperties",
                    "additionalProperties",
                    b,
                    format!("the extra properties of {}", at.label),
                );
                return self.node(a, b, &child, object, depth + 1);
            }
            (Extra::Any, Extra::Any) | (Extra::Forbidden, Extra::Forbidden) => return,
            (Extra::Any, _) | (Extra::Typed(_), Extra::Forbidden) => How::Tightened,
            (_, Extra::Any) | (Extra::Forbidden, Extra::Typed(_)) => How::Relaxed,
        };
        let shown = |c: &Components, s: &Schema| match &s.additional_properties {
            Some(AdditionalProperties::Schema(x)) => Some(shape(c, x)),
            other => val(other).filter(|v| !v.is_null()),
        };
        let (a, b) = (shown(self.old, o), shown(self.new, n));
        self.constraint(at, object, how, "additionalProperties", a, b);
    }

    /// default, deprecated, description/title, example.
    pub(super) fn annotations(&mut self, o: &Schema, n: &Schema, at: &At, object: Object) {
        let label = at.label.clone();
        if o.default != n.default {
            let rule = self.rule(object, "default-changed");
            let msg = format!("the default of {label} changed");
            let (a, b) = (o.default.as_deref().cloned(), n.default.as_deref().cloned());
            self.keyword_changed(rule, at, "default", a, b, msg);
        }
        if object == Object::Property && o.deprecated != n.deprecated {
            let (change, what) = if n.deprecated {
                ("deprecated", "became deprecated")
            } else {
                ("reactivated", "is no longer deprecated")
            };
            let rule = self.rule(object, change);
            let (a, b) = (val(&o.deprecated), val(&n.deprecated));
            self.keyword_changed(rule, at, "deprecated", a, b, format!("{label} {what}"));
        }
        let description = format!("{}-description-changed", self.dir.as_str());
        let description =
            crate::diff::rule_by_id(&description).map_or("api-description-changed", |r| r.id);
        for (keyword, a, b) in [
            ("description", &o.description, &n.description),
            ("title", &o.title, &n.title),
        ] {
            if a != b {
                let msg = format!("the {keyword} of {label} changed");
                self.keyword_changed(description, at, keyword, val(a), val(b), msg);
            }
        }
        if o.example != n.example {
            let rule = format!("{}-example-changed", self.dir.as_str());
            let rule = crate::diff::rule_by_id(&rule).map_or("api-description-changed", |r| r.id);
            let msg = format!("the example of {label} changed");
            let (a, b) = (o.example.as_deref().cloned(), n.example.as_deref().cloned());
            self.keyword_changed(rule, at, "example", a, b, msg);
        }
    }
}

/// What extra properties an object allows.
enum Extra<'s> {
    Any,
    Forbidden,
    Typed(&'s Schema),
}

fn classify(s: &Schema) -> Extra<'_> {
    match &s.additional_properties {
        None | Some(AdditionalProperties::Bool(true)) => Extra::Any,
        Some(AdditionalProperties::Bool(false)) => Extra::Forbidden,
        Some(AdditionalProperties::Schema(s)) if s.is_empty() => Extra::Any,
        Some(AdditionalProperties::Schema(s)) => Extra::Typed(s),
    }
}

/// How a min (`is_min`) or max bound moved; `(value, exclusive)`.
fn bound_move(old: Option<(f64, bool)>, new: Option<(f64, bool)>, is_min: bool) -> Option<How> {
    match (old, new) {
        (None, None) => None,
        (None, Some(_)) => Some(How::Tightened),
        (Some(_), None) => Some(How::Relaxed),
        (Some((a, ea)), Some((b, eb))) => {
            if a == b && ea == eb {
                return None;
            }
            let tighter = if is_min { b > a } else { b < a } || (a == b && eb && !ea);
            Some(if tighter {
                How::Tightened
            } else {
                How::Relaxed
            })
        }
    }
}
