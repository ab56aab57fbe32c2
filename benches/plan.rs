//! `plan --offline` on a synthetic catalog of 2,800 products and on one twice that size, in the same run.
//!
//! Each size: a generated catalog directory (every product with two plans, USD and EUR prices, one of them
//! tiered) and an offline snapshot of it "as applied" with 1 % of the prices changed, both written to a temp dir.
//! The measured step is exactly what `skuctl plan --offline` does after argument parsing: load the catalog,
//! validate it and map it to its desired state while the snapshot is read (two threads), map both sides to
//! resources, diff them while the catalog's digest is computed (two threads), build the plan document (its
//! digests included) and render it (human). Printing is left out.
//!
//! Run: `cargo bench --bench plan` (criterion figures), then the summary line `ratio 5600/2800 = X` compares
//! medians of the two sizes measured in the same process (`BENCH_RUNS=N` runs per size, default 7, alternating
//! sizes; the load average before and after is printed). `BENCH_ONLY_RATIO=1` skips the criterion part.
//! `BENCH_GENERATE=DIR` only writes the two catalogs to `DIR/2800` and `DIR/5600` (for `scripts/bench-plan-cli`,
//! which times the real command, a fresh process per run).

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use skuctl::live::{self, Snapshot};
use skuctl::plan::{self, LiveSource, Meta, PlanDocument, render};

const ENV_YAML: &str = "default_environment: production\nenvironments:\n  production:\n    zuora:\n      base_url: https://rest.zuora.com\n      client_id_env: X_ID\n      client_secret_env: X_SECRET\n    salesforce:\n      login_url: https://example.my.salesforce.com\n      client_id_env: Y_ID\n      client_secret_env: Y_SECRET\n";

fn product_yaml(i: usize) -> String {
    format!(
        "key: product_{i}\nname: Product {i}\nsku: SKU-{i}\ndescription: Synthetic product {i}\ncategory: base\neffective_start: 2023-01-01\ncustom_fields:\n  Tier__c: tier_{t}\nplans:\n  - key: plan_{i}_annual\n    name: SaaS - Product {i} - 1 Year\n    sku: SKU-{i}-1Y\n    description: Product {i} billed annually\n    status: active\n    purchasable: true\n    effective_start: 2023-04-03\n    charges:\n      - key: seat\n        name: Seat\n        type: recurring\n        model: per_unit\n        billing_period: annual\n        unit_of_measure: Seat\n        list_price_base: per_billing_period\n        prices: {{USD: {usd}.00, EUR: {eur}.00}}\n  - key: plan_{i}_usage\n    name: SaaS - Product {i} - Usage\n    sku: SKU-{i}-USE\n    description: Product {i} storage packs\n    status: active\n    purchasable: true\n    effective_start: 2023-04-03\n    charges:\n      - key: pack\n        name: Pack\n        type: recurring\n        model: volume\n        billing_period: month\n        unit_of_measure: Pack\n        list_price_base: per_billing_period\n        tiers:\n          - starting_unit: 1\n            ending_unit: 10\n            prices: {{USD: 10.00, EUR: 9.00}}\n          - starting_unit: 11\n            prices: {{USD: 8.00, EUR: 7.50}}\n",
        t = i % 7,
        usd = 100 + i % 300,
        eur = 90 + i % 300,
    )
}

