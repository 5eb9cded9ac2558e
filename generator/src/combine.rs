//! One endpoint documented on several pages (a `.md` export and a legacy
//! dump of the same page, a guide and a reference page, a stub page and
//! its spec) becomes one operation.
//!
//! The strongest source is the base: an OpenAPI document (whole or
//! embedded), then the legacy endpoint dump, then MDX fields, then a stub
//! page's own fields. The others fill what the base lacks: parameters,
//! body and response properties, statuses, examples, summary. A real
//! disagreement (a type, a required flag, a success status) is a warning
//! that cites both pages; the base's version is kept. Which page is the
//! base depends only on the pages' content, never on names or order.
//!
//! A stub page's title and description replace the spec's (Mintlify
//! renders them so). A page that states no success status (a stub, or an
//! MDX page whose fields fall under Mintlify's default `200`) never adds
//! one: its response fields describe the base's success response.

use std::collections::BTreeMap;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::http::{is_success_key, success_key};
use crate::ingest::{PageOutput, Shape};
use crate::model::path::{path_shape, template_names};
use crate::model::{
    rename_schemes, Components, MediaType, Method, Operation, ParamLocation, Parameter, Response,
    Schema, SchemaType, SecurityScheme,
};
use crate::pointer;
use crate::source::Location;

/// How far nested schemas are compared (documents are finite, but a
/// reference cycle read through components is not).
const MAX_DEPTH: usize = 32;

/// Combine every operation that more than one page documents. Each such
/// operation ends up on its base page only.
pub fn combine(pages: &mut [PageOutput], diags: &mut Diagnostics) {
    align_paths(pages);
    let mut documented: BTreeMap<(String, Method), Vec<usize>> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        for (path, method, _) in page.contract.operations() {
            documented
                .entry((path.to_string(), method))
                .or_default()
                .push(i);
        }
    }
    for ((path, method), mut on) in documented {
        if on.len() < 2 {
            continue;
        }
        let keys: BTreeMap<usize, (u8, usize, String)> = on
            .iter()
            .map(|&i| (i, strength(&pages[i], &path, method)))
            .collect();
        on.sort_by(|a, b| keys[b].cmp(&keys[a]));
        combine_one(pages, &path, method, &on, diags);
    }
}

/// Pages that give the same URL with the server split differently
/// (`https://api.x.com/v1` + `/orders`, `https://api.x.com` +
/// `/v1/orders`), or name its path parameters differently (`{id}`,
/// `{memberId}`), document the same operation: the weaker pages' copy is
/// moved under the strongest page's path, its path parameters renamed.
fn align_paths(pages: &mut [PageOutput]) {
    let mut by_url: BTreeMap<(String, Method), Vec<(usize, String)>> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        for (path, method, op) in page.contract.operations() {
            let server = op.servers.first().or(page.contract.servers.first());
            let prefix = server.map_or(String::new(), |s| url_path(&s.url));
            let shape = path_shape(&format!("{prefix}{path}"));
            by_url
                .entry((shape, method))
                .or_default()
                .push((i, path.to_string()));
        }
    }
    for ((_, method), entries) in by_url {
        let paths: std::collections::BTreeSet<&String> = entries.iter().map(|(_, p)| p).collect();
        if paths.len() < 2 {
            continue;
        }
        let Some((base_i, base_path)) = entries
            .iter()
            .max_by_key(|(i, p)| strength(&pages[*i], p, method))
            .cloned()
        else {
            continue;
        };
        for (i, path) in entries {
            if i == base_i || path == base_path {
                continue;
            }
            let page = &mut pages[i];
            if page
                .contract
                .paths
                .get(&base_path)
                .is_some_and(|item| item.contains_key(&method))
            {
                continue;
            }
            let Some(mut op) = take_operation(page, &path, method) else {
                continue;
            };
            rename_path_parameters(&mut op, &path, &base_path);
            page.map.move_subtree(
                &pointer::operation(&path, method),
                &pointer::operation(&base_path, method),
            );
            page.contract
                .paths
                .entry(base_path.clone())
                .or_default()
                .insert(method, op);
        }
    }
}

