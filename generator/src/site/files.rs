//! Which files of a vendor folder are pages: every file at any depth, in
//! a deterministic order, except hidden entries, `node_modules`, the
//! folder's own configuration and assets (images, styles, scripts, fonts).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Files at the top of a vendor folder that configure it instead of
/// documenting the API (`docs.json`/`mint.json` are read by
/// [`super::config`], `llms.txt` is the index `cargo xtask fetch` reads).
pub const CONFIG_FILES: &[&str] = &[
    "vendor.toml",
    "overlay.yaml",
    "docs.lock",
    "docs.json",
    "mint.json",
    "llms.txt",
    "llms-full.txt",
];

/// File endings a page or spec file can have. Pages are classified by
/// content, so a file without an ending is read too; anything else is an
/// asset.
const PAGE_ENDINGS: &[&str] = &["md", "mdx", "markdown", "yaml", "yml", "json", "txt"];

/// Folders never read: tool installs and build output of a docs repo.
const SKIPPED_DIRS: &[&str] = &["node_modules"];

/// How deep folders are followed; a docs site is a few levels deep, and
/// the bound keeps a hostile or looping tree finite.
const MAX_DEPTH: usize = 32;

/// What a vendor folder holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// Page files, sorted by their path below the vendor folder.
    pub pages: Vec<PathBuf>,
    /// Asset files passed over (images, styles, scripts, fonts, ...).
    pub assets: usize,
}

/// Walk `dir` for pages. Symbolic links to folders are not followed (a
/// link can loop); linked files are read like any other file.
pub fn list(dir: &Path) -> io::Result<Listing> {
    let mut listing = Listing::default();
    walk(dir, dir, 0, &mut listing)?;
    listing.pages.sort();
    Ok(listing)
}

fn walk(root: &Path, dir: &Path, depth: usize, listing: &mut Listing) -> io::Result<()> {
    let mut entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            // Not UTF-8: no page of a docs site is named like that.
            listing.assets += 1;
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if !SKIPPED_DIRS.contains(&name) && depth < MAX_DEPTH {
                // A subfolder that cannot be listed is skipped, not fatal:
                // the rest of the site still reads.
                let _ = walk(root, &path, depth + 1, listing);
            }
            continue;
        }
        if kind.is_symlink() && !path.is_file() {
            continue;
        }
        if dir == root && CONFIG_FILES.contains(&name) {
            continue;
        }
        if is_page_name(name) {
            listing.pages.push(path);
        } else {
            listing.assets += 1;
        }
    }
    Ok(())
}

/// Whether a file name can be a page or spec file.
pub fn is_page_name(name: &str) -> bool {
    match name.rsplit_once('.') {
        None => true,
        Some((_, ending)) => PAGE_ENDINGS.iter().any(|e| e.eq_ignore_ascii_case(ending)),
    }
}

/// `path` below `root`, with `/` separators (how pages are named in
/// diagnostics, stub references and `docs.json`).
pub fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let path = dir.path().join(f);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        dir
    }

    #[test]
    fn pages_at_any_depth_in_path_order_without_assets_or_config() {
        let dir = tree(&[
            "api-reference/webhooks/create-webhook.mdx",
            "api-reference/event/get-event.mdx",
            "api-reference/openapi.json",
            "introduction.mdx",
            "images/logo.png",
            "styles/site.css",
            "node_modules/pkg/readme.md",
            ".git/config",
            ".hidden.md",
            "docs.json",
            "docs.lock",
            "llms.txt",
            "vendor.toml",
            "overlay.yaml",
            "guides/overlay.yaml",
            "LICENSE",
        ]);
        let listing = list(dir.path()).unwrap();
        let names: Vec<String> = listing
            .pages
            .iter()
            .map(|p| relative(dir.path(), p))
            .collect();
        assert_eq!(
            names,
            [
                "LICENSE",
                "api-reference/event/get-event.mdx",
                "api-reference/openapi.json",
                "api-reference/webhooks/create-webhook.mdx",
                "guides/overlay.yaml",
                "introduction.mdx",
            ]
        );
        assert_eq!(listing.assets, 2);
    }

    #[test]
    fn page_endings_ignore_case() {
        assert!(is_page_name("a.MDX"));
        assert!(is_page_name("spec.Yml"));
        assert!(!is_page_name("logo.svg"));
        assert!(!is_page_name("font.woff2"));
    }
}
