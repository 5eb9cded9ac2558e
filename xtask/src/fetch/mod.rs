//! `cargo xtask fetch`: download a vendor's docs into `specs/<vendor>/`
//! through the site's `llms.txt` index, and record them in `docs.lock`.
//!
//! 1. The index (`--vendor NAME URL`; a URL not ending in `.txt` is a site
//!    root and `<root>/llms.txt` is read; no URL: the one in the lock, else
//!    the one the vendor's pages name in their Mintlify preamble) is
//!    parsed with [`generator::llms::parse`].
//! 2. Every linked URL (fragment dropped, duplicates once) is fetched, at most
//!    [`client::MAX_IN_FLIGHT`] at a time, conditionally when the lock has
//!    its `ETag`/`Last-Modified` and the file on disk still matches the lock:
//!    - spec files (links under a section whose title mentions OpenAPI, or
//!      ending in `.json`/`.yaml`/`.yml`) as they are, always kept;
//!    - pages as their markdown export (the URL with `.md` appended unless
//!      it ends in `.md`/`.mdx`), kept when the ingest classifier finds an
//!      endpoint, else recorded under `skipped`.
//! 3. Files are written byte for byte where [`mirror`] says (its module doc
//!    has the rule), each atomically; files in the lock that the index no
//!    longer lists (or that no longer document an endpoint) are deleted,
//!    unless that is more than 10% of them and `--prune` is not given;
//!    then the lock is written atomically.
//!
//! A page that fails (HTTP error after retries, timeout, HTML where
//! markdown was expected, a path that would leave the vendor folder) is
//! listed and keeps its old file and lock entry; the rest is still written;
//! the exit code is 1. `--check` fetches and compares but writes nothing.
//! Changes are measured on the page without the host's boilerplate
//! ([`generator::llms::strip_boilerplate`]); a page whose only edits are
//! boilerplate is unchanged and not rewritten.

mod client;
mod lock;
mod mirror;
mod progress;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use generator::ingest::{ingest, Shape};
use generator::llms;
use generator::source::SourceFile;
use reqwest::Url;
use sha2::{Digest, Sha256};
use thiserror::Error;

use client::{Conditional, FetchError, Fetcher, Outcome, Settings};
use lock::{Entry, Lock, LockError};
use progress::Progress;

/// More than this share of a vendor's files removed in one run needs `--prune`.
const PRUNE_LIMIT_PERCENT: usize = 10;

pub struct Options {
    /// The folder of vendor folders.
    pub specs: PathBuf,
    pub vendor: String,
    /// The `llms.txt` URL or the site root; `None`: the lock's index.
    pub url: Option<String>,
    pub check: bool,
    pub prune: bool,
    pub timeout: Duration,
    pub retries: u32,
    pub backoff: Duration,
}

/// What stops a run before any page is fetched.
#[derive(Debug, Error)]
pub enum Error {
    #[error("vendor `{0}` is not a plain folder name")]
    BadVendor(String),
    #[error("no URL given, {} records no index and no page names one; pass the llms.txt (or site root) URL", .0.display())]
    NoUrl(PathBuf),
    #[error("`{url}` is not an http(s) URL: {why}")]
    BadUrl { url: String, why: String },
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error("cannot read the index: {0}")]
    Index(FetchError),
    #[error(transparent)]
    Client(FetchError),
    #[error("cannot start the async runtime: {0}")]
    Runtime(io::Error),
}

impl Error {
    fn exit_code(&self) -> ExitCode {
        match self {
            Error::Index(_) => ExitCode::FAILURE,
            _ => ExitCode::from(2),
        }
    }
}

pub fn run(options: &Options) -> ExitCode {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime);
    match runtime.and_then(|rt| rt.block_on(fetch(options))) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Page,
    Spec,
}

/// What the lock says about a URL.
#[derive(Clone)]
struct Prior {
    path: String,
    entry: Entry,
    /// In `files` (else in `skipped`).
    is_file: bool,
}

