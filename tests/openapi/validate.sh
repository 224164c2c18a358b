#!/usr/bin/env bash
# Validates and lints every OpenAPI document under generated/openapi/.
#
# 1. Installs openapi-spec-validator (requirements.txt, from PyPI) into a venv under the
#    cargo target directory; without the venv module, into a --target directory on
#    PYTHONPATH instead. Installs @redocly/cli (the version below, from npm) with
#    `npm install --prefix` under the target directory. Installs that are already there
#    are reused.
# 2. Runs `openapi-spec-validator` on each document (OpenAPI 3.1 schema and semantics).
# 3. Runs `redocly lint` on each, with the committed redocly.yaml (the recommended rules,
#    and the few that cannot apply to RPC APIs turned off, each with its reason).
#
# Needs: python3 with pip, node and npm (installed from Debian's packages when missing). Environment: PYTHON (default python3),
# CARGO_TARGET_DIR (default <workspace>/target).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${PYTHON:-python3}"
redocly_version="2.77.0"
state="${CARGO_TARGET_DIR:-$root/target}/openapi-validate"
stamp_want="$( (cat "$here/requirements.txt"; echo "$redocly_version") | sha256sum | cut -d' ' -f1)"
export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false REDOCLY_TELEMETRY=off \
  REDOCLY_SUPPRESS_UPDATE_NOTICE=true

script="openapi/validate.sh"
# shellcheck source=../ci-lib.sh
. "$here/../ci-lib.sh"

# Installs both tools unless the stamp says they are there; sets $py and PYTHONPATH.
install() {
  local stamp="$state/installed.sha256"
  if python_reuse "$state" && [ -x "$state/npm/node_modules/.bin/redocly" ] \
    && [ "$(cat "$stamp" 2>/dev/null)" = "$stamp_want" ]; then
    say "validator and linter already installed in $state"
    return
  fi
  rm -rf "$state/npm" "$stamp"
  python_install "$state" "$here/requirements.txt"
  say "installing @redocly/cli@$redocly_version into $state/npm"
  mkdir -p "$state/npm"
  retry npm install --silent --no-save --prefix "$state/npm" "@redocly/cli@$redocly_version"
  echo "$stamp_want" > "$stamp"
}

# A machine without Node.js gets Debian's (npm comes with it): root here and in CI.
if ! command -v npm >/dev/null 2>&1; then
  say "npm not found; installing Debian's nodejs and npm"
  export DEBIAN_FRONTEND=noninteractive
  sudo_=""
  [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  retry $sudo_ apt-get update -qq
  retry $sudo_ apt-get install -y -qq nodejs npm >/dev/null
fi

install
redocly="$state/npm/node_modules/.bin/redocly"
"$py" -c 'from importlib.metadata import version; print("openapi/validate.sh: openapi-spec-validator " + version("openapi-spec-validator"), flush=True)'
say "@redocly/cli $("$redocly" --version)"

shopt -s nullglob
docs=("$root"/generated/openapi/*.json)
if [ "${#docs[@]}" -eq 0 ]; then
  say "no documents under generated/openapi/; run \`cargo xtask openapi\`"
  exit 1
fi
for doc in "${docs[@]}"; do
  rel="${doc#"$root"/}"
  say "validating $rel"
  "$py" -m openapi_spec_validator --schema 3.1.0 "$doc"
  say "linting $rel"
  "$redocly" lint --config "$here/redocly.yaml" --format stylish "$doc"
done
say "${#docs[@]} documents valid and lint-clean"
