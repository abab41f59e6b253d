#!/usr/bin/env bash
# Capacity of a 2-core (or N-core) machine from CPU per request, independent of other load (issue 16):
#
#   deploy/bench-capacity.sh BASE_URL GUNICORN_MASTER_PID POSTGRES_DATA_DIR [SECONDS] [CONNECTIONS]
#
# Runs wrk against each page printed by `manage.py bench_cpu --urls` (as deploy/bench-wrk.sh does) and
# counts the CPU time that the server side used meanwhile: the gunicorn master and its workers, and the
# PostgreSQL postmaster and all its processes (backends, autovacuum, WAL writer). CPU ms per request =
# that CPU time / requests served; capacity = cores * 1000 / (CPU ms per request), the req/s the machine
# serves when nothing else runs on it (wrk itself not counted: clients are elsewhere in production).
# Measured req/s on a shared machine say nothing about a quiet one; this figure does not move with load.
set -euo pipefail
cd "$(dirname "$0")/.."
base=$1; gpid=$2; pgdata=$3; secs=${4:-20}; conns=${5:-10}
cores=${CORES:-$(nproc)}
hz=$(getconf CLK_TCK)
ppid_of() { ps -o pid= --ppid "$1" | tr -d ' '; }
tree_ticks() {  # utime+stime+cutime+cstime of a process and its live children
  local total=0 p
  for p in "$1" $(ppid_of "$1"); do
    [ -r "/proc/$p/stat" ] || continue
    total=$(( total + $(awk '{print $14+$15+$16+$17}' "/proc/$p/stat") ))
  done
  echo "$total"
}
pgpid=$(head -1 "$pgdata/postmaster.pid")
printf '%-22s %9s %9s %11s %11s %13s\n' page "req/s" "requests" "web ms/req" "db ms/req" "capacity r/s"
.venv/bin/python manage.py bench_cpu --urls --pages "${PAGES:-}" 2>/dev/null | grep -P '\t' | while IFS=$'\t' read -r label path cookie; do
  w0=$(tree_ticks "$gpid"); d0=$(tree_ticks "$pgpid")
  out=$(wrk -t2 -c"$conns" -d"${secs}s" -H "Cookie: $cookie" "$base$path")
  w1=$(tree_ticks "$gpid"); d1=$(tree_ticks "$pgpid")
  n=$(echo "$out" | awk '/requests in/{print $1}')
  rps=$(echo "$out" | awk '/^Requests\/sec/{print $2}')
  errs=$(echo "$out" | awk '/Non-2xx/{print $5}')
  [ -n "${errs:-}" ] && echo "warning: $errs non-2xx responses on $label" >&2
  awk -v l="$label" -v r="$rps" -v n="$n" -v w=$((w1 - w0)) -v d=$((d1 - d0)) -v hz="$hz" -v c="$cores" 'BEGIN{
    wm = w * 1000 / hz / n; dm = d * 1000 / hz / n;
    printf "%-22s %9s %9d %11.1f %11.1f %13.0f\n", l, r, n, wm, dm, c * 1000 / (wm + dm) }'
done
