//! SKU509 `billing-period`: recurring and usage charges have a billing period; one-time charges have none.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Catalog, ChargeType};
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU509",
    name: "billing-period",
    severity: Severity::Error,
    summary: "A recurring or usage charge has no `billing_period`, or a one-time charge has one.",
    explanation: "Zuora bills recurring and usage charges once per billing period and requires it; a one-time charge \
is billed once, so a billing period there is meaningless and suggests `type: recurring` was meant.",
    bad: "type: recurring\nmodel: per_unit\nunit_of_measure: Seat",
    good: "type: recurring\nmodel: per_unit\nunit_of_measure: Seat\nbilling_period: annual",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        let ch = c.charge;
        match (ch.charge_type, ch.billing_period) {
            (ChargeType::OneTime, Some(_)) => out.push(
                RULE.at(
                    c.loc().at("billing_period"),
                    format!("one-time charge `{}` of plan `{}` has a billing period", ch.key, c.plan.key),
                )
                .with_help("remove `billing_period`, or make the charge `type: recurring`"),
            ),
            (ChargeType::Recurring | ChargeType::Usage, None) => out.push(
                RULE.at(c.loc(), format!("charge `{}` of plan `{}` has no billing period", ch.key, c.plan.key))
                    .with_help("add `billing_period:` (month, quarter, semi_annual, annual or {specific_months: N})"),
            ),
            _ => {}
        }
    }
}
