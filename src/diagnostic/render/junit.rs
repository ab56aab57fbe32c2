//! The `junit` format: JUnit XML as GitLab's test report reads it (`testcase@classname` is shown as the suite).
//! Every loaded file is a test case: it passes when it has no error, and each error diagnostic is a failing test
//! case of its own (`CODE line:column`, with the message and help in `<failure>`), so the merge request widget
//! lists each finding. Warnings are passing test cases carrying the message in `<system-out>`.

use std::fmt::Write as _;

use quick_xml::escape::escape;

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::SourceMap;

/// Renders the XML document.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let placed = super::placed(diagnostics, sources);
    let mut files: Vec<String> = sources.files().map(|(id, _)| super::display_path(sources, &crate::diagnostic::Location::root(id))).collect();
    files.sort();
    files.dedup();
    let mut cases = String::new();
    let mut tests = 0;
    let mut failures = 0;
    for file in &files {
        let here: Vec<_> = placed.iter().filter(|p| &p.file == file).collect();
        if !here.iter().any(|p| p.diagnostic.severity == Severity::Error) {
            tests += 1;
            let _ = writeln!(cases, r#"    <testcase classname="{}" name="valid" file="{}" time="0"/>"#, escape(file.as_str()), escape(file.as_str()));
        }
        for p in here {
            tests += 1;
            let d = p.diagnostic;
            let name = format!("{} {}:{}", d.code, p.span.line, p.span.column);
            let mut text = format!("{}:{}:{}: {}", p.file, p.span.line, p.span.column, d.message);
            if let Some(h) = &d.help {
                let _ = write!(text, "\nhelp: {h}");
            }
            let _ = write!(
                cases,
                r#"    <testcase classname="{}" name="{}" file="{}" time="0">"#,
                escape(file.as_str()),
                escape(name.as_str()),
                escape(file.as_str())
            );
            if d.severity == Severity::Error {
                failures += 1;
                let _ = write!(
                    cases,
                    r#"<failure message="{}" type="{}">{}</failure>"#,
                    escape(d.message.as_str()),
                    d.code,
                    escape(text.as_str())
                );
            } else {
                let _ = write!(cases, "<system-out>{}</system-out>", escape(text.as_str()));
            }
            cases.push_str("</testcase>\n");
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"skuctl validate\" tests=\"{tests}\" failures=\"{failures}\">\n  <testsuite name=\"skuctl validate\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n</testsuites>\n"
    )
}
