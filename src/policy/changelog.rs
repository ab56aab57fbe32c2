//! Markdown release notes from a [`Report`]: version, new plans, price changes per currency with old and new
//! values, retirements and removals, and every other change. Deterministic: the same report gives the same text.

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
        let mut seen: Vec<(String, String)> = Vec::new();
        for f in &prices {
            if let (Some(p), Some(a)) = (&f.price, &f.affected) {
                let item = (format!("`{}.{}`", p.plan, p.charge), a.clone());
                if !seen.contains(&item) {
                    let _ = writeln!(out, "- {}: {}", item.0, item.1);
                    seen.push(item);
                }
            }
        }
        out.push('\n');
    }
    section(&mut out, "Retirements and removals", &pick(RETIRED));
    let others: Vec<&Finding> =
        changes.iter().copied().filter(|f| ![NEW, PRICE, RETIRED].iter().any(|c| c.contains(&f.code))).collect();
    section(&mut out, "Other changes", &others);
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
