//! Contract drift: every difference between two contracts that a client
//! can feel, classified by a rule of [`rules::RULES`].
//!
//! Operations are matched by method and path template with parameter
//! names ignored (`/m/{id}` is `/m/{memberId}`); schemas are compared as a
//! reader sees them ([`crate::model::Components::flattened`]: whole
//! component `$ref`s followed, `allOf` parts merged), so moving a schema
//! into a component or an `allOf`, renaming a component, or reordering a
//! list is not a change. Output is sorted: the same pair gives the same
//! list.

pub mod render;
pub mod rules;
mod schema;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::model::{
    escape_pointer, Contract, MediaType, Method, Operation, ParamLocation, Parameter, RequestBody,
    Response, SecurityRequirement, SecurityScheme, Server,
};
use crate::source::SourceFile;
use crate::srcmap::SourceMap;

pub use rules::{rule_by_id, Level, Rule, RULES};
use schema::{At, Direction, Object, Walk};

/// The operation a change belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OperationRef {
    /// Path template (the revision's, or the base's for a removed operation).
    pub path: String,
    /// Upper case: `POST`.
    pub method: String,
    #[serde(rename = "operationId")]
    pub operation_id: String,
}

impl OperationRef {
    fn new(path: &str, method: Method, op: &Operation) -> Self {
        OperationRef {
            path: path.to_string(),
            method: method.upper(),
            operation_id: op.operation_id.clone(),
        }
    }

    /// `POST /v1/members (addMember)`.
    pub fn label(&self) -> String {
        if self.operation_id.is_empty() {
            format!("{} {}", self.method, self.path)
        } else {
            format!("{} {} ({})", self.method, self.path, self.operation_id)
        }
    }
}

/// One classified difference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// A rule id of [`RULES`].
    pub rule: &'static str,
    pub level: Level,
    pub vendor: String,
    /// None for API-wide changes (info, servers, security schemes, unused
    /// component schemas).
    pub operation: Option<OperationRef>,
    /// JSON pointer into the revision; what was removed keeps the pointer
    /// it had under its parent (a removed operation: the base's path).
    pub pointer: String,
    /// The base's value (None: absent).
    pub old: Option<Value>,
    /// The revision's value (None: absent).
    pub new: Option<Value>,
    pub message: String,
    /// `page:line` of the revision where its source map has one.
    pub location: Option<String>,
    /// Generated Rust items the change touches (breaking and warning
    /// changes only): `Client::add_member`, `AddMemberBody.role`, ...
    #[serde(rename = "client")]
    pub impact: Vec<String>,
}

/// What to add to the bare classification.
#[derive(Clone, Copy, Default)]
pub struct Options<'a> {
    /// Put on every change.
    pub vendor: &'a str,
    /// The revision's source map (from building it from pages): locations.
    pub new_map: Option<&'a SourceMap>,
    /// Names the generated Rust items that breaking and warning changes
    /// touch. The code generator supplies it: it depends on this crate, so
    /// the classification cannot call it directly.
    pub impact: Option<&'a dyn GeneratedItems>,
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("vendor", &self.vendor)
            .field("new_map", &self.new_map.map(|_| "..."))
            .field("impact", &self.impact.is_some())
            .finish()
    }
}

/// The generated Rust items of one contract, looked up by JSON pointer.
pub trait ItemIndex {
    /// Items generated for the element at `pointer`; `removed` is the
    /// element's old value when it no longer exists in the index's contract.
    fn items_at(&self, pointer: &str, removed: Option<&Value>) -> Vec<String>;
}

/// Builds an [`ItemIndex`] for a contract (the code generator's planning).
pub trait GeneratedItems {
    fn index<'c>(&self, contract: &'c Contract) -> Box<dyn ItemIndex + 'c>;
}

/// Every change from `old` to `new`, without client impact, sorted.
pub fn diff(old: &Contract, new: &Contract) -> Vec<Change> {
    compare(old, new, &Options::default())
}

/// Every change from `old` to `new`, sorted.
pub fn compare(old: &Contract, new: &Contract, options: &Options) -> Vec<Change> {
    let mut differ = Differ {
        old,
        new,
        out: Vec::new(),
        memo: schema::Memo::default(),
    };
    differ.contracts();
    if differ.memo.exhausted() {
        // Said, never silent: the report is a lower bound.
        tracing::warn!(
            vendor = options.vendor,
            "the comparison reached its schema-node budget; changes deeper in the reference graph are not reported"
        );
    }
    let level = |rule: &str| rule_by_id(rule).map_or(Level::Info, |r| r.level);
    let mut impact = match options.impact {
        Some(items) if differ.out.iter().any(|r| level(r.rule) >= Level::Warning) => {
            Some(Impact::new(items, old, new))
        }
        _ => None,
    };
    let mut changes: Vec<Change> = differ
        .out
        .into_iter()
        .map(|raw| {
            let phys = raw.phys.as_deref().unwrap_or(&raw.pointer);
            let location = options
                .new_map
                .and_then(|map| map.locate(phys))
                .map(|loc| format!("{}:{}", loc.file, loc.line));
            let level = level(raw.rule);
            let items = match &mut impact {
                Some(impact) if level >= Level::Warning => impact.items(&raw),
                _ => Vec::new(),
            };
            Change {
                rule: raw.rule,
                level,
                vendor: options.vendor.to_string(),
                operation: raw.operation,
                pointer: raw.pointer,
                old: raw.old,
                new: raw.new,
                message: raw.message,
                location,
                impact: items,
            }
        })
        .collect();
    sort(&mut changes);
    changes.dedup();
    changes
}

