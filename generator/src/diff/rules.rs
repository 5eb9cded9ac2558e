//! The rule table: every change the classifier reports, with its level.
//!
//! Ids are `<request|response|api>-<object>-<change>`. The level is the
//! one a client of the old contract feels: in a request, breaking when a
//! request that was valid becomes invalid; in a response, breaking when a
//! response the client could read no longer decodes or loses something
//! the client relied on. This table is the one place levels are set.

use std::fmt;

use serde::Serialize;

/// How much a change matters to an existing client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Nothing that worked stops working (additions, relaxations, docs).
    Info,
    /// May break a client that relied on more than the contract promised,
    /// or changes the generated client's surface without breaking the wire.
    Warning,
    /// A valid request becomes invalid, or a readable response no longer
    /// decodes or loses what the client relied on.
    Breaking,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Breaking, Level::Warning, Level::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Breaking => "breaking",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == text)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub level: Level,
    /// The rules the same pair reports when compared the other way round
    /// (the rule itself for symmetric changes such as a type change).
    pub opposites: &'static [&'static str],
    pub description: &'static str,
}

const fn rule(
    id: &'static str,
    level: Level,
    opposites: &'static [&'static str],
    description: &'static str,
) -> Rule {
    Rule {
        id,
        level,
        opposites,
        description,
    }
}

use Level::{Breaking, Info, Warning};

