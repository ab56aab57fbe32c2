//! Matching the base catalog against the working-tree catalog by stable key: which products, plans and charges
//! were removed, added, kept, or re-keyed. Pure data; the lints read this and classify.
//!
//! Products match by `key`; plans by `key` (unique across the catalog); charges by `key` within their matched plan.
//! An unmatched old object and an unmatched new object are one *re-keyed* object when they share the SKU, or (plans)
//! the name within the same product, or (products) the name: a key change, not a removal plus an addition.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Location;
use crate::model::{Catalog, Charge, Key, Plan, Product, SourceId};

use super::Owner;

/// A plan with its product and its index in the product's `plans` list.
#[derive(Debug, Clone, Copy)]
pub struct PlanAt<'a> {
    pub product: &'a Product,
    pub plan: &'a Plan,
    pub index: usize,
}

impl PlanAt<'_> {
    /// The plan's node in its product file (meaningful for working-tree plans only).
    #[must_use]
    pub fn location(&self) -> Location {
        Location::root(self.product.source).at("plans").at(self.index)
    }

    #[must_use]
    pub fn owner(&self) -> Owner {
        Owner::Plan { plan: self.plan.key.clone() }
    }

    #[must_use]
    pub fn is_add_on(&self) -> bool {
        self.product.category == crate::model::ProductCategory::AddOn
    }

    /// ``plan `key` `` or ``add-on plan `key` ``.
    #[must_use]
    pub fn subject(&self) -> String {
        let kind = if self.is_add_on() { "add-on plan" } else { "plan" };
        format!("{kind} `{}`", self.plan.key)
    }
}

/// A charge with its plan and its index in the plan's `charges` list.
#[derive(Debug, Clone, Copy)]
pub struct ChargeAt<'a> {
    pub plan: PlanAt<'a>,
    pub charge: &'a Charge,
    pub index: usize,
}

impl ChargeAt<'_> {
    #[must_use]
    pub fn location(&self) -> Location {
        self.plan.location().at("charges").at(self.index)
    }

    #[must_use]
    pub fn owner(&self) -> Owner {
        Owner::Charge { plan: self.plan.plan.key.clone(), charge: self.charge.key.clone() }
    }

    /// ``charge `plan.charge` ``.
    #[must_use]
    pub fn subject(&self) -> String {
        format!("charge `{}.{}`", self.plan.plan.key, self.charge.key)
    }
}

/// The base and working-tree catalogs, matched.
#[derive(Debug)]
pub struct Diff<'a> {
    pub old: &'a Catalog,
    pub new: &'a Catalog,
    /// The working tree's `catalog.yaml`.
    pub root: SourceId,
    /// (old index, new index) of re-keyed products.
    product_renames: Vec<(usize, usize)>,
    /// Re-keyed plans: (old, new).
    plan_renames: Vec<(PlanAt<'a>, PlanAt<'a>)>,
    /// Working-tree products by key.
    new_by_key: BTreeMap<&'a Key, &'a Product>,
}

fn plans_of(c: &Catalog) -> Vec<PlanAt<'_>> {
    c.products
        .iter()
        .flat_map(|product| product.plans.iter().enumerate().map(move |(index, plan)| PlanAt { product, plan, index }))
        .collect()
}

fn charges_of<'a>(plan: PlanAt<'a>) -> impl Iterator<Item = ChargeAt<'a>> {
    plan.plan.charges.iter().enumerate().map(move |(index, charge)| ChargeAt { plan, charge, index })
}

