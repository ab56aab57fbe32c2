//! Secrets canary: plant a recognisable client secret in the environment, run refresh and import (succeeding and
//! failing), and grep every output and every written file for it.

use std::path::Path;

use super::support::{scratch, skuctl};
use super::support_live::{EnvOpts, tenant_fixture, write_config};
use super::support_sandbox::{CLIENT_ID, Sandbox};

const CANARY: &str = "CANARY-7f3e9a-secret-must-never-leak";

fn assert_clean(what: &str, output: &std::process::Output) {
    for (name, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(CANARY), "{what}: the canary leaked into {name}: {text}");
    }
}

fn assert_files_clean(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).expect("read");
            assert!(
                !String::from_utf8_lossy(&bytes).contains(CANARY),
                "the canary leaked into {}",
                entry.path().display()
            );
        }
    }
}

fn run(config: &Path, args: &[&str], id: &str) -> std::process::Output {
    skuctl()
        .args(args)
        .arg("--config")
        .arg(config)
        .args(["--env", "test"])
        .env("SKUCTL_TEST_ZUORA_ID", id)
        .env("SKUCTL_TEST_ZUORA_SECRET", CANARY)
        .env("SKUCTL_TEST_SF_ID", id)
        .env("SKUCTL_TEST_SF_SECRET", CANARY)
        .env("RUST_LOG", "trace")
        .output()
        .expect("run skuctl")
}

#[test]
fn the_client_secret_never_appears_in_output_or_files() {
    let dir = scratch();
    let seed = tenant_fixture("realistic");
    // A sandbox that accepts the canary as its secret: refresh and import succeed with it.
    let sb = Sandbox::start(&["--seed", seed.to_str().expect("path"), "--client-secret", CANARY]);
    let config = write_config(dir.path(), &EnvOpts { base_url: &sb.base, salesforce: false, ..EnvOpts::default() });
    let snap = dir.path().join("snap.json");
    let out = run(&config, &["refresh", "--out", snap.to_str().expect("path")], CLIENT_ID);
    assert!(out.status.success(), "refresh works with the canary secret: {}", String::from_utf8_lossy(&out.stderr));
    assert_clean("refresh", &out);
    let out = run(&config, &["import", "--allow-lossy", "--out", dir.path().join("cat").to_str().expect("path")], CLIENT_ID);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_clean("import", &out);

    // Wrong client id: authentication fails; the error says so without echoing anything secret.
    let out = run(&config, &["refresh", "--out", dir.path().join("no.json").to_str().expect("path")], "00000000-0000-4000-8000-000000000000");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("authentication failed"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_clean("refresh with bad credentials", &out);

    // Nothing listening: a network error, still clean.
    std::fs::create_dir_all(dir.path().join("closed")).expect("mkdir");
    let closed = write_config(&dir.path().join("closed"), &EnvOpts { base_url: "http://127.0.0.1:9", ..EnvOpts::default() });
    let out = run(&closed, &["refresh", "--out", dir.path().join("no2.json").to_str().expect("path")], CLIENT_ID);
    assert_eq!(out.status.code(), Some(1));
    assert_clean("refresh with nothing listening", &out);

    assert_files_clean(dir.path());
}
