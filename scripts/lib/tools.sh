# Installs the external tools the test suite needs. Each `ensure_*` function is idempotent.
# Sourced by scripts/test. Add a tool here when a test starts needing it, never skip the test instead.

ensure_test_tools() {
  :
  ensure_gitops_tools
  ensure_policy_tools
  ensure_ruby
  ensure_typescript
}

# --- gitops (.gitlab-ci.yml checks) -------------------------------------------------------------------------
# check-jsonschema (PyPI) in a repo-local venv, gitlab-ci-local (npm) in the repo-local, git-ignored `.tools/`,
# and rsync (Debian; gitlab-ci-local needs it). Exports SKUCTL_CHECK_JSONSCHEMA and SKUCTL_GITLAB_CI_LOCAL for
# tests/cli/gitops_ci.rs. Under CI=true a tool that cannot be installed fails the run.
SKUCTL_CHECK_JSONSCHEMA_VERSION="0.39.0"
# 4.66+ needs Node 22 (Set.prototype.union); 4.65.1 is the newest declaring engines.node >=18.
SKUCTL_GITLAB_CI_LOCAL_VERSION="4.65.1"

_gitops_tool_failed() {
  echo "tools.sh: could not install $1" >&2
  if [ "${CI:-}" = "true" ]; then
    exit 1
  fi
}

ensure_gitops_tools() {
  local root
  root="$(pwd)"
  mkdir -p "$root/.tools"
  local cj="$root/.tools/venv/bin/check-jsonschema"
  if ! "$cj" --version 2>/dev/null | grep -q "$SKUCTL_CHECK_JSONSCHEMA_VERSION"; then
    { python3 -m venv "$root/.tools/venv" \
      && "$root/.tools/venv/bin/pip" install --quiet --disable-pip-version-check \
        "check-jsonschema==$SKUCTL_CHECK_JSONSCHEMA_VERSION"; } >&2 \
      || _gitops_tool_failed check-jsonschema
  fi
  local gcl="$root/.tools/node_modules/.bin/gitlab-ci-local"
  if ! "$gcl" --version 2>/dev/null | grep -q "$SKUCTL_GITLAB_CI_LOCAL_VERSION"; then
    npm install --silent --no-audit --no-fund --prefix "$root/.tools" \
      "gitlab-ci-local@$SKUCTL_GITLAB_CI_LOCAL_VERSION" >&2 \
      || _gitops_tool_failed gitlab-ci-local
  fi
  if ! command -v rsync >/dev/null 2>&1; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rsync; } >&2 \
      || _gitops_tool_failed rsync
  fi
  export SKUCTL_CHECK_JSONSCHEMA="$cj"
  export SKUCTL_GITLAB_CI_LOCAL="$gcl"
}

# --- policy (skuctl check / changelog build git histories in temp dirs) ------------------------------------
ensure_policy_tools() {
  if ! command -v git >/dev/null 2>&1; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git; } >&2 || {
      echo "tools.sh: could not install git (tests/cli/policy.rs needs it)" >&2
      if [ "${CI:-}" = "true" ]; then exit 1; fi
    }
  fi
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
