//! The catalog root (`catalog/catalog.yaml`) and the loaded catalog as a whole.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CurrencyCode, Key, Product};

/// The root file of a catalog: its identity, version, currencies and plan groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = example_root())]
pub struct CatalogRoot {
    /// Human name of the catalog.
    #[schemars(example = &"GitLab")]
    pub name: String,
    /// Semantic version of the catalog. Bump it with every change (`skuctl check` says by how much).
    #[schemars(example = &"1.4.0")]
    pub version: semver::Version,
    /// Every currency the catalog sells in (ISO 4217).
    #[schemars(example = vec![CurrencyCode::from("USD"), CurrencyCode::from("EUR")])]
    pub currencies: Vec<CurrencyCode>,
    /// The currency every priced charge must have. Must be one of `currencies`.
    #[schemars(example = CurrencyCode::from("USD"))]
    pub default_currency: CurrencyCode,
    /// Named plan groups (the lists billing apps used to hard-code, e.g. `premium_saas_plans`). Plans join a group
    /// through their `groups` list.
    #[serde(default)]
    #[schemars(example = example_groups())]
    pub groups: BTreeMap<Key, GroupDef>,
    /// The plan naming convention (rule `SKU850`).
    #[serde(default)]
    #[schemars(example = NamingConvention::default())]
    pub naming: NamingConvention,
    /// Change-policy findings allowed at catalog level (a removed product, a removed currency), each with a reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(example = super::example_allow())]
    pub allow: Vec<super::Allow>,
}

/// A plan group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupDef {
    /// What the group means.
    #[schemars(example = &"Every Premium plan sold on GitLab.com")]
    pub description: String,
}

/// The naming convention for plan names, checked as a warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NamingConvention {
    /// A regular expression every plan name should match. The default is `<Deployment> - <Name>[ - N Year]`,
    /// with an optional `[EDU|OSS|Startups Program]` prefix.
    #[serde(default = "default_plan_name_pattern")]
    #[schemars(example = default_plan_name_pattern())]
    pub plan_name: String,
    /// Product categories whose plans the convention applies to (default: base and add_on).
    #[serde(default = "default_naming_categories")]
    #[schemars(example = default_naming_categories())]
    pub categories: Vec<super::ProductCategory>,
}

impl Default for NamingConvention {
    fn default() -> Self {
        NamingConvention { plan_name: default_plan_name_pattern(), categories: default_naming_categories() }
    }
}

fn default_plan_name_pattern() -> String {
    r"^(\[(EDU|OSS|Startups) Program\] )?(SaaS|Self-Managed|Dedicated) - .+?( - [1-5] Year)?$".to_owned()
}

fn default_naming_categories() -> Vec<super::ProductCategory> {
    vec![super::ProductCategory::Base, super::ProductCategory::AddOn]
}

fn example_groups() -> BTreeMap<Key, GroupDef> {
    let mut m = BTreeMap::new();
    m.insert(Key::from("premium_saas_plans"), GroupDef { description: "Premium plans on GitLab.com".to_owned() });
    m
}

fn example_root() -> CatalogRoot {
    CatalogRoot {
        name: "GitLab".to_owned(),
        version: semver::Version::new(1, 0, 0),
        currencies: vec![CurrencyCode::from("USD"), CurrencyCode::from("EUR")],
        default_currency: CurrencyCode::from("USD"),
        groups: example_groups(),
        naming: NamingConvention::default(),
        allow: Vec::new(),
    }
}

/// A whole loaded catalog: the root plus every product, in a deterministic order (by file path).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalog {
    pub root: CatalogRoot,
    pub products: Vec<Product>,
    /// Which loaded file the root came from (diagnostics about the root point into it).
    #[serde(skip)]
    pub root_source: super::SourceId,
}

impl Catalog {
    /// Every plan with its product, in catalog order.
    pub fn plans(&self) -> impl Iterator<Item = (&Product, &super::Plan)> {
        self.products.iter().flat_map(|p| p.plans.iter().map(move |pl| (p, pl)))
    }

    /// Finds a plan by key.
    #[must_use]
    pub fn plan(&self, key: &str) -> Option<(&Product, &super::Plan)> {
        self.plans().find(|(_, pl)| pl.key.as_str() == key)
    }
}
