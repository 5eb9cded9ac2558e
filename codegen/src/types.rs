//! Contract schemas -> the type IR: one named type per component schema,
//! plus named types for inline objects, enums and unions, with names made
//! unique up front. What cannot be modelled becomes `serde_json::Value`
//! and a diagnostic, never a panic or code that does not compile.

use std::borrow::Cow;
use std::collections::BTreeMap;

use generator::model::{
    whole_schema_ref_name, AdditionalProperties, Contract, Schema, SchemaType, SharedDefinitions,
    MAX_ALL_OF_DEPTH,
};

use super::ir::{Checks, Extra, Field, Kind, Ty, TypeDef, Typed, TypedFormat};
use super::names::{pascal, plain_snake, Scope};

/// Names the vendor module itself declares around `types`: operation
/// items (options, response enums, headers) are claimed next to them.
pub const RESERVED_ITEM_NAMES: &[&str] = &["Client", "Credentials", "DEFAULT_BASE_URL"];

/// Deepest nesting of inline schemas modelled as their own types.
const MAX_DEPTH: usize = 48;

pub struct TypeSpace<'c> {
    contract: &'c Contract,
    pub defs: Vec<TypeDef>,
    components: BTreeMap<String, usize>,
    /// Inline schemas already given a type, by their JSON text: the same
    /// shape used in many places gets one type (named after its first use).
    inline: std::collections::HashMap<String, usize>,
    /// Names in the vendor's `types` module. Generated code spells every
    /// std and crate path in full, so a schema called `Client`, `Error`
    /// or `Option` keeps its name there.
    pub scope: Scope,
    /// Names in the vendor module around `types`.
    pub items: Scope,
    /// `format: binary` strings are file parts (set while a
    /// `multipart/form-data` body is defined).
    pub files: bool,
    /// (contract pointer, message) for what could not be modelled.
    pub problems: Vec<(String, String)>,
}

impl<'c> TypeSpace<'c> {
    /// Register and build every component schema.
    pub fn new(contract: &'c Contract) -> Self {
        let mut space = TypeSpace {
            contract,
            defs: Vec::new(),
            components: BTreeMap::new(),
            inline: std::collections::HashMap::new(),
            scope: Scope::default(),
            items: Scope::with_reserved(RESERVED_ITEM_NAMES),
            files: false,
            problems: Vec::new(),
        };
        for name in contract.components.schemas.keys() {
            let rust = space.scope.claim(&pascal(name, "Type"));
            let idx = space.placeholder(rust);
            space.components.insert(name.clone(), idx);
        }
        for (name, schema) in &contract.components.schemas {
            let idx = space.components[name];
            let ptr = format!(
                "/components/schemas/{}",
                generator::pointer::escape_pointer(name)
            );
            let def_name = space.defs[idx].name.clone();
            let kind = space.kind_for_named(schema, &def_name, &ptr, 0);
            let not = space.not_of(schema, &def_name, &ptr, 0);
            let def = &mut space.defs[idx];
            def.not = not;
            def.kind = kind;
            def.doc = doc_of(schema);
            def.deprecated = schema.deprecated;
        }
        space
    }

