//! What the binary prints at start-up: every route, one line each,
//! grouped per vendor (as Prism prints its routes), coloured on a terminal.

use std::fmt::Write;

use crate::registry::Registry;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";

fn method_colour(method: &str) -> &'static str {
    match method {
        "GET" | "HEAD" => "\x1b[32m",
        "POST" => "\x1b[33m",
        "PUT" | "PATCH" => "\x1b[34m",
        "DELETE" => "\x1b[31m",
        _ => "\x1b[36m",
    }
}

/// The routes under `base` (`http://127.0.0.1:4010`): per vendor a header
/// line, then `METHOD URL operationId statuses` per operation; then the
/// admin pages.
pub fn routes(registry: &Registry, base: &str, colour: bool) -> String {
    let paint = |code: &'static str| if colour { code } else { "" };
    let reset = paint(RESET);
    let mut names: Vec<&String> = registry.vendors.keys().collect();
    names.sort();
    let mut out = String::new();
    for name in names {
        let v = &registry.vendors[name];
        let also = if v.base_paths.is_empty() {
            String::new()
        } else {
            let at: Vec<String> = v
                .base_paths
                .iter()
                .map(|b| format!("{base}/{}{b}/...", v.name))
                .collect();
            format!("; also at {}", at.join(", "))
        };
        let _ = writeln!(
            out,
            "{}{}{reset} {}({} operation{}{also}){reset}",
            paint(BOLD),
            v.name,
            paint(DIM),
            v.ops.len(),
            if v.ops.len() == 1 { "" } else { "s" },
        );
        for op in &v.ops {
            let method = op.method.upper();
            let statuses: Vec<&str> = op.responses.iter().map(|r| r.key.as_str()).collect();
            let _ = writeln!(
                out,
                "  {}{method:<7}{reset} {base}/{}{} {}{} [{}]{}{reset}",
                paint(method_colour(&method)),
                v.name,
                op.path,
                paint(DIM),
                op.id,
                statuses.join(" "),
                if op.deprecated { " deprecated" } else { "" },
            );
        }
    }
    let _ = writeln!(
        out,
        "{}admin{reset}  {base}/__mock/ (web page), {base}/__mock/requests, {base}/__mock/coverage, {base}/__mock/operations",
        paint(BOLD)
    );
    out
}
