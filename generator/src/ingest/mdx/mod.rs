//! MDX pages with `<ParamField>` / `<ResponseField>` (shape b).
//!
//! The page is parsed as MDX ([`tree`]); its fields ([`fields`]), example
//! requests ([`examples`]), endpoint lines and URLs ([`endpoint`]) and
//! stated statuses ([`responses`]) are combined into one operation:
//!
//! - method and path: `api:` frontmatter, else `openapi:` frontmatter, else
//!   an endpoint line in a plain code block (`POST /clients/members`), else
//!   the first example request (http, curl, fetch, requests), whose
//!   concrete path is turned into a template with the path ParamFields;
//! - server: the origin of an absolute `api:`/endpoint URL, else example
//!   URLs minus the path;
//! - parameters and body from ParamFields; credential headers become
//!   security schemes, else credentials shown by examples or `authMethod:`;
//! - responses from what the page states (prose, status blocks,
//!   status-named ResponseFields, status tabs, status headings, example
//!   titles: [`response_docs`]); top-level ResponseFields are the body of
//!   the success response (the lowest documented 2xx, else 200).
//!
//! A page that states no endpoint and has no fields is not an endpoint
//! page: [`read_page`] returns None.

mod endpoint;
mod examples;
mod fields;
mod headings;
mod response_docs;
mod responses;
mod tree;
pub mod types;

use indexmap::IndexMap;
use serde_json::Value;

use crate::model::{
    Components, Contract, Example, MediaType, Method, Operation, ParamLocation, Parameter,
    RequestBody, Schema, SchemaType, SecurityRequirement, SecurityScheme, Server, ServerVariable,
};
use crate::page::Page;
use crate::pointer;
use crate::yaml::Pos;

use super::security;
use super::PageCx;
use endpoint::Target;
use examples::{JsonExample, Sample, SampleKind};
use fields::{Field, Loc};
use headings::Heading;
use tree::{pos_at, Block, Code};

const JSON: &str = "application/json";

/// Read an MDX page into a partial contract with its one operation, or
/// None when the page documents no HTTP endpoint.
pub fn read_page(cx: &mut PageCx, page: &Page) -> Option<Contract> {
    let blocks = tree::parse(cx, page)?;
    let mut walk = Walk::default();
    walk.walk(&blocks, &Ctx::default());
    let samples = read_samples(&walk.codes);
    let markers = endpoint_markers(&walk.codes);
    let all_fields = fields::collect(&blocks, None);

    let found = find_endpoint(cx, page, &markers, &samples)?;
    check_markers(cx, &found, &markers);
    let region = region_of(cx, &found, &markers, &walk.headings);
    let in_region = |offset: usize| region.0 <= offset && offset < region.1;
    let page_fields: Vec<Field> = all_fields
        .into_iter()
        .filter(|f| in_region(f.start))
        .collect();
    if found.source == Source::Sample && page_fields.is_empty() {
        // A guide with a curl line is not an endpoint page.
        let in_example = found
            .sample
            .and_then(|i| samples.get(i))
            .is_some_and(|s| s.in_request);
        if !in_example {
            return None;
        }
    }
    let samples: Vec<&SampleItem> = samples.iter().filter(|s| in_region(s.start)).collect();
    let codes: Vec<&CodeItem> = walk
        .codes
        .iter()
        .filter(|c| in_region(c.code.start))
        .collect();
    let paras: Vec<&(String, usize)> = walk.paras.iter().filter(|p| in_region(p.1)).collect();
    let tab_paras: Vec<&(String, String, usize)> =
        walk.tab_paras.iter().filter(|p| in_region(p.2)).collect();
    let headings: Vec<&Heading> = walk
        .headings
        .iter()
        .filter(|h| in_region(h.start))
        .collect();

    let mut b = Builder {
        cx,
        page,
        method: found.method,
        template: String::new(),
        op_ptr: String::new(),
        components: Components::default(),
        header_content_type: None,
    };
    b.template = b.path_template(&found, &page_fields);
    b.op_ptr = pointer::operation(&b.template, b.method);
    b.cx.record(&pointer::join("/paths", &b.template), found.pos);
    b.cx.record(&b.op_ptr, found.pos);

    let servers = b.servers(&found, &samples);
    let matching: Vec<&SampleItem> = samples
        .iter()
        .copied()
        .filter(|s| s.in_request || endpoint::match_suffix(&s.target.path, &b.template).is_some())
        .collect();
    b.check_methods(&found, &matching);

    let mut op = Operation {
        operation_id: b.operation_id(),
        summary: title(page),
        description: page
            .description
            .clone()
            .or_else(|| page.front("description").map(|(d, _)| d)),
        deprecated: page.front("deprecated").is_some_and(|(d, _)| d == "true"),
        ..Operation::default()
    };
    b.parameters(&mut op, &page_fields, &matching);
    b.request_body(&mut op, &page_fields, &matching, &codes);
    b.responses(&mut op, &page_fields, &codes, &paras, &tab_paras, &headings);
    b.security(&mut op, &matching);

    let mut contract = Contract {
        servers,
        ..Contract::default()
    };
    contract.components = b.components;
    contract
        .paths
        .entry(b.template.clone())
        .or_default()
        .insert(b.method, op);
    Some(contract)
}

