//! After refs are resolved and before the checks: every documented
//! example that contradicts its schema is repaired in the contract, so
//! every tool that reads a published contract (Prism, Redocly, the mock,
//! our clients with `validate_responses(true)`) meets examples that fit.
//!
//! The repair is minimal, so the example still says what the vendor
//! meant: a property whose value breaks its schema is dropped when it is
//! optional and regenerated alone when it is required, a required
//! property the example lacks is added, and every value that fits is left
//! as written. Only when that cannot make the example fit is the whole of
//! it regenerated. The vendor's example stays beside the repaired one
//! under [`ORIGINAL`], and each violation is still an `example-mismatch`
//! warning at its page line, with a note saying what was changed. An
//! example no valid value can replace is left as it is, for the checks to
//! report.

use std::cell::Cell;

use serde_json::{Map, Value};

use crate::contract_checks::mismatch_diagnostics;
use crate::diag::Diagnostics;
use crate::model::{
    AdditionalProperties, Components, Contract, Extensions, MediaType, Schema, SchemaType,
};
use crate::pointer::join;
use crate::sample::Sampler;
use crate::srcmap::SourceMap;
use crate::validate::{Direction, Validator};

/// The extension that keeps the vendor's example, as the page gave it,
/// next to the repaired one (on the media type, the Example Object, the
/// parameter or the schema that holds the example).
pub const ORIGINAL: &str = "x-original-example";

/// Nesting beyond which a value is not repaired part by part (it is then
/// regenerated whole, like a recursive schema's sample).
const MAX_DEPTH: usize = 32;

/// How many values one repair may try to fix: alternatives of
/// alternatives (a `oneOf` that refers to itself) would otherwise branch
/// without end on one value. Past it the example is regenerated whole.
const MAX_STEPS: usize = 10_000;

/// A value made to fit its schema, and what was changed to get there.
#[derive(Debug, Clone, PartialEq)]
pub struct Repair {
    pub value: Value,
    pub changes: Vec<Change>,
}

/// One change, at the JSON pointer of the original value it touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub pointer: String,
    pub kind: ChangeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Left out: an optional property whose value breaks its schema, an
    /// array item that cannot be made to fit, a key the schema does not
    /// allow, a `readOnly`/`writeOnly` property sent the wrong way.
    Dropped,
    /// A required property whose value breaks its schema, given a valid
    /// value of its own (the whole example when the pointer is empty).
    Regenerated,
    /// A required property the example lacks, or an item `minItems` asks for.
    Added,
}

/// The vendor's original of the example `name` of `m` (named as
/// [`MediaType::example_values`] names them), when it was repaired.
pub fn original_example<'m>(m: &'m MediaType, name: &str) -> Option<&'m Value> {
    if m.examples.is_empty() {
        m.extensions.get(ORIGINAL)
    } else {
        m.examples.get(name)?.extensions.get(ORIGINAL)
    }
}

/// Repairs values against the schemas of one contract, for values
/// travelling one way (`readOnly` / `writeOnly` apply as the mock and the
/// clients apply them).
pub struct Repairer<'a> {
    components: &'a Components,
    validator: Validator<'a>,
    direction: Direction,
    /// Steps left in the current repair ([`MAX_STEPS`]).
    steps: Cell<usize>,
}

impl<'a> Repairer<'a> {
    pub fn new(components: &'a Components, direction: Direction) -> Self {
        Repairer {
            components,
            validator: Validator::new(&components.schemas).direction(direction),
            direction,
            steps: Cell::new(0),
        }
    }