    pub fn contract(&self) -> &'c Contract {
        self.contract
    }

    fn placeholder(&mut self, name: String) -> usize {
        self.defs.push(TypeDef {
            name,
            doc: None,
            deprecated: false,
            kind: Kind::Newtype(Typed::plain(Ty::Any)),
            not: None,
            multipart: false,
        });
        self.defs.len() - 1
    }

    /// A new named type for an inline schema.
    pub fn define(&mut self, schema: &Schema, hint: &str, ptr: &str, depth: usize) -> usize {
        let mut key = shape_key(schema);
        if self.files {
            key.insert_str(0, "multipart ");
        }
        if let Some(idx) = self.inline.get(&key) {
            return *idx;
        }
        let name = self.scope.claim(&pascal(hint, "Type"));
        let idx = self.placeholder(name.clone());
        self.inline.insert(key, idx);
        let kind = self.kind_for_named(schema, &name, ptr, depth + 1);
        let not = self.not_of(schema, &name, ptr, depth + 1);
        let def = &mut self.defs[idx];
        def.not = not;
        def.kind = kind;
        // An inline type may be shared by several uses (see `shape_key`):
        // a default is one use's, and stays in that field's doc.
        def.doc = prose_of(schema);
        def.deprecated = schema.deprecated;
        idx
    }

    /// The kind of a named type: struct, enum, union, or a newtype.
    fn kind_for_named(&mut self, schema: &Schema, name: &str, ptr: &str, depth: usize) -> Kind {
        let schema = self.flatten_all_of(schema);
        if depth < MAX_DEPTH {
            if let Some(kind) = self.structural_kind(&schema, name, ptr, depth) {
                return kind;
            }
        }
        let (typed, nullable) = self.typed_inner(&schema, name, ptr, depth);
        Kind::Newtype(if nullable {
            Typed::plain(Ty::Nullable(Box::new(typed)))
        } else {
            typed
        })
    }

    /// Struct, enum or union for schemas that are one; None otherwise.
    fn structural_kind(
        &mut self,
        schema: &Schema,
        name: &str,
        ptr: &str,
        depth: usize,
    ) -> Option<Kind> {
        if schema.reference.is_some() {
            return None;
        }
        if !schema.one_of.is_empty() || !schema.any_of.is_empty() {
            return Some(self.union_kind(schema, name, ptr, depth));
        }
        if let Some(values) = string_enum(schema) {
            let mut scope = Scope::with_reserved(&["Unknown"]);
            let variants = values
                .into_iter()
                .map(|wire| {
                    let base = if wire.is_empty() {
                        "Empty".to_string()
                    } else {
                        pascal(&wire, "V")
                    };
                    (scope.claim(&base), wire)
                })
                .collect();
            return Some(Kind::Enum { variants });
        }
        if !is_object(schema) {
            return None;
        }
        let forbidden = matches!(
            schema.additional_properties,
            Some(AdditionalProperties::Bool(false))
        );
        if schema.properties.is_empty() && !forbidden {
            return None; // a map
        }
        let mut scope = Scope::with_reserved(&[]);
        let mut fields = Vec::new();
        for (wire, prop) in &schema.properties {
            let prop_ptr = format!(
                "{ptr}/properties/{}",
                generator::pointer::escape_pointer(wire)
            );
            let hint = format!("{name} {}", pascal(wire, "Field"));
            let (typed, nullable) = self.typed_inner(prop, &hint, &prop_ptr, depth + 1);
            let rust = scope.claim(&plain_snake(wire, "field"));
            let required = schema.required.contains(wire);
            // Read- and write-only fields stay options: one direction
            // never carries them.
            let decode_default = (!required && !nullable && !prop.read_only && !prop.write_only)
                .then(|| self.decode_default(prop, &typed.ty))
                .flatten();
            fields.push(Field {
                rust,
                wire: wire.clone(),
                ty: typed,
                required,
                nullable,
                read_only: prop.read_only,
                write_only: prop.write_only,
                deprecated: prop.deprecated,
                doc: doc_of(prop),
                default: prop.default.as_deref().cloned(),
                decode_default,
            });
        }
        let extra = match &schema.additional_properties {
            Some(AdditionalProperties::Bool(false)) => Extra::Forbidden,
            Some(AdditionalProperties::Schema(s)) if !s.is_empty() => {
                let (typed, nullable) = self.typed_inner(
                    s,
                    &format!("{name} Value"),
                    &format!("{ptr}/additionalProperties"),
                    depth + 1,
                );
                Extra::Typed(Box::new(wrap_nullable(typed, nullable)))
            }
            _ => Extra::Any,
        };
        let extra_name = scope.claim("extra");
        Some(Kind::Struct {
            fields,
            extra,
            extra_name,
            min_properties: schema.min_properties,
            max_properties: schema.max_properties,
        })
    }

    fn union_kind(&mut self, schema: &Schema, name: &str, ptr: &str, depth: usize) -> Kind {
        let (list, key, one_of) = if !schema.one_of.is_empty() {
            (&schema.one_of, "oneOf", true)
        } else {
            (&schema.any_of, "anyOf", false)
        };
        let mut scope = Scope::with_reserved(&[]);
        let mut variants: Vec<(String, Typed)> = Vec::new();
        // (component name, variant name) of alternatives that are refs.
        let mut ref_variants: Vec<(String, String)> = Vec::new();
        for (i, alt) in list.iter().enumerate() {
            let alt_ptr = format!("{ptr}/{key}/{i}");
            // The parent's own properties apply to every alternative.
            let alt_schema = merge_parent_into(schema, alt);
            let hint = format!("{name} Variant{i}");
            let (typed, nullable) = self.typed_inner(&alt_schema, &hint, &alt_ptr, depth + 1);
            let base = match &typed.ty {
                Ty::Named(idx) => self.defs[*idx].name.clone(),
                other => ty_label(other).to_string(),
            };
            let vname = scope.claim(&base);
            if let Some(component) = alt.reference.as_deref().and_then(whole_schema_ref_name) {
                ref_variants.push((component, vname.clone()));
            }
            variants.push((vname, wrap_nullable(typed, nullable)));
        }
        // Untagged decoding tries variants in order: most specific first.
        variants.sort_by_key(|(_, t)| specificity(&t.ty));
        let position = |vname: &str| variants.iter().position(|(n, _)| n == vname);
        let discriminator = schema.discriminator.as_ref().map(|d| {
            let mut pairs: Vec<(String, usize)> = Vec::new();
            for (value, target) in &d.mapping {
                // OpenAPI allows a mapping value to be a ref or a bare name.
                let target_name = whole_schema_ref_name(target).unwrap_or_else(|| target.clone());
                let found = ref_variants
                    .iter()
                    .find(|(n, _)| *n == target_name)
                    .and_then(|(_, v)| position(v));
                if let Some(i) = found {
                    pairs.push((value.clone(), i));
                }
            }
            for (component, vname) in &ref_variants {
                if let Some(i) = position(vname) {
                    if !pairs.iter().any(|(_, j)| *j == i) {
                        pairs.push((component.clone(), i));
                    }
                }
            }
            (d.property_name.clone(), pairs)
        });
        Kind::Union {
            variants,
            discriminator,
            one_of,
        }
    }

    /// The type of a schema used inline, and whether null is allowed.
    pub fn typed_inner(
        &mut self,
        schema: &Schema,
        hint: &str,
        ptr: &str,
        depth: usize,
    ) -> (Typed, bool) {
        let nullable = schema.nullable
            || schema
                .enum_values
                .as_ref()
                .is_some_and(|e| e.contains(&serde_json::Value::Null));
        if let Some(target) = &schema.reference {
            let idx =
                whole_schema_ref_name(target).and_then(|name| self.components.get(&name).copied());
            return match idx {
                Some(idx) => (Typed::plain(Ty::Named(idx)), nullable),
                None => {
                    self.problems.push((
                        ptr.to_string(),
                        format!(
                            "`$ref: {target}` is not a component schema; typed as any JSON value"
                        ),
                    ));
                    (Typed::plain(Ty::Any), nullable)
                }
            };
        }
        let flat = self.flatten_all_of(schema);
        let schema: &Schema = &flat;
        if let Some(target) = single_ref(schema) {
            let as_ref = Schema::reference(target);
            let (typed, n) = self.typed_inner(&as_ref, hint, ptr, depth);
            return (typed, n || nullable);
        }
        if depth >= MAX_DEPTH {
            self.problems.push((
                ptr.to_string(),
                format!("schemas nest deeper than {MAX_DEPTH} levels; typed as any JSON value"),
            ));
            return (Typed::plain(Ty::Any), nullable);
        }
        if !schema.all_of.is_empty() {
            // Parts that are not all objects: an untyped value that must
            // match every part (checked by decoding into each part's type).
            let mut rest = schema.clone();
            rest.all_of.clear();
            let (mut typed, _) = self.typed_inner(&rest, hint, ptr, depth + 1);
            for (i, part) in schema.all_of.iter().enumerate() {
                let (t, n) = self.typed_inner(
                    part,
                    &format!("{hint} Part{i}"),
                    &format!("{ptr}/allOf/{i}"),
                    depth + 1,
                );
                typed.checks.all_of.push(wrap_nullable(t, n));
            }
            return (typed, nullable);
        }
        let structural = !schema.one_of.is_empty()
            || !schema.any_of.is_empty()
            || string_enum(schema).is_some()
            || (!schema.properties.is_empty()
                && matches!(schema.schema_type, None | Some(SchemaType::Object)))
            || matches!(
                schema.additional_properties,
                Some(AdditionalProperties::Bool(false))
            ) && schema.schema_type == Some(SchemaType::Object);
        if structural {
            let idx = self.define(schema, hint, ptr, depth);
            return (Typed::plain(Ty::Named(idx)), nullable);
        }
        let mut checks = self.checks_of(schema, ptr);
        let ty = match schema.schema_type {
            Some(SchemaType::String) => match schema.format.as_deref() {
                Some("binary") if self.files => Ty::File,
                Some(format) => TypedFormat::of(format).map_or(Ty::String, Ty::Format),
                None => Ty::String,
            },
            Some(SchemaType::Integer) => {
                if schema.format.as_deref() == Some("int32") {
                    Ty::I32
                } else {
                    Ty::I64
                }
            }
            Some(SchemaType::Number) => Ty::Number,
            Some(SchemaType::Boolean) => Ty::Bool,
            Some(SchemaType::Array) => {
                let items = schema.items.as_deref().cloned().unwrap_or_default();
                let (item, item_null) = self.typed_inner(
                    &items,
                    &format!("{hint} Item"),
                    &format!("{ptr}/items"),
                    depth + 1,
                );
                Ty::Vec(Box::new(wrap_nullable(item, item_null)))
            }
            Some(SchemaType::Object) | None => match &schema.additional_properties {
                Some(AdditionalProperties::Schema(s)) if !s.is_empty() => {
                    let (value, value_null) = self.typed_inner(
                        s,
                        &format!("{hint} Value"),
                        &format!("{ptr}/additionalProperties"),
                        depth + 1,
                    );
                    Ty::Map(Box::new(wrap_nullable(value, value_null)))
                }
                _ if schema.schema_type == Some(SchemaType::Object) => {
                    Ty::Map(Box::new(Typed::plain(Ty::Any)))
                }
                _ => Ty::Any,
            },
        };
        // Maps carry no value checks of their own; untyped values keep theirs
        // (checked by the value's JSON type).
        if matches!(ty, Ty::File) {
            checks = Checks::default();
        }
        if matches!(ty, Ty::Map(_)) {
            checks = Checks {
                enum_json: checks.enum_json,
                min_properties: checks.min_properties,
                max_properties: checks.max_properties,
                ..Checks::default()
            };
        }
        checks.not = self.not_of(schema, hint, ptr, depth);
        (Typed { ty, checks }, nullable)
    }

    /// The type of a schema's `not`.
    fn not_of(
        &mut self,
        schema: &Schema,
        name: &str,
        ptr: &str,
        depth: usize,
    ) -> Option<Box<Typed>> {
        let not = schema.not.as_deref()?;
        if depth >= MAX_DEPTH {
            return None;
        }
        let (typed, nullable) = self.typed_inner(
            not,
            &format!("{name} Not"),
            &format!("{ptr}/not"),
            depth + 1,
        );
        Some(Box::new(wrap_nullable(typed, nullable)))
    }

    /// The keywords of `s` that `validate()` checks; a pattern the
    /// runtime's engine cannot run is left out and reported.
    pub(crate) fn checks_of(&mut self, s: &Schema, ptr: &str) -> Checks {
        let f =
            |n: &Option<Box<serde_json::Number>>| n.as_deref().and_then(serde_json::Number::as_f64);
        let pattern = s.pattern.clone().filter(|p| {
            // Exactly the patterns the runtime can check; the others are said.
            let ok = contract_runtime::keywords::Pattern::new(p).is_some();
            if !ok {
                self.problems.push((format!("{ptr}/pattern"), format!("pattern `{p}` is not supported by the validator's regex engine; not checked")));
            }
            ok
        });
        let enum_json = s
            .enum_values
            .as_ref()
            .filter(|_| string_enum(s).is_none())
            .map(|values| {
                values
                    .iter()
                    .filter(|v| !v.is_null())
                    .map(|v| v.to_string())
                    .collect()
            });
        Checks {
            min_length: s.min_length,
            max_length: s.max_length,
            pattern,
            format: s.format.clone().filter(|f| {
                matches!(
                    f.as_str(),
                    "email"
                        | "uuid"
                        | "date"
                        | "date-time"
                        | "uri"
                        | "byte"
                        | "ipv4"
                        | "ipv6"
                        | "hostname"
                )
            }),
            minimum: f(&s.minimum),
            exclusive_minimum: s.exclusive_minimum && s.minimum.is_some(),
            maximum: f(&s.maximum),
            exclusive_maximum: s.exclusive_maximum && s.maximum.is_some(),
            multiple_of: f(&s.multiple_of).filter(|m| *m > 0.0),
            min_items: s.min_items,
            max_items: s.max_items,
            unique_items: s.unique_items,
            enum_json,
            min_properties: s.min_properties,
            max_properties: s.max_properties,
            not: None,
            all_of: Vec::new(),
        }
    }

    /// Merge `allOf` parts that are all objects (or refs to objects) into
    /// one object schema (the model's rule,
    /// [`generator::model::Components::merge_all_of`], first definition
    /// wins); otherwise return the schema unchanged.
    /// Borrowed when unchanged: most schemas have no `allOf`, and
    /// copying each one at every level of nesting was quadratic.
    fn flatten_all_of<'s>(&mut self, schema: &'s Schema) -> Cow<'s, Schema> {
        if schema.all_of.is_empty() || single_ref(schema).is_some() {
            return Cow::Borrowed(schema);
        }
        let mut seen: Vec<String> = Vec::new();
        if !schema
            .all_of
            .iter()
            .all(|part| self.is_object_part(part, &mut seen, 0))
        {
            return Cow::Borrowed(schema);
        }
        let mut merged = self
            .contract
            .components
            .merge_all_of(schema, SharedDefinitions::FirstWins)
            .schema;
        // Parts with no object keywords (`{maximum: 30}`) are not objects to
        // merge: leave them to the per-part checks.
        if merged.schema_type != Some(SchemaType::Object) && merged.properties.is_empty() {
            return Cow::Borrowed(schema);
        }
        merged.schema_type = Some(SchemaType::Object);
        Cow::Owned(merged)
    }

    /// Whether an `allOf` part is an object one struct can hold: neither
    /// it nor a part of its own (refs followed) has another type,
    /// alternatives, `items` or an `enum`. A ref already met is fine (it
    /// adds nothing new); an unresolved ref or nesting past
    /// [`MAX_ALL_OF_DEPTH`] is not.
    fn is_object_part(&self, schema: &Schema, seen: &mut Vec<String>, depth: usize) -> bool {
        if depth > MAX_ALL_OF_DEPTH {
            return false;
        }
        if let Some(target) = &schema.reference {
            if seen.contains(target) {
                return true;
            }
            seen.push(target.clone());
            return match self.contract.components.resolve_ref(target) {
                Some(s) => self.is_object_part(s, seen, depth + 1),
                None => false,
            };
        }
        matches!(schema.schema_type, None | Some(SchemaType::Object))
            && schema.one_of.is_empty()
            && schema.any_of.is_empty()
            && schema.items.is_none()
            && schema.enum_values.is_none()
            && schema
                .all_of
                .iter()
                .all(|part| self.is_object_part(part, seen, depth + 1))
    }

    /// The default decoding fills in for an absent property of type `ty`:
    /// the contract's default when it is valid against the property's
    /// schema and a value of a type that holds it without conversion
    /// (string, string enum, boolean, integer, number). Any other default
    /// stays documentation, and the field an `Option`.
    fn decode_default(&self, prop: &Schema, ty: &Ty) -> Option<serde_json::Value> {
        use serde_json::Value;
        let default = prop.default.as_deref()?;
        let fits = match (ty, default) {
            (Ty::String, Value::String(_)) | (Ty::Bool, Value::Bool(_)) => true,
            (Ty::I64, Value::Number(n)) => n.as_i64().is_some(),
            (Ty::I32, Value::Number(n)) => n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
            (Ty::Number, Value::Number(n)) => n.as_f64().is_some_and(f64::is_finite),
            (Ty::Named(_), Value::String(_)) => {
                string_enum(self.contract.components.deref(prop)).is_some()
            }
            _ => false,
        };
        let valid = || {
            generator::validate::Validator::new(&self.contract.components.schemas)
                .validate(prop, default)
                .is_empty()
        };
        (fits && valid()).then(|| default.clone())
    }

    /// Whether type `idx` was made for a component schema.
    pub fn is_component(&self, idx: usize) -> bool {
        self.components.values().any(|i| *i == idx)
    }

    pub fn component_index(&self, name: &str) -> Option<usize> {
        self.components.get(name).copied()
    }
}

