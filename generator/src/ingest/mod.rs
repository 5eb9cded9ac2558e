//! Page readers: each input shape becomes a partial [`Contract`].
//!
//! A page is classified by its content, never by its file extension:
//! - a whole OpenAPI document (a `.yaml`/`.json` spec file) or a fenced
//!   block `yaml|json [spec] METHOD /path` holding one: [`openapi`];
//! - a fenced block holding Mintlify's legacy endpoint dump: [`dump`];
//! - an MDX page with `<ParamField>`/`<ResponseField>`: [`mdx`];
//! - anything else documents no endpoint and is skipped with a note.

pub mod dump;
pub mod fence_info;
pub mod mdx;
pub mod openapi;
pub mod page_checks;
pub mod schema;
pub mod security;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::doc::{yaml, Pos};
use crate::model::Contract;
use crate::page::Page;
use crate::site::stub::{self, StubRef};
use crate::source::{Location, SourceFile};
use crate::srcmap::SourceMap;

/// Which reader produced a page's contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An OpenAPI 3.x document (embedded in a fence, or a whole file).
    OpenApi,
    /// Mintlify's legacy `paths: {path, method, request, response}` dump.
    EndpointDump,
    /// An MDX page with ParamField/ResponseField components.
    Mdx,
    /// An MDX stub page: `openapi: [spec] METHOD /path` frontmatter names
    /// an operation of a spec file (see [`crate::site::stub`]).
    Stub,
    /// The page documents no HTTP endpoint.
    NoEndpoint,
}

impl Shape {
    /// How much a page of this shape is trusted when several pages
    /// document the same thing: a whole or embedded OpenAPI document,
    /// then the legacy dump, then MDX fields, then a stub's own fields.
    pub fn strength(self) -> u8 {
        match self {
            Shape::OpenApi => 3,
            Shape::EndpointDump => 2,
            Shape::Mdx => 1,
            Shape::Stub | Shape::NoEndpoint => 0,
        }
    }
}

/// What one page contributes to its vendor's contract.
#[derive(Debug, Clone)]
pub struct PageOutput {
    pub shape: Shape,
    /// A partial contract: the page's operations, servers and components.
    pub contract: Contract,
    pub map: SourceMap,
    pub diagnostics: Diagnostics,
    /// The file is a whole OpenAPI document (a spec file), not a page.
    pub spec_file: bool,
    /// For a stub page: the operation it names.
    pub stub: Option<StubRef>,
    /// The page states no success status: its success response is under
    /// the assumed `200`.
    pub assumed_success: bool,
}

/// Per-page state shared by the readers: the file, its diagnostics and
/// the pointer -> position map of what has been built.
pub struct PageCx {
    pub file: SourceFile,
    pub diags: Diagnostics,
    pub map: SourceMap,
    /// See [`PageOutput::assumed_success`].
    pub assumed_success: bool,
}

impl PageCx {
    pub fn new(file: &SourceFile) -> Self {
        PageCx {
            file: file.clone(),
            diags: Diagnostics::default(),
            map: SourceMap::for_file(file),
            assumed_success: false,
        }
    }

    /// The location of `pos`. A position past the end of the page (a
    /// fence opened on the last line has its content "after" it) is the
    /// page's last line: a diagnostic never names a line the page lacks.
    pub fn loc(&self, pos: Pos) -> Location {
        // From the line index: counting line breaks here made every
        // diagnostic cost a scan of the whole page (megabytes for a spec).
        let last = self.file.line_count();
        let line = pos.line as usize;
        if line > last {
            return self.file.location_at(last, 1);
        }
        self.file.location_at(line, pos.col as usize)
    }

    /// A diagnostic with `code` (and so its severity) at `pos`.
    pub fn report(&mut self, code: Code, pos: Pos, message: impl Into<String>) {
        let loc = self.loc(pos);
        self.diags.push(Diagnostic::new(code, loc, message));
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }

    pub fn record(&mut self, pointer: &str, pos: Pos) {
        self.map.record(pointer, pos);
    }