/// The path of a server URL, without a trailing `/` (`/v1`, or empty).
fn url_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    path.trim_end_matches('/').to_string()
}

/// Path parameters named as in `to`, matched by their place in `from`.
fn rename_path_parameters(op: &mut Operation, from: &str, to: &str) {
    let (old, new) = (template_names(from), template_names(to));
    let (old, new) = (
        &old[old.len().saturating_sub(new.len())..],
        &new[new.len().saturating_sub(old.len())..],
    );
    for param in &mut op.parameters {
        if param.location != ParamLocation::Path {
            continue;
        }
        if let Some(at) = old.iter().position(|n| *n == param.name) {
            param.name = new[at].to_string();
        }
    }
}

/// Rank, then richness, then the text itself: content alone decides.
fn strength(page: &PageOutput, path: &str, method: Method) -> (u8, usize, String) {
    let rank = page.shape.strength();
    let text = page
        .contract
        .paths
        .get(path)
        .and_then(|item| item.get(&method))
        .and_then(|op| serde_json::to_string(op).ok())
        .unwrap_or_default();
    (rank, text.len(), text)
}

fn shape_name(shape: Shape) -> &'static str {
    match shape {
        Shape::OpenApi => "OpenAPI",
        Shape::EndpointDump => "endpoint dump",
        Shape::Mdx => "MDX fields",
        Shape::Stub => "stub page",
        Shape::NoEndpoint => "no endpoint",
    }
}

fn take_operation(page: &mut PageOutput, path: &str, method: Method) -> Option<Operation> {
    let item = page.contract.paths.get_mut(path)?;
    let op = item.remove(&method);
    if item.is_empty() {
        page.contract.paths.remove(path);
    }
    op
}

fn combine_one(
    pages: &mut [PageOutput],
    path: &str,
    method: Method,
    order: &[usize],
    diags: &mut Diagnostics,
) {
    let op_ptr = pointer::operation(path, method);
    let base_i = order[0];
    let Some(mut base) = take_operation(&mut pages[base_i], path, method) else {
        return;
    };
    let base_loc = pages[base_i].map.locate_or(&op_ptr, &Location::file("?"));
    let mut sources: Vec<String> = Vec::new();
    for &weak_i in &order[1..] {
        let Some(weak) = take_operation(&mut pages[weak_i], path, method) else {
            continue;
        };
        let weak_page = &pages[weak_i];
        let base_page = &pages[base_i];
        let mut fill = Fill {
            base_components: &base_page.contract.components,
            weak_components: &weak_page.contract.components,
            stub: weak_page.shape == Shape::Stub,
            assumed_success: weak_page.assumed_success || weak_page.shape == Shape::Stub,
            base_has_security: !base_page.contract.security.is_empty(),
            filled: Vec::new(),
            disagreements: Vec::new(),
            needed: Vec::new(),
            param_moves: Vec::new(),
            read_only: 0,
        };
        let had_security = base.security.is_some();
        fill.operation(&mut base, &weak, &op_ptr);
        // Security filled from the weaker page names that page's schemes.
        let schemes = if had_security {
            Vec::new()
        } else {
            named_schemes(&base, &weak_page.contract.components)
        };
        let Fill {
            filled,
            disagreements,
            needed,
            param_moves,
            ..
        } = fill;
        let weak_loc = weak_page.map.locate_or(&op_ptr, &Location::file("?"));
        let what = method.upper();
        for d in &disagreements {
            let here = weak_page.map.locate_or(&d.weak_ptr, &weak_loc);
            let there = base_page.map.locate_or(&d.base_ptr, &base_loc);
            diags.push(
                Diagnostic::new(
                    Code::PagesDisagree,
                    here,
                    format!("`{what} {path}`: {}", d.message),
                )
                .with_note(format!(
                    "{}:{} ({}) is the base and is kept",
                    there.file,
                    there.line,
                    shape_name(base_page.shape)
                )),
            );
        }
        sources.push(format!(
            "{}:{} ({}){}",
            weak_loc.file,
            weak_loc.line,
            shape_name(weak_page.shape),
            if filled.is_empty() {
                String::new()
            } else {
                format!(", which adds {}", filled.join(", "))
            }
        ));
        // Components the filled parts reference come along.
        let closure = weak_page.contract.components.schema_closure(needed);
        let mut copied = Vec::new();
        for name in closure {
            let Some(schema) = weak_page.contract.components.schemas.get(&name) else {
                continue;
            };
            match base_page.contract.components.schemas.get(&name) {
                None => copied.push((name, schema.clone())),
                Some(existing) if existing == schema => {}
                Some(_) => diags.push(Diagnostic::new(
                    Code::PagesDisagree,
                    weak_page
                        .map
                        .locate_or(&pointer::join("/components/schemas", &name), &weak_loc),
                    format!("schema `{name}` differs from the base page's; the filled parts use the base page's"),
                )),
            }
        }
        let weak_map = weak_page.map.clone();
        let base_page = &mut pages[base_i];
        base_page.contract.components.schemas.extend(copied);
        add_schemes(&mut base, &mut base_page.contract.components, schemes);
        let rename = |ptr: &str| -> String {
            for (from, to) in &param_moves {
                let from = pointer::join(&op_ptr, &format!("parameters/{from}"));
                if ptr == from || ptr.starts_with(&format!("{from}/")) {
                    let to = pointer::join(&op_ptr, &format!("parameters/{to}"));
                    return format!("{to}{}", &ptr[from.len()..]);
                }
            }
            ptr.to_string()
        };
        base_page.map.graft(&weak_map, &op_ptr, &rename);
    }
    diags.push(Diagnostic::new(
        Code::PagesCombined,
        base_loc.clone(),
        format!(
            "`{} {path}` is also documented on {}; this {} page is the base",
            method.upper(),
            sources.join("; "),
            shape_name(pages[base_i].shape)
        ),
    ));
    pages[base_i]
        .contract
        .paths
        .entry(path.to_string())
        .or_default()
        .insert(method, base);
}

