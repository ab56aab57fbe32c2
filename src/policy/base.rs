//! Loading the catalog as it was at a git revision: the catalog files at `REV` are read with one
//! `git cat-file --batch` process and written to a temporary directory, which the normal loader then reads.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Why the base catalog could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BaseError {
    #[error("cannot run git: {source}")]
    Spawn { source: std::io::Error },
    #[error("{dir} is not inside a git repository: {detail}")]
    NotARepo { dir: PathBuf, detail: String },
    #[error("`{rev}` is not a commit in the git repository at {repo} (check the name, or fetch it first)")]
    BadRevision { rev: String, repo: PathBuf },
    #[error("the catalog directory {catalog} is not inside the git repository at {repo}")]
    Outside { catalog: PathBuf, repo: PathBuf },
    #[error("git {command} failed: {detail}")]
    Git { command: String, detail: String },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
}

/// The catalog files of a revision, extracted to a temporary directory (removed on drop).
#[derive(Debug)]
pub struct BaseTree {
    _dir: tempfile::TempDir,
    /// The catalog directory inside the temporary tree.
    pub catalog: PathBuf,
}

fn git(repo: &Path, args: &[&str]) -> Result<std::process::Output, BaseError> {
    Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|source| BaseError::Spawn { source })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim().to_owned()
}

/// Extracts the catalog directory `catalog` (a working-tree path) as it was at `rev` in the repository containing
/// `repo`. `Ok(None)` when the catalog did not exist at that revision.
///
/// # Errors
/// When git cannot run, `repo` is not a repository, `rev` is not a commit, `catalog` lies outside the repository, or
/// the files cannot be written.
pub fn checkout(repo: &Path, rev: &str, catalog: &Path) -> Result<Option<BaseTree>, BaseError> {
    let top = git(repo, &["rev-parse", "--show-toplevel"])?;
    if !top.status.success() {
        return Err(BaseError::NotARepo { dir: repo.to_owned(), detail: text(&top.stderr) });
    }
    let top = PathBuf::from(text(&top.stdout));
    let commit = git(&top, &["rev-parse", "--verify", "--quiet", "--end-of-options", &format!("{rev}^{{commit}}")])?;
    if !commit.status.success() || rev.starts_with('-') {
        return Err(BaseError::BadRevision { rev: rev.to_owned(), repo: top });
    }
    let commit = text(&commit.stdout);
    let outside = || BaseError::Outside { catalog: catalog.to_owned(), repo: top.clone() };
    let abs_catalog = std::path::absolute(catalog).map_err(|_| outside())?;
    let canon_top = top.canonicalize().unwrap_or_else(|_| top.clone());
    let canon_catalog = abs_catalog.canonicalize().unwrap_or(abs_catalog);
    let rel = canon_catalog.strip_prefix(&canon_top).map_err(|_| outside())?.to_owned();
    let rel_str = rel.to_string_lossy().replace('\\', "/");
    let spec = if rel_str.is_empty() { ".".to_owned() } else { format!("{rel_str}/") };
    let listing = git(&top, &["ls-tree", "-r", "-z", "--name-only", "--full-tree", &commit, "--", &spec])?;
    if !listing.status.success() {
        return Err(BaseError::Git { command: "ls-tree".to_owned(), detail: text(&listing.stderr) });
    }
    let paths: Vec<String> = listing
        .stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    if paths.is_empty() {
        return Ok(None);
    }
    let dir = tempfile::Builder::new()
        .prefix("skuctl-base-")
        .tempdir()
        .map_err(|source| BaseError::Write { path: std::env::temp_dir(), source })?;
    write_blobs(&top, &commit, &paths, dir.path())?;
    let catalog = dir.path().join(&rel);
    Ok(Some(BaseTree { _dir: dir, catalog }))
}

/// Reads every `commit:path` blob through one `git cat-file --batch` and writes it under `dest`.
fn write_blobs(top: &Path, commit: &str, paths: &[String], dest: &Path) -> Result<(), BaseError> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| BaseError::Spawn { source })?;
    let failed = |detail: String| BaseError::Git { command: "cat-file --batch".to_owned(), detail };
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err(failed("no pipes".to_owned()));
    };
    let request: String = paths.iter().map(|p| format!("{commit}:{p}\n")).collect();
    // Write from a thread so a large answer cannot block the request.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut out = BufReader::new(stdout);
    for path in paths {
        let mut header = String::new();
        out.read_line(&mut header).map_err(|e| failed(e.to_string()))?;
        let mut parts = header.split_whitespace();
        let (_, kind, size) = (parts.next(), parts.next(), parts.next());
        let size: usize = match (kind, size.and_then(|s| s.parse().ok())) {
            (Some("blob"), Some(size)) => size,
            _ => return Err(failed(format!("unexpected answer for {path}: {}", header.trim()))),
        };
        let mut body = vec![0u8; size + 1];
        out.read_exact(&mut body).map_err(|e| failed(e.to_string()))?;
        body.truncate(size);
        let target = dest.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|source| BaseError::Write { path: parent.to_owned(), source })?;
        }
        std::fs::write(&target, &body).map_err(|source| BaseError::Write { path: target.clone(), source })?;
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(())
}
