//! Changes as text (a terminal, optionally coloured), markdown (a pull
//! request comment) and JSON (a documented shape for tools).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{Change, Counts, Level, OperationRef};

/// An operation (none for API-wide changes) and its changes.
type OpGroup<'c> = (Option<&'c OperationRef>, Vec<&'c Change>);

/// Vendor -> (operation, its changes), operations in order.
type Groups<'c> = BTreeMap<&'c str, Vec<OpGroup<'c>>>;

/// Changes grouped by vendor, then operation (API-wide changes first), in
/// the order given (callers pass sorted changes).
fn grouped(changes: &[Change]) -> Groups<'_> {
    let mut out = Groups::new();
    for change in changes {
        let ops = out.entry(change.vendor.as_str()).or_default();
        match ops.last_mut() {
            Some((op, list)) if *op == change.operation.as_ref() => list.push(change),
            _ => ops.push((change.operation.as_ref(), vec![change])),
        }
    }
    out
}

/// The counts of a vendor's changes, over all its operations.
fn vendor_counts(ops: &[OpGroup<'_>]) -> Counts {
    Counts::of(ops.iter().flat_map(|(_, list)| list.iter().copied()))
}

/// A vendor's name as text and markdown head it: `contract` for changes
/// that name no vendor.
fn vendor_name(vendor: &str) -> &str {
    if vendor.is_empty() {
        "contract"
    } else {
        vendor
    }
}

/// A value as shown in text and markdown: compact JSON (strings quoted),
/// `none` when absent, cut at `max` characters.
pub fn short(value: Option<&Value>, max: usize) -> String {
    let Some(value) = value else {
        return "none".into();
    };
    let text = value.to_string();
    if text.chars().count() > max {
        let cut: String = text.chars().take(max.saturating_sub(3)).collect();
        format!("{cut}...")
    } else {
        text
    }
}

fn paint(text: &str, level: Level, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let code = match level {
        Level::Breaking => "1;31",
        Level::Warning => "33",
        Level::Info => "36",
    };
    format!("\u{1b}[{code}m{text}\u{1b}[0m")
}

/// The text report: per vendor a summary line, per operation a heading,
/// one line per change (level, rule, pointer, old -> new, page:line,
/// message) and, under breaking and warning changes, the generated Rust
/// items they touch.
pub fn text(changes: &[Change], color: bool) -> String {
    if changes.is_empty() {
        return "no changes\n".into();
    }
    let mut out = String::new();
    for (vendor, ops) in grouped(changes) {
        let counts = vendor_counts(&ops);
        out.push_str(&format!("{}: {counts}\n", vendor_name(vendor)));
        for (op, list) in ops {
            match op {
                Some(op) => out.push_str(&format!("  {}\n", op.label())),
                None => out.push_str("  (API)\n"),
            }
            for c in list {
                let level = paint(&format!("{:<8}", c.level.as_str()), c.level, color);
                let at = c
                    .location
                    .as_deref()
                    .map(|l| format!(" [{l}]"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "    {level} {} {} {} -> {}{at}: {}\n",
                    c.rule,
                    c.pointer,
                    short(c.old.as_ref(), 60),
                    short(c.new.as_ref(), 60),
                    c.message
                ));
                if !c.impact.is_empty() {
                    out.push_str(&format!("             client: {}\n", c.impact.join(", ")));
                }
            }
        }
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The markdown report: a summary, then per vendor a table (one row per
/// change) grouped by operation.
pub fn markdown(changes: &[Change]) -> String {
    let mut out = String::from("## Contract changes\n\n");
    if changes.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    for (vendor, ops) in grouped(changes) {
        let counts = vendor_counts(&ops);
        out.push_str(&format!("### {}: {counts}\n\n", vendor_name(vendor)));
        out.push_str("| operation | level | rule | pointer | old | new | where | client |\n");
        out.push_str("|---|---|---|---|---|---|---|---|\n");
        for (op, list) in ops {
            let op = op.map_or_else(|| "(API)".to_string(), OperationRef::label);
            for c in list {
                let level = match c.level {
                    Level::Breaking => "**breaking**",
                    Level::Warning => "warning",
                    Level::Info => "info",
                };
                out.push_str(&format!(
                    "| {} | {level} | `{}` | `{}` | `{}` | `{}` | {} | {} |\n",
                    cell(&op),
                    c.rule,
                    cell(&c.pointer),
                    cell(&short(c.old.as_ref(), 40)),
                    cell(&short(c.new.as_ref(), 40)),
                    cell(c.location.as_deref().unwrap_or("")),
                    cell(
                        &c.impact
                            .iter()
                            .map(|i| format!("`{i}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        out.push('\n');
    }
    out
}

/// The JSON report:
///
/// ```json
/// {"summary": {"breaking": 1, "warning": 0, "info": 2},
///  "vendors": {"turso": {"breaking": 1, "warning": 0, "info": 2}},
///  "changes": [{"rule": "...", "level": "breaking|warning|info", "vendor": "turso",
///               "operation": {"path": "...", "method": "POST", "operationId": "..."} | null,
///               "pointer": "/paths/...", "old": <json> | null, "new": <json> | null,
///               "message": "...", "location": "page:line" | null, "client": ["..."]}]}
/// ```
///
/// `changes` is empty when nothing changed.
pub fn json(changes: &[Change]) -> Value {
    let mut vendors = serde_json::Map::new();
    for (vendor, ops) in grouped(changes) {
        vendors.insert(vendor.to_string(), json!(vendor_counts(&ops)));
    }
    json!({
        "summary": Counts::of(changes),
        "vendors": vendors,
        "changes": changes,
    })
}
