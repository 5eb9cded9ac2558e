//! Mintlify's site config (`docs.json`, or the older `mint.json`): which
//! OpenAPI specs the site publishes, and which spec each navigation page
//! inherits.
//!
//! The `openapi` field may sit on any navigation element (and at the top
//! of `mint.json`); its value is a path or URL, a list of them, or
//! `{source, directory, overlays}`. Children inherit their nearest
//! ancestor's specs.

use std::collections::BTreeMap;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::doc::{Kind, Node, Pos};
use crate::source::{Location, SourceFile};

/// The site config file names, newest first.
pub const FILE_NAMES: &[&str] = &["docs.json", "mint.json"];

/// One `openapi` source as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecSource {
    /// A path (relative to the site root, with or without a leading `/`)
    /// or an `http(s)` URL.
    pub value: String,
    /// Where the config names it.
    pub location: Location,
}

/// What the site config says about specs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteConfig {
    /// The config file as shown in diagnostics.
    pub file: String,
    /// Every spec named anywhere, in document order, each once.
    pub specs: Vec<SpecSource>,
    /// Navigation page (as written: a path without extension) -> the
    /// values of the specs it inherits, nearest first.
    pub page_specs: BTreeMap<String, Vec<String>>,
}

/// Read a config file's text. A file that does not parse is an error and
/// counts as no config (every spec file is then read).
pub fn parse(file: &SourceFile, diags: &mut Diagnostics) -> Option<SiteConfig> {
    let root = match crate::doc::json::parse(file.text(), 1, 0) {
        Ok(root) => root,
        Err(e) => {
            diags.push(Diagnostic::new(
                Code::SiteConfig,
                file.location_at(e.pos.line as usize, e.pos.col as usize),
                format!("the site config does not parse: {}", e.message),
            ));
            return None;
        }
    };
    let mut config = SiteConfig {
        file: file.name().to_string(),
        ..SiteConfig::default()
    };
    let mut walker = Walker {
        file,
        config: &mut config,
        diags,
    };
    walker.element(&root, &[]);
    Some(config)
}

struct Walker<'a> {
    file: &'a SourceFile,
    config: &'a mut SiteConfig,
    diags: &'a mut Diagnostics,
}

impl Walker<'_> {
    /// A navigation element (or the root): its own `openapi`, its pages,
    /// then every nested element.
    fn element(&mut self, node: &Node, inherited: &[String]) {
        match &node.kind {
            Kind::Map(entries) => {
                let own = node
                    .get("openapi")
                    .map(|value| self.sources(value))
                    .unwrap_or_default();
                let current: Vec<String> = if own.is_empty() {
                    inherited.to_vec()
                } else {
                    own.iter().chain(inherited).cloned().collect()
                };
                for entry in entries {
                    match entry.key.as_str() {
                        "openapi" => {}
                        "pages" => self.pages(&entry.value, &current),
                        _ => self.element(&entry.value, &current),
                    }
                }
            }
            Kind::Seq(items) => {
                for item in items {
                    self.element(item, inherited);
                }
            }
            _ => {}
        }
    }

    fn pages(&mut self, node: &Node, current: &[String]) {
        let Some(items) = node.as_seq() else {
            return self.element(node, current);
        };
        for item in items {
            match &item.kind {
                Kind::String(page) if !current.is_empty() => {
                    self.config
                        .page_specs
                        .entry(page.trim_start_matches('/').to_string())
                        .or_insert_with(|| current.to_vec());
                }
                _ => self.element(item, current),
            }
        }
    }

    /// The spec values an `openapi` field names, recorded once each.
    fn sources(&mut self, value: &Node) -> Vec<String> {
        let mut found: Vec<(String, Pos)> = Vec::new();
        match &value.kind {
            Kind::String(s) => found.push((s.clone(), value.pos)),
            Kind::Seq(items) => {
                for item in items {
                    match &item.kind {
                        Kind::String(s) => found.push((s.clone(), item.pos)),
                        Kind::Map(_) => found.extend(self.object_source(item)),
                        _ => self.unexpected(item),
                    }
                }
            }
            Kind::Map(_) => found.extend(self.object_source(value)),
            _ => self.unexpected(value),
        }
        let mut values = Vec::new();
        for (raw, pos) in found {
            let value = raw.trim().to_string();
            if value.is_empty() {
                continue;
            }
            if !self.config.specs.iter().any(|s| s.value == value) {
                self.config.specs.push(SpecSource {
                    value: value.clone(),
                    location: self.file.location_at(pos.line as usize, pos.col as usize),
                });
            }
            values.push(value);
        }
        values
    }

    fn object_source(&mut self, node: &Node) -> Option<(String, Pos)> {
        match node.get("source") {
            Some(Node {
                kind: Kind::String(s),
                pos,
            }) => Some((s.clone(), *pos)),
            _ => {
                self.unexpected(node);
                None
            }
        }
    }

    fn unexpected(&mut self, node: &Node) {
        self.diags.push(Diagnostic::new(
            Code::SiteConfigSource,
            self.file
                .location_at(node.pos.line as usize, node.pos.col as usize),
            format!(
                "an `openapi` source is a path, a URL or `{{\"source\": ...}}`, not {}; ignored",
                node.type_name()
            ),
        ));
    }
}