impl<'a> Diff<'a> {
    /// Matches `old` (the base revision) against `new` (the working tree, whose root file is `root`).
    #[must_use]
    pub fn new(old: &'a Catalog, new: &'a Catalog, root: SourceId) -> Self {
        let old_keys: BTreeSet<&Key> = old.products.iter().map(|p| &p.key).collect();
        let new_keys: BTreeSet<&Key> = new.products.iter().map(|p| &p.key).collect();
        let mut product_renames = Vec::new();
        let mut taken = BTreeSet::new();
        for (oi, op) in old.products.iter().enumerate().filter(|(_, p)| !new_keys.contains(&p.key)) {
            let found = new.products.iter().enumerate().find(|(ni, np)| {
                !old_keys.contains(&np.key) && !taken.contains(ni) && (np.sku == op.sku || np.name == op.name)
            });
            if let Some((ni, _)) = found {
                taken.insert(ni);
                product_renames.push((oi, ni));
            }
        }
        let new_by_key = new.products.iter().map(|p| (&p.key, p)).collect();
        let mut diff = Diff { old, new, root, product_renames, plan_renames: Vec::new(), new_by_key };
        let old_plan_keys: BTreeSet<&Key> = plans_of(old).iter().map(|p| &p.plan.key).collect();
        let new_plan_keys: BTreeSet<&Key> = plans_of(new).iter().map(|p| &p.plan.key).collect();
        let mut taken = BTreeSet::new();
        let mut plan_renames = Vec::new();
        for op in plans_of(old).into_iter().filter(|p| !new_plan_keys.contains(&p.plan.key)) {
            let same_product = |np: &PlanAt<'_>| diff.new_product_for(op.product).is_some_and(|p| p.key == np.product.key);
            let found = plans_of(new).into_iter().find(|np| {
                !old_plan_keys.contains(&np.plan.key)
                    && !taken.contains(&np.plan.key)
                    && (np.plan.effective_sku() == op.plan.effective_sku()
                        || (same_product(np) && np.plan.name == op.plan.name))
            });
            if let Some(np) = found {
                taken.insert(&np.plan.key);
                plan_renames.push((op, np));
            }
        }
        diff.plan_renames = plan_renames;
        diff
    }

    /// The working-tree product an old product became (same key, or re-keyed).
    #[must_use]
    pub fn new_product_for(&self, old: &Product) -> Option<&'a Product> {
        if let Some(p) = self.new_by_key.get(&old.key) {
            return Some(p);
        }
        let oi = self.old.products.iter().position(|p| std::ptr::eq(p, old))?;
        self.product_renames.iter().find(|(o, _)| *o == oi).map(|(_, n)| &self.new.products[*n])
    }

    /// Products only in the base (not re-keyed).
    #[must_use]
    pub fn products_removed(&self) -> Vec<&'a Product> {
        let old = self.old;
        old.products.iter().filter(|p| self.new_product_for(p).is_none()).collect()
    }

    /// Products only in the working tree (not re-keyed).
    #[must_use]
    pub fn products_added(&self) -> Vec<(usize, &'a Product)> {
        let old_keys: BTreeSet<&Key> = self.old.products.iter().map(|p| &p.key).collect();
        let new = self.new;
        new.products
            .iter()
            .enumerate()
            .filter(|(i, p)| !old_keys.contains(&p.key) && !self.product_renames.iter().any(|(_, n)| n == i))
            .collect()
    }

    /// Products in both (by key, or re-keyed): (old, new).
    #[must_use]
    pub fn products_matched(&self) -> Vec<(&'a Product, &'a Product)> {
        let old = self.old;
        old.products.iter().filter_map(|o| self.new_product_for(o).map(|n| (o, n))).collect()
    }

    /// Re-keyed products: (old, new).
    #[must_use]
    pub fn product_renames(&self) -> Vec<(&'a Product, &'a Product)> {
        self.product_renames.iter().map(|(o, n)| (&self.old.products[*o], &self.new.products[*n])).collect()
    }

    /// Re-keyed plans: (old, new).
    #[must_use]
    pub fn plan_renames(&self) -> &[(PlanAt<'a>, PlanAt<'a>)] {
        &self.plan_renames
    }

    /// Plans only in the base (not re-keyed).
    #[must_use]
    pub fn plans_removed(&self) -> Vec<PlanAt<'a>> {
        let new_keys: BTreeSet<&Key> = plans_of(self.new).iter().map(|p| &p.plan.key).collect();
        plans_of(self.old)
            .into_iter()
            .filter(|p| !new_keys.contains(&p.plan.key))
            .filter(|p| !self.plan_renames.iter().any(|(o, _)| o.plan.key == p.plan.key))
            .collect()
    }

    /// Plans only in the working tree (not re-keyed).
    #[must_use]
    pub fn plans_added(&self) -> Vec<PlanAt<'a>> {
        let old_keys: BTreeSet<&Key> = plans_of(self.old).iter().map(|p| &p.plan.key).collect();
        plans_of(self.new)
            .into_iter()
            .filter(|p| !old_keys.contains(&p.plan.key))
            .filter(|p| !self.plan_renames.iter().any(|(_, n)| n.plan.key == p.plan.key))
            .collect()
    }

    /// Plans in both (by key, or re-keyed): (old, new), in working-tree order.
    #[must_use]
    pub fn plans_matched(&self) -> Vec<(PlanAt<'a>, PlanAt<'a>)> {
        let old: BTreeMap<&Key, PlanAt<'a>> = plans_of(self.old).into_iter().map(|p| (&p.plan.key, p)).collect();
        let mut out: Vec<(PlanAt<'a>, PlanAt<'a>)> = plans_of(self.new)
            .into_iter()
            .filter_map(|n| old.get(&n.plan.key).map(|o| (*o, n)))
            .collect();
        out.extend(self.plan_renames.iter().copied());
        out
    }

    /// Charges of matched plans, matched by key: (old, new).
    #[must_use]
    pub fn charges_matched(&self) -> Vec<(ChargeAt<'a>, ChargeAt<'a>)> {
        let mut out = Vec::new();
        for (op, np) in self.plans_matched() {
            for nc in charges_of(np) {
                if let Some(oc) = charges_of(op).find(|oc| oc.charge.key == nc.charge.key) {
                    out.push((oc, nc));
                }
            }
        }
        out
    }

    /// Charges removed from a matched plan: (old charge, new plan).
    #[must_use]
    pub fn charges_removed(&self) -> Vec<(ChargeAt<'a>, PlanAt<'a>)> {
        let mut out = Vec::new();
        for (op, np) in self.plans_matched() {
            for oc in charges_of(op) {
                if !np.plan.charges.iter().any(|c| c.key == oc.charge.key) {
                    out.push((oc, np));
                }
            }
        }
        out
    }

    /// Charges added to a matched plan.
    #[must_use]
    pub fn charges_added(&self) -> Vec<ChargeAt<'a>> {
        let mut out = Vec::new();
        for (op, np) in self.plans_matched() {
            out.extend(charges_of(np).filter(|nc| !op.plan.charges.iter().any(|c| c.key == nc.charge.key)));
        }
        out
    }

    /// Where a removed plan is reported: its product's `plans` in the working tree, else the catalog version.
    #[must_use]
    pub fn removed_plan_site(&self, old: &PlanAt<'_>) -> (Owner, Location) {
        match self.new_product_for(old.product) {
            Some(p) => (Owner::Product { product: p.key.clone() }, Location::root(p.source).at("plans").key()),
            None => (Owner::Root, Location::root(self.root).at("version")),
        }
    }
}

