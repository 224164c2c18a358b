#!/usr/bin/env bash
# Proves the diff's verdicts with cargo-semver-checks, on the fixture pairs of
# generator/tests/diff_fixtures/<kind>/{before,after}/.
#
# For each pair: generates the cloudsdk crate from each tree (a scratch copy of generated/
# whose services are the fixture's), builds its rustdoc JSON, and runs cargo-semver-checks
# on before/after. Our verdict comes from `cargo xtask diff --base-dir before --head-dir
# after --fail-on-breaking`. Every pair we call breaking it must call breaking, and every
# pair we call compatible it must pass, unless the pair has a `semver-checks.txt` whose
# first line is `expect: pass` or `expect: fail` and whose other lines say why the two
# disagree.
#
# cargo-semver-checks (the version below) is installed with `cargo install --locked` into
# the target directory once and reused. Environment: CARGO_TARGET_DIR (default
# <workspace>/target).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
version="0.51.0"
state="$target/semver-checks"
bin="$state/bin/cargo-semver-checks"
fixtures="$root/generator/tests/diff_fixtures"

script="semver/run.sh"
# shellcheck source=../ci-lib.sh
. "$here/../ci-lib.sh"

if ! [ -x "$bin" ] || [ "$("$bin" semver-checks --version 2>/dev/null)" != "cargo-semver-checks $version" ]; then
  say "installing cargo-semver-checks $version into $state (once; several minutes)"
  CARGO_TARGET_DIR="$state/build" retry cargo install --quiet --locked --root "$state" --version "$version" cargo-semver-checks
fi
say "$("$bin" semver-checks --version)"

# Our verdicts, and the crate generation, come from the workspace's xtask.
cargo build --quiet -p xtask
xtask="$target/debug/xtask"

# One scratch workspace, reused for every tree, so that the dependencies build once.
scratch="$state/scratch"
rm -rf "$scratch"
mkdir -p "$scratch/generated"
cp "$root/Cargo.lock" "$scratch/"
cat > "$scratch/Cargo.toml" <<'TOML'
[workspace]
resolver = "2"
members = ["generated"]

[workspace.package]
edition = "2021"
rust-version = "1.85"
license = "Apache-2.0"
publish = false
TOML
json_dir="$state/rustdoc"
rm -rf "$json_dir"
mkdir -p "$json_dir"

# rustdoc JSON of the crate generated from the spec tree $1, written to $2.
rustdoc_json() {
  local specs="$1" out="$2"
  rm -rf "$scratch/specs" "$scratch/generated/src"
  cp -r "$specs" "$scratch/specs"
  cp -r "$root/generated/src" "$scratch/generated/src"
  rm -rf "$scratch/generated/src/services"
  mkdir -p "$scratch/generated/src/services"
  # The fixture services' features, on by default (as `cargo xtask check` requires).
  local features
  features="$(cd "$specs" && grep -h '"feature"' */*/service.yaml | sed 's/.*: *"\([^"]*\)".*/\1/' | sort -u)"
  {
    sed -n '1,/^\[features\]/p' "$root/generated/Cargo.toml"
    printf 'default = [%s]\n' "$(printf '"%s",' $features | sed 's/,$//')"
    for f in $features; do printf '%s = []\n' "$f"; done
    # [dependencies] only: dev-dependencies and benches do not exist in the scratch copy.
    awk '/^\[/ { keep = ($0 == "[dependencies]") } keep' "$root/generated/Cargo.toml"
  } > "$scratch/generated/Cargo.toml"
  "$xtask" codegen --root "$scratch" >/dev/null
  (cd "$scratch" && CARGO_TARGET_DIR="$state/target" RUSTC_BOOTSTRAP=1 RUSTDOCFLAGS="-Z unstable-options --output-format json --cap-lints allow" \
    cargo doc --quiet --offline --no-deps -p cloudsdk --lib 2>"$state/rustdoc.log") || {
    cat "$state/rustdoc.log" >&2
    return 1
  }
  cp "$state/target/doc/cloudsdk.json" "$out"
}

agree=0
by_design=0
wrong=()
for dir in "$fixtures"/*/; do
  rule="$(basename "$dir")"
  [ -d "$dir/before" ] || continue
  ours=compatible
  "$xtask" diff --base-dir "$dir/before" --head-dir "$dir/after" --fail-on-breaking >/dev/null 2>&1 || ours=breaking
  before_json="$json_dir/$(cd "$dir/before" && find . -type f | sort | xargs cat | sha256sum | cut -c1-16).json"
  [ -f "$before_json" ] || rustdoc_json "$dir/before" "$before_json"
  rustdoc_json "$dir/after" "$json_dir/$rule.after.json"
  theirs=compatible
  if ! "$bin" semver-checks --baseline-rustdoc "$before_json" --current-rustdoc "$json_dir/$rule.after.json" \
    --release-type minor >"$state/$rule.log" 2>&1; then
    # A failed check must be a semver verdict, not the tool failing.
    if ! grep -q "semver requires new major version" "$state/$rule.log"; then
      cat "$state/$rule.log" >&2
      say "$rule: cargo-semver-checks failed without a verdict"
      exit 1
    fi
    theirs=breaking
  fi
  want="$ours"
  note="$dir/semver-checks.txt"
  if [ -f "$note" ]; then
    case "$(head -n1 "$note")" in
      "expect: pass") want=compatible ;;
      "expect: fail") want=breaking ;;
      *) say "$note: the first line must be 'expect: pass' or 'expect: fail'"; exit 1 ;;
    esac
  fi
  if [ "$theirs" != "$want" ]; then
    wrong+=("$rule: we say $ours, cargo-semver-checks says $theirs (see $state/$rule.log)")
  elif [ "$theirs" = "$ours" ]; then
    agree=$((agree + 1))
    say "$rule: $ours — cargo-semver-checks agrees"
  else
    by_design=$((by_design + 1))
    say "$rule: we say $ours, cargo-semver-checks $theirs, by design: $(tail -n +2 "$note" | tr '\n' ' ')"
  fi
done
say "$agree pairs agree, $by_design disagree by design (each fixture says why)"
if [ "${#wrong[@]}" -gt 0 ]; then
  printf 'semver/run.sh: verdict not proven: %s\n' "${wrong[@]}" >&2
  exit 1
fi