// ---------------------------------------------------------------- page walk

#[derive(Debug, Clone, Default)]
struct Ctx {
    in_request: bool,
    in_response: bool,
    in_field: bool,
    tab_status: Option<String>,
}

/// A code fence with where it sits on the page.
#[derive(Debug, Clone)]
struct CodeItem<'a> {
    code: &'a Code,
    ctx: Ctx,
    /// The nearest heading above.
    heading: Option<String>,
    /// The block right before this one was an http request fence.
    after_http: bool,
}

#[derive(Default)]
struct Walk<'a> {
    codes: Vec<CodeItem<'a>>,
    /// Paragraphs outside fields: (text, offset).
    paras: Vec<(String, usize)>,
    /// Paragraphs in a status tab, outside fields: (status, text, offset).
    tab_paras: Vec<(String, String, usize)>,
    headings: Vec<Heading>,
    last_heading: Option<String>,
    last_was_http: bool,
}

impl<'a> Walk<'a> {
    fn walk(&mut self, blocks: &'a [Block], ctx: &Ctx) {
        for block in blocks {
            match block {
                Block::Heading { depth, text, start } => {
                    self.headings.push(Heading {
                        depth: *depth,
                        text: text.clone(),
                        start: *start,
                    });
                    self.last_heading = Some(text.clone());
                    self.last_was_http = false;
                }
                Block::Para { text, start } => {
                    if !ctx.in_field {
                        self.paras.push((text.clone(), *start));
                        if let Some(code) = &ctx.tab_status {
                            self.tab_paras.push((code.clone(), text.clone(), *start));
                        }
                    }
                    self.last_was_http = false;
                }
                Block::Code(code) => {
                    self.codes.push(CodeItem {
                        code,
                        ctx: ctx.clone(),
                        heading: self.last_heading.clone(),
                        after_http: self.last_was_http,
                    });
                    self.last_was_http = code.lang == "http";
                }
                Block::Elem(e) => {
                    let mut inner = ctx.clone();
                    match e.name.as_str() {
                        "RequestExample" => inner.in_request = true,
                        "ResponseExample" => inner.in_response = true,
                        "ParamField" | "Param" | "ResponseField" => inner.in_field = true,
                        "Tab" => {
                            if let Some((code, _)) = e
                                .attr_str("title")
                                .and_then(|t| responses::leading_status(&t))
                            {
                                inner.tab_status = Some(code);
                            }
                        }
                        _ => {}
                    }
                    self.walk(&e.children, &inner);
                }
            }
        }
    }
}

/// An example request read from a fence.
#[derive(Debug, Clone)]
struct SampleItem {
    sample: Sample,
    target: Target,
    /// Offset of the fence.
    start: usize,
    /// Page position of the fence's first content line.
    first_line: u32,
    indent: u32,
    in_request: bool,
    /// The fence title (`cURL`, `curl (Namespace)`).
    title: String,
}

impl SampleItem {
    fn line_pos(&self, line: usize) -> Pos {
        Pos {
            line: self.first_line + line as u32,
            col: self.indent + 1,
        }
    }

    /// Where the sample's URL is.
    fn url_pos(&self) -> Pos {
        self.line_pos(self.sample.url_line)
    }

    /// The value of header `name` the sample sends.
    fn header(&self, name: &str) -> Option<&str> {
        self.sample
            .headers
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v, _)| v.as_str())
    }

    fn describe(&self) -> String {
        format!("the {} example", self.sample.kind.label())
    }
}

fn read_samples(codes: &[CodeItem]) -> Vec<SampleItem> {
    codes
        .iter()
        .filter(|c| !c.ctx.in_response && !c.ctx.in_field)
        .flat_map(|c| {
            examples::parse_samples(&c.code.lang, &c.code.value)
                .into_iter()
                .filter_map(move |sample| {
                    let target = endpoint::split_target(&sample.url)?;
                    Some(SampleItem {
                        sample,
                        target,
                        start: c.code.start,
                        first_line: c.code.first_line,
                        indent: c.code.indent,
                        in_request: c.ctx.in_request,
                        title: c.code.meta.clone(),
                    })
                })
        })
        .collect()
}

/// A plain code block holding one `METHOD url-or-path` line.
#[derive(Debug, Clone)]
struct Marker {
    method: Method,
    target: Target,
    start: usize,
    pos: Pos,
    under_endpoint_heading: bool,
}

fn endpoint_markers(codes: &[CodeItem]) -> Vec<Marker> {
    codes
        .iter()
        .filter(|c| !c.ctx.in_field && !c.ctx.in_response && !c.ctx.in_request)
        .filter(|c| {
            matches!(
                c.code.lang.as_str(),
                "" | "http" | "text" | "txt" | "plaintext" | "bash" | "sh" | "shell" | "console"
            )
        })
        .filter_map(|c| {
            let mut lines = c.code.value.lines().filter(|l| !l.trim().is_empty());
            let line = lines.next()?;
            if lines.next().is_some() {
                return None;
            }
            let (method, raw) = endpoint::method_and_target(line)?;
            let target = endpoint::split_target(&raw)?;
            Some(Marker {
                method,
                target,
                start: c.code.start,
                pos: Pos {
                    line: c.code.first_line,
                    col: c.code.indent + 1,
                },
                under_endpoint_heading: c
                    .heading
                    .as_deref()
                    .is_some_and(|h| h.to_ascii_lowercase().contains("endpoint")),
            })
        })
        .collect()
}

