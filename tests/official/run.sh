#!/usr/bin/env bash
# Checks the generated clients' signatures against the vendors' official Python SDKs.
#
# 1. Installs the pinned official packages (requirements.txt) into a venv under the cargo
#    target directory, and jdcloud-sdk 1.6.94 (requirements-jdcloud2.txt, for JDCLOUD2)
#    beside it; without the venv module, into a --target directory on PYTHONPATH instead.
#    An install whose requirements have not changed is reused.
# 2. Checks that the committed wire fixtures (tests/fixtures/official-wire/) are still what the
#    pinned SDKs send (wire_vectors.py --check), and runs verify_selftest.py: requests with
#    bodies signed by the official SDKs must be accepted, tampered ones rejected.
#    Compares every operation of specs/ with the official SDKs' models (coverage.py, after its
#    self-test coverage_selftest.py): a name, type, location or nesting they do not share fails
#    unless an x-note explains it, and generated/official-coverage.md must be what it writes.
#    A failure here is reported at the end; the signature test still runs.
# 3. Starts verify_server.py on a free loopback port and waits for its `PORT <n>` line.
# 4. Runs `cargo test -p cloudsdk-tests --test official_signatures -- --ignored` against it
#    (the test is ignored in plain `cargo test`, which has no verifier).
# 5. Stops the server and exits with the test's status (non-zero also when step 2's
#    coverage check failed).
#
# Needs: the Rust toolchain, python3 (3.11) with pip. Environment: PYTHON (default
# python3), CARGO_TARGET_DIR (default <workspace>/target).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${PYTHON:-python3}"
state="${CARGO_TARGET_DIR:-$root/target}/official-verifier"
stamp_want="$(cat "$here/requirements.txt" "$here/requirements-jdcloud2.txt" | sha256sum | cut -d' ' -f1)"
script="official/run.sh"
# shellcheck source=../ci-lib.sh
. "$here/../ci-lib.sh"

# Installs the requirements unless the stamp says they are there; sets $py and PYTHONPATH.
install() {
  local stamp="$state/installed.sha256" jd2="$state/jdcloud2"
  if python_reuse "$state" && [ "$(cat "$stamp" 2>/dev/null)" = "$stamp_want" ]; then
    say "official SDKs already installed in $state"
    return
  fi
  rm -rf "$jd2" "$stamp"
  python_install "$state" "$here/requirements.txt"
  # Not importable as jdcloud_sdk (1.6.354 is): the verifier loads it by directory.
  PIP_BREAK_SYSTEM_PACKAGES=1 retry "$py" -m pip install --quiet --no-deps --target "$jd2" -r "$here/requirements-jdcloud2.txt"
  echo "$stamp_want" > "$stamp"
}

install
"$py" - <<'EOF'
from importlib.metadata import version
names = ["aliyun-python-sdk-core", "alibabacloud-tea-openapi", "alibabacloud-openapi-util", "darabonba-core", "alibabacloud-ecs20140526", "jdcloud-sdk", "PyYAML"]
print("official/run.sh: " + ", ".join(f"{n} {version(n)}" for n in names), flush=True)
EOF

"$py" "$here/wire_vectors.py" --check "$root/tests/fixtures/official-wire"
"$py" "$here/verify_selftest.py" --specs "$root/specs" --jdcloud2-sdk "$state/jdcloud2"
"$py" "$here/coverage_selftest.py" --official
coverage_status=0
"$py" "$here/coverage.py" --specs "$root/specs" --check "$root/generated/official-coverage.md" || coverage_status=$?

# Build first, so that the server does not wait through a compile.
cargo test -p cloudsdk-tests --test official_signatures --no-run

out="$(mktemp)"
err="$(mktemp)"
"$py" "$here/verify_server.py" 0 --specs "$root/specs" --jdcloud2-sdk "$state/jdcloud2" >"$out" 2>"$err" &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -f "$out" "$err"
}
trap cleanup EXIT

port=""
for _ in $(seq 1 300); do
  port="$(sed -n 's/^PORT \([0-9][0-9]*\)$/\1/p' "$out" | head -n 1)"
  [ -n "$port" ] && break
  if ! kill -0 "$server" 2>/dev/null; then
    say "the verifier exited before it listened:"
    cat "$err" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$port" ]; then
  say "the verifier printed no PORT line within 30 s:"
  cat "$err" >&2
  exit 1
fi
say "verifier listening on 127.0.0.1:$port"

status=0
CLOUDSDK_OFFICIAL_VERIFIER="http://127.0.0.1:$port" \
  cargo test -p cloudsdk-tests --test official_signatures -- --ignored --nocapture || status=$?
if [ "$status" -ne 0 ]; then
  say "the test failed; the verifier's log (stderr):"
  cat "$err" >&2
fi
if [ "$coverage_status" -ne 0 ]; then
  say "the specs do not match the official SDKs' models (coverage.py, above)"
  say "after a spec change: $py tests/official/coverage.py --write generated/official-coverage.md"
  [ "$status" -ne 0 ] || status="$coverage_status"
fi
exit "$status"
