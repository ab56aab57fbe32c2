//! `skuctl schema`: writes the catalog's JSON Schemas (generated from the model) to `schemas/`; `--check` writes
//! nothing and exits 1 when a committed schema differs from the generated one, naming it.

use std::path::{Path, PathBuf};

use crate::schema::SchemaKind;

/// Write the JSON Schemas of the catalog files (`schemas/catalog.schema.json`, `schemas/product.schema.json`) and of
/// `generated/catalog.json` (`schemas/generated-catalog.schema.json`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Do not write: exit 1 if a schema file is missing or stale, naming it.
    #[arg(long)]
    pub check: bool,
    /// The directory the `schemas/` paths are relative to (the repository root).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

/// Runs the command.
#[must_use]
pub fn run(args: Args) -> i32 {
    let mut status = 0;
    let mut all: Vec<(&str, String)> = SchemaKind::ALL.iter().map(|k| (k.path(), k.render())).collect();
    all.push((crate::codegen::resolved::SCHEMA_PATH, crate::codegen::resolved::schema_json()));
    for (rel, wanted) in all {
        let path = args.root.join(rel);
        if args.check {
            match std::fs::read_to_string(&path) {
                Ok(text) if text == wanted => println!("{rel}: up to date"),
                Ok(_) => {
                    eprintln!("{rel}: stale; run `skuctl schema` and commit the result");
                    status = 1;
                }
                Err(e) => {
                    eprintln!("{rel}: cannot read ({e}); run `skuctl schema`");
                    status = 1;
                }
            }
        } else if let Err(e) = write(&path, &wanted) {
            eprintln!("error: cannot write {}: {e}", path.display());
            status = 1;
        } else {
            println!("wrote {rel}");
        }
    }
    status
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    super::validate::write_atomic(path, text.as_bytes())
}