    /// Record `node` and, recursively, every value inside it (for examples).
    pub fn record_value(&mut self, pointer: &str, node: &crate::doc::Node) {
        self.map.record(pointer, node.pos);
        match &node.kind {
            crate::doc::Kind::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.record_value(&crate::pointer::join(pointer, &i.to_string()), item);
                }
            }
            crate::doc::Kind::Map(entries) => {
                for e in entries {
                    self.record_value(&crate::pointer::join(pointer, &e.key), &e.value);
                }
            }
            _ => {}
        }
    }

    pub fn finish(self, shape: Shape, contract: Contract) -> PageOutput {
        PageOutput {
            shape,
            contract,
            map: self.map,
            diagnostics: self.diags,
            spec_file: false,
            stub: None,
            assumed_success: self.assumed_success,
        }
    }
}

/// Read one page (or spec file) into its partial contract. Never panics;
/// what cannot be read is an error diagnostic naming the place.
pub fn ingest(file: &SourceFile) -> PageOutput {
    let mut cx = PageCx::new(file);

    // A whole OpenAPI document (spec file): YAML or JSON with `openapi:` at the top.
    if let Some(root) = whole_document(file) {
        let contract = openapi::read_document(&mut cx, &root, None);
        free_in_background(root, file.text().len());
        let mut out = cx.finish(Shape::OpenApi, contract);
        out.spec_file = true;
        return out;
    }

    let page = Page::parse(file);
    for (pos, problem) in &page.problems {
        cx.report(Code::PageStructure, *pos, problem.clone());
    }

    let mut contract: Option<Contract> = None;
    let mut shape = Shape::NoEndpoint;
    for fence in &page.fences {
        let Some(info) = fence_info::parse(&fence.info) else {
            continue;
        };
        let root = match yaml::parse(&fence.content, fence.content_line, fence.indent) {
            Ok(root) => root,
            Err(e) => match fence_info::json_fallback(&fence.content, fence.content_line) {
                Some(root) if info.lang == "json" => root,
                _ => {
                    cx.report(
                        Code::SpecSyntax,
                        e.pos,
                        format!("the `{}` block does not parse: {}", fence.info, e.message),
                    );
                    continue;
                }
            },
        };
        let (fence_shape, mut part) = if root.get("openapi").is_some()
            || root.get("swagger").is_some()
        {
            (
                Shape::OpenApi,
                openapi::read_document(&mut cx, &root, Some((&info, &page))),
            )
        } else if root.get("paths").is_some_and(|p| p.get("path").is_some()) {
            (
                Shape::EndpointDump,
                dump::read_dump(&mut cx, &root, &info, &page),
            )
        } else {
            cx.report(
                Code::UnknownBlock,
                fence.info_pos,
                format!(
                    "the `{}` block names an endpoint but holds neither an OpenAPI document nor an endpoint dump",
                    fence.info
                ),
            );
            continue;
        };
        shape = fence_shape;
        contract = Some(match contract {
            None => part,
            Some(mut acc) => {
                add_security_schemes(&mut acc, &mut part);
                acc.paths.extend(part.paths);
                acc.components.schemas.extend(part.components.schemas);
                acc
            }
        });
    }
    if let Some(contract) = contract {
        return cx.finish(shape, contract);
    }

    let stub = page
        .front("openapi")
        .and_then(|(value, pos)| Some((stub::parse(&value)?, pos)));
    if let Some((stub::Target::Webhook { name }, pos)) = &stub {
        cx.report(
            Code::WebhookPage,
            *pos,
            format!("the page documents webhook `{name}`, which the vendor sends, not an operation; skipped"),
        );
        return cx.finish(Shape::NoEndpoint, Contract::default());
    }
    if let Some(contract) = mdx::read_page(&mut cx, &page) {
        if let Some((stub::Target::Operation { spec, method, path }, pos)) = stub {
            let location = cx.loc(pos);
            let mut out = cx.finish(Shape::Stub, contract);
            out.stub = Some(StubRef {
                spec,
                method,
                path,
                location,
            });
            return out;
        }
        return cx.finish(Shape::Mdx, contract);
    }
    cx.report(
        Code::NoEndpoint,
        Pos { line: 1, col: 1 },
        "page documents no HTTP endpoint; skipped",
    );
    cx.finish(Shape::NoEndpoint, Contract::default())
}

/// Documents from this size up are freed on another thread.
const FREE_IN_BACKGROUND: usize = 1 << 20;

