//! One pass over the parsed page: the code fences with where they sit
//! (inside `<RequestExample>`, `<ResponseExample>`, a field, a status
//! tab; the heading above), the paragraphs outside fields, the headings,
//! and the example requests read from the fences.

use crate::doc::Pos;

use super::endpoint::{self, Target};
use super::headings::Heading;
use super::request_samples::{self, Sample};
use super::responses;
use super::tree::{Block, Code};

/// Where a block sits: inside which example or field, in which status tab.
#[derive(Debug, Clone, Default)]
pub(super) struct Ctx {
    pub(super) in_request: bool,
    pub(super) in_response: bool,
    pub(super) in_field: bool,
    pub(super) tab_status: Option<String>,
}

/// A code fence with where it sits on the page.
#[derive(Debug, Clone)]
pub(super) struct CodeItem<'a> {
    pub(super) code: &'a Code,
    pub(super) ctx: Ctx,
    /// The nearest heading above.
    pub(super) heading: Option<String>,
    /// The block right before this one was an http request fence.
    pub(super) after_http: bool,
}

/// Whether `codes[i]` is the body of the raw HTTP request written just
/// above it (an `http` fence holding only the request line and headers).
/// Request and response readers both ask: it is a request body, never a
/// response.
pub(super) fn follows_bodiless_http_request(codes: &[&CodeItem], i: usize) -> bool {
    codes[i].after_http
        && i > 0
        && super::request_samples::parse_sample("http", &codes[i - 1].code.value)
            .is_some_and(|s| s.body.is_none())
}

/// What the walk collects, in page order.
#[derive(Default)]
pub(super) struct Walk<'a> {
    pub(super) codes: Vec<CodeItem<'a>>,
    /// Paragraphs outside fields: (text, offset).
    pub(super) paras: Vec<(String, usize)>,
    /// Paragraphs in a status tab, outside fields: (status, text, offset).
    pub(super) tab_paras: Vec<(String, String, usize)>,
    pub(super) headings: Vec<Heading>,
    last_heading: Option<String>,
    last_was_http: bool,
}

impl<'a> Walk<'a> {
    pub(super) fn walk(&mut self, blocks: &'a [Block], ctx: &Ctx) {
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
pub(super) struct SampleItem {
    pub(super) sample: Sample,
    pub(super) target: Target,
    /// Offset of the fence.
    pub(super) start: usize,
    /// Page position of the fence's first content line.
    pub(super) first_line: u32,
    pub(super) indent: u32,
    pub(super) in_request: bool,
    /// The fence title (`cURL`, `curl (Namespace)`).
    pub(super) title: String,
}

impl SampleItem {
    pub(super) fn line_pos(&self, line: usize) -> Pos {
        Pos {
            line: self.first_line + line as u32,
            col: self.indent + 1,
        }
    }

    /// Where the sample's URL is.
    pub(super) fn url_pos(&self) -> Pos {
        self.line_pos(self.sample.url_line)
    }

    /// The value of header `name` the sample sends.
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.sample
            .headers
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v, _)| v.as_str())
    }

    pub(super) fn describe(&self) -> String {
        format!("the {} example", self.sample.kind.label())
    }
}

pub(super) fn read_samples(codes: &[CodeItem]) -> Vec<SampleItem> {
    codes
        .iter()
        .filter(|c| !c.ctx.in_response && !c.ctx.in_field)
        .flat_map(|c| {
            request_samples::parse_samples(&c.code.lang, &c.code.value)
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
