//! The schema walk: two schemas compared as a reader sees them (whole
//! component `$ref`s followed and `allOf` merged by
//! [`Components::flattened`]), keyword by keyword, then property by
//! property, with the level set by direction (request or response).

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::model::{escape_pointer, AdditionalProperties, Components, Schema, SchemaType};

use super::{push, val, OperationRef, Raw};

/// Deepest nesting compared (recursive schemas stop earlier, at the
/// first pair of references already being compared).
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    /// Sent by the client: narrowing breaks.
    Request,
    /// Read by the client: widening breaks.
    Response,
}

impl Direction {
    fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
        }
    }
}

/// What kind of element a schema describes (part of the rule id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Object {
    /// A parameter's schema (and its items).
    Parameter,
    /// A body schema, its properties, items and alternatives.
    Property,
}

impl Object {
    fn as_str(self) -> &'static str {
        match self {
            Object::Parameter => "parameter",
            Object::Property => "property",
        }
    }
}

/// Where a schema node is: its pointer in the revision, in the base, the
/// nearest place in the revision a source map knows (inside the component
/// when the node is a `$ref`), and a label for messages.
#[derive(Debug, Clone)]
pub(super) struct At {
    ptr: String,
    base: String,
    phys: String,
    label: String,
}

impl At {
    pub(super) fn root(ptr: String, base: String, label: String) -> At {
        At {
            phys: ptr.clone(),
            ptr,
            base,
            label,
        }
    }

    /// Locate inside the component the revision's schema refers to.
    pub(super) fn with_new_ref(mut self, schema: Option<&Schema>) -> At {
        if let Some(phys) = schema.and_then(component_pointer) {
            self.phys = phys;
        }
        self
    }

    fn child(&self, new_token: &str, old_token: &str, new: &Schema, label: String) -> At {
        At {
            ptr: under(&self.ptr, new_token),
            base: under(&self.base, old_token),
            phys: component_pointer(new).unwrap_or_else(|| under(&self.phys, new_token)),
            label,
        }
    }

    fn keyword(&self, keyword: &str) -> (String, String) {
        (
            format!("{}/{keyword}", self.ptr),
            format!("{}/{keyword}", self.base),
        )
    }
}

/// `/components/schemas/X` for a schema that is (or wraps in a one-part
/// `allOf`) a whole reference to component `X`.
fn component_pointer(schema: &Schema) -> Option<String> {
    let reference = schema.reference.as_deref().or_else(|| {
        (schema.all_of.len() == 1)
            .then(|| schema.all_of[0].reference.as_deref())
            .flatten()
    })?;
    let name = crate::model::schema_ref_name(reference)?;
    (reference.matches('/').count() == 3)
        .then(|| format!("/components/schemas/{}", escape_pointer(&name)))
}

/// `base` extended by an already-escaped pointer `token` (none when empty).
fn under(base: &str, token: &str) -> String {
    if token.is_empty() {
        base.to_string()
    } else {
        format!("{base}/{token}")
    }
}

/// Most schema nodes compared for one pair of contracts; past it the walk
/// stops descending (a guard against reference graphs that fan out).
const MAX_NODES: usize = 1_000_000;

/// What the walks of one pair of contracts share: pairs of component
/// references already compared completely without a change (compared
/// again elsewhere, they would again report nothing), pairs already
/// compared for an operation (a component used at several places in one
/// operation reports its changes once, at the first), and a node budget.
#[derive(Debug, Default)]
pub(super) struct Memo {
    clean: std::collections::HashSet<CleanKey>,
    done: std::collections::HashSet<(String, String, String, bool, bool)>,
    /// Shapes of whole components, by (revision side?, pointer).
    shapes: std::collections::HashMap<(bool, String), String>,
    nodes: usize,
    /// Walks cut short by the depth or node limit: a subtree walked while
    /// this grew is not known to be clean.
    cuts: usize,
}

impl Memo {
    /// The node budget ran out: what lies deeper was not compared.
    pub(super) fn exhausted(&self) -> bool {
        self.nodes > MAX_NODES
    }
}

/// How a constraint moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// Fewer values are valid.
    Tightened,
    /// More values are valid.
    Relaxed,
    /// Different values are valid (a pattern or format swapped).
    Changed,
}

