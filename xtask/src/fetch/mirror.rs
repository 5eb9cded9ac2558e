//! Where a downloaded URL goes inside `specs/<vendor>/`.
//!
//! - A URL on the index's host whose path is under the index's folder
//!   keeps the path below that folder (index `https://x.com/docs/llms.txt`,
//!   page `https://x.com/docs/api-reference/a/b.md` -> `api-reference/a/b.md`).
//! - Another URL on that host keeps its whole path (`https://x.com/c.md` -> `c.md`).
//! - A URL on another host goes under a folder named after the host
//!   (`https://cdn.y.com/openapi.json` -> `cdn.y.com/openapi.json`).
//!
//! Query and fragment are ignored. Segments are percent-decoded and then
//! refused when they could leave the vendor folder or shadow its own files:
//! `.`/`..`, empty, a `/`, `\`, `:`, NUL or control character, a leading
//! dot (hidden files, our temporary files), and the folder's own files at
//! the top (`docs.lock`, `vendor.toml`, `overlay.yaml`, and whatever else
//! page discovery reads as configuration).

use generator::site::files::CONFIG_FILES;
use reqwest::Url;
use thiserror::Error;

/// Why a URL has no place in the vendor folder.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PathError {
    #[error("the URL has no file name")]
    NoFileName,
    #[error("path segment `{0}` would leave the vendor folder")]
    Escapes(String),
    #[error("path segment `{0}` has a character not allowed in a file name")]
    BadCharacter(String),
    #[error("path segment `{0}` names a hidden file or folder")]
    Hidden(String),
    #[error("path segment is not UTF-8 after percent-decoding")]
    NotUtf8,
    #[error("`{0}` is the vendor folder's own file")]
    Reserved(String),
}

/// Files of the vendor folder that fetch never writes over.
const RESERVED: [&str; 3] = ["docs.lock", "vendor.toml", "overlay.yaml"];

/// The markdown export of a page: the URL with `.md` appended to its path,
/// unless the path already ends in `.md` or `.mdx`. Fragment dropped.
pub fn markdown_url(url: &Url) -> Url {
    let mut out = url.clone();
    out.set_fragment(None);
    let path = url.path();
    if !(path.ends_with(".md") || path.ends_with(".mdx")) {
        let trimmed = path.trim_end_matches('/');
        let new = if trimmed.is_empty() {
            "/index.md".to_string()
        } else {
            format!("{trimmed}.md")
        };
        out.set_path(&new);
    }
    out
}

/// The file, relative to the vendor folder and with `/` separators, for
/// `url` fetched from the index at `index`.
pub fn relative_path(index: &Url, url: &Url) -> Result<String, PathError> {
    let path = url.path();
    let mut segments: Vec<String> = Vec::new();
    let rest = if url.host_str() == index.host_str() {
        let base = match index.path().rfind('/') {
            Some(i) => &index.path()[..=i],
            None => "/",
        };
        path.strip_prefix(base)
            .unwrap_or_else(|| path.trim_start_matches('/'))
    } else {
        let host = url.host_str().unwrap_or("");
        segments.push(check_segment(host.to_string())?);
        path.trim_start_matches('/')
    };
    if rest.is_empty() || rest.ends_with('/') {
        return Err(PathError::NoFileName);
    }
    for raw in rest.split('/') {
        segments.push(check_segment(percent_decode(raw)?)?);
    }
    let joined = segments.join("/");
    if RESERVED.contains(&joined.as_str()) || CONFIG_FILES.contains(&joined.as_str()) {
        return Err(PathError::Reserved(joined));
    }
    Ok(joined)
}

/// A spec file keeps its name; one without an extension gets `.json`
/// when its body looks like JSON, else `.yaml`.
pub fn with_spec_extension(path: &str, body: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.contains('.') {
        return path.to_string();
    }
    let first = body
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .next();
    if matches!(first, Some('{' | '[')) {
        format!("{path}.json")
    } else {
        format!("{path}.yaml")
    }
}

