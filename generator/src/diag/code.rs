//! Every diagnostic code: its stable spelling, its one severity and what it
//! means. The README's table of diagnostic codes lists the same rows (a
//! unit test holds the two together).

use std::fmt;

use super::Severity;

/// Declares [`Code`] from one row per code, so a code's spelling, severity
/// and meaning are written once, side by side.
macro_rules! codes {
    ($( $variant:ident = $spelling:literal, $severity:ident, $meaning:literal; )*) => {
        /// A diagnostic's stable machine-readable code. The code decides
        /// the severity: one code is never an error here and a warning there.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( #[doc = $meaning] $variant, )*
        }

        impl Code {
            /// Every code, in declaration order (the README's table follows it).
            pub const ALL: &'static [Code] = &[$( Code::$variant, )*];

            /// The kebab-case spelling shown in `severity[code]` and
            /// matched by tools: stable across releases.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Code::$variant => $spelling, )*
                }
            }

            /// How bad a diagnostic with this code is.
            pub fn severity(self) -> Severity {
                match self {
                    $( Code::$variant => Severity::$severity, )*
                }
            }

            /// One line on when the code is raised and what was done about it.
            pub fn meaning(self) -> &'static str {
                match self {
                    $( Code::$variant => $meaning, )*
                }
            }
        }
    };
}

