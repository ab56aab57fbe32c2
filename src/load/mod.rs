//! Loading: `catalog/` directory -> `Catalog`, keeping every node's source span.
//!
//! `catalog/catalog.yaml` is the root; every other `*.yaml`/`*.yml` file below the directory holds one product.
//! Each file goes through the same stages, and every problem becomes a diagnostic (`SKU001`-`SKU049`, see
//! `codes`) with its exact position; all files are checked (never stopping at the first):
//! 1. `read`: size limit before reading, UTF-8 with the offset of the first bad byte;
//! 2. `tree`: one walk over the parser events builds the untyped value (YAML 1.2 core schema, exact number text)
//!    and finds duplicate keys, excessive nesting and alias expansion;
//! 3. `schema_check`: the JSON Schema (`crate::schema`), each error mapped to its node through the instance path;
//! 4. `typed`: serde-saphyr deserialises the model (amounts read from the scalar's text).
//!
//! Files are loaded in parallel; the result is deterministic (files in path order, root first).
//! Spans are resolved lazily through `SourceMap::span`.

pub mod codes;
mod limits;
mod read;
mod schema_check;
mod source_map;
mod span_index;
mod tree;
mod typed;

use std::path::{Path, PathBuf};

pub use limits::Limits;
pub use source_map::{SourceFile, SourceMap, Span};
pub use span_index::{Entry as SpanEntry, SpanIndex};

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::{Catalog, CatalogRoot, Product, SourceId};
use crate::schema::SchemaKind;
use crate::validate::Rule;

/// A loaded catalog with its sources. `diagnostics` holds load errors (parse errors, unknown fields); when any is
/// an error, `catalog` is `None`.
#[derive(Debug)]
pub struct Loaded {
    pub catalog: Option<Catalog>,
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

/// An operational failure: the directory cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read catalog directory {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("no catalog root: {0} does not exist")]
    NoRoot(PathBuf),
}

/// Loads the catalog under `dir` with the default limits.
///
/// # Errors
/// Only when the directory itself cannot be read; problems in the files (a missing root file included) are
/// diagnostics.
pub fn load_catalog(dir: &Path) -> Result<Loaded, LoadError> {
    load_catalog_with(dir, &Limits::default())
}

/// One file to load: its path, and either its kind or why it cannot be read.
enum Input {
    File(PathBuf, SchemaKind),
    Unreadable(PathBuf, String),
    MissingRoot(PathBuf),
}

enum Parsed {
    Root(CatalogRoot),
    Product(Box<Product>),
    Nothing,
}

struct FileOut {
    path: PathBuf,
    text: String,
    diagnostics: Vec<Diagnostic>,
    parsed: Parsed,
}

/// Loads the catalog under `dir` with explicit limits.
///
/// # Errors
/// Only when the directory itself cannot be read.
pub fn load_catalog_with(dir: &Path, limits: &Limits) -> Result<Loaded, LoadError> {
    let inputs = list(dir)?;
    let outs = load_all(&inputs, limits);
    let mut sources = SourceMap::default();
    let mut diagnostics = Vec::new();
    let mut root = None;
    let mut root_source = SourceId(0);
    let mut products = Vec::new();
    for out in outs {
        let id = sources.add(out.path, out.text);
        diagnostics.extend(out.diagnostics);
        match out.parsed {
            Parsed::Root(r) => {
                root = Some(r);
                root_source = id;
            }
            Parsed::Product(mut p) => {
                p.source = id;
                products.push(*p);
            }
            Parsed::Nothing => {}
        }
    }
    let ok = !diagnostics.iter().any(|d| d.severity == Severity::Error);
    let catalog = root.filter(|_| ok).map(|root| Catalog { root, products, root_source });
    Ok(Loaded { catalog, sources, diagnostics })
}

/// The files of the catalog: the root first, then every other YAML file in path order.
fn list(dir: &Path) -> Result<Vec<Input>, LoadError> {
    let meta = std::fs::metadata(dir).map_err(|source| LoadError::Io { path: dir.to_owned(), source })?;
    if !meta.is_dir() {
        let source = std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a directory");
        return Err(LoadError::Io { path: dir.to_owned(), source });
    }
    let root_path = dir.join("catalog.yaml");
    let mut inputs = vec![if root_path.is_file() {
        Input::File(root_path.clone(), SchemaKind::Catalog)
    } else {
        Input::MissingRoot(root_path.clone())
    }];
    for entry in walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(entry) => {
                let p = entry.path();
                let yaml = p.extension().is_some_and(|e| e == "yaml" || e == "yml");
                if entry.file_type().is_file() && yaml && p != root_path {
                    inputs.push(Input::File(p.to_owned(), SchemaKind::Product));
                }
            }
            Err(e) => {
                let path = e.path().map_or_else(|| dir.to_owned(), Path::to_owned);
                let reason = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                inputs.push(Input::Unreadable(path, reason));
            }
        }
    }
    Ok(inputs)
}

/// Loads every input, in parallel, returning the results in input order.
fn load_all(inputs: &[Input], limits: &Limits) -> Vec<FileOut> {
    let threads = crate::par::cores().min(inputs.len().div_ceil(8)).max(1);
    crate::par::map_indices(inputs.len(), threads, |i| {
        load_one(&inputs[i], SourceId(u32::try_from(i).unwrap_or(u32::MAX)), limits)
    })
}

fn diag(rule: &Rule, at: Location, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(rule.code, rule.severity, message, at)
}