/// Whether a schema describes an object: typed so, or untyped with
/// properties.
pub(crate) fn is_object(schema: &Schema) -> bool {
    schema.schema_type == Some(SchemaType::Object)
        || (schema.schema_type.is_none() && !schema.properties.is_empty())
}

fn wrap_nullable(typed: Typed, nullable: bool) -> Typed {
    if nullable && !matches!(typed.ty, Ty::Any) {
        Typed::plain(Ty::Nullable(Box::new(typed)))
    } else {
        typed
    }
}

/// Order for untagged decoding: structured and narrow types before wide ones.
fn specificity(ty: &Ty) -> u8 {
    match ty {
        Ty::Named(_) => 0,
        Ty::Vec(_) => 1,
        Ty::Map(_) => 2,
        Ty::Bool => 3,
        Ty::I32 => 4,
        Ty::I64 => 5,
        Ty::Number => 6,
        // A formatted string decodes only what the format allows (with its
        // feature on): before plain strings.
        Ty::Format(_) | Ty::File => 7,
        Ty::String => 8,
        Ty::Nullable(inner) | Ty::Boxed(inner) => specificity(&inner.ty),
        Ty::Any => 9,
    }
}

fn ty_label(ty: &Ty) -> &'static str {
    match ty {
        Ty::Any => "Value",
        Ty::Bool => "Boolean",
        Ty::I32 | Ty::I64 => "Integer",
        Ty::Number => "Number",
        Ty::String => "String",
        Ty::Format(f) => f.alias(),
        Ty::File => "File",
        Ty::Named(_) => "Object",
        Ty::Vec(_) => "Array",
        Ty::Map(_) => "Map",
        Ty::Nullable(inner) | Ty::Boxed(inner) => ty_label(&inner.ty),
    }
}