/// Every rule, grouped by area. Ids are stable: tests and CI configs refer
/// to them.
pub const RULES: &[Rule] = &[
    // Paths and operations.
    rule("api-path-added", Info, &["api-path-removed"], "a path (with its operations) was added"),
    rule("api-path-removed", Breaking, &["api-path-added"], "a path and every operation on it were removed"),
    rule("api-operation-added", Info, &["api-operation-removed"], "an operation was added to an existing path"),
    rule("api-operation-removed", Breaking, &["api-operation-added"], "an operation was removed; its path still has others"),
    rule("api-operation-id-changed", Breaking, &["api-operation-id-changed"], "the operationId changed, and with it the generated client method's name"),
    rule("api-operation-deprecated", Info, &["api-operation-reactivated"], "the operation became deprecated"),
    rule("api-operation-reactivated", Info, &["api-operation-deprecated"], "the operation is no longer deprecated"),
    rule("api-operation-description-changed", Info, &["api-operation-description-changed"], "the operation's summary, description or tags changed"),
    rule("api-description-changed", Info, &["api-description-changed"], "the API's title, version or description, or a server or security scheme description changed"),
    // Servers.
    rule("api-server-added", Info, &["api-server-removed"], "a server URL was added"),
    rule("api-server-removed", Breaking, &["api-server-added"], "a server URL was removed: clients calling it (the generated client's default base URL among them, if it was first) lose their endpoint"),
    rule("api-server-changed", Info, &["api-server-changed"], "a server's variables changed"),
    // Security.
    rule("api-security-added", Breaking, &["api-security-removed"], "an operation that needed no credentials now requires them"),
    rule("api-security-removed", Info, &["api-security-added"], "an operation no longer requires credentials"),
    rule("api-security-requirement-added", Info, &["api-security-requirement-removed"], "another way to authenticate is accepted"),
    rule("api-security-requirement-removed", Breaking, &["api-security-requirement-added"], "a way to authenticate that was accepted no longer is"),
    rule("api-security-scope-added", Breaking, &["api-security-scope-removed"], "a security requirement needs more scopes"),
    rule("api-security-scope-removed", Info, &["api-security-scope-added"], "a security requirement needs fewer scopes"),
    rule("api-security-scheme-added", Info, &["api-security-scheme-removed"], "a security scheme was added"),
    rule("api-security-scheme-removed", Breaking, &["api-security-scheme-added"], "a security scheme was removed (and the generated client's setter for it)"),
    rule("api-security-scheme-changed", Breaking, &["api-security-scheme-changed"], "a security scheme sends its credential differently (type, scheme, header or query name)"),
    // Component schemas no operation uses.
    rule("api-schema-added", Info, &["api-schema-removed"], "a component schema no operation uses was added"),
    rule("api-schema-removed", Warning, &["api-schema-added"], "a component schema no operation uses was removed (its generated type goes with it)"),
    // Request parameters.
    rule("request-required-parameter-added", Breaking, &["request-parameter-removed"], "a new required parameter"),
    rule("request-optional-parameter-added", Info, &["request-parameter-removed"], "a new optional parameter"),
    rule("request-parameter-removed", Warning, &["request-required-parameter-added", "request-optional-parameter-added"], "a parameter was removed: requests still carrying it may be rejected, and the generated method loses the argument"),
    rule("request-parameter-became-required", Breaking, &["request-parameter-became-optional"], "an optional parameter became required"),
    rule("request-parameter-became-optional", Info, &["request-parameter-became-required"], "a required parameter became optional"),
    rule("request-parameter-renamed", Info, &["request-parameter-renamed"], "a path parameter was renamed (same position in the path template: the same operation)"),
    rule("request-parameter-style-changed", Breaking, &["request-parameter-style-changed"], "a parameter is serialized differently (style or explode)"),
    rule("request-parameter-deprecated", Info, &["request-parameter-reactivated"], "a parameter became deprecated"),
    rule("request-parameter-reactivated", Info, &["request-parameter-deprecated"], "a parameter is no longer deprecated"),
    rule("request-parameter-type-changed", Breaking, &["request-parameter-type-changed"], "a parameter's type changed"),
    rule("request-parameter-enum-value-added", Info, &["request-parameter-enum-value-removed"], "a parameter accepts more enum values"),
    rule("request-parameter-enum-value-removed", Breaking, &["request-parameter-enum-value-added"], "a parameter no longer accepts an enum value"),
    rule("request-parameter-constraint-tightened", Breaking, &["request-parameter-constraint-relaxed"], "a parameter accepts fewer values (a bound tightened or added, a pattern, format or enum added, no longer nullable)"),
    rule("request-parameter-constraint-relaxed", Info, &["request-parameter-constraint-tightened"], "a parameter accepts more values (a bound relaxed or dropped, a pattern, format or enum dropped, nullable)"),
    rule("request-parameter-constraint-changed", Breaking, &["request-parameter-constraint-changed"], "a parameter's pattern, format or multipleOf changed to one that accepts different values"),
    rule("request-parameter-default-changed", Warning, &["request-parameter-default-changed"], "the value a server assumes for an omitted parameter changed"),
    // Request bodies.
    rule("request-required-body-added", Breaking, &["request-body-removed"], "an operation that took no body now requires one"),
    rule("request-optional-body-added", Info, &["request-body-removed"], "an operation accepts an optional body"),
    rule("request-body-removed", Warning, &["request-required-body-added", "request-optional-body-added"], "an operation no longer takes a body"),
    rule("request-body-became-required", Breaking, &["request-body-became-optional"], "the request body became required"),
    rule("request-body-became-optional", Info, &["request-body-became-required"], "the request body became optional"),
    rule("request-media-type-added", Info, &["request-media-type-removed"], "the body may be sent as another media type"),
    rule("request-media-type-removed", Breaking, &["request-media-type-added"], "a media type the body could be sent as is no longer accepted"),
    // Request body properties (and the body schema itself).
    rule("request-required-property-added", Breaking, &["request-property-removed"], "a new required property in the request body"),
    rule("request-optional-property-added", Info, &["request-property-removed"], "a new optional property in the request body"),
    rule("request-property-removed", Warning, &["request-required-property-added", "request-optional-property-added"], "a request body property was removed: requests still sending it may be rejected"),
    rule("request-property-became-required", Breaking, &["request-property-became-optional"], "an optional request property became required"),
    rule("request-property-became-optional", Info, &["request-property-became-required"], "a required request property became optional"),
    rule("request-property-type-changed", Breaking, &["request-property-type-changed"], "a request property's type changed (also when it widens: the generated field type changes)"),
    rule("request-property-enum-value-added", Info, &["request-property-enum-value-removed"], "a request property accepts more enum values"),
    rule("request-property-enum-value-removed", Breaking, &["request-property-enum-value-added"], "a request property no longer accepts an enum value"),
    rule("request-property-constraint-tightened", Breaking, &["request-property-constraint-relaxed"], "a request property accepts fewer values (a bound tightened or added, a pattern, format, enum or uniqueItems added, additionalProperties restricted, became readOnly)"),
    rule("request-property-constraint-relaxed", Info, &["request-property-constraint-tightened"], "a request property accepts more values"),
    rule("request-property-constraint-changed", Breaking, &["request-property-constraint-changed"], "a request property's pattern, format or multipleOf changed to one that accepts different values"),
    rule("request-property-became-nullable", Info, &["request-property-became-not-nullable"], "a request property accepts null"),
    rule("request-property-became-not-nullable", Breaking, &["request-property-became-nullable"], "a request property no longer accepts null"),
    rule("request-property-variant-added", Info, &["request-property-variant-removed"], "a oneOf/anyOf in the request accepts another alternative"),
    rule("request-property-variant-removed", Breaking, &["request-property-variant-added"], "a oneOf/anyOf in the request lost an alternative"),
    rule("request-property-default-changed", Warning, &["request-property-default-changed"], "the value a server assumes for an omitted request property changed"),
    rule("request-property-deprecated", Info, &["request-property-reactivated"], "a request property became deprecated"),
    rule("request-property-reactivated", Info, &["request-property-deprecated"], "a request property is no longer deprecated"),
    rule("request-description-changed", Info, &["request-description-changed"], "a parameter's, body's or request property's description or title changed"),
    rule("request-example-changed", Info, &["request-example-changed"], "a request example changed"),
    // Response statuses and bodies.
    rule("response-success-status-added", Warning, &["response-success-status-removed"], "another success status: the old client sees it as undocumented"),
    rule("response-success-status-removed", Breaking, &["response-success-status-added"], "a success status the client decodes is gone"),
    rule("response-non-success-status-added", Info, &["response-non-success-status-removed"], "another error (or default) status is documented"),
    rule("response-non-success-status-removed", Warning, &["response-non-success-status-added"], "an error status is no longer documented (its variant leaves the generated response enum)"),
    rule("response-body-added", Info, &["response-body-removed"], "a response that had no body now has one"),
    rule("response-body-removed", Breaking, &["response-body-added"], "a response lost its body"),
    rule("response-media-type-added", Info, &["response-media-type-removed"], "a response may come as another media type"),
    rule("response-media-type-removed", Breaking, &["response-media-type-added"], "a media type the response came as is gone"),
    // Response body properties (and the body schema itself).
    rule("response-property-added", Info, &["response-property-removed"], "a new response property"),
    rule("response-property-removed", Breaking, &["response-property-added"], "a response property the client could read is gone"),
    rule("response-property-became-optional", Breaking, &["response-property-became-required"], "a response property the client could rely on may now be absent"),
    rule("response-property-became-required", Info, &["response-property-became-optional"], "a response property is now always present"),
    rule("response-property-became-nullable", Breaking, &["response-property-became-not-nullable"], "a response property may now be null"),
    rule("response-property-became-not-nullable", Info, &["response-property-became-nullable"], "a response property is no longer null"),
    rule("response-property-type-changed", Breaking, &["response-property-type-changed"], "a response property's type changed"),
    rule("response-property-enum-value-added", Warning, &["response-property-enum-value-removed"], "a response property may carry an enum value the client does not know (generated enums decode it as `Unknown`)"),
    rule("response-property-enum-value-removed", Info, &["response-property-enum-value-added"], "a response property no longer carries an enum value"),
    rule("response-property-constraint-tightened", Info, &["response-property-constraint-relaxed"], "a response property carries fewer values"),
    rule("response-property-constraint-relaxed", Warning, &["response-property-constraint-tightened"], "a response property may carry values the old contract ruled out (a longer string, a number past the old bound, no format)"),
    rule("response-property-constraint-changed", Warning, &["response-property-constraint-changed"], "a response property's pattern, format or multipleOf changed"),
    rule("response-property-variant-added", Breaking, &["response-property-variant-removed"], "a oneOf/anyOf in the response has another alternative the client cannot decode"),
    rule("response-property-variant-removed", Info, &["response-property-variant-added"], "a oneOf/anyOf in the response has fewer alternatives"),
    rule("response-property-default-changed", Info, &["response-property-default-changed"], "a response property's documented default changed"),
    rule("response-property-deprecated", Info, &["response-property-reactivated"], "a response property became deprecated"),
    rule("response-property-reactivated", Info, &["response-property-deprecated"], "a response property is no longer deprecated"),
    // Response headers.
    rule("response-header-added", Info, &["response-required-header-removed", "response-optional-header-removed"], "a response header is documented"),
    rule("response-required-header-removed", Breaking, &["response-header-added"], "a response header that was always sent is gone"),
    rule("response-optional-header-removed", Warning, &["response-header-added"], "an optional response header is gone"),
    rule("response-header-became-required", Info, &["response-header-became-optional"], "a response header is now always sent"),
    rule("response-header-became-optional", Breaking, &["response-header-became-required"], "a response header that was always sent may now be absent"),
    rule("response-header-type-changed", Breaking, &["response-header-type-changed"], "a response header's type changed"),
    rule("response-header-schema-changed", Warning, &["response-header-schema-changed"], "a response header's constraints or format changed"),
    rule("response-description-changed", Info, &["response-description-changed"], "a response's, header's or response property's description or title changed"),
    rule("response-example-changed", Info, &["response-example-changed"], "a response example changed"),
];

/// The rule with this id.
pub fn rule_by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_well_formed_and_opposites_exist() {
        let mut seen = std::collections::BTreeSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "duplicate rule id {}", r.id);
            assert!(
                ["api-", "request-", "response-"]
                    .iter()
                    .any(|p| r.id.starts_with(p)),
                "{}",
                r.id
            );
            assert!(!r.opposites.is_empty(), "{} has no opposite", r.id);
            for o in r.opposites {
                let other = rule_by_id(o).unwrap_or_else(|| panic!("{}: unknown {o}", r.id));
                assert!(
                    other.opposites.contains(&r.id),
                    "{} -> {o} is not mutual",
                    r.id
                );
            }
        }
    }
}