    /// The validator repairs are judged by.
    pub fn validator(&self) -> &Validator<'a> {
        &self.validator
    }

    /// `value` made to fit `schema` with as few changes as possible (none
    /// when it fits already); `None` when no fitting value can be made.
    pub fn repair(&self, schema: &Schema, value: &Value) -> Option<Repair> {
        let sampler = Sampler::new(&self.validator, self.direction);
        self.steps.set(MAX_STEPS);
        let mut changes = Vec::new();
        if let Some(value) = self.fix(&sampler, schema, value, "", 0, &mut changes) {
            return Some(Repair { value, changes });
        }
        let value = sampler.static_value(schema)?;
        Some(Repair {
            value,
            changes: vec![Change::new("", ChangeKind::Regenerated)],
        })
    }

    /// `value` made to fit `schema` in place, keeping what fits; `None`
    /// (and no change recorded) when it cannot be.
    fn fix(
        &self,
        sampler: &Sampler,
        schema: &Schema,
        value: &Value,
        ptr: &str,
        depth: usize,
        changes: &mut Vec<Change>,
    ) -> Option<Value> {
        if self.validator.is_valid(schema, value) {
            return Some(value.clone());
        }
        let steps = self.steps.get();
        if depth > MAX_DEPTH || steps == 0 {
            return None;
        }
        self.steps.set(steps - 1);
        // Properties spread over `allOf` parts are repaired as one object.
        let flat = self.components.flattened(schema);
        let mark = changes.len();
        let fixed = match value {
            Value::Object(map) if is_object_like(&flat) => {
                self.fix_object(sampler, &flat, map, ptr, depth, changes)
            }
            Value::Array(items) if flat.items.is_some() => {
                self.fix_array(sampler, &flat, items, ptr, depth, changes)
            }
            _ => None,
        };
        if let Some(v) = fixed.filter(|v| self.validator.is_valid(schema, v)) {
            return Some(v);
        }
        changes.truncate(mark);
        // The alternative the value can be made to fit, in order.
        for alt in flat.one_of.iter().chain(&flat.any_of) {
            let mut tried = Vec::new();
            if let Some(v) = self.fix(sampler, alt, value, ptr, depth + 1, &mut tried) {
                if self.validator.is_valid(schema, &v) {
                    changes.extend(tried);
                    return Some(v);
                }
            }
        }
        None
    }

    fn fix_object(
        &self,
        sampler: &Sampler,
        s: &Schema,
        map: &Map<String, Value>,
        ptr: &str,
        depth: usize,
        changes: &mut Vec<Change>,
    ) -> Option<Value> {
        let mut out = Map::new();
        for (key, v) in map {
            let at = join(ptr, key);
            let schema = match s.properties.get(key) {
                Some(prop) if self.validator.skips_property(prop) => {
                    changes.push(Change::new(&at, ChangeKind::Dropped));
                    continue;
                }
                Some(prop) => prop,
                None => match &s.additional_properties {
                    Some(AdditionalProperties::Bool(false)) => {
                        changes.push(Change::new(&at, ChangeKind::Dropped));
                        continue;
                    }
                    Some(AdditionalProperties::Schema(extra)) => &**extra,
                    _ => {
                        out.insert(key.clone(), v.clone());
                        continue;
                    }
                },
            };
            if let Some(fixed) = self.fix(sampler, schema, v, &at, depth + 1, changes) {
                out.insert(key.clone(), fixed);
            } else if s.required.contains(key) {
                out.insert(key.clone(), sampler.static_value(schema)?);
                changes.push(Change::new(&at, ChangeKind::Regenerated));
            } else {
                changes.push(Change::new(&at, ChangeKind::Dropped));
            }
        }
        for name in &s.required {
            if out.contains_key(name) {
                continue;
            }
            let empty = Schema::default();
            let schema = match (s.properties.get(name), &s.additional_properties) {
                (Some(prop), _) if self.validator.skips_property(prop) => continue,
                (Some(prop), _) => prop,
                (None, Some(AdditionalProperties::Schema(extra))) => &**extra,
                (None, _) => &empty,
            };
            out.insert(name.clone(), sampler.static_value(schema)?);
            changes.push(Change::new(&join(ptr, name), ChangeKind::Added));
        }
        Some(Value::Object(out))
    }

    fn fix_array(
        &self,
        sampler: &Sampler,
        s: &Schema,
        items: &[Value],
        ptr: &str,
        depth: usize,
        changes: &mut Vec<Change>,
    ) -> Option<Value> {
        let item_schema = s.items.as_deref()?;
        // Each kept item with its index in the original, for the pointers.
        let mut out: Vec<(usize, Value)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = join(ptr, &i.to_string());
            match self.fix(sampler, item_schema, item, &at, depth + 1, changes) {
                Some(v) if !(s.unique_items && out.iter().any(|(_, kept)| *kept == v)) => {
                    out.push((i, v))
                }
                _ => changes.push(Change::new(&at, ChangeKind::Dropped)),
            }
        }
        if let Some(max) = s.max_items {
            while out.len() as u64 > max {
                if let Some((i, _)) = out.pop() {
                    changes.push(Change::new(&join(ptr, &i.to_string()), ChangeKind::Dropped));
                }
            }
        }
        let min = s.min_items.unwrap_or(0);
        if min > out.len() as u64 + 64 {
            // more items to invent than the example holds: not a repair
            return None;
        }
        let mut next = items.len();
        while (out.len() as u64) < min {
            out.push((next, sampler.static_value(item_schema)?));
            changes.push(Change::new(
                &join(ptr, &next.to_string()),
                ChangeKind::Added,
            ));
            next += 1;
        }
        Some(Value::Array(out.into_iter().map(|(_, v)| v).collect()))
    }
}

