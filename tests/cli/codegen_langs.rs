//! The generated code, checked by the real compilers: `ruby -wc` and loading it in Ruby, `tsc --strict` (and
//! running the compiled JavaScript in node), `rustc`. Each language prints its constants in one canonical dump
//! format (records separated by U+001E, fields by U+001F; `tests/fixtures/codegen/dump/dump.*`) that must equal the
//! dump built from `catalog.json` here, for a catalog full of hostile text and extreme money values.
//!
//! Tools: `ruby` on PATH; `tsc` from `SKUCTL_TSC` (exported by `scripts/test`) or PATH; `node`; `rustc`. Under
//! `CI=true` a missing tool fails the test; otherwise the test is skipped with a loud message.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{repo_root, scratch};

/// Finds a tool, or `None` (after a loud message) when it is missing outside CI. Panics under `CI=true`.
fn tool(name: &str, env: Option<&str>) -> Option<PathBuf> {
    let from_env = env.and_then(std::env::var_os).map(PathBuf::from).filter(|p| p.is_file());
    let found = from_env.or_else(|| {
        std::env::var_os("PATH")
            .and_then(|paths| std::env::split_paths(&paths).map(|d| d.join(name)).find(|p| p.is_file()))
    });
    if found.is_none() {
        let msg = format!(
            "`{name}` not found{}: run ./scripts/test (it installs it)",
            env.map(|e| format!(" (set {e} or put it on PATH)")).unwrap_or_default()
        );
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{msg}");
        eprintln!("\n!!!!!!!! SKIPPING: {msg} !!!!!!!!\n");
    }
    found
}

fn hostile() -> PathBuf {
    repo_root().join("tests/fixtures/codegen/hostile/catalog")
}

fn dump_dir() -> PathBuf {
    repo_root().join("tests/fixtures/codegen/dump")
}

/// Renders the hostile catalog into a scratch dir through the library (load, then codegen; no validation: its
/// 17-digit price is refused by Salesforce rule SKU804 but must still come out exact) and returns the output path.
fn generate() -> (tempfile::TempDir, PathBuf) {
    generate_with(&skuctl::codegen::RemoteIds::default())
}

fn generate_with(remote: &skuctl::codegen::RemoteIds) -> (tempfile::TempDir, PathBuf) {
    let loaded = skuctl::load::load_catalog(&hostile()).expect("load");
    let catalog = loaded.catalog.expect("the hostile fixture loads");
    let files = skuctl::codegen::generate(&catalog, remote, None).expect("generate");
    let dir = scratch();
    let out = dir.path().join("generated");
    skuctl::codegen::output::write(&out, &files).expect("write");
    (dir, out)
}

fn s(v: &serde_json::Value) -> String {
    v.as_str().map(str::to_owned).unwrap_or_default()
}

fn list(v: &serde_json::Value) -> String {
    v.as_array().map(|a| a.iter().map(s).collect::<Vec<_>>().join(",")).unwrap_or_default()
}

fn prices(v: &serde_json::Value, f: &mut Vec<String>) {
    for (cur, amount) in v.as_object().into_iter().flatten() {
        f.push(format!("{cur}={}", s(amount)));
    }
}

/// The canonical dump of `catalog.json`.
fn expected_dump(out: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(out.join("catalog.json")).expect("catalog.json");
    let c: serde_json::Value = serde_json::from_str(&text).expect("json");
    let mut rec = vec![vec![
        "catalog".into(),
        s(&c["name"]),
        s(&c["version"]),
        list(&c["currencies"]),
        s(&c["default_currency"]),
    ]];
    for p in c["products"].as_array().expect("products") {
        rec.push(vec![
            "product".into(),
            s(&p["key"]),
            s(&p["name"]),
            s(&p["sku"]),
            s(&p["description"]),
            s(&p["category"]),
            list(&p["plans"]),
        ]);
    }
    for p in c["plans"].as_array().expect("plans") {
        let mut f: Vec<String> = vec!["plan".into()];
        for k in ["key", "product", "name", "sku", "description", "status"] {
            f.push(s(&p[k]));
        }
        f.push(p["purchasable"].to_string());
        f.push(p["add_on"].to_string());
        f.push(s(&p["billing_period"]));
        f.push(list(&p["groups"]));
        f.push(list(&p["requires_plans"]));
        for ch in p["charges"].as_array().expect("charges") {
            f.push(format!("charge:{}", s(&ch["key"])));
            f.push(s(&ch["name"]));
            f.push(s(&ch["description"]));
            prices(&ch["prices"], &mut f);
            for t in ch["tiers"].as_array().expect("tiers") {
                f.push(format!("tier:{}..{}:{}", s(&t["starting_unit"]), s(&t["ending_unit"]), s(&t["price_format"])));
                prices(&t["prices"], &mut f);
            }
        }
        rec.push(f);
    }
    for g in c["groups"].as_array().expect("groups") {
        rec.push(vec!["group".into(), s(&g["key"]), list(&g["plans"])]);
    }
    rec.push(vec!["add_ons".into(), list(&c["add_ons"])]);
    rec.push(vec!["frozen=true".into()]);
    rec
}

