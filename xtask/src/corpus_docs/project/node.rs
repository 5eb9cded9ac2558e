//! One schema as MDX fields can state it: type, format, enum, nullable,
//! default, alternatives, properties, items and map values, with what
//! cannot be stated recorded as exclusions.

use generator::model::{AdditionalProperties, Schema};
use serde_json::Value;

use super::flatten::flatten;
use super::operation::attribute_safe;
use super::{Cx, Node, Prop, Ty, MAX_DEPTH, MAX_NODES};

/// A format word the type string `string (format)` can hold.
fn format_word(format: &str) -> bool {
    !format.is_empty()
        && format
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

pub(super) fn node_of(cx: &mut Cx, schema: &Schema, at: &str, depth: usize) -> Node {
    let mark = cx.stack.len();
    let flat = flatten(cx, schema, at, 0);
    let node = node_of_flat(cx, &flat, at, depth);
    cx.stack.truncate(mark);
    node
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
            node.default = Some((**d).clone());
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
