//! Exactly one plan note per merge request.
//!
//! The note's first line is a hidden marker, `<!-- skuctl-plan v1 env=<env> digest=<digest> [commit=<sha>] -->`.
//! Our note is a non-system plain note whose first line is such a marker AND whose author is the token's user
//! (`GET /user`): a note by anyone else carrying the marker is never touched nor trusted. Upsert edits our oldest
//! note in place (deleting any later duplicates of ours), else creates one. The approval gate reads the plan digest
//! from the same note.

use super::{GitLabClient, GitLabError, Note, User};

/// The marker's opening, which identifies a skuctl plan note.
pub const MARKER_PREFIX: &str = "<!-- skuctl-plan v1 ";
const MARKER_SUFFIX: &str = " -->";

/// The hidden marker on a plan note's first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanNoteMarker {
    /// The environment planned against.
    pub environment: String,
    /// The plan's digest: what apply must match.
    pub digest: String,
    /// The commit the plan was made for, when known.
    pub commit: Option<String>,
}

impl PlanNoteMarker {
    /// A marker; fields may hold only letters, digits and `. _ : -` (no spaces, no `-->`).
    ///
    /// # Errors
    /// [`GitLabError::InvalidMarker`] for an empty field or a forbidden character.
    pub fn new(environment: &str, digest: &str, commit: Option<&str>) -> Result<Self, GitLabError> {
        check_field("env", environment)?;
        check_field("digest", digest)?;
        if let Some(commit) = commit {
            check_field("commit", commit)?;
        }
        Ok(Self {
            environment: environment.into(),
            digest: digest.into(),
            commit: commit.map(str::to_owned),
        })
    }

    /// The marker line (an HTML comment, invisible in the rendered note).
    #[must_use]
    pub fn render(&self) -> String {
        let commit = self.commit.as_ref().map(|c| format!(" commit={c}")).unwrap_or_default();
        format!(
            "{MARKER_PREFIX}env={} digest={}{commit}{MARKER_SUFFIX}",
            self.environment, self.digest
        )
    }

    /// Parses the marker from a note body's first line; `None` if the note is not a plan note.
    #[must_use]
    pub fn parse(body: &str) -> Option<Self> {
        let first = body.lines().next()?.trim_end();
        let fields = first.strip_prefix(MARKER_PREFIX)?.strip_suffix(MARKER_SUFFIX)?;
        let (mut environment, mut digest, mut commit) = (None, None, None);
        for field in fields.split_whitespace() {
            match field.split_once('=')? {
                ("env", v) => environment = Some(v),
                ("digest", v) => digest = Some(v),
                ("commit", v) => commit = Some(v),
                _ => {} // fields from a newer skuctl are ignored
            }
        }
        Self::new(environment?, digest?, commit).ok()
    }
}

fn check_field(field: &'static str, value: &str) -> Result<(), GitLabError> {
    let ok = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-'));
    if ok && !value.contains("--") {
        Ok(())
    } else {
        Err(GitLabError::InvalidMarker {
            field,
            value: value.into(),
        })
    }
}

/// The full note body: the marker line, then the Markdown.
#[must_use]
pub fn plan_note_body(marker: &PlanNoteMarker, markdown: &str) -> String {
    format!("{}\n{}", marker.render(), markdown.trim_end())
}

/// Our plan notes, oldest first: plain, non-system notes by `bot` whose first line is a plan marker.
#[must_use]
pub fn own_plan_notes<'a>(notes: &'a [Note], bot: &User) -> Vec<&'a Note> {
    let mut own: Vec<&Note> = notes
        .iter()
        .filter(|n| !n.system && n.note_type.is_none() && n.author.id == bot.id)
        .filter(|n| PlanNoteMarker::parse(&n.body).is_some())
        .collect();
    own.sort_by_key(|n| n.id);
    own
}

/// What [`upsert_plan_note`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteUpsert {
    /// No note of ours existed; this one was created.
    Created { note_id: u64 },
    /// Our note was edited in place; `removed_duplicates` later copies of ours were deleted.
    Updated { note_id: u64, removed_duplicates: usize },
}

