//! Full `validate` (load: read, YAML, schema, typed model; then every semantic rule) on a synthetic catalog of
//! 2,800 products (14,000 plans, 112,000 prices), against the floor: only parsing the same files with serde-saphyr
//! into an untyped value (`serde_json::Value`), measured in the same run, both sequentially and with the loader's
//! parallelism. Run: `cargo bench --bench validate` (see BENCHMARKS.md). `SKUCTL_BENCH_PRODUCTS` changes the size.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

/// 2,800 products when benchmarking; a small catalog when `cargo test --all-targets` runs the bench once as a test.
fn products() -> usize {
    let benching = std::env::args().any(|a| a == "--bench");
    std::env::var("SKUCTL_BENCH_PRODUCTS").ok().and_then(|v| v.parse().ok()).unwrap_or(if benching { 2800 } else { 40 })
}

fn write_catalog(dir: &Path) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for (rel, text) in skuctl::synth::files(products()) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, text).expect("write");
        paths.push(path);
    }
    paths
}

fn parse_floor(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("read");
    serde_saphyr::from_str::<serde_json::Value>(&text).expect("parse")
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let catalog = dir.path().join("catalog");
    let paths = write_catalog(&catalog);
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut group = c.benchmark_group(format!("catalog_{}_products", products()));
    group.sample_size(10).measurement_time(Duration::from_secs(12)).warm_up_time(Duration::from_secs(2));
    group.bench_function("validate", |b| {
        b.iter(|| {
            let loaded = skuctl::load::load_catalog(&catalog).expect("load");
            assert!(loaded.diagnostics.is_empty());
            let findings = skuctl::validate::check(loaded.catalog.as_ref().expect("catalog"));
            assert!(findings.is_empty());
            black_box(findings);
        });
    });
    group.bench_function("floor_parse_untyped_sequential", |b| {
        b.iter(|| {
            for p in &paths {
                black_box(parse_floor(p));
            }
        });
    });
    group.bench_function("floor_parse_untyped_parallel", |b| {
        b.iter(|| {
            std::thread::scope(|s| {
                for chunk in paths.chunks(paths.len().div_ceil(threads)) {
                    s.spawn(move || {
                        for p in chunk {
                            black_box(parse_floor(p));
                        }
                    });
                }
            });
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