// ---------------------------------------------------------------- endpoint

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Api,
    OpenApi,
    Marker,
    Sample,
}

#[derive(Debug, Clone)]
struct Found {
    method: Method,
    target: Target,
    pos: Pos,
    source: Source,
    /// Index of the sample it came from.
    sample: Option<usize>,
    /// Index of the marker it came from.
    marker: Option<usize>,
}

fn find_endpoint(
    cx: &mut PageCx,
    page: &Page,
    markers: &[Marker],
    samples: &[SampleItem],
) -> Option<Found> {
    if let Some((api, pos)) = page.front("api") {
        match endpoint::method_and_target(&api)
            .and_then(|(m, t)| Some((m, endpoint::split_target(&t)?)))
        {
            Some((method, target)) => {
                return Some(Found {
                    method,
                    target,
                    pos,
                    source: Source::Api,
                    sample: None,
                    marker: None,
                })
            }
            None => cx.warn(
                "api-frontmatter",
                pos,
                format!("`api: {api}` is not `METHOD url-or-path`; ignored"),
            ),
        }
    }
    if let Some((spec, pos)) = page.front("openapi") {
        match endpoint::openapi_string(&spec) {
            Some((method, path)) => {
                return Some(Found {
                    method,
                    target: Target {
                        origin: None,
                        path: endpoint::normalize_placeholders(&path),
                        variable_host: false,
                    },
                    pos,
                    source: Source::OpenApi,
                    sample: None,
                    marker: None,
                })
            }
            None => cx.warn(
                "openapi-frontmatter",
                pos,
                format!("`openapi: {spec}` is not `[spec] METHOD /path`; ignored"),
            ),
        }
    }
    let preferred = markers
        .iter()
        .position(|m| m.under_endpoint_heading)
        .or(if markers.is_empty() { None } else { Some(0) });
    if let Some(i) = preferred {
        let m = &markers[i];
        return Some(Found {
            method: m.method,
            target: m.target.clone(),
            pos: m.pos,
            source: Source::Marker,
            sample: None,
            marker: Some(i),
        });
    }
    // Examples in <RequestExample> first; then a raw HTTP request (it
    // states the method), curl, fetch, requests; then page order.
    let rank = |s: &SampleItem| {
        let kind = match s.sample.kind {
            SampleKind::Http => 0,
            SampleKind::Curl => 1,
            SampleKind::Fetch => 2,
            SampleKind::Requests => 3,
        };
        (!s.in_request, kind)
    };
    let chosen = (0..samples.len()).min_by_key(|&i| rank(&samples[i]))?;
    let s = &samples[chosen];
    Some(Found {
        method: s.sample.method(),
        target: s.target.clone(),
        pos: s.url_pos(),
        source: Source::Sample,
        sample: Some(chosen),
        marker: None,
    })
}

/// Warn when the page's only endpoint line names another endpoint than
/// the frontmatter.
fn check_markers(cx: &mut PageCx, found: &Found, markers: &[Marker]) {
    if !matches!(found.source, Source::Api | Source::OpenApi) {
        return;
    }
    let Some(first) = markers.first() else { return };
    let one = markers
        .iter()
        .all(|m| m.method == first.method && m.target.path == first.target.path);
    let agrees = first.method == found.method
        && (endpoint::match_suffix(&first.target.path, &found.target.path).is_some()
            || endpoint::match_suffix(&found.target.path, &first.target.path).is_some());
    if one && !agrees {
        cx.warn(
            "endpoint-conflict",
            first.pos,
            format!(
                "the page shows `{} {}` but its frontmatter says `{} {}`; the frontmatter is used",
                first.method.upper(),
                first.target.path,
                found.method.upper(),
                found.target.path
            ),
        );
    }
}

/// The byte range of the page that documents the chosen endpoint: all of
/// it, unless the page has endpoint lines for several endpoints; then
/// from the heading above the matching line to the heading above the next.
fn region_of(
    cx: &mut PageCx,
    found: &Found,
    markers: &[Marker],
    headings: &[Heading],
) -> (usize, usize) {
    let mut distinct: Vec<(Method, &str)> = Vec::new();
    for m in markers {
        if !distinct.contains(&(m.method, m.target.path.as_str())) {
            distinct.push((m.method, m.target.path.as_str()));
        }
    }
    if distinct.len() < 2 {
        return (0, usize::MAX);
    }
    let same = |m: &Marker| {
        m.method == found.method
            && (endpoint::match_suffix(&m.target.path, &found.target.path).is_some()
                || endpoint::match_suffix(&found.target.path, &m.target.path).is_some())
    };
    let Some(i) = found.marker.or_else(|| markers.iter().position(same)) else {
        return (0, usize::MAX);
    };
    let heading_before = |offset: usize, after: usize| {
        headings
            .iter()
            .rev()
            .find(|h| h.start < offset && h.start >= after)
            .map_or(offset, |h| h.start)
    };
    let start = if i == 0 {
        0
    } else {
        heading_before(markers[i].start, markers[i - 1].start)
    };
    let end = markers[i + 1..]
        .iter()
        .find(|m| {
            (m.method, m.target.path.as_str())
                != (markers[i].method, markers[i].target.path.as_str())
        })
        .map_or(usize::MAX, |next| {
            heading_before(next.start, markers[i].start)
        });
    cx.note(
        "multiple-endpoints",
        found.pos,
        format!(
            "the page documents {} endpoints; only `{} {}` is read, from its section",
            distinct.len(),
            found.method.upper(),
            found.target.path
        ),
    );
    (start, end)
}

