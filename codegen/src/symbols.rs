//! The generated Rust items a contract element becomes, looked up by JSON
//! pointer. Names come from the same planning [`super::generate_module`]
//! runs (`TypeSpace` and the client plan), so they are the names in
//! `generated/src/<vendor>.rs`, collisions and all.

use std::collections::BTreeMap;

use serde_json::Value;

use generator::model::{Contract, Method, ParamLocation};
use generator::pointer::unescape_pointer;

use super::client;
use super::ir::{Extra, Kind, Ty, TypeDef};
use super::types::TypeSpace;

/// How a diff names a generated type: by its path in the vendor module.
fn type_item(name: &str) -> String {
    format!("types::{name}")
}

struct OpSymbols {
    shape: String,
    method: Method,
    fn_name: String,
    options: Option<String>,
    response_enum: String,
    /// (status, variant).
    responses: Vec<(String, String)>,
    /// Typed response headers, per status.
    response_headers: Vec<HeaderSymbols>,
    /// (status, type index) of JSON response bodies.
    response_types: Vec<(String, usize)>,
    body_type: Option<usize>,
    /// (location, wire name, Rust name, required) as the method takes them.
    params: Vec<(ParamLocation, String, String, bool)>,
    /// The contract's parameter list (pointers index it).
    contract_params: Vec<(ParamLocation, String)>,
}

/// (status, headers struct, [(wire name, field)]) of one response's
/// typed headers.
type HeaderSymbols = (String, String, Vec<(String, String)>);

/// One contract's generated item names.
pub struct Symbols {
    defs: Vec<TypeDef>,
    components: BTreeMap<String, usize>,
    ops: Vec<OpSymbols>,
    /// (wire header, Rust setter suffix) of headers set once on the client.
    headers: Vec<(String, String)>,
    /// (scheme name, Rust field) of credentials.
    schemes: Vec<(String, String)>,
}

impl Symbols {
    pub fn new(contract: &Contract) -> Symbols {
        let mut space = TypeSpace::new(contract);
        let plan = client::plan(contract, &mut space);
        let components = contract
            .components
            .schemas
            .keys()
            .filter_map(|name| space.component_index(name).map(|i| (name.clone(), i)))
            .collect();
        let mut ops = Vec::new();
        for op in plan.operations() {
            let contract_params = contract
                .paths
                .get(&op.path)
                .and_then(|item| item.get(&op.method))
                .map(|o| {
                    o.parameters
                        .iter()
                        .map(|p| (p.location, p.name.clone()))
                        .collect()
                })
                .unwrap_or_default();
            ops.push(OpSymbols {
                shape: generator::diff::path_key(&op.path),
                method: op.method,
                fn_name: op.fn_name.clone(),
                options: op.options.clone(),
                response_enum: op.response_enum.clone(),
                responses: op
                    .responses
                    .iter()
                    .map(|r| (r.status.clone(), r.variant.clone()))
                    .collect(),
                response_headers: op
                    .responses
                    .iter()
                    .filter_map(|r| {
                        let (name, fields) = r.headers.as_ref()?;
                        let fields = fields
                            .iter()
                            .map(|h| (h.wire.clone(), h.rust.clone()))
                            .collect();
                        Some((r.status.clone(), name.clone(), fields))
                    })
                    .collect(),
                response_types: op.response_types.clone(),
                body_type: op.body_type,
                params: op
                    .params
                    .iter()
                    .map(|p| (p.location, p.wire.clone(), p.rust.clone(), p.required))
                    .collect(),
                contract_params,
            });
        }
        Symbols {
            headers: plan
                .headers
                .iter()
                .map(|h| (h.wire.clone(), h.rust.clone()))
                .collect(),
            schemes: plan
                .schemes
                .iter()
                .map(|s| (s.name.clone(), s.field.clone()))
                .collect(),
            defs: std::mem::take(&mut space.defs),
            components,
            ops,
        }
    }

