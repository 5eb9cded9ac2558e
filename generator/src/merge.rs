//! All pages of a vendor become one contract: servers, paths, shared
//! components (identical ones deduplicated, conflicting names made unique
//! in page order), security schemes and operation ids.

use std::collections::BTreeMap;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::ingest::PageOutput;
use crate::model::{rename_schemes, Contract, Schema, Server};
use crate::pointer;
use crate::pointer::escape_pointer;
use crate::srcmap::SourceMap;

/// The merged contract, where each part came from, and what merging found.
pub struct Merged {
    pub contract: Contract,
    pub map: SourceMap,
    pub diagnostics: Diagnostics,
}

/// Merge pages in an order decided by their content alone (the strongest
/// shape first, then the page with the most operations, then the text),
/// so the contract depends neither on file names nor on directory
/// listing order: the first page's info, the servers most pages share
/// (ties go to the first), and which of two differing schemas of one name
/// keeps it.
pub fn merge(mut pages: Vec<PageOutput>) -> Merged {
    pages.sort_by_cached_key(|p| {
        (
            std::cmp::Reverse(p.shape.strength()),
            std::cmp::Reverse(p.contract.operations().count()),
            serde_json::to_string(&p.contract).unwrap_or_default(),
        )
    });
    let mut out = Contract::default();
    let mut map = SourceMap::default();
    let mut diags = Diagnostics::default();
    let server_sets: Vec<Vec<Server>> = pages
        .iter()
        .filter(|p| !p.contract.paths.is_empty() && !p.contract.servers.is_empty())
        .map(|p| p.contract.servers.clone())
        .collect();
    let common_servers = most_common(&server_sets);

    for page in pages {
        let PageOutput {
            contract: mut part,
            map: page_map,
            ..
        } = page;
        if part.paths.is_empty() && part.components.is_empty() {
            continue;
        }
        fill_info(&mut out, &part);

        // Schemas: keep identical ones once; rename conflicting ones.
        let mut renames: BTreeMap<String, String> = BTreeMap::new();
        let mut inserted: Vec<String> = Vec::new();
        for (name, schema) in std::mem::take(&mut part.components.schemas) {
            let target = unique_name(&out.components.schemas, &name, |existing| {
                existing == &schema
            });
            if target != name {
                renames.insert(name.clone(), target.clone());
            }
            if let std::collections::btree_map::Entry::Vacant(slot) =
                out.components.schemas.entry(target.clone())
            {
                inserted.push(target);
                slot.insert(schema);
            }
        }
        if !renames.is_empty() {
            rewrite_schema_refs(&mut part, &mut out, &renames, &inserted);
        }

        // Security schemes, the same way.
        let mut scheme_renames: BTreeMap<String, String> = BTreeMap::new();
        for (name, scheme) in std::mem::take(&mut part.components.security_schemes) {
            let target = out.components.add_security_scheme(&name, scheme);
            if target != name {
                scheme_renames.insert(name, target);
            }
        }

        let page_servers = part.servers.clone();
        let page_security = part.security.clone();
        let mut first_loc = None;
        let mut rebased: Vec<(String, String)> = Vec::new();
        for (page_path, item) in std::mem::take(&mut part.paths) {
            for (method, mut op) in item {
                let op_ptr = pointer::operation(&page_path, method);
                if first_loc.is_none() {
                    first_loc = page_map.locate(&op_ptr);
                }
                let mut path = page_path.clone();
                if op.servers.is_empty()
                    && !page_servers.is_empty()
                    && Some(&page_servers) != common_servers.as_ref()
                {
                    match common_servers
                        .as_ref()
                        .and_then(|c| rebase(&page_servers, c, &path))
                    {
                        // The same URL split differently: the shared server and a longer path.
                        Some(longer) => {
                            rebased.push((op_ptr.clone(), pointer::operation(&longer, method)));
                            path = longer;
                        }
                        None => op.servers = page_servers.clone(),
                    }
                }
                if op.security.is_none() && !page_security.is_empty() {
                    op.security = Some(page_security.clone());
                }
                if let Some(alternatives) = &mut op.security {
                    rename_schemes(alternatives, &scheme_renames);
                }
                let slot = out.paths.entry(path.clone()).or_default();
                match slot.get(&method) {
                    Some(existing) if existing == &op => {}
                    Some(_) => {
                        let loc = page_map.locate_or(&op_ptr, &crate::source::Location::file("?"));
                        diags.push(Diagnostic::new(
                            Code::DuplicateOperation,
                            loc,
                            format!("`{} {path}` is documented again, differently; the first page's version is kept", method.upper()),
                        ));
                    }
                    None => {
                        slot.insert(method, op);
                    }
                }
            }
        }
        for (from, to) in &renames {
            if let Some(loc) = page_map.locate(&pointer::join("/components/schemas", from)) {
                diags.push(Diagnostic::new(
                    Code::SchemaRenamed,
                    loc,
                    format!("schema `{from}` is defined differently on another page; this one is `{to}` in the contract"),
                ));
            }
        }
        if renames.is_empty() && scheme_renames.is_empty() && rebased.is_empty() {
            // Nothing moved: the page's pointers are the contract's.
            map.absorb_as_is(page_map);
            continue;
        }
        let escaped = [
            ("/components/schemas/", escaped_renames(&renames)),
            (
                "/components/securitySchemes/",
                escaped_renames(&scheme_renames),
            ),
        ];
        let rebased: Vec<(String, String)> = rebased
            .into_iter()
            .map(|(from, to)| (format!("{from}/"), to))
            .collect();
        let rename = |ptr: &str| {
            let ptr = rename_pointer(ptr, &escaped);
            for (from_slash, to) in &rebased {
                let from = &from_slash[..from_slash.len() - 1];
                if ptr == from || ptr.starts_with(from_slash.as_str()) {
                    return format!("{to}{}", &ptr[from.len()..]);
                }
            }
            ptr
        };
        map.absorb(page_map, &rename);
    }
    if let Some(servers) = common_servers {
        out.servers = servers;
    }
    unique_operation_ids(&mut out, &map, &mut diags);
    Merged {
        contract: out,
        map,
        diagnostics: diags,
    }
}