fn check_segment(segment: String) -> Result<String, PathError> {
    if segment.is_empty() || segment == "." || segment == ".." {
        return Err(PathError::Escapes(segment));
    }
    if segment
        .chars()
        .any(|c| matches!(c, '/' | '\\' | ':' | '\0') || c.is_control())
    {
        return Err(PathError::BadCharacter(segment.escape_debug().to_string()));
    }
    if segment.starts_with('.') {
        return Err(PathError::Hidden(segment));
    }
    Ok(segment)
}

fn percent_decode(raw: &str) -> Result<String, PathError> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| PathError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn rel(index: &str, page: &str) -> Result<String, PathError> {
        relative_path(&url(index), &url(page))
    }

    /// Each page of `index` lands at its relative path.
    fn lands(index: &str, cases: &[(&str, &str)]) {
        for (page, want) in cases {
            assert_eq!(rel(index, page).unwrap(), *want, "{page}");
        }
    }

    #[test]
    fn paths_follow_the_index_folder_the_origin_or_the_host() {
        lands(
            "https://x.com/docs/llms.txt",
            &[
                (
                    "https://x.com/docs/api-reference/a/b.md",
                    "api-reference/a/b.md",
                ),
                ("https://x.com/other/c.md", "other/c.md"),
                (
                    "https://cdn.y.com/specs/openapi.json?v=2#top",
                    "cdn.y.com/specs/openapi.json",
                ),
            ],
        );
        lands(
            "https://x.com/llms.txt",
            &[("https://x.com/a%20b.md", "a b.md")],
        );
    }

    #[test]
    fn hostile_paths_are_refused() {
        let index = "https://x.com/docs/llms.txt";
        for (page, want) in [
            ("https://x.com/docs/a/%2e%2e%2f%2e%2e%2fetc.md", "char"),
            ("https://x.com/docs/a/..%2F..%2Fb.md", "char"),
            ("https://x.com/docs/a%5Cb.md", "char"),
            ("https://x.com/docs/a%00.md", "char"),
            ("https://x.com/docs/C:%2Fx.md", "char"),
            ("https://x.com/docs//a.md", "escape"),
            ("https://x.com/docs/.git/config", "hidden"),
            ("https://x.com/docs/docs.lock", "reserved"),
            ("https://x.com/docs/overlay.yaml", "reserved"),
            ("https://x.com/docs/", "name"),
            ("https://x.com/docs/%ff.md", "utf8"),
        ] {
            let got = rel(index, page);
            let ok = matches!(
                (&got, want),
                (Err(PathError::Escapes(_)), "escape")
                    | (Err(PathError::BadCharacter(_)), "char")
                    | (Err(PathError::Hidden(_)), "hidden")
                    | (Err(PathError::Reserved(_)), "reserved")
                    | (Err(PathError::NoFileName), "name")
                    | (Err(PathError::NotUtf8), "utf8")
            );
            assert!(ok, "{page}: {got:?}, wanted {want}");
        }
        lands(
            index,
            &[
                // `..` written plainly is resolved by URL parsing and stays inside.
                ("https://x.com/docs/a/../../b.md", "b.md"),
                // A nested reserved name is just a page.
                ("https://x.com/docs/a/docs.lock", "a/docs.lock"),
            ],
        );
    }

    #[test]
    fn markdown_exports() {
        let md = |s: &str| markdown_url(&url(s)).to_string();
        assert_eq!(md("https://x.com/docs/a/b"), "https://x.com/docs/a/b.md");
        assert_eq!(md("https://x.com/docs/a/b/"), "https://x.com/docs/a/b.md");
        assert_eq!(md("https://x.com/a.md#x"), "https://x.com/a.md");
        assert_eq!(md("https://x.com/a.mdx"), "https://x.com/a.mdx");
        assert_eq!(md("https://x.com/"), "https://x.com/index.md");
        assert_eq!(md("https://x.com/a?x=1"), "https://x.com/a.md?x=1");
    }

    #[test]
    fn spec_extensions() {
        assert_eq!(
            with_spec_extension("a/openapi", " {\"openapi\": 1}"),
            "a/openapi.json"
        );
        assert_eq!(
            with_spec_extension("a/openapi", "openapi: 3.0.0"),
            "a/openapi.yaml"
        );
        assert_eq!(with_spec_extension("a.b/spec.yml", "{}"), "a.b/spec.yml");
    }
}
