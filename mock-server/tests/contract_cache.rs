//! The contract cache: a start with unchanged pages serves the contract
//! read from the cache, which is the one the pages build; an edited page,
//! a broken entry or pages with errors are read afresh; nothing is cached
//! when it is off.

mod common;

use std::path::{Path, PathBuf};

use common::config;
use mock_server::contract_cache::ContractCache;
use mock_server::registry;

/// A specs folder holding a copy of seed vendor `name`, and its cache folder.
fn copy_of_seed(name: &str) -> (tempdir::Dir, PathBuf, PathBuf) {
    let root = tempdir::Dir::new(name);
    let specs = root.path.join("specs");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(name);
    copy_dir(&seed, &specs.join(name));
    let cache = root.path.join("cache");
    (root, specs, cache)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

mod tempdir {
    pub struct Dir {
        pub path: std::path::PathBuf,
    }
    impl Dir {
        pub fn new(label: &str) -> Dir {
            let path = std::env::temp_dir().join(format!(
                "mock-contract-cache-{label}-{}-{:?}",
                std::process::id(),
                std::thread::current().id()
            ));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).unwrap();
            Dir { path }
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// The contract the pages of `dir` build, as the mock compiles it.
fn built_from_pages(dir: &Path, root: &Path) -> generator::model::Contract {
    generator::vendor::build_vendor(dir, root).contract
}

#[test]
fn an_unchanged_folder_is_served_from_the_cache_and_an_edit_rebuilds() {
    let (_tmp, specs, cache_dir) = copy_of_seed("turso");
    let mut config = config(specs.clone());
    config.contract_cache = Some(cache_dir.clone());
    let root = registry::display_root(&config);
    let vendor = specs.join("turso");
    let cache = ContractCache::new(cache_dir.clone());

    let first = registry::load_all(&config).unwrap();
    assert!(first.vendors.contains_key("turso"));
    let key = ContractCache::key(&vendor, &root).unwrap();
    let cached = cache
        .load(&vendor, &key)
        .expect("the first load wrote an entry");
    assert_eq!(cached, built_from_pages(&vendor, &root));
    // A second start serves the entry, not the pages: an entry planted
    // under the current key with another title is what it serves.
    let mut planted = cached.clone();
    planted.info.title = "Planted in the cache".into();
    cache.store(&vendor, &key, &planted);
    let second = registry::load_all(&config).unwrap();
    assert_eq!(
        second.vendors["turso"].contract.info.title,
        "Planted in the cache"
    );
    assert_eq!(
        second.vendors["turso"].ops.len(),
        first.vendors["turso"].ops.len()
    );
    cache.store(&vendor, &key, &cached);

    // An edited page changes the key: the old entry is stale, the next
    // load builds from the pages and replaces it.
    let page = vendor.join("add-member.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("Add Member", "Add a Member")).unwrap();
    let edited = ContractCache::key(&vendor, &root).unwrap();
    assert_ne!(edited, key);
    assert!(cache.load(&vendor, &edited).is_none());
    registry::load_all(&config).unwrap();
    let rebuilt = cache.load(&vendor, &edited).expect("the edit's entry");
    assert_eq!(rebuilt, built_from_pages(&vendor, &root));
    assert_ne!(rebuilt, cached);

    // A broken entry is a miss, and the next load writes a good one.
    let entry = cache.entry(&vendor);
    std::fs::write(&entry, format!("{edited}\n{{\"openapi\": 3")).unwrap();
    assert!(cache.load(&vendor, &edited).is_none());
    let loaded = registry::load_all(&config).unwrap();
    assert!(loaded.vendors.contains_key("turso"));
    assert!(cache.load(&vendor, &edited).is_some());
}

#[test]
fn pages_with_errors_are_not_cached_and_no_cache_writes_nothing() {
    let (_tmp, specs, cache_dir) = copy_of_seed("turso");
    let vendor = specs.join("turso");
    std::fs::write(
        vendor.join("broken.md"),
        "````yaml GET /x\nopenapi: [unclosed\n````\n",
    )
    .unwrap();
    let mut config = config(specs.clone());
    config.contract_cache = Some(cache_dir.clone());
    let registry = registry::load_all(&config).unwrap();
    assert!(
        !registry.status["turso"].errors.is_empty(),
        "the broken page is an error"
    );
    assert!(!ContractCache::new(cache_dir.clone())
        .entry(&vendor)
        .exists());

    std::fs::remove_file(vendor.join("broken.md")).unwrap();
    config.contract_cache = None;
    registry::load_all(&config).unwrap();
    assert!(!cache_dir.exists());
}

/// What serde's plain `Option` would lose: `null` examples and defaults
/// come back from the cache as the values they are.
#[test]
fn null_examples_and_defaults_survive_the_cache() {
    let root = tempdir::Dir::new("nulls");
    let specs = root.path.join("specs");
    let vendor = specs.join("nulls");
    std::fs::create_dir_all(&vendor).unwrap();
    std::fs::write(
        vendor.join("openapi.json"),
        r#"{"openapi": "3.0.3", "info": {"title": "Nulls", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/thing": {"get": {"operationId": "getThing", "responses": {"200": {
          "description": "A thing",
          "content": {"application/json": {
            "schema": {"type": "object", "nullable": true, "properties": {"note": {"type": "string", "nullable": true, "default": null, "example": null}}},
            "examples": {"empty": {"value": null}, "some": {"value": {"note": null}}}}}}}}}}}"#,
    )
    .unwrap();
    let cache_dir = root.path.join("cache");
    let mut config = config(specs.clone());
    config.contract_cache = Some(cache_dir.clone());
    registry::load_all(&config).unwrap();
    let key = ContractCache::key(&vendor, &registry::display_root(&config)).unwrap();
    let cached = ContractCache::new(cache_dir)
        .load(&vendor, &key)
        .expect("an entry");
    let built = built_from_pages(&vendor, &registry::display_root(&config));
    let op = &built.paths["/thing"][&generator::model::Method::Get];
    let media = &op.responses["200"].content["application/json"];
    assert_eq!(media.examples["empty"].value, Some(serde_json::Value::Null));
    assert_eq!(cached, built);
}
