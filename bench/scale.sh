#!/usr/bin/env bash
# bench/scale.sh — noop throughput with 1, 2 and 4 worker processes on this machine, in one run (issue 4).
#
#   bench/scale.sh               5,000 jobs per worker count
#   bench/scale.sh --jobs 20000  any Fleet.Bench option is passed on
#
# For each count N it scales the local fleet to N LLM workers and no RL worker (both kinds serve noop), waits for
# readiness, runs `Fleet.Bench fleet` (POST → succeeded, end to end) and prints one line per N, then the slope as
# ratios to N=1. On 2 cores the slope matters more than the absolute: the API, the Scheduler, RabbitMQ, PostgreSQL
# and the submitting client share the same cores as the workers.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
mkdir -p bench/results
LOG="bench/results/scale-$(date -u +%Y%m%d-%H%M%S).txt"
ARGS=("$@"); ((${#ARGS[@]})) || ARGS=(--jobs 5000)

run() {
  echo "machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD)"
  dotnet build bench/Fleet.Bench/Fleet.Bench.csproj -c Release -nologo -v quiet
  ./fleet up --scale worker-llm=1 --scale worker-rl=0 >/dev/null
  local n rate base=""
  for n in 1 2 4; do
    ./fleet scale worker-llm="$n" worker-rl=0 >/dev/null
    rate=$(dotnet bench/Fleet.Bench/bin/Release/net10.0/Fleet.Bench.dll fleet "${ARGS[@]}" | tee /dev/stderr \
      | awk '/fleet.e2e_jobs_per_s/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/) { print $i; exit } }')
    base=${base:-$rate}
    printf 'workers=%d e2e_jobs_per_s=%s ratio_to_1=%s\n' "$n" "$rate" "$(awk -v a="$rate" -v b="$base" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
  done
}
run 2>&1 | tee "$LOG"
