//! `skuctl audit verify|show` through the real binary: any edited, reordered, removed or truncated record is
//! detected and named.

use std::path::Path;

use chrono::{TimeZone, Utc};
use skuctl::audit::{AuditEntry, AuditLog, AuditOperation, OperationResult, Outcome};

use crate::support::{scratch, skuctl};

const LOG: &str = "audit.jsonl";

fn entry(n: u32, outcome: Outcome) -> AuditEntry {
    AuditEntry {
        time: Utc.with_ymd_and_hms(2026, 4, n, 9, 30, 0).single().expect("time"),
        actor: format!("release-manager-{n}"),
        environment: "production".into(),
        merge_request: Some(u64::from(40 + n)),
        approvers: vec!["bob".into(), "rm-carol".into()],
        plan_digest: format!("sha256:{n:064x}"),
        operations: vec![AuditOperation {
            operation: format!("update zuora:ProductRatePlanCharge pro_monthly/base #{n}"),
            result: if outcome == Outcome::Applied {
                OperationResult::Ok
            } else {
                OperationResult::Skipped
            },
            detail: None,
        }],
        outcome,
        reason: (outcome == Outcome::Refused)
            .then(|| "refused: merge request !43 still needs 1 approval(s)".to_owned()),
        job_url: None,
    }
}

/// A log of four records (the third a refusal) in `dir`; returns its lines.
fn write_log(dir: &Path) -> Vec<String> {
    let log = AuditLog::new(dir.join(LOG));
    for n in 1..=4 {
        log.append(&entry(n, if n == 3 { Outcome::Refused } else { Outcome::Applied }))
            .expect("append");
    }
    log.read().expect("read").lines().map(str::to_owned).collect()
}

fn rewrite(dir: &Path, lines: &[String]) {
    std::fs::write(
        dir.join(LOG),
        lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .expect("write");
}

/// Runs `skuctl audit verify` in `dir`; returns (exit code, stdout).
fn verify(dir: &Path, extra: &[&str]) -> (i32, String) {
    let out = skuctl()
        .current_dir(dir)
        .args(["audit", "verify", "--log", LOG])
        .args(extra)
        .output()
        .expect("run");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("utf8"),
    )
}

/// Writes the four-record log, tampers with its lines, and returns `skuctl audit verify`'s stdout (asserting exit 1).
fn verify_tampered(tamper: impl FnOnce(&mut Vec<String>)) -> String {
    let dir = scratch();
    let mut lines = write_log(dir.path());
    tamper(&mut lines);
    rewrite(dir.path(), &lines);
    let (code, out) = verify(dir.path(), &[]);
    assert_eq!(code, 1, "{out}");
    out
}

#[test]
fn an_intact_log_verifies() {
    let dir = scratch();
    let lines = write_log(dir.path());
    let (code, out) = verify(dir.path(), &[]);
    assert_eq!(code, 0, "{out}");
    let head: serde_json::Value = serde_json::from_str(&lines[3]).expect("json");
    let head = head["hash"].as_str().expect("hash");
    assert_eq!(
        out,
        format!("audit log audit.jsonl: 4 record(s), hash chain intact; head {head}\n")
    );
    let (code, _) = verify(dir.path(), &["--expect-head", head]);
    assert_eq!(code, 0);
}

#[test]
fn an_edited_record_is_named() {
    let out = verify_tampered(|lines| {
        lines[1] = lines[1].replace("release-manager-2", "someone-else");
    });
    insta::assert_snapshot!("audit_edited", out);
}

#[test]
fn an_edit_with_a_recomputed_hash_is_caught_by_the_next_record() {
    let out = verify_tampered(|lines| {
        let mut record: skuctl::audit::AuditRecord = serde_json::from_str(&lines[1]).expect("parse");
        record.approvers = vec!["release-manager-2".into()];
        record.hash = record.compute_hash().expect("hash");
        lines[1] = record.to_line().expect("line");
    });
    insta::assert_snapshot!("audit_edited_rehashed", out);
}

#[test]
fn a_removed_record_is_named() {
    let out = verify_tampered(|lines| {
        lines.remove(1);
    });
    insta::assert_snapshot!("audit_removed", out);
}

#[test]
fn reordered_records_are_named() {
    let out = verify_tampered(|lines| {
        lines.swap(1, 2);
    });
    insta::assert_snapshot!("audit_reordered", out);
}

#[test]
fn a_truncated_tail_is_named() {
    let dir = scratch();
    write_log(dir.path());
    let path = dir.path().join(LOG);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, &text[..text.len() - 40]).expect("truncate");
    let (code, out) = verify(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "audit log audit.jsonl: TAMPERED: 1 problem(s)\n  line 4: incomplete last line (no newline): the log was \
         truncated or a write was interrupted\n"
    );
}

#[test]
fn removing_the_last_record_needs_the_expected_head() {
    let dir = scratch();
    let mut lines = write_log(dir.path());
    let head: serde_json::Value = serde_json::from_str(&lines[3]).expect("json");
    lines.pop();
    rewrite(dir.path(), &lines);
    assert_eq!(
        verify(dir.path(), &[]).0,
        0,
        "the chain alone cannot see a removed tail"
    );
    let head = head["hash"].as_str().expect("hash");
    let (code, out) = verify(dir.path(), &["--expect-head", head, "--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&out).expect("json output");
    assert_eq!(report["intact"], false);
    assert_eq!(report["records"], 3);
    assert_eq!(report["problems"][0]["kind"], "head-mismatch");
    assert!(
        report["problems"][0]["message"]
            .as_str()
            .expect("msg")
            .contains(&format!("expected {head}"))
    );
}

#[test]
fn show_lists_the_records_and_a_missing_log_is_an_error() {
    let dir = scratch();
    write_log(dir.path());
    let out = skuctl()
        .current_dir(dir.path())
        .args(["audit", "show", "--log", LOG])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("audit_show", String::from_utf8(out.stdout).expect("utf8"));

    let out = skuctl()
        .current_dir(dir.path())
        .args(["audit", "verify", "--log", "nope.jsonl"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).expect("utf8"),
        "error: the audit log nope.jsonl does not exist\n"
    );
}
