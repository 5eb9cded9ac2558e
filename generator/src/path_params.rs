//! The path-parameter repair, a stage of its own right after merging:
//! every `{name}` of a path template gets a path parameter (a required
//! string when no page documents one) and a path parameter the template
//! lacks is dropped. Dropping one moves the parameters after it up, so
//! the source map's `parameters/<index>` entries are renumbered with them:
//! a later diagnostic about a parameter still points at its own line.
//!
//! It runs before `vendor.toml`, the overlay and `$ref` resolution, so an
//! overlay's targets (`parameters[1]`) index the parameters as published
//! and the checks after it only check.

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::path::template_names;
use crate::model::{Contract, ParamLocation, Parameter};
use crate::pointer;
use crate::source::Location;
use crate::srcmap::SourceMap;

/// Make every operation's path parameters match its path template.
pub fn repair(contract: &mut Contract, map: &mut SourceMap, diags: &mut Diagnostics) {
    for (path, method, op) in contract.operations_mut() {
        let op_ptr = pointer::operation(path, method);
        let loc = map.locate_or(&op_ptr, &Location::file("?"));
        let names: Vec<String> = template_names(path)
            .into_iter()
            .map(str::to_string)
            .collect();

        let unused = |p: &Parameter| p.location == ParamLocation::Path && !names.contains(&p.name);
        let dropped: Vec<String> = op
            .parameters
            .iter()
            .filter(|p| unused(p))
            .map(|p| p.name.clone())
            .collect();
        if !dropped.is_empty() {
            // Old index -> new index (none for a dropped parameter), so the
            // positions recorded per index follow their parameter.
            let mut next = 0;
            let new_index: Vec<Option<usize>> = op
                .parameters
                .iter()
                .map(|p| {
                    (!unused(p)).then(|| {
                        next += 1;
                        next - 1
                    })
                })
                .collect();
            map.reindex(&pointer::join(&op_ptr, "parameters"), |i| {
                new_index.get(i).copied().flatten()
            });
            op.parameters.retain(|p| !unused(p));
            diags.push(Diagnostic::new(
                Code::PathParameterUnused,
                loc.clone(),
                format!(
                    "path parameter(s) {} do not appear in `{path}`; dropped",
                    dropped.join(", ")
                ),
            ));
        }

        // Added last: no position is recorded under their new indexes
        // (reindexing left none past the kept parameters), so a diagnostic
        // about one falls back to the operation's line.
        for name in &names {
            let declared = op
                .parameters
                .iter()
                .any(|p| p.location == ParamLocation::Path && &p.name == name);
            if !declared {
                diags.push(Diagnostic::new(
                    Code::PathParameterMissing,
                    loc.clone(),
                    format!("`{{{name}}}` in `{path}` has no path parameter; added as a required string"),
                ));
                op.parameters.push(Parameter::undocumented_path(name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::source::SourceFile;

    /// `gone` (line 9) is dropped, so `id` moves from index 1 to 0 and
    /// `limit` from 2 to 1; the mismatches found later in their examples
    /// must name lines 17 and 21, where the examples are, not the lines
    /// of the parameters that used to have those indexes.
    #[test]
    fn a_diagnostic_after_a_dropped_path_parameter_points_at_its_own_line() {
        let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /items/{id}/{extra}:
    get:
      operationId: getItem
      parameters:
        - name: gone
          in: path
          required: true
          schema: {type: string}
        - name: id
          in: path
          required: true
          schema: {type: integer}
          example: abc
        - name: limit
          in: query
          schema: {type: integer, maximum: 5}
          example: 9
      responses:
        '200': {description: OK}
";
        let r = crate::vendor::build_from_files("v", vec![SourceFile::new("v/spec.yaml", spec)]);
        // Each diagnostic as (code, line, the first `name` its message quotes).
        let found: Vec<(&str, u32, &str)> = r
            .diagnostics
            .iter()
            .map(|d| {
                let quoted = d.message.split('`').nth(1).unwrap_or("");
                (d.code.as_str(), d.location.line, quoted)
            })
            .collect();
        let shown = r.diagnostics.render();
        for expected in [
            ("path-parameter-unused", 6, "/items/{id}/{extra}"),
            ("path-parameter-missing", 6, "{extra}"),
            ("example-mismatch", 17, "id"),
            ("example-mismatch", 21, "limit"),
        ] {
            assert!(found.contains(&expected), "{expected:?} in\n{shown}");
        }
        assert_eq!(found.len(), 4, "{shown}");
        let params =
            &r.contract.paths["/items/{id}/{extra}"][&crate::model::Method::Get].parameters;
        let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["id", "limit", "extra"]);
        // The added `extra` takes no stale position: it is placed at its operation.
        let extra = r
            .map
            .locate("/paths/~1items~1{id}~1{extra}/get/parameters/2");
        assert_eq!(extra.map(|l| l.line), Some(6));
    }
}
