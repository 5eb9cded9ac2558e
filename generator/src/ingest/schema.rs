//! Schema objects from a spanned document, converted to OpenAPI 3.0.
//!
//! OpenAPI 3.1 constructs become their 3.0 form (`type: [x, "null"]` ->
//! `nullable`, `examples` -> `example`, `const` -> one-value `enum`,
//! numeric `exclusiveMinimum` -> `minimum` + flag). What 3.0 cannot say is
//! kept under an `x-` extension and reported, so nothing is lost.

use serde_json::{Number, Value};

use crate::diag::Code;
use crate::doc::{Kind, Node};
use crate::model::{AdditionalProperties, Discriminator, Schema, SchemaType};
use crate::pointer::join;

use super::PageCx;

/// JSON Schema keywords OpenAPI 3.0 has no place for.
const NOT_IN_OAS30: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$comment",
    "$defs",
    "definitions",
    "$dynamicRef",
    "$dynamicAnchor",
    "contentMediaType",
    "contentSchema",
    "prefixItems",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "unevaluatedProperties",
    "unevaluatedItems",
    "patternProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
];

/// Read a schema at `ptr` (its pointer in the contract).
pub fn read_schema(cx: &mut PageCx, node: &Node, ptr: &str) -> Schema {
    cx.record(ptr, node.pos);
    let entries = match &node.kind {
        Kind::Map(entries) => entries,
        Kind::Bool(true) => return Schema::default(),
        Kind::Bool(false) => {
            return Schema {
                not: Some(Box::default()),
                ..Schema::default()
            }
        }
        _ => {
            cx.report(
                Code::SchemaShape,
                node.pos,
                format!(
                    "a schema must be an object, found {}; read as any value",
                    node.type_name()
                ),
            );
            return Schema::default();
        }
    };
    let mut s = Schema::default();
    let mut property_required: Vec<String> = Vec::new();
    for e in entries {
        let key = e.key.as_str();
        let v = &e.value;
        let at = join(ptr, key);
        match key {
            "$ref" => match v.as_str() {
                Some(r) => s.reference = Some(r.to_string()),
                None => cx.report(
                    Code::SchemaKeyword,
                    v.pos,
                    "`$ref` must be a string; dropped",
                ),
            },
            "type" => read_type(cx, &mut s, v),
            "title" => s.title = string(cx, v, key),
            "description" => s.description = string(cx, v, key),
            "format" => s.format = string(cx, v, key),
            "pattern" => s.pattern = string(cx, v, key),
            "nullable" => s.nullable = boolean(cx, v, key).unwrap_or(false),
            "readOnly" => s.read_only = boolean(cx, v, key).unwrap_or(false),
            "writeOnly" => s.write_only = boolean(cx, v, key).unwrap_or(false),
            "deprecated" => s.deprecated = boolean(cx, v, key).unwrap_or(false),
            "uniqueItems" => s.unique_items = boolean(cx, v, key).unwrap_or(false),
            "enum" => match v.as_seq() {
                Some(items) => {
                    cx.record_value(&at, v);
                    s.enum_values = Some(items.iter().map(Node::to_json).collect());
                }
                None => cx.report(Code::SchemaKeyword, v.pos, "`enum` must be a list; dropped"),
            },
            "const" => {
                cx.record_value(&join(&at, "0"), v);
                s.enum_values = Some(crate::model::thin_vec![v.to_json()]);
            }
            "default" => {
                cx.record_value(&at, v);
                s.default = Some(Box::new(v.to_json()));
            }
            "example" => {
                cx.record_value(&at, v);
                s.example = Some(Box::new(v.to_json()));
            }
            "examples" => read_examples_keyword(cx, &mut s, v, ptr),
            "multipleOf" => s.multiple_of = number(cx, v, key).map(Box::new),
            "minimum" => s.minimum = number(cx, v, key).map(Box::new),
            "maximum" => s.maximum = number(cx, v, key).map(Box::new),
            "exclusiveMinimum" => match &v.kind {
                Kind::Bool(b) => s.exclusive_minimum = *b,
                _ => {
                    if let Some(n) = number(cx, v, key) {
                        s.minimum = Some(Box::new(n));
                        s.exclusive_minimum = true;
                    }
                }
            },
            "exclusiveMaximum" => match &v.kind {
                Kind::Bool(b) => s.exclusive_maximum = *b,
                _ => {
                    if let Some(n) = number(cx, v, key) {
                        s.maximum = Some(Box::new(n));
                        s.exclusive_maximum = true;
                    }
                }
            },
            "minLength" => s.min_length = count(cx, v, key),
            "maxLength" => s.max_length = count(cx, v, key),
            "minItems" => s.min_items = count(cx, v, key),
            "maxItems" => s.max_items = count(cx, v, key),
            "minProperties" => s.min_properties = count(cx, v, key),
            "maxProperties" => s.max_properties = count(cx, v, key),
            "items" => match &v.kind {
                Kind::Seq(items) => {
                    cx.report(
                        Code::SchemaKeyword,
                        v.pos,
                        "tuple `items` (a list) is not OpenAPI 3.0; read as an array of any of them",
                    );
                    let any_of = items
                        .iter()
                        .enumerate()
                        .map(|(i, n)| {
                            read_schema(cx, n, &join(&join(&at, "anyOf"), &i.to_string()))
                        })
                        .collect();
                    s.items = Some(Box::new(Schema {
                        any_of,
                        ..Schema::default()
                    }));
                }
                _ => s.items = Some(Box::new(read_schema(cx, v, &at))),
            },
            "properties" => match v.as_map() {
                Some(props) => {
                    for p in props {
                        let p_ptr = join(&at, &p.key);
                        if let Some(flag) = property_required_flag(cx, &p.value) {
                            if flag {
                                property_required.push(p.key.clone());
                            }
                        }
                        let schema = read_schema(cx, &p.value, &p_ptr);
                        s.properties.insert(p.key.clone(), schema);
                    }
                }
                None => cx.report(
                    Code::SchemaKeyword,
                    v.pos,
                    "`properties` must be a mapping; dropped",
                ),
            },
            "required" => match &v.kind {
                Kind::Seq(items) => {
                    for (i, item) in items.iter().enumerate() {
                        match item.as_str() {
                            Some(name) => {
                                cx.record(&join(&at, &i.to_string()), item.pos);
                                if !s.required.iter().any(|r| r == name) {
                                    s.required.push(name.to_string());
                                }
                            }
                            None => cx.report(
                                Code::SchemaKeyword,
                                item.pos,
                                "`required` entries must be property names; dropped",
                            ),
                        }
                    }
                }
                // `required: true` inside a property is handled by the parent.
                Kind::Bool(_) | Kind::String(_) => {}
                _ => cx.report(
                    Code::SchemaKeyword,
                    v.pos,
                    "`required` must be a list of names; dropped",
                ),
            },
            "additionalProperties" => {
                s.additional_properties = Some(match &v.kind {
                    Kind::Bool(b) => AdditionalProperties::Bool(*b),
                    _ => AdditionalProperties::Schema(Box::new(read_schema(cx, v, &at))),
                })
            }
            "allOf" | "oneOf" | "anyOf" => {
                let list = match v.as_seq() {
                    Some(items) => items
                        .iter()
                        .enumerate()
                        .map(|(i, n)| read_schema(cx, n, &join(&at, &i.to_string())))
                        .collect(),
                    None => {
                        cx.report(
                            Code::SchemaKeyword,
                            v.pos,
                            format!("`{key}` must be a list; dropped"),
                        );
                        Vec::new()
                    }
                };
                match key {
                    "allOf" => s.all_of = list.into(),
                    "oneOf" => s.one_of = list.into(),
                    _ => s.any_of = list.into(),
                }
            }
            "not" => s.not = Some(Box::new(read_schema(cx, v, &at))),
            "discriminator" => s.discriminator = read_discriminator(cx, v).map(Box::new),
            "externalDocs" => s.external_docs = Some(Box::new(v.to_json())),
            "xml" => s.xml = Some(Box::new(v.to_json())),
            "contentEncoding" => {
                if v.as_str() == Some("base64") && s.format.is_none() {
                    s.format = Some("byte".into());
                } else {
                    keep_as_extension(cx, &mut s, key, v, "is not OpenAPI 3.0");
                }
            }
            k if k.starts_with("x-") => {
                s.extensions.insert(k.to_string(), v.to_json());
            }
            k if NOT_IN_OAS30.contains(&k) => {
                keep_as_extension(cx, &mut s, key, v, "has no OpenAPI 3.0 form");
            }
            _ => keep_as_extension(cx, &mut s, key, v, "is not a schema keyword"),
        }
    }
    for name in property_required {
        if !s.required.contains(&name) {
            s.required.push(name);
        }
    }
    fold_null_alternatives(&mut s);
    wrap_ref_siblings(entries, &mut s);
    s
}

