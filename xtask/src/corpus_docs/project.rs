//! An operation reduced to what a hand-written MDX page can state.
//!
//! The round trip renders this projection as MDX and compares it with
//! what the MDX reader gives back, so everything kept here must come back
//! exactly; everything dropped is recorded as an [`Exclusion`] with the
//! reason MDX cannot say it. The fixture checks print the same projection.
//!
//! What is kept, per schema node: the JSON type (`integer` and `number`
//! are different types), `format` (written `string (date-time)`), enum
//! values (written as a literal union `"a" | "b"`), `nullable` (`| null`),
//! unions of simple alternatives (`string | integer`), object properties
//! with `required` (nested fields in `<Expandable>`), array items (`X[]`)
//! and map values (`Record<string, X>`). `$ref`s are followed and `allOf`
//! members merged into one object first, as a reader of the docs would.
//! Descriptions and defaults are rendered but not compared.

use std::collections::BTreeMap;

use generator::model::{AdditionalProperties, Contract, Method, Operation, Schema, SchemaType};
use serde_json::Value;

/// Deepest nesting rendered; deeper schemas are cut (with an exclusion).
pub const MAX_DEPTH: usize = 16;
/// Most schema nodes rendered for one operation; the rest are cut.
pub const MAX_NODES: usize = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ty {
    Any,
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
}

impl Ty {
    pub fn name(self) -> &'static str {
        match self {
            Ty::Any => "any",
            Ty::String => "string",
            Ty::Integer => "integer",
            Ty::Number => "number",
            Ty::Boolean => "boolean",
            Ty::Object => "object",
            Ty::Array => "array",
        }
    }

    fn of(t: SchemaType) -> Ty {
        match t {
            SchemaType::String => Ty::String,
            SchemaType::Integer => Ty::Integer,
            SchemaType::Number => Ty::Number,
            SchemaType::Boolean => Ty::Boolean,
            SchemaType::Object => Ty::Object,
            SchemaType::Array => Ty::Array,
        }
    }
}

/// One schema as MDX fields can state it.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub ty: Ty,
    pub format: Option<String>,
    /// Enum values without `null` (that is `nullable`).
    pub enum_values: Vec<Value>,
    pub nullable: bool,
    pub props: Vec<Prop>,
    pub items: Option<Box<Node>>,
    /// `additionalProperties` schema (a map's value type).
    pub map: Option<Box<Node>>,
    /// Simple alternatives (`oneOf`/`anyOf` of scalars): `string | integer`.
    pub alternatives: Vec<Node>,
    /// Rendered, not compared.
    pub description: Option<String>,
    /// Rendered, not compared.
    pub default: Option<Value>,
}

impl Node {
    pub fn of(ty: Ty) -> Node {
        Node {
            ty,
            format: None,
            enum_values: Vec::new(),
            nullable: false,
            props: Vec::new(),
            items: None,
            map: None,
            alternatives: Vec::new(),
            description: None,
            default: None,
        }
    }

    /// True when the node has nested fields (needs an `<Expandable>`).
    pub fn has_children(&self) -> bool {
        self.fields_owner().is_some_and(|n| !n.props.is_empty())
    }

