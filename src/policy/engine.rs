//! The change-policy engine: runs every lint over the matched catalogs, applies `allow` entries, and enforces the
//! version bump. Pure: no IO.

use crate::diagnostic::{Location, Severity};
use crate::model::{Allow, Catalog, CatalogRoot, NamingConvention, SourceId};

use super::lints::{self, ALL};
use super::{Bump, Diff, Finding, Owner, Report};

/// Classifies every change from `base` (`None`: the catalog did not exist at the base revision, so everything is
/// new and no version is enforced) to `head`, the working-tree catalog. Locations point into `head`'s sources.
#[must_use]
pub fn check(base: Option<&Catalog>, head: &Catalog) -> Report {
    let root = head.root_source;
    let empty = Catalog {
        root: CatalogRoot {
            name: head.root.name.clone(),
            version: head.root.version.clone(),
            currencies: Vec::new(),
            default_currency: head.root.default_currency.clone(),
            groups: std::collections::BTreeMap::new(),
            naming: NamingConvention::default(),
            allow: Vec::new(),
        },
        products: Vec::new(),
        root_source: root,
    };
    let diff = Diff::new(base.unwrap_or(&empty), head, root);
    let mut findings: Vec<Finding> = ALL.iter().filter_map(|l| l.check).flat_map(|check| check(&diff)).collect();
    apply_allows(head, root, &mut findings);
    let changes = findings.iter().filter(|f| f.bump > Bump::None).count();
    let required = findings.iter().filter(|f| f.allowed.is_none()).map(|f| f.bump.min(Bump::Major)).max();
    let required = required.unwrap_or(Bump::None);
    let base_version = base.map(|b| b.root.version.clone());
    if let Some(old) = &base_version {
        findings.extend(check_version(old, &head.root.version, required, changes, &findings, root));
    }
    findings.sort_by(|a, b| {
        (&a.location, a.code, &a.message).cmp(&(&b.location, b.code, &b.message))
    });
    Report { base_version, version: head.root.version.clone(), required, findings }
}

fn check_version(
    old: &semver::Version,
    new: &semver::Version,
    required: Bump,
    changes: usize,
    findings: &[Finding],
    root: SourceId,
) -> Option<Finding> {
    let at = Location::root(root).at("version");
    let subject = "catalog".to_owned();
    let Some(made) = Bump::between(old, new) else {
        let msg = format!("the catalog version went down from {old} to {new}");
        return Some(Finding::new(&lints::VERSION_DECREASED, Owner::Root, at, subject, msg));
    };
    if made < required {
        let needing: Vec<String> = findings
            .iter()
            .filter(|f| f.allowed.is_none() && f.bump.min(Bump::Major) > made)
            .map(|f| format!("\n- {} ({}) {}", f.code, f.bump.min(Bump::Major), f.message))
            .collect();
        let made = if made == Bump::None { "not bumped".to_owned() } else { format!("a {made} bump") };
        let msg = format!(
            "the catalog version {old} -> {new} is {made}, but the changes need a {required} bump (version {} or later); the changes needing more:{}",
            required.apply(old),
            needing.concat()
        );
        return Some(Finding::new(&lints::VERSION_BUMP_INSUFFICIENT, Owner::Root, at, subject, msg));
    }
    (made > Bump::None && changes == 0).then(|| {
        let msg = format!("the catalog version was bumped from {old} to {new} but nothing changed");
        Finding::new(&lints::VERSION_BUMP_WITHOUT_CHANGE, Owner::Root, at, subject, msg)
    })
}

/// Every `allow` entry in the working tree with its owner and location.
fn allow_entries<'a>(head: &'a Catalog, root: SourceId) -> Vec<(Owner, Location, &'a Allow)> {
    let mut out: Vec<(Owner, Location, &'a Allow)> = Vec::new();
    let mut add = |owner: Owner, at: Location, list: &'a [Allow]| {
        for (i, a) in list.iter().enumerate() {
            out.push((owner.clone(), at.at("allow").at(i), a));
        }
    };
    add(Owner::Root, Location::root(root), &head.root.allow);
    for p in &head.products {
        add(Owner::Product { product: p.key.clone() }, Location::root(p.source), &p.allow);
        for (pi, plan) in p.plans.iter().enumerate() {
            let at = Location::root(p.source).at("plans").at(pi);
            add(Owner::Plan { plan: plan.key.clone() }, at.clone(), &plan.allow);
            for (ci, c) in plan.charges.iter().enumerate() {
                let owner = Owner::Charge { plan: plan.key.clone(), charge: c.key.clone() };
                add(owner, at.at("charges").at(ci), &c.allow);
            }
        }
    }
    out
}