impl NoteUpsert {
    /// The id of the plan note.
    #[must_use]
    pub fn note_id(&self) -> u64 {
        match self {
            Self::Created { note_id } | Self::Updated { note_id, .. } => *note_id,
        }
    }
}

/// Creates or edits in place the one plan note on merge request `iid`.
///
/// # Errors
/// Any API error (nothing is retried; a failed edit leaves the old note as it was).
pub async fn upsert_plan_note(
    client: &GitLabClient,
    iid: u64,
    marker: &PlanNoteMarker,
    markdown: &str,
) -> Result<NoteUpsert, GitLabError> {
    let body = plan_note_body(marker, markdown);
    let bot = client.current_user().await?;
    let notes = client.merge_request_notes(iid).await?;
    let own = own_plan_notes(&notes, &bot);
    let Some((first, rest)) = own.split_first() else {
        let note = client.create_merge_request_note(iid, &body).await?;
        return Ok(NoteUpsert::Created { note_id: note.id });
    };
    if first.body != body {
        client.edit_merge_request_note(iid, first.id, &body).await?;
    }
    for duplicate in rest {
        client.delete_merge_request_note(iid, duplicate.id).await?;
    }
    Ok(NoteUpsert::Updated {
        note_id: first.id,
        removed_duplicates: rest.len(),
    })
}

/// The marker of our plan note on merge request `iid` (the oldest of ours), if there is one.
///
/// # Errors
/// Any API error.
pub async fn find_plan_note_marker(client: &GitLabClient, iid: u64) -> Result<Option<PlanNoteMarker>, GitLabError> {
    let bot = client.current_user().await?;
    let notes = client.merge_request_notes(iid).await?;
    Ok(own_plan_notes(&notes, &bot)
        .first()
        .and_then(|n| PlanNoteMarker::parse(&n.body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(id: u64, author: u64, body: &str) -> Note {
        Note {
            id,
            body: body.into(),
            author: User {
                id: author,
                username: format!("u{author}"),
            },
            system: false,
            note_type: None,
        }
    }

    #[test]
    fn marker_round_trips() {
        let m = PlanNoteMarker::new("production", "sha256:abc", Some("deadbeef")).expect("marker");
        assert_eq!(
            m.render(),
            "<!-- skuctl-plan v1 env=production digest=sha256:abc commit=deadbeef -->"
        );
        assert_eq!(PlanNoteMarker::parse(&plan_note_body(&m, "# Plan\n")), Some(m));
        let m = PlanNoteMarker::new("prod", "d1", None).expect("marker");
        assert_eq!(PlanNoteMarker::parse(&m.render()), Some(m));
    }

    #[test]
    fn marker_fields_cannot_break_out_of_the_comment() {
        for bad in ["", "a b", "x-->", "a--b", "d\n"] {
            assert!(PlanNoteMarker::new("prod", bad, None).is_err(), "{bad:?}");
        }
        assert_eq!(PlanNoteMarker::parse("<!-- skuctl-plan v1 env=prod -->"), None);
        assert_eq!(
            PlanNoteMarker::parse("text\n<!-- skuctl-plan v1 env=prod digest=d -->"),
            None
        );
    }

    #[test]
    fn own_notes_need_the_marker_and_our_author() {
        let marker = "<!-- skuctl-plan v1 env=prod digest=d -->\nplan";
        let mut system = note(5, 1, marker);
        system.system = true;
        let mut diff = note(6, 1, marker);
        diff.note_type = Some("DiffNote".into());
        let notes = vec![
            note(9, 1, marker),
            note(2, 2, marker),
            note(3, 1, "hello"),
            system,
            diff,
            note(4, 1, marker),
        ];
        let ids: Vec<u64> = own_plan_notes(
            &notes,
            &User {
                id: 1,
                username: "bot".into(),
            },
        )
        .iter()
        .map(|n| n.id)
        .collect();
        assert_eq!(ids, [4, 9]);
    }
}
