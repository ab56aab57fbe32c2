//! Verifies an audit log's text: every line a canonical record, every hash right, `seq` counting up from 1 and
//! every `prev` equal to the previous record's `hash`. Pure; reports every problem with its line and record.

use serde::Serialize;

use super::{AuditRecord, GENESIS_HASH};

/// What is wrong at one place in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// The last line has no newline: the log was truncated or a write was interrupted.
    TruncatedTail,
    /// A line is not an audit record at all.
    Unparseable,
    /// The line is a record but not in canonical form (reformatted, extra fields, ...).
    NotCanonical,
    /// The stored hash does not match the content: the record was edited.
    HashMismatch,
    /// `seq` jumps forward: records were removed before this one.
    Missing,
    /// `seq` goes backwards or repeats: records were reordered, duplicated or inserted.
    OutOfOrder,
    /// `prev` does not match the previous record's hash: the chain is broken here.
    ChainBroken,
    /// The last record's hash is not the head expected by the caller: records were removed from the end.
    HeadMismatch,
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// 1-based line number in the file.
    pub line: usize,
    /// The record's `seq` as written, when the line parsed.
    pub record: Option<u64>,
    pub kind: ProblemKind,
    pub message: String,
}

/// The verification result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Complete lines holding a parseable record.
    pub records: usize,
    /// The last record's hash (the head to compare with a copy kept elsewhere), when there is one.
    pub head: Option<String>,
    pub problems: Vec<Problem>,
}

