//! Hostile and tricky inputs to the loader: each gives its specific diagnostic code at the right place, or loads
//! with its exact value (YAML 1.2 scalars, exact money).


use skuctl::diagnostic::{Diagnostic, Location};
use skuctl::load::{Loaded, load_catalog};
use skuctl::model::{CustomValue, Product};

const ROOT: &str = "name: Fixture\nversion: 1.0.0\ncurrencies: [USD, EUR]\ndefault_currency: USD\ngroups:\n  base_plans:\n    description: Base plans\n";

/// A valid product; `{NAME}`, `{PURCHASABLE}`, `{PRICE}` and `{CUSTOM}` are replaced by the test.
const PRODUCT: &str = "key: base
name: {NAME}
sku: FX-BASE
category: base
effective_start: 2024-01-01
custom_fields:
  Tier__c: {CUSTOM}
plans:
  - key: saas_base_1y
    name: SaaS - Base - 1 Year
    status: active
    purchasable: {PURCHASABLE}
    effective_start: 2024-01-01
    groups: [base_plans]
    charges:
      - key: seat
        name: Seat
        type: recurring
        model: per_unit
        billing_period: annual
        unit_of_measure: Seat
        prices:
          USD: {PRICE}
          EUR: 9.00
";

fn product(name: &str, purchasable: &str, price: &str, custom: &str) -> String {
    PRODUCT
        .replace("{NAME}", name)
        .replace("{PURCHASABLE}", purchasable)
        .replace("{PRICE}", price)
        .replace("{CUSTOM}", custom)
}

fn valid() -> String {
    product("Base Product", "true", "10.00", "premium")
}

/// Loads a scratch catalog made of the root and `files` (path below `catalog/`, bytes).
fn load(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Loaded) {
    let dir = crate::support::scratch();
    let cat = dir.path().join("catalog");
    std::fs::create_dir_all(cat.join("products")).expect("mkdir");
    std::fs::write(cat.join("catalog.yaml"), ROOT).expect("write root");
    for (path, bytes) in files {
        std::fs::write(cat.join(path), bytes).expect("write");
    }
    let loaded = load_catalog(&cat).expect("readable");
    (dir, loaded)
}

fn load_product(text: &str) -> (tempfile::TempDir, Loaded) {
    load(&[("products/base.yaml", text.as_bytes())])
}

/// The only diagnostic, with its line and column.
fn single(loaded: &Loaded) -> (&Diagnostic, usize, usize) {
    assert_eq!(loaded.diagnostics.len(), 1, "{:#?}", loaded.diagnostics);
    let d = &loaded.diagnostics[0];
    let span = loaded.sources.span(&d.location);
    (d, span.line, span.column)
}

fn the_product(loaded: &Loaded) -> &Product {
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    &loaded.catalog.as_ref().expect("catalog").products[0]
}

fn usd(p: &Product) -> String {
    p.plans[0].charges[0].prices.iter().find(|(c, _)| c.0 == "USD").map(|(_, m)| m.to_string()).unwrap_or_default()
}

#[test]
fn a_valid_product_loads() {
    let (_d, loaded) = load_product(&valid());
    assert_eq!(usd(the_product(&loaded)), "10.00");
}

#[test]
fn duplicate_keys_point_at_both_occurrences() {
    let text = valid().replace("sku: FX-BASE\n", "sku: FX-BASE\nname: Second\n");
    let (_d, loaded) = load_product(&text);
    let (d, line, col) = single(&loaded);
    assert_eq!((d.code, line, col), ("SKU002", 4, 1));
    assert_eq!(d.message, "duplicate key `name`");
    let first = loaded.sources.span(&d.related[0].location);
    assert_eq!((first.line, first.column), (2, 1));
}

#[test]
fn billion_laughs_is_refused_quickly() {
    let mut lol = String::from("x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        lol.push_str(&format!("x{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 10].join(", ")));
    }
    let started = std::time::Instant::now();
    let (_d, loaded) = load_product(&format!("{lol}{}", valid()));
    let (d, line, _) = single(&loaded);
    assert_eq!(d.code, "SKU011");
    assert!(line <= 10, "points into the alias chain, got line {line}");
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

#[test]
fn ten_thousand_deep_nesting_is_refused() {
    // Flow style and block style.
    let flow = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let block = format!("\n    {}1", "- ".repeat(10_000));
    for deep in [flow, block] {
        let text = valid().replace("  Tier__c: premium\n", &format!("  Tier__c: premium\n  Deep__c: {deep}\n"));
        let (_d, loaded) = load_product(&text);
        let (d, line, _) = single(&loaded);
        assert_eq!(d.code, "SKU010");
        assert!(line == 8 || line == 9, "line {line}");
        assert_eq!(d.message, "the document nests deeper than 64 levels");
    }
}

#[test]
fn a_50_mb_file_is_refused_without_reading_it() {
    let dir = crate::support::scratch();
    let cat = dir.path().join("catalog");
    std::fs::create_dir_all(cat.join("products")).expect("mkdir");
    std::fs::write(cat.join("catalog.yaml"), ROOT).expect("write root");
    let big = std::fs::File::create(cat.join("products/big.yaml")).expect("create");
    big.set_len(50 * 1024 * 1024).expect("grow to 50 MB");
    std::fs::write(cat.join("products/base.yaml"), valid()).expect("write");
    let loaded = load_catalog(&cat).expect("readable");
    let (d, line, col) = single(&loaded);
    assert_eq!((d.code, line, col), ("SKU007", 1, 1));
    assert_eq!(d.message, "the file is 52428800 bytes, over the 4194304-byte limit for one catalog file");
    assert!(loaded.sources.path(d.location.source).ends_with("products/big.yaml"));
}

