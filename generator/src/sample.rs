//! Values made from schemas: a deterministic "static" sample (the same
//! schema always gives the same value) and a seeded "dynamic" one. The
//! mock's bodies and requests and [`crate::example_repair`]'s regenerated
//! properties all come from here. Every value handed out has been checked
//! against its schema by the validator; generation that cannot satisfy a
//! schema returns `None`.

use crate::model::{AdditionalProperties, Schema, SchemaType};
use crate::validate::{Direction, Validator};
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{Map, Number, Value};

/// Nesting beyond which optional parts are left out (recursive schemas).
const MAX_DEPTH: usize = 12;
/// Nesting at which generation gives up (required recursion): the value
/// then fails validation and the caller gets `None`.
const HARD_DEPTH: usize = 20;

/// SplitMix64: small, fast, and the same on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// A generator seeded from text (FNV-1a of its bytes).
    pub fn from_text(seed: &str) -> Self {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in seed.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        Rng(h)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when n is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    pub fn chance(&mut self) -> bool {
        self.next_u64() & 1 == 1
    }
}

/// Makes sample values for one contract.
pub struct Sampler<'a> {
    validator: &'a Validator<'a>,
    direction: Direction,
}

impl<'a> Sampler<'a> {
    /// `validator` must resolve the contract's `$ref`s and already apply
    /// `direction`.
    pub fn new(validator: &'a Validator<'a>, direction: Direction) -> Self {
        Sampler {
            validator,
            direction,
        }
    }

    /// The deterministic sample of `schema`, if one validates.
    pub fn static_value(&self, schema: &Schema) -> Option<Value> {
        let v = self.generate(schema, &mut None, 0);
        self.validator.is_valid(schema, &v).then_some(v)
    }

    /// A seeded sample of `schema` that validates; the static one when the
    /// random draw does not.
    pub fn dynamic_value(&self, schema: &Schema, rng: &mut Rng) -> Option<Value> {
        for _ in 0..4 {
            let v = self.generate(schema, &mut Some(&mut *rng), 0);
            if self.validator.is_valid(schema, &v) {
                return Some(v);
            }
        }
        self.static_value(schema)
    }