/// The vendor-folder file a spec value names, among `files` (paths
/// relative to the vendor folder, `/`-separated). A URL matches the file
/// `cargo xtask fetch` mirrors it to: its path, or its host and path.
pub fn local_file<'f>(value: &str, files: &'f [String]) -> Option<&'f String> {
    let lower = value.to_ascii_lowercase();
    let candidates: Vec<String> = if let Some(rest) = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.starts_with(scheme).then(|| &value[scheme.len()..]))
    {
        let rest = rest.split(['?', '#']).next().unwrap_or("");
        let path = rest.split_once('/').map_or("", |(_, p)| p);
        vec![path.to_string(), rest.to_string()]
    } else {
        vec![value
            .trim_start_matches("./")
            .trim_start_matches('/')
            .to_string()]
    };
    candidates
        .iter()
        .filter(|c| !c.is_empty())
        .find_map(|c| files.iter().find(|f| *f == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Option<SiteConfig>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let config = parse(&SourceFile::new("v/docs.json", text), &mut diags);
        (config, diags)
    }

    #[test]
    fn specs_on_any_navigation_element_in_every_form() {
        let (config, diags) = read(
            r#"{
  "name": "Site",
  "navigation": {
    "languages": [{"language": "en", "versions": [{"version": "v2", "tabs": [
      {"tab": "API", "openapi": "/api-reference/v2-openapi.json", "groups": [
        {"group": "Crawl", "pages": ["api-reference/endpoint/crawl-get",
          {"group": "Nested", "openapi": {"source": "specs/extra.yaml", "directory": "api"},
           "pages": ["api-reference/endpoint/extra"]}]}
      ]},
      {"tab": "More", "openapi": ["a.json", "https://api.example.com/openapi.json"]}
    ]}]}]
  }
}"#,
        );
        assert!(diags.is_empty(), "{}", diags.render());
        let config = config.unwrap();
        let values: Vec<&str> = config.specs.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(
            values,
            [
                "/api-reference/v2-openapi.json",
                "specs/extra.yaml",
                "a.json",
                "https://api.example.com/openapi.json"
            ]
        );
        assert_eq!(config.specs[0].location.line, 5);
        assert_eq!(
            config.page_specs["api-reference/endpoint/crawl-get"],
            ["/api-reference/v2-openapi.json"]
        );
        assert_eq!(
            config.page_specs["api-reference/endpoint/extra"],
            ["specs/extra.yaml", "/api-reference/v2-openapi.json"]
        );
    }

    #[test]
    fn legacy_mint_json_top_level_list() {
        let (config, _) = read(
            r#"{"openapi": ["/openapi.yml", "/v3-openapi.yaml"], "navigation": [{"group": "API", "pages": ["runs/retrieve"]}]}"#,
        );
        let config = config.unwrap();
        assert_eq!(config.specs.len(), 2);
        assert_eq!(
            config.page_specs["runs/retrieve"],
            ["/openapi.yml", "/v3-openapi.yaml"]
        );
    }

    #[test]
    fn a_broken_config_is_an_error_with_its_position() {
        let (config, diags) = read("{\n  \"navigation\": [\n}");
        assert!(config.is_none());
        let d = diags.iter().next().unwrap();
        assert_eq!(d.code, crate::diag::Code::SiteConfig);
        assert_eq!(d.location.line, 3);
    }

    #[test]
    fn odd_source_values_are_warnings() {
        let (config, diags) =
            read(r#"{"openapi": 5, "tabs": [{"openapi": [{"directory": "x"}]}]}"#);
        assert!(config.unwrap().specs.is_empty());
        assert_eq!(diags.iter().count(), 2);
    }

    #[test]
    fn spec_values_name_local_files() {
        let files: Vec<String> = [
            "openapi.json",
            "api-reference/v2-openapi.json",
            "api.example.com/v1/spec.yaml",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(local_file("/openapi.json", &files).unwrap(), "openapi.json");
        assert_eq!(
            local_file("api-reference/v2-openapi.json", &files).unwrap(),
            "api-reference/v2-openapi.json"
        );
        assert_eq!(
            local_file("https://docs.example.com/openapi.json", &files).unwrap(),
            "openapi.json"
        );
        assert_eq!(
            local_file("https://api.example.com/v1/spec.yaml?x=1", &files).unwrap(),
            "api.example.com/v1/spec.yaml"
        );
        assert_eq!(local_file("missing.json", &files), None);
    }
}