/// A property schema that says `required: true` (a common mistake: it
/// belongs in the parent's `required` list). Returns the flag if present.
fn property_required_flag(cx: &mut PageCx, node: &Node) -> Option<bool> {
    let v = node.get("required")?;
    let flag = match &v.kind {
        Kind::Bool(b) => *b,
        Kind::String(s) if s.eq_ignore_ascii_case("true") => true,
        Kind::String(s) if s.eq_ignore_ascii_case("false") => false,
        _ => return None,
    };
    cx.report(
        Code::RequiredInProperty,
        v.pos,
        format!(
            "`required: {}` inside a property schema is not OpenAPI; read as {} in the parent's `required` list",
            v.to_json(),
            if flag { "listed" } else { "not listed" }
        ),
    );
    Some(flag)
}

fn read_type(cx: &mut PageCx, s: &mut Schema, v: &Node) {
    let names: Vec<(&str, &Node)> = match &v.kind {
        Kind::String(t) => vec![(t.as_str(), v)],
        Kind::Seq(items) => items
            .iter()
            .filter_map(|n| n.as_str().map(|t| (t, n)))
            .collect(),
        _ => {
            cx.report(
                Code::SchemaType,
                v.pos,
                "`type` must be a string or a list; dropped",
            );
            return;
        }
    };
    let mut types = Vec::new();
    for (name, node) in names {
        if name == "null" {
            s.nullable = true;
        } else if let Some(t) = SchemaType::parse(name) {
            if !types.contains(&t) {
                types.push(t);
            }
        } else {
            cx.report(
                Code::SchemaType,
                node.pos,
                format!("unknown type `{name}`; read as any value"),
            );
            s.extensions
                .insert("x-original-type".into(), Value::String(name.to_string()));
        }
    }
    match types.as_slice() {
        [] => {}
        [one] => s.schema_type = Some(*one),
        many => {
            cx.report(
                Code::TypeList,
                v.pos,
                format!(
                    "`type` lists {} types; OpenAPI 3.0 spells that `anyOf`",
                    many.len()
                ),
            );
            s.any_of = many.iter().map(|t| Schema::of_type(*t)).collect();
        }
    }
}