/// The schemes `op`'s security names, as `components` defines them.
fn named_schemes(op: &Operation, components: &Components) -> Vec<(String, SecurityScheme)> {
    let names: std::collections::BTreeSet<&String> = op
        .security
        .iter()
        .flatten()
        .flat_map(|alt| alt.keys())
        .collect();
    names
        .into_iter()
        .filter_map(|name| {
            let scheme = components.security_schemes.get(name)?;
            Some((name.clone(), scheme.clone()))
        })
        .collect()
}

/// The weaker page's schemes join the base page's, so the filled security
/// names them and not another scheme the base page has under that name
/// (which keeps it; the weaker one becomes `name2`).
fn add_schemes(
    op: &mut Operation,
    components: &mut Components,
    schemes: Vec<(String, SecurityScheme)>,
) {
    let mut renames = BTreeMap::new();
    for (name, scheme) in schemes {
        let used = components.add_security_scheme(&name, scheme);
        if used != name {
            renames.insert(name, used);
        }
    }
    if let Some(alternatives) = &mut op.security {
        rename_schemes(alternatives, &renames);
    }
}

struct Disagreement {
    base_ptr: String,
    weak_ptr: String,
    message: String,
}

/// Filling one base operation from one weaker page.
struct Fill<'a> {
    base_components: &'a Components,
    weak_components: &'a Components,
    stub: bool,
    /// The weaker page states no success status (a stub never does; an
    /// MDX page without one gets Mintlify's `200`).
    assumed_success: bool,
    /// The base page states security for all its operations.
    base_has_security: bool,
    /// What was added, for the note (`parameter `limit``, ...).
    filled: Vec<String>,
    disagreements: Vec<Disagreement>,
    /// Components the added parts reference.
    needed: Vec<String>,
    /// Weak parameter index -> its index in the base after filling.
    param_moves: Vec<(usize, usize)>,
    /// Above zero while comparing through a base `$ref` (the component is
    /// shared with other operations: compare, never change).
    read_only: usize,
}