    fn deref<'s>(&self, s: &'s Schema) -> &'s Schema
    where
        'a: 's,
    {
        self.validator.deref(s)
    }

    fn skipped(&self, prop: &Schema) -> bool {
        let p = self.deref(prop);
        match self.direction {
            Direction::Any => false,
            Direction::Request => p.read_only,
            Direction::Response => p.write_only,
        }
    }

    /// A value shaped by `schema` (not yet checked against it).
    fn generate(&self, schema: &Schema, rng: &mut Option<&mut Rng>, depth: usize) -> Value {
        if depth > HARD_DEPTH {
            return Value::Null;
        }
        let s = self.deref(schema);
        if rng.is_none() {
            for candidate in [s.example.as_deref(), s.default.as_deref()]
                .into_iter()
                .flatten()
            {
                if self.validator.is_valid(s, candidate) {
                    return candidate.clone();
                }
            }
        }
        if let Some(values) = s.enum_values.as_ref().filter(|v| !v.is_empty()) {
            let valid: Vec<&Value> = values
                .iter()
                .filter(|v| self.validator.is_valid(s, v))
                .collect();
            if !valid.is_empty() {
                let i = match rng {
                    Some(r) => r.below(valid.len() as u64) as usize,
                    None => 0,
                };
                return valid[i].clone();
            }
        }
        if !s.all_of.is_empty() {
            let mut merged: Option<Value> = None;
            if s.schema_type.is_some() || !s.properties.is_empty() {
                let mut own = s.clone();
                own.all_of.clear();
                merged = Some(self.generate(&own, rng, depth + 1));
            }
            for sub in &s.all_of {
                let v = self.generate(sub, rng, depth + 1);
                merged = Some(match (merged, v) {
                    (Some(Value::Object(mut a)), Value::Object(b)) => {
                        for (k, v) in b {
                            a.entry(k).or_insert(v);
                        }
                        Value::Object(a)
                    }
                    (Some(a), _) => a,
                    (None, v) => v,
                });
            }
            if let Some(v) = merged {
                return v;
            }
        }
        for alternatives in [&s.one_of, &s.any_of] {
            if alternatives.is_empty() {
                continue;
            }
            let start = match rng {
                Some(r) => r.below(alternatives.len() as u64) as usize,
                None => 0,
            };
            let mut first = None;
            for k in 0..alternatives.len() {
                let alt = &alternatives[(start + k) % alternatives.len()];
                let v = self.generate(alt, rng, depth + 1);
                if self.validator.is_valid(s, &v) {
                    return v;
                }
                first.get_or_insert(v);
            }
            if let Some(v) = first {
                return v;
            }
        }
        let kind = s.schema_type.or_else(|| infer_type(s));
        match kind {
            Some(SchemaType::Object) => self.object(s, rng, depth),
            Some(SchemaType::Array) => self.array(s, rng, depth),
            Some(SchemaType::String) => string(s, rng),
            Some(SchemaType::Integer) => number(s, true, rng),
            Some(SchemaType::Number) => number(s, false, rng),
            Some(SchemaType::Boolean) => Value::Bool(rng.as_mut().is_none_or(|r| r.chance())),
            None if s.nullable => Value::Null,
            None => Value::Object(Map::new()),
        }
    }

    fn object(&self, s: &Schema, rng: &mut Option<&mut Rng>, depth: usize) -> Value {
        let mut out = Map::new();
        for (name, prop) in &s.properties {
            if self.skipped(prop) {
                continue;
            }
            let required = s.required.contains(name);
            let include = required
                || (depth < MAX_DEPTH
                    && match rng {
                        Some(r) => r.below(4) != 0,
                        None => true,
                    });
            if include {
                out.insert(name.clone(), self.generate(prop, rng, depth + 1));
            }
        }
        let extra = match &s.additional_properties {
            Some(AdditionalProperties::Bool(false)) => None,
            Some(AdditionalProperties::Schema(x)) => Some(Some(&**x)),
            _ => Some(None),
        };
        let mut n = 0;
        while (out.len() as u64) < s.min_properties.unwrap_or(0) {
            let Some(extra) = extra else { break };
            n += 1;
            let value = match extra {
                Some(x) => self.generate(x, rng, depth + 1),
                None => Value::String("string".into()),
            };
            out.insert(format!("property{n}"), value);
        }
        Value::Object(out)
    }

    fn array(&self, s: &Schema, rng: &mut Option<&mut Rng>, depth: usize) -> Value {
        let min = s.min_items.unwrap_or(0);
        let max = s.max_items.unwrap_or(u64::MAX).max(min);
        let count = match rng {
            Some(r) => min + r.below(3.min(max - min) + 1),
            None if depth >= MAX_DEPTH => min,
            None => min.max(1).min(max),
        }
        .min(64);
        let item_schema = s.items.as_deref();
        let mut items = Vec::new();
        for i in 0..count {
            let v = match item_schema {
                Some(item) if s.unique_items && i > 0 && rng.is_none() => {
                    let mut r = Rng::new(i);
                    self.generate(item, &mut Some(&mut r), depth + 1)
                }
                Some(item) => self.generate(item, rng, depth + 1),
                None => Value::String("string".into()),
            };
            items.push(v);
        }
        Value::Array(items)
    }
}

fn infer_type(s: &Schema) -> Option<SchemaType> {
    if !s.properties.is_empty() || s.additional_properties.is_some() || !s.required.is_empty() {
        Some(SchemaType::Object)
    } else if s.items.is_some() {
        Some(SchemaType::Array)
    } else if s.pattern.is_some() || s.format.is_some() || s.min_length.is_some() {
        Some(SchemaType::String)
    } else if s.minimum.is_some() || s.maximum.is_some() || s.multiple_of.is_some() {
        Some(SchemaType::Number)
    } else {
        None
    }
}

const ALPHANUMERIC: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

