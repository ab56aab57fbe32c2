//! The template set: the embedded templates, plus a project's `templates/` directory that overrides them by
//! relative path or adds new ones.
//!
//! Every template declares its output path (relative to the output directory) in a Tera comment on its first line:
//! `{# skuctl-output: ruby/skuctl_catalog.rb -#}`. The comment renders nothing and keeps line numbers intact, so a
//! template error points at the template's real file and line.

use std::path::{Component, Path, PathBuf};

use super::CodegenError;

/// The marker that starts the front-matter comment.
pub const OUTPUT_MARKER: &str = "skuctl-output:";

/// One template: where it came from, its text, and the output path it declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// Relative name inside the template set (`ruby/skuctl_catalog.rb.tera`); a project file with the same name
    /// overrides the embedded one.
    pub name: String,
    /// What errors show as the file: `<embedded>/ruby/skuctl_catalog.rb.tera` or the project file's path.
    pub origin: String,
    pub source: String,
    /// Output path relative to the output directory, `/`-separated.
    pub output: String,
}

const EMBEDDED: &[(&str, &str)] = &[
    ("ruby/skuctl_catalog.rb.tera", include_str!("templates/ruby/skuctl_catalog.rb.tera")),
    ("rust/catalog.rs.tera", include_str!("templates/rust/catalog.rs.tera")),
    ("typescript/catalog.ts.tera", include_str!("templates/typescript/catalog.ts.tera")),
];

/// The embedded templates.
///
/// # Errors
/// Only if an embedded template lacks its front matter (a build defect, covered by tests).
pub fn embedded() -> Result<Vec<Template>, CodegenError> {
    EMBEDDED
        .iter()
        .map(|(name, source)| template((*name).to_owned(), format!("<embedded>/{name}"), (*source).to_owned()))
        .collect()
}

/// The embedded templates with the project's `dir` applied on top: same relative name overrides, new names add.
/// Only `*.tera` files are templates; the result is sorted by name.
///
/// # Errors
/// When the directory cannot be read or a template declares no valid output path.
pub fn with_overrides(dir: Option<&Path>) -> Result<Vec<Template>, CodegenError> {
    let mut all = embedded()?;
    if let Some(dir) = dir {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| CodegenError::Io { path: dir.to_owned(), source: e.into() })?;
            let path = entry.path();
            if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "tera") {
                continue;
            }
            let rel = path.strip_prefix(dir).unwrap_or(path);
            let name = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
            let source = std::fs::read_to_string(path).map_err(|e| CodegenError::Io { path: path.to_owned(), source: e })?;
            let t = template(name, path.display().to_string(), source)?;
            all.retain(|existing| existing.name != t.name);
            all.push(t);
        }
    }
    all.sort_by(|a, b| a.name.cmp(&b.name));
    let mut seen: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
    for t in &all {
        if let Some(first) = seen.insert(&t.output, &t.origin) {
            return Err(CodegenError::DuplicateOutput { output: t.output.clone(), first: first.to_owned(), second: t.origin.clone() });
        }
    }
    Ok(all)
}

fn template(name: String, origin: String, source: String) -> Result<Template, CodegenError> {
    let first = source.lines().next().unwrap_or("");
    let bad = |reason: &str| CodegenError::FrontMatter { template: format!("{origin}:1"), reason: reason.to_owned() };
    let declared = first
        .trim()
        .strip_prefix("{#")
        .and_then(|s| s.trim_start_matches('-').trim_start().strip_prefix(OUTPUT_MARKER))
        .and_then(|s| s.trim_end().strip_suffix("#}"))
        .map(|s| s.trim_end_matches('-').trim())
        .ok_or_else(|| bad(&format!("the first line must be `{{# {OUTPUT_MARKER} <path relative to the output dir> -#}}`")))?;
    let p = PathBuf::from(declared);
    let relative = !declared.is_empty()
        && !declared.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    if !relative {
        return Err(bad(&format!("output path `{declared}` must be a relative path inside the output directory")));
    }
    if declared == "catalog.json" {
        return Err(bad("`catalog.json` is written by skuctl itself and cannot come from a template"));
    }
    let output = declared.to_owned();
    Ok(Template { name, origin, source, output })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_templates_declare_outputs() {
        let all = embedded().expect("front matter");
        let outputs: Vec<&str> = all.iter().map(|t| t.output.as_str()).collect();
        assert_eq!(outputs, ["ruby/skuctl_catalog.rb", "rust/catalog.rs", "typescript/catalog.ts"]);
    }

    #[test]
    fn front_matter_is_required_and_relative() {
        let t = |src: &str| template("x.tera".into(), "t/x.tera".into(), src.into());
        assert_eq!(t("{# skuctl-output: a/b.txt -#}\nhi").expect("ok").output, "a/b.txt");
        assert!(matches!(t("hi"), Err(CodegenError::FrontMatter { .. })));
        assert!(matches!(t("{# skuctl-output: ../x -#}"), Err(CodegenError::FrontMatter { .. })));
        assert!(matches!(t("{# skuctl-output: /etc/x -#}"), Err(CodegenError::FrontMatter { .. })));
    }
}