// ---------------------------------------------------------------- building

struct Builder<'c, 'p> {
    cx: &'c mut PageCx,
    page: &'p Page,
    method: Method,
    template: String,
    op_ptr: String,
    components: Components,
    /// The default of a `Content-Type` header field.
    header_content_type: Option<String>,
}

impl Builder<'_, '_> {
    fn pos(&self, offset: usize) -> Pos {
        pos_at(&self.cx.file, offset)
    }

    fn path_template(&mut self, found: &Found, fields: &[Field]) -> String {
        let names: Vec<String> = fields
            .iter()
            .filter(|f| f.loc == Some(Loc::Path))
            .filter_map(|f| f.name.clone())
            .collect();
        // Frontmatter states a template; endpoint lines and examples may
        // show a concrete path (`POST /teams/55/members`).
        if matches!(found.source, Source::Api | Source::OpenApi) {
            return found.target.path.clone();
        }
        let (template, subs, left) = endpoint::infer_template(&found.target.path, &names);
        if !subs.is_empty() {
            let how = subs
                .iter()
                .map(|(seg, p)| format!("`{seg}` is path parameter `{p}`"))
                .collect::<Vec<_>>()
                .join(", ");
            self.cx.note(
                "path-inferred",
                found.pos,
                format!(
                    "path `{template}` inferred from the concrete path `{}` of {} and the path parameters ({how})",
                    found.target.path,
                    if found.source == Source::Marker { "the endpoint line" } else { "the example request" }
                ),
            );
        }
        for p in left {
            let at = fields
                .iter()
                .find(|f| f.name.as_deref() == Some(p.as_str()))
                .map_or(found.pos, |f| pos_at(&self.cx.file, f.start));
            self.cx.warn(
                "path-param-unplaced",
                at,
                format!(
                    "path parameter `{p}` could not be placed in the example path `{}`",
                    found.target.path
                ),
            );
        }
        template
    }

    fn servers(&mut self, found: &Found, samples: &[&SampleItem]) -> Vec<Server> {
        let (url, from) = match (&found.target.origin, found.source) {
            (Some(origin), Source::Api | Source::Marker) => (origin.clone(), None),
            _ => {
                let hit = samples.iter().find_map(|s| {
                    let origin = s.target.origin.as_ref()?;
                    let prefix = endpoint::match_suffix(&s.target.path, &self.template)?;
                    Some((format!("{origin}{prefix}"), *s))
                });
                match hit {
                    Some((url, s)) => (url, Some(s)),
                    // The vendor merge reports vendors without any server.
                    None => return Vec::new(),
                }
            }
        };
        let url = url.trim_end_matches('/').to_string();
        let pos = from.map_or(found.pos, |s| s.url_pos());
        if let Some(s) = from {
            self.cx.note(
                "server-inferred",
                pos,
                format!(
                    "server `{url}` inferred from {} URL `{}` minus the path `{}`",
                    s.describe(),
                    s.sample.url,
                    self.template
                ),
            );
        }
        let mut variables = IndexMap::new();
        for var in endpoint::template_vars(&url) {
            self.cx.note(
                "server-variable",
                pos,
                format!("server variable `{var}` has no documented value; its default is its name"),
            );
            variables.insert(
                var.clone(),
                ServerVariable {
                    default: var,
                    enum_values: Vec::new(),
                    description: None,
                },
            );
        }
        self.cx.record("/servers/0", pos);
        vec![Server {
            url,
            description: None,
            variables,
        }]
    }

    /// Warn once when example requests use another method than documented.
    fn check_methods(&mut self, found: &Found, samples: &[&SampleItem]) {
        if found.source == Source::Sample {
            return;
        }
        if let Some(s) = samples.iter().find(|s| s.sample.method() != self.method) {
            let why = match (s.sample.kind, s.sample.method) {
                (SampleKind::Curl, None) if s.sample.implied == Method::Post => {
                    " (curl sends POST when given data)"
                }
                _ => "",
            };
            self.cx.warn(
                "method-conflict",
                s.url_pos(),
                format!(
                    "{} sends {}{why}, but the page documents {}",
                    s.describe(),
                    s.sample.method().upper(),
                    self.method.upper()
                ),
            );
        }
    }

