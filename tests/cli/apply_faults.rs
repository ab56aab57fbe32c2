//! The fault matrix: apply against a sandbox that throttles (429 storms), fails (5xx) and drops connections, and
//! an apply process killed with SIGKILL at many points and run again. Afterwards the remote state equals the
//! catalog (a fresh plan finds nothing) and no object exists twice (checked through the sandbox's APIs).

use std::time::Duration;

use super::support_apply::{Workspace, fixture};

/// Remote objects of `apply/new_addon` applied to an empty tenant: Zuora products, rate plans, charges;
/// Salesforce Product2 records and standard price entries.
const ADDON_COUNTS: (usize, usize, usize, usize, usize) = (3, 4, 4, 4, 8);

/// Applies `apply/new_addon` to an empty sandbox started with `flags`; returns the injected fault counts.
fn converges_under(flags: &[&str]) -> serde_json::Value {
    let ws = Workspace::new(flags);
    ws.use_catalog(&fixture("apply/new_addon"));
    let r = ws.converge("addon");
    assert_eq!(r["success"], true, "{r}");
    // Four calls: Product, then rate plans, then charges; Product2 with its price entries in one Composite call
    // (sent with Product). Faults change how often calls are sent, not the plan of them.
    assert_eq!(r["schedule"], serde_json::json!({"planned_calls": 4, "rounds": 3}), "{r}");
    assert_eq!(ws.plan_exit(), 0, "remote state equals the catalog");
    assert_eq!(ws.counts(), ADDON_COUNTS);
    ws.assert_no_duplicates();
    ws.stats()["faults"].clone()
}

fn injected(faults: &serde_json::Value) -> u64 {
    faults.as_object().map_or(0, |m| m.values().filter_map(serde_json::Value::as_u64).sum())
}

#[test]
fn a_429_storm_is_waited_out() {
    // Zuora answers 429 with `Retry-After: 1` (the sandbox's minimum), Salesforce 403 REQUEST_LIMIT_EXCEEDED.
    let faults = converges_under(&["--rate-429", "0.3", "--retry-after", "1", "--fault-seed", "7"]);
    assert!(faults["429"].as_u64().unwrap_or(0) >= 5, "{faults}");
}

#[test]
fn server_errors_are_retried() {
    let faults = converges_under(&["--rate-5xx", "0.2", "--fault-seed", "11"]);
    assert!(injected(&faults) >= 3, "{faults}");
}

#[test]
fn dropped_connections_create_nothing_twice() {
    let faults = converges_under(&["--rate-drop", "0.2", "--fault-seed", "3"]);
    assert!(injected(&faults) >= 3, "{faults}");
}

#[test]
fn all_faults_at_once() {
    let faults =
        converges_under(&["--rate-429", "0.1", "--rate-5xx", "0.1", "--rate-drop", "0.1", "--retry-after", "1", "--fault-seed", "5"]);
    assert!(injected(&faults) >= 3, "{faults}");
}

#[test]
fn one_write_slot_and_small_calls_under_faults_converge() {
    // With one slot and two objects a call, most calls are ready while another is in flight, so the scheduler
    // builds their batches ahead and sends them later; dropped and failed calls are looked up and sent again.
    let ws = Workspace::new(&["--rate-5xx", "0.15", "--rate-drop", "0.15", "--fault-seed", "13"]);
    let config = std::fs::read_to_string(&ws.config).expect("config");
    let one_slot = config.replacen(
        "      client_secret_env: SKUCTL_TEST_ZUORA_SECRET\n",
        "      client_secret_env: SKUCTL_TEST_ZUORA_SECRET\n      write_concurrency: 1\n",
        1,
    );
    assert_ne!(one_slot, config, "the Zuora section of the test config changed shape");
    std::fs::write(&ws.config, one_slot).expect("write config");
    ws.use_catalog(&fixture("apply/new_addon"));
    let plan = ws.plan("addon");
    let o = ws.apply(&plan, &["--batch-size", "2"]);
    assert!(o.status.success(), "apply failed:\n{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(r["success"], true, "{r}");
    // One slot: one call a round. 23 objects, two a call: 2 + 2 + 2 + 2 + 4 calls.
    assert_eq!(r["schedule"], serde_json::json!({"planned_calls": 12, "rounds": 12}), "{r}");
    assert_eq!(ws.plan_exit(), 0, "remote state equals the catalog");
    assert_eq!(ws.counts(), ADDON_COUNTS);
    ws.assert_no_duplicates();
    assert!(injected(&ws.stats()["faults"]) >= 3, "faults were injected");
}

/// Operations the journal shows with an intent but no outcome (what a resumed run must look up first).
fn pending_in(journal: &str) -> usize {
    let mut pending = std::collections::BTreeSet::new();
    for line in journal.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        match v["record"].as_str() {
            Some("intent") => pending.extend(v["ops"].as_array().into_iter().flatten().filter_map(serde_json::Value::as_u64)),
            Some("done" | "failed") => {
                pending.remove(&v["op"].as_u64().unwrap_or(0));
            }
            _ => {}
        }
    }
    pending.len()
}

#[test]
fn an_apply_killed_at_many_points_and_run_again_finishes_and_creates_nothing_twice() {
    // Every request takes 60 ms, so the kills below land before, during and between the write calls.
    let ws = Workspace::new(&["--latency-ms", "60"]);
    ws.use_catalog(&fixture("apply/new_addon"));
    let plan = ws.plan("addon");
    let journal_path = ws.path("addon.json.journal");
    let (mut killed, mut left_pending) = (0, 0);
    // Kill ever later (SIGKILL), until a run finishes on its own: the kills sweep the whole apply.
    for attempt in 0..40u64 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_skuctl"))
            .current_dir(ws.dir.path())
            .arg("apply")
            .arg(&plan)
            .args(["--yes", "--format", "json"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn apply");
        std::thread::sleep(Duration::from_millis(60 + 45 * attempt));
        if child.try_wait().expect("try_wait").is_some() {
            break;
        }
        child.kill().expect("SIGKILL"); // std's kill is SIGKILL on Unix
        let _ = child.wait();
        killed += 1;
        if pending_in(&std::fs::read_to_string(&journal_path).unwrap_or_default()) > 0 {
            left_pending += 1;
        }
    }
    assert!(killed >= 3, "the apply was killed mid-way only {killed} times; the test is not exercising resume");
    eprintln!("killed {killed} times, {left_pending} of them with calls in flight");
    let r = ws.apply_ok(&plan);
    assert_eq!(r["success"], true, "{r}");
    assert_eq!(ws.plan_exit(), 0, "remote state equals the catalog");
    assert_eq!(ws.counts(), ADDON_COUNTS, "no object was created twice");
    ws.assert_no_duplicates();
    // The journal shows every operation done exactly once.
    let journal = std::fs::read_to_string(&journal_path).expect("journal");
    let mut ops: Vec<u64> = journal
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["record"] == "done")
        .filter_map(|v| v["op"].as_u64())
        .collect();
    ops.sort_unstable();
    let n = ops.len();
    ops.dedup();
    assert_eq!(ops.len(), n, "an operation was recorded done twice");
    assert_eq!(n, r["operations"].as_u64().unwrap_or(0) as usize);
}
