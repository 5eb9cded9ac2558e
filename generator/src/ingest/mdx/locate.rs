//! Which endpoint the page documents, and which part of the page
//! documents it: `api:` frontmatter, else `openapi:` frontmatter, else an
//! endpoint line in a plain code block (`POST /clients/members`), else the
//! best example request. A page with endpoint lines for several endpoints
//! is read only in the section of the chosen one.

use crate::diag::Code;
use crate::doc::Pos;
use crate::model::Method;
use crate::page::Page;

use super::endpoint::{self, Target};
use super::headings::Heading;
use super::request_samples::SampleKind;
use super::walk::{CodeItem, SampleItem};
use super::PageCx;

/// A plain code block holding one `METHOD url-or-path` line.
#[derive(Debug, Clone)]
pub(super) struct Marker {
    method: Method,
    target: Target,
    start: usize,
    pos: Pos,
    under_endpoint_heading: bool,
}

pub(super) fn endpoint_markers(codes: &[CodeItem]) -> Vec<Marker> {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    Api,
    OpenApi,
    Marker,
    Sample,
}

#[derive(Debug, Clone)]
pub(super) struct Found {
    pub(super) method: Method,
    pub(super) target: Target,
    pub(super) pos: Pos,
    pub(super) source: Source,
    /// Index of the sample it came from.
    pub(super) sample: Option<usize>,
    /// Index of the marker it came from.
    marker: Option<usize>,
}

pub(super) fn find_endpoint(
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
            None => cx.report(
                Code::ApiFrontmatter,
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
            None => cx.report(
                Code::OpenapiFrontmatter,
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
pub(super) fn check_markers(cx: &mut PageCx, found: &Found, markers: &[Marker]) {
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
        cx.report(
            Code::EndpointConflict,
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
pub(super) fn region_of(
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
    cx.report(
        Code::MultipleEndpoints,
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