impl Change {
    fn new(pointer: &str, kind: ChangeKind) -> Self {
        Change {
            pointer: pointer.to_string(),
            kind,
        }
    }
}

fn is_object_like(s: &Schema) -> bool {
    s.schema_type == Some(SchemaType::Object)
        || (s.schema_type.is_none() && (!s.properties.is_empty() || !s.required.is_empty()))
}

/// The note on each warning of a repaired example: what changed, and
/// where the vendor's example went.
fn describe(changes: &[Change]) -> String {
    let parts: Vec<String> = changes
        .iter()
        .map(|c| match (c.pointer.as_str(), c.kind) {
            ("", _) => "the whole example regenerated from its schema".to_string(),
            (p, ChangeKind::Dropped) => format!("`{p}` dropped"),
            (p, ChangeKind::Regenerated) => format!("`{p}` regenerated (required)"),
            (p, ChangeKind::Added) => format!("`{p}` added (required)"),
        })
        .collect();
    let what = if parts.is_empty() {
        "repaired".to_string()
    } else {
        parts.join(", ")
    };
    format!("published repaired: {what}; the page's example is kept under `{ORIGINAL}`")
}

/// Repair every example of `contract` that contradicts its schema:
/// parameters', request and response bodies' (named or not) and schemas'
/// own `example`s.
pub fn repair_examples(contract: &mut Contract, map: &SourceMap, diags: &mut Diagnostics) {
    let Contract {
        paths, components, ..
    } = contract;
    let any = Repairer::new(components, Direction::Any);
    let request = Repairer::new(components, Direction::Request);
    let response = Repairer::new(components, Direction::Response);
    let mut stage = Stage { map, diags };
    for (path, item) in paths.iter_mut() {
        for (method, op) in item.iter_mut() {
            let op_ptr = crate::pointer::operation(path, *method);
            let label = format!("{} {path}", method.upper());
            for (i, p) in op.parameters.iter_mut().enumerate() {
                let p_ptr = join(&join(&op_ptr, "parameters"), &i.to_string());
                let what = format!("example of parameter `{}` ({label})", p.name);
                if let Some(example) = &mut p.example {
                    let ptr = join(&p_ptr, "example");
                    stage.fix(&request, &p.schema, example, &mut p.extensions, &ptr, &what);
                }
                for (name, ex) in p.examples.iter_mut() {
                    if let Some(value) = &mut ex.value {
                        let ptr = join(&join(&join(&p_ptr, "examples"), name), "value");
                        let what = format!("{what} `{name}`");
                        stage.fix(&request, &p.schema, value, &mut ex.extensions, &ptr, &what);
                    }
                }
                stage.schema_examples(&any, &mut p.schema, &join(&p_ptr, "schema"));
            }
            if let Some(body) = &mut op.request_body {
                for (media, m) in body.content.iter_mut() {
                    let ptr = join(&join(&join(&op_ptr, "requestBody"), "content"), media);
                    let what = format!("request example ({label})");
                    stage.media(&request, &any, m, &ptr, &what);
                }
            }
            for (status, r) in op.responses.iter_mut() {
                let r_ptr = join(&join(&op_ptr, "responses"), status);
                for (name, h) in r.headers.iter_mut() {
                    let ptr = join(&join(&join(&r_ptr, "headers"), name), "schema");
                    stage.schema_examples(&any, &mut h.schema, &ptr);
                }
                for (media, m) in r.content.iter_mut() {
                    let ptr = join(&join(&r_ptr, "content"), media);
                    let what = format!("response {status} example ({label})");
                    stage.media(&response, &any, m, &ptr, &what);
                }
            }
        }
    }
    // A component cannot change while the validators read the components:
    // repair a copy of each one whose examples break, then put it back.
    let mut repaired = Vec::new();
    for (name, s) in &components.schemas {
        if has_broken_example(any.validator(), s) {
            let mut copy = s.clone();
            let ptr = join("/components/schemas", name);
            stage.schema_examples(&any, &mut copy, &ptr);
            repaired.push((name.clone(), copy));
        }
    }
    components.schemas.extend(repaired);
}