/// The order changes are reported in: vendor, API-wide first, then by
/// operation, pointer and rule.
pub fn sort(changes: &mut [Change]) {
    changes.sort_by(|a, b| {
        (&a.vendor, &a.operation, &a.pointer, a.rule, &a.message).cmp(&(
            &b.vendor,
            &b.operation,
            &b.pointer,
            b.rule,
            &b.message,
        ))
    });
}

/// How many changes of each level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub breaking: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    pub fn of<'a>(changes: impl IntoIterator<Item = &'a Change>) -> Counts {
        let mut counts = Counts::default();
        for c in changes {
            match c.level {
                Level::Breaking => counts.breaking += 1,
                Level::Warning => counts.warning += 1,
                Level::Info => counts.info += 1,
            }
        }
        counts
    }

    pub fn total(&self) -> usize {
        self.breaking + self.warning + self.info
    }

    /// The highest level present.
    pub fn highest(&self) -> Option<Level> {
        if self.breaking > 0 {
            Some(Level::Breaking)
        } else if self.warning > 0 {
            Some(Level::Warning)
        } else if self.info > 0 {
            Some(Level::Info)
        } else {
            None
        }
    }
}

impl std::fmt::Display for Counts {
    /// `1 breaking, 2 info` (levels with no change left out; `no changes`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = [
            (self.breaking, "breaking"),
            (self.warning, "warning"),
            (self.info, "info"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, label)| format!("{n} {label}"))
        .collect();
        if parts.is_empty() {
            f.write_str("no changes")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

/// Why a file is not a contract to compare.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{file} is not an OpenAPI document")]
    NotOpenApi { file: String },
    #[error("{file} does not read as a contract:\n{diagnostics}")]
    Unreadable { file: String, diagnostics: String },
}

/// Read a published contract (an OpenAPI document, e.g. a committed
/// `generated/openapi/<vendor>.yaml`) back into a [`Contract`] with the
/// generator's own reader. `file` is the name shown in errors.
pub fn read_contract(vendor: &str, file: &str, text: &str) -> Result<Contract, ReadError> {
    let result = crate::vendor::build_from_files(vendor, vec![SourceFile::new(file, text)]);
    let is_openapi = result
        .pages
        .first()
        .is_some_and(|(_, shape)| *shape == crate::ingest::Shape::OpenApi);
    if !is_openapi {
        return Err(ReadError::NotOpenApi {
            file: file.to_string(),
        });
    }
    if result.diagnostics.has_errors() {
        let errors: Vec<String> = result
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .map(|d| d.render())
            .collect();
        return Err(ReadError::Unreadable {
            file: file.to_string(),
            diagnostics: errors.join("\n"),
        });
    }
    Ok(result.contract)
}

/// A change before levels, locations and impact are added.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    pub(crate) rule: &'static str,
    pub(crate) operation: Option<OperationRef>,
    pub(crate) pointer: String,
    /// Where the element lives in the revision (for the source map).
    pub(crate) phys: Option<String>,
    /// Where the element lived in the base (for client impact), when it
    /// existed there.
    pub(crate) base: Option<String>,
    pub(crate) old: Option<Value>,
    pub(crate) new: Option<Value>,
    pub(crate) message: String,
}

/// Record a change at `pointer` (in the revision); fill it in with
/// [`Raw`]'s builder methods.
pub(crate) fn push<'o>(
    out: &'o mut Vec<Raw>,
    rule: &'static str,
    op: Option<&OperationRef>,
    pointer: String,
) -> &'o mut Raw {
    out.push(Raw {
        rule,
        operation: op.cloned(),
        pointer,
        phys: None,
        base: None,
        old: None,
        new: None,
        message: String::new(),
    });
    let last = out.len() - 1;
    &mut out[last]
}

impl Raw {
    /// The nearest place in the revision to locate it by (default: the pointer).
    pub(crate) fn phys(&mut self, phys: impl Into<String>) -> &mut Self {
        self.phys = Some(phys.into());
        self
    }

    /// Its pointer in the base.
    pub(crate) fn base(&mut self, base: impl Into<String>) -> &mut Self {
        self.base = Some(base.into());
        self
    }

    /// The base's value.
    pub(crate) fn before(&mut self, v: Option<Value>) -> &mut Self {
        self.old = v;
        self
    }

    /// The revision's value.
    pub(crate) fn after(&mut self, v: Option<Value>) -> &mut Self {
        self.new = v;
        self
    }

    pub(crate) fn msg(&mut self, message: impl Into<String>) {
        self.message = message.into();
    }
}

struct Differ<'a> {
    old: &'a Contract,
    new: &'a Contract,
    out: Vec<Raw>,
    /// Shared by every schema walk of the pair (see [`schema::Memo`]).
    memo: schema::Memo,
}

/// Values for a change's `old`/`new`.
pub(crate) fn val<T: Serialize + ?Sized>(v: &T) -> Option<Value> {
    serde_json::to_value(v).ok()
}