    /// The items the element at `pointer` is generated as (empty when
    /// this contract has no such element). `removed` is a change's old
    /// value: enum values in it name the enum variants that go away.
    pub fn items_at(&self, pointer: &str, removed: Option<&Value>) -> Vec<String> {
        let tokens: Vec<String> = pointer.split('/').skip(1).map(unescape_pointer).collect();
        let t: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let mut items = match t.as_slice() {
            ["paths", path, method, rest @ ..] => self.in_operation(path, method, rest, removed),
            ["components", "schemas", name, rest @ ..] => match self.components.get(*name) {
                Some(&idx) => self.walk(idx, rest, removed),
                None => Vec::new(),
            },
            ["components", "securitySchemes", name, ..] => self
                .schemes
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, field)| format!("Client::with_{field}"))
                .collect(),
            ["servers", "0", ..] => vec!["DEFAULT_BASE_URL".into(), "Client::default".into()],
            _ => Vec::new(),
        };
        let mut seen = std::collections::BTreeSet::new();
        items.retain(|i| seen.insert(i.clone()));
        items
    }

    fn in_operation(
        &self,
        path: &str,
        method: &str,
        rest: &[&str],
        removed: Option<&Value>,
    ) -> Vec<String> {
        let shape = generator::diff::path_key(path);
        let Some(op) = Method::parse(method)
            .and_then(|m| self.ops.iter().find(|o| o.shape == shape && o.method == m))
        else {
            return Vec::new();
        };
        let method_item = format!("Client::{}", op.fn_name);
        match rest {
            ["parameters", index, ..] => {
                let Some((location, name)) = index
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| op.contract_params.get(i))
                else {
                    return vec![method_item];
                };
                if *location == ParamLocation::Header {
                    if let Some((_, rust)) = self
                        .headers
                        .iter()
                        .find(|(w, _)| w.eq_ignore_ascii_case(name))
                    {
                        return vec![format!("Client::with_{rust}")];
                    }
                }
                match op
                    .params
                    .iter()
                    .find(|(l, w, _, _)| l == location && w == name)
                {
                    Some((_, _, rust, true)) => vec![format!("{method_item}({rust})")],
                    Some((_, _, rust, false)) => match &op.options {
                        Some(options) => vec![format!("{options}.{rust}"), method_item],
                        None => vec![method_item],
                    },
                    None => vec![method_item],
                }
            }
            ["requestBody", "content", _, "schema", schema @ ..] => match op.body_type {
                Some(idx) => {
                    let mut items = self.walk(idx, schema, removed);
                    items.push(method_item);
                    items
                }
                None => vec![method_item],
            },
            ["requestBody", ..] => {
                let mut items: Vec<String> = op
                    .body_type
                    .map(|i| type_item(&self.defs[i].name))
                    .into_iter()
                    .collect();
                items.push(method_item);
                items
            }
            ["responses", status, more @ ..] => {
                let variant = op
                    .responses
                    .iter()
                    .find(|(s, _)| s == status)
                    .map(|(_, v)| format!("{}::{v}", op.response_enum));
                let variant = variant.unwrap_or_else(|| op.response_enum.clone());
                if let ["headers", header, ..] = more {
                    let field = op
                        .response_headers
                        .iter()
                        .find(|(s, _, _)| s == status)
                        .and_then(|(_, ty, fields)| {
                            let (_, rust) = fields
                                .iter()
                                .find(|(w, _)| w.eq_ignore_ascii_case(header))?;
                            Some(format!("{ty}.{rust}"))
                        });
                    return field.into_iter().chain([variant]).collect();
                }
                if let ["content", _, "schema", schema @ ..] = more {
                    if let Some((_, idx)) = op.response_types.iter().find(|(s, _)| s == status) {
                        let mut items = self.walk(*idx, schema, removed);
                        items.push(variant);
                        return items;
                    }
                }
                vec![variant]
            }
            _ => vec![method_item],
        }
    }

    /// Follow `tokens` (properties, items, additionalProperties) from type
    /// `start` through the generated types: the deepest field reached, the
    /// type it holds, and enum variants named in `removed`.
    fn walk(&self, start: usize, tokens: &[&str], removed: Option<&Value>) -> Vec<String> {
        let Some(first) = self.defs.get(start) else {
            return Vec::new();
        };
        let mut items = vec![type_item(&first.name)];
        let mut cur = Ty::Named(start);
        let mut i = 0;
        while i < tokens.len() {
            let ty = self.deref(&cur);
            let def = match &ty {
                Ty::Named(idx) => self.defs.get(*idx),
                _ => None,
            };
            match (tokens[i], &ty, def.map(|d| &d.kind)) {
                ("properties", _, Some(Kind::Struct { fields, .. })) => {
                    let Some(field) = tokens
                        .get(i + 1)
                        .and_then(|w| fields.iter().find(|f| f.wire == *w))
                    else {
                        break;
                    };
                    let owner = def.map(|d| type_item(&d.name)).unwrap_or_default();
                    items = vec![format!("{owner}.{}", field.rust)];
                    cur = field.ty.ty.clone();
                    i += 2;
                }
                ("items", Ty::Vec(inner), _) | ("additionalProperties", Ty::Map(inner), _) => {
                    cur = inner.ty.clone();
                    i += 1;
                }
                (
                    "additionalProperties",
                    _,
                    Some(Kind::Struct {
                        extra: Extra::Typed(inner),
                        extra_name,
                        ..
                    }),
                ) => {
                    let owner = def.map(|d| type_item(&d.name)).unwrap_or_default();
                    items = vec![format!("{owner}.{extra_name}")];
                    cur = inner.ty.clone();
                    i += 1;
                }
                // An alternative: the variant whose struct has the property
                // the pointer goes on to (variants are reordered for
                // decoding, so the index does not say which).
                ("oneOf" | "anyOf", _, Some(Kind::Union { variants, .. })) => {
                    let owner = def.map(|d| type_item(&d.name)).unwrap_or_default();
                    let next = match tokens.get(i + 2..i + 4) {
                        Some(["properties", name]) => Some(*name),
                        _ => None,
                    };
                    let found = next.and_then(|name| {
                        variants.iter().find(|(_, typed)| {
                            matches!(self.deref(&typed.ty), Ty::Named(v) if self.defs.get(v).is_some_and(|d| matches!(&d.kind, Kind::Struct { fields, .. } if fields.iter().any(|f| f.wire == name))))
                        })
                    });
                    match found {
                        Some((_, typed)) => {
                            items.push(owner);
                            cur = typed.ty.clone();
                            i += 2;
                        }
                        None => {
                            items.push(owner);
                            break;
                        }
                    }
                }
                _ => break,
            }
        }
        if let Ty::Named(idx) = self.deref(&cur) {
            if let Some(def) = self.defs.get(idx) {
                let item = type_item(&def.name);
                if !items.contains(&item) {
                    items.push(item.clone());
                }
                if let (Kind::Enum { variants }, Some(Value::Array(values))) = (&def.kind, removed)
                {
                    for value in values.iter().filter_map(Value::as_str) {
                        if let Some((rust, _)) = variants.iter().find(|(_, wire)| wire == value) {
                            items.push(format!("{item}::{rust}"));
                        }
                    }
                }
            }
        }
        items
    }

    /// A type with wrappers (nullable, box, alias, newtype) taken off.
    fn deref(&self, ty: &Ty) -> Ty {
        let mut ty = ty.clone();
        for _ in 0..64 {
            ty = match &ty {
                Ty::Nullable(inner) | Ty::Boxed(inner) => inner.ty.clone(),
                Ty::Named(idx) => match self.defs.get(*idx).map(|d| &d.kind) {
                    Some(Kind::Alias(target)) => Ty::Named(*target),
                    Some(Kind::Newtype(inner)) if !matches!(inner.ty, Ty::Any) => inner.ty.clone(),
                    _ => return ty,
                },
                _ => return ty,
            };
        }
        ty
    }
}