fn string(s: &Schema, rng: &mut Option<&mut Rng>) -> Value {
    if let Some(p) = &s.pattern {
        if let Some(text) = from_pattern(p, rng) {
            return Value::String(text);
        }
    }
    let mut pick = |n: u64| rng.as_mut().map_or(0, |r| r.below(n));
    let formatted = match s.format.as_deref() {
        Some("date-time") => Some(format!(
            "20{:02}-{:02}-{:02}T{:02}:{:02}:00Z",
            20 + pick(10),
            1 + pick(12),
            1 + pick(28),
            pick(24),
            pick(60)
        )),
        Some("date") => Some(format!(
            "20{:02}-{:02}-{:02}",
            20 + pick(10),
            1 + pick(12),
            1 + pick(28)
        )),
        Some("time") => Some(format!("{:02}:{:02}:00Z", pick(24), pick(60))),
        Some("uuid") => Some(match rng {
            Some(r) => {
                let a = r.next_u64();
                let b = r.next_u64();
                format!(
                    "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
                    a >> 32,
                    (a >> 16) & 0xffff,
                    a & 0xfff,
                    b >> 52,
                    b & 0xffff_ffff_ffff
                )
            }
            None => "3fa85f64-5717-4562-b3fc-2c963f66afa6".into(),
        }),
        Some("email") => Some(match rng {
            Some(r) => format!("user{}@example.com", r.below(10_000)),
            None => "user@example.com".into(),
        }),
        Some("uri" | "url" | "uri-reference" | "iri") => Some(match rng {
            Some(r) => format!("https://example.com/{}", r.below(10_000)),
            None => "https://example.com".into(),
        }),
        Some("hostname") => Some("example.com".into()),
        Some("ipv4") => Some(format!("192.0.2.{}", 1 + pick(254))),
        Some("ipv6") => Some("2001:db8::1".into()),
        Some("byte") => Some("c3RyaW5n".into()),
        _ => None,
    };
    if let Some(text) = formatted {
        return Value::String(text);
    }
    let mut text = match rng {
        Some(r) => {
            let len = 4 + r.below(9);
            (0..len)
                .map(|_| ALPHANUMERIC[r.below(ALPHANUMERIC.len() as u64) as usize] as char)
                .collect()
        }
        None => "string".to_string(),
    };
    let min = s.min_length.unwrap_or(0) as usize;
    let max = s.max_length.map_or(usize::MAX, |m| m as usize).max(min);
    let len = text.chars().count();
    if len < min {
        text.extend(std::iter::repeat_n('x', min.min(1 << 16) - len));
    }
    if text.chars().count() > max {
        text = text.chars().take(max).collect();
    }
    Value::String(text)
}

fn number(s: &Schema, integer: bool, rng: &mut Option<&mut Rng>) -> Value {
    let min = s.minimum.as_deref().and_then(Number::as_f64);
    let max = s.maximum.as_deref().and_then(Number::as_f64);
    let step = s
        .multiple_of
        .as_deref()
        .and_then(Number::as_f64)
        .filter(|m| *m > 0.0 && m.is_finite());
    let (lo, hi) = if integer {
        (
            min.map(|m| {
                if s.exclusive_minimum {
                    m.floor() + 1.0
                } else {
                    m.ceil()
                }
            }),
            max.map(|m| {
                if s.exclusive_maximum {
                    m.ceil() - 1.0
                } else {
                    m.floor()
                }
            }),
        )
    } else {
        let gap = match (min, max) {
            (Some(a), Some(b)) if b > a => ((b - a) / 2.0).min(1.0),
            _ => 1.0,
        };
        (
            min.map(|m| if s.exclusive_minimum { m + gap } else { m }),
            max.map(|m| if s.exclusive_maximum { m - gap } else { m }),
        )
    };
    let mut x = match rng {
        Some(r) => {
            let a = lo.unwrap_or_else(|| hi.map_or(0.0, |h| h - 1000.0));
            let b = hi.unwrap_or(a + 1000.0).max(a);
            let t = r.below(1_000_001) as f64 / 1_000_000.0;
            let v = a + (b - a) * t;
            if integer {
                v.round()
            } else {
                (v * 100.0).round() / 100.0
            }
        }
        None => 0.0,
    };
    if let Some(l) = lo {
        x = x.max(l);
    }
    if let Some(h) = hi {
        x = x.min(h);
    }
    if let Some(m) = step {
        let mut k = (x / m).round();
        if lo.is_some_and(|l| k * m < l) {
            k = (lo.unwrap_or(0.0) / m).ceil();
        }
        if hi.is_some_and(|h| k * m > h) {
            k = (hi.unwrap_or(0.0) / m).floor();
        }
        x = k * m;
    }
    if (integer || x.fract() == 0.0) && x.abs() < 9.0e15 {
        return Value::from(x as i64);
    }
    Number::from_f64(x).map_or(Value::from(0), Value::Number)
}

/// A string matching `pattern` (first choices when static, random ones
/// when seeded), or None when the pattern does not parse.
fn from_pattern(pattern: &str, rng: &mut Option<&mut Rng>) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .nest_limit(64)
        .build()
        .parse(pattern)
        .ok()?;
    let mut out = String::new();
    emit(&hir, rng, &mut out, 0);
    Some(out)
}

