//! `skuctl schema`: writes the generated JSON Schemas; `--check` fails on a stale or missing file, naming it.

use crate::support::{scratch, skuctl};

#[test]
fn committed_schemas_are_up_to_date() {
    let out = skuctl().args(["schema", "--check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn check_reports_stale_and_missing_files_and_write_fixes_them() {
    let dir = scratch();
    let root = dir.path().to_string_lossy().into_owned();
    let run = |args: &[&str]| {
        let out = skuctl().args(["schema", "--root", &root]).args(args).output().expect("run");
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, stderr) = run(&["--check"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("schemas/catalog.schema.json: cannot read"), "{stderr}");
    assert_eq!(run(&[]).0, Some(0));
    assert_eq!(run(&["--check"]), (Some(0), String::new()));
    let product = dir.path().join("schemas/product.schema.json");
    let text = std::fs::read_to_string(&product).expect("written");
    assert!(text.starts_with("{\n") && text.ends_with("}\n"));
    std::fs::write(&product, text.replace("\"description\"", "\"title\"")).expect("edit");
    let (code, stderr) = run(&["--check"]);
    assert_eq!(code, Some(1));
    assert_eq!(stderr, "schemas/product.schema.json: stale; run `skuctl schema` and commit the result\n");
}

#[test]
fn the_committed_product_schema_accepts_a_product_and_rejects_a_typo() {
    let catalog: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(crate::support::repo_root().join("schemas/product.schema.json")).expect("read"))
            .expect("json");
    let validator = jsonschema::draft7::new(&catalog).expect("valid draft-07");
    let good = serde_json::json!({"key": "p", "name": "P", "sku": "P-1", "category": "base", "effective_start": "2024-01-01"});
    assert!(validator.is_valid(&good));
    let mut bad = good.clone();
    bad["categroy"] = serde_json::json!("base");
    assert!(!validator.is_valid(&bad));
}
