# Installs the external tools the test suite needs. Each `ensure_*` function is idempotent.
# Sourced by scripts/test. Add a tool here when a test starts needing it, never skip the test instead.

ensure_test_tools() {
  :
}