/// JSON Schema `examples` (a list) -> OpenAPI 3.0 `example` (the first).
fn read_examples_keyword(cx: &mut PageCx, s: &mut Schema, v: &Node, ptr: &str) {
    match &v.kind {
        Kind::Seq(items) if !items.is_empty() => {
            cx.record_value(&join(ptr, "example"), &items[0]);
            if s.example.is_none() {
                s.example = Some(Box::new(items[0].to_json()));
            }
            if items.len() > 1 {
                s.extensions.insert("x-examples".into(), v.to_json());
            }
        }
        Kind::Seq(_) => {}
        _ => keep_as_extension(cx, s, "examples", v, "must be a list in a schema"),
    }
}

fn read_discriminator(cx: &mut PageCx, v: &Node) -> Option<Discriminator> {
    let Some(name) = v.get("propertyName").and_then(Node::as_str) else {
        cx.report(
            Code::SchemaKeyword,
            v.pos,
            "`discriminator` needs a `propertyName`; dropped",
        );
        return None;
    };
    let mapping = v
        .get("mapping")
        .and_then(Node::as_map)
        .map(|m| {
            m.iter()
                .filter_map(|e| e.value.as_str().map(|t| (e.key.clone(), t.to_string())))
                .collect()
        })
        .unwrap_or_default();
    Some(Discriminator {
        property_name: name.to_string(),
        mapping,
    })
}