    fn operation_id(&self) -> String {
        if let Some((id, _)) = self.page.front("operationId") {
            if !id.trim().is_empty() {
                return id.trim().to_string();
            }
        }
        let from_title = title(self.page)
            .map(|t| lower_camel(&t))
            .unwrap_or_default();
        if !from_title.is_empty() {
            return from_title;
        }
        let words = format!(
            "{} {}",
            self.method.as_str(),
            self.template.replace(['{', '}'], " ")
        );
        lower_camel(&words)
    }

    fn parameters(&mut self, op: &mut Operation, fields: &[Field], samples: &[&SampleItem]) {
        let vars = endpoint::template_vars(&self.template);
        let mut plain: Vec<(Parameter, usize)> = Vec::new();
        let mut credentials: Vec<(Parameter, usize)> = Vec::new();
        for f in fields {
            let Some(loc) = f.loc.filter(|_| f.tab_status.is_none()) else {
                continue;
            };
            let location = match loc {
                Loc::Path => ParamLocation::Path,
                Loc::Query => ParamLocation::Query,
                Loc::Header => ParamLocation::Header,
                Loc::Cookie => ParamLocation::Cookie,
                Loc::Auth => {
                    self.auth_attribute(op, f);
                    continue;
                }
                Loc::Body => continue,
            };
            let Some(name) = f.name.clone() else {
                self.cx.warn(
                    "field-without-name",
                    self.pos(f.start),
                    format!("a `{}` ParamField has no name; dropped", location.as_str()),
                );
                continue;
            };
            if location == ParamLocation::Path && !vars.contains(&name) {
                self.cx.warn(
                    "path-param-unused",
                    self.pos(f.start),
                    format!(
                        "path parameter `{name}` does not appear in the path `{}`; dropped",
                        self.template
                    ),
                );
                continue;
            }
            if location == ParamLocation::Header
                && matches!(
                    name.to_ascii_lowercase().as_str(),
                    "content-type" | "accept"
                )
            {
                // OpenAPI ignores these header parameters: media types say it.
                if name.eq_ignore_ascii_case("content-type") {
                    if let Some(media) = fields::default_literal(f) {
                        if media.contains('/') && self.header_content_type.is_none() {
                            self.header_content_type = Some(media);
                        }
                    }
                }
                self.cx.note(
                    "header-ignored",
                    self.pos(f.start),
                    format!("header `{name}` is not a parameter in OpenAPI (media types say it); dropped"),
                );
                continue;
            }
            let dup = plain
                .iter()
                .chain(&credentials)
                .any(|(p, _)| p.name == name && p.location == location);
            if dup {
                self.cx.warn(
                    "duplicate-field",
                    self.pos(f.start),
                    format!(
                        "{} parameter `{name}` is documented twice; the first is kept",
                        location.as_str()
                    ),
                );
                continue;
            }
            let mut required = fields::is_required(self.cx, f);
            if location == ParamLocation::Path && !required {
                self.cx.note(
                    "path-param-required",
                    self.pos(f.start),
                    format!("path parameter `{name}` is not marked required, but path parameters always are"),
                );
                required = true;
            }
            // What a credential header looks like in the examples
            // (`Bearer ...`) tells which scheme it is.
            let shown = (location == ParamLocation::Header)
                .then(|| samples.iter().find_map(|s| s.header(&name)))
                .flatten()
                .filter(|_| security::scheme_for_header(&name, None, None).is_some())
                .map(|v| Value::String(v.to_string()));
            let param = Parameter {
                name: name.clone(),
                location,
                description: f.description.clone(),
                required,
                deprecated: f.deprecated,
                style: None,
                explode: None,
                schema: Schema::default(),
                example: shown,
                examples: IndexMap::new(),
                extensions: Default::default(),
            };
            let is_credential = location == ParamLocation::Header
                && security::scheme_for_header(&name, f.description.as_deref(), None).is_some();
            if is_credential {
                credentials.push((param, f.start));
            } else {
                plain.push((param, f.start));
            }
        }
        // Path variables nobody documented still need a parameter.
        for var in &vars {
            let documented = plain
                .iter()
                .any(|(p, _)| p.location == ParamLocation::Path && &p.name == var);
            if !documented {
                self.cx.note(
                    "path-param-undocumented",
                    self.cx
                        .map
                        .locate(&self.op_ptr)
                        .map_or(Pos { line: 1, col: 1 }, |l| Pos {
                            line: l.line,
                            col: l.col,
                        }),
                    format!("path variable `{var}` has no ParamField; added as a required string"),
                );
                plain.push((
                    Parameter {
                        name: var.clone(),
                        location: ParamLocation::Path,
                        description: None,
                        required: true,
                        deprecated: false,
                        style: None,
                        explode: None,
                        schema: Schema::of_type(SchemaType::String),
                        example: None,
                        examples: IndexMap::new(),
                        extensions: Default::default(),
                    },
                    usize::MAX,
                ));
            }
        }
        // Credential headers go last so that lifting them out leaves the
        // indices (and recorded positions) of the others unchanged.
        let all: Vec<(Parameter, usize)> = plain.into_iter().chain(credentials).collect();
        for (i, (mut param, start)) in all.into_iter().enumerate() {
            let ptr = pointer::join(&pointer::join(&self.op_ptr, "parameters"), &i.to_string());
            if start != usize::MAX {
                let pos = self.pos(start);
                self.cx.record(&ptr, pos);
                let field = fields.iter().find(|f| f.start == start);
                if let Some(f) = field {
                    param.schema =
                        fields::schema_of(self.cx, f, &pointer::join(&ptr, "schema"), false);
                }
            }
            op.parameters.push(param);
        }
        let before: Vec<String> = self.components.security_schemes.keys().cloned().collect();
        let params_before = op.parameters.clone();
        security::lift_credential_headers(self.cx, op, &self.op_ptr, &mut self.components);
        // Record where each new scheme came from (its header's position).
        for (name, _) in self.components.security_schemes.clone() {
            if before.contains(&name) {
                continue;
            }
            let idx = params_before.iter().position(|p| {
                p.location == ParamLocation::Header
                    && !op
                        .parameters
                        .iter()
                        .any(|q| q.name == p.name && q.location == p.location)
                    && security::scheme_for_header(&p.name, p.description.as_deref(), None)
                        .is_some_and(|(n, _)| name.starts_with(&n))
            });
            if let Some(i) = idx {
                let ptr = pointer::join(&pointer::join(&self.op_ptr, "parameters"), &i.to_string());
                if let Some(loc) = self.cx.map.locate(&ptr) {
                    let pos = Pos {
                        line: loc.line,
                        col: loc.col,
                    };
                    self.cx
                        .record(&pointer::join("/components/securitySchemes", &name), pos);
                }
            }
        }
    }