fn ptr(base: &str, token: &str) -> String {
    crate::pointer::join(base, token)
}

/// A path template with parameter names dropped: `/m/{}`.
pub fn path_shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push_str("{}");
                }
                depth += 1;
            }
            '}' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out.trim_end_matches('/').to_string()
}

/// The parameter names of a path template, in order.
fn template_vars(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + len].to_string());
        rest = &rest[start + len + 1..];
    }
    out
}

/// Media types compared without parameters or case.
fn media_key(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Where an operation is in both documents.
struct Here<'h> {
    op: &'h OperationRef,
    /// The operation's pointer in the revision.
    new: String,
    /// ... and in the base.
    old: String,
}

impl<'a> Differ<'a> {
    fn push(&mut self, rule: &'static str, op: Option<&OperationRef>, pointer: String) -> &mut Raw {
        push(&mut self.out, rule, op, pointer)
    }

    fn contracts(&mut self) {
        self.info();
        let (old, new) = (self.old, self.new);
        self.servers(&old.servers, &new.servers, "/servers", "/servers", None);
        self.security_schemes();
        self.operations();
        self.unused_schemas();
    }

    fn info(&mut self) {
        let (o, n) = (&self.old.info, &self.new.info);
        let fields = [
            ("title", Some(&o.title), Some(&n.title)),
            ("version", Some(&o.version), Some(&n.version)),
            (
                "description",
                o.description.as_ref(),
                n.description.as_ref(),
            ),
        ];
        for (field, a, b) in fields {
            if a != b {
                let at = format!("/info/{field}");
                self.push("api-description-changed", None, at.clone())
                    .base(at)
                    .before(val(&a))
                    .after(val(&b))
                    .msg(format!("the API's {field} changed"));
            }
        }
    }

    fn servers(
        &mut self,
        old: &[Server],
        new: &[Server],
        new_base: &str,
        old_base: &str,
        op: Option<&OperationRef>,
    ) {
        let key = |s: &Server| s.url.trim_end_matches('/').to_string();
        for (i, s) in old.iter().enumerate() {
            if !new.iter().any(|t| key(t) == key(s)) {
                self.push("api-server-removed", op, format!("{new_base}/{i}"))
                    .phys(new_base)
                    .base(format!("{old_base}/{i}"))
                    .before(val(&s.url))
                    .msg(format!("server `{}` was removed", s.url));
            }
        }
        for (i, s) in new.iter().enumerate() {
            let here = format!("{new_base}/{i}");
            match old.iter().position(|t| key(t) == key(s)) {
                None => self
                    .push("api-server-added", op, here)
                    .after(val(&s.url))
                    .msg(format!("server `{}` was added", s.url)),
                Some(j) => {
                    let t = &old[j];
                    let there = format!("{old_base}/{j}");
                    if t.description != s.description {
                        self.push("api-description-changed", op, format!("{here}/description"))
                            .base(format!("{there}/description"))
                            .before(val(&t.description))
                            .after(val(&s.description))
                            .msg(format!("the description of server `{}` changed", s.url));
                    }
                    if t.variables != s.variables {
                        self.push("api-server-changed", op, format!("{here}/variables"))
                            .base(format!("{there}/variables"))
                            .before(val(&t.variables))
                            .after(val(&s.variables))
                            .msg(format!("the variables of server `{}` changed", s.url));
                    }
                }
            }
        }
    }