    /// The object whose properties are this node's nested fields: the
    /// node itself, or the innermost item of (nested) arrays.
    pub fn fields_owner(&self) -> Option<&Node> {
        match self.ty {
            Ty::Object => Some(self),
            Ty::Array => self.items.as_deref().and_then(Node::fields_owner),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prop {
    pub name: String,
    pub required: bool,
    pub node: Node,
}

/// Something the original says that MDX cannot, and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Exclusion {
    /// Stable class name (the report groups by it).
    pub class: &'static str,
    /// Where, e.g. `body.items[].kind`.
    pub at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Loc {
    Path,
    Query,
    Header,
    Cookie,
}

impl Loc {
    pub fn name(self) -> &'static str {
        match self {
            Loc::Path => "path",
            Loc::Query => "query",
            Loc::Header => "header",
            Loc::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub loc: Loc,
    pub name: String,
    pub required: bool,
    pub node: Node,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub media: String,
    pub node: Node,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Resp {
    pub status: String,
    pub description: String,
    /// The JSON body, when MDX fields can state it.
    pub body: Option<Node>,
}

/// An operation as an MDX page can state it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectedOp {
    pub method: Method,
    pub path: String,
    pub title: String,
    pub description: Option<String>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Resp>,
    pub exclusions: Vec<Exclusion>,
}

struct Cx<'a> {
    components: &'a BTreeMap<String, Schema>,
    /// Reduce to what MDX can state (the round trip); false keeps
    /// everything (the fixture expectations).
    mdx: bool,
    /// Components being expanded on the way down (to cut recursion).
    stack: Vec<String>,
    exclusions: Vec<Exclusion>,
    nodes: usize,
}

impl<'a> Cx<'a> {
    fn exclude(&mut self, class: &'static str, at: &str) {
        self.exclusions.push(Exclusion {
            class,
            at: at.to_string(),
        });
    }

    /// The component a `$ref` names.
    fn target(&self, reference: &str) -> Option<(String, &'a Schema)> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        let name = generator::model::unescape_pointer(name);
        let components: &'a BTreeMap<String, Schema> = self.components;
        let schema = components.get(&name)?;
        Some((name, schema))
    }
}

/// Project one operation of `contract`.
pub fn project(contract: &Contract, path: &str, method: Method, op: &Operation) -> ProjectedOp {
    let mut cx = Cx {
        components: &contract.components.schemas,
        mdx: true,
        stack: Vec::new(),
        exclusions: Vec::new(),
        nodes: 0,
    };
    let mut params = Vec::new();
    for p in &op.parameters {
        let loc = match p.location {
            generator::model::ParamLocation::Path => Loc::Path,
            generator::model::ParamLocation::Query => Loc::Query,
            generator::model::ParamLocation::Header => Loc::Header,
            generator::model::ParamLocation::Cookie => Loc::Cookie,
        };
        let at = format!("{} parameter {}", loc.name(), p.name);
        if !attribute_safe(&p.name) {
            cx.exclude("name an attribute cannot hold", &at);
            continue;
        }
        let mut node = node_of(&mut cx, &p.schema, &at, 0);
        field_defaults_only(&mut cx, &mut node, true, &at);
        params.push(Param {
            loc,
            name: p.name.clone(),
            required: p.required,
            node,
            description: p.description.clone(),
        });
    }

    let body = op.request_body.as_ref().and_then(|b| {
        let (media, m) = pick_media(&b.content)?;
        if b.content.len() > 1 {
            cx.exclude("more than one request media type", "body");
        }
        if !media.contains('/') || media.contains(['"', '\n']) {
            cx.exclude("request media type contentType cannot hold", "body");
            return None;
        }
        let Some(schema) = &m.schema else {
            cx.exclude("request body without a schema", "body");
            return None;
        };
        let mut node = node_of(&mut cx, schema, "body", 0);
        if node.description.is_none() {
            node.description = b.description.clone();
        }
        if node.ty == Ty::Object && !node.props.is_empty() {
            if node.nullable {
                cx.exclude("nullable request body", "body");
                node.nullable = false;
            }
            if node.map.take().is_some() {
                cx.exclude("properties beside additionalProperties", "body");
            }
        }
        let whole_field = node.ty != Ty::Object || node.props.is_empty();
        field_defaults_only(&mut cx, &mut node, whole_field, "body");
        Some(Body {
            media: media.to_string(),
            node,
        })
    });

    let mut responses = Vec::new();
    for (status, r) in &op.responses {
        let at = format!("response {status}");
        let json: Vec<(&String, &generator::model::MediaType)> = r
            .content
            .iter()
            .filter(|(media, _)| is_json(media))
            .collect();
        if r.content.len() > json.len() {
            cx.exclude("non-JSON response body", &at);
        }
        if json.len() > 1 {
            cx.exclude("more than one JSON response media type", &at);
        }
        let body = json
            .first()
            .and_then(|(_, m)| m.schema.as_ref())
            .and_then(|schema| {
                let mut node = node_of(&mut cx, schema, &at, 0);
                let fields = node.fields_owner().is_some_and(|n| !n.props.is_empty());
                let shape_ok = match node.ty {
                    Ty::Object => fields,
                    // Fields for one element, and an array example.
                    Ty::Array => {
                        fields
                            && node
                                .items
                                .as_deref()
                                .is_some_and(|i| i.ty == Ty::Object && !i.nullable)
                    }
                    _ => false,
                };
                if !shape_ok {
                    let class = match node.ty {
                        _ if !node.alternatives.is_empty() => {
                            "response body: alternatives (no fields to list)"
                        }
                        Ty::Object if node.map.is_some() => {
                            "response body: a map (no fields to list)"
                        }
                        Ty::Object => "response body: object without properties",
                        Ty::Array => "response body: array of non-objects",
                        Ty::Any => "response body: any value",
                        _ => "response body: a scalar",
                    };
                    cx.exclude(class, &at);
                    return None;
                }
                if node.nullable {
                    cx.exclude("nullable response body", &at);
                    node.nullable = false;
                }
                if node.ty == Ty::Object && node.map.take().is_some() {
                    cx.exclude("properties beside additionalProperties", &at);
                }
                if node.ty == Ty::Array {
                    if node.items.as_ref().is_some_and(|i| i.map.is_some()) {
                        cx.exclude("properties beside additionalProperties", &at);
                    }
                    if let Some(items) = node.items.as_mut() {
                        items.map = None;
                    }
                }
                field_defaults_only(&mut cx, &mut node, false, &at);
                Some(node)
            });
        responses.push(Resp {
            status: status.clone(),
            description: r.description.clone(),
            body,
        });
    }

    let title = op
        .summary
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| {
            if op.operation_id.is_empty() {
                format!("{} {path}", method.upper())
            } else {
                op.operation_id.clone()
            }
        });
    let mut exclusions = cx.exclusions;
    exclusions.sort();
    exclusions.dedup();
    ProjectedOp {
        method,
        path: path.to_string(),
        title,
        description: op.description.clone(),
        params,
        body,
        responses,
        exclusions,
    }
}

/// Only a field has a `default` attribute: array items, map values and
/// a body or response that is not itself a field cannot state one.
fn field_defaults_only(cx: &mut Cx, node: &mut Node, is_field: bool, at: &str) {
    if !is_field && node.default.take().is_some() {
        cx.exclude("default of something that is not a field", at);
    }
    if let Some(items) = node.items.as_mut() {
        field_defaults_only(cx, items, false, &format!("{at}[]"));
    }
    if let Some(map) = node.map.as_mut() {
        field_defaults_only(cx, map, false, &format!("{at}{{}}"));
    }
    for p in &mut node.props {
        field_defaults_only(cx, &mut p.node, true, &format!("{at}.{}", p.name));
    }
    for a in &mut node.alternatives {
        field_defaults_only(cx, a, false, at);
    }
}

/// JSON media types first, else the first one.
fn pick_media(
    content: &indexmap::IndexMap<String, generator::model::MediaType>,
) -> Option<(&str, &generator::model::MediaType)> {
    content
        .iter()
        .find(|(m, _)| is_json(m))
        .or_else(|| content.iter().next())
        .map(|(m, t)| (m.as_str(), t))
}

pub fn is_json(media: &str) -> bool {
    let m = media.to_ascii_lowercase();
    let essence = m.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// A name or value an MDX attribute can hold with one of its quotes.
pub fn attribute_safe(text: &str) -> bool {
    let both_quotes = text.contains('"') && text.contains('\'');
    !text.trim().is_empty()
        && text.trim() == text
        && !both_quotes
        && !text.chars().any(char::is_control)
}

/// A format word the type string `string (format)` can hold.
fn format_word(format: &str) -> bool {
    !format.is_empty()
        && format
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn node_of(cx: &mut Cx, schema: &Schema, at: &str, depth: usize) -> Node {
    let mark = cx.stack.len();
    let flat = flatten(cx, schema, at, 0);
    let node = node_of_flat(cx, &flat, at, depth);
    cx.stack.truncate(mark);
    node
}

/// Resolve `$ref`s and merge `allOf` members into one schema. Alternatives
/// (`oneOf`/`anyOf`) and subschemas are left for [`node_of_flat`]. The
/// components expanded are pushed on `cx.stack`; the caller pops them
/// once the node's subschemas are done, so a component met again below
/// itself is cut there.
fn flatten(cx: &mut Cx, schema: &Schema, at: &str, hops: usize) -> Schema {
    if hops > 32 {
        cx.exclude("recursive schema", at);
        return Schema::default();
    }
    if let Some(reference) = &schema.reference {
        let Some((name, target)) = cx.target(reference) else {
            cx.exclude("unresolved $ref", at);
            return Schema::default();
        };
        if cx.stack.contains(&name) {
            cx.exclude("recursive schema", at);
            // Keep the type, drop what recurses.
            let mut cut = Schema {
                schema_type: target.schema_type,
                nullable: target.nullable,
                description: target.description.clone(),
                ..Schema::default()
            };
            if cut.schema_type.is_none()
                && (!target.properties.is_empty() || !target.all_of.is_empty())
            {
                cut.schema_type = Some(SchemaType::Object);
            }
            return cut;
        }
        cx.stack.push(name);
        let mut out = flatten(cx, target, at, hops + 1);
        // A wrapper's own description wins.
        if schema.description.is_some() {
            out.description = schema.description.clone();
        }
        return out;
    }
    if schema.all_of.is_empty() {
        return schema.clone();
    }
    let mut base = schema.clone();
    let members = std::mem::take(&mut base.all_of);
    let members: Vec<Schema> = members
        .iter()
        .map(|m| flatten(cx, m, at, hops + 1))
        .collect();
    let all_nullable = members.iter().all(|m| m.nullable);
    for m in members {
        merge_into(cx, &mut base, m, at);
    }
    base.nullable = schema.nullable || all_nullable;
    base
}

/// `allOf`: the value must match both, so properties and `required`
/// add up; a property both define must match both definitions.
fn merge_into(cx: &mut Cx, base: &mut Schema, other: Schema, at: &str) {
    match (base.schema_type, other.schema_type) {
        (None, t) => base.schema_type = t,
        (Some(a), Some(b)) if a != b => cx.exclude("allOf members of different types", at),
        _ => {}
    }
    if base.format.is_none() {
        base.format = other.format;
    }
    if base.enum_values.is_none() {
        base.enum_values = other.enum_values;
    }
    if base.description.is_none() {
        base.description = other.description;
    }
    if base.default.is_none() {
        base.default = other.default;
    }
    for (name, s) in other.properties {
        match base.properties.get_mut(&name) {
            Some(existing) => {
                let first = std::mem::take(existing);
                existing.all_of = vec![first, s];
            }
            None => {
                base.properties.insert(name, s);
            }
        }
    }
    for r in other.required {
        if !base.required.contains(&r) {
            base.required.push(r);
        }
    }
    match (&mut base.items, other.items) {
        (None, Some(i)) => base.items = Some(i),
        (Some(a), Some(b)) => {
            let first = std::mem::take(&mut **a);
            **a = Schema {
                all_of: vec![first, *b],
                ..Schema::default()
            };
        }
        _ => {}
    }
    if base.additional_properties.is_none() {
        base.additional_properties = other.additional_properties;
    }
    base.one_of.extend(other.one_of);
    base.any_of.extend(other.any_of);
    if other.not.is_some() && base.not.is_none() {
        base.not = other.not;
    }
}

fn node_of_flat(cx: &mut Cx, s: &Schema, at: &str, depth: usize) -> Node {
    let mut node = Node::of(Ty::Any);
    node.description = s.description.clone();
    node.nullable = s.nullable;
    if s.not.is_some() {
        cx.exclude("`not`", at);
    }
    let alternatives: Vec<&Schema> = s.one_of.iter().chain(&s.any_of).collect();
    let has_own_shape = s.schema_type.is_some()
        || !s.properties.is_empty()
        || s.items.is_some()
        || s.enum_values.is_some();
    if !alternatives.is_empty() {
        let mark = cx.stack.len();
        let alts: Vec<Schema> = alternatives
            .iter()
            .map(|a| {
                let flat = flatten(cx, a, at, 0);
                cx.stack.truncate(mark);
                flat
            })
            .collect();
        let (nulls, rest): (Vec<&Schema>, Vec<&Schema>) = alts.iter().partition(|a| is_null(a));
        if !nulls.is_empty() {
            node.nullable = true;
        }
        if rest.len() == 1 && !has_own_shape {
            // `anyOf: [X, null]` and one-member unions are X.
            let mut inner = node_of_flat(cx, rest[0], at, depth);
            inner.nullable |= node.nullable;
            if inner.description.is_none() {
                inner.description = node.description;
            }
            return inner;
        }
        if !cx.mdx {
            node.alternatives = rest
                .iter()
                .map(|a| node_of_flat(cx, a, at, depth + 1))
                .collect();
            if !has_own_shape {
                return node;
            }
        } else if has_own_shape {
            cx.exclude("oneOf/anyOf beside a schema's own keywords", at);
        } else {
            let nodes: Vec<Node> = rest
                .iter()
                .map(|a| node_of_flat(cx, a, at, depth + 1))
                .collect();
            let simple = nodes.iter().all(|n| {
                !n.has_children()
                    && n.map.is_none()
                    && n.alternatives.is_empty()
                    && !n.nullable
                    && n.ty != Ty::Any
                    && n.items.as_deref().is_none_or(|i| {
                        !i.has_children() && i.alternatives.is_empty() && i.map.is_none()
                    })
            });
            let mut distinct: Vec<Node> = Vec::new();
            for n in nodes {
                let mut bare = n;
                bare.description = None;
                bare.default = None;
                if let Some(items) = bare.items.as_mut() {
                    items.description = None;
                    items.default = None;
                }
                if !distinct.contains(&bare) {
                    distinct.push(bare);
                }
            }
            if simple && distinct.len() > 1 {
                node.alternatives = distinct;
                return node;
            }
            if simple && distinct.len() == 1 {
                let mut one = distinct.remove(0);
                one.nullable |= node.nullable;
                one.description = node.description;
                return one;
            }
            cx.exclude("oneOf/anyOf of structured schemas", at);
            // MDX can name the common type of the alternatives, no more.
            let tys: Vec<Ty> = distinct.iter().map(|n| n.ty).collect();
            if let Some(first) = tys.first() {
                if tys.iter().all(|t| t == first) && matches!(first, Ty::Object | Ty::Array) {
                    node.ty = *first;
                    if node.ty == Ty::Array {
                        node.items = Some(Box::new(Node::of(Ty::Any)));
                    }
                }
            }
            return node;
        }
    }

    node.ty = match s.schema_type {
        Some(t) => Ty::of(t),
        None if !s.properties.is_empty() => Ty::Object,
        None if s.items.is_some() => Ty::Array,
        None if matches!(
            s.additional_properties,
            Some(AdditionalProperties::Schema(_))
        ) =>
        {
            Ty::Object
        }
        None => s
            .enum_values
            .as_ref()
            .and_then(|v| enum_type(v))
            .unwrap_or(Ty::Any),
    };
    cx.nodes += 1;

    // Enum values (null is `nullable`).
    if let Some(values) = &s.enum_values {
        let mut vals: Vec<Value> = Vec::new();
        for v in values {
            if v.is_null() {
                node.nullable = true;
            } else if !vals.contains(v) {
                vals.push(v.clone());
            }
        }
        let fits = !vals.is_empty()
            && (!cx.mdx
                || match node.ty {
                    Ty::String => vals.iter().all(|v| v.as_str().is_some_and(enum_string_ok)),
                    Ty::Integer => vals.iter().all(|v| v.is_i64() || v.is_u64()),
                    Ty::Number => vals.iter().all(|v| v.is_f64()),
                    Ty::Boolean => vals.iter().all(Value::is_boolean),
                    _ => false,
                });
        if vals.is_empty() {
            // `enum: [null]`: the value is always null.
            if cx.mdx {
                cx.exclude("enum of only null", at);
            } else {
                node.enum_values = vec![Value::Null];
            }
        } else if fits {
            node.enum_values = vals;
        } else {
            let class = match node.ty {
                Ty::String if vals.iter().all(Value::is_string) => {
                    "enum value a type string cannot quote"
                }
                Ty::Number if vals.iter().all(Value::is_number) => {
                    "number enum with integral values (reads as integer)"
                }
                _ => "enum values not of the schema's type",
            };
            cx.exclude(class, at);
        }
    }
    if let Some(f) = &s.format {
        if !cx.mdx {
            node.format = Some(f.clone());
        } else if !node.enum_values.is_empty() {
            cx.exclude("format of an enum", at);
        } else if node.ty == Ty::Any || !format_word(f) {
            cx.exclude("format a type string cannot hold", at);
        } else {
            node.format = Some(f.clone());
        }
    }
    if let Some(d) = &s.default {
        if !cx.mdx || default_attr(&node, d).is_some() {
            node.default = Some(d.clone());
        } else if !d.is_null() {
            let fits = match node.ty {
                Ty::Any => true,
                Ty::String => d.is_string(),
                Ty::Integer => d.is_i64() || d.is_u64(),
                Ty::Number => d.is_number(),
                Ty::Boolean => d.is_boolean(),
                Ty::Array => d.is_array(),
                Ty::Object => d.is_object(),
            };
            let class = if !fits {
                "default not of the schema's type"
            } else if node.ty == Ty::Any || !node.alternatives.is_empty() {
                "default of an untyped or union field"
            } else {
                "default text the reader takes for no value or quoted"
            };
            cx.exclude(class, at);
        }
    }

    match node.ty {
        Ty::Array => {
            let items = match &s.items {
                Some(items) => node_of(cx, items, &format!("{at}[]"), depth + 1),
                None => Node::of(Ty::Any),
            };
            node.items = Some(Box::new(items));
        }
        Ty::Object => {
            let has_children = !s.properties.is_empty()
                || matches!(
                    s.additional_properties,
                    Some(AdditionalProperties::Schema(_))
                );
            if has_children && depth >= MAX_DEPTH {
                cx.exclude("renderer limit: nested deeper than 16 levels", at);
                return node;
            }
            if has_children && cx.nodes > MAX_NODES {
                cx.exclude("renderer limit: more than 5000 schema nodes", at);
                return node;
            }
            for (name, p) in &s.properties {
                let here = format!("{at}.{name}");
                if cx.mdx && !attribute_safe(name) {
                    cx.exclude("name an attribute cannot hold", &here);
                    continue;
                }
                let child = node_of(cx, p, &here, depth + 1);
                node.props.push(Prop {
                    name: name.clone(),
                    required: s.required.contains(name),
                    node: child,
                });
            }
            if let Some(AdditionalProperties::Schema(v)) = &s.additional_properties {
                let value = node_of(cx, v, &format!("{at}{{}}"), depth + 1);
                if cx.mdx
                    && (value.has_children()
                        || value.map.is_some()
                        || !value.alternatives.is_empty())
                {
                    cx.exclude("map values with properties", at);
                    let mut plain = Node::of(value.ty);
                    if plain.ty == Ty::Array {
                        plain.items = Some(Box::new(Node::of(Ty::Any)));
                    }
                    node.map = Some(Box::new(plain));
                } else if value.ty == Ty::Any && !value.nullable {
                    // `Record<string, any>` says no more than `object`.
                } else {
                    node.map = Some(Box::new(value));
                }
            }
        }
        _ => {}
    }
    node
}

/// The `default=...` attribute for a node's default, when MDX can state
/// it so that it reads back as the same value: strings as text (not one
/// the reader takes for "no default", not quoted), numbers and booleans
/// as expressions, arrays and objects as JSON text.
pub fn default_attr(node: &Node, value: &Value) -> Option<String> {
    if !node.alternatives.is_empty() {
        return None;
    }
    match (node.ty, value) {
        (Ty::String, Value::String(s)) => {
            let quoted = s.len() >= 2
                && ((s.starts_with('"') && s.ends_with('"'))
                    || (s.starts_with('\'') && s.ends_with('\'')));
            let none_word = matches!(
                s.trim(),
                "None" | "none" | "null" | "NULL" | "Null" | "nil" | "undefined"
            );
            let plain = s.trim() == s && !s.chars().any(char::is_control);
            let quote = if !s.contains('"') {
                '"'
            } else if !s.contains('\'') {
                '\''
            } else {
                return None;
            };
            (!quoted && !none_word && plain).then(|| format!("{quote}{s}{quote}"))
        }
        (Ty::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => Some(format!("{{{n}}}")),
        (Ty::Number, Value::Number(n)) => Some(format!("{{{n}}}")),
        (Ty::Boolean, Value::Bool(b)) => Some(format!("{{{b}}}")),
        (Ty::Array, Value::Array(_)) | (Ty::Object, Value::Object(_)) => {
            let json = value.to_string();
            (!json.contains('\'')).then(|| format!("'{json}'"))
        }
        _ => None,
    }
}

/// An enum string a `'"a" | "b"'` type string can hold.
fn enum_string_ok(s: &str) -> bool {
    !s.contains(['"', '\'']) && !s.chars().any(char::is_control)
}

fn enum_type(values: &[Value]) -> Option<Ty> {
    let vals: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
    if vals.is_empty() {
        return None;
    }
    if vals.iter().all(|v| v.is_string()) {
        Some(Ty::String)
    } else if vals.iter().all(|v| v.is_i64() || v.is_u64()) {
        Some(Ty::Integer)
    } else if vals.iter().all(|v| v.is_number()) {
        Some(Ty::Number)
    } else if vals.iter().all(|v| v.is_boolean()) {
        Some(Ty::Boolean)
    } else {
        None
    }
}

fn is_null(s: &Schema) -> bool {
    s.schema_type.is_none()
        && s.properties.is_empty()
        && s.items.is_none()
        && s.enum_values
            .as_ref()
            .is_some_and(|v| v.len() == 1 && v[0].is_null())
}

// ------------------------------------------------------------------ lines

/// What is compared of one node (not its children).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Desc {
    pub ty: String,
    pub format: Option<String>,
    pub enum_values: Option<String>,
    pub nullable: bool,
    pub alternatives: Option<String>,
    pub default: Option<String>,
    pub required: bool,
}

impl Desc {
    pub fn show(&self) -> String {
        let mut out = self.ty.clone();
        if let Some(f) = &self.format {
            out.push_str(&format!(" ({f})"));
        }
        if let Some(a) = &self.alternatives {
            out = a.clone();
        }
        if let Some(e) = &self.enum_values {
            out.push_str(&format!(" enum {e}"));
        }
        if self.nullable {
            out.push_str(" nullable");
        }
        if let Some(d) = &self.default {
            out.push_str(&format!(" default {d}"));
        }
        if self.required {
            out.push_str(" required");
        }
        out
    }
}

fn desc(node: &Node, required: bool) -> Desc {
    Desc {
        ty: node.ty.name().to_string(),
        format: node.format.clone(),
        enum_values: (!node.enum_values.is_empty())
            .then(|| Value::Array(node.enum_values.clone()).to_string()),
        nullable: node.nullable,
        alternatives: (!node.alternatives.is_empty()).then(|| {
            node.alternatives
                .iter()
                .map(|a| desc(a, false).show())
                .collect::<Vec<_>>()
                .join(" | ")
        }),
        default: node.default.as_ref().map(Value::to_string),
        required,
    }
}

/// Every node of a tree as (path, what is compared), depth first.
/// Paths: `a.b` for properties, `a[]` for items, `a{}` for map values.
pub fn lines(node: &Node, at: &str, required: bool, out: &mut Vec<(String, Desc)>) {
    out.push((at.to_string(), desc(node, required)));
    if let Some(items) = &node.items {
        lines(items, &format!("{at}[]"), false, out);
    }
    if let Some(map) = &node.map {
        lines(map, &format!("{at}{{}}"), false, out);
    }
    for p in &node.props {
        lines(&p.node, &format!("{at}.{}", p.name), p.required, out);
    }
    for (i, a) in node.alternatives.iter().enumerate() {
        if a.has_children() || a.items.is_some() || a.map.is_some() || !a.alternatives.is_empty() {
            lines(a, &format!("{at}|{i}"), false, out);
        }
    }
}

/// Everything the normalized operation says, for the fixture
/// expectations: every parameter, every request and response media type
/// with its whole schema (refs followed, `allOf` merged, alternatives
/// kept, recursion cut), as `key: description` lines; and the places cut.
pub fn full_lines(contract: &Contract, op: &Operation) -> (Vec<String>, Vec<Exclusion>) {
    let mut cx = Cx {
        components: &contract.components.schemas,
        mdx: false,
        stack: Vec::new(),
        exclusions: Vec::new(),
        nodes: 0,
    };
    let mut out: Vec<(String, Desc)> = Vec::new();
    let mut plain: Vec<String> = Vec::new();
    let flush = |out: &mut Vec<(String, Desc)>, plain: &mut Vec<String>| {
        plain.extend(out.drain(..).map(|(k, d)| format!("{k}: {}", d.show())));
    };
    for p in &op.parameters {
        let key = format!("{} {}", p.location.as_str(), p.name);
        let node = node_of(&mut cx, &p.schema, &key, 0);
        lines(&node, &key, p.required, &mut out);
        flush(&mut out, &mut plain);
    }
    if let Some(b) = &op.request_body {
        for (media, m) in &b.content {
            let key = format!("body {media}");
            match &m.schema {
                Some(schema) => {
                    let node = node_of(&mut cx, schema, &key, 0);
                    lines(&node, &key, b.required, &mut out);
                    flush(&mut out, &mut plain);
                }
                None => plain.push(format!("{key}: (no schema)")),
            }
        }
    }
    for (status, r) in &op.responses {
        if r.content.is_empty() {
            plain.push(format!("response {status}: (no body)"));
        }
        for (media, m) in &r.content {
            let key = format!("response {status} {media}");
            match &m.schema {
                Some(schema) => {
                    let node = node_of(&mut cx, schema, &key, 0);
                    lines(&node, &key, false, &mut out);
                    flush(&mut out, &mut plain);
                }
                None => plain.push(format!("{key}: (no schema)")),
            }
        }
    }
    let mut cut = cx.exclusions;
    cut.sort();
    cut.dedup();
    (plain, cut)
}

/// The whole operation as (key, what is compared) lines.
pub fn op_lines(op: &ProjectedOp) -> Vec<(String, Desc)> {
    let mut out = Vec::new();
    for p in &op.params {
        lines(
            &p.node,
            &format!("{} {}", p.loc.name(), p.name),
            p.required,
            &mut out,
        );
    }
    if let Some(b) = &op.body {
        lines(&b.node, &format!("body {}", b.media), false, &mut out);
    }
    for r in &op.responses {
        match &r.body {
            Some(node) => lines(node, &format!("response {}", r.status), false, &mut out),
            None => out.push((
                format!("response {}", r.status),
                Desc {
                    ty: "(no fields)".into(),
                    format: None,
                    enum_values: None,
                    nullable: false,
                    alternatives: None,
                    default: None,
                    required: false,
                },
            )),
        }
    }
    out
}