fn keep_as_extension(cx: &mut PageCx, s: &mut Schema, key: &str, v: &Node, why: &str) {
    cx.report(
        Code::SchemaKeywordKept,
        v.pos,
        format!("`{key}` {why}; kept as `x-{key}` and not enforced"),
    );
    s.extensions.insert(format!("x-{key}"), v.to_json());
}

/// 3.1's `anyOf: [X, {type: 'null'}]` is 3.0's nullable X.
fn fold_null_alternatives(s: &mut Schema) {
    for list in [&mut s.any_of, &mut s.one_of] {
        let before = list.len();
        list.retain(|alt| !is_null_schema(alt));
        if list.len() != before {
            s.nullable = true;
        }
    }
    for list_is_one_of in [false, true] {
        let list = if list_is_one_of { &s.one_of } else { &s.any_of };
        if list.len() != 1 {
            continue;
        }
        let only = if list_is_one_of {
            s.one_of.pop()
        } else {
            s.any_of.pop()
        };
        let Some(only) = only else { continue };
        if only.reference.is_some() || !s.all_of.is_empty() {
            s.all_of.push(only);
        } else {
            absorb(s, only);
        }
    }
}

fn is_null_schema(s: &Schema) -> bool {
    let mut probe = s.clone();
    probe.description = None;
    probe.title = None;
    let only_null = probe.extensions.is_empty()
        && Schema {
            nullable: false,
            ..probe.clone()
        }
        .is_empty();
    // `{type: 'null'}` reads as `{nullable: true}` with no type.
    only_null && s.nullable && s.schema_type.is_none()
        || probe.enum_values.as_deref() == Some(&[Value::Null])
}

/// Fill what `s` leaves unsaid from `other` (for a single folded alternative).
fn absorb(s: &mut Schema, other: Schema) {
    let base = std::mem::take(s);
    let mut merged = other;
    macro_rules! keep {
        ($($f:ident),*) => { $( if base.$f.is_some() { merged.$f = base.$f; } )* };
    }
    keep!(
        title,
        description,
        format,
        default,
        example,
        pattern,
        minimum,
        maximum,
        multiple_of,
        min_length,
        max_length,
        min_items,
        max_items,
        items,
        additional_properties,
        discriminator,
        not,
        enum_values,
        schema_type,
        external_docs,
        xml,
        min_properties,
        max_properties
    );
    merged.nullable |= base.nullable;
    merged.read_only |= base.read_only;
    merged.write_only |= base.write_only;
    merged.deprecated |= base.deprecated;
    merged.unique_items |= base.unique_items;
    merged.exclusive_minimum |= base.exclusive_minimum;
    merged.exclusive_maximum |= base.exclusive_maximum;
    merged.properties.extend(base.properties);
    for r in base.required {
        if !merged.required.contains(&r) {
            merged.required.push(r);
        }
    }
    merged.all_of.extend(base.all_of);
    merged.extensions.extend(base.extensions);
    if base.reference.is_some() {
        merged.reference = base.reference;
    }
    *s = merged;
}

/// OpenAPI 3.0 ignores siblings of `$ref`; vendors mean them. Keep both by
/// wrapping: `{allOf: [{$ref}], <siblings>}`.
fn wrap_ref_siblings(entries: &[crate::doc::Entry], s: &mut Schema) {
    let Some(target) = s.reference.clone() else {
        return;
    };
    if entries.iter().all(|e| e.key == "$ref") {
        return;
    }
    s.reference = None;
    s.all_of.insert(0, Schema::reference(target));
}

fn string(cx: &mut PageCx, v: &Node, key: &str) -> Option<String> {
    match &v.kind {
        Kind::String(s) => Some(s.clone()),
        Kind::Number(n) => Some(n.to_string()),
        Kind::Bool(b) => Some(b.to_string()),
        Kind::Null => None,
        _ => {
            cx.report(
                Code::SchemaKeyword,
                v.pos,
                format!("`{key}` must be a string; dropped"),
            );
            None
        }
    }
}