/// `path` under a page's only server, as a path under the shared
/// servers' first URL when that URL starts the page's
/// (`https://api.x.com` + `/v1/orders` is `https://api.x.com/v1` +
/// `/orders`).
fn rebase(page: &[Server], common: &[Server], path: &str) -> Option<String> {
    let ([page], Some(shared)) = (page, common.first()) else {
        return None;
    };
    let full = format!("{}{path}", page.url.trim_end_matches('/'));
    let rest = full.strip_prefix(shared.url.trim_end_matches('/'))?;
    (rest.starts_with('/') && page.variables.is_empty()).then(|| rest.to_string())
}

fn fill_info(out: &mut Contract, part: &Contract) {
    if out.info.title.is_empty() {
        out.info.title = part.info.title.clone();
    }
    if out.info.version.is_empty() {
        out.info.version = part.info.version.clone();
    }
    if out.info.description.is_none() {
        out.info.description = part.info.description.clone();
    }
}

/// The server list most pages share (first seen wins ties).
fn most_common(sets: &[Vec<Server>]) -> Option<Vec<Server>> {
    let mut best: Option<(&Vec<Server>, usize)> = None;
    for set in sets {
        let count = sets.iter().filter(|s| *s == set).count();
        if best.is_none_or(|(_, c)| count > c) {
            best = Some((set, count));
        }
    }
    best.map(|(s, _)| s.clone())
}

fn unique_name(
    taken: &BTreeMap<String, Schema>,
    base: &str,
    same: impl Fn(&Schema) -> bool,
) -> String {
    crate::naming::unique_name(base, |name| taken.get(name).is_none_or(&same))
}

/// Renames with both names escaped as pointer tokens, by old name.
fn escaped_renames(renames: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    renames
        .iter()
        .map(|(from, to)| (escape_pointer(from), escape_pointer(to)))
        .collect()
}

/// `ptr` with a renamed component's token replaced (`renames` from
/// [`escaped_renames`], per pointer prefix).
fn rename_pointer(ptr: &str, renames: &[(&str, BTreeMap<String, String>)]) -> String {
    for (prefix, renames) in renames {
        if let Some(rest) = ptr.strip_prefix(prefix) {
            let (name, tail) = rest.split_once('/').map_or((rest, ""), |(n, t)| (n, t));
            if let Some(to) = renames.get(name) {
                let tail = if tail.is_empty() {
                    String::new()
                } else {
                    format!("/{tail}")
                };
                return format!("{prefix}{to}{tail}");
            }
        }
    }
    ptr.to_string()
}

/// Point `$ref`s of a page (its operations, and the schemas it added to
/// `out`) at the renamed components.
fn rewrite_schema_refs(
    part: &mut Contract,
    out: &mut Contract,
    renames: &BTreeMap<String, String>,
    inserted: &[String],
) {
    // (old ref, old ref + `/`, new escaped name), formatted once.
    let olds: Vec<(String, String, String)> = renames
        .iter()
        .map(|(from, to)| {
            let old = format!("#/components/schemas/{}", escape_pointer(from));
            let under = format!("{old}/");
            (old, under, escape_pointer(to))
        })
        .collect();
    let fix = |s: &mut Schema| {
        if let Some(target) = &s.reference {
            for (old, under, to) in &olds {
                if target == old || target.starts_with(under.as_str()) {
                    s.reference =
                        Some(format!("#/components/schemas/{to}{}", &target[old.len()..]));
                    break;
                }
            }
        }
    };
    for (_, root) in part.schema_roots_mut() {
        root.walk_mut(&mut |s| fix(s));
    }
    for name in inserted {
        if let Some(schema) = out.components.schemas.get_mut(name) {
            schema.walk_mut(&mut |s| fix(s));
        }
    }
}

/// Operation ids must be unique in a contract: later duplicates get a
/// numeric suffix, in path/method order.
fn unique_operation_ids(contract: &mut Contract, map: &SourceMap, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (path, method, op) in contract.operations_mut() {
        let count = seen.entry(op.operation_id.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            let new_id = format!("{}{}", op.operation_id, count);
            if let Some(loc) = map.locate(&pointer::operation(path, method)) {
                diags.push(Diagnostic::new(
                    Code::DuplicateOperationId,
                    loc,
                    format!(
                        "operationId `{}` is already used; this operation is `{new_id}`",
                        op.operation_id
                    ),
                ));
            }
            op.operation_id = new_id;
        }
    }
}
