//! SKU600 `end-before-start`: an effective period ends on or after the day it starts.

use chrono::NaiveDate;

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU600",
    name: "end-before-start",
    severity: Severity::Error,
    summary: "A product's or plan's `effective_end` is before its `effective_start`.",
    explanation: "The effective period is when an item can be added to a subscription. A period that ends before it \
starts is empty: Zuora rejects it, and the item could never be sold.",
    bad: "effective_start: 2024-04-02\neffective_end: 2023-04-03",
    good: "effective_start: 2023-04-03\neffective_end: 2024-04-02",
};

fn check_period(
    start: NaiveDate,
    end: Option<NaiveDate>,
    loc: &dyn Fn() -> Location,
    what: &dyn Fn() -> String,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(end) = end
        && end < start
    {
        out.push(
            RULE.at(loc().at("effective_end"), format!("{} ends on {end}, before it starts on {start}", what()))
                .with_help("swap the dates, or fix the typo in the year"),
        );
    }
}

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for p in &catalog.products {
        check_period(
            p.effective_start,
            p.effective_end,
            &|| walk::product_loc(p),
            &|| format!("product `{}`", p.key),
            out,
        );
    }
    for p in walk::plans(catalog) {
        check_period(
            p.plan.effective_start,
            p.plan.effective_end,
            &|| p.loc(),
            &|| format!("plan `{}`", p.plan.key),
            out,
        );
    }
}
