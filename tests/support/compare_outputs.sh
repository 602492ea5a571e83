#!/usr/bin/env bash
# Proves a change left the compiler's output alone: runs two locusc binaries on the examples, a
# generated L project and every .locus file of the peer corpus, and compares byte for byte
#   - `locusc check` (exit status and diagnostics), `locusc ir` (stdout, exit status),
#   - `locusc build` (exit status, diagnostics, and the whole output folder with its manifest).
# Usage: tests/support/compare_outputs.sh OLD_LOCUSC NEW_LOCUSC [SHARED_DIR]
# Prints one line per difference and a summary; exits 1 when anything differs.
set -uo pipefail
old="$1" new="$2"
here="$(cd "$(dirname "$0")" && pwd)"
shared="${3:-$here/../../../shared}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
differences=0 cases=0

# One case: INPUT is a project folder or a file, copied so both binaries see the same path.
compare() {
  local input="$1" name="$2"
  cases=$((cases + 1))
  for side in old new; do
    local bin="${!side}" dir="$work/$side"
    rm -rf "$dir" && mkdir -p "$dir"
    if [[ -d "$input" ]]; then cp -r "$input" "$dir/p"; else mkdir -p "$dir/p" && cp "$input" "$dir/p/"; fi
    local target="p"
    [[ -f "$input" ]] && target="p/$(basename "$input")"
    rm -rf "$dir/p/generated" "$dir/p/.locus"
    (cd "$dir" && "$bin" check --color=never "$target" >check.out 2>check.err; echo $? >check.code
     "$bin" ir "$target" >ir.out 2>ir.err; echo $? >ir.code
     "$bin" build --color=never "$target" -o out >build.out 2>build.err; echo $? >build.code
     rm -rf p)
  done
  if ! diff -r -q "$work/old" "$work/new" >/dev/null; then
    differences=$((differences + 1))
    echo "DIFFERS: $name"
    diff -r -q "$work/old" "$work/new" | head -5
  fi
}

for e in "$here"/../../examples/*/; do
  [[ -n "$(ls "$e"/*.locus 2>/dev/null)" ]] && compare "$e" "examples/$(basename "$e")"
done
python3 "$here/../../bench/gen_synthetic.py" --out "$work/L" >/dev/null
cp -r "$work/L" "$work/L-input"
compare "$work/L-input" "synthetic L"
while IFS= read -r f; do
  compare "$f" "corpus ${f#$shared/conformance/peer-corpus/}"
done < <(find "$shared/conformance/peer-corpus" -name '*.locus' | sort)
echo "$cases cases, $differences with differences"
((differences == 0))