/// Writes a catalog of `n` products, the environments file and a snapshot to `dir`.
fn generate(dir: &Path, n: usize) {
    let cat = dir.join("catalog");
    std::fs::create_dir_all(cat.join("products")).expect("mkdir");
    std::fs::write(
        cat.join("catalog.yaml"),
        "name: Synthetic\nversion: 1.0.0\ncurrencies: [USD, EUR]\ndefault_currency: USD\n",
    )
    .expect("write root");
    for i in 0..n {
        std::fs::write(cat.join(format!("products/product_{i:05}.yaml")), product_yaml(i)).expect("write product");
    }
    std::fs::write(dir.join("skuctl.yaml"), ENV_YAML).expect("write config");
    let catalog = skuctl::load::load_catalog(&cat).expect("load").catalog.expect("valid");
    let cfg = skuctl::config::Config::load(&dir.join("skuctl.yaml")).expect("config");
    let env = cfg.env(None).expect("env");
    let mut state = live::desired_state(&catalog, env);
    for (i, p) in state.zuora.products.iter_mut().enumerate() {
        p.id = Some(format!("p{i}"));
        for (j, rp) in p.rate_plans.iter_mut().enumerate() {
            rp.id = Some(format!("rp{i}-{j}"));
            for c in &mut rp.charges {
                c.id = Some(format!("c{i}-{j}"));
                if i % 100 == 0
                    && let Some(pr) = c.pricing.values_mut().next().and_then(|p| p.price.as_mut())
                {
                    pr.0 += rust_decimal::Decimal::ONE;
                }
            }
        }
    }
    Snapshot::new("production", state).write(&dir.join("state.json")).expect("snapshot");
}

/// Everything `skuctl plan` builds and, exiting right after printing, leaves to the OS instead of freeing
/// (`std::mem::forget` in `cli::plan`). Returned so the timed region ends where the command's work does; the
/// caller drops it outside the clock.
type Kept = Box<dyn std::any::Any>;

/// What `skuctl plan --offline` computes.
fn plan_offline(dir: &Path) -> (String, Kept) {
    let (out, _, kept) = plan_offline_stages(dir);
    (out, kept)
}

/// `plan_offline`, with the time of each stage in ms.
fn plan_offline_stages(dir: &Path) -> (String, Vec<(&'static str, f64)>, Kept) {
    let mut stages = Vec::new();
    let mut t = Instant::now();
    let mut lap = |what: &'static str| {
        stages.push((what, t.elapsed().as_secs_f64() * 1e3));
        t = Instant::now();
    };
    let cfg = skuctl::config::Config::load(&dir.join("skuctl.yaml")).expect("config");
    let env = cfg.env(None).expect("env");
    let loaded = skuctl::load::load_catalog(&dir.join("catalog")).expect("load");
    let catalog = loaded.catalog.expect("valid");
    lap("load");
    // As `cli::plan` does: the snapshot is read while the catalog is validated and mapped to its desired state.
    let (desired_state, snapshot) = skuctl::par::join(
        true,
        || {
            assert!(skuctl::validate::check(&catalog).iter().all(|d| d.severity != skuctl::diagnostic::Severity::Error));
            live::desired_state(&catalog, env)
        },
        || Snapshot::read(&dir.join("state.json")).expect("snapshot"),
    );
    let live_state = snapshot.into_state();
    lap("validate+snap");
    let now = chrono::DateTime::parse_from_rfc3339("2025-06-01T12:00:00Z").expect("time").with_timezone(&chrono::Utc);
    let today = now.date_naive();
    let (desired, live_resources) = plan::from_live::desired_and_live(&desired_state, &live_state, today);
    lap("map");
    // As `cli::plan` does: the catalog's digest on a thread of its own while the diff runs.
    let (mut diff, catalog_ref) = skuctl::par::join(
        true,
        || plan::diff(&desired, &live_resources, today),
        || plan::CatalogRef::of(&catalog),
    );
    plan::from_live::attach_desired(&mut diff.operations, &desired_state);
    lap("diff+digest");
    let doc = PlanDocument::new(
        catalog_ref,
        diff,
        Meta { environment: env.name.clone(), live_source: LiveSource::Offline { path: "state.json".into() }, created_at: now },
    );
    lap("document");
    let out = render::render(&doc, render::Format::Human, false);
    lap("render");
    (out, stages, Box::new((loaded.sources, catalog, live_state, desired_state, desired, live_resources, doc)))
}