fn load_one(input: &Input, id: SourceId, limits: &Limits) -> FileOut {
    let mut out = Vec::new();
    let (path, kind) = match input {
        Input::File(p, k) => (p, *k),
        Input::Unreadable(p, reason) => {
            out.push(diag(&codes::UNREADABLE, Location::root(id), format!("cannot read this file: {reason}")));
            return FileOut { path: p.clone(), text: String::new(), diagnostics: out, parsed: Parsed::Nothing };
        }
        Input::MissingRoot(p) => {
            out.push(
                diag(&codes::MISSING_ROOT, Location::root(id), "the catalog root file catalog.yaml does not exist")
                    .with_help("create catalog.yaml with the catalog's name, version, currencies and default_currency"),
            );
            return FileOut { path: p.clone(), text: String::new(), diagnostics: out, parsed: Parsed::Nothing };
        }
    };
    let text = match read::read_text(path, limits.max_file_bytes) {
        Ok(t) => t,
        Err(problem) => {
            let (rule, at, text) = match &problem {
                read::ReadProblem::TooLarge { .. } => (&codes::FILE_TOO_LARGE, Location::root(id), String::new()),
                read::ReadProblem::InvalidUtf8 { offset, lossy } => {
                    (&codes::INVALID_UTF8, Location::bytes(id, *offset, offset + 1), lossy.clone())
                }
                read::ReadProblem::Io { .. } => (&codes::UNREADABLE, Location::root(id), String::new()),
            };
            out.push(diag(rule, at, problem.to_string()));
            return FileOut { path: path.clone(), text, diagnostics: out, parsed: Parsed::Nothing };
        }
    };
    let parsed = parse(&text, kind, id, limits, &mut out);
    FileOut { path: path.clone(), text, diagnostics: out, parsed }
}

/// Stages 2-4 on one file's text.
fn parse(text: &str, kind: SchemaKind, id: SourceId, limits: &Limits, out: &mut Vec<Diagnostic>) -> Parsed {
    let walked = tree::walk_value(text, limits.tree());
    let before = out.len();
    for problem in &walked.problems {
        out.push(structural(problem, text, id));
    }
    if walked.empty && walked.problems.is_empty() {
        out.push(
            diag(&codes::EMPTY_FILE, Location::root(id), "the file holds no YAML document")
                .with_help("every *.yaml file under the catalog directory is the root or one product; delete the file"),
        );
    }
    let Some(value) = walked.value.filter(|_| out.len() == before) else { return Parsed::Nothing };
    schema_check::check(kind, &value, id, out);
    if out.len() != before {
        return Parsed::Nothing;
    }
    match kind {
        SchemaKind::Catalog => typed::deserialize::<CatalogRoot>(text, id, limits, out).map_or(Parsed::Nothing, Parsed::Root),
        SchemaKind::Product => {
            typed::deserialize::<Product>(text, id, limits, out).map_or(Parsed::Nothing, |p| Parsed::Product(Box::new(p)))
        }
    }
}

/// The diagnostic of a structural problem.
fn structural(problem: &tree::Problem, text: &str, id: SourceId) -> Diagnostic {
    use tree::Problem as P;
    match problem {
        P::Syntax { start, end, message } => match first_tab_indent(text).filter(|tab| before_line_end(text, *tab, *start)) {
            Some(tab) => diag(&codes::TAB_INDENTATION, Location::bytes(id, tab, tab + 1), "a line is indented with a tab")
                .with_help("YAML indentation must use spaces; replace the tab with spaces"),
            None => diag(&codes::SYNTAX, Location::bytes(id, *start, *end), format!("invalid YAML: {message}")),
        },
        P::DuplicateKey { key, first, second } => {
            diag(&codes::DUPLICATE_KEY, Location::bytes(id, second.0, second.1), format!("duplicate key `{key}`"))
                .with_related(Location::bytes(id, first.0, first.1), format!("`{key}` first defined here"))
                .with_help("remove one of the two; YAML parsers disagree on which value a duplicated key keeps")
        }
        P::TooDeep { start, limit } => diag(
            &codes::TOO_DEEP,
            Location::bytes(id, *start, start + 1),
            format!("the document nests deeper than {limit} levels"),
        ),
        P::AliasLimit { start, end, message } => diag(&codes::ALIAS_LIMIT, Location::bytes(id, *start, *end), message.clone())
            .with_help("write the repeated block out, or share it with fewer aliases"),
        P::MultipleDocuments { start } => diag(
            &codes::MULTIPLE_DOCUMENTS,
            Location::bytes(id, *start, start + 3),
            "the file holds more than one YAML document",
        )
        .with_help("put each product in its own file"),
        P::ComplexKey { start, end } => diag(
            &codes::SYNTAX,
            Location::bytes(id, *start, *end),
            "a mapping key must be a plain value (text), not a list or a mapping",
        ),
    }
}

/// Whether `offset` lies before the end of the line after the one holding `at` (a scanner reports a tab while
/// reading the scalar that precedes it).
fn before_line_end(text: &str, offset: usize, at: usize) -> bool {
    let at = at.min(text.len());
    let next = text[at..].find('\n').map_or(text.len(), |i| at + i + 1).min(text.len());
    let line_end = text[next..].find('\n').map_or(text.len(), |i| next + i);
    offset <= line_end
}

/// The byte offset of the first tab in a line's indentation, if any.
fn first_tab_indent(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let rest = line[indent..].trim_end();
        if !rest.is_empty()
            && let Some(i) = line[..indent].find('\t')
        {
            return Some(offset + i);
        }
        offset += line.len();
    }
    None
}