/// A boolean keyword; the strings `"true"`/`"false"` are read as the
/// boolean with a warning, anything else is dropped with one.
pub(crate) fn boolean(cx: &mut PageCx, v: &Node, key: &str) -> Option<bool> {
    match &v.kind {
        Kind::Bool(b) => Some(*b),
        Kind::String(s) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => {
            cx.report(
                Code::SchemaKeyword,
                v.pos,
                format!(
                    "`{key}` is the string \"{s}\", not a boolean; read as {}",
                    s.to_ascii_lowercase()
                ),
            );
            Some(s.eq_ignore_ascii_case("true"))
        }
        _ => {
            cx.report(
                Code::SchemaKeyword,
                v.pos,
                format!("`{key}` must be a boolean; dropped"),
            );
            None
        }
    }
}

fn number(cx: &mut PageCx, v: &Node, key: &str) -> Option<Number> {
    match &v.kind {
        Kind::Number(n) => Some(n.clone()),
        Kind::String(s) => match s.trim().parse::<f64>().ok().and_then(Number::from_f64) {
            Some(n) => {
                cx.report(
                    Code::SchemaKeyword,
                    v.pos,
                    format!("`{key}` is a string; read as the number {n}"),
                );
                Some(n)
            }
            None => {
                cx.report(
                    Code::SchemaKeyword,
                    v.pos,
                    format!("`{key}` must be a number; dropped"),
                );
                None
            }
        },
        _ => {
            cx.report(
                Code::SchemaKeyword,
                v.pos,
                format!("`{key}` must be a number; dropped"),
            );
            None
        }
    }
}

fn count(cx: &mut PageCx, v: &Node, key: &str) -> Option<u64> {
    let n = number(cx, v, key)?;
    match n.as_u64().or_else(|| {
        n.as_f64()
            .filter(|f| *f >= 0.0 && f.fract() == 0.0)
            .map(|f| f as u64)
    }) {
        Some(c) => Some(c),
        None => {
            cx.report(
                Code::SchemaKeyword,
                v.pos,
                format!("`{key}` must be a non-negative integer; dropped"),
            );
            None
        }
    }
}