impl Verification {
    /// Whether the log is intact.
    #[must_use]
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Verifies the whole text of a log.
#[must_use]
pub fn verify(text: &str) -> Verification {
    let mut problems = Vec::new();
    let mut records = 0;
    let mut head = None;
    let (complete, tail) = match text.rfind('\n') {
        Some(end) => (&text[..end], &text[end + 1..]),
        None => ("", text),
    };
    let mut expected_seq = 1_u64;
    // The previous record's stored hash; `None` after an unparseable line (the chain is unknown there).
    let mut prev: Option<String> = Some(GENESIS_HASH.to_owned());
    let lines = if complete.is_empty() && !text.starts_with('\n') {
        Vec::new()
    } else {
        complete.split('\n').collect()
    };
    let line_count = lines.len();
    let seqs_present: std::collections::BTreeSet<u64> = lines
        .iter()
        .filter_map(|l| serde_json::from_str::<AuditRecord>(l).ok())
        .map(|r| r.seq)
        .collect();
    for (index, line) in lines.into_iter().enumerate() {
        let line_no = index + 1;
        let mut problem = |record: Option<u64>, kind: ProblemKind, message: String| {
            problems.push(Problem {
                line: line_no,
                record,
                kind,
                message,
            });
        };
        let record: AuditRecord = match serde_json::from_str(line) {
            Ok(record) => record,
            Err(e) => {
                let what = if line.trim().is_empty() {
                    "an empty line".to_owned()
                } else {
                    format!("not an audit record ({e})")
                };
                problem(
                    None,
                    ProblemKind::Unparseable,
                    format!("line {line_no}: {what}: a record was edited or a foreign line inserted"),
                );
                prev = None;
                continue;
            }
        };
        records += 1;
        let seq = record.seq;
        let at = format!("line {line_no} (record {seq})");
        match record.compute_hash() {
            Ok(hash) if hash == record.hash => {}
            _ => problem(
                Some(seq),
                ProblemKind::HashMismatch,
                format!("{at}: the content does not match its hash: this record was edited"),
            ),
        }
        if record.to_line().ok().as_deref() != Some(line) {
            problem(
                Some(seq),
                ProblemKind::NotCanonical,
                format!("{at}: not in canonical form: this line was rewritten"),
            );
        }
        let sequence_ok = seq == expected_seq;
        if seq > expected_seq && (expected_seq..seq).all(|s| seqs_present.contains(&s)) {
            problem(
                Some(seq),
                ProblemKind::OutOfOrder,
                format!("{at}: expected record {expected_seq} here, but it comes later: records were reordered"),
            );
        } else if seq > expected_seq {
            let missing = if seq - expected_seq == 1 {
                format!("record {expected_seq} is")
            } else {
                format!("records {expected_seq} to {} are", seq - 1)
            };
            problem(
                Some(seq),
                ProblemKind::Missing,
                format!("{at}: {missing} missing before this line: removed from the log"),
            );
        } else if seq < expected_seq {
            problem(
                Some(seq),
                ProblemKind::OutOfOrder,
                format!("{at}: expected record {expected_seq} here: records were reordered, duplicated or inserted"),
            );
        }
        // A sequence problem on this line already explains a broken chain here.
        if let Some(prev_hash) = &prev
            && sequence_ok
            && *prev_hash != record.prev
        {
            let before = if line_no == 1 {
                "the start of the log (a first record was removed?)".to_owned()
            } else {
                format!("the record on line {}", line_no - 1)
            };
            problem(
                Some(seq),
                ProblemKind::ChainBroken,
                format!("{at}: its prev hash does not match {before}: the chain is broken here"),
            );
        }
        expected_seq = seq.max(expected_seq - 1) + 1;
        prev = Some(record.hash.clone());
        head = Some(record.hash);
    }
    if !tail.is_empty() {
        let line_no = line_count + 1;
        problems.push(Problem {
            line: line_no,
            record: None,
            kind: ProblemKind::TruncatedTail,
            message: format!(
                "line {line_no}: incomplete last line (no newline): the log was truncated or a write was interrupted"
            ),
        });
    }
    Verification {
        records,
        head,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::super::{AuditEntry, Outcome};
    use super::*;

    fn log(n: u64) -> Vec<String> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let entry = AuditEntry {
                    time: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("time"),
                    actor: format!("user{seq}"),
                    environment: "production".into(),
                    merge_request: Some(seq),
                    approvers: vec!["bob".into()],
                    plan_digest: format!("d{seq}"),
                    operations: vec![],
                    outcome: Outcome::Applied,
                    reason: None,
                    job_url: None,
                };
                let record = AuditRecord::new(seq, &prev, &entry).expect("record");
                prev = record.hash.clone();
                record.to_line().expect("line")
            })
            .collect()
    }

    fn text(lines: &[String]) -> String {
        lines.iter().map(|l| format!("{l}\n")).collect()
    }

    fn kinds(v: &Verification) -> Vec<(usize, ProblemKind)> {
        v.problems.iter().map(|p| (p.line, p.kind)).collect()
    }

    #[test]
    fn intact_logs_verify() {
        assert!(verify("").is_intact());
        let v = verify(&text(&log(3)));
        assert!(v.is_intact(), "{v:?}");
        assert_eq!(v.records, 3);
    }

    #[test]
    fn an_edit_is_named() {
        let mut lines = log(3);
        lines[1] = lines[1].replace("user2", "mallory");
        assert_eq!(kinds(&verify(&text(&lines))), [(2, ProblemKind::HashMismatch)]);
    }

    #[test]
    fn an_edit_with_a_recomputed_hash_breaks_the_chain_at_the_next_record() {
        let mut lines = log(3);
        let mut r: AuditRecord = serde_json::from_str(&lines[1]).expect("parse");
        r.actor = "mallory".into();
        r.hash = r.compute_hash().expect("hash");
        lines[1] = r.to_line().expect("line");
        assert_eq!(kinds(&verify(&text(&lines))), [(3, ProblemKind::ChainBroken)]);
    }

    #[test]
    fn removal_reorder_and_truncation_are_named() {
        let lines = log(4);
        let removed = [lines[0].clone(), lines[2].clone(), lines[3].clone()];
        assert_eq!(kinds(&verify(&text(&removed))), [(2, ProblemKind::Missing)]);
        let first_removed = [lines[1].clone()];
        assert_eq!(kinds(&verify(&text(&first_removed))), [(1, ProblemKind::Missing)]);
        let swapped = [lines[0].clone(), lines[2].clone(), lines[1].clone(), lines[3].clone()];
        let found = kinds(&verify(&text(&swapped)));
        assert_eq!(
            found,
            [
                (2, ProblemKind::OutOfOrder),
                (3, ProblemKind::OutOfOrder),
                (4, ProblemKind::ChainBroken)
            ]
        );
        let mut cut = text(&lines);
        cut.truncate(cut.len() - 20);
        assert_eq!(kinds(&verify(&cut)), [(4, ProblemKind::TruncatedTail)]);
    }

    #[test]
    fn reformatting_or_a_blank_line_is_named() {
        let lines = log(2);
        let pretty =
            serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&lines[0]).expect("v")).expect("p");
        let v = verify(&format!("{}\n{}\n", pretty.replace('\n', ""), lines[1]));
        assert_eq!(kinds(&v), [(1, ProblemKind::NotCanonical)]);
        let v = verify(&format!("{}\n\n{}\n", lines[0], lines[1]));
        assert_eq!(kinds(&v), [(2, ProblemKind::Unparseable)]);
    }
}
