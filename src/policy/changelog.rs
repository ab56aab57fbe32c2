//! Markdown from a [`Report`]: release notes (version, new plans, price changes per currency with old and new
//! values, retirements and removals, every other change), and the two parts of the merge-request note (the findings,
//! and who is affected). Deterministic: the same report gives the same text.

use std::fmt::Write as _;

use super::{Bump, Finding, Report};

const NEW: &[&str] = &["CHG032", "CHG033", "CHG034", "CHG035"];
const PRICE: &[&str] = &["CHG020", "CHG030", "CHG031"];
const RETIRED: &[&str] = &["CHG001", "CHG002", "CHG003", "CHG004", "CHG025"];

/// The release notes of `report`, titled with the catalog's `name`.
#[must_use]
pub fn render(name: &str, report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {name} {}\n", report.version);
    let _ = match &report.base_version {
        Some(base) => writeln!(out, "Changes since version {base}; they need a {} version bump.\n", report.required),
        None => writeln!(out, "First release of the catalog: everything is new.\n"),
    };
    let changes: Vec<&Finding> = report.changes().collect();
    if changes.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let pick = |codes: &[&str]| changes.iter().copied().filter(|f| codes.contains(&f.code)).collect::<Vec<_>>();
    section(&mut out, "New", &pick(NEW));
    let prices = pick(PRICE);
    if !prices.is_empty() {
        out.push_str("## Price changes\n\n| Plan | Charge | Price | Currency | Old | New |\n|---|---|---|---|---:|---:|\n");
        for f in &prices {
            if let Some(p) = &f.price {
                let _ = writeln!(
                    out,
                    "| {} (`{}`) | {} (`{}`) | {} | {} | {} | {} |",
                    cell(&p.plan_name),
                    p.plan,
                    cell(&p.charge_name),
                    p.charge,
                    p.component,
                    p.currency,
                    p.old,
                    p.new
                );
            }
        }
        out.push_str("\nWho is affected:\n\n");
        out.push_str(&affected_markdown(report));
        out.push('\n');
    }
    section(&mut out, "Retirements and removals", &pick(RETIRED));
    let others: Vec<&Finding> =
        changes.iter().copied().filter(|f| ![NEW, PRICE, RETIRED].iter().any(|c| c.contains(&f.code))).collect();
    section(&mut out, "Other changes", &others);
    out
}

/// Who each price change reaches, one bullet per changed charge (for the merge-request note); empty when no price
/// changed.
#[must_use]
pub fn affected_markdown(report: &Report) -> String {
    let mut out = String::new();
    let mut seen: Vec<(String, &str)> = Vec::new();
    for f in report.changes().filter(|f| PRICE.contains(&f.code)) {
        if let (Some(p), Some(a)) = (&f.price, &f.affected) {
            let item = (format!("`{}.{}`", p.plan, p.charge), a.as_str());
            if !seen.contains(&item) {
                let _ = writeln!(out, "- {}: {}", item.0, item.1);
                seen.push(item);
            }
        }
    }
    out
}

/// Every finding as a Markdown list headed by the bump the changes need (for the merge-request note); allowed
/// findings carry their reason. Empty when there is nothing to report.
#[must_use]
pub fn findings_markdown(report: &Report) -> String {
    if report.findings.is_empty() {
        return String::new();
    }
    let mut out = match &report.base_version {
        Some(base) => format!(
            "Catalog version {base} -> {}; the changes need a {} bump.\n\n",
            report.version, report.required
        ),
        None => format!("Catalog version {}; the catalog is new.\n\n", report.version),
    };
    for f in &report.findings {
        let allowed = f.allowed.as_ref().map(|r| format!(" (allowed: {r})")).unwrap_or_default();
        let bump = if f.bump == Bump::None { String::new() } else { format!(", {}", f.bump) };
        let message = f.message.replace('\n', "\n  ");
        let _ = writeln!(out, "- `{}` {}{bump}: {message}{allowed}", f.code, f.severity.as_str());
    }
    out
}

fn section(out: &mut String, title: &str, items: &[&Finding]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {title}\n");
    for f in items {
        let allowed = f.allowed.as_ref().map(|r| format!(" Allowed: {r}.")).unwrap_or_default();
        let bump = if f.bump == Bump::Forbidden { "forbidden".to_owned() } else { f.bump.to_string() };
        let _ = writeln!(out, "- {} ({}, {bump}).{allowed}", capitalize(&f.message), f.code);
    }
    out.push('\n');
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}
