//! `oneOf`/`anyOf` alternatives: paired by content, component, title and
//! type, whatever their order; the rest were added or removed.

use crate::model::Schema;

use super::normalize::{kind, normalize, shape};
use super::{component_pointer, under, At, Object, Walk};

impl Walk<'_> {
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

    /// oneOf/anyOf alternatives: matched by content, then by the component
    /// they refer to, then by title, then by type; the rest were added or
    /// removed. Order does not matter.
    pub(super) fn alternatives(
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

/// `oneOf` or `anyOf` (the first that has alternatives).
pub(super) fn alternatives(s: &Schema) -> (&'static str, &[Schema]) {
    if !s.one_of.is_empty() {
        ("oneOf", &s.one_of)
    } else if !s.any_of.is_empty() {
        ("anyOf", &s.any_of)
    } else {
        ("", &[])
    }
}