    /// `<ParamField auth="X-Api-Key">`: an API key in that header.
    fn auth_attribute(&mut self, op: &mut Operation, f: &Field) {
        let Some(name) = f.name.clone() else { return };
        let scheme = SecurityScheme::api_key(ParamLocation::Header, &name, f.description.clone());
        let scheme_name = self.add_scheme(&name, scheme, self.pos(f.start));
        self.cx.note(
            "credential-header",
            self.pos(f.start),
            format!("`auth` field `{name}` became security scheme `{scheme_name}` (an API key in a header)"),
        );
        let mut req = SecurityRequirement::new();
        req.insert(scheme_name, Vec::new());
        op.security.get_or_insert_with(Vec::new).push(req);
    }

    /// Insert a scheme under `base` (or `base2`... when taken by another).
    fn add_scheme(&mut self, base: &str, scheme: SecurityScheme, pos: Pos) -> String {
        let mut name = base.to_string();
        let mut n = 2;
        while let Some(existing) = self.components.security_schemes.get(&name) {
            if security::same_scheme(existing, &scheme) {
                return name;
            }
            name = format!("{base}{n}");
            n += 1;
        }
        self.cx
            .record(&pointer::join("/components/securitySchemes", &name), pos);
        self.components
            .security_schemes
            .insert(name.clone(), scheme);
        name
    }

    fn content_type(&self) -> String {
        self.page
            .front("contentType")
            .map(|(c, _)| c.trim().to_string())
            .filter(|c| c.contains('/'))
            .or_else(|| self.header_content_type.clone())
            .unwrap_or_else(|| JSON.to_string())
    }

    fn request_body(
        &mut self,
        op: &mut Operation,
        fields: &[Field],
        samples: &[&SampleItem],
        codes: &[&CodeItem],
    ) {
        let content_type = self.content_type();
        let body_ptr = pointer::join(&self.op_ptr, "requestBody");
        let media_ptr = pointer::join(&pointer::join(&body_ptr, "content"), &content_type);
        let schema_ptr = pointer::join(&media_ptr, "schema");
        let body_fields: Vec<&Field> = fields
            .iter()
            .filter(|f| f.loc == Some(Loc::Body) && f.tab_status.is_none())
            .collect();
        let whole = body_fields.iter().find(|f| f.name.is_none()).copied();
        let named: Vec<Field> = body_fields
            .iter()
            .filter(|f| f.name.is_some())
            .map(|f| (*f).clone())
            .collect();
        let mut body = RequestBody::default();
        let mut media = MediaType::default();
        if let Some(first) = body_fields.first() {
            let pos = self.pos(first.start);
            self.cx.record(&body_ptr, pos);
            self.cx.record(&media_ptr, pos);
        }
        // A valueless `<ParamField body ...>` is the whole body: its type
        // (`object[]` gives an array body), its nested fields, its
        // description; named body fields beside it are added as properties
        // when that body is an object. A named body field is always a
        // property, whatever its type, as in Mintlify's own extractor:
        // prose like "you may also send an array of these" is not read.
        if let Some(w) = whole {
            let mut schema = fields::schema_of(self.cx, w, &schema_ptr, false);
            body.description = w.description.clone();
            body.required = fields::is_required(self.cx, w);
            if !named.is_empty() {
                if schema.schema_type.is_none() {
                    schema.schema_type = Some(SchemaType::Object);
                }
                if schema.schema_type == Some(SchemaType::Object) {
                    fields::add_properties(self.cx, &mut schema, &named, &schema_ptr);
                } else {
                    self.cx.warn(
                        "body-fields-ignored",
                        self.pos(named[0].start),
                        "named body fields sit beside a whole-body field that is not an object; they were dropped",
                    );
                }
            }
            body.required |= !schema.required.is_empty();
            media.schema = Some(schema);
        } else if !named.is_empty() {
            let mut schema = Schema::of_type(SchemaType::Object);
            fields::add_properties(self.cx, &mut schema, &named, &schema_ptr);
            body.required = !schema.required.is_empty();
            media.schema = Some(schema);
        }
        for (title, ex) in self.request_examples(samples, codes) {
            add_example(self.cx, &mut media, &title, ex, &media_ptr);
        }
        if media.schema.is_none() && media.examples.is_empty() {
            return;
        }
        if media.schema.is_none() {
            let at = self
                .cx
                .map
                .locate(&media_ptr)
                .map_or(Pos { line: 1, col: 1 }, |l| Pos {
                    line: l.line,
                    col: l.col,
                });
            self.cx.note(
                "body-from-example",
                at,
                "no body fields are documented, but the example request sends a body; the body is kept with its example only",
            );
        }
        body.content.insert(content_type, media);
        op.request_body = Some(body);
    }