/// `{allOf: [{$ref}]}` with nothing else that shapes values: just the ref.
fn single_ref(schema: &Schema) -> Option<String> {
    if schema.all_of.len() != 1 || !schema.properties.is_empty() || schema.schema_type.is_some() {
        return None;
    }
    schema.all_of[0].reference.clone()
}

/// String enum values, when the schema is a string enum (nulls aside).
fn string_enum(schema: &Schema) -> Option<Vec<String>> {
    let values = schema.enum_values.as_ref()?;
    if !matches!(schema.schema_type, None | Some(SchemaType::String)) {
        return None;
    }
    let strings: Vec<String> = values
        .iter()
        .filter(|v| !v.is_null())
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let non_null = values.iter().filter(|v| !v.is_null()).count();
    let mut unique = strings.clone();
    unique.sort();
    unique.dedup();
    (!strings.is_empty() && strings.len() == non_null && unique.len() == strings.len())
        .then_some(strings)
}

/// An alternative with the parent's shared properties merged in.
fn merge_parent_into(parent: &Schema, alt: &Schema) -> Schema {
    if parent.properties.is_empty() {
        return alt.clone();
    }
    let mut out = Schema {
        all_of: generator::model::thin_vec![alt.clone()],
        ..Schema::default()
    };
    out.properties = parent.properties.clone();
    out.required = parent.required.clone();
    out.schema_type = Some(SchemaType::Object);
    out
}