pub(super) struct Walk<'w> {
    old: &'w Components,
    new: &'w Components,
    dir: Direction,
    object: Object,
    op: &'w OperationRef,
    out: &'w mut Vec<Raw>,
    /// Pairs of references being compared (cycle guard).
    seen: Vec<(Option<String>, Option<String>)>,
    /// Per entry of `seen`: the lowest entry a cycle below it went back to.
    low: Vec<usize>,
    /// Reference pairs compared without a change whose cycles close further
    /// up: clean once that one is.
    visited: Vec<CleanKey>,
    memo: &'w mut Memo,
}

/// (base reference, revision reference, request?, parameter?).
type CleanKey = (String, String, bool, bool);

impl<'w> Walk<'w> {
    pub(super) fn new(
        old: &'w Components,
        new: &'w Components,
        dir: Direction,
        object: Object,
        op: &'w OperationRef,
        out: &'w mut Vec<Raw>,
        memo: &'w mut Memo,
    ) -> Self {
        Walk {
            old,
            new,
            dir,
            object,
            op,
            out,
            seen: Vec::new(),
            low: Vec::new(),
            visited: Vec::new(),
            memo,
        }
    }

    pub(super) fn compare(&mut self, old: &Schema, new: &Schema, at: &At) {
        self.node(old, new, at, self.object, 0);
    }

