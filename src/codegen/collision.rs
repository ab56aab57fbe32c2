//! Rule `SKU900` `identifier-collision`: two keys that become the same identifier in generated code.
//!
//! Keys are unique, but the identifiers derived from them need not be: `saas_premium_1y` and `saas_premium1y`
//! are both `saasPremium1y` in TypeScript, `class` and `class_` are both `class_`. Each namespace (products,
//! plans, groups) is checked in every identifier style of [`super::ident::Style`]. Pure: no IO.
//!
//! `validate::rules()` registers `RULE` and `validate::check` runs `check`, so `skuctl validate` reports it too.

use std::collections::BTreeMap;

use super::ident::Style;
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::Catalog;
use crate::validate::Rule;

pub static RULE: Rule = Rule {
    code: "SKU900",
    name: "identifier-collision",
    severity: Severity::Error,
    summary: "Two keys become the same identifier in generated Ruby, TypeScript or Rust code.",
    explanation: "`skuctl generate` turns every product, plan and group key into a constant per language \
(`SAAS_PREMIUM_1Y` in Ruby and Rust, `saasPremium1y` in TypeScript, `SaasPremium1y` as a Rust enum variant). Key \
words are separated by `_`, digits do not start a new word, and reserved words get a trailing `_`, so two different \
keys can map to one identifier and the generated code would not compile or would silently lose one of them.",
    bad: "plans:\n  - key: saas_premium_1y\n  - key: saas_premium1y   # both `saasPremium1y` in TypeScript",
    good: "plans:\n  - key: saas_premium_1y\n  - key: saas_premium_2y",
};

/// Checks products, plans and groups in every identifier style; one finding per colliding pair of keys.
pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let products: Vec<(&str, Location)> =
        catalog.products.iter().map(|p| (p.key.as_str(), Location::root(p.source).at("key"))).collect();
    let plans: Vec<(&str, Location)> = catalog
        .products
        .iter()
        .flat_map(|p| {
            let at = Location::root(p.source).at("plans");
            p.plans.iter().enumerate().map(move |(i, pl)| (pl.key.as_str(), at.at(i).at("key")))
        })
        .collect();
    let root = Location::root(catalog.root_source).at("groups");
    let groups: Vec<(&str, Location)> = catalog.root.groups.keys().map(|k| (k.as_str(), root.at(k))).collect();
    namespace("product", &products, out);
    namespace("plan", &plans, out);
    namespace("group", &groups, out);
}

fn namespace(what: &str, items: &[(&str, Location)], out: &mut Vec<Diagnostic>) {
    // (first index, second index) -> the styles and identifiers they collide in
    let mut pairs: BTreeMap<(usize, usize), Vec<(Style, String)>> = BTreeMap::new();
    for style in Style::ALL {
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (i, (key, _)) in items.iter().enumerate() {
            let id = style.apply(key);
            match seen.get(&id) {
                Some(&first) if items[first].0 != *key => pairs.entry((first, i)).or_default().push((style, id)),
                Some(_) => {} // the same key twice: a duplicate-key rule reports it
                None => {
                    seen.insert(id, i);
                }
            }
        }
    }
    for ((first, second), styles) in pairs {
        let (a, a_loc) = &items[first];
        let (b, b_loc) = &items[second];
        let how = styles.iter().map(|(s, id)| format!("{} `{id}`", s.describe())).collect::<Vec<_>>().join(", ");
        out.push(
            Diagnostic::new(RULE.code, RULE.severity, format!("{what} key `{b}` becomes the same identifier as `{a}` in generated code: {how}"), b_loc.clone())
                .with_related(a_loc.clone(), format!("`{a}` defined here"))
                .with_help(format!("rename one of the keys so their words differ (keys are split into words at `_`), e.g. `{a}` and `{a}_2`")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceId;

    #[test]
    fn pairs_are_reported_once_with_every_style() {
        let loc = |n: usize| Location::root(SourceId(1)).at(n);
        let items = [("saas_premium_1y", loc(0)), ("saas_premium1y", loc(1)), ("class", loc(2)), ("class_", loc(3))];
        let mut out = Vec::new();
        namespace("plan", &items, &mut out);
        assert_eq!(out.len(), 2, "{out:#?}");
        assert!(out[0].message.contains("`saas_premium1y`") && out[0].message.contains("saasPremium1y"));
        assert!(out[0].message.contains("SaasPremium1y"), "{}", out[0].message);
        assert!(out[1].message.contains("`class_`") && out[1].message.contains("Ruby constant `CLASS`"));
        assert_eq!(out[1].related[0].location, loc(2));
    }
}
