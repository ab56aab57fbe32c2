//! The diagnostic codes the loader emits (`SKU001`-`SKU049`), registered like the semantic rules: each code is a
//! `Rule` with a name, a default severity, an explanation and a bad and a good example. `skuctl explain SKU002`
//! prints one; `crate::validate::rules()` includes `RULES`. Codes are stable: never renumber or reuse one.

use crate::diagnostic::Severity;
use crate::validate::Rule;

macro_rules! load_rule {
    ($ident:ident, $code:literal, $name:literal, $summary:literal, $explanation:literal, $bad:literal, $good:literal) => {
        pub const $ident: Rule = Rule {
            code: $code,
            name: $name,
            severity: Severity::Error,
            summary: $summary,
            explanation: $explanation,
            bad: $bad,
            good: $good,
        };
    };
}

load_rule!(
    SYNTAX,
    "SKU001",
    "yaml-syntax",
    "The file is not valid YAML.",
    "The YAML parser could not read the file, so nothing in it can be checked. The message names what the parser \
expected at the position shown; unbalanced brackets and quotes and a mis-indented line are the usual causes.",
    "plans:\n  - key: saas_premium_1y\n    prices: {USD: 29.00, EUR: 27.00",
    "plans:\n  - key: saas_premium_1y\n    prices: {USD: 29.00, EUR: 27.00}"
);
load_rule!(
    DUPLICATE_KEY,
    "SKU002",
    "duplicate-key",
    "A mapping has the same key twice.",
    "YAML parsers disagree on duplicate keys (many silently keep the last value), so a duplicated `prices` or \
`status` can change what is sold without anyone noticing. skuctl refuses them and points at both occurrences.",
    "key: premium_saas\nname: GitLab Premium\nname: GitLab Premium - SaaS",
    "key: premium_saas\nname: GitLab Premium - SaaS"
);
load_rule!(
    UNKNOWN_FIELD,
    "SKU003",
    "unknown-field",
    "A field is not part of the catalog language (often a typo).",
    "Unknown fields are errors rather than being ignored: a misspelt `effective_end` would otherwise leave a plan \
on sale forever. The help line suggests the closest known field.",
    "plans:\n  - key: saas_premium_1y\n    efective_end: 2025-01-31",
    "plans:\n  - key: saas_premium_1y\n    effective_end: 2025-01-31"
);
load_rule!(
    MISSING_FIELD,
    "SKU004",
    "missing-field",
    "A required field is missing.",
    "Every object needs its identifying fields (`key`, `name`) and the fields providers require (a plan's `status` \
and `effective_start`, a charge's `type` and `model`). `skuctl schema` writes the JSON Schema listing them.",
    "plans:\n  - key: saas_premium_1y\n    name: SaaS - Premium - 1 Year\n    effective_start: 2024-01-01",
    "plans:\n  - key: saas_premium_1y\n    name: SaaS - Premium - 1 Year\n    status: active\n    effective_start: \
2024-01-01"
);
load_rule!(
    WRONG_TYPE,
    "SKU005",
    "wrong-type",
    "A value has the wrong type (e.g. a list where a mapping is expected, text where true/false is expected).",
    "The catalog follows YAML 1.2: only `true` and `false` are booleans (`yes`, `no`, `on`, `NO` are text), `~` and \
`null` are null. A value of the wrong shape is refused instead of being coerced.",
    "purchasable: yes\ngroups: premium_saas_plans",
    "purchasable: true\ngroups: [premium_saas_plans]"
);
load_rule!(
    INVALID_VALUE,
    "SKU006",
    "invalid-value",
    "A value is not one of the allowed values or cannot be read exactly (an unknown status, a date, a version, an \
amount written as a float).",
    "Amounts are read from their text into exact decimals: `19.99` and `0.10` stay exactly that. Exponents (`1e-7`), \
`.inf`, hexadecimal and more than 28 significant digits cannot be a price and are refused rather than rounded. \
Closed vocabularies (status, charge type and model, billing period) accept only their listed values; the help line \
suggests the closest one.",
    "status: actve\nprices: {USD: 1e-7}",
    "status: active\nprices: {USD: 0.0000001}"
);
load_rule!(
    FILE_TOO_LARGE,
    "SKU007",
    "file-too-large",
    "A catalog file is larger than the per-file limit (4 MiB).",
    "A product file at Zuora's limits (300 plans, 300 charges) is well under 1 MiB; a larger file is almost \
certainly a mistake (a generated dump, a binary) and is refused before it is read into memory.",
    "catalog/products/premium.yaml  (52 MB)",
    "catalog/products/premium.yaml  (12 KB; one product per file)"
);
load_rule!(
    INVALID_UTF8,
    "SKU008",
    "invalid-utf8",
    "A catalog file is not valid UTF-8.",
    "Catalog files are UTF-8 text. A file saved in Latin-1 or Windows-1252 (often by a spreadsheet export) would \
corrupt names with accents; the message gives the byte offset of the first invalid byte.",
    "name: Caf\\xE9 (Latin-1 byte)",
    "name: Café (UTF-8)"
);
load_rule!(
    TAB_INDENTATION,
    "SKU009",
    "tab-indentation",
    "A line is indented with a tab.",
    "YAML forbids tabs for indentation, and editors display them at different widths, so the intended nesting is \
ambiguous. Indent with spaces (two per level in the sample catalog).",
    "plans:\n\t- key: saas_premium_1y",
    "plans:\n  - key: saas_premium_1y"
);
load_rule!(
    TOO_DEEP,
    "SKU010",
    "nesting-too-deep",
    "The document nests deeper than 64 levels.",
    "A catalog nests about eight levels deep (product, plans, charges, tiers, prices). Deeper nesting is refused \
before it can exhaust memory or the stack.",
    "a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "prices: {USD: 1}"
);
load_rule!(
    ALIAS_LIMIT,
    "SKU011",
    "alias-limit",
    "YAML aliases expand to too many nodes (the \"billion laughs\" attack) or are used too often.",
    "Anchors and aliases (`&a`, `*a`) are allowed for sharing a block, but each alias copies the anchored block, so a \
few nested aliases can expand a tiny file into billions of nodes. Expansion stops at 2,000,000 nodes or 10,000 \
aliases per file.",
    "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, \
*b, *b, *b, *b, *b]\n# ... nine levels: 10^9 nodes",
    "prices: &list {USD: 10.00}\noverage_prices: *list"
);
load_rule!(
    MISSING_ROOT,
    "SKU012",
    "missing-root",
    "The catalog directory has no `catalog.yaml` root file.",
    "The root file declares the catalog's name, version, currencies and plan groups; without it no product can be \
checked against the catalog's currencies and groups.",
    "catalog/\n  products/premium.yaml",
    "catalog/\n  catalog.yaml\n  products/premium.yaml"
);
load_rule!(
    EMPTY_FILE,
    "SKU013",
    "empty-file",
    "A catalog file contains no YAML document.",
    "Every `*.yaml` file under the catalog directory is part of the catalog: the root file or one product. An empty \
file (or one with only comments) is usually a product that was meant to be deleted; delete the file instead.",
    "# catalog/products/old.yaml\n# nothing here",
    "(delete catalog/products/old.yaml)"
);
load_rule!(
    MULTIPLE_DOCUMENTS,
    "SKU014",
    "multiple-documents",
    "A catalog file contains more than one YAML document (`---`).",
    "Each catalog file holds exactly one document: the root or one product. Put a second product in its own file.",
    "key: premium_saas\n...\n---\nkey: ultimate_saas\n...",
    "# products/premium_saas.yaml\nkey: premium_saas\n...\n# products/ultimate_saas.yaml\nkey: ultimate_saas\n..."
);
load_rule!(
    UNREADABLE,
    "SKU015",
    "unreadable-file",
    "A catalog file or directory cannot be read (permissions, a broken symbolic link).",
    "Every `*.yaml` file below the catalog directory is part of the catalog, so one that cannot be read would \
silently drop a product. The message carries the operating system's reason.",
    "catalog/products/premium.yaml -> ../../elsewhere/premium.yaml  (missing target)",
    "catalog/products/premium.yaml  (a regular, readable file)"
);
load_rule!(
    SCHEMA,
    "SKU016",
    "schema-violation",
    "A value breaks a constraint of the catalog's JSON Schema not covered by a more specific code.",
    "The JSON Schema in `schemas/` (generated from the same types the loader uses) is checked before the catalog is \
read, so an editor with the YAML language server shows the same errors while typing.",
    "billing_period: {specific_months: -3}",
    "billing_period: {specific_months: 36}"
);

/// Every loader code, in code order.
pub static RULES: &[Rule] = &[
    SYNTAX,
    DUPLICATE_KEY,
    UNKNOWN_FIELD,
    MISSING_FIELD,
    WRONG_TYPE,
    INVALID_VALUE,
    FILE_TOO_LARGE,
    INVALID_UTF8,
    TAB_INDENTATION,
    TOO_DEEP,
    ALIAS_LIMIT,
    MISSING_ROOT,
    EMPTY_FILE,
    MULTIPLE_DOCUMENTS,
    UNREADABLE,
    SCHEMA,
];

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_in_the_loader_range_and_ascending() {
        for pair in super::RULES.windows(2) {
            assert!(pair[0].code < pair[1].code, "{} before {}", pair[0].code, pair[1].code);
        }
        for r in super::RULES {
            let n: u32 = r.code.trim_start_matches("SKU").parse().unwrap_or(0);
            assert!((1..=49).contains(&n), "{} outside SKU001-SKU049", r.code);
        }
    }
}
