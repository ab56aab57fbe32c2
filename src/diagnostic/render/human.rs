//! The `human` format: one miette graphical report per diagnostic (code, message, the source snippet with the
//! node underlined, related places in the same file as extra labels, and the help line), then a summary line.
//! Colour only when asked (the command passes "stdout is a terminal and NO_COLOR is unset").

use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report};

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::SourceMap;

/// Renders every report and the summary.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(110).with_links(false);
    let mut out = String::new();
    // One shared copy of each file's text however many reports point into it.
    let mut texts: std::collections::HashMap<crate::model::SourceId, Arc<str>> = std::collections::HashMap::new();
    for p in super::placed(diagnostics, sources) {
        let d = p.diagnostic;
        let file = sources.file(d.location.source);
        let severity = match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        };
        let mut report = MietteDiagnostic::new(d.message.clone()).with_code(d.code).with_severity(severity);
        let mut help = d.help.clone();
        if !file.text.is_empty() {
            report = report.and_label(LabeledSpan::new_primary_with_span(None, (p.span.offset, p.span.len)));
        }
        for r in &d.related {
            let span = sources.span(&r.location);
            if r.location.source == d.location.source && !file.text.is_empty() {
                report = report.and_label(LabeledSpan::new_with_span(Some(r.label.clone()), (span.offset, span.len)));
            } else {
                let at = format!("{}:{}:{}", super::display_path(sources, &r.location), span.line, span.column);
                let line = format!("{} ({at})", r.label);
                help = Some(help.map_or(line.clone(), |h| format!("{h}\n{line}")));
            }
        }
        if file.text.is_empty() {
            let line = format!("in {}", p.file);
            help = Some(help.map_or(line.clone(), |h| format!("{line}\n{h}")));
        }
        if let Some(h) = help {
            report = report.with_help(h);
        }
        let text = Arc::clone(texts.entry(d.location.source).or_insert_with(|| Arc::from(file.text.as_str())));
        let report = Report::new(report).with_source_code(NamedSource::new(p.file.clone(), text));
        let _ = handler.render_report(&mut out, report.as_ref());
        out.push('\n');
    }
    out.push_str(&if diagnostics.is_empty() {
        format!("catalog is valid ({} files)\n", sources.files().count())
    } else {
        format!("{} in {} files\n", super::summary(diagnostics), sources.files().count())
    });
    out
}