codes! {
    // The vendor folder and its configuration.
    UnreadableVendor = "unreadable-vendor", Error,
        "the vendor folder cannot be listed";
    UnreadablePage = "unreadable-page", Error,
        "a page cannot be read (an I/O error, or the file is not UTF-8 text)";
    UnreadableOverlay = "unreadable-overlay", Error,
        "`overlay.yaml` cannot be read";
    VendorConfig = "vendor-config", Error,
        "`vendor.toml` does not parse or has an unknown key; its settings are not used";
    SiteConfig = "site-config", Error,
        "the site config (`docs.json`, `mint.json`) cannot be read or does not parse";
    SiteConfigSource = "site-config-source", Warning,
        "an `openapi` source in the site config is not a path, a URL or `{\"source\": ...}`; ignored";
    SiteSpecMissing = "site-spec-missing", Warning,
        "the site config names a spec file the vendor folder lacks; its operations are missing";
    SpecNotInSiteConfig = "spec-not-in-site-config", Note,
        "a spec file the site config does not name is not read (stub pages may still take operations from it)";
    StubSpecMissing = "stub-spec-missing", Error,
        "a stub page names a spec file the vendor folder lacks; the page's own fields are used";
    StubOperationMissing = "stub-operation-missing", Error,
        "a stub page names an operation its spec lacks";
    StubUnlistedSpec = "stub-unlisted-spec", Note,
        "a stub page takes its operation from a spec the site config does not name";
    NoOperation = "no-operation", Warning,
        "the vendor folder yields no operation";
    NoServer = "no-server", Warning,
        "no page and no `vendor.toml` gives a server URL; the contract publishes the relative server `/` and clients must be given a base URL";

    // Reading a page.
    PageStructure = "page-structure", Warning,
        "the page's frontmatter or fences are malformed (invalid YAML, a fence never closed); read as well as possible";
    SpecSyntax = "spec-syntax", Error,
        "an OpenAPI document (a spec file or an embedded block) does not parse";
    UnknownBlock = "unknown-block", Warning,
        "a block labelled with an endpoint holds neither an OpenAPI document nor an endpoint dump";
    NoEndpoint = "no-endpoint", Note,
        "the page documents no HTTP endpoint; skipped";
    WebhookPage = "webhook-page", Note,
        "the page documents a webhook the vendor sends, not an operation; skipped";

    // OpenAPI documents.
    UnsupportedVersion = "unsupported-version", Error,
        "a Swagger 2.0 document: only OpenAPI 3 is read";
    OpenapiVersion = "openapi-version", Warning,
        "`openapi` is not a 3.x version string; read as OpenAPI 3";
    FenceOperationMissing = "fence-operation-missing", Error,
        "a block labelled `METHOD /path` holds a document without that operation";
    PathItem = "path-item", Warning,
        "a path does not map methods to operations; dropped";
    PathItemFieldIgnored = "path-item-field-ignored", Note,
        "a key under a path item is neither a method nor a field that is read; not read";
    OperationFieldKept = "operation-field-kept", Note,
        "an operation's `callbacks` or `externalDocs` is kept as an `x-` extension";
    Parameter = "parameter", Warning,
        "a parameter lacks `name` or `in`; dropped";
    ParameterIgnored = "parameter-ignored", Note,
        "an `Accept` or `Content-Type` header parameter, which OpenAPI ignores; dropped";
    ParameterContent = "parameter-content", Note,
        "a parameter is described by `content`; that media type's schema is used";
    ParameterSchema = "parameter-schema", Warning,
        "a parameter has no schema; read as a string";
    NoResponses = "no-responses", Warning,
        "an operation documents no responses; a `default` response is added";
    ResponseStatus = "response-status", Warning,
        "a response key is not a status code; the response is dropped";
    ResponseDescription = "response-description", Note,
        "a response has no description; its status's reason phrase is used";
    Security = "security", Warning,
        "`security` is not a list of requirements; dropped";
    SecurityScheme = "security-scheme", Warning,
        "a security scheme has a type OpenAPI 3.0 does not know; dropped";
    Server = "server", Warning,
        "a server has no `url`; dropped";
    ServerUrl = "server-url", Warning,
        "a server URL is neither absolute nor a path; kept as written";
    ServerVariable = "server-variable", Warning,
        "a server variable has no default; its name is used";
    DanglingRef = "dangling-ref", Warning,
        "a `$ref` points to nothing in its page";
    RefLoop = "ref-loop", Warning,
        "a `$ref` chain loops; the referring object is dropped";
    CredentialHeader = "credential-header", Note,
        "a header that carries a credential became a security scheme";

    // Mintlify's legacy endpoint dump.
    FenceMismatch = "fence-mismatch", Warning,
        "a block's `METHOD /path` label and its endpoint dump disagree; the dump wins";
    PlaceholderExample = "placeholder-example", Note,
        "an example is Mintlify's generated placeholder, not documented data; dropped";
    Webhook = "webhook", Note,
        "the dump documents a webhook, which OpenAPI 3.0 cannot express; skipped";

    // Schemas.
    SchemaShape = "schema-shape", Warning,
        "a schema is not an object; read as any value";
    SchemaType = "schema-type", Warning,
        "`type` is not a string or a list, or names an unknown type; dropped or read as any value";
    SchemaKeyword = "schema-keyword", Warning,
        "a schema keyword has a value of the wrong kind; converted where the intent is clear, else dropped";
    SchemaKeywordKept = "schema-keyword-kept", Note,
        "a keyword OpenAPI 3.0 cannot express is kept as an `x-` extension and not enforced";
    TypeList = "type-list", Note,
        "`type` lists several types; written as `anyOf`";
    RequiredInProperty = "required-in-property", Warning,
        "`required: true` inside a property schema; read as the parent's `required` list";
    RequiredUnknown = "required-unknown", Warning,
        "`required` names a property the object lacks; dropped from `required`";

    // Path parameters, whichever reader found them.
    PathParameterRequired = "path-parameter-required", Warning,
        "a path parameter is not marked required; path parameters always are, so it is";
    PathParameterUnused = "path-parameter-unused", Warning,
        "a path parameter does not appear in the path template; dropped";
    PathParameterMissing = "path-parameter-missing", Warning,
        "a `{name}` of the path template has no path parameter; added as a required string";
    PathParamUndocumented = "path-param-undocumented", Note,
        "a path variable of an MDX page has no ParamField; added as a required string";
    PathParamUnplaced = "path-param-unplaced", Warning,
        "a path parameter could not be placed in the page's example path";

    // MDX pages.
    MdxUnreadable = "mdx-unreadable", Warning,
        "the page could not be read as MDX; it was not read";
    NotStrictMdx = "not-strict-mdx", Note,
        "the page is not strict MDX; the offending construct was blanked and the page read again";
    ApiFrontmatter = "api-frontmatter", Warning,
        "`api:` frontmatter is not `METHOD url-or-path`; ignored";
    OpenapiFrontmatter = "openapi-frontmatter", Warning,
        "`openapi:` frontmatter is not `[spec] METHOD /path`; ignored";
    EndpointConflict = "endpoint-conflict", Warning,
        "the page shows another endpoint than its frontmatter names; the frontmatter is used";
    MultipleEndpoints = "multiple-endpoints", Note,
        "the page documents several endpoints; only the first is read, from its section";
    MethodConflict = "method-conflict", Warning,
        "an example request sends another method than the page documents";
    PathInferred = "path-inferred", Note,
        "a path template was inferred from a concrete example path and the path parameters";
    ServerInferred = "server-inferred", Note,
        "a server URL was inferred from an example URL minus the path";
    ServerVariableInferred = "server-variable-inferred", Note,
        "a server URL variable has no documented value; its default is its name";
    FieldWithoutName = "field-without-name", Warning,
        "a field has no name; dropped";
    FieldLocations = "field-locations", Warning,
        "a ParamField has more than one location attribute; the first is used";
    DuplicateField = "duplicate-field", Warning,
        "a field or parameter is documented twice; the first is kept";
    HeaderIgnored = "header-ignored", Note,
        "an `Accept` or `Content-Type` header field, which media types express; dropped";
    UnknownType = "unknown-type", Warning,
        "a field's type is not one we know; left open, the spelling kept in `x-doc-type`";
    DocTypeObject = "doc-type-object", Note,
        "a field's unknown type is read as an object from its nested fields";
    NestedFieldsIgnored = "nested-fields-ignored", Warning,
        "a field that is not an object or array has nested fields; they are dropped";
    DefaultInvalid = "default-invalid", Warning,
        "a field's default does not fit its type; omitted";
    DefaultNone = "default-none", Note,
        "a field's default says there is none (`None`, empty); omitted";
    RequiredConflict = "required-conflict", Warning,
        "a field is marked both `required` and `optional`; read as optional";
    BodyFieldsIgnored = "body-fields-ignored", Warning,
        "named body fields sit beside a whole-body field that is not an object; dropped";
    BodyFromExample = "body-from-example", Note,
        "no body fields are documented but the example request sends a body; kept with its example only";
    ExampleJson = "example-json", Warning,
        "an example is not valid JSON; skipped";
    EmptyBodyConflict = "empty-body-conflict", Warning,
        "the page says a response body is empty but also documents one; the documented body is kept";
    NullBody = "null-body", Note,
        "a response example is `null`: the documented body is null";
    ResponseArray = "response-array", Note,
        "response fields describe one element of the array every example is";
    ResponseAssumed = "response-assumed", Note,
        "the page documents no response; a success status with no body is assumed";
    AuthInferred = "auth-inferred", Note,
        "a security scheme (or none) was inferred from `authMethod:` or the credentials an example sends";
    AuthMethodInvalid = "auth-method-invalid", Warning,
        "`authMethod:` is not one of bearer, basic, key, none; ignored";
    AuthMethodKey = "auth-method-key", Warning,
        "`authMethod: key` with no example showing the key's header; no scheme added";

    // Pages joined into one contract.
    PagesCombined = "pages-combined", Note,
        "an operation documented on several pages is combined; the strongest page is the base";
    PagesDisagree = "pages-disagree", Warning,
        "two pages documenting one operation disagree; the base page's version is kept";
    DuplicateOperation = "duplicate-operation", Error,
        "an operation is documented again, differently; the first page's version is kept";
    DuplicateOperationId = "duplicate-operation-id", Warning,
        "an operationId is already used; the operation gets a unique one";
    SchemaRenamed = "schema-renamed", Note,
        "a schema name is defined differently on another page; this one is renamed";

    // Overlays.
    OverlaySyntax = "overlay-syntax", Error,
        "`overlay.yaml` does not parse";
    OverlayVersion = "overlay-version", Warning,
        "`overlay` does not name version 1.x; read as Overlay 1.0";
    OverlayActions = "overlay-actions", Error,
        "the overlay has no list of `actions`";
    OverlayAction = "overlay-action", Error,
        "an overlay action has no `target`, or a target that is not a string";
    OverlayActionEmpty = "overlay-action-empty", Warning,
        "an overlay action has neither `update` nor `remove: true`; nothing done";
    OverlayTarget = "overlay-target", Error,
        "an overlay target is not a JSONPath, or selects nothing in the contract";
    OverlayResult = "overlay-result", Error,
        "the overlay leaves a contract that is not valid; the overlay is not applied";

    // The finished contract.
    UnresolvedRef = "unresolved-ref", Warning,
        "a `$ref` still points to nothing after overlays; read as any value";
    UnreferencedComponent = "unreferenced-component", Note,
        "a component schema reached only through refs into it, which are inlined, is referenced by nothing; not published";
    ExampleMismatch = "example-mismatch", Warning,
        "an example or default contradicts its schema; an example is published repaired, the page's kept under `x-original-example`";
    RequiredWithDefault = "required-with-default", Note,
        "a required property has a default, which can never apply";

    // The generated client.
    CodegenFallback = "codegen-fallback", Warning,
        "a schema the generated Rust cannot model exactly; a looser type is used";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn spellings_are_unique_kebab_case() {
        let mut seen = BTreeSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "`{s}` is spelled twice");
            let kebab = !s.is_empty()
                && !s.starts_with('-')
                && !s.ends_with('-')
                && !s.contains("--")
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            assert!(kebab, "`{s}` is not kebab-case");
        }
    }

    #[test]
    fn all_lists_every_variant_once() {
        // `ALL` is built by the same macro as the enum; the ordering derive
        // follows declaration order, so a sorted, duplicate-free `ALL` of
        // the right length is every variant exactly once.
        let set: BTreeSet<Code> = Code::ALL.iter().copied().collect();
        assert_eq!(set.len(), Code::ALL.len());
        assert!(Code::ALL.windows(2).all(|w| w[0] < w[1]));
    }

    /// The README's "Diagnostic codes" table: one row per code, with the
    /// code's severity, and no row for a code that does not exist.
    #[test]
    fn the_readme_table_lists_every_code_with_its_severity() {
        let readme = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"),
        )
        .expect("README.md at the workspace root");
        let section = readme
            .split("\n### Diagnostic codes\n")
            .nth(1)
            .expect("README.md has a `### Diagnostic codes` section");
        let rows: Vec<(&str, &str)> = section
            .lines()
            .skip_while(|l| !l.starts_with('|'))
            .take_while(|l| l.starts_with('|'))
            .filter_map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                let code = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
                Some((code, *cells.get(2)?))
            })
            .collect();
        for code in Code::ALL {
            let row = rows.iter().find(|(c, _)| *c == code.as_str());
            assert_eq!(
                row.map(|(_, sev)| *sev),
                Some(code.severity().label()),
                "README's diagnostic code table: `{code}` should be listed as a {}",
                code.severity().label()
            );
        }
        for (c, _) in &rows {
            assert!(
                Code::ALL.iter().any(|code| code.as_str() == *c),
                "README lists `{c}`, which is not a diagnostic code"
            );
        }
        assert_eq!(rows.len(), Code::ALL.len(), "README lists a code twice");
    }
}
