//! The change-policy parts of the plan note, as Markdown: the findings of `skuctl check` (code, severity, what
//! changed, the bump it needs, an `allow` reason) and, separately, who each price change affects. Pure.

use crate::diagnostic::Severity;
use crate::policy::{Bump, Report};

/// The two Markdown sections the note shows: (change-policy findings, who is affected).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyMarkdown {
    pub findings: String,
    pub affected: String,
}

/// Renders a change-policy report for the plan note. Table cells have `|` and newlines escaped.
#[must_use]
pub fn policy_markdown(report: &Report) -> PolicyMarkdown {
    let base = report
        .base_version
        .as_ref()
        .map_or_else(|| "none (new catalog)".to_owned(), ToString::to_string);
    let mut findings = format!(
        "Catalog version {base} → {}; the changes need a **{}** bump.\n",
        report.version, report.required
    );
    if report.findings.is_empty() {
        findings.push_str("\nNo change-policy findings.\n");
    } else {
        findings.push_str("\n| | code | change | bump |\n|---|---|---|---|\n");
        for f in &report.findings {
            let icon = match f.severity {
                Severity::Error => "⛔",
                Severity::Warning => "⚠️",
                Severity::Info => "ℹ️",
            };
            let mut change = f.message.clone();
            if let Some(reason) = &f.allowed {
                change.push_str(&format!(" (allowed: {reason})"));
            }
            let bump = if f.bump == Bump::None {
                "—".to_owned()
            } else {
                f.bump.to_string()
            };
            findings.push_str(&format!(
                "| {icon} {} | `{}` | {} | {} |\n",
                f.severity.as_str(),
                f.code,
                cell(&change),
                bump
            ));
        }
    }
    let affected_lines: Vec<String> = report
        .findings
        .iter()
        .filter_map(|f| {
            f.affected
                .as_ref()
                .map(|a| format!("- **{}**: {}", cell(&f.subject), cell(a)))
        })
        .collect();
    let affected = if affected_lines.is_empty() {
        "No price changes: no customer pays a different price.\n".to_owned()
    } else {
        format!("{}\n", affected_lines.join("\n"))
    };
    PolicyMarkdown { findings, affected }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(findings: Vec<crate::policy::Finding>) -> Report {
        Report {
            base_version: Some(semver::Version::new(1, 2, 0)),
            version: semver::Version::new(1, 3, 0),
            required: Bump::Minor,
            findings,
        }
    }

    #[test]
    fn an_empty_report_says_so_in_both_sections() {
        let md = policy_markdown(&report(Vec::new()));
        assert_eq!(
            md.findings,
            "Catalog version 1.2.0 → 1.3.0; the changes need a **minor** bump.\n\nNo change-policy findings.\n"
        );
        assert_eq!(md.affected, "No price changes: no customer pays a different price.\n");
    }

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