/// True when `s` or a subschema has an `example` that breaks it.
fn has_broken_example(validator: &Validator, s: &Schema) -> bool {
    let mut broken = false;
    s.walk(&mut |x| {
        broken = broken
            || (x.reference.is_none()
                && x.example
                    .as_ref()
                    .is_some_and(|e| !validator.is_valid(x, e)));
    });
    broken
}

/// Where the repairs report to.
struct Stage<'m, 'd> {
    map: &'m SourceMap,
    diags: &'d mut Diagnostics,
}

impl Stage<'_, '_> {
    /// Repair `value` in place when it breaks `schema`, keeping the
    /// original in `extensions` and reporting each violation.
    fn fix(
        &mut self,
        r: &Repairer,
        schema: &Schema,
        value: &mut Value,
        extensions: &mut Extensions,
        ptr: &str,
        what: &str,
    ) {
        let violations = r.validator.validate(schema, value);
        if violations.is_empty() {
            return;
        }
        let Some(repair) = r.repair(schema, value) else {
            return;
        };
        let note = describe(&repair.changes);
        for d in mismatch_diagnostics(self.map, ptr, what, &violations) {
            self.diags.push(d.with_note(note.clone()));
        }
        let original = std::mem::replace(value, repair.value);
        extensions.insert(ORIGINAL.into(), original);
    }

    /// A body's examples (by `direction`) and its schema's own (any way).
    fn media(&mut self, r: &Repairer, any: &Repairer, m: &mut MediaType, ptr: &str, what: &str) {
        let Some(schema) = &mut m.schema else {
            return;
        };
        if let Some(example) = &mut m.example {
            self.fix(
                r,
                schema,
                example,
                &mut m.extensions,
                &join(ptr, "example"),
                what,
            );
        }
        for (name, ex) in m.examples.iter_mut() {
            if let Some(value) = &mut ex.value {
                let ex_ptr = join(&join(&join(ptr, "examples"), name), "value");
                let what = format!("{what} `{name}`");
                self.fix(r, schema, value, &mut ex.extensions, &ex_ptr, &what);
            }
        }
        self.schema_examples(any, schema, &join(ptr, "schema"));
    }

    /// Every schema `example` in `s` and its subschemas (a `$ref`'s
    /// sibling `example` is not the schema's: OpenAPI 3.0 ignores it).
    fn schema_examples(&mut self, r: &Repairer, s: &mut Schema, ptr: &str) {
        if s.reference.is_none() {
            if let Some(mut example) = s.example.take() {
                // Taken out while the schema is read; neither `example`
                // nor an extension changes what the schema allows.
                let mut extensions = std::mem::take(&mut s.extensions);
                let ex_ptr = join(ptr, "example");
                self.fix(
                    r,
                    s,
                    &mut example,
                    &mut extensions,
                    &ex_ptr,
                    "schema example",
                );
                s.example = Some(example);
                s.extensions = extensions;
            }
        }
        let tokens: Vec<String> = s.children().into_iter().map(|(t, _)| t).collect();
        for (child, token) in s.children_mut().into_iter().zip(tokens) {
            self.schema_examples(r, child, &format!("{ptr}/{token}"));
        }
    }
}
