//! Property: generated valid catalogs (random products, plans, charges of every model, prices in random currencies
//! with a random scale within each currency's minor unit) load, validate clean, and keep every price exact: the
//! loaded `Decimal` equals the written text and prints back as the same text (scale included).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use proptest::prelude::*;

/// Currency code and the most decimals a valid price may have (its minor unit, capped at Salesforce's 2).
const CURRENCIES: &[(&str, u32)] = &[("USD", 2), ("EUR", 2), ("GBP", 2), ("JPY", 0), ("KWD", 2), ("CHF", 2)];

#[derive(Debug, Clone)]
struct Amount {
    int: u64,
    frac: Vec<u8>,
    quoted: bool,
}

impl Amount {
    fn text(&self, max_scale: u32) -> String {
        let frac: String = self.frac.iter().take(max_scale as usize).map(|d| char::from(b'0' + d)).collect();
        if frac.is_empty() { self.int.to_string() } else { format!("{}.{frac}", self.int) }
    }
}

fn amount() -> impl Strategy<Value = Amount> {
    (
        prop_oneof![0u64..100, 0u64..100_000, 0u64..10_000_000_000_000_000],
        proptest::collection::vec(0u8..10, 0..=2),
        any::<bool>(),
    )
        .prop_map(|(int, frac, quoted)| Amount { int, frac, quoted })
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    FlatFee,
    PerUnit,
    Tiered,
    Volume,
    Overage,
    Discount,
}

#[derive(Debug, Clone)]
struct ChargeSpec {
    kind: Kind,
    amounts: Vec<Amount>,
    tier_sizes: Vec<u32>,
}

#[derive(Debug, Clone)]
struct PlanSpec {
    status: usize,
    purchasable: bool,
    charges: Vec<ChargeSpec>,
}

#[derive(Debug, Clone)]
struct Spec {
    currencies: Vec<usize>,
    default: usize,
    products: Vec<(usize, Vec<PlanSpec>)>,
}

fn charge() -> impl Strategy<Value = ChargeSpec> {
    (
        prop_oneof![
            Just(Kind::FlatFee),
            Just(Kind::PerUnit),
            Just(Kind::Tiered),
            Just(Kind::Volume),
            Just(Kind::Overage),
            Just(Kind::Discount)
        ],
        proptest::collection::vec(amount(), 3 * CURRENCIES.len()),
        proptest::collection::vec(1u32..1000, 1..3),
    )
        .prop_map(|(kind, amounts, tier_sizes)| ChargeSpec { kind, amounts, tier_sizes })
}

fn spec() -> impl Strategy<Value = Spec> {
    let plan = (0usize..4, any::<bool>(), proptest::collection::vec(charge(), 1..4))
        .prop_map(|(status, purchasable, charges)| PlanSpec { status, purchasable, charges });
    (
        proptest::sample::subsequence((0..CURRENCIES.len()).collect::<Vec<_>>(), 1..=CURRENCIES.len()),
        any::<prop::sample::Index>(),
        proptest::collection::vec((0usize..3, proptest::collection::vec(plan, 1..4)), 1..4),
    )
        .prop_map(|(currencies, default, products)| {
            let default = currencies[default.index(currencies.len())];
            Spec { currencies, default, products }
        })
}

/// Writes the prices of one map, recording each exact text under `label`.
fn prices(
    out: &mut String,
    indent: &str,
    field: &str,
    spec: &Spec,
    amounts: &[Amount],
    label: &str,
    expect: &mut BTreeMap<String, String>,
) {
    let _ = writeln!(out, "{indent}{field}:");
    for (n, &ci) in spec.currencies.iter().enumerate() {
        let (code, scale) = CURRENCIES[ci];
        let a = &amounts[n % amounts.len()];
        let text = a.text(scale);
        let written = if a.quoted { format!("'{text}'") } else { text.clone() };
        let _ = writeln!(out, "{indent}  {code}: {written}");
        expect.insert(format!("{label}/{code}"), text);
    }
}