impl generator::diff::ItemIndex for Symbols {
    fn items_at(&self, pointer: &str, removed: Option<&Value>) -> Vec<String> {
        Symbols::items_at(self, pointer, removed)
    }
}

/// What `generator::diff` asks to name the Rust items a change touches:
/// the same planning `generate_module` runs.
pub struct RustItems;

impl generator::diff::GeneratedItems for RustItems {
    fn index<'c>(&self, contract: &'c Contract) -> Box<dyn generator::diff::ItemIndex + 'c> {
        Box::new(Symbols::new(contract))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_name_the_generated_items() {
        let text = r##"{"openapi":"3.0.3","info":{"title":"t","version":"1"},
        "paths":{"/m/{id}":{"post":{"operationId":"addMember",
          "parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}},
                        {"name":"q","in":"query","schema":{"type":"string"}}],
          "requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object",
            "properties":{"role":{"type":"string","enum":["admin","viewer"]}},"required":["role"]}}}},
          "responses":{"200":{"description":"OK","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Member"}}}}}}}},
        "components":{"schemas":{"Member":{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string"}}}}}}}"##;
        let contract = generator::vendor::build_from_files(
            "t",
            vec![generator::source::SourceFile::new("t.json", text)],
        )
        .contract;
        let symbols = Symbols::new(&contract);
        let body = "/paths/~1m~1{x}/post/requestBody/content/application~1json/schema";
        assert_eq!(
            symbols.items_at(
                &format!("{body}/properties/role/enum"),
                Some(&serde_json::json!(["viewer"]))
            ),
            vec![
                "types::AddMemberBody.role",
                "types::AddMemberBodyRole",
                "types::AddMemberBodyRole::Viewer",
                "Client::add_member"
            ]
        );
        assert_eq!(
            symbols.items_at("/paths/~1m~1{id}/post/parameters/1", None),
            vec!["AddMemberOptions.q", "Client::add_member"]
        );
        assert_eq!(
            symbols.items_at(
                "/paths/~1m~1{id}/post/responses/200/content/application~1json/schema/properties/tags",
                None
            ),
            vec!["types::Member.tags", "AddMemberResponse::Ok"]
        );
        assert!(symbols.items_at("/paths/~1n/get", None).is_empty());
        let headers = r##"{"openapi":"3.0.3","info":{"title":"t","version":"1"},
        "paths":{"/m":{"get":{"operationId":"listMembers","responses":{"200":{"description":"OK",
          "headers":{"X-Total":{"schema":{"type":"integer"}}}}}}}}}"##;
        let contract = generator::vendor::build_from_files(
            "t",
            vec![generator::source::SourceFile::new("t.json", headers)],
        )
        .contract;
        assert_eq!(
            Symbols::new(&contract).items_at("/paths/~1m/get/responses/200/headers/X-Total", None),
            vec!["ListMembersOkHeaders.x_total", "ListMembersResponse::Ok"]
        );
    }
}
