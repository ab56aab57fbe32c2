//! Benchmark of `skuctl generate` at Zuora Deployment Manager's maximum scale: a synthetic catalog of 2,800
//! products (5 plans each, 2 charges per plan, 4 currencies: 14,000 plans, 112,000 prices), written as YAML to a
//! temporary directory by the small generator below.
//!
//! Measures, in one run: loading + validation (the baseline `generate` starts from), rendering every file
//! (`codegen::generate`, the cost on top of validation), and `--check` against an up-to-date output directory.
//! Run: `cargo bench --bench codegen` (`SKUCTL_BENCH_KEEP=DIR` keeps a copy of the synthetic catalog in
//! `DIR/catalog`). Figures are recorded in BENCHMARKS.md.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

/// Products in the synthetic catalog: 2,800 under `cargo bench`; a small catalog when `cargo test --all-targets` runs
/// the benchmark once as a smoke test.
fn product_count() -> usize {
    if std::env::args().any(|a| a == "--bench") { 2_800 } else { 40 }
}
const PLANS: usize = 5;
const CURRENCIES: [&str; 4] = ["USD", "EUR", "GBP", "JPY"];

fn write_catalog(dir: &Path) {
    let products = dir.join("products");
    std::fs::create_dir_all(&products).expect("mkdir");
    let mut root = String::from("name: Synthetic\nversion: 1.0.0\ncurrencies: [USD, EUR, GBP, JPY]\ndefault_currency: USD\ngroups:\n");
    for g in 0..10 {
        let _ = writeln!(root, "  group_{g}:\n    description: Synthetic group {g}");
    }
    std::fs::write(dir.join("catalog.yaml"), root).expect("write root");
    for p in 0..product_count() {
        let mut y = format!(
            "key: product_{p}\nname: Product {p}\nsku: SKU-{p}\ndescription: Synthetic product {p}\ncategory: base\neffective_start: 2024-01-01\nplans:\n"
        );
        for pl in 0..PLANS {
            let _ = write!(
                y,
                "  - key: plan_{p}_{pl}\n    name: SaaS - Product {p} Plan {pl} - 1 Year\n    sku: SKU-{p}-{pl}\n    status: active\n    purchasable: true\n    effective_start: 2024-01-01\n    groups: [group_{}]\n    charges:\n",
                (p + pl) % 10
            );
            for c in 0..2 {
                let _ = write!(
                    y,
                    "      - key: charge_{c}\n        name: Charge {c}\n        type: recurring\n        model: per_unit\n        billing_period: annual\n        unit_of_measure: Seat\n        prices: {{"
                );
                for (i, cur) in CURRENCIES.iter().enumerate() {
                    let amount = if *cur == "JPY" { format!("{}", 1000 + p) } else { format!("{}.{:02}", 10 + pl, (p + c) % 100) };
                    let _ = write!(y, "{}{cur}: {amount}", if i == 0 { "" } else { ", " });
                }
                y.push_str("}\n");
            }
        }
        std::fs::write(products.join(format!("product_{p}.yaml")), y).expect("write product");
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let catalog_dir = dir.path().join("catalog");
    write_catalog(&catalog_dir);
    // SKUCTL_BENCH_KEEP=DIR also writes the synthetic catalog to DIR/catalog, for timing the CLI end to end.
    if let Some(keep) = std::env::var_os("SKUCTL_BENCH_KEEP") {
        write_catalog(&Path::new(&keep).join("catalog"));
    }
    let loaded = skuctl::load::load_catalog(&catalog_dir).expect("load");
    let catalog = loaded.catalog.expect("synthetic catalog loads");
    let errors = skuctl::validate::check(&catalog)
        .iter()
        .filter(|d| d.severity == skuctl::diagnostic::Severity::Error)
        .count();
    assert_eq!(errors, 0, "the synthetic catalog must validate clean");
    let remote = skuctl::codegen::RemoteIds::default();
    let files = skuctl::codegen::generate(&catalog, &remote, None).expect("generate");
    let out = dir.path().join("generated");
    skuctl::codegen::output::write(&out, &files).expect("write");
    let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
    eprintln!("synthetic catalog: {} products, {} plans; generated {} files, {bytes} bytes", catalog.products.len(), catalog.plans().count(), files.len());

    stage_cpu_times(&catalog_dir, &catalog, &remote);

    let mut g = c.benchmark_group("generate_2800_products");
    g.sample_size(10);
    g.bench_function("load_and_validate", |b| {
        b.iter(|| {
            let l = skuctl::load::load_catalog(black_box(&catalog_dir)).expect("load");
            let cat = l.catalog.expect("catalog");
            black_box(skuctl::validate::check(&cat))
        });
    });
    g.bench_function("render_all_files", |b| {
        b.iter(|| black_box(skuctl::codegen::generate(black_box(&catalog), &remote, None).expect("generate")));
    });
    g.bench_function("check_up_to_date_output", |b| {
        b.iter(|| black_box(skuctl::codegen::output::check(&out, &files).expect("check")));
    });
    g.finish();
}

/// CPU time of the whole process (every thread, user + system) in nanoseconds, from `/proc/self/stat` (clock ticks,
/// assumed 100 per second), or 0 where unavailable. On a shared machine wall time mostly measures the neighbours;
/// CPU time is what a stage costs, and wall time on an idle 2-core machine is at most that.
fn process_cpu_ns() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // fields after the command name (which is in parentheses and may contain spaces): state is field 3
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    // utime and stime are fields 14 and 15 (1-based), i.e. 11 and 12 after the command name
    (ticks(11) + ticks(12)) * 10_000_000
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let (wall, cpu) = (std::time::Instant::now(), process_cpu_ns());
    let out = f();
    let cpu_ms = process_cpu_ns().saturating_sub(cpu) as f64 / 1e6;
    eprintln!("  {what:<32} cpu {cpu_ms:>8.1} ms   wall {:>8.1} ms", wall.elapsed().as_secs_f64() * 1e3);
    out
}

/// One pass of each stage with its CPU time, printed before criterion's wall-clock samples.
fn stage_cpu_times(dir: &Path, catalog: &skuctl::model::Catalog, remote: &skuctl::codegen::RemoteIds) {
    eprintln!("stage CPU times (process, all threads; 10 ms resolution):");
    let loaded = timed("load", || skuctl::load::load_catalog(dir).expect("load"));
    let cat = loaded.catalog.expect("catalog");
    timed("validate", || skuctl::validate::check(&cat));
    let templates = skuctl::codegen::templates::with_overrides(None).expect("templates");
    let resolved = timed("codegen: resolve catalog", || {
        skuctl::codegen::GeneratedCatalog::build(catalog, remote, String::new())
    });
    timed("codegen: catalog.json", || serde_json::to_string_pretty(&resolved).expect("json"));
    timed("codegen: template context", || tera::Value::from_serializable(&resolved));
    for t in &templates {
        timed(&format!("codegen: {}", t.output), || {
            skuctl::codegen::render::render(&resolved, std::slice::from_ref(t)).expect("render")
        });
    }
    timed("codegen: generate (all)", || skuctl::codegen::generate(catalog, remote, None).expect("generate"));
}

criterion_group!(benches, bench);
criterion_main!(benches);