/// Flag object schemas whose `required` names a property they do not
/// define (only where the properties are listed and nothing else could
/// supply the name), and drop those names.
pub fn check_required(cx: &mut PageCx, s: &mut Schema, ptr: &str) {
    let closed = !s.properties.is_empty()
        && s.all_of.is_empty()
        && s.any_of.is_empty()
        && s.one_of.is_empty()
        && s.reference.is_none()
        && !matches!(
            s.additional_properties,
            Some(AdditionalProperties::Schema(_))
        );
    if closed {
        let mut kept = Vec::new();
        for (i, name) in std::mem::take(&mut s.required).into_iter().enumerate() {
            if s.properties.contains_key(&name) {
                kept.push(name);
                continue;
            }
            let loc = cx.map.locate_or(
                &join(&join(ptr, "required"), &i.to_string()),
                &cx.file.start(),
            );
            let known: Vec<String> = s.properties.keys().map(|k| format!("`{k}`")).collect();
            cx.push(
                crate::diag::Diagnostic::new(
                    Code::RequiredUnknown,
                    loc,
                    format!("`required` names `{name}`, which is not a property of this object"),
                )
                .with_note(format!(
                    "properties are {}; `{name}` dropped from `required`",
                    known.join(", ")
                )),
            );
        }
        s.required = kept.into();
    }
    if let Some(items) = &mut s.items {
        check_required(cx, items, &join(ptr, "items"));
    }
    for (name, prop) in s.properties.iter_mut() {
        check_required(cx, prop, &join(&join(ptr, "properties"), name));
    }
    for (key, list) in [
        ("allOf", &mut s.all_of),
        ("oneOf", &mut s.one_of),
        ("anyOf", &mut s.any_of),
    ] {
        for (i, sub) in list.iter_mut().enumerate() {
            check_required(cx, sub, &join(&join(ptr, key), &i.to_string()));
        }
    }
    if let Some(AdditionalProperties::Schema(sub)) = &mut s.additional_properties {
        check_required(cx, sub, &join(ptr, "additionalProperties"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::yaml;
    use crate::source::SourceFile;
    use serde_json::json;

    fn read(text: &str) -> (Schema, Vec<String>) {
        let file = SourceFile::new("t.yaml", text);
        let mut cx = PageCx::new(&file);
        let node = yaml::parse(text, 1, 0).unwrap();
        let mut s = read_schema(&mut cx, &node, "/s");
        check_required(&mut cx, &mut s, "/s");
        let codes = cx.diags.iter().map(|d| d.code.to_string()).collect();
        (s, codes)
    }

    fn json_of(s: &Schema) -> Value {
        serde_json::to_value(s).unwrap()
    }

    #[test]
    fn type_lists_with_null_become_nullable() {
        let (s, codes) = read("type: [string, 'null']\nexamples: [a, b]\n");
        assert_eq!(
            json_of(&s),
            json!({"type": "string", "nullable": true, "example": "a", "x-examples": ["a", "b"]})
        );
        assert!(codes.is_empty(), "{codes:?}");
    }

    #[test]
    fn any_of_with_null_folds_into_the_other_branch() {
        let (s, _) =
            read("anyOf:\n  - type: integer\n    minimum: 1\n  - type: 'null'\ndescription: d\n");
        assert_eq!(
            json_of(&s),
            json!({"type": "integer", "minimum": 1, "nullable": true, "description": "d"})
        );
        let (s, _) = read("anyOf:\n  - $ref: '#/components/schemas/A'\n  - type: 'null'\n");
        assert_eq!(
            json_of(&s),
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
    }

    #[test]
    fn const_and_numeric_exclusive_bounds_convert() {
        let (s, _) = read("const: paid\nexclusiveMinimum: 0\nexclusiveMaximum: true\nmaximum: 5\n");
        assert_eq!(
            json_of(&s),
            json!({"enum": ["paid"], "minimum": 0, "exclusiveMinimum": true, "maximum": 5, "exclusiveMaximum": true})
        );
    }

    #[test]
    fn keywords_3_0_cannot_express_are_kept_and_reported() {
        let (s, codes) = read("type: object\npatternProperties:\n  '^x': {type: string}\nfoo: 1\n");
        assert!(s.extensions.contains_key("x-patternProperties"));
        assert!(s.extensions.contains_key("x-foo"));
        assert_eq!(codes, ["schema-keyword-kept", "schema-keyword-kept"]);
    }

    #[test]
    fn required_naming_a_missing_property_is_reported_and_dropped() {
        let (s, codes) = read(
            "type: object\nproperties:\n  username: {type: string}\nrequired: [email, username]\n",
        );
        assert_eq!(s.required, ["username"]);
        assert_eq!(codes, ["required-unknown"]);
    }

    #[test]
    fn required_true_inside_a_property_moves_to_the_parent() {
        let (s, codes) =
            read("type: object\nproperties:\n  id:\n    type: string\n    required: 'true'\n");
        assert_eq!(s.required, ["id"]);
        assert_eq!(codes, ["required-in-property"]);
    }

    #[test]
    fn ref_with_siblings_is_wrapped_in_all_of() {
        let (s, _) = read("$ref: '#/components/schemas/A'\ndescription: the A\n");
        assert_eq!(
            json_of(&s),
            json!({"description": "the A", "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        let (s, _) = read("$ref: '#/components/schemas/A'\n");
        assert_eq!(json_of(&s), json!({"$ref": "#/components/schemas/A"}));
    }

    #[test]
    fn wrong_value_types_are_reported_not_fatal() {
        let (s, codes) =
            read("type: string\nminLength: '3'\nmaxLength: -1\nnullable: 'true'\nenum: x\n");
        assert_eq!(s.min_length, Some(3));
        assert_eq!(s.max_length, None);
        assert!(s.nullable);
        assert_eq!(codes.len(), 4, "{codes:?}");
        let (_, codes) = read("- not a schema\n");
        assert_eq!(codes, ["schema-shape"]);
    }
}
