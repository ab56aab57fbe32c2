//! The Markdown of the plan note (below the hidden marker): the plan, the change-policy findings, who is affected,
//! and the digest the apply will require. Pure; long plans are cut to stay under GitLab's note size.

/// Longest note body skuctl posts (Atlantis uses the same cap for GitLab comments).
pub const MAX_NOTE_CHARS: usize = 1_000_000;

/// The parts of a plan note; the Markdown parts come from plan, policy and codegen renderers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanNoteContent<'a> {
    pub environment: &'a str,
    pub digest: &'a str,
    /// `skuctl plan --format markdown`.
    pub plan_markdown: &'a str,
    /// Change-policy findings, if any were computed.
    pub policy_markdown: Option<&'a str>,
    /// Who is affected (customers, subscriptions, generated constants), if computed.
    pub affected_markdown: Option<&'a str>,
    /// Link to the pipeline or the plan artifact (`CI_PIPELINE_URL`).
    pub pipeline_url: Option<&'a str>,
}

/// Renders the note's Markdown (without the marker line).
#[must_use]
pub fn render_plan_note(content: &PlanNoteContent<'_>) -> String {
    let mut tail = String::new();
    for (title, body) in [
        ("Change policy", content.policy_markdown),
        ("Who is affected", content.affected_markdown),
    ] {
        if let Some(body) = body.map(str::trim).filter(|b| !b.is_empty()) {
            tail.push_str(&format!("\n\n### {title}\n\n{body}"));
        }
    }
    let source = content
        .pipeline_url
        .map(|u| format!(" ([pipeline]({u}))"))
        .unwrap_or_default();
    tail.push_str(&format!(
        "\n\n---\nPlan digest `{}`{source}. `skuctl apply --require-approval` applies only a plan with this digest, \
         after this merge request is merged and approved by someone other than its author and the person applying.\n",
        content.digest
    ));
    let head = format!("## skuctl plan: `{}`\n\n", content.environment);
    let room = MAX_NOTE_CHARS.saturating_sub(head.chars().count() + tail.chars().count() + 200);
    let plan = content.plan_markdown.trim();
    let plan = if plan.chars().count() > room {
        let cut: String = plan.chars().take(room).collect();
        format!("{cut}\n\n**The plan is too long for a comment and was cut here: see the `plan.md` artifact.**")
    } else {
        plan.to_owned()
    };
    format!("{head}{plan}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_part_and_skips_empty_ones() {
        let content = PlanNoteContent {
            environment: "production",
            digest: "sha256:ab12",
            plan_markdown: "1 to update\n",
            policy_markdown: Some("- CHG003 price increase on an active plan\n"),
            affected_markdown: Some("  "),
            pipeline_url: Some("https://gitlab.example/p/-/pipelines/9"),
        };
        assert_eq!(
            render_plan_note(&content),
            "## skuctl plan: `production`\n\n1 to update\n\n### Change policy\n\n- CHG003 price increase on an active \
             plan\n\n---\nPlan digest `sha256:ab12` ([pipeline](https://gitlab.example/p/-/pipelines/9)). `skuctl \
             apply --require-approval` applies only a plan with this digest, after this merge request is merged and \
             approved by someone other than its author and the person applying.\n"
        );
    }

    #[test]
    fn long_plans_are_cut_under_the_limit() {
        let plan = "é".repeat(MAX_NOTE_CHARS + 10);
        let content = PlanNoteContent {
            environment: "production",
            digest: "d",
            plan_markdown: &plan,
            policy_markdown: None,
            affected_markdown: None,
            pipeline_url: None,
        };
        let note = render_plan_note(&content);
        assert!(note.chars().count() < MAX_NOTE_CHARS);
        assert!(note.contains("was cut here") && note.contains("Plan digest `d`"));
    }
}