#[test]
fn invalid_utf8_reports_the_byte_offset() {
    let text = valid().replace("Base Product", "Caf\u{1}");
    let mut bytes = text.into_bytes();
    let at = bytes.iter().position(|b| *b == 1).expect("marker");
    bytes[at] = 0xE9;
    let (_d, loaded) = load(&[("products/base.yaml", &bytes)]);
    let (d, line, col) = single(&loaded);
    assert_eq!((d.code, line, col), ("SKU008", 2, 10));
    assert_eq!(d.message, format!("the file is not valid UTF-8: invalid byte sequence at byte offset {at}"));
}

#[test]
fn tab_indentation() {
    let text = valid().replace("    status: active", "\tstatus: active");
    let (_d, loaded) = load_product(&text);
    let (d, line, col) = single(&loaded);
    assert_eq!((d.code, line, col), ("SKU009", 11, 1));
}

#[test]
fn yaml_1_2_words_stay_text_where_text_is_expected() {
    let (_d, loaded) = load_product(&product("NO", "true", "10.00", "on"));
    let p = the_product(&loaded);
    assert_eq!(p.name, "NO");
    assert_eq!(p.custom_fields["Tier__c"], CustomValue::Text("on".into()));
    // ... and are not booleans where a boolean is expected.
    let (_d, loaded) = load_product(&product("Base", "NO", "10.00", "x"));
    let (d, line, col) = single(&loaded);
    assert_eq!((d.code, line, col), ("SKU005", 12, 18));
    assert_eq!(d.message, "`purchasable` must be true or false, not the text `NO`");
}

/// A USD price written as `price` gives exactly one diagnostic `code`, at the price (line 23, column 16), whose
/// message contains `message`.
fn assert_price_refused(price: &str, code: &str, message: &str) {
    let (_d, loaded) = load_product(&product("Base", "true", price, "x"));
    let (d, line, col) = single(&loaded);
    assert_eq!((d.code, line, col), (code, 23, 16), "{price}");
    assert!(d.message.contains(message), "{price}: {}", d.message);
}

#[test]
fn hex_inf_and_tilde() {
    // 0x1F: text where text is expected, refused as an amount.
    let (_d, loaded) = load_product(&product("0x1F", "true", "10.00", "0x1F"));
    let p = the_product(&loaded);
    assert_eq!(p.name, "0x1F");
    assert_eq!(p.custom_fields["Tier__c"], CustomValue::Text("0x1F".into()));
    assert_price_refused("0x1F", "SKU006", "`0x1F` is not a plain decimal number");
    assert_price_refused(".inf", "SKU006", "`.inf` is not a plain decimal number");
    // ~ : null clears a custom field, and is no price.
    let (_d, loaded) = load_product(&product("Base", "true", "10.00", "~"));
    assert_eq!(the_product(&loaded).custom_fields["Tier__c"], CustomValue::Null);
    assert_price_refused("~", "SKU005", "null");
}

#[test]
fn prices_are_exact() {
    for text in ["0.1", "19.99", "1.10", "0.10", "12345678901234567.891", "'19.99'", "\"0.10\""] {
        let (_d, loaded) = load_product(&product("Base", "true", text, "x"));
        assert_eq!(usd(the_product(&loaded)), text.trim_matches(['\'', '"']), "{text}");
    }
}

#[test]
fn exponents_and_30_digit_integers_are_refused() {
    assert_price_refused("1e-7", "SKU006", "`1e-7` is not a plain decimal number");
    assert_price_refused("123456789012345678901234567890", "SKU006", "is too large (at most 28 significant digits)");
}

#[test]
fn spans_of_nested_nodes_are_exact() {
    let (_d, loaded) = load_product(&valid());
    let catalog = loaded.catalog.as_ref().expect("catalog");
    let src = catalog.products[0].source;
    let at = |loc: Location| {
        let s = loaded.sources.span(&loc);
        (s.line, s.column, loaded.sources.file(src).text[s.offset..s.offset + s.len].to_owned())
    };
    let charge = Location::root(src).at("plans").at(0).at("charges").at(0);
    assert_eq!(at(charge.at("prices").at("EUR")), (24, 16, "9.00".to_owned()));
    assert_eq!(at(charge.at("prices").at("EUR").key()), (24, 11, "EUR".to_owned()));
    assert_eq!(at(charge.at("unit_of_measure")), (21, 26, "Seat".to_owned()));
    assert_eq!(at(Location::root(src).at("plans").at(0).at("groups").at(0)), (14, 14, "base_plans".to_owned()));
    // A node that does not exist falls back to the closest enclosing one.
    assert_eq!(at(charge.at("tiers").at(3)).0, 16);
}

#[test]
fn unknown_fields_suggest_the_closest_field() {
    let text = valid().replace("    status: active", "    status: active\n    efective_end: 2030-01-01");
    let (_d, loaded) = load_product(&text);
    let (d, line, col) = single(&loaded);
    assert_eq!((d.code, line, col), ("SKU003", 12, 5));
    assert_eq!(d.help.as_deref(), Some("did you mean `effective_end`?"));
}

#[test]
fn every_file_is_checked() {
    let bad1 = valid().replace("category: base", "category: bsae");
    let bad2 = valid().replace("key: base", "key: other").replace("purchasable: true", "purchasable: yes");
    let (_d, loaded) = load(&[("products/a.yaml", bad1.as_bytes()), ("products/b.yaml", bad2.as_bytes())]);
    let codes: Vec<(&str, String)> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.code, loaded.sources.path(d.location.source).file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default()))
        .collect();
    assert_eq!(codes, [("SKU006", "a.yaml".to_owned()), ("SKU005", "b.yaml".to_owned())]);
    assert!(loaded.catalog.is_none());
}