impl Fill<'_> {
    fn disagree(&mut self, base_ptr: &str, weak_ptr: &str, message: String) {
        self.disagreements.push(Disagreement {
            base_ptr: base_ptr.to_string(),
            weak_ptr: weak_ptr.to_string(),
            message,
        });
    }

    fn added(&mut self, what: String, schema: Option<&Schema>) {
        if self.read_only > 0 {
            return;
        }
        if let Some(schema) = schema {
            self.needed.extend(schema.references());
        }
        self.filled.push(what);
    }

    fn operation(&mut self, base: &mut Operation, weak: &Operation, ptr: &str) {
        if self.stub {
            if weak.summary.is_some() && weak.summary != base.summary {
                base.summary = weak.summary.clone();
                self.filled.push("its title".into());
            }
            if weak.description.is_some() && weak.description != base.description {
                base.description = weak.description.clone();
                self.filled.push("its description".into());
            }
        } else {
            if base.summary.is_none() && weak.summary.is_some() {
                base.summary = weak.summary.clone();
                self.filled.push("the summary".into());
            }
            if base.description.is_none() && weak.description.is_some() {
                base.description = weak.description.clone();
                self.filled.push("the description".into());
            }
        }
        if base.tags.is_empty() && !weak.tags.is_empty() {
            base.tags = weak.tags.clone();
        }
        if !base.deprecated && weak.deprecated {
            base.deprecated = true;
            self.filled.push("`deprecated`".into());
        }
        let weak_states_security = weak.security.as_ref().is_some_and(|s| !s.is_empty());
        if base.security.is_none() && !self.base_has_security && weak_states_security {
            base.security = weak.security.clone();
            self.filled.push("security".into());
        }
        for (wi, wp) in weak.parameters.iter().enumerate() {
            let weak_ptr = format!("{ptr}/parameters/{wi}");
            match base.parameters.iter().position(|bp| same_parameter(bp, wp)) {
                Some(bi) => {
                    self.param_moves.push((wi, bi));
                    let base_ptr = format!("{ptr}/parameters/{bi}");
                    let bp = &mut base.parameters[bi];
                    if wp.required && !bp.required {
                        let message = format!(
                            "{} parameter `{}` is required on this page, optional on the base page",
                            wp.location.as_str(),
                            wp.name
                        );
                        self.disagree(&base_ptr, &weak_ptr, message);
                    }
                    if bp.description.is_none() && wp.description.is_some() {
                        bp.description = wp.description.clone();
                    }
                    let label = format!("{} parameter `{}`", wp.location.as_str(), wp.name);
                    self.schema(
                        &mut bp.schema,
                        &wp.schema,
                        &format!("{base_ptr}/schema"),
                        &format!("{weak_ptr}/schema"),
                        &label,
                        0,
                    );
                }
                None => {
                    self.param_moves.push((wi, base.parameters.len()));
                    base.parameters.push(wp.clone());
                    self.added(
                        format!("{} parameter `{}`", wp.location.as_str(), wp.name),
                        Some(&wp.schema),
                    );
                }
            }
        }
        match (&mut base.request_body, &weak.request_body) {
            (None, Some(w)) => {
                base.request_body = Some(w.clone());
                self.filled.push("the request body".into());
                for m in w.content.values() {
                    if let Some(s) = &m.schema {
                        self.needed.extend(s.references());
                    }
                }
            }
            (Some(b), Some(w)) => {
                let body_ptr = format!("{ptr}/requestBody");
                self.content(
                    &mut b.content,
                    &w.content,
                    (&body_ptr, &body_ptr),
                    "request body",
                );
            }
            _ => {}
        }
        let base_success: Vec<String> = base
            .responses
            .keys()
            .filter(|k| is_success_key(k))
            .cloned()
            .collect();
        let first = success_key(base_success.iter().map(String::as_str)).map(str::to_string);
        for (status, wr) in &weak.responses {
            let weak_ptr = format!("{ptr}/responses/{status}");
            if let Some(br) = base.responses.get_mut(status) {
                self.response(br, wr, &weak_ptr, &weak_ptr, status);
                continue;
            }
            if let Some(first) = first.as_ref().filter(|_| is_success_key(status)) {
                let base_ptr = format!("{ptr}/responses/{first}");
                if self.assumed_success {
                    // No status stated: the fields describe the base's success response.
                    if let Some(br) = base.responses.get_mut(first) {
                        self.response(br, wr, &base_ptr, &weak_ptr, first);
                    }
                } else if has_content(wr) {
                    let message = format!(
                        "success status `{status}` here, `{}` on the base page",
                        base_success.join("`, `")
                    );
                    self.disagree(&base_ptr, &weak_ptr, message);
                }
                continue;
            }
            if self.stub && !has_content(wr) {
                continue;
            }
            base.responses.insert(status.clone(), wr.clone());
            for m in wr.content.values() {
                if let Some(s) = &m.schema {
                    self.needed.extend(s.references());
                }
            }
            self.filled.push(format!("response `{status}`"));
        }
    }

    fn response(
        &mut self,
        base: &mut Response,
        weak: &Response,
        base_ptr: &str,
        weak_ptr: &str,
        status: &str,
    ) {
        for (name, header) in &weak.headers {
            if !base.headers.keys().any(|k| k.eq_ignore_ascii_case(name)) {
                base.headers.insert(name.clone(), header.clone());
                self.added(
                    format!("response `{status}` header `{name}`"),
                    Some(&header.schema),
                );
            }
        }
        self.content(
            &mut base.content,
            &weak.content,
            (base_ptr, weak_ptr),
            &format!("response `{status}`"),
        );
    }

    fn content(
        &mut self,
        base: &mut indexmap::IndexMap<String, MediaType>,
        weak: &indexmap::IndexMap<String, MediaType>,
        (base_ptr, weak_ptr): (&str, &str),
        label: &str,
    ) {
        for (media, wm) in weak {
            let token = crate::pointer::escape_pointer(media);
            let base_schema_ptr = format!("{base_ptr}/content/{token}/schema");
            let weak_schema_ptr = format!("{weak_ptr}/content/{token}/schema");
            let base_empty = base.is_empty();
            match base.get_mut(media) {
                Some(bm) => {
                    match (&mut bm.schema, &wm.schema) {
                        (None, Some(ws)) => {
                            bm.schema = Some(ws.clone());
                            self.added(format!("the {label} schema"), Some(ws));
                        }
                        (Some(bs), Some(ws)) => {
                            self.schema(bs, ws, &base_schema_ptr, &weak_schema_ptr, label, 0);
                        }
                        _ => {}
                    }
                    let base_has_example = bm.example.is_some()
                        || !bm.examples.is_empty()
                        || bm.schema.as_ref().is_some_and(|s| s.example.is_some());
                    if !base_has_example && (wm.example.is_some() || !wm.examples.is_empty()) {
                        bm.example = wm.example.clone();
                        bm.examples = wm.examples.clone();
                        self.filled.push(format!("the {label} example"));
                    }
                }
                // Another media type: a stub's fields are typed as JSON
                // by default, so only a base without content takes one.
                None if !self.stub || base_empty => {
                    base.insert(media.clone(), wm.clone());
                    self.added(format!("{label} `{media}`"), wm.schema.as_ref());
                }
                None => {}
            }
        }
    }

    /// Compare `weak` with `base`, filling what `base` lacks.
    fn schema(
        &mut self,
        base: &mut Schema,
        weak: &Schema,
        base_ptr: &str,
        weak_ptr: &str,
        label: &str,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let weak = &self.weak_components.flattened(weak);
        if base.reference.is_some() || !base.all_of.is_empty() {
            // A component is shared with other operations, and parts are
            // parts: compare through them, and put what this page adds in
            // one more `allOf` part of this operation's own.
            let mut copy = self.base_components.flattened(base);
            self.read_only += 1;
            self.schema(&mut copy, weak, base_ptr, weak_ptr, label, depth + 1);
            self.read_only -= 1;
            let holds_properties = matches!(copy.schema_type, None | Some(SchemaType::Object));
            let extra: indexmap::IndexMap<String, Schema> = weak
                .properties
                .iter()
                .filter(|(name, _)| !copy.properties.contains_key(*name))
                .map(|(n, s)| (n.clone(), s.clone()))
                .collect();
            if self.read_only == 0 && holds_properties && !extra.is_empty() {
                let part = Schema {
                    schema_type: Some(SchemaType::Object),
                    required: weak
                        .required
                        .iter()
                        .filter(|n| extra.contains_key(*n))
                        .cloned()
                        .collect(),
                    properties: extra,
                    ..Schema::default()
                };
                for (name, property) in &part.properties {
                    self.added(format!("{label} property `{name}`"), Some(property));
                }
                if base.all_of.is_empty() {
                    let whole = std::mem::take(base);
                    base.all_of.push(whole);
                }
                base.all_of.push(part);
            }
            return;
        }
        if let (Some(b), Some(w)) = (base.schema_type, weak.schema_type) {
            if !compatible(b, w) {
                let message = format!(
                    "{label} is `{}` on this page, `{}` on the base page",
                    w.as_str(),
                    b.as_str()
                );
                self.disagree(base_ptr, weak_ptr, message);
                return;
            }
        }
        if base.is_empty() && !weak.is_empty() && self.read_only == 0 {
            *base = weak.clone();
            self.added(format!("the type of {label}"), Some(weak));
            return;
        }
        for (name, ws) in &weak.properties {
            let child = format!("{label} property `{name}`");
            let token = crate::pointer::escape_pointer(name);
            let (bp, wp) = (
                format!("{base_ptr}/properties/{token}"),
                format!("{weak_ptr}/properties/{token}"),
            );
            let weak_requires = weak.required.contains(name);
            if base.properties.contains_key(name) {
                if weak_requires && !base.required.contains(name) {
                    self.disagree(
                        &bp,
                        &wp,
                        format!("{child} is required on this page, optional on the base page"),
                    );
                }
                if let Some(bs) = base.properties.get_mut(name) {
                    self.schema(bs, ws, &bp, &wp, &child, depth + 1);
                }
                continue;
            }
            let can_hold = matches!(base.schema_type, None | Some(SchemaType::Object))
                && base.all_of.is_empty()
                && base.one_of.is_empty()
                && base.any_of.is_empty();
            if can_hold && self.read_only == 0 {
                base.properties.insert(name.clone(), ws.clone());
                if weak_requires {
                    base.required.push(name.clone());
                }
                self.added(child, Some(ws));
            }
        }
        match (&mut base.items, &weak.items) {
            (Some(bi), Some(wi)) => {
                let (bp, wp) = (format!("{base_ptr}/items"), format!("{weak_ptr}/items"));
                self.schema(bi, wi, &bp, &wp, &format!("{label} items"), depth + 1);
            }
            (None, Some(wi))
                if base.schema_type == Some(SchemaType::Array) && self.read_only == 0 =>
            {
                base.items = Some(wi.clone());
                self.added(format!("the items of {label}"), Some(wi));
            }
            _ => {}
        }
    }
}

/// Integer and number are the same claim at two precisions.
fn compatible(a: SchemaType, b: SchemaType) -> bool {
    a == b
        || matches!(
            (a, b),
            (SchemaType::Integer, SchemaType::Number) | (SchemaType::Number, SchemaType::Integer)
        )
}

fn same_parameter(a: &Parameter, b: &Parameter) -> bool {
    a.location == b.location
        && if a.location == ParamLocation::Header {
            a.name.eq_ignore_ascii_case(&b.name)
        } else {
            a.name == b.name
        }
}

fn has_content(r: &Response) -> bool {
    r.content.values().any(|m| {
        m.schema.as_ref().is_some_and(|s| !s.is_empty())
            || m.example.is_some()
            || !m.examples.is_empty()
    }) || !r.headers.is_empty()
}
