//! `skuctl explain CODE`: prints what a diagnostic code means, why it matters, and a bad and a good example.
//! `skuctl explain --list` lists every registered rule (`--format markdown` renders the README's rule table).

use std::io::Write as _;

use crate::validate::{self, Rule};

/// Explain a diagnostic code, or list every rule.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The code to explain, e.g. `SKU304` (case-insensitive); a rule name such as `tier-gap` works too.
    #[arg(required_unless_present = "list", conflicts_with = "list")]
    pub code: Option<String>,
    /// List every rule (code, severity, name, summary) instead of explaining one.
    #[arg(long)]
    pub list: bool,
    /// Output format: `human` text, `json` (an object, or an array with --list), or `markdown` (the README table
    /// with --list).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Output formats of `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Markdown,
}

/// Runs the command.
#[must_use]
pub fn run(args: Args) -> i32 {
    let text = if args.list {
        list(args.format)
    } else {
        let wanted = args.code.unwrap_or_default();
        match find(&wanted) {
            Some(rule) => explain(rule, args.format),
            None => {
                eprintln!("error: unknown diagnostic code `{wanted}`");
                eprintln!("  help: {}", suggestion(&wanted));
                return 2;
            }
        }
    };
    let mut out = std::io::stdout().lock();
    if out.write_all(text.as_bytes()).and_then(|()| out.flush()).is_err() {
        return 1;
    }
    0
}

/// The rule with this code or name (case-insensitive).
#[must_use]
pub fn find(wanted: &str) -> Option<&'static Rule> {
    let w = wanted.trim();
    let mut all = validate::rules().into_iter().chain(crate::policy::lints());
    all.find(|r| r.code.eq_ignore_ascii_case(w) || r.name.eq_ignore_ascii_case(w))
}

fn suggestion(wanted: &str) -> String {
    let rules = validate::rules();
    let upper = wanted.trim().to_ascii_uppercase();
    let by_code = validate::suggest::closest(&upper, rules.iter().map(|r| r.code));
    let by_name = validate::suggest::closest(&wanted.trim().to_ascii_lowercase(), rules.iter().map(|r| r.name));
    match (by_code, by_name) {
        (Some(code), _) => format!("did you mean `{code}`? (`skuctl explain --list` lists every code)"),
        (None, Some(name)) => {
            let code = rules.iter().find(|r| r.name == name).map_or("", |r| r.code);
            format!("did you mean `{code}` ({name})? (`skuctl explain --list` lists every code)")
        }
        (None, None) => "`skuctl explain --list` lists every code".to_owned(),
    }
}

fn json_of(rule: &Rule) -> serde_json::Value {
    serde_json::json!({
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.as_str(),
        "summary": rule.summary,
        "explanation": rule.explanation,
        "bad": rule.bad,
        "good": rule.good,
    })
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// One rule, fully.
#[must_use]
pub fn explain(rule: &Rule, format: Format) -> String {
    match format {
        Format::Human => format!(
            "{} {} ({})\n\n{}\n\n{}\n\nBad:\n{}\nGood:\n{}",
            rule.code,
            rule.name,
            rule.severity.as_str(),
            rule.summary,
            rule.explanation,
            indent(rule.bad),
            indent(rule.good)
        ),
        Format::Json => format!("{:#}\n", json_of(rule)),
        Format::Markdown => format!(
            "### {} `{}` ({})\n\n{}\n\n{}\n\nBad:\n\n```yaml\n{}\n```\n\nGood:\n\n```yaml\n{}\n```\n",
            rule.code,
            rule.name,
            rule.severity.as_str(),
            rule.summary,
            rule.explanation,
            rule.bad,
            rule.good
        ),
    }
}

/// Every rule, one line each.
#[must_use]
pub fn list(format: Format) -> String {
    let rules = validate::rules();
    match format {
        Format::Human => {
            let width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
            rules
                .iter()
                .map(|r| format!("{}  {:<7}  {:<width$}  {}\n", r.code, r.severity.as_str(), r.name, r.summary))
                .collect()
        }
        Format::Json => format!("{:#}\n", serde_json::Value::Array(rules.iter().map(|r| json_of(r)).collect())),
        Format::Markdown => {
            let mut s = String::from("| Code | Name | Severity | What it checks |\n|---|---|---|---|\n");
            for r in rules {
                s.push_str(&format!(
                    "| {} | `{}` | {} | {} |\n",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    r.summary.replace('|', "\\|")
                ));
            }
            s
        }
    }
}