    fn security_schemes(&mut self) {
        let (old, new) = (
            &self.old.components.security_schemes,
            &self.new.components.security_schemes,
        );
        let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for name in names {
            let here = format!("/components/securitySchemes/{}", escape_pointer(name));
            match (old.get(name), new.get(name)) {
                (Some(a), None) => self
                    .push("api-security-scheme-removed", None, here.clone())
                    .phys("/components/securitySchemes")
                    .base(here)
                    .before(val(a))
                    .msg(format!("security scheme `{name}` was removed")),
                (None, Some(b)) => self
                    .push("api-security-scheme-added", None, here)
                    .after(val(b))
                    .msg(format!("security scheme `{name}` was added")),
                (Some(a), Some(b)) => {
                    if scheme_wire(a) != scheme_wire(b) {
                        self.push("api-security-scheme-changed", None, here.clone())
                            .base(here.clone())
                            .before(Some(scheme_wire(a)))
                            .after(Some(scheme_wire(b)))
                            .msg(format!(
                                "security scheme `{name}` sends its credential differently"
                            ));
                    }
                    if a.description != b.description || a.bearer_format != b.bearer_format {
                        self.push(
                            "api-description-changed",
                            None,
                            format!("{here}/description"),
                        )
                        .base(format!("{here}/description"))
                        .before(val(&a.description))
                        .after(val(&b.description))
                        .msg(format!(
                            "the description of security scheme `{name}` changed"
                        ));
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn operations(&mut self) {
        type OpList<'c> = Vec<(&'c str, Method, &'c Operation)>;
        let group = |c: &'a Contract| -> BTreeMap<(String, Method), OpList<'a>> {
            let mut map: BTreeMap<(String, Method), OpList<'a>> = BTreeMap::new();
            for (path, method, op) in c.operations() {
                map.entry((path_shape(path), method))
                    .or_default()
                    .push((path, method, op));
            }
            map
        };
        let old = group(self.old);
        let new = group(self.new);
        let old_shapes: BTreeSet<String> = old.keys().map(|(s, _)| s.clone()).collect();
        let new_shapes: BTreeSet<String> = new.keys().map(|(s, _)| s.clone()).collect();
        let keys: BTreeSet<&(String, Method)> = old.keys().chain(new.keys()).collect();
        for key in keys {
            let mut olds: OpList = old.get(key).cloned().unwrap_or_default();
            let mut news: OpList = new.get(key).cloned().unwrap_or_default();
            // The same template first, then the rest in order.
            let mut pairs = Vec::new();
            olds.retain(|o| match news.iter().position(|n| n.0 == o.0) {
                Some(i) => {
                    pairs.push((*o, news.remove(i)));
                    false
                }
                None => true,
            });
            while !olds.is_empty() && !news.is_empty() {
                pairs.push((olds.remove(0), news.remove(0)));
            }
            for (o, n) in pairs {
                self.operation(o, n);
            }
            for (path, method, op) in olds {
                let whole = !new_shapes.contains(&key.0);
                let (rule, what) = if whole {
                    ("api-path-removed", "path")
                } else {
                    ("api-operation-removed", "operation")
                };
                let here = crate::pointer::operation(path, method);
                let label = format!("{} {path}", method.upper());
                self.push(
                    rule,
                    Some(&OperationRef::new(path, method, op)),
                    here.clone(),
                )
                .phys("/paths")
                .base(here)
                .before(Some(Value::String(label.clone())))
                .msg(format!("the {what} `{label}` was removed"));
            }
            for (path, method, op) in news {
                let whole = !old_shapes.contains(&key.0);
                let (rule, what) = if whole {
                    ("api-path-added", "path")
                } else {
                    ("api-operation-added", "operation")
                };
                let here = crate::pointer::operation(path, method);
                let label = format!("{} {path}", method.upper());
                self.push(rule, Some(&OperationRef::new(path, method, op)), here)
                    .after(Some(Value::String(label.clone())))
                    .msg(format!("the {what} `{label}` was added"));
            }
        }
    }

    fn operation(
        &mut self,
        (old_path, method, o): (&str, Method, &Operation),
        (new_path, _, n): (&str, Method, &Operation),
    ) {
        let op = OperationRef::new(new_path, method, n);
        let h = Here {
            op: &op,
            new: crate::pointer::operation(new_path, method),
            old: crate::pointer::operation(old_path, method),
        };
        let opr = Some(&op);
        if o.operation_id != n.operation_id {
            self.push(
                "api-operation-id-changed",
                opr,
                format!("{}/operationId", h.new),
            )
            .base(format!("{}/operationId", h.old))
            .before(val(&o.operation_id))
            .after(val(&n.operation_id))
            .msg(format!(
                "operationId `{}` became `{}`",
                o.operation_id, n.operation_id
            ));
        }
        if o.deprecated != n.deprecated {
            let (rule, what) = if n.deprecated {
                (
                    "api-operation-deprecated",
                    "the operation became deprecated",
                )
            } else {
                (
                    "api-operation-reactivated",
                    "the operation is no longer deprecated",
                )
            };
            self.push(rule, opr, format!("{}/deprecated", h.new))
                .base(format!("{}/deprecated", h.old))
                .before(val(&o.deprecated))
                .after(val(&n.deprecated))
                .msg(what);
        }
        for (field, a, b) in [
            ("summary", &o.summary, &n.summary),
            ("description", &o.description, &n.description),
        ] {
            if a != b {
                self.push(
                    "api-operation-description-changed",
                    opr,
                    format!("{}/{field}", h.new),
                )
                .base(format!("{}/{field}", h.old))
                .before(val(a))
                .after(val(b))
                .msg(format!("the operation's {field} changed"));
            }
        }
        let tags = |op: &Operation| op.tags.iter().cloned().collect::<BTreeSet<String>>();
        if tags(o) != tags(n) {
            self.push(
                "api-operation-description-changed",
                opr,
                format!("{}/tags", h.new),
            )
            .base(format!("{}/tags", h.old))
            .before(val(&tags(o)))
            .after(val(&tags(n)))
            .msg("the operation's tags changed");
        }
        self.servers(
            &o.servers,
            &n.servers,
            &format!("{}/servers", h.new),
            &format!("{}/servers", h.old),
            opr,
        );
        self.security(o, n, &h);
        self.parameters(old_path, o, new_path, n, &h);
        self.request_body(o.request_body.as_ref(), n.request_body.as_ref(), &h);
        self.responses(&o.responses, &n.responses, &h);
    }

    fn security(&mut self, o: &Operation, n: &Operation, h: &Here) {
        let old = o.security.as_ref().unwrap_or(&self.old.security);
        let new = n.security.as_ref().unwrap_or(&self.new.security);
        let at = if n.security.is_some() {
            format!("{}/security", h.new)
        } else {
            "/security".to_string()
        };
        let base = if o.security.is_some() {
            format!("{}/security", h.old)
        } else {
            "/security".to_string()
        };
        let anonymous =
            |list: &[SecurityRequirement]| list.is_empty() || list.iter().any(|r| r.is_empty());
        let opr = Some(h.op);
        match (anonymous(old), anonymous(new)) {
            (true, false) => {
                self.push("api-security-added", opr, at)
                    .base(base)
                    .before(val(old))
                    .after(val(new))
                    .msg(format!(
                        "the operation now requires credentials ({})",
                        requirement_list(new)
                    ));
                return;
            }
            (false, true) => {
                self.push("api-security-removed", opr, at)
                    .base(base)
                    .before(val(old))
                    .after(val(new))
                    .msg("the operation no longer requires credentials");
                return;
            }
            _ => {}
        }
        let schemes = |r: &SecurityRequirement| r.keys().cloned().collect::<BTreeSet<String>>();
        let (old_real, new_real) = (real(old), real(new));
        for r in &old_real {
            if !new_real.iter().any(|s| schemes(s) == schemes(r)) {
                self.push("api-security-requirement-removed", opr, at.clone())
                    .base(base.clone())
                    .before(val(r))
                    .msg(format!(
                        "authenticating with {} is no longer accepted",
                        requirement_text(r)
                    ));
            }
        }
        for r in &new_real {
            match old_real.iter().find(|s| schemes(s) == schemes(r)) {
                None => self
                    .push("api-security-requirement-added", opr, at.clone())
                    .after(val(r))
                    .msg(format!(
                        "authenticating with {} is accepted",
                        requirement_text(r)
                    )),
                Some(s) => {
                    for (scheme, scopes) in r.iter() {
                        let before: BTreeSet<&String> = s
                            .get(scheme)
                            .map(|v| v.iter().collect())
                            .unwrap_or_default();
                        let after: BTreeSet<&String> = scopes.iter().collect();
                        let added: Vec<&&String> = after.difference(&before).collect();
                        let removed: Vec<&&String> = before.difference(&after).collect();
                        if !added.is_empty() {
                            self.push("api-security-scope-added", opr, at.clone())
                                .base(base.clone())
                                .after(val(&added))
                                .msg(format!("`{scheme}` needs more scopes"));
                        }
                        if !removed.is_empty() {
                            self.push("api-security-scope-removed", opr, at.clone())
                                .base(base.clone())
                                .before(val(&removed))
                                .msg(format!("`{scheme}` needs fewer scopes"));
                        }
                    }
                }
            }
        }
    }

    fn parameters(
        &mut self,
        old_path: &str,
        o: &Operation,
        new_path: &str,
        n: &Operation,
        h: &Here,
    ) {
        let old = keyed_parameters(old_path, &o.parameters);
        let new = keyed_parameters(new_path, &n.parameters);
        let opr = Some(h.op);
        let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for key in keys {
            match (old.get(key), new.get(key)) {
                (Some((i, p)), None) => self
                    .push(
                        "request-parameter-removed",
                        opr,
                        format!("{}/parameters/{i}", h.new),
                    )
                    .phys(format!("{}/parameters", h.new))
                    .base(format!("{}/parameters/{i}", h.old))
                    .before(val(&p.name))
                    .msg(format!("{} was removed", param_label(p))),
                (None, Some((i, p))) => {
                    let rule = if p.required {
                        "request-required-parameter-added"
                    } else {
                        "request-optional-parameter-added"
                    };
                    self.push(rule, opr, format!("{}/parameters/{i}", h.new))
                        .after(val(&p.name))
                        .msg(format!(
                            "{} was added{}",
                            param_label(p),
                            if p.required { " (required)" } else { "" }
                        ));
                }
                (Some((j, a)), Some((i, b))) => {
                    let new_at = format!("{}/parameters/{i}", h.new);
                    let old_at = format!("{}/parameters/{j}", h.old);
                    self.parameter(a, b, &new_at, &old_at, h.op)
                }
                (None, None) => {}
            }
        }
    }

    fn parameter(&mut self, a: &Parameter, b: &Parameter, new: &str, old: &str, op: &OperationRef) {
        let opr = Some(op);
        let label = param_label(b);
        if a.name != b.name && b.location == ParamLocation::Path {
            self.push("request-parameter-renamed", opr, format!("{new}/name"))
                .base(format!("{old}/name"))
                .before(val(&a.name))
                .after(val(&b.name))
                .msg(format!(
                    "path parameter `{}` is now called `{}`",
                    a.name, b.name
                ));
        }
        if a.required != b.required {
            let (rule, what) = if b.required {
                ("request-parameter-became-required", "required")
            } else {
                ("request-parameter-became-optional", "optional")
            };
            self.push(rule, opr, format!("{new}/required"))
                .base(format!("{old}/required"))
                .before(val(&a.required))
                .after(val(&b.required))
                .msg(format!("{label} became {what}"));
        }
        if a.deprecated != b.deprecated {
            let (rule, what) = if b.deprecated {
                ("request-parameter-deprecated", "became deprecated")
            } else {
                ("request-parameter-reactivated", "is no longer deprecated")
            };
            self.push(rule, opr, format!("{new}/deprecated"))
                .base(format!("{old}/deprecated"))
                .before(val(&a.deprecated))
                .after(val(&b.deprecated))
                .msg(format!("{label} {what}"));
        }
        if serialization(a) != serialization(b) {
            self.push(
                "request-parameter-style-changed",
                opr,
                format!("{new}/style"),
            )
            .phys(new)
            .base(format!("{old}/style"))
            .before(val(&serialization(a)))
            .after(val(&serialization(b)))
            .msg(format!("{label} is serialized differently"));
        }
        if a.description != b.description {
            self.push(
                "request-description-changed",
                opr,
                format!("{new}/description"),
            )
            .base(format!("{old}/description"))
            .before(val(&a.description))
            .after(val(&b.description))
            .msg(format!("the description of {label} changed"));
        }
        if a.example != b.example || a.examples != b.examples {
            self.push("request-example-changed", opr, format!("{new}/example"))
                .phys(new)
                .base(format!("{old}/example"))
                .before(val(&a.example))
                .after(val(&b.example))
                .msg(format!("the example of {label} changed"));
        }
        let at = At::root(format!("{new}/schema"), format!("{old}/schema"), label);
        self.walk(Direction::Request, Object::Parameter, op)
            .compare(&a.schema, &b.schema, &at);
    }

    fn walk<'w>(&'w mut self, dir: Direction, object: Object, op: &'w OperationRef) -> Walk<'w> {
        Walk::new(
            &self.old.components,
            &self.new.components,
            dir,
            object,
            op,
            &mut self.out,
            &mut self.memo,
        )
    }

    fn request_body(&mut self, o: Option<&RequestBody>, n: Option<&RequestBody>, h: &Here) {
        let at = format!("{}/requestBody", h.new);
        let base = format!("{}/requestBody", h.old);
        let opr = Some(h.op);
        match (o, n) {
            (None, None) => {}
            (Some(_), None) => self
                .push("request-body-removed", opr, at)
                .phys(h.new.clone())
                .base(base)
                .before(Some(Value::Bool(true)))
                .msg("the operation no longer takes a request body"),
            (None, Some(b)) => {
                let (rule, what) = if b.required {
                    ("request-required-body-added", "a required")
                } else {
                    ("request-optional-body-added", "an optional")
                };
                self.push(rule, opr, at)
                    .after(Some(Value::Bool(true)))
                    .msg(format!("the operation takes {what} request body"));
            }
            (Some(a), Some(b)) => {
                if a.required != b.required {
                    let (rule, what) = if b.required {
                        ("request-body-became-required", "required")
                    } else {
                        ("request-body-became-optional", "optional")
                    };
                    self.push(rule, opr, format!("{at}/required"))
                        .base(format!("{base}/required"))
                        .before(val(&a.required))
                        .after(val(&b.required))
                        .msg(format!("the request body became {what}"));
                }
                if a.description != b.description {
                    self.push(
                        "request-description-changed",
                        opr,
                        format!("{at}/description"),
                    )
                    .base(format!("{base}/description"))
                    .before(val(&a.description))
                    .after(val(&b.description))
                    .msg("the request body's description changed");
                }
                self.content(
                    &a.content,
                    &b.content,
                    &format!("{at}/content"),
                    &format!("{base}/content"),
                    Direction::Request,
                    h.op,
                );
            }
        }
    }

    fn content(
        &mut self,
        old: &indexmap::IndexMap<String, MediaType>,
        new: &indexmap::IndexMap<String, MediaType>,
        at: &str,
        base: &str,
        dir: Direction,
        op: &OperationRef,
    ) {
        let (added, removed, example, label) = match dir {
            Direction::Request => (
                "request-media-type-added",
                "request-media-type-removed",
                "request-example-changed",
                "the request body",
            ),
            Direction::Response => (
                "response-media-type-added",
                "response-media-type-removed",
                "response-example-changed",
                "the response body",
            ),
        };
        let opr = Some(op);
        for media in old.keys() {
            if !new.keys().any(|m| media_key(m) == media_key(media)) {
                self.push(removed, opr, ptr(at, media))
                    .phys(at)
                    .base(ptr(base, media))
                    .before(val(media))
                    .msg(format!("media type `{media}` is gone"));
            }
        }
        for (media, b) in new {
            let here = ptr(at, media);
            let Some((old_media, a)) = old.iter().find(|(m, _)| media_key(m) == media_key(media))
            else {
                self.push(added, opr, here)
                    .after(val(media))
                    .msg(format!("media type `{media}` was added"));
                continue;
            };
            let there = ptr(base, old_media);
            let examples = |m: &MediaType| {
                m.example_values()
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect::<BTreeMap<String, Value>>()
            };
            if examples(a) != examples(b) {
                self.push(example, opr, format!("{here}/examples"))
                    .phys(here.clone())
                    .base(format!("{there}/examples"))
                    .before(val(&examples(a)))
                    .after(val(&examples(b)))
                    .msg(format!("the `{media}` example changed"));
            }
            let empty = crate::model::Schema::default();
            let root = At::root(
                format!("{here}/schema"),
                format!("{there}/schema"),
                label.into(),
            )
            .with_new_ref(b.schema.as_ref());
            self.walk(dir, Object::Property, op).compare(
                a.schema.as_ref().unwrap_or(&empty),
                b.schema.as_ref().unwrap_or(&empty),
                &root,
            );
        }
    }

    fn responses(
        &mut self,
        old: &BTreeMap<String, Response>,
        new: &BTreeMap<String, Response>,
        h: &Here,
    ) {
        let success = |status: &str| status.starts_with('2');
        let opr = Some(h.op);
        let statuses: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for status in statuses {
            let at = format!("{}/responses/{status}", h.new);
            let base = format!("{}/responses/{status}", h.old);
            match (old.get(status), new.get(status)) {
                (Some(_), None) => {
                    let (rule, what) = if success(status) {
                        ("response-success-status-removed", "success")
                    } else {
                        ("response-non-success-status-removed", "response")
                    };
                    self.push(rule, opr, at)
                        .phys(format!("{}/responses", h.new))
                        .base(base)
                        .before(val(status))
                        .msg(format!("{what} status {status} is no longer documented"));
                }
                (None, Some(_)) => {
                    let (rule, what) = if success(status) {
                        ("response-success-status-added", "success")
                    } else {
                        ("response-non-success-status-added", "response")
                    };
                    self.push(rule, opr, at)
                        .after(val(status))
                        .msg(format!("{what} status {status} is documented"));
                }
                (Some(a), Some(b)) => self.response(status, a, b, &at, &base, h.op),
                (None, None) => {}
            }
        }
    }

    fn response(
        &mut self,
        status: &str,
        a: &Response,
        b: &Response,
        at: &str,
        base: &str,
        op: &OperationRef,
    ) {
        let opr = Some(op);
        if a.description != b.description {
            self.push(
                "response-description-changed",
                opr,
                format!("{at}/description"),
            )
            .base(format!("{base}/description"))
            .before(val(&a.description))
            .after(val(&b.description))
            .msg(format!("the description of response {status} changed"));
        }
        self.headers(a, b, at, base, op);
        let medias = |r: &Response| r.content.keys().cloned().collect::<Vec<String>>();
        match (a.content.is_empty(), b.content.is_empty()) {
            (true, true) => {}
            (false, true) => self
                .push("response-body-removed", opr, format!("{at}/content"))
                .phys(at)
                .base(format!("{base}/content"))
                .before(val(&medias(a)))
                .msg(format!("response {status} no longer has a body")),
            (true, false) => self
                .push("response-body-added", opr, format!("{at}/content"))
                .after(val(&medias(b)))
                .msg(format!("response {status} has a body")),
            (false, false) => self.content(
                &a.content,
                &b.content,
                &format!("{at}/content"),
                &format!("{base}/content"),
                Direction::Response,
                op,
            ),
        }
    }

    fn headers(&mut self, a: &Response, b: &Response, at: &str, base: &str, op: &OperationRef) {
        let opr = Some(op);
        let new_base = format!("{at}/headers");
        let old_base = format!("{base}/headers");
        for (name, h) in &a.headers {
            if find_header(b, name).is_none() {
                let rule = if h.required {
                    "response-required-header-removed"
                } else {
                    "response-optional-header-removed"
                };
                self.push(rule, opr, ptr(&new_base, name))
                    .phys(new_base.clone())
                    .base(ptr(&old_base, name))
                    .before(val(name))
                    .msg(format!("response header `{name}` is gone"));
            }
        }
        for (name, h) in &b.headers {
            let here = ptr(&new_base, name);
            let Some((old_name, g)) = find_header(a, name) else {
                self.push("response-header-added", opr, here)
                    .after(val(name))
                    .msg(format!("response header `{name}` is documented"));
                continue;
            };
            let there = ptr(&old_base, old_name);
            if g.required != h.required {
                let (rule, what) = if h.required {
                    ("response-header-became-required", "required")
                } else {
                    ("response-header-became-optional", "optional")
                };
                self.push(rule, opr, format!("{here}/required"))
                    .base(format!("{there}/required"))
                    .before(val(&g.required))
                    .after(val(&h.required))
                    .msg(format!("response header `{name}` became {what}"));
            }
            if g.description != h.description {
                self.push(
                    "response-description-changed",
                    opr,
                    format!("{here}/description"),
                )
                .base(format!("{there}/description"))
                .before(val(&g.description))
                .after(val(&h.description))
                .msg(format!(
                    "the description of response header `{name}` changed"
                ));
            }
            let old_type = schema::type_of(&self.old.components, &g.schema);
            let new_type = schema::type_of(&self.new.components, &h.schema);
            if old_type != new_type {
                self.push(
                    "response-header-type-changed",
                    opr,
                    format!("{here}/schema/type"),
                )
                .phys(format!("{here}/schema"))
                .base(format!("{there}/schema/type"))
                .before(val(&old_type))
                .after(val(&new_type))
                .msg(format!(
                    "the type of response header `{name}` changed from {} to {}",
                    old_type.unwrap_or("any"),
                    new_type.unwrap_or("any")
                ));
                continue;
            }
            let old_shape = schema::shape(&self.old.components, &g.schema);
            let new_shape = schema::shape(&self.new.components, &h.schema);
            if old_shape != new_shape {
                self.push(
                    "response-header-schema-changed",
                    opr,
                    format!("{here}/schema"),
                )
                .base(format!("{there}/schema"))
                .before(Some(old_shape))
                .after(Some(new_shape))
                .msg(format!("the schema of response header `{name}` changed"));
            }
        }
    }

    /// Component schemas no operation uses: compared by content, so a
    /// renamed one is not a change. (Used ones are compared where they
    /// are used.)
    fn unused_schemas(&mut self) {
        let used = |c: &Contract| -> BTreeSet<String> {
            let mut roots = Vec::new();
            for (ptr, root) in c.schema_roots() {
                if ptr.starts_with("/paths/") {
                    roots.extend(root.references());
                }
            }
            c.components.schema_closure(roots)
        };
        let shapes = |c: &Contract| -> BTreeSet<String> {
            c.components
                .schemas
                .values()
                .map(|s| schema::shape(&c.components, s).to_string())
                .collect()
        };
        let (old, new) = (self.old, self.new);
        let (old_shapes, new_shapes) = (shapes(old), shapes(new));
        for (from, to, shapes_to, removed) in [
            (old, new, &new_shapes, true),
            (new, old, &old_shapes, false),
        ] {
            let used_from = used(from);
            for (name, s) in &from.components.schemas {
                if used_from.contains(name) || to.components.schemas.contains_key(name) {
                    continue;
                }
                if shapes_to.contains(&schema::shape(&from.components, s).to_string()) {
                    continue;
                }
                let here = format!("/components/schemas/{}", escape_pointer(name));
                if removed {
                    self.push("api-schema-removed", None, here.clone())
                        .phys("/components/schemas")
                        .base(here)
                        .before(val(name))
                        .msg(format!(
                            "component schema `{name}` (used by no operation) was removed"
                        ));
                } else {
                    self.push("api-schema-added", None, here)
                        .after(val(name))
                        .msg(format!(
                            "component schema `{name}` (used by no operation) was added"
                        ));
                }
            }
        }
    }
}

/// Security requirements other than the empty (anonymous) one.
fn real(list: &[SecurityRequirement]) -> Vec<&SecurityRequirement> {
    list.iter().filter(|r| !r.is_empty()).collect()
}

/// Parameters by what identifies them across versions: a path parameter
/// by its position in the template, a header case-insensitively, others
/// by location and name.
fn keyed_parameters<'p>(
    path: &str,
    list: &'p [Parameter],
) -> BTreeMap<String, (usize, &'p Parameter)> {
    let vars = template_vars(path);
    let mut map: BTreeMap<String, (usize, &'p Parameter)> = BTreeMap::new();
    for (i, p) in list.iter().enumerate() {
        let key = match p.location {
            ParamLocation::Path => match vars.iter().position(|v| v == &p.name) {
                Some(at) => format!("path#{at:03}"),
                None => format!("path:{}", p.name),
            },
            ParamLocation::Header => format!("header:{}", p.name.to_ascii_lowercase()),
            other => format!("{}:{}", other.as_str(), p.name),
        };
        map.entry(key).or_insert((i, p));
    }
    map
}

fn find_header<'r>(r: &'r Response, name: &str) -> Option<(&'r String, &'r crate::model::Header)> {
    r.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))
}

/// What decides how a credential is sent (not its description).
fn scheme_wire(s: &SecurityScheme) -> Value {
    serde_json::json!({
        "type": s.kind,
        "scheme": s.scheme.as_deref().map(str::to_ascii_lowercase),
        "name": s.name,
        "in": s.location,
        "flows": s.flows,
        "openIdConnectUrl": s.open_id_connect_url,
    })
}

fn requirement_text(r: &SecurityRequirement) -> String {
    r.keys()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(" + ")
}

fn requirement_list(list: &[SecurityRequirement]) -> String {
    list.iter()
        .filter(|r| !r.is_empty())
        .map(requirement_text)
        .collect::<Vec<_>>()
        .join(" or ")
}

fn param_label(p: &Parameter) -> String {
    format!("{} parameter `{}`", p.location.as_str(), p.name)
}

/// A parameter's effective style and explode (OpenAPI defaults applied).
fn serialization(p: &Parameter) -> (String, bool) {
    let style = p.style.clone().unwrap_or_else(|| {
        match p.location {
            ParamLocation::Query | ParamLocation::Cookie => "form",
            ParamLocation::Path | ParamLocation::Header => "simple",
        }
        .to_string()
    });
    let explode = p.explode.unwrap_or(style == "form");
    (style, explode)
}

/// Generated Rust items a change touches: looked up in the client
/// generated from the base where the element existed there, else in the
/// revision's (built only when needed).
struct Impact<'c> {
    items: &'c dyn GeneratedItems,
    before: Box<dyn ItemIndex + 'c>,
    new: &'c Contract,
    after: Option<Box<dyn ItemIndex + 'c>>,
}

impl<'c> Impact<'c> {
    fn new(items: &'c dyn GeneratedItems, old: &'c Contract, new: &'c Contract) -> Self {
        Impact {
            items,
            before: items.index(old),
            new,
            after: None,
        }
    }

    fn items(&mut self, raw: &Raw) -> Vec<String> {
        if let Some(base) = &raw.base {
            let items = self.before.items_at(base, raw.old.as_ref());
            if !items.is_empty() {
                return items;
            }
        }
        let (items, new) = (self.items, self.new);
        self.after
            .get_or_insert_with(|| items.index(new))
            .items_at(&raw.pointer, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_shapes_ignore_parameter_names() {
        assert_eq!(path_shape("/m/{id}/x"), path_shape("/m/{memberId}/x"));
        assert_ne!(path_shape("/m/{id}"), path_shape("/m/{id}/x"));
        assert_eq!(template_vars("/a/{b}/c/{d}"), vec!["b", "d"]);
        assert_eq!(template_vars("/a/{b"), Vec::<String>::new());
    }
}
