//! SKU505 `discount-settings`: discount models carry the matching discount value; other models carry none.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Catalog, ChargeModel};
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU505",
    name: "discount-settings",
    severity: Severity::Error,
    summary: "A discount charge lacks its `discount` value (percentage or amounts), or a non-discount charge has one.",
    explanation: "`discount_percentage` needs `discount.percentage`; `discount_fixed_amount` needs `discount.amounts` \
per currency. The other value, and `discount` on a non-discount charge, would be ignored by Zuora and is almost \
always a mistake.",
    bad: "model: discount_percentage\ndiscount:\n  amounts: {USD: 10.00}",
    good: "model: discount_percentage\ndiscount:\n  percentage: 10",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        let ch = c.charge;
        let who = &c;
        let mut report = |loc, msg: String, help: &str| out.push(RULE.at(loc, msg).with_help(help));
        match (ch.model, &ch.discount) {
            (m, None) if m.is_discount() => {
                report(
                    c.loc().at("model"),
                    format!("{who} is a discount but has no `discount` settings"),
                    "add `discount:` with the percentage or amounts",
                );
            }
            (m, Some(_)) if !m.is_discount() => {
                report(
                    c.loc().at("discount"),
                    format!("{who} has `discount` settings but is not a discount charge"),
                    "remove `discount`, or use a discount model",
                );
            }
            (ChargeModel::DiscountPercentage, Some(d)) => {
                if d.percentage.is_none() {
                    report(
                        c.loc().at("discount"),
                        format!("{who} is a percentage discount without `percentage`"),
                        "add `percentage:`",
                    );
                }
                if !d.amounts.is_empty() {
                    report(
                        c.loc().at("discount").at("amounts"),
                        format!("{who} is a percentage discount but has `amounts`"),
                        "remove `amounts`, or use `discount_fixed_amount`",
                    );
                }
            }
            (ChargeModel::DiscountFixedAmount, Some(d)) => {
                if d.amounts.is_empty() {
                    report(
                        c.loc().at("discount"),
                        format!("{who} is a fixed-amount discount without `amounts`"),
                        "add `amounts:` per currency",
                    );
                }
                if d.percentage.is_some() {
                    report(
                        c.loc().at("discount").at("percentage"),
                        format!("{who} is a fixed-amount discount but has `percentage`"),
                        "remove `percentage`, or use `discount_percentage`",
                    );
                }
            }
            _ => {}
        }
    }
}