struct Job {
    url: Url,
    kind: Kind,
    /// Where it goes (a spec file without extension gets one by content).
    path: String,
    prior: Option<Prior>,
    /// The file on disk is the one the lock describes.
    local_matches: bool,
    conditional: Option<Conditional>,
}

/// One job's result.
enum Decision {
    File {
        path: String,
        entry: Entry,
        write: Option<String>,
    },
    Skipped {
        path: String,
        entry: Entry,
    },
    Failed(String),
}

#[derive(Default)]
struct Counts {
    added: usize,
    changed: usize,
    removed: usize,
    unchanged: usize,
    skipped: usize,
    failed: usize,
}

async fn fetch(options: &Options) -> Result<ExitCode, Error> {
    check_vendor(&options.vendor)?;
    let vendor = options.vendor.as_str();
    let dir = options.specs.join(vendor);
    let old = Lock::read(&dir)?;
    let old_text = fs::read_to_string(dir.join(lock::FILE_NAME)).ok();
    let old = old.unwrap_or_default();
    let given = match (&options.url, &old.index) {
        (Some(url), _) | (None, Some(url)) => url.clone(),
        (None, None) => match index_named_by_pages(&dir) {
            Some(url) => {
                eprintln!("{vendor}: using the index its pages name: {url}");
                url
            }
            None => return Err(Error::NoUrl(dir.join(lock::FILE_NAME))),
        },
    };
    let index_url = index_url(&given)?;
    let fetcher = Fetcher::new(Settings {
        timeout: options.timeout,
        retries: options.retries,
        backoff: options.backoff,
    })
    .map_err(Error::Client)?;

    eprintln!("{vendor}: reading {index_url}");
    let index_text = match fetcher.get(&index_url, None).await {
        Ok(Outcome::Body(body)) => body.into_text(&index_url).map_err(Error::Index)?.0,
        Ok(Outcome::NotModified) => {
            return Err(Error::Index(FetchError::UnexpectedNotModified {
                url: index_url.clone(),
            }))
        }
        Err(e) => return Err(Error::Index(e)),
    };
    let index = llms::parse(&index_text);
    for problem in &index.problems {
        eprintln!(
            "warning: {index_url} line {}: {}",
            problem.line, problem.message
        );
    }

    let mut refused: Vec<String> = Vec::new();
    let mut not_followed = 0;
    let jobs = plan(
        &index,
        &index_url,
        &old,
        &dir,
        &mut refused,
        &mut not_followed,
    );
    if not_followed > 0 {
        eprintln!(
            "{vendor}: {not_followed} link(s) not followed: the `## Optional` section and pages on other hosts"
        );
    }
    let progress = Progress::new(jobs.len() + refused.len());
    let mut next = Next::default();
    for why in refused {
        next.failed(&progress, &why);
    }
    download(&fetcher, &jobs, &old, &mut next, &progress).await;
    progress.finish();
    let removed = next.removed_from(&old);

    if options.check {
        for path in &removed {
            eprintln!("{:<9} {path}", "removed");
        }
        summary(vendor, &next.counts);
        let c = &next.counts;
        let drift = c.added + c.changed + c.removed > 0;
        if drift {
            eprintln!("{vendor}: upstream changed since docs.lock; run `cargo xtask fetch --vendor {vendor}` to update");
        } else if c.failed == 0 {
            eprintln!("{vendor}: docs.lock is up to date");
        }
        return Ok(exit(drift || c.failed > 0));
    }
    if !options.prune && removed.len() * 100 > old.files.len() * PRUNE_LIMIT_PERCENT {
        for path in &removed {
            eprintln!("{:<9} {path}", "removing");
        }
        summary(vendor, &next.counts);
        eprintln!(
            "error: {vendor}: refusing to remove {} of {} file(s), more than {PRUNE_LIMIT_PERCENT}%; \
             nothing was written (a broken index looks like this). Pass --prune to remove them.",
            removed.len(),
            old.files.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    next.apply(&dir, &old, &removed);
    let lock = Lock {
        index: Some(index_url.to_string()),
        files: next.files,
        skipped: next.skipped,
        ..old.clone()
    };
    let text = lock.render();
    if old_text.as_deref() != Some(text.as_str()) {
        let path = dir.join(lock::FILE_NAME);
        if let Err(source) = crate::atomic::write(&path, text.as_bytes()) {
            eprintln!("error: {}", LockError::Write { path, source });
            next.counts.failed += 1;
        }
    }
    summary(vendor, &next.counts);
    Ok(exit(next.counts.failed > 0))
}

/// Run every job, at most [`client::MAX_IN_FLIGHT`] requests at a time,
/// recording each result as it comes in. A job that fails keeps what the
/// lock had for its URL.
async fn download(
    fetcher: &Fetcher,
    jobs: &[Job],
    old: &Lock,
    next: &mut Next,
    progress: &Progress,
) {
    let mut tasks = tokio::task::JoinSet::new();
    let mut task_jobs = HashMap::new();
    for (i, job) in jobs.iter().enumerate() {
        let fetcher = fetcher.clone();
        let url = job.url.clone();
        let conditional = job.conditional.clone();
        let task = tasks.spawn(async move { (i, fetcher.get(&url, conditional.as_ref()).await) });
        task_jobs.insert(task.id(), i);
    }
    let mut failed_jobs = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let (i, decision) = match joined {
            Ok((i, result)) => (i, decide(&jobs[i], result)),
            // Only a panic ends a task this way.
            Err(e) => match task_jobs.get(&e.id()) {
                Some(&i) => (i, Decision::Failed(format!("{}: {e}", jobs[i].url))),
                None => continue,
            },
        };
        if !next.record(&jobs[i], decision, old, progress) {
            failed_jobs.push(i);
        }
    }
    for prior in failed_jobs.iter().filter_map(|&i| jobs[i].prior.as_ref()) {
        let table = if prior.is_file {
            &mut next.files
        } else {
            &mut next.skipped
        };
        table
            .entry(prior.path.clone())
            .or_insert_with(|| prior.entry.clone());
    }
}

/// The folder and lock as this run leaves them.
#[derive(Default)]
struct Next {
    files: BTreeMap<String, Entry>,
    skipped: BTreeMap<String, Entry>,
    /// Files to (re)write.
    writes: BTreeMap<String, String>,
    counts: Counts,
}

impl Next {
    fn failed(&mut self, progress: &Progress, why: &str) {
        self.counts.failed += 1;
        progress.file(&format!("{:<9} {why}", "failed"), false);
    }

    /// Record one job's result and report it; false when it failed.
    fn record(&mut self, job: &Job, decision: Decision, old: &Lock, progress: &Progress) -> bool {
        let taken = |path: &str| self.files.contains_key(path) || self.skipped.contains_key(path);
        let decision = match decision {
            Decision::File { path, .. } | Decision::Skipped { path, .. } if taken(&path) => {
                Decision::Failed(format!(
                    "{}: goes to {path}, which another URL of the index already fills",
                    job.url
                ))
            }
            d => d,
        };
        match decision {
            Decision::File { path, entry, write } => {
                let c = &mut self.counts;
                let (status, quiet) = match old.files.get(&path) {
                    None => {
                        c.added += 1;
                        ("added", false)
                    }
                    Some(e) if e.sha256 != entry.sha256 => {
                        c.changed += 1;
                        ("changed", false)
                    }
                    Some(_) => {
                        c.unchanged += 1;
                        match write {
                            Some(_) => ("restored", false),
                            None => ("unchanged", true),
                        }
                    }
                };
                progress.file(&format!("{status:<9} {path}"), quiet);
                if let Some(text) = write {
                    self.writes.insert(path.clone(), text);
                }
                self.files.insert(path, entry);
            }
            Decision::Skipped { path, entry } => {
                self.counts.skipped += 1;
                progress.file(&format!("{:<9} {path} (no endpoint)", "skipped"), true);
                self.skipped.insert(path, entry);
            }
            Decision::Failed(why) => {
                self.failed(progress, &why);
                return false;
            }
        }
        true
    }

    /// The lock's files this run does not keep (and counts them).
    fn removed_from(&mut self, old: &Lock) -> Vec<String> {
        let removed: Vec<String> = old
            .files
            .keys()
            .filter(|p| !self.files.contains_key(*p))
            .cloned()
            .collect();
        self.counts.removed = removed.len();
        removed
    }

    /// Write the new and changed files and delete the removed ones; what
    /// cannot be done keeps its old lock entry and counts as failed.
    fn apply(&mut self, dir: &Path, old: &Lock, removed: &[String]) {
        // temporary files of a run that was killed mid-write (dot-files,
        // which page discovery passes over meanwhile)
        crate::atomic::sweep(dir, true);
        for (path, text) in &self.writes {
            if let Err(e) = crate::atomic::write(&dir.join(path), text.as_bytes()) {
                let why = format!("{}: cannot write: {e}", dir.join(path).display());
                eprintln!("{:<9} {why}", "failed");
                self.counts.failed += 1;
                match old.files.get(path) {
                    Some(entry) => self.files.insert(path.clone(), entry.clone()),
                    None => self.files.remove(path),
                };
            }
        }
        for path in removed {
            match remove_file(dir, path) {
                Ok(()) => eprintln!("{:<9} {path}", "removed"),
                Err(e) => {
                    eprintln!(
                        "{:<9} {}: cannot remove: {e}",
                        "failed",
                        dir.join(path).display()
                    );
                    self.counts.failed += 1;
                    self.counts.removed -= 1;
                    if let Some(entry) = old.files.get(path) {
                        self.files.insert(path.clone(), entry.clone());
                    }
                }
            }
        }
    }
}

/// The jobs for an index: one per distinct URL, in index order. Links
/// that have no place in the folder are added to `refused`; pages of the
/// `Optional` section and of other hosts are counted in `not_followed`.
fn plan(
    index: &llms::LlmsTxt,
    index_url: &Url,
    old: &Lock,
    dir: &Path,
    refused: &mut Vec<String>,
    not_followed: &mut usize,
) -> Vec<Job> {
    let priors = old.by_url();
    let mut seen_urls = HashSet::new();
    let mut seen_paths: HashMap<String, Url> = HashMap::new();
    let mut jobs = Vec::new();
    for (section, link) in index.links() {
        let mut resolved = match index_url.join(link.url.trim()) {
            Ok(url) => url,
            Err(e) => {
                tracing::warn!(
                    "{index_url} line {}: ignored link `{}`: {e}",
                    link.line,
                    link.url
                );
                continue;
            }
        };
        resolved.set_fragment(None);
        let name = resolved.path().rsplit('/').next().unwrap_or("");
        let an_index = name.starts_with("llms") && name.ends_with(".txt");
        if !matches!(resolved.scheme(), "http" | "https") || an_index || &resolved == index_url {
            tracing::debug!(url = %resolved, "not fetched");
            continue;
        }
        let in_spec_section =
            section.is_some_and(|s| s.title.to_ascii_lowercase().contains("openapi"));
        let spec_ext = [".json", ".yaml", ".yml"]
            .iter()
            .any(|ext| resolved.path().to_ascii_lowercase().ends_with(ext));
        let kind = if in_spec_section || spec_ext {
            Kind::Spec
        } else {
            Kind::Page
        };
        // llmstxt.org: the `Optional` section may be skipped; Mintlify puts
        // its navbar links there. A page on another host is not this
        // site's page (a blog, a status page, GitHub); specs may live anywhere.
        let optional = section.is_some_and(|s| s.title.trim().eq_ignore_ascii_case("optional"));
        let off_site = resolved.host_str() != index_url.host_str();
        if kind == Kind::Page && (optional || off_site) {
            *not_followed += 1;
            tracing::debug!(url = %resolved, optional, off_site, "not followed");
            continue;
        }
        let url = match kind {
            Kind::Spec => resolved,
            Kind::Page => mirror::markdown_url(&resolved),
        };
        if !seen_urls.insert(url.clone()) {
            continue;
        }
        let path = match mirror::relative_path(index_url, &url) {
            Ok(path) => path,
            Err(e) => {
                refused.push(format!("{url}: refused (llms.txt line {}): {e}", link.line));
                continue;
            }
        };
        if let Some(other) = seen_paths.get(&path) {
            refused.push(format!(
                "{url}: goes to {path}, which {other} already fills"
            ));
            continue;
        }
        seen_paths.insert(path.clone(), url.clone());
        let prior = priors
            .get(url.as_str())
            .map(|(path, entry, is_file)| Prior {
                path: path.to_string(),
                entry: (*entry).clone(),
                is_file: *is_file,
            });
        let local_matches = prior.as_ref().is_some_and(|p| {
            p.is_file && local_hash(&dir.join(&p.path), kind).as_deref() == Some(&p.entry.sha256)
        });
        let conditional = prior
            .as_ref()
            .filter(|p| !p.is_file || local_matches)
            .map(|p| Conditional {
                etag: p.entry.etag.clone(),
                last_modified: p.entry.last_modified.clone(),
            });
        jobs.push(Job {
            url,
            kind,
            path,
            prior,
            local_matches,
            conditional,
        });
    }
    jobs
}

/// What a finished download means for the folder.
fn decide(job: &Job, result: Result<Outcome, FetchError>) -> Decision {
    let body = match result {
        Err(e) => return Decision::Failed(e.to_string()),
        Ok(Outcome::NotModified) => {
            return match &job.prior {
                Some(p) if p.is_file => Decision::File {
                    path: p.path.clone(),
                    entry: p.entry.clone(),
                    write: None,
                },
                Some(p) => Decision::Skipped {
                    path: p.path.clone(),
                    entry: p.entry.clone(),
                },
                None => Decision::Failed(
                    FetchError::UnexpectedNotModified {
                        url: job.url.clone(),
                    }
                    .to_string(),
                ),
            }
        }
        Ok(Outcome::Body(body)) => body,
    };
    let bytes = body.bytes.len() as u64;
    let (text, validators) = match body.into_text(&job.url) {
        Ok(done) => done,
        Err(e) => return Decision::Failed(e.to_string()),
    };
    let entry = Entry {
        url: job.url.to_string(),
        sha256: hash(&text, job.kind),
        bytes,
        etag: validators.etag,
        last_modified: validators.last_modified,
    };
    let path = match job.kind {
        Kind::Spec => mirror::with_spec_extension(&job.path, &text),
        Kind::Page => {
            let file = SourceFile::new(job.path.as_str(), text.as_str());
            let shape =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ingest(&file).shape));
            match shape {
                Ok(Shape::NoEndpoint) => {
                    return Decision::Skipped {
                        path: job.path.clone(),
                        entry,
                    }
                }
                Ok(_) => job.path.clone(),
                Err(_) => {
                    return Decision::Failed(format!(
                        "{}: the page classifier panicked on this page",
                        job.url
                    ))
                }
            }
        }
    };
    // Unchanged upstream and intact on disk: keep file and lock entry as they are.
    if let Some(p) = &job.prior {
        if p.is_file && p.path == path && p.entry.sha256 == entry.sha256 && job.local_matches {
            return Decision::File {
                path,
                entry: p.entry.clone(),
                write: None,
            };
        }
    }
    Decision::File {
        path,
        entry,
        write: Some(text),
    }
}