fn parse_dump(text: &str) -> Vec<Vec<String>> {
    text.split('\u{1e}').map(|r| r.split('\u{1f}').map(str::to_owned).collect()).collect()
}

/// The dump must equal catalog.json's, and catalog.json must hold the fixture's exact values.
fn assert_dump(lang: &str, out: &Path, actual: &str) {
    let expected = expected_dump(out);
    let flat: Vec<&String> = expected.iter().flatten().collect();
    for needle in [
        "USD=12345678901234567.89",
        "EUR=0.10",
        "USD=0.10",
        "Hostile \"Catalog\" */ #{boom} ${boom}",
        "SaaS - Premium \"1\" Year */ \\ 🚀",
        "Ends with a backslash \\",
        "Line one\nLine two with `backticks`, ${template} and #{interpolation}, a tab\there, emoji 🚀 and é",
        "Seat #{name} ${name}",
        "Requires any premium plan; \u{202e} RTL override and \u{7} bell",
    ] {
        assert!(flat.iter().any(|f| f.as_str() == needle), "catalog.json lacks the exact value {needle:?}");
    }
    assert_eq!(parse_dump(actual), expected, "{lang} constants differ from catalog.json");
}

fn run(cmd: &mut Command) -> std::process::Output {
    cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn ok(what: &str, output: &std::process::Output) {
    assert!(
        output.status.success(),
        "{what} failed:\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn ruby_is_warning_free_and_loads_with_the_catalog_values() {
    let Some(ruby) = tool("ruby", None) else { return };
    let (_dir, out) = generate();
    let rb = out.join("ruby/skuctl_catalog.rb");
    let check = run(Command::new(&ruby).arg("-wc").arg(&rb));
    ok("ruby -wc", &check);
    assert_eq!(String::from_utf8_lossy(&check.stderr), "", "ruby -wc printed warnings");
    let loaded = run(Command::new(&ruby).arg("-w").arg("-I").arg(out.join("ruby")).arg(dump_dir().join("dump.rb")));
    ok("ruby dump.rb", &loaded);
    assert_eq!(String::from_utf8_lossy(&loaded.stderr), "", "loading the module printed warnings");
    assert_dump("Ruby", &out, &String::from_utf8_lossy(&loaded.stdout));
}

fn tsc_args(cmd: &mut Command) -> &mut Command {
    cmd.args(["--strict", "--target", "es2022", "--lib", "es2022,dom", "--module", "commonjs", "--pretty", "false"])
}

#[test]
fn typescript_type_checks_strictly_and_runs_with_the_catalog_values() {
    let Some(tsc) = tool("tsc", Some("SKUCTL_TSC")) else { return };
    let (dir, out) = generate();
    let ts = out.join("typescript");
    let check = run(tsc_args(&mut Command::new(&tsc)).arg("--noEmit").arg(ts.join("catalog.ts")));
    ok("tsc --strict --noEmit catalog.ts", &check);
    let Some(node) = tool("node", None) else { return };
    std::fs::copy(dump_dir().join("dump.ts"), ts.join("dump.ts")).expect("copy dump.ts");
    let js = dir.path().join("js");
    let compile = run(tsc_args(&mut Command::new(&tsc)).arg("--outDir").arg(&js).arg(ts.join("dump.ts")));
    ok("tsc dump.ts", &compile);
    let ran = run(Command::new(node).arg(js.join("dump.js")));
    ok("node dump.js", &ran);
    let stdout = String::from_utf8_lossy(&ran.stdout);
    assert_dump("TypeScript", &out, stdout.strip_suffix('\n').unwrap_or(&stdout));
}

#[test]
fn typescript_unions_accept_real_keys_and_reject_misspelled_ones() {
    let Some(tsc) = tool("tsc", Some("SKUCTL_TSC")) else { return };
    let (_dir, out) = generate();
    let ts = out.join("typescript");
    for f in ["usage_ok.ts", "usage_misspelled.ts"] {
        std::fs::copy(dump_dir().join(f), ts.join(f)).expect("copy usage file");
    }
    let good = run(tsc_args(&mut Command::new(&tsc)).arg("--noEmit").arg(ts.join("usage_ok.ts")));
    ok("tsc usage_ok.ts", &good);
    let bad = run(tsc_args(&mut Command::new(&tsc)).arg("--noEmit").arg(ts.join("usage_misspelled.ts")));
    assert!(!bad.status.success(), "a misspelled plan key type-checked");
    let msg = String::from_utf8_lossy(&bad.stdout);
    assert!(
        msg.contains("usage_misspelled.ts(4,") && msg.contains("\"saas_premium_1yy\"") && msg.contains("PlanKey"),
        "unexpected tsc output: {msg}"
    );
}

#[test]
fn rust_compiles_without_warnings_and_holds_the_catalog_values() {
    let Some(rustc) = tool("rustc", None) else { return };
    let (dir, out) = generate();
    let rs = out.join("rust");
    let lib = run(Command::new(&rustc)
        .args(["--edition", "2021", "--crate-type", "lib", "-D", "warnings", "--out-dir"])
        .arg(dir.path())
        .arg(rs.join("catalog.rs")));
    ok("rustc --crate-type lib catalog.rs", &lib);
    std::fs::copy(dump_dir().join("dump.rs"), rs.join("dump.rs")).expect("copy dump.rs");
    let exe = dir.path().join("dump");
    let bin = run(Command::new(&rustc).args(["--edition", "2021", "-o"]).arg(&exe).arg(rs.join("dump.rs")));
    ok("rustc dump.rs", &bin);
    let ran = run(&mut Command::new(&exe));
    ok("dump", &ran);
    assert_dump("Rust", &out, &String::from_utf8_lossy(&ran.stdout));
}

/// Remote IDs cannot come from the command line yet (no state format); the library input is checked here: with
/// IDs for two environments every language still compiles and carries them.
#[test]
fn remote_ids_compile_in_every_language() {
    use skuctl::codegen::{PlanRemoteIds, RemoteIds};
    let mut remote = RemoteIds::default();
    let ids = |rp: &str| PlanRemoteIds {
        zuora_product_id: Some("2c92a0ff76f0d5250176f2f8c86f0000".into()),
        zuora_rate_plan_id: Some(rp.into()),
        salesforce_product2_id: None,
    };
    remote.0.entry("production".into()).or_default().insert("saas_premium_1y".into(), ids("2c92a00d76f0d5060176f2fb0a5029ff"));
    remote.0.entry("sandbox".into()).or_default().insert("saas_premium_1y".into(), ids("2c92c0f8aaaabbbbccccddddeeeeffff"));
    remote.0.entry("sandbox".into()).or_default().insert("match".into(), PlanRemoteIds::default());
    let (dir, out) = generate_with(&remote.only(&[]));
    for f in ["catalog.json", "ruby/skuctl_catalog.rb", "typescript/catalog.ts", "rust/catalog.rs"] {
        let text = std::fs::read_to_string(out.join(f)).expect("generated file");
        assert!(text.contains("2c92a00d76f0d5060176f2fb0a5029ff"), "{f} lacks the production ID");
        assert!(text.contains("2c92c0f8aaaabbbbccccddddeeeeffff"), "{f} lacks the sandbox ID");
    }
    let json = std::fs::read_to_string(out.join("catalog.json")).expect("json");
    assert!(json.contains("\"environments\": [\n    \"production\",\n    \"sandbox\"\n  ]"), "{json}");
    if let Some(ruby) = tool("ruby", None) {
        let script = "require 'skuctl_catalog'; print SkuctlCatalog.zuora_rate_plan_id('production', 'saas_premium_1y'), '|', \
SkuctlCatalog.zuora_rate_plan_id('sandbox', 'match').inspect, '|', SkuctlCatalog.zuora_rate_plan_id('nowhere', 'type').inspect";
        let r = run(Command::new(ruby).arg("-w").arg("-I").arg(out.join("ruby")).arg("-e").arg(script));
        ok("ruby remote ids", &r);
        assert_eq!(String::from_utf8_lossy(&r.stdout), "2c92a00d76f0d5060176f2fb0a5029ff|nil|nil");
        assert_eq!(String::from_utf8_lossy(&r.stderr), "");
    }
    if let Some(tsc) = tool("tsc", Some("SKUCTL_TSC")) {
        ok("tsc", &run(tsc_args(&mut Command::new(tsc)).arg("--noEmit").arg(out.join("typescript/catalog.ts"))));
    }
    if let Some(rustc) = tool("rustc", None) {
        let lib = run(Command::new(rustc)
            .args(["--edition", "2021", "--crate-type", "lib", "-D", "warnings", "--out-dir"])
            .arg(dir.path())
            .arg(out.join("rust/catalog.rs")));
        ok("rustc", &lib);
    }
}

/// The committed `generated/` files of the sample catalog compile in every language.
#[test]
fn the_sample_catalogs_generated_code_compiles() {
    let generated = repo_root().join("generated");
    if let Some(ruby) = tool("ruby", None) {
        let r = run(Command::new(ruby).arg("-wc").arg(generated.join("ruby/skuctl_catalog.rb")));
        ok("ruby -wc", &r);
        assert_eq!(String::from_utf8_lossy(&r.stderr), "");
    }
    if let Some(tsc) = tool("tsc", Some("SKUCTL_TSC")) {
        ok("tsc", &run(tsc_args(&mut Command::new(tsc)).arg("--noEmit").arg(generated.join("typescript/catalog.ts"))));
    }
    if let Some(rustc) = tool("rustc", None) {
        let dir = scratch();
        let lib = run(Command::new(rustc)
            .args(["--edition", "2021", "--crate-type", "lib", "-D", "warnings", "--out-dir"])
            .arg(dir.path())
            .arg(generated.join("rust/catalog.rs")));
        ok("rustc", &lib);
    }
}
