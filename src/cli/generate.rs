//! `skuctl generate`: validate the catalog, then render typed constants (Ruby, TypeScript, Rust) and
//! `catalog.json` into the output directory, or with `--check` compare them with it and print unified diffs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::codegen::{self, RemoteIds, output};
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::SourceMap;

/// Generate code constants from the catalog.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The catalog directory (holding `catalog.yaml`).
    #[arg(long, default_value = "catalog", value_name = "DIR")]
    pub catalog: PathBuf,
    /// The output directory. skuctl owns it: files there that no template produces are removed.
    #[arg(long, default_value = "generated", value_name = "DIR")]
    pub out: PathBuf,
    /// Write nothing; exit 1 if any generated file is missing, stale or extra, printing a unified diff of each.
    #[arg(long)]
    pub check: bool,
    /// Project templates that override the embedded ones (same relative path, e.g. `ruby/skuctl_catalog.rb.tera`)
    /// or add new ones (`*.tera`, first line `{# skuctl-output: PATH -#}`). Default: `templates/` when it exists.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Include remote IDs only for this environment (repeatable; default: every environment with a snapshot).
    #[arg(long = "env", value_name = "ENV")]
    pub envs: Vec<String>,
    /// Offline live-catalog snapshots (`<env>.json`, written by `skuctl refresh`) that hold the remote IDs
    /// (Zuora rate-plan and product IDs, Salesforce Product2 IDs). Default: `state/` next to the catalog directory.
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,
}

/// Runs the command; returns the exit code.
#[must_use]
pub fn run(args: Args) -> i32 {
    let loaded = match crate::load::load_catalog(&args.catalog) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let mut diagnostics = loaded.diagnostics;
    let Some(catalog) = loaded.catalog else {
        print_diagnostics(&diagnostics, &loaded.sources);
        eprintln!("error: the catalog does not load; nothing generated");
        return 1;
    };
    // The templates directory and the remote IDs do not depend on validation: resolve them first (their errors are
    // reported below, in the usual order) so that generation can run on a second thread while the catalog is
    // validated (single-threaded). Its result is used only if the catalog has no errors; when it has some, the
    // command reports them at once and the process exits without waiting for the rendering (which writes nothing).
    let templates = args.templates.clone().or_else(|| Some(PathBuf::from("templates")).filter(|p| p.is_dir()));
    let templates_ok = templates.as_ref().is_none_or(|dir| dir.is_dir());
    let state_dir = args.state.clone().unwrap_or_else(|| {
        args.catalog.parent().map_or_else(|| PathBuf::from("state"), |p| p.join("state"))
    });
    let remote = remote_ids(&state_dir).map(|r| Arc::new(r.only(&args.envs)));
    let catalog = Arc::new(catalog);
    let generating = match &remote {
        Ok(remote) if templates_ok => {
            let (catalog, remote, templates) = (Arc::clone(&catalog), Arc::clone(remote), templates.clone());
            Some(std::thread::spawn(move || codegen::generate(&catalog, &remote, templates.as_deref())))
        }
        _ => None,
    };
    diagnostics.extend(crate::validate::check(&catalog));
    print_diagnostics(&diagnostics, &loaded.sources);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        eprintln!("error: the catalog has errors; nothing generated");
        return 1;
    }
    if let Some(dir) = &templates
        && !templates_ok
    {
        eprintln!("error: templates directory {} does not exist", dir.display());
        return 1;
    }
    let remote = match remote {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    for env in args.envs.iter().filter(|e| !remote.environments().contains(e)) {
        eprintln!("warning: no remote IDs are recorded for environment `{env}`; the generated code has none for it");
    }
    let files = match generating.map(std::thread::JoinHandle::join) {
        Some(Ok(Ok(f))) => f,
        Some(Ok(Err(e))) => {
            eprintln!("error: {e}");
            return 1;
        }
        Some(Err(_)) | None => {
            eprintln!("error: code generation panicked");
            return 1;
        }
    };
    let code = if args.check { check(&args.out, &files) } else { write(&args.out, &files) };
    // The process exits right after this command: leave the catalog, its sources and the generated files to the OS
    // instead of freeing their hundreds of thousands of allocations one by one (tens of milliseconds at scale).
    std::mem::forget((catalog, loaded.sources, files));
    code
}

/// Remote IDs from every `*.json` snapshot in `dir` (none when the directory does not exist).
fn remote_ids(dir: &Path) -> Result<RemoteIds, crate::live::SnapshotError> {
    let mut remote = RemoteIds::default();
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(remote) };
    let mut paths: Vec<PathBuf> =
        entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    paths.sort();
    for p in paths {
        let snapshot = crate::live::Snapshot::read(&p)?;
        remote.insert_live(&snapshot.environment, &snapshot.state());
    }
    Ok(remote)
}

fn check(out: &Path, files: &[codegen::GeneratedFile]) -> i32 {
    let drift = match output::check(out, files) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    if drift.is_empty() {
        println!("{} generated files in {} are up to date", files.len(), out.display());
        return 0;
    }
    let label = out.display().to_string();
    for d in &drift {
        print!("{}", d.unified_diff(&label));
    }
    for d in &drift {
        eprintln!("{}: {}/{}", d.kind(), label, d.path());
    }
    eprintln!("error: {} generated file(s) out of date; run `skuctl generate`", drift.len());
    1
}

fn write(out: &Path, files: &[codegen::GeneratedFile]) -> i32 {
    match output::write(out, files) {
        Ok(report) => {
            for p in &report.written {
                println!("wrote {}/{p}", out.display());
            }
            for p in &report.removed {
                println!("removed {}/{p}", out.display());
            }
            println!(
                "{} files generated in {} ({} written, {} unchanged, {} removed)",
                files.len(),
                out.display(),
                report.written.len(),
                report.unchanged.len(),
                report.removed.len()
            );
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

/// A plain rendering: `severity[CODE]: message` then ` --> file:line:col`, related places and help.
fn print_diagnostics(diagnostics: &[Diagnostic], sources: &SourceMap) {
    let place = |loc: &crate::diagnostic::Location| {
        let span = sources.span(loc);
        format!("{}:{}:{}", sources.path(loc.source).display(), span.line, span.column)
    };
    for d in diagnostics {
        eprintln!("{}[{}]: {}", d.severity.as_str(), d.code, d.message);
        eprintln!("  --> {}", place(&d.location));
        for r in &d.related {
            eprintln!("  note: {} at {}", r.label, place(&r.location));
        }
        if let Some(h) = &d.help {
            eprintln!("  help: {h}");
        }
    }
}
