#!/usr/bin/env bash
# Generates the reference crate of BENCHMARKS.md: the synthetic shape at N operations
# (default 200) as OpenAPI 3.0.3, turned into a Rust client by progenitor 0.15.1 (builder
# interface), in DIR/synth{N}. Then measure it beside ours in one run:
#
#   xtask/reference/progenitor.sh /tmp/reference 200
#   cargo xtask bench-compile --debug-only --no-features --synthetic 200 --reference /tmp/reference/synth200
#
# Needs Python 3 and the crate registry (cargo install). DIR must lie outside this workspace.
set -euo pipefail
dir="${1:?usage: progenitor.sh DIR [N]}"
n="${2:-200}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
case "$dir/" in
  "$(cd "$here/../.." && pwd)/"*) echo "progenitor.sh: $dir is inside the workspace; pick a directory outside it" >&2; exit 2 ;;
esac
python3 "$here/synthetic_openapi.py" "$n" "$dir/synth$n.json"
if [ ! -x "$dir/tools/bin/cargo-progenitor" ]; then
  cargo install cargo-progenitor --version =0.15.1 --locked --root "$dir/tools"
fi
rm -rf "$dir/synth$n"
"$dir/tools/bin/cargo-progenitor" progenitor -i "$dir/synth$n.json" -o "$dir/synth$n" -n "synth$n" -v 0.1.0 \
  --interface builder --tags merged
echo "generated $dir/synth$n ($(wc -l < "$dir/synth$n/src/lib.rs") lines of src/lib.rs)"
