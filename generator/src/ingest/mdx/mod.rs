//! MDX pages with `<ParamField>` / `<ResponseField>` (shape b).
//!
//! The page is parsed as MDX ([`tree`]) and walked once ([`walk`]); its
//! fields ([`fields`]), example requests ([`request_samples`]), endpoint
//! lines and URLs ([`endpoint`]) and stated statuses ([`responses`]) are
//! combined into one operation:
//!
//! - method and path ([`locate`], [`path`]): `api:` frontmatter, else
//!   `openapi:` frontmatter, else an endpoint line in a plain code block
//!   (`POST /clients/members`), else the first example request (http,
//!   curl, fetch, requests), whose concrete path is turned into a template
//!   with the path ParamFields;
//! - server ([`path`]): the origin of an absolute `api:`/endpoint URL, else
//!   example URLs minus the path;
//! - parameters ([`params`]) and body ([`body`]) from ParamFields;
//!   credential headers become security schemes, else credentials shown by
//!   examples or `authMethod:` ([`auth`]);
//! - responses from what the page states (prose, status blocks,
//!   status-named ResponseFields, status tabs, status headings, example
//!   titles: [`response_docs`]); top-level ResponseFields are the body of
//!   the success response (the lowest documented 2xx, else 200).
//!
//! A page that states no endpoint and has no fields is not an endpoint
//! page: [`read_page`] returns None.

mod auth;
mod body;
mod endpoint;
mod field_defaults;
mod fields;
mod headings;
mod json_examples;
mod locate;
mod params;
mod path;
mod request_samples;
mod response_docs;
mod responses;
mod tree;
pub mod types;
mod walk;

use crate::doc::Pos;
use crate::model::{Components, Contract, Method, Operation};
use crate::page::Page;
use crate::pointer;

use super::PageCx;
use fields::Field;
use headings::Heading;
use locate::Source;
use tree::pos_at;
use walk::{CodeItem, Ctx, SampleItem, Walk};

const JSON: &str = "application/json";

/// Read an MDX page into a partial contract with its one operation, or
/// None when the page documents no HTTP endpoint.
pub fn read_page(cx: &mut PageCx, page: &Page) -> Option<Contract> {
    let blocks = tree::parse(cx, page)?;
    let mut walk = Walk::default();
    walk.walk(&blocks, &Ctx::default());
    let samples = walk::read_samples(&walk.codes);
    let markers = locate::endpoint_markers(&walk.codes);
    let all_fields = fields::collect(&blocks, None);

    let found = locate::find_endpoint(cx, page, &markers, &samples)?;
    locate::check_markers(cx, &found, &markers);
    let region = locate::region_of(cx, &found, &markers, &walk.headings);
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

/// The page's one operation being built: the address in [`path`], the
/// parameters in [`params`], the body in [`body`], credentials in [`auth`],
/// responses in [`response_docs`].
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
}

/// The page title: an MDX page's frontmatter `title`, else its `# Title`.
fn title(page: &Page) -> Option<String> {
    page.front("title")
        .map(|(t, _)| t)
        .filter(|t| !t.trim().is_empty())
        .or_else(|| page.title.as_ref().map(|(t, _)| t.clone()))
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
