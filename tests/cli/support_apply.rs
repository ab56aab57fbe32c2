//! Helpers for the apply tests: a scratch workspace (config, catalog, plans, journal) bound to a sandbox child
//! process, and checks of the remote state through the sandbox's own APIs.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::support::{copy_tree, repo_root, scratch, skuctl};
use super::support_live::{EnvOpts, env_of, write_config};
use super::support_sandbox::Sandbox;

/// A scratch workspace applying catalogs to one sandbox.
pub struct Workspace {
    pub dir: tempfile::TempDir,
    pub sandbox: Sandbox,
    pub config: PathBuf,
}

/// A fixture catalog directory: `plan/<name>` or `apply/<name>` under tests/fixtures.
pub fn fixture(path: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(path).join("catalog")
}

impl Workspace {
    /// A workspace on a fresh sandbox started with `flags`.
    pub fn new(flags: &[&str]) -> Workspace {
        let sandbox = Sandbox::start(flags);
        let dir = scratch();
        let config = write_config(dir.path(), &EnvOpts { base_url: &sandbox.base, ..EnvOpts::default() });
        Workspace { dir, sandbox, config }
    }

    /// A path inside the workspace.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Makes `catalog/` a copy of a fixture catalog.
    pub fn use_catalog(&self, fixture_catalog: &Path) {
        let dest = self.path("catalog");
        if dest.exists() {
            std::fs::remove_dir_all(&dest).expect("remove catalog");
        }
        copy_tree(fixture_catalog, &dest);
    }

    /// A `skuctl` command running in the workspace.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut c = skuctl();
        c.current_dir(self.dir.path())
            .env("SKUCTL_AUDIT_LOG", self.path("audit/skuctl-audit.jsonl"))
            .env_remove("CI_COMMIT_SHA")
            .env_remove("GITLAB_USER_LOGIN")
            .env_remove("SKUCTL_GITLAB_TOKEN");
        c
    }

    /// `skuctl plan --live --out NAME.json`; returns the plan path.
    pub fn plan(&self, name: &str) -> PathBuf {
        let out = self.path(&format!("{name}.json"));
        let o = self.cmd().args(["plan", "--live", "--format", "json", "--out"]).arg(&out).output().expect("run plan");
        assert!(o.status.success(), "plan failed: {}", String::from_utf8_lossy(&o.stderr));
        out
    }

    /// `skuctl apply PLAN --yes --format json` (and any extra arguments).
    pub fn apply(&self, plan: &Path, extra: &[&str]) -> std::process::Output {
        self.cmd().arg("apply").arg(plan).args(["--yes", "--format", "json"]).args(extra).output().expect("run apply")
    }

    /// Applies and asserts success; returns the JSON summary.
    pub fn apply_ok(&self, plan: &Path) -> serde_json::Value {
        let o = self.apply(plan, &[]);
        assert!(
            o.status.success(),
            "apply failed:\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        serde_json::from_slice(&o.stdout).expect("apply --format json prints JSON")
    }

    /// Plan the working catalog and apply it.
    pub fn converge(&self, name: &str) -> serde_json::Value {
        let plan = self.plan(name);
        self.apply_ok(&plan)
    }

    /// The exit code of `skuctl plan --live --detailed-exitcode` (0: the remote state equals the catalog).
    pub fn plan_exit(&self) -> i32 {
        let o = self.cmd().args(["plan", "--live", "--detailed-exitcode"]).output().expect("run plan");
        o.status.code().unwrap_or(-1)
    }

    /// Asserts a fresh `plan --live --detailed-exitcode` finds nothing to change, showing the plan when it does.
    pub fn assert_converged(&self, what: &str) {
        let o = self.cmd().args(["plan", "--live", "--detailed-exitcode"]).output().expect("run plan");
        assert_eq!(
            o.status.code(),
            Some(0),
            "{what}: a re-plan shows changes:\n{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }

    /// The live state, read through the sandbox's Zuora and Salesforce APIs.
    pub fn live(&self) -> skuctl::live::LiveState {
        let env = env_of(&self.config);
        let rt = skuctl::live::runtime().expect("runtime");
        rt.block_on(skuctl::live::read_live(&env)).expect("read live").0
    }

    /// Asserts no catalog key is carried by two remote objects (Zuora products, rate plans, charges; Salesforce
    /// Product2 and price entries per book and currency).
    pub fn assert_no_duplicates(&self) {
        let live = self.live();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for p in &live.zuora.products {
            *seen.entry(format!("product {}", p.key)).or_default() += 1;
            for rp in &p.rate_plans {
                *seen.entry(format!("rate plan {}", rp.key)).or_default() += 1;
                for c in &rp.charges {
                    *seen.entry(format!("charge {}/{}", rp.key, c.key)).or_default() += 1;
                }
            }
        }
        for p in live.salesforce.iter().flat_map(|s| &s.products) {
            let key = p.key.clone().unwrap_or_else(|| format!("(no key) {:?}", p.id));
            *seen.entry(format!("Product2 {key}")).or_default() += 1;
            for e in &p.entries {
                *seen.entry(format!("PricebookEntry {key} {:?} {}", e.price_book, e.currency.0)).or_default() += 1;
            }
        }
        let dups: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
        assert!(dups.is_empty(), "duplicates: {dups:?}");
    }

    /// The number of remote objects of each type.
    pub fn counts(&self) -> (usize, usize, usize, usize, usize) {
        let live = self.live();
        let plans: usize = live.zuora.products.iter().map(|p| p.rate_plans.len()).sum();
        let charges: usize = live.zuora.products.iter().flat_map(|p| &p.rate_plans).map(|r| r.charges.len()).sum();
        let sf = live.salesforce.as_ref().map_or(0, |s| s.products.len());
        let entries = live.salesforce.as_ref().map_or(0, |s| s.products.iter().map(|p| p.entries.len()).sum());
        (live.zuora.products.len(), plans, charges, sf, entries)
    }

    /// The sandbox's admin statistics (`/sandbox/admin/stats`: total, per route, injected faults by kind).
    pub fn stats(&self) -> serde_json::Value {
        let rt = skuctl::live::runtime().expect("runtime");
        rt.block_on(async {
            let r = self.sandbox.client.get(self.sandbox.url("/sandbox/admin/stats")).send().await.expect("stats");
            r.json().await.expect("stats JSON")
        })
    }

    /// Marks remote objects as in use by subscriptions (sandbox admin API).
    pub fn mark_in_use(&self, ids: &[String]) {
        let rt = skuctl::live::runtime().expect("runtime");
        rt.block_on(async {
            let r = self
                .sandbox
                .client
                .post(self.sandbox.url("/sandbox/admin/in-use"))
                .json(&serde_json::json!({ "ids": ids }))
                .send()
                .await
                .expect("in-use request");
            assert!(r.status().is_success());
        });
    }
}