/// `BENCH_STAGES=N`: N runs per size (sizes alternating; 3 when N is not a number), the median of each stage.
fn print_stages(small: &Path, large: &Path, runs: usize) {
    let mut all: [Vec<Vec<(&'static str, f64)>>; 2] = [Vec::new(), Vec::new()];
    for _ in 0..runs {
        all[0].push(plan_offline_stages(small).1);
        all[1].push(plan_offline_stages(large).1);
    }
    let median = |runs: &[Vec<(&'static str, f64)>], i: usize| {
        let mut v: Vec<f64> = runs.iter().map(|r| r[i].1).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    eprintln!("stage medians of {runs} runs per size (ms; load average {}):", load());
    eprintln!("  {:<14} {:>9} {:>9} {:>6}", "stage", "2800", "5600", "ratio");
    let (mut ta, mut tb) = (0.0, 0.0);
    for (i, (name, _)) in all[0][0].iter().enumerate() {
        let (a, b) = (median(&all[0], i), median(&all[1], i));
        ta += a;
        tb += b;
        eprintln!("  {name:<14} {a:>9.1} {b:>9.1} {:>6.2}", b / a);
    }
    eprintln!("  {:<14} {ta:>9.1} {tb:>9.1} {:>6.2}", "sum", tb / ta);
}

/// Medians of `runs` runs per size, the two sizes alternating so that a change in machine load hits both alike.
fn medians(small: &Path, large: &Path, runs: usize) -> (Duration, Duration) {
    let time = |dir: &Path| {
        let t = Instant::now();
        let (out, kept) = plan_offline(dir);
        let elapsed = t.elapsed();
        std::hint::black_box(out);
        drop(kept); // outside the clock: the command exits instead (see `Kept`)
        elapsed
    };
    let (mut a, mut b): (Vec<Duration>, Vec<Duration>) = (0..runs).map(|_| (time(small), time(large))).unzip();
    a.sort();
    b.sort();
    (a[runs / 2], b[runs / 2])
}

/// The 1-minute load average, for the record.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg").ok().and_then(|s| s.split_whitespace().next().map(str::to_owned)).unwrap_or_default()
}

fn main() {
    if let Some(dir) = std::env::var_os("BENCH_GENERATE") {
        for n in [2800, 5600] {
            let at = Path::new(&dir).join(n.to_string());
            std::fs::create_dir_all(&at).expect("mkdir");
            generate(&at, n);
        }
        return;
    }
    let small = tempfile::tempdir().expect("tmp");
    let large = tempfile::tempdir().expect("tmp");
    generate(small.path(), 2800);
    generate(large.path(), 5600);
    let (out, _) = plan_offline(small.path());
    if let Some(n) = std::env::var_os("BENCH_STAGES") {
        print_stages(small.path(), large.path(), n.to_str().and_then(|n| n.parse().ok()).filter(|n| *n > 0).unwrap_or(3));
        return;
    }
    assert!(out.contains("Plan: 0 to create, 28 to update, 0 to retire."), "{out}");

    let only_ratio = std::env::var_os("BENCH_ONLY_RATIO").is_some();
    let mut c = Criterion::default().sample_size(10).configure_from_args();
    let mut g = c.benchmark_group("plan_offline");
    for (n, dir) in [(2800, small.path()), (5600, large.path())].into_iter().filter(|_| !only_ratio) {
        g.bench_with_input(BenchmarkId::from_parameter(n), &dir, |b, dir| b.iter_with_large_drop(|| plan_offline(dir)));
    }
    g.finish();
    c.final_summary();

    if !std::env::args().any(|a| a == "--bench") {
        return; // `cargo test --all-targets` runs each benchmark once; the medians are for `cargo bench` only
    }
    let runs = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(7);
    let before = load();
    let (a, b) = medians(small.path(), large.path(), runs);
    println!(
        "plan --offline median of {runs} (sizes alternating): 2800 products {:.1} ms, 5600 products {:.1} ms, ratio 5600/2800 = {:.2} (load average {before} -> {})",
        a.as_secs_f64() * 1e3,
        b.as_secs_f64() * 1e3,
        b.as_secs_f64() / a.as_secs_f64(),
        load()
    );
}
