//! Object properties: matched by name, read-only ones absent from
//! requests and write-only ones from responses, `required` compared, then
//! each pair walked.

use std::collections::BTreeSet;

use crate::diff::val;
use crate::model::{Components, Schema};
use crate::pointer::escape_pointer;

use super::normalize::{normalize, shape};
use super::{component_pointer, At, Direction, Object, Walk};

impl Walk<'_> {
    pub(super) fn properties(&mut self, o: &Schema, n: &Schema, at: &At, depth: usize) {
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
}
