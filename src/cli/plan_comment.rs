//! `skuctl plan --comment`: upserts the one plan note on the merge request (GitLab CI), holding the plan as
//! Markdown, the change-policy findings and who is affected (against `--policy-base`, default
//! `CI_MERGE_REQUEST_DIFF_BASE_SHA`), and the plan's content digest in the hidden marker, which
//! `apply --require-approval` later requires.
//!
//! Reads `CI_MERGE_REQUEST_IID`, `CI_API_V4_URL`, `CI_PROJECT_ID`, `CI_COMMIT_SHA`, `CI_PIPELINE_URL` and the token
//! from the variable `--gitlab-token-var` names. The token never appears in output or errors.

use std::path::Path;

use crate::gitlab::{self, GitLabClient, GitLabSettings, NoteUpsert, PlanNoteContent, PlanNoteMarker};
use crate::plan::PlanDocument;
use crate::plan::render::{self, Format};
use crate::policy::changelog;

/// The `--comment` flags of `skuctl plan`.
#[derive(Debug, Clone, clap::Args)]
pub struct CommentArgs {
    /// Post the plan as the one skuctl note on the merge request (GitLab CI: needs `CI_MERGE_REQUEST_IID`,
    /// `CI_API_V4_URL`, `CI_PROJECT_ID` and a token with scope `api`). Edits the earlier note in place.
    #[arg(long)]
    pub comment: bool,
    #[command(flatten)]
    pub gitlab_token: super::gitlab_args::TokenVar,
    /// The git revision to classify catalog changes against for the note's change-policy and who-is-affected
    /// sections (default: `CI_MERGE_REQUEST_DIFF_BASE_SHA`; without either the note says they were not computed).
    #[arg(long, value_name = "REV")]
    pub policy_base: Option<String>,
}

/// Upserts the plan note; returns a one-line description of what happened.
///
/// # Errors
/// A message naming what is missing or what GitLab answered (never the token).
pub fn post(args: &CommentArgs, doc: &PlanDocument, catalog: &Path) -> Result<String, String> {
    post_with(args, doc, catalog, |name| {
        std::env::var(name).ok().filter(|v| !v.trim().is_empty())
    })
}

fn post_with(
    args: &CommentArgs,
    doc: &PlanDocument,
    catalog: &Path,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<String, String> {
    let iid_text = lookup("CI_MERGE_REQUEST_IID").ok_or(
        "--comment needs CI_MERGE_REQUEST_IID (it runs in a GitLab merge-request pipeline); the plan was not posted",
    )?;
    let iid: u64 = iid_text
        .trim()
        .parse()
        .map_err(|_| format!("CI_MERGE_REQUEST_IID=`{iid_text}` is not a merge request number"))?;
    let settings = GitLabSettings::from_lookup(&args.gitlab_token.name, &lookup).map_err(|e| e.to_string())?;
    let commit = lookup("CI_COMMIT_SHA");
    let marker = PlanNoteMarker::new(&doc.environment, &doc.content_digest, commit.as_deref().map(str::trim))
        .map_err(|e| e.to_string())?;

    // The note has its own title: drop the rendered plan's.
    let rendered = render::render(doc, Format::Markdown, false);
    let plan_markdown = match rendered.split_once('\n') {
        Some((first, rest)) if first.starts_with("### skuctl plan") => rest.trim_start().to_owned(),
        _ => rendered,
    };
    let base = args
        .policy_base
        .clone()
        .or_else(|| lookup("CI_MERGE_REQUEST_DIFF_BASE_SHA"));
    let (policy, affected) = policy_sections(catalog, base.as_deref());
    let pipeline_url = lookup("CI_PIPELINE_URL");
    let markdown = gitlab::render_plan_note(&PlanNoteContent {
        environment: &doc.environment,
        digest: &doc.content_digest,
        plan_markdown: &plan_markdown,
        policy_markdown: Some(&policy),
        affected_markdown: Some(&affected),
        pipeline_url: pipeline_url.as_deref(),
    });

    let rt = crate::live::runtime().map_err(|e| e.to_string())?;
    let done = rt.block_on(async {
        let client = GitLabClient::new(settings)?;
        gitlab::note::upsert_plan_note(&client, iid, &marker, &markdown).await
    });
    match done.map_err(|e| format!("posting the plan note on merge request !{iid}: {e}"))? {
        NoteUpsert::Created { note_id } => Ok(format!("Posted the plan note {note_id} on merge request !{iid}.")),
        NoteUpsert::Updated {
            note_id,
            removed_duplicates,
        } => Ok(format!(
            "Updated the plan note {note_id} on merge request !{iid}{}.",
            if removed_duplicates > 0 {
                format!(" (removed {removed_duplicates} duplicate(s))")
            } else {
                String::new()
            }
        )),
    }
}

/// The note's change-policy and who-is-affected sections; when they cannot be computed, a sentence saying why.
fn policy_sections(catalog: &Path, base: Option<&str>) -> (String, String) {
    let not_computed = |why: String| {
        let text = format!("_Not computed: {why}._\n");
        (text.clone(), text)
    };
    let Some(base) = base.map(str::trim).filter(|b| !b.is_empty()) else {
        return not_computed(
            "no base revision (set CI_MERGE_REQUEST_DIFF_BASE_SHA or pass --policy-base); run `skuctl check --base REV`"
                .to_owned(),
        );
    };
    match crate::policy::compare(catalog, None, base) {
        Ok(compared) => match &compared.report {
            Some(report) => {
                let or = |text: String, empty: &str| {
                    if text.trim().is_empty() {
                        format!("{empty}\n")
                    } else {
                        text
                    }
                };
                (
                    or(changelog::findings_markdown(report), "No change-policy findings."),
                    or(
                        changelog::affected_markdown(report),
                        "No price changes: no customer pays a different price.",
                    ),
                )
            }
            None => not_computed("the catalog does not load".to_owned()),
        },
        Err(e) => not_computed(format!("comparing with `{base}` failed: {e}")),
    }
}