    /// JSON request bodies from example requests and from JSON fences that
    /// follow an http request or sit under a "request" heading.
    fn request_examples(
        &mut self,
        samples: &[&SampleItem],
        codes: &[&CodeItem],
    ) -> Vec<(String, JsonExample)> {
        let mut out = Vec::new();
        for s in samples {
            let Some(body) = &s.sample.body else { continue };
            if !body.json {
                continue;
            }
            let line = s.first_line + body.line as u32;
            let col = s.indent + body.col as u32 + 1;
            match s.sample.kind {
                SampleKind::Curl | SampleKind::Http => {
                    match examples::parse_json(
                        &body.text,
                        line,
                        if body.exact { col } else { s.indent + 1 },
                        s.indent,
                    ) {
                        Ok(ex) => {
                            let mut ex = ex;
                            if !body.exact {
                                ex.node =
                                    crate::yaml::Node::from_json(&ex.value, Pos { line, col });
                            }
                            out.push((s.title.clone(), ex));
                        }
                        Err((pos, msg)) => self.cx.warn(
                            "example-json",
                            if body.exact { pos } else { Pos { line, col } },
                            format!(
                                "the body of {} is not valid JSON: {msg}; skipped",
                                s.describe()
                            ),
                        ),
                    }
                }
                SampleKind::Fetch | SampleKind::Requests => {
                    // Code, not data: use it only when it is plainly JSON.
                    let Some(json) = examples::loose_to_json(&body.text) else {
                        continue;
                    };
                    let Ok(value) = serde_json::from_str::<Value>(&json) else {
                        continue;
                    };
                    let node = crate::yaml::Node::from_json(&value, Pos { line, col });
                    out.push((s.title.clone(), JsonExample { value, node }));
                }
            }
        }
        for (i, c) in codes.iter().enumerate() {
            if c.ctx.in_response || c.ctx.in_field || !is_json_lang(&c.code.lang) {
                continue;
            }
            let heading = c.heading.as_deref().unwrap_or("").to_ascii_lowercase();
            let after_http_request = c.after_http
                && i > 0
                && examples::parse_sample("http", &codes[i - 1].code.value)
                    .is_some_and(|s| s.body.is_none());
            // `### 400 Bad Request` is a status, not the request.
            let under_request = heading.contains("request")
                && !heading.contains("response")
                && headings::heading_status(&heading).is_none();
            if !(after_http_request || under_request) || c.ctx.tab_status.is_some() {
                continue;
            }
            let title = if c.code.meta.is_empty() && after_http_request {
                codes[i - 1].code.meta.clone()
            } else {
                c.code.meta.clone()
            };
            if let Some(ex) = self.fence_json(c.code, None) {
                out.push((title, ex));
            }
        }
        out
    }

    /// A fence's content as a JSON example; invalid JSON is warned about
    /// (an example of a `status` is dropped, the status kept).
    fn fence_json(&mut self, code: &Code, status: Option<&str>) -> Option<JsonExample> {
        match examples::parse_json(&code.value, code.first_line, code.indent + 1, code.indent) {
            Ok(ex) => Some(ex),
            Err((pos, msg)) => {
                let message = match status {
                    Some(s) => format!("the `{s}` example is not valid JSON: {msg}; the example is skipped, the `{s}` response is kept"),
                    None => format!("the example is not valid JSON: {msg}; skipped"),
                };
                self.cx.warn("example-json", pos, message);
                None
            }
        }
    }