fn summary(vendor: &str, c: &Counts) {
    eprintln!(
        "{vendor}: {} file(s): {} added, {} changed, {} removed, {} unchanged, {} skipped (no endpoint), {} failed",
        c.added + c.changed + c.unchanged,
        c.added,
        c.changed,
        c.removed,
        c.unchanged,
        c.skipped,
        c.failed
    );
}

fn exit(failed: bool) -> ExitCode {
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn check_vendor(name: &str) -> Result<(), Error> {
    let bad = name.is_empty()
        || name.starts_with('.')
        || name
            .chars()
            .any(|c| matches!(c, '/' | '\\' | ':' | '\0') || c.is_control());
    if bad {
        return Err(Error::BadVendor(name.to_string()));
    }
    Ok(())
}

/// The index URL: as given when it ends in `.txt`, else `<root>/llms.txt`.
/// The `llms.txt` URL the first page of the vendor folder that names one
/// in its Mintlify preamble gives (pages fetched or scraped earlier).
fn index_named_by_pages(dir: &Path) -> Option<String> {
    generator::vendor::page_files(dir)
        .ok()?
        .iter()
        .filter_map(|path| fs::read_to_string(path).ok())
        .find_map(|text| llms::index_url_in(&text).map(str::to_string))
}

fn index_url(given: &str) -> Result<Url, Error> {
    let bad = |why: String| Error::BadUrl {
        url: given.to_string(),
        why,
    };
    let mut url = Url::parse(given.trim()).map_err(|e| bad(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad(format!("scheme `{}`", url.scheme())));
    }
    url.set_fragment(None);
    if !url.path().ends_with(".txt") {
        let path = format!("{}/llms.txt", url.path().trim_end_matches('/'));
        url.set_path(&path);
    }
    Ok(url)
}

/// The lock's hash of a body: pages without their boilerplate, spec files as they are.
fn hash(text: &str, kind: Kind) -> String {
    let digest = match kind {
        Kind::Page => Sha256::digest(llms::strip_boilerplate(text).as_bytes()),
        Kind::Spec => Sha256::digest(text.as_bytes()),
    };
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn local_hash(path: &Path, kind: Kind) -> Option<String> {
    let text = fs::read_to_string(path).ok()?;
    Some(hash(&text, kind))
}

/// Remove a file and the folders it leaves empty (up to the vendor folder).
fn remove_file(dir: &Path, rel: &str) -> io::Result<()> {
    let path = dir.join(rel);
    match fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut parent = path.parent();
    while let Some(p) = parent {
        if p == dir || fs::remove_dir(p).is_err() {
            break;
        }
        parent = p.parent();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_urls() {
        let u = |s: &str| index_url(s).map(|u| u.to_string());
        assert_eq!(
            u("https://x.com/docs/llms.txt").unwrap(),
            "https://x.com/docs/llms.txt"
        );
        assert_eq!(
            u("https://x.com/docs/").unwrap(),
            "https://x.com/docs/llms.txt"
        );
        assert_eq!(u("https://x.com").unwrap(), "https://x.com/llms.txt");
        assert_eq!(
            u("https://x.com/llms-full.txt").unwrap(),
            "https://x.com/llms-full.txt"
        );
        assert!(u("ftp://x.com/").is_err());
        assert!(u("not a url").is_err());
    }

    #[test]
    fn vendor_names() {
        assert!(check_vendor("chatdash").is_ok());
        for bad in ["", ".hidden", "a/b", "..", "a\\b", "c:"] {
            assert!(check_vendor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn boilerplate_edits_hash_the_same() {
        let a = "> ## Documentation Index\n> Fetch the complete documentation index at: https://x/llms.txt\n\n# T\n";
        let b = "> ## Documentation Index\n> Fetch the complete documentation index at: https://y/llms.txt\n> New line.\n\n# T\n";
        assert_eq!(hash(a, Kind::Page), hash(b, Kind::Page));
        assert_ne!(hash(a, Kind::Spec), hash(b, Kind::Spec));
        assert_eq!(hash("", Kind::Spec).len(), 64);
    }
}
