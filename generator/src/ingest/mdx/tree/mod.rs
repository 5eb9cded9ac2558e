//! The page as MDX: parsed with the `markdown` crate's MDX constructs and
//! reduced ([`convert`]) to the few block kinds the reader needs
//! (headings, paragraphs, code fences, JSX elements), each with its byte
//! offset in the page.
//!
//! Real pages are often not strict MDX (HTML comments, a stray `{` or `<`
//! in prose, unclosed tags). When the parser refuses a page, the offending
//! construct is blanked with spaces ([`repair`]) in a copy of the text —
//! byte offsets, and so positions, stay exact — and the page is parsed
//! again, a bounded number of times. One `not-strict-mdx` note reports the
//! first reason.

mod convert;
mod repair;

use markdown::mdast::Node;
use markdown::message::{Message, Place};
use markdown::{Constructs, MdxSignal, ParseOptions};

use crate::doc::Pos;
use crate::page::Page;
use crate::source::SourceFile;

use super::super::PageCx;
use convert::convert_flow;
use repair::{blank, repair};

/// How many constructs may be blanked before the page is given up on.
const MAX_REPAIRS: usize = 100;

/// One block of the page, in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        depth: u8,
        text: String,
        start: usize,
    },
    /// A paragraph, list or blockquote, flattened to text.
    Para {
        text: String,
        start: usize,
    },
    Code(Code),
    Elem(Elem),
}

/// A fenced code block.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// Lower-cased language (first word of the info string), may be empty.
    pub lang: String,
    /// The rest of the info string without `theme=...` (the fence title).
    pub meta: String,
    pub value: String,
    /// Byte offset of the opening fence.
    pub start: usize,
    /// 1-based page line of the first content line.
    pub first_line: u32,
    /// Columns of indentation before the fence (removed from the content).
    pub indent: u32,
}

/// A JSX element (flow, or a structural one found inside a paragraph).
#[derive(Debug, Clone, PartialEq)]
pub struct Elem {
    pub name: String,
    pub attrs: Vec<Attr>,
    pub start: usize,
    pub children: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    pub name: String,
    pub value: AttrValue,
}

/// An attribute value as written.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// `required`
    Bare,
    /// `type="string"`
    Literal(String),
    /// `default={-1}` (the text between the braces)
    Expr(String),
}

impl Elem {
    pub fn attr(&self, name: &str) -> Option<&AttrValue> {
        self.attrs.iter().find(|a| a.name == name).map(|a| &a.value)
    }

    /// A string attribute (literal, or an expression that is a string literal).
    pub fn attr_str(&self, name: &str) -> Option<String> {
        match self.attr(name)? {
            AttrValue::Literal(s) => Some(s.clone()),
            AttrValue::Expr(e) => {
                let e = e.trim();
                let unquoted = e
                    .strip_prefix('"')
                    .and_then(|s| s.strip_suffix('"'))
                    .or_else(|| e.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
                    .or_else(|| e.strip_prefix('`').and_then(|s| s.strip_suffix('`')));
                Some(unquoted.unwrap_or(e).to_string())
            }
            AttrValue::Bare => None,
        }
    }

    /// A boolean flag: bare, `{true}` or `"true"` (any case) is true.
    pub fn flag(&self, name: &str) -> Option<bool> {
        Some(match self.attr(name)? {
            AttrValue::Bare => true,
            AttrValue::Literal(s) | AttrValue::Expr(s) => s.trim().eq_ignore_ascii_case("true"),
        })
    }
}

/// Byte offset -> 1-based line and character column in `file`.
pub fn pos_at(file: &SourceFile, offset: usize) -> Pos {
    let loc = file.location(offset);
    Pos {
        line: loc.line,
        col: loc.col,
    }
}

/// Parse the page body into blocks. None when the page cannot be read as
/// MDX even after repairs (a warning says why).
pub fn parse(cx: &mut PageCx, page: &Page) -> Option<Vec<Block>> {
    let file = cx.file.clone();
    let mut text = file.text().to_string();
    // Frontmatter and scraper headers were read by `Page`; hide them.
    let hidden = page.body_start.min(text.len());
    blank(&mut text, 0, hidden);
    let options = ParseOptions {
        constructs: Constructs {
            frontmatter: true,
            gfm_table: true,
            ..Constructs::mdx()
        },
        mdx_esm_parse: Some(Box::new(esm_signal)),
        ..ParseOptions::default()
    };
    let mut first: Option<(usize, String)> = None;
    let mut repairs = 0;
    loop {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            markdown::to_mdast(&text, &options)
        }));
        let message = match result {
            Ok(Ok(root)) => {
                if let Some((offset, reason)) = first {
                    let more = if repairs > 1 {
                        format!(" ({} constructs were blanked in all)", repairs)
                    } else {
                        String::new()
                    };
                    cx.report(
                        crate::diag::Code::NotStrictMdx,
                        pos_at(&file, offset),
                        format!("page is not strict MDX: {reason}; the construct was blanked and the page read again{more}"),
                    );
                }
                let mut blocks = Vec::new();
                if let Node::Root(root) = root {
                    convert_flow(&root.children, &text, &mut blocks);
                }
                return Some(blocks);
            }
            Ok(Err(message)) => message,
            Err(_) => {
                cx.report(
                    crate::diag::Code::MdxUnreadable,
                    pos_at(&file, page.body_start),
                    "the MDX parser failed on this page; it was not read",
                );
                return None;
            }
        };
        let offset = message_offset(&message).min(text.len());
        let reason = clean_reason(&message.reason);
        if first.is_none() {
            first = Some((offset, reason.clone()));
        }
        if repairs >= MAX_REPAIRS || !repair(&mut text, offset, &message) {
            cx.report(
                crate::diag::Code::MdxUnreadable,
                pos_at(&file, offset),
                format!("page could not be read as MDX: {reason}"),
            );
            return None;
        }
        repairs += 1;
    }
}

/// ESM (`import`/`export` lines) is not JavaScript we read; it only has
/// to end where its brackets balance, so a multi-line `export const`
/// stays one block.
fn esm_signal(code: &str) -> MdxSignal {
    let mut depth = 0i64;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match quote {
            Some(_) if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' | '`' => quote = Some(c),
                '{' | '[' | '(' => depth += 1,
                '}' | ']' | ')' => depth -= 1,
                _ => {}
            },
        }
    }
    if depth > 0 || quote.is_some() {
        MdxSignal::Eof(
            "unbalanced brackets in import/export".into(),
            Box::new("esm".into()),
            Box::new("mdx-reader".into()),
        )
    } else {
        MdxSignal::Ok
    }
}

fn message_offset(message: &Message) -> usize {
    match message.place.as_deref() {
        Some(Place::Point(p)) => p.offset,
        Some(Place::Position(p)) => p.start.offset,
        None => 0,
    }
}

/// The parser's reason without its advice in parentheses.
fn clean_reason(reason: &str) -> String {
    let reason = match reason.find(" (note:") {
        Some(i) => &reason[..i],
        None => reason,
    };
    reason.trim().to_string()
}

#[cfg(test)]
mod tests;
