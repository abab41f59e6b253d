#!/usr/bin/env bash
# Instructions per letter (millions), counted by callgrind around the renders only: a figure that does
# not depend on the machine's speed or load, to compare two versions of the letter templates or CSS.
#
#   deploy/bench-letter-instructions.sh [CODE] [N]        # e.g. S01 4 (the defaults), S10 4
#
# Runs `manage.py bench_letters --callgrind` under valgrind (about a minute). Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
code=${1:-S01}
n=${2:-4}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out/cg.out" \
  .venv/bin/python manage.py bench_letters --callgrind --code "$code" --n "$n" >"$out/log" 2>&1 || { cat "$out/log"; exit 1; }
f=$(grep -l '^desc: Trigger: .*letters$' "$out"/cg.out.* | head -1)
total=$(grep -m1 '^summary:' "$f" | awk '{print $2}')
awk -v t="$total" -v n="$n" -v c="$code" 'BEGIN{printf "%s: %.1f M instructions per letter (%d letters)\n", c, t/n/1e6, n}'
