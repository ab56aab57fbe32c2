# Installs the external tools the test suite needs. Each `ensure_*` function is idempotent.
# Sourced by scripts/test. Add a tool here when a test starts needing it, never skip the test instead.

ensure_test_tools() {
  ensure_ruby
  ensure_typescript
}

# Ruby, for the generated-Ruby tests (`ruby -wc`, loading the module).
ensure_ruby() {
  if command -v ruby >/dev/null 2>&1; then
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
  if command -v apt-get >/dev/null 2>&1; then
    echo "installing ruby (apt-get)..." >&2
    $sudo apt-get install -y ruby >/dev/null 2>&1 \
      || { $sudo apt-get update >/dev/null 2>&1 && $sudo apt-get install -y ruby >/dev/null 2>&1; } \
      || true
  fi
  if ! command -v ruby >/dev/null 2>&1; then
    echo "warning: ruby is not installed and could not be installed; generated-Ruby tests need it" >&2
    if [ "${CI:-}" = "true" ]; then return 1; fi
  fi
}

# TypeScript (pinned), installed into the git-ignored .tools/ directory; tests find it through SKUCTL_TSC.
SKUCTL_TYPESCRIPT_VERSION="5.9.3"
ensure_typescript() {
  local dir=".tools/typescript-${SKUCTL_TYPESCRIPT_VERSION}"
  local tsc="$PWD/$dir/node_modules/.bin/tsc"
  if [ ! -x "$tsc" ] && command -v npm >/dev/null 2>&1; then
    echo "installing typescript ${SKUCTL_TYPESCRIPT_VERSION} into $dir..." >&2
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --silent "typescript@${SKUCTL_TYPESCRIPT_VERSION}" >/dev/null 2>&1 || true
  fi
  if [ -x "$tsc" ]; then
    export SKUCTL_TSC="$tsc"
  else
    echo "warning: TypeScript could not be installed (needs node and npm); generated-TypeScript tests need it" >&2
    if [ "${CI:-}" = "true" ]; then return 1; fi
  fi
}