/// Marks the findings each entry allows (every finding of its code on its object), and reports bad entries.
fn apply_allows(head: &Catalog, root: SourceId, findings: &mut Vec<Finding>) {
    let mut problems = Vec::new();
    for (owner, at, entry) in allow_entries(head, root) {
        let subject = match &owner {
            Owner::Root => "catalog".to_owned(),
            Owner::Product { product } => format!("product `{product}`"),
            Owner::Plan { plan } => format!("plan `{plan}`"),
            Owner::Charge { plan, charge } => format!("charge `{plan}.{charge}`"),
        };
        let code = entry.code.trim();
        if entry.reason.trim().is_empty() {
            let msg = format!("the `allow` entry for {code} on {subject} has no reason, so it allows nothing");
            problems.push(Finding::new(&lints::ALLOW_WITHOUT_REASON, owner, at.at("reason"), subject, msg));
            continue;
        }
        if !ALL.iter().any(|l| l.check.is_some() && l.rule.code == code) {
            let msg = format!("`{code}` in the `allow` entry on {subject} is not a change-policy lint that can be allowed");
            problems.push(Finding::new(&lints::ALLOW_UNKNOWN_CODE, owner, at.at("code"), subject, msg));
            continue;
        }
        let mut used = false;
        for f in findings.iter_mut().filter(|f| f.owner == owner && f.code == code) {
            f.allowed = Some(entry.reason.trim().to_owned());
            f.severity = Severity::Info;
            used = true;
        }
        if !used {
            let msg = format!("the `allow` entry for {code} on {subject} matches no change; remove it");
            problems.push(Finding::new(&lints::ALLOW_UNUSED, owner, at, subject, msg));
        }
    }
    findings.extend(problems);
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::model::{Catalog, CatalogRoot, Product, SourceId};
    use crate::policy::Bump;

    const ROOT: &str = "name: T\nversion: 1.0.0\ncurrencies: [USD]\ndefault_currency: USD\n";

    fn product(plans: &str) -> String {
        format!(
            "key: p\nname: P\nsku: P\ncategory: base\neffective_start: 2024-01-01\nplans:\n{plans}"
        )
    }

    fn plan(key: &str, name: &str, usd: &str) -> String {
        format!(
            "  - key: {key}\n    name: {name}\n    status: active\n    effective_start: 2024-01-01\n    charges:\n\
             \x20     - key: seat\n        name: Seat\n        type: recurring\n        model: per_unit\n\
             \x20       billing_period: annual\n        unit_of_measure: Seat\n        prices: {{USD: {usd}}}\n"
        )
    }

    fn catalog(root: &str, product_yaml: &str) -> Catalog {
        let root: CatalogRoot = serde_saphyr::from_str(root).expect("root");
        let mut p: Product = serde_saphyr::from_str(product_yaml).expect("product");
        p.source = SourceId(1);
        Catalog { root, products: vec![p], root_source: SourceId(0) }
    }

    fn codes(r: &crate::policy::Report) -> Vec<&'static str> {
        r.findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn a_new_key_with_the_same_name_is_a_key_change_not_a_removal_and_an_addition() {
        // Without explicit SKUs the SKU follows the key; the plan name in the same product identifies it.
        let old = catalog(ROOT, &product(&plan("a_1y", "SaaS - A", "10")));
        let new = catalog(&ROOT.replace("1.0.0", "2.0.0"), &product(&plan("a_annual", "SaaS - A", "10")));
        let r = check(Some(&old), &new);
        assert_eq!(codes(&r), vec!["CHG011"]);
        assert!(r.has_errors());
    }

    #[test]
    fn the_required_bump_is_the_largest_unallowed_change() {
        let old = catalog(ROOT, &product(&plan("a", "SaaS - A", "10")));
        let two = format!("{}{}", plan("a", "SaaS - A", "12"), plan("b", "SaaS - B", "5"));
        let new = catalog(&ROOT.replace("1.0.0", "1.1.0"), &product(&two));
        let r = check(Some(&old), &new);
        assert_eq!(r.required, Bump::Major);
        assert!(codes(&r).contains(&"CHG900"), "{:?}", codes(&r));
        // Prices compare by value: 10 and 10.00 are the same price.
        let same = catalog(ROOT, &product(&plan("a", "SaaS - A", "10.00")));
        assert!(check(Some(&old), &same).findings.is_empty());
    }

    #[test]
    fn without_a_base_everything_is_new_and_no_version_is_enforced() {
        let new = catalog(ROOT, &product(&plan("a", "SaaS - A", "10")));
        let r = check(None, &new);
        assert_eq!(r.base_version, None);
        assert_eq!(codes(&r), vec!["CHG035", "CHG032", "CHG033"]);
    }

    #[test]
    fn the_note_parts_list_every_finding_and_who_a_price_change_reaches() {
        let old = catalog(ROOT, &product(&plan("a", "SaaS - A", "10")));
        let new = catalog(&ROOT.replace("1.0.0", "1.0.1"), &product(&plan("a", "SaaS - A", "12")));
        let r = check(Some(&old), &new);
        let findings = crate::policy::changelog::findings_markdown(&r);
        assert_eq!(
            findings,
            "Catalog version 1.0.0 -> 1.0.1; the changes need a major bump.\n\n\
             - `CHG900` error: the catalog version 1.0.0 -> 1.0.1 is a patch bump, but the changes need a major bump \
             (version 2.0.0 or later); the changes needing more:\n  \
             - CHG020 (major) charge `a.seat` price in USD increased from 10 to 12 (+20%)\n\
             - `CHG020` warning, major: charge `a.seat` price in USD increased from 10 to 12 (+20%)\n"
        );
        let affected = crate::policy::changelog::affected_markdown(&r);
        assert!(affected.starts_with("- `a.seat`: New subscriptions pay the new price"), "{affected}");
        assert!(affected.ends_with("(price_change_on_renewal: no_change).\n"), "{affected}");
        let same = check(Some(&old), &old);
        assert_eq!(crate::policy::changelog::findings_markdown(&same), "");
        assert_eq!(crate::policy::changelog::affected_markdown(&same), "");
    }
}
