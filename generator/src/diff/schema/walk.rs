//! The walk itself: the cycle guard and memo around each pair of nodes,
//! then one node compared (references, alternatives, type, keywords,
//! properties, items), and the one way a constraint change is reported.

use serde_json::Value;

use crate::diff::{push, val, OperationRef, Raw};
use crate::model::{Components, Schema};

use super::composition::alternatives;
use super::normalize::{kind, normalize, shape};
use super::{At, CleanKey, Direction, How, Memo, Object, MAX_DEPTH, MAX_NODES};

/// One schema comparison: a direction and element kind, for one
/// operation, reporting into `out`.
pub(in crate::diff) struct Walk<'w> {
    pub(super) old: &'w Components,
    pub(super) new: &'w Components,
    pub(super) dir: Direction,
    object: Object,
    pub(super) op: &'w OperationRef,
    out: &'w mut Vec<Raw>,
    /// Pairs of references being compared (cycle guard).
    seen: Vec<(Option<String>, Option<String>)>,
    /// Per entry of `seen`: the lowest entry a cycle below it went back to.
    low: Vec<usize>,
    /// Reference pairs compared without a change whose cycles close further
    /// up: clean once that one is.
    visited: Vec<CleanKey>,
    pub(super) memo: &'w mut Memo,
}

impl<'w> Walk<'w> {
    pub(in crate::diff) fn new(
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

    pub(in crate::diff) fn compare(&mut self, old: &Schema, new: &Schema, at: &At) {
        self.node(old, new, at, self.object, 0);
    }

    /// The rule `<direction>-<object>-<change>`, which the table must have.
    pub(super) fn rule(&self, object: Object, change: &str) -> &'static str {
        let id = format!("{}-{}-{change}", self.dir.as_str(), object.as_str());
        crate::diff::rule_by_id(&id)
            .or_else(|| crate::diff::rule_by_id(&format!("{}-{change}", self.dir.as_str())))
            .map_or("api-description-changed", |r| r.id)
    }

    pub(super) fn push(&mut self, rule: &'static str, ptr: String) -> &mut Raw {
        push(self.out, rule, Some(self.op), ptr)
    }

    /// Report `rule` at `keyword` of the node at `at` (its pointer in both
    /// revisions and its source location), from `old` to `new`.
    pub(super) fn keyword_changed(
        &mut self,
        rule: &'static str,
        at: &At,
        keyword: &str,
        old: Option<Value>,
        new: Option<Value>,
        message: String,
    ) {
        let (ptr, base) = at.keyword(keyword);
        self.push(rule, ptr)
            .phys(at.phys.clone())
            .base(base)
            .before(old)
            .after(new)
            .msg(message);
    }

    pub(super) fn node(
        &mut self,
        old: &Schema,
        new: &Schema,
        at: &At,
        object: Object,
        depth: usize,
    ) {
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
            let message = format!(
                "the type of {} changed from {} to {}",
                at.label,
                old_type.unwrap_or("any"),
                new_type.unwrap_or("any")
            );
            self.keyword_changed(rule, at, "type", val(&old_type), val(&new_type), message);
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

    pub(super) fn constraint(
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
        self.keyword_changed(rule, at, keyword, old, new, message);
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