    /// Credentials shown by `authMethod:` or example requests, when no
    /// credential header ParamField said how to authenticate.
    fn security(&mut self, op: &mut Operation, samples: &[&SampleItem]) {
        if op.security.is_some() {
            return;
        }
        let mut req = SecurityRequirement::new();
        if let Some((method, pos)) = self.page.front("authMethod") {
            let m = method.trim().to_ascii_lowercase();
            let scheme = match m.as_str() {
                "bearer" => Some(("bearerAuth", SecurityScheme::bearer(None))),
                "basic" => {
                    let mut s = SecurityScheme::bearer(None);
                    s.scheme = Some("basic".into());
                    Some(("basicAuth", s))
                }
                "key" => None,
                "none" => {
                    op.security = Some(Vec::new());
                    self.cx.note(
                        "auth-inferred",
                        pos,
                        "`authMethod: none`: the operation needs no credentials",
                    );
                    return;
                }
                _ => {
                    self.cx.warn(
                        "auth-method-invalid",
                        pos,
                        format!("`authMethod: {method}` is not one of bearer, basic, key, none; ignored"),
                    );
                    None
                }
            };
            if let Some((name, scheme)) = scheme {
                let name = self.add_scheme(name, scheme, pos);
                self.cx.note(
                    "auth-inferred",
                    pos,
                    format!("security scheme `{name}` inferred from `authMethod: {method}`"),
                );
                req.insert(name, Vec::new());
            } else if m == "key" {
                let header = samples.iter().find_map(|s| {
                    s.sample.headers.iter().find_map(|(n, v, line)| {
                        let (_, scheme) = security::scheme_for_header(n, None, Some(v))?;
                        (scheme.name.is_some() && !n.eq_ignore_ascii_case("authorization"))
                            .then(|| (n.clone(), s.line_pos(*line)))
                    })
                });
                match header {
                    Some((n, at)) => {
                        let name = self.add_scheme(&n, SecurityScheme::api_key(ParamLocation::Header, &n, None), at);
                        self.cx.note("auth-inferred", pos, format!("security scheme `{name}` inferred from `authMethod: key` and the header the example sends"));
                        req.insert(name, Vec::new());
                    }
                    None => self.cx.warn(
                        "auth-method-key",
                        pos,
                        "`authMethod: key` does not say which header carries the key (that is site configuration) and no example shows it; no scheme added",
                    ),
                }
            }
        }
        if req.is_empty() {
            for s in samples {
                let mut found: Vec<(String, SecurityScheme, Pos)> = Vec::new();
                for (n, v, line) in &s.sample.headers {
                    if let Some((name, scheme)) = security::scheme_for_header(n, None, Some(v)) {
                        found.push((name, scheme, s.line_pos(*line)));
                    }
                }
                if let Some(line) = s.sample.basic_user {
                    let mut scheme = SecurityScheme::bearer(None);
                    scheme.scheme = Some("basic".into());
                    found.push(("basicAuth".into(), scheme, s.line_pos(line)));
                }
                for (name, scheme, at) in found {
                    let what = match scheme.scheme.as_deref() {
                        Some(k) => format!("http {k}"),
                        None => format!(
                            "an API key in header `{}`",
                            scheme.name.clone().unwrap_or_default()
                        ),
                    };
                    let name = self.add_scheme(&name, scheme, at);
                    if let std::collections::btree_map::Entry::Vacant(slot) =
                        req.entry(name.clone())
                    {
                        slot.insert(Vec::new());
                        self.cx.note(
                            "auth-inferred",
                            at,
                            format!("security scheme `{name}` ({what}) inferred from the credentials {} sends", s.describe()),
                        );
                    }
                }
                if !req.is_empty() {
                    break;
                }
            }
        }
        if !req.is_empty() {
            op.security = Some(vec![req]);
        }
    }
}

fn is_json_lang(lang: &str) -> bool {
    matches!(lang, "json" | "jsonc" | "json5")
}

/// Add a named example unless the same value is already there.
fn add_example(
    cx: &mut PageCx,
    media: &mut MediaType,
    title: &str,
    ex: JsonExample,
    media_ptr: &str,
) {
    if media
        .examples
        .values()
        .any(|e| e.value.as_ref() == Some(&ex.value))
    {
        return;
    }
    let base = match slug(title) {
        s if s.is_empty() => "example".to_string(),
        s => s,
    };
    let mut name = base.clone();
    let mut n = 2;
    while media.examples.contains_key(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    let ptr = pointer::join(&pointer::join(media_ptr, "examples"), &name);
    cx.record(&ptr, ex.node.pos);
    cx.record_value(&pointer::join(&ptr, "value"), &ex.node);
    media.examples.insert(
        name,
        Example {
            value: Some(ex.value),
            ..Example::default()
        },
    );
}

/// The page title: an MDX page's frontmatter `title`, else its `# Title`.
fn title(page: &Page) -> Option<String> {
    page.front("title")
        .map(|(t, _)| t)
        .filter(|t| !t.trim().is_empty())
        .or_else(|| page.title.as_ref().map(|(t, _)| t.clone()))
}

/// `curl (Batch Query)` -> `curl-batch-query`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// `Add Team Members` -> `addTeamMembers`: ASCII words, punctuation and
/// non-ASCII letters dropped, `op` before a leading digit.
fn lower_camel(text: &str) -> String {
    let ascii: String = text.chars().filter(char::is_ascii).collect();
    let mut out = String::new();
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if out.is_empty() {
            out.push_str(&word.to_ascii_lowercase());
        } else {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_ascii_uppercase());
                out.push_str(chars.as_str());
            }
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "op");
    }
    out
}

#[cfg(test)]
mod tests;
