#!/usr/bin/env bash
# Requests per second of the busiest pages under a running server, with wrk (issue 16):
#
#   deploy/bench-wrk.sh [BASE_URL] [SECONDS] [CONNECTIONS]    # default http://127.0.0.1:8000 20 10
#
# Start the server first, on the same database (DATABASE_URL) and with the same settings as this script:
#   DJANGO_SETTINGS_MODULE=padamu.settings.production SECRET_KEY=... SECURE_SSL_REDIRECT=false \
#     GUNICORN_ACCESSLOG=/dev/null .venv/bin/gunicorn -c gunicorn.conf.py padamu.wsgi &
# The script logs in (a session per institution, second factor counted as done) as an operator of the
# school with the most PTK, the busiest Dinas, a QA office and PDSPK (manage.py bench_cpu --urls), then
# loads each page for SECONDS with CONNECTIONS keep-alive connections and prints req/s and latency.
# Needs wrk (apt install wrk). Point it only at a server you run.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-http://127.0.0.1:8000}
secs=${2:-20}
conns=${3:-10}
command -v wrk >/dev/null || { echo "wrk is not installed (apt install wrk)"; exit 1; }
printf '%-22s %9s %9s %9s %7s\n' page "req/s" "p50 ms" "p99 ms" errors
.venv/bin/python manage.py bench_cpu --urls --pages "${PAGES:-}" 2>/dev/null | grep -P '\t' | while IFS=$'\t' read -r label path cookie; do
  out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency -H "Cookie: $cookie" "$base$path")
  rps=$(echo "$out" | awk '/^Requests\/sec/{print $2}')
  p50=$(echo "$out" | awk '$1=="50%"{print $2}')
  p99=$(echo "$out" | awk '$1=="99%"{print $2}')
  errs=$(echo "$out" | awk '/Non-2xx/{print $5}')
  printf '%-22s %9s %9s %9s %7s\n' "$label" "$rps" "$p50" "$p99" "${errs:-0}"
done