fn emit(hir: &Hir, rng: &mut Option<&mut Rng>, out: &mut String, depth: usize) {
    if depth > 64 || out.len() > 4096 {
        return;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => out.push_str(&String::from_utf8_lossy(&lit.0)),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges: Vec<(char, char)> = class
                .ranges()
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect();
            if let Some(c) = pick_char(&ranges, rng) {
                out.push(c);
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            let ranges: Vec<(char, char)> = class
                .ranges()
                .iter()
                .filter(|r| r.start() < 0x80)
                .map(|r| (r.start() as char, r.end().min(0x7f) as char))
                .collect();
            if let Some(c) = pick_char(&ranges, rng) {
                out.push(c);
            }
        }
        HirKind::Repetition(rep) => {
            let extra = rep.max.map_or(3, |m| m.saturating_sub(rep.min)).min(3);
            let n = rep.min.min(256)
                + match rng {
                    Some(r) => r.below(u64::from(extra) + 1) as u32,
                    None => 0,
                };
            for _ in 0..n {
                emit(&rep.sub, rng, out, depth + 1);
            }
        }
        HirKind::Capture(cap) => emit(&cap.sub, rng, out, depth + 1),
        HirKind::Concat(parts) => {
            for p in parts {
                emit(p, rng, out, depth + 1);
            }
        }
        HirKind::Alternation(alts) => {
            let i = match rng {
                Some(r) => r.below(alts.len() as u64) as usize,
                None => 0,
            };
            if let Some(a) = alts.get(i) {
                emit(a, rng, out, depth + 1);
            }
        }
    }
}

/// A readable character from a class: letters and digits first.
fn pick_char(ranges: &[(char, char)], rng: &mut Option<&mut Rng>) -> Option<char> {
    let readable: Vec<char> = ranges
        .iter()
        .flat_map(|&(a, b)| {
            ('a'..='z')
                .chain('A'..='Z')
                .chain('0'..='9')
                .filter(move |c| *c >= a && *c <= b)
        })
        .collect();
    if !readable.is_empty() {
        let i = match rng {
            Some(r) => r.below(readable.len() as u64) as usize,
            None => 0,
        };
        return Some(readable[i]);
    }
    let printable = ranges
        .iter()
        .find_map(|&(a, b)| (a..=b).find(|c| !c.is_control()));
    printable.or_else(|| ranges.first().map(|r| r.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    fn schema(v: Value) -> Schema {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn static_samples_are_deterministic_and_valid() {
        let schemas = BTreeMap::new();
        let v = Validator::new(&schemas).direction(Direction::Response);
        let s = schema(
            json!({"type": "object", "required": ["id", "tags"], "properties": {
            "id": {"type": "string", "format": "uuid"},
            "code": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{2,4}$"},
            "count": {"type": "integer", "minimum": 5, "exclusiveMinimum": true, "multipleOf": 3},
            "ratio": {"type": "number", "maximum": -1.5},
            "tags": {"type": "array", "minItems": 2, "uniqueItems": true, "items": {"type": "string"}},
            "secret": {"type": "string", "writeOnly": true},
            "name": {"type": "string", "minLength": 10, "example": "short"}}}),
        );
        let sampler = Sampler::new(&v, Direction::Response);
        let a = sampler.static_value(&s).expect("valid sample");
        assert_eq!(Some(a.clone()), sampler.static_value(&s));
        assert!(a.get("secret").is_none());
        assert_eq!(a["code"], json!("AAA-00"));
        assert_eq!(a["count"], json!(6));
        assert!(v.validate(&s, &a).is_empty());
    }

    #[test]
    fn dynamic_samples_vary_with_the_seed_and_stay_valid() {
        let schemas = BTreeMap::new();
        let v = Validator::new(&schemas);
        let s = schema(json!({"type": "object", "properties": {
            "n": {"type": "integer", "minimum": 0, "maximum": 1000000},
            "s": {"type": "string", "pattern": "^x[a-f]+$"}}, "required": ["n", "s"]}));
        let sampler = Sampler::new(&v, Direction::Any);
        let one = sampler.dynamic_value(&s, &mut Rng::from_text("1"));
        let same = sampler.dynamic_value(&s, &mut Rng::from_text("1"));
        let other = sampler.dynamic_value(&s, &mut Rng::from_text("2"));
        assert_eq!(one, same);
        assert_ne!(one, other);
        for x in [one, other] {
            assert!(v.is_valid(&s, &x.unwrap()));
        }
    }

    #[test]
    fn recursive_schemas_terminate() {
        let mut schemas = BTreeMap::new();
        schemas.insert(
            "Node".to_string(),
            schema(
                json!({"type": "object", "required": ["child"], "properties": {
                "child": {"$ref": "#/components/schemas/Node"}}}),
            ),
        );
        let v = Validator::new(&schemas);
        let sampler = Sampler::new(&v, Direction::Any);
        // unsatisfiable (infinitely nested required child): no body, no hang
        let s = schema(json!({"$ref": "#/components/schemas/Node"}));
        assert_eq!(sampler.static_value(&s), None);
    }
}
