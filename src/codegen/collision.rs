//! Rule `SKU900` `identifier-collision`: two keys that become the same identifier in generated code.
//!
//! Keys are unique, but the identifiers derived from them need not be: `saas_premium_1y` and `saas_premium1y`
//! are both `saasPremium1y` in TypeScript, `class` and `class_` are both `class_`. Each namespace (products,
//! plans, groups) is checked in every identifier style of [`super::ident::Style`]. Pure: no IO.
//!
//! `validate::rules()` registers `RULE` and `validate::check` runs `check`, so `skuctl validate` reports it too.

use std::collections::{BTreeMap, HashMap};

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
    let products: Vec<&str> = catalog.products.iter().map(|p| p.key.as_str()).collect();
    namespace("product", &products, |i| Location::root(catalog.products[i].source).at("key"), out);
    // Plans in catalog order, with (product index, plan index) to locate one only when it collides.
    let (plans, at): (Vec<&str>, Vec<(usize, usize)>) = catalog
        .products
        .iter()
        .enumerate()
        .flat_map(|(p, product)| product.plans.iter().enumerate().map(move |(i, pl)| (pl.key.as_str(), (p, i))))
        .unzip();
    let plan_loc = |n: usize| {
        let (p, i) = at[n];
        Location::root(catalog.products[p].source).at("plans").at(i).at("key")
    };
    namespace("plan", &plans, plan_loc, out);
    let groups: Vec<&str> = catalog.root.groups.keys().map(|k| k.as_str()).collect();
    namespace("group", &groups, |i| Location::root(catalog.root_source).at("groups").at(groups[i]), out);
}

/// Reports each pair of `keys` that one style maps to the same identifier; `loc(i)` locates key `i`.
fn namespace(what: &str, keys: &[&str], loc: impl Fn(usize) -> Location, out: &mut Vec<Diagnostic>) {
    // (first index, second index) -> the styles and identifiers they collide in
    let mut pairs: BTreeMap<(usize, usize), Vec<(Style, String)>> = BTreeMap::new();
    // Every identifier of one style, end to end in one buffer (`ends[i]`: where key i's ends), so that the map
    // borrows slices instead of owning a string per key.
    let mut buffer = String::new();
    let mut ends: Vec<usize> = Vec::with_capacity(keys.len());
    for style in Style::ALL {
        buffer.clear();
        ends.clear();
        for key in keys {
            style.apply_into(key, &mut buffer);
            ends.push(buffer.len());
        }
        let id = |i: usize| &buffer[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
        // Identifier -> the first key's index. A hash map: lookups stay O(1) however many keys there are.
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(keys.len());
        for (i, key) in keys.iter().enumerate() {
            match seen.get(id(i)) {
                Some(&first) if keys[first] != *key => pairs.entry((first, i)).or_default().push((style, id(i).to_owned())),
                Some(_) => {} // the same key twice: a duplicate-key rule reports it
                None => {
                    seen.insert(id(i), i);
                }
            }
        }
    }
    for ((first, second), styles) in pairs {
        let (a, b) = (keys[first], keys[second]);
        let how = styles.iter().map(|(s, id)| format!("{} `{id}`", s.describe())).collect::<Vec<_>>().join(", ");
        out.push(
            Diagnostic::new(RULE.code, RULE.severity, format!("{what} key `{b}` becomes the same identifier as `{a}` in generated code: {how}"), loc(second))
                .with_related(loc(first), format!("`{a}` defined here"))
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
        let keys = ["saas_premium_1y", "saas_premium1y", "class", "class_"];
        let mut out = Vec::new();
        namespace("plan", &keys, loc, &mut out);
        assert_eq!(out.len(), 2, "{out:#?}");
        assert!(out[0].message.contains("`saas_premium1y`") && out[0].message.contains("saasPremium1y"));
        assert!(out[0].message.contains("SaasPremium1y"), "{}", out[0].message);
        assert!(out[1].message.contains("`class_`") && out[1].message.contains("Ruby constant `CLASS`"));
        assert_eq!(out[1].related[0].location, loc(2));
    }
}