/// The human-facing fields every object has, for the patch-level lints.
#[derive(Debug, Clone, Copy)]
pub struct Texts<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub custom_fields: Option<&'a crate::model::CustomFields>,
}

/// A matched object (catalog, product, plan or charge) seen through its texts.
#[derive(Debug, Clone)]
pub struct TextPair<'a> {
    pub subject: String,
    pub owner: Owner,
    pub location: Location,
    pub old: Texts<'a>,
    pub new: Texts<'a>,
}

impl<'a> Diff<'a> {
    /// Every matched object with its name, description and custom fields, old and new.
    #[must_use]
    pub fn text_pairs(&self) -> Vec<TextPair<'a>> {
        let (old, new) = (self.old, self.new);
        let mut out = vec![TextPair {
            subject: "catalog".to_owned(),
            owner: Owner::Root,
            location: Location::root(self.root),
            old: Texts { name: &old.root.name, description: "", custom_fields: None },
            new: Texts { name: &new.root.name, description: "", custom_fields: None },
        }];
        for (o, n) in self.products_matched() {
            out.push(TextPair {
                subject: format!("product `{}`", n.key),
                owner: Owner::Product { product: n.key.clone() },
                location: Location::root(n.source),
                old: Texts { name: &o.name, description: &o.description, custom_fields: Some(&o.custom_fields) },
                new: Texts { name: &n.name, description: &n.description, custom_fields: Some(&n.custom_fields) },
            });
        }
        for (o, n) in self.plans_matched() {
            out.push(TextPair {
                subject: n.subject(),
                owner: n.owner(),
                location: n.location(),
                old: Texts { name: &o.plan.name, description: &o.plan.description, custom_fields: Some(&o.plan.custom_fields) },
                new: Texts { name: &n.plan.name, description: &n.plan.description, custom_fields: Some(&n.plan.custom_fields) },
            });
        }
        for (o, n) in self.charges_matched() {
            out.push(TextPair {
                subject: n.subject(),
                owner: n.owner(),
                location: n.location(),
                old: Texts { name: &o.charge.name, description: &o.charge.description, custom_fields: Some(&o.charge.custom_fields) },
                new: Texts { name: &n.charge.name, description: &n.charge.description, custom_fields: Some(&n.charge.custom_fields) },
            });
        }
        out
    }
}
