#!/usr/bin/env bash
# Instructions per request of the busiest pages (PTK list at school, Dinas and PDSPK level, the
# queues): a figure that does not depend on the machine's load, to compare two versions of the code.
#
#   deploy/bench-instructions.sh [RUNS] [PAGES]       # e.g. 30 "PTK list, Dinas;queue, Dinas"
#
# Runs `manage.py bench_cpu --callgrind` under valgrind (callgrind, instrumentation switched on only
# around each page's requests) with the settings and DATABASE_URL of the environment, and prints the
# instructions per request (millions) of each page. Needs valgrind. Run it with the production
# settings to count what gunicorn runs:
#   DJANGO_SETTINGS_MODULE=padamu.settings.production SECRET_KEY=x SECURE_SSL_REDIRECT=false \
#     LOG_REQUEST_LEVEL=INFO STATIC_ROOT=... deploy/bench-instructions.sh 30
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
pages=${2:-}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
py=.venv/bin/python
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out/cg.out" \
  "$py" manage.py bench_cpu --callgrind --runs "$runs" --pages "$pages" >"$out/log" 2>&1 || { cat "$out/log"; exit 1; }
grep -v '^{' "$out/log" | grep -v '^==' | head -1
printf '%-22s %12s %8s\n' page "M instr/req" queries
grep '^callgrind page' "$out/log" | while read -r _c hint runs queries label; do
  f=$(grep -l "^desc: Trigger: .*${hint}\$" "$out"/cg.out.* | head -1)
  total=$(grep -m1 '^summary:' "$f" | awk '{print $2}')
  awk -v l="${label#label=}" -v t="$total" -v n="${runs#runs=}" -v q="${queries#queries=}" \
    'BEGIN{printf "%-22s %12.2f %8d\n", l, t/n/1e6, q}'
done