    /// The rule `<direction>-<object>-<change>`, which the table must have.
    fn rule(&self, object: Object, change: &str) -> &'static str {
        let id = format!("{}-{}-{change}", self.dir.as_str(), object.as_str());
        super::rule_by_id(&id)
            .or_else(|| super::rule_by_id(&format!("{}-{change}", self.dir.as_str())))
            .map_or("api-description-changed", |r| r.id)
    }

    fn push(&mut self, rule: &'static str, ptr: String) -> &mut Raw {
        push(self.out, rule, Some(self.op), ptr)
    }

    fn node(&mut self, old: &Schema, new: &Schema, at: &At, object: Object, depth: usize) {
        self.memo.nodes += 1;
        if depth > MAX_DEPTH || self.memo.nodes > MAX_NODES {
            self.memo.cuts += 1;
            return;
        }
        let key = (old.reference.clone(), new.reference.clone());
        let guarded = key.0.is_some() || key.1.is_some();
        let clean_key: Option<CleanKey> = match &key {
            (Some(a), Some(b)) => Some((
                a.clone(),
                b.clone(),
                self.dir == Direction::Request,
                object == Object::Parameter,
            )),
            _ => None,
        };
        let done_key = clean_key
            .as_ref()
            .map(|(a, b, r, p)| (self.op.label(), a.clone(), b.clone(), *r, *p));
        if clean_key
            .as_ref()
            .is_some_and(|k| self.memo.clean.contains(k))
            || done_key
                .as_ref()
                .is_some_and(|k| self.memo.done.contains(k))
        {
            return;
        }
        if !guarded {
            self.node_inner(old, new, at, object, depth);
            return;
        }
        if let Some(j) = self.seen.iter().position(|k| k == &key) {
            // Being compared further up: it reports there. Whether the
            // nodes in between are clean is known when that one finishes.
            if let Some(low) = self.low.last_mut() {
                *low = (*low).min(j);
            }
            return;
        }
        let index = self.seen.len();
        self.seen.push(key);
        self.low.push(usize::MAX);
        let (reported, cuts, visited) = (self.out.len(), self.memo.cuts, self.visited.len());
        self.node_inner(old, new, at, object, depth);
        self.seen.pop();
        let low = self.low.pop().unwrap_or(usize::MAX);
        if let Some(parent) = self.low.last_mut() {
            *parent = (*parent).min(low);
        }
        let quiet = self.out.len() == reported && self.memo.cuts == cuts;
        if quiet && low >= index {
            // Nothing below changed, and every cycle below closes here.
            let settled: Vec<CleanKey> = self.visited.drain(visited..).collect();
            self.memo.clean.extend(settled);
            self.memo.clean.extend(clean_key);
        } else if quiet {
            self.visited.extend(clean_key);
        }
        self.memo.done.extend(done_key);
    }

    fn node_inner(
        &mut self,
        old_raw: &Schema,
        new_raw: &Schema,
        at: &At,
        object: Object,
        depth: usize,
    ) {
        let o = normalize(self.old, old_raw);
        let n = normalize(self.new, new_raw);
        if (o.reference.is_some() || n.reference.is_some()) && o.reference != n.reference {
            // A reference neither contract resolves: compare the targets' names.
            let rule = self.rule(object, "type-changed");
            let (ptr, base) = (at.ptr.clone(), at.base.clone());
            let label = at.label.clone();
            self.push(rule, ptr)
                .phys(at.phys.clone())
                .base(base)
                .before(val(&o.reference))
                .after(val(&n.reference))
                .msg(format!("{label} refers to another schema"));
            return;
        }
        let (old_key, old_alts) = alternatives(&o);
        let (new_key, new_alts) = alternatives(&n);
        if !old_alts.is_empty() || !new_alts.is_empty() {
            let as_list = |key: &str, alts: &[Schema], plain: &Schema| -> Vec<(String, Schema)> {
                if alts.is_empty() {
                    vec![(String::new(), plain.clone())]
                } else {
                    alts.iter()
                        .enumerate()
                        .map(|(i, s)| (format!("{key}/{i}"), s.clone()))
                        .collect()
                }
            };
            let plain_side = old_alts.is_empty() || new_alts.is_empty();
            let old_list = as_list(old_key, old_alts, &o);
            let new_list = as_list(new_key, new_alts, &n);
            if !plain_side && old_key != new_key {
                let how = if new_key == "anyOf" {
                    How::Relaxed
                } else {
                    How::Tightened
                };
                self.constraint(at, object, how, "oneOf", val(old_key), val(new_key));
            }
            self.alternatives(&old_list, &new_list, at, object, depth);
            if plain_side {
                return;
            }
        }
        let (old_type, new_type) = (kind(&o), kind(&n));
        if old_type != new_type {
            let rule = self.rule(object, "type-changed");
            let label = at.label.clone();
            self.push(rule, format!("{}/type", at.ptr))
                .phys(at.phys.clone())
                .base(format!("{}/type", at.base))
                .before(val(&old_type))
                .after(val(&new_type))
                .msg(format!(
                    "the type of {label} changed from {} to {}",
                    old_type.unwrap_or("any"),
                    new_type.unwrap_or("any")
                ));
            return;
        }
        self.nullable(&o, &n, at, object);
        self.format(&o, &n, at, object);
        self.enums(&o, &n, at, object);
        self.bounds(&o, &n, at, object);
        self.simple_keywords(&o, &n, at, object);
        self.additional(&o, &n, at, object, depth);
        self.annotations(&o, &n, at, object);
        self.properties(&o, &n, at, depth);
        match (&o.items, &n.items) {
            (Some(a), Some(b)) => {
                let child = at.child("items", "items", b, format!("the items of {}", at.label));
                self.node(a, b, &child, object, depth + 1);
            }
            (None, Some(b)) if !b.is_empty() => self.constraint(
                at,
                object,
                How::Tightened,
                "items",
                None,
                Some(shape(self.new, b)),
            ),
            (Some(a), None) if !a.is_empty() => self.constraint(
                at,
                object,
                How::Relaxed,
                "items",
                Some(shape(self.old, a)),
                None,
            ),
            _ => {}
        }
    }

    fn constraint(
        &mut self,
        at: &At,
        object: Object,
        how: How,
        keyword: &str,
        old: Option<Value>,
        new: Option<Value>,
    ) {
        let change = match how {
            How::Tightened => "constraint-tightened",
            How::Relaxed => "constraint-relaxed",
            How::Changed => "constraint-changed",
        };
        let rule = self.rule(object, change);
        let (ptr, base) = at.keyword(keyword);
        let verb = match how {
            How::Tightened => "tightened",
            How::Relaxed => "relaxed",
            How::Changed => "changed",
        };
        let message = format!(
            "`{keyword}` of {} {verb}: {} -> {}",
            at.label,
            short(old.as_ref()),
            short(new.as_ref())
        );
        self.push(rule, ptr)
            .phys(at.phys.clone())
            .base(base)
            .before(old)
            .after(new)
            .msg(message);
    }

    fn nullable(&mut self, o: &Schema, n: &Schema, at: &At, object: Object) {
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
        let (ptr, base) = at.keyword("nullable");
        let message = format!(
            "{} {}",
            at.label,
            if b {
                "may now be null"
            } else {
                "is no longer nullable"
            }
        );
        self.push(rule, ptr)
            .phys(at.phys.clone())
            .base(base)
            .before(val(&a))
            .after(val(&b))
            .msg(message);
    }

    fn format(&mut self, o: &Schema, n: &Schema, at: &At, object: Object) {
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

    fn enums(&mut self, o: &Schema, n: &Schema, at: &At, object: Object) {
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

    fn bounds(&mut self, o: &Schema, n: &Schema, at: &At, object: Object) {
        let num = |x: &Option<serde_json::Number>| x.as_ref().and_then(serde_json::Number::as_f64);
        let count = |x: Option<u64>| x.map(|v| (v as f64, false));
        let shown = |x: &Option<serde_json::Number>, exclusive: bool| -> Option<Value> {
            x.as_ref().map(|v| {
                if exclusive {
                    json!({ "exclusive": v })
                } else {
                    Value::Number(v.clone())
                }
            })
        };
        let numeric = [
            (
                "minimum",
                true,
                num(&o.minimum).map(|v| (v, o.exclusive_minimum)),
                num(&n.minimum).map(|v| (v, n.exclusive_minimum)),
                shown(&o.minimum, o.exclusive_minimum),
                shown(&n.minimum, n.exclusive_minimum),
            ),
            (
                "maximum",
                false,
                num(&o.maximum).map(|v| (v, o.exclusive_maximum)),
                num(&n.maximum).map(|v| (v, n.exclusive_maximum)),
                shown(&o.maximum, o.exclusive_maximum),
                shown(&n.maximum, n.exclusive_maximum),
            ),
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
        for (keyword, is_min, a, b, va, vb) in numeric {
            if let Some(how) = bound_move(a, b, is_min) {
                found.push((keyword, how, va, vb));
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
    fn simple_keywords(&mut self, o: &Schema, n: &Schema, at: &At, object: Object) {
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
        let num = |x: &Option<serde_json::Number>| x.as_ref().and_then(serde_json::Number::as_f64);
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
                o.multiple_of.clone().map(Value::Number),
                n.multiple_of.clone().map(Value::Number),
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

    fn additional(&mut self, o: &Schema, n: &Schema, at: &At, object: Object, depth: usize) {
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
    fn annotations(&mut self, o: &Schema, n: &Schema, at: &At, object: Object) {
        let label = at.label.clone();
        if o.default != n.default {
            let rule = self.rule(object, "default-changed");
            let (ptr, base) = at.keyword("default");
            self.push(rule, ptr)
                .phys(at.phys.clone())
                .base(base)
                .before(o.default.clone())
                .after(n.default.clone())
                .msg(format!("the default of {label} changed"));
        }
        if object == Object::Property && o.deprecated != n.deprecated {
            let (change, what) = if n.deprecated {
                ("deprecated", "became deprecated")
            } else {
                ("reactivated", "is no longer deprecated")
            };
            let rule = self.rule(object, change);
            let (ptr, base) = at.keyword("deprecated");
            self.push(rule, ptr)
                .phys(at.phys.clone())
                .base(base)
                .before(val(&o.deprecated))
                .after(val(&n.deprecated))
                .msg(format!("{label} {what}"));
        }
        let description = format!("{}-description-changed", self.dir.as_str());
        let description =
            super::rule_by_id(&description).map_or("api-description-changed", |r| r.id);
        for (keyword, a, b) in [
            ("description", &o.description, &n.description),
            ("title", &o.title, &n.title),
        ] {
            if a != b {
                let (ptr, base) = at.keyword(keyword);
                self.push(description, ptr)
                    .phys(at.phys.clone())
                    .base(base)
                    .before(val(a))
                    .after(val(b))
                    .msg(format!("the {keyword} of {label} changed"));
            }
        }
        if o.example != n.example {
            let rule = format!("{}-example-changed", self.dir.as_str());
            let rule = super::rule_by_id(&rule).map_or("api-description-changed", |r| r.id);
            let (ptr, base) = at.keyword("example");
            self.push(rule, ptr)
                .phys(at.phys.clone())
                .base(base)
                .before(o.example.clone())
                .after(n.example.clone())
                .msg(format!("the example of {label} changed"));
        }
    }

    fn properties(&mut self, o: &Schema, n: &Schema, at: &At, depth: usize) {
        if o.properties.is_empty() && n.properties.is_empty() {
            return;
        }
        let object = Object::Property;
        let dir = self.dir;
        // A read-only property is not sent, a write-only one not returned:
        // in that direction it is not there.
        let absent_here = |c: &Components, s: &Schema| {
            let s = normalize(c, s);
            match dir {
                Direction::Request => s.read_only,
                Direction::Response => s.write_only,
            }
        };
        let required = |c: &Components, parent: &Schema, name: &str, s: &Schema| {
            parent.required.iter().any(|r| r == name) && !absent_here(c, s)
        };
        let names: BTreeSet<&String> = o.properties.keys().chain(n.properties.keys()).collect();
        for name in names {
            let token = format!("properties/{}", escape_pointer(name));
            let label = format!("property `{name}`");
            match (o.properties.get(name), n.properties.get(name)) {
                (Some(a), None) => {
                    if !absent_here(self.old, a) {
                        self.property_gone(a, at, &token, &label);
                    }
                }
                (None, Some(b)) => {
                    if !absent_here(self.new, b) {
                        self.property_new(n, name, b, at, &token, &label);
                    }
                }
                (Some(a), Some(b)) => {
                    match (absent_here(self.old, a), absent_here(self.new, b)) {
                        (true, true) => continue,
                        // Became read-only (request) or write-only (response):
                        // gone from this direction; the reverse: there now.
                        (false, true) => {
                            self.property_gone(a, at, &token, &label);
                            continue;
                        }
                        (true, false) => {
                            self.property_new(n, name, b, at, &token, &label);
                            continue;
                        }
                        (false, false) => {}
                    }
                    let child = at.child(&token, &token, b, label.clone());
                    let (was, is) = (
                        required(self.old, o, name, a),
                        required(self.new, n, name, b),
                    );
                    if was != is {
                        let (change, what) = if is {
                            ("became-required", "required")
                        } else {
                            ("became-optional", "optional")
                        };
                        let rule = self.rule(object, change);
                        self.push(rule, child.ptr.clone())
                            .phys(child.phys.clone())
                            .base(child.base.clone())
                            .before(val(&was))
                            .after(val(&is))
                            .msg(format!("{label} of {} became {what}", at.label));
                    }
                    self.node(a, b, &child, object, depth + 1);
                }
                (None, None) => {}
            }
        }
    }

    /// An alternative's matching keys: content, reference, title, type.
    fn alt_keys(&mut self, schema: &Schema, new_side: bool) -> [Option<String>; 4] {
        let c = if new_side { self.new } else { self.old };
        let component = component_pointer(schema).filter(|_| schema.reference.is_some());
        let content = match &component {
            Some(name) => {
                let key = (new_side, name.clone());
                if let Some(found) = self.memo.shapes.get(&key) {
                    found.clone()
                } else {
                    let text = shape(c, schema).to_string();
                    self.memo.shapes.insert(key, text.clone());
                    text
                }
            }
            None => shape(c, schema).to_string(),
        };
        let flat = normalize(c, schema);
        [
            Some(content),
            schema.reference.clone(),
            flat.title.clone(),
            kind(&flat).map(str::to_string),
        ]
    }

    /// A property the base had and the revision does not (in this direction).
    fn property_gone(&mut self, a: &Schema, at: &At, token: &str, label: &str) {
        let rule = match self.dir {
            Direction::Request => "request-property-removed",
            Direction::Response => "response-property-removed",
        };
        let shown = shape(self.old, a);
        self.push(rule, format!("{}/{token}", at.ptr))
            .phys(at.phys.clone())
            .base(format!("{}/{token}", at.base))
            .before(Some(shown))
            .msg(format!("{label} of {} was removed", at.label));
    }

    /// A property the revision has and the base did not (in this direction).
    fn property_new(
        &mut self,
        parent: &Schema,
        name: &str,
        b: &Schema,
        at: &At,
        token: &str,
        label: &str,
    ) {
        let required = parent.required.iter().any(|r| r == name);
        let rule = match self.dir {
            Direction::Request if required => "request-required-property-added",
            Direction::Request => "request-optional-property-added",
            Direction::Response => "response-property-added",
        };
        let shown = shape(self.new, b);
        let phys = component_pointer(b).unwrap_or_else(|| format!("{}/{token}", at.phys));
        self.push(rule, format!("{}/{token}", at.ptr))
            .phys(phys)
            .after(Some(shown))
            .msg(format!("{label} was added to {}", at.label));
    }

    /// oneOf/anyOf alternatives: matched by content, then by the component
    /// they refer to, then by title, then by type; the rest were added or
    /// removed. Order does not matter.
    fn alternatives(
        &mut self,
        old: &[(String, Schema)],
        new: &[(String, Schema)],
        at: &At,
        object: Object,
        depth: usize,
    ) {
        // What pairs two alternatives, strongest first: content, the
        // component referred to, title, type. Computed once per alternative
        // (a component's shape once per pair of contracts).
        let old_keys: Vec<[Option<String>; 4]> =
            old.iter().map(|(_, s)| self.alt_keys(s, false)).collect();
        let new_keys: Vec<[Option<String>; 4]> =
            new.iter().map(|(_, s)| self.alt_keys(s, true)).collect();
        let mut old_free: Vec<usize> = (0..old.len()).collect();
        let mut new_free: Vec<usize> = (0..new.len()).collect();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for strength in 0..4 {
            let mut i = 0;
            while i < old_free.len() {
                let oi = old_free[i];
                let Some(k) = &old_keys[oi][strength] else {
                    i += 1;
                    continue;
                };
                let same_old = old_free
                    .iter()
                    .filter(|&&x| old_keys[x][strength].as_ref() == Some(k))
                    .count();
                let candidates: Vec<usize> = new_free
                    .iter()
                    .copied()
                    .filter(|&x| new_keys[x][strength].as_ref() == Some(k))
                    .collect();
                // Beyond content and references, only unambiguous matches.
                let ambiguous = strength >= 2 && (same_old > 1 || candidates.len() > 1);
                let Some(&ni) = candidates.first().filter(|_| !ambiguous) else {
                    i += 1;
                    continue;
                };
                pairs.push((oi, ni));
                old_free.remove(i);
                new_free.retain(|&x| x != ni);
            }
        }
        for (oi, ni) in pairs {
            let (old_token, old_schema) = &old[oi];
            let (new_token, new_schema) = &new[ni];
            let label = if new_token.is_empty() {
                at.label.clone()
            } else {
                format!("alternative {} of {}", ni + 1, at.label)
            };
            let child = at.child(new_token, old_token, new_schema, label);
            self.node(old_schema, new_schema, &child, object, depth + 1);
        }
        let (added, removed) = match object {
            Object::Property => (
                self.rule(object, "variant-added"),
                self.rule(object, "variant-removed"),
            ),
            // A parameter that accepts another alternative accepts more values.
            Object::Parameter => (
                self.rule(object, "constraint-relaxed"),
                self.rule(object, "constraint-tightened"),
            ),
        };
        for oi in old_free {
            let (token, schema) = &old[oi];
            let ptr = under(&at.ptr, token);
            let base = under(&at.base, token);
            let label = at.label.clone();
            let shown = shape(self.old, schema);
            self.push(removed, ptr)
                .phys(at.phys.clone())
                .base(base)
                .before(Some(shown))
                .msg(format!("{label} lost an alternative"));
        }
        for ni in new_free {
            let (token, schema) = &new[ni];
            let ptr = under(&at.ptr, token);
            let label = at.label.clone();
            let shown = shape(self.new, schema);
            self.push(added, ptr)
                .phys(at.phys.clone())
                .after(Some(shown))
                .msg(format!("{label} gained an alternative"));
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

/// A schema as a reader sees it: [`Components::flattened`], and a one-part
/// `allOf` with only annotations beside it read as that part (annotations
/// kept), so wrapping a schema in `allOf` is not a change.
pub(super) fn normalize<'s>(c: &'s Components, schema: &'s Schema) -> Cow<'s, Schema> {
    normalize_at(c, schema, 0)
}

fn normalize_at<'s>(c: &'s Components, schema: &'s Schema, depth: usize) -> Cow<'s, Schema> {
    if depth >= MAX_DEPTH {
        return Cow::Owned(c.flattened(schema));
    }
    if let Some(reference) = &schema.reference {
        // A whole component: itself, read the same way (borrowed when it
        // needs no merging, which is most of the time).
        let target = (reference.matches('/').count() == 3)
            .then(|| crate::model::schema_ref_name(reference))
            .flatten()
            .and_then(|name| c.schemas.get(&name));
        return match target {
            Some(target) if target.reference.is_none() => normalize_at(c, target, depth + 1),
            _ => Cow::Owned(c.flattened(schema)),
        };
    }
    if schema.all_of.is_empty() {
        return Cow::Borrowed(schema);
    }
    if schema.all_of.len() == 1 {
        let mut rest = schema.clone();
        rest.all_of.clear();
        let annotations = Schema {
            description: rest.description.take(),
            title: rest.title.take(),
            default: rest.default.take(),
            example: rest.example.take(),
            nullable: std::mem::take(&mut rest.nullable),
            deprecated: std::mem::take(&mut rest.deprecated),
            read_only: std::mem::take(&mut rest.read_only),
            write_only: std::mem::take(&mut rest.write_only),
            ..Schema::default()
        };
        rest.extensions.clear();
        if rest.is_empty() {
            let mut inner = normalize_at(c, &schema.all_of[0], depth + 1).into_owned();
            inner.description = annotations.description.or(inner.description);
            inner.title = annotations.title.or(inner.title);
            inner.default = annotations.default.or(inner.default);
            inner.example = annotations.example.or(inner.example);
            inner.nullable |= annotations.nullable;
            inner.deprecated |= annotations.deprecated;
            inner.read_only |= annotations.read_only;
            inner.write_only |= annotations.write_only;
            return Cow::Owned(inner);
        }
    }
    Cow::Owned(c.flattened(schema))
}

/// The JSON type of a schema as a reader sees it.
pub(super) fn type_of(c: &Components, schema: &Schema) -> Option<&'static str> {
    kind(&normalize(c, schema))
}

/// The JSON type a schema constrains values to, inferred from its keywords
/// when `type` is not given.
fn kind(s: &Schema) -> Option<&'static str> {
    if let Some(t) = s.schema_type {
        return Some(t.as_str());
    }
    if !s.properties.is_empty() || s.additional_properties.is_some() {
        return Some(SchemaType::Object.as_str());
    }
    if s.items.is_some() {
        return Some(SchemaType::Array.as_str());
    }
    None
}

fn is_nullable(s: &Schema) -> bool {
    s.nullable
        || s.enum_values
            .as_ref()
            .is_some_and(|e| e.iter().any(Value::is_null))
}

/// `oneOf` or `anyOf` (the first that has alternatives).
fn alternatives(s: &Schema) -> (&'static str, &[Schema]) {
    if !s.one_of.is_empty() {
        ("oneOf", &s.one_of)
    } else if !s.any_of.is_empty() {
        ("anyOf", &s.any_of)
    } else {
        ("", &[])
    }
}

/// The shape of a schema for comparing and showing: flattened, without
/// descriptions, titles and examples (at any depth).
pub(super) fn shape(c: &Components, s: &Schema) -> Value {
    let mut value = serde_json::to_value(&*normalize(c, s)).unwrap_or(Value::Null);
    strip_annotations(&mut value, 0);
    value
}

fn strip_annotations(v: &mut Value, depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Object(map) => {
            for key in ["description", "title", "example", "externalDocs"] {
                map.remove(key);
            }
            for (key, child) in map.iter_mut() {
                // Inside `enum`, `default` and `example` values are data.
                if key != "enum" && key != "default" {
                    strip_annotations(child, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                strip_annotations(item, depth + 1);
            }
        }
        _ => {}
    }
}

/// A value as shown in a message: compact JSON, cut at 60 characters.
fn short(v: Option<&Value>) -> String {
    match v {
        None => "none".into(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 60 {
                format!("{}...", text.chars().take(57).collect::<String>())
            } else {
                text
            }
        }
    }
}