/// Renders the spec as catalog files and the exact price texts it wrote, by location label.
fn render(spec: &Spec) -> (String, Vec<String>, BTreeMap<String, String>) {
    let codes: Vec<&str> = spec.currencies.iter().map(|&i| CURRENCIES[i].0).collect();
    let root = format!(
        "name: Generated\nversion: 1.2.3\ncurrencies: [{}]\ndefault_currency: {}\ngroups:\n  all_plans:\n    description: All\n",
        codes.join(", "),
        CURRENCIES[spec.default].0
    );
    let mut expect = BTreeMap::new();
    let mut files = Vec::new();
    for (pi, (category, plans)) in spec.products.iter().enumerate() {
        let category = ["base", "add_on", "other"][*category];
        let mut f = format!(
            "key: product_{pi}\nname: Product {pi}\nsku: GEN-{pi}\ncategory: {category}\neffective_start: 2024-01-01\nplans:\n"
        );
        for (li, plan) in plans.iter().enumerate() {
            let status = ["active", "deprecated", "legacy", "retired"][plan.status];
            let purchasable = plan.purchasable && status == "active";
            let _ = write!(
                f,
                "  - key: product_{pi}_plan_{li}\n    name: SaaS - Product {pi} Plan {li} - 1 Year\n    status: {status}\n    purchasable: {purchasable}\n    effective_start: 2024-01-01\n    groups: [all_plans]\n"
            );
            if status == "retired" {
                f.push_str("    effective_end: 2024-12-31\n");
            }
            f.push_str("    charges:\n");
            for (ci, ch) in plan.charges.iter().enumerate() {
                let label = format!("{pi}/{li}/{ci}");
                let _ = writeln!(f, "      - key: charge_{ci}\n        name: Charge {ci}");
                match ch.kind {
                    Kind::FlatFee | Kind::PerUnit => {
                        f.push_str(if matches!(ch.kind, Kind::FlatFee) {
                            "        type: one_time\n        model: flat_fee\n"
                        } else {
                            "        type: recurring\n        model: per_unit\n        billing_period: annual\n        unit_of_measure: Seat\n"
                        });
                        let label = format!("{label}/prices");
                        prices(&mut f, "        ", "prices", spec, &ch.amounts, &label, &mut expect);
                    }
                    Kind::Tiered | Kind::Volume => {
                        let model = if matches!(ch.kind, Kind::Tiered) { "tiered" } else { "volume" };
                        let _ = writeln!(
                            f,
                            "        type: usage\n        model: {model}\n        billing_period: month\n        unit_of_measure: GB\n        tiers:"
                        );
                        let mut start = 1u64;
                        for (ti, size) in ch.tier_sizes.iter().enumerate() {
                            let _ = writeln!(f, "          - starting_unit: {start}");
                            if ti + 1 < ch.tier_sizes.len() {
                                let end = start + u64::from(*size) - 1;
                                let _ = writeln!(f, "            ending_unit: {end}");
                                start = end + 1;
                            }
                            let amounts = &ch.amounts[ti * CURRENCIES.len()..];
                            prices(
                                &mut f,
                                "            ",
                                "prices",
                                spec,
                                amounts,
                                &format!("{label}/tiers/{ti}/prices"),
                                &mut expect,
                            );
                        }
                    }
                    Kind::Overage => {
                        f.push_str("        type: usage\n        model: overage\n        billing_period: month\n        billing_timing: in_arrears\n        unit_of_measure: GB\n        included_units: 10\n");
                        prices(
                            &mut f,
                            "        ",
                            "overage_prices",
                            spec,
                            &ch.amounts,
                            &format!("{label}/overage_prices"),
                            &mut expect,
                        );
                    }
                    Kind::Discount => {
                        let _ = writeln!(
                            f,
                            "        type: recurring\n        model: discount_percentage\n        billing_period: annual\n        discount:\n          percentage: {}\n          apply_to: [product_{pi}_plan_0]",
                            1 + ch.tier_sizes[0] % 100
                        );
                    }
                }
            }
        }
        files.push(f);
    }
    (root, files, expect)
}

/// The loaded prices, by the same location labels.
fn loaded_prices(catalog: &skuctl::model::Catalog) -> BTreeMap<String, rust_decimal::Decimal> {
    let mut got = BTreeMap::new();
    for (pi, product) in catalog.products.iter().enumerate() {
        for (li, plan) in product.plans.iter().enumerate() {
            for (ci, ch) in plan.charges.iter().enumerate() {
                let label = format!("{pi}/{li}/{ci}");
                for (c, m) in &ch.prices {
                    got.insert(format!("{label}/prices/{c}"), m.value());
                }
                for (c, m) in &ch.overage_prices {
                    got.insert(format!("{label}/overage_prices/{c}"), m.value());
                }
                for (ti, t) in ch.tiers.iter().enumerate() {
                    for (c, m) in &t.prices {
                        got.insert(format!("{label}/tiers/{ti}/prices/{c}"), m.value());
                    }
                }
            }
        }
    }
    got
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_catalogs_validate_clean_with_exact_prices(spec in spec()) {
        let (root, files, expect) = render(&spec);
        let dir = crate::support::scratch();
        let cat = dir.path().join("catalog");
        std::fs::create_dir_all(cat.join("products")).expect("mkdir");
        std::fs::write(cat.join("catalog.yaml"), &root).expect("write root");
        for (i, f) in files.iter().enumerate() {
            std::fs::write(cat.join("products").join(format!("product_{i:02}.yaml")), f).expect("write product");
        }
        let loaded = skuctl::load::load_catalog(&cat).expect("load");
        prop_assert!(loaded.diagnostics.is_empty(), "load diagnostics {:#?}\n{root}\n{}", loaded.diagnostics, files.join("\n---\n"));
        let catalog = loaded.catalog.expect("catalog");
        let findings = skuctl::validate::check(&catalog);
        prop_assert!(findings.is_empty(), "findings {findings:#?}\n{root}\n{}", files.join("\n---\n"));
        let got = loaded_prices(&catalog);
        prop_assert_eq!(got.len(), expect.len());
        for (label, text) in &expect {
            let value = got.get(label).copied();
            prop_assert_eq!(value, Some(text.parse::<rust_decimal::Decimal>().expect("decimal")), "{}", label);
            prop_assert_eq!(value.map(|v| v.to_string()), Some(text.clone()), "{} lost its exact text", label);
        }
    }
}