/// Free the tree of a large document on another thread: nothing reads it
/// any more, and freeing a multi-megabyte spec's nodes one by one would
/// hold up the stages after reading. Small documents (and a failed
/// spawn, which drops the closure) free it here.
fn free_in_background(root: crate::doc::Node, text_len: usize) {
    if text_len >= FREE_IN_BACKGROUND {
        let _ = std::thread::Builder::new().spawn(move || drop(root));
    }
}

/// A later block's security schemes join the page's: one of a taken name
/// that sends its credential differently gets its own name (`name2`),
/// and the block's operations follow the rename.
fn add_security_schemes(acc: &mut Contract, part: &mut Contract) {
    let mut renames = std::collections::BTreeMap::new();
    for (name, scheme) in std::mem::take(&mut part.components.security_schemes) {
        let used = acc.components.add_security_scheme(&name, scheme);
        if used != name {
            renames.insert(name, used);
        }
    }
    for (_, _, op) in part.operations_mut() {
        if let Some(alternatives) = &mut op.security {
            crate::model::rename_schemes(alternatives, &renames);
        }
    }
}

/// The file as a whole OpenAPI document, if that is what it is.
fn whole_document(file: &SourceFile) -> Option<crate::doc::Node> {
    let text = file.text().trim_start_matches('\u{feff}');
    let first = text.trim_start().chars().next()?;
    let looks_like_spec = first == '{'
        || text.starts_with("openapi:")
        || text.starts_with("swagger:")
        || text.lines().any(|l| l.starts_with("openapi:"));
    if !looks_like_spec || text.trim_start().starts_with("---\n") && !text.contains("\nopenapi:") {
        return None;
    }
    let root = yaml::parse(text, 1, 0)
        .ok()
        .or_else(|| fence_info::json_fallback(text, 1))?;
    // The version field says which document this is; a page whose
    // frontmatter says `openapi: GET /users` is a stub, not a spec.
    let version = root.get("openapi").or_else(|| root.get("swagger"))?;
    let looks_like_version = match &version.kind {
        crate::doc::Kind::String(v) => v.trim_start().starts_with(|c: char| c.is_ascii_digit()),
        crate::doc::Kind::Number(_) => true,
        _ => false,
    };
    looks_like_version.then_some(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No input may panic a reader: truncations of real-looking pages at
    /// every byte, and odd fragments.
    #[test]
    fn no_input_panics() {
        let samples = [
            "````yaml post /a/{b}\nopenapi: 3.0.0\npaths:\n  /a/{b}:\n    post:\n      parameters:\n        - $ref: '#/x'\n      responses:\n        '200': {$ref: '#/components/responses/A'}\ncomponents:\n  responses:\n    A: {$ref: '#/components/responses/A'}\n````\n",
            "````yaml get /x\npaths:\n  path: /x\n  method: get\n  request:\n    parameters: {path: {a: {schema: []}}}\n    body: {application/json: {schemaArray: [{type: object, properties: {p: {allOf: []}}}]}}\n  response: {'200': {x: 1}}\n````\n",
            "---\napi: POST /x\n---\n<ParamField body=\"a\" type=\"string[]\" required>\n  <Expandable>\n    <ParamField body=\"b\" />\n",
            "{\"openapi\": \"3.1.0\", \"paths\": {\"/x\": {\"get\": {\"responses\": 5}}}}",
            "```yaml get /x\n&a [*a]\n```\n",
        ];
        for sample in samples {
            for end in (0..=sample.len()).filter(|i| sample.is_char_boundary(*i)) {
                let _ = ingest(&SourceFile::new("p.md", &sample[..end]));
            }
        }
        for odd in [
            "",
            "\u{feff}",
            "---",
            "---\n---\n",
            "````",
            "# ",
            ">",
            "{",
            "openapi:",
            "\0\0",
        ] {
            let _ = ingest(&SourceFile::new("p.md", odd));
        }
    }

    #[test]
    fn a_page_without_an_endpoint_is_skipped_with_a_note() {
        let out = ingest(&SourceFile::new(
            "v/guide.md",
            "# Getting started\n\nInstall the SDK.\n",
        ));
        assert_eq!(out.shape, Shape::NoEndpoint);
        assert!(out.contract.paths.is_empty());
        assert_eq!(
            out.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
            [Code::NoEndpoint]
        );
    }
}