/// A schema's title and description.
fn prose_of(schema: &Schema) -> Option<String> {
    let doc = match (&schema.title, &schema.description) {
        (Some(t), Some(d)) if t != d => format!("{t}\n\n{d}"),
        (_, Some(d)) => d.clone(),
        (Some(t), None) => t.clone(),
        (None, None) => String::new(),
    };
    (!doc.is_empty()).then_some(doc)
}

/// A schema's title, description and default.
fn doc_of(schema: &Schema) -> Option<String> {
    let mut doc = prose_of(schema).unwrap_or_default();
    if let Some(default) = &schema.default {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&format!("Default: `{default}`"));
    }
    (!doc.is_empty()).then_some(doc)
}

/// The key under which identical inline shapes share one type: the
/// schema without what only documents it (title, description, example,
/// external docs, extensions), so two operations' `role` enums that
/// differ only in their prose are one type, named and documented after
/// the first use. The shape's own default is its use's (it stays in that
/// field's doc); its properties' defaults are filled in on decoding, so
/// they are part of the shape.
fn shape_key(schema: &Schema) -> String {
    fn strip_docs(s: &mut Schema) {
        s.title = None;
        s.description = None;
        s.example = None;
        s.external_docs = None;
        s.extensions.clear();
        for child in s.children_mut() {
            strip_docs(child);
        }
    }
    let mut shape = schema.clone();
    shape.default = None;
    strip_docs(&mut shape);
    serde_json::to_string(&shape).unwrap_or_default()
}
