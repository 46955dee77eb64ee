#!/usr/bin/env bash
# bench/run.sh — Fleet against its peers on this machine, in one run, so the figures compare.
#
#   bench/run.sh                 the full run: hangfire, bus, fleet (20,000 jobs), submit-latency (500/s, 15 s)
#   bench/run.sh --jobs 2000     any Fleet.Bench option is passed on (see bench/README.md)
#
# Brings the fleet up with 2 worker processes that both serve `noop`, measures Hangfire and the raw bus while the
# fleet idles, then Fleet end to end, then submit latency over a backlog. The log is tee'd to
# bench/results/<timestamp>.txt; Fleet.Bench writes its figures beside it as JSON and markdown.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
mkdir -p bench/results
LOG="bench/results/$(date -u +%Y%m%d-%H%M%S).txt"

run() {
  echo "== machine"
  echo "cores: $(nproc)"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "kernel: $(uname -sr), dotnet $(dotnet --version), commit $(git rev-parse --short HEAD 2>/dev/null || echo none)"
  # Other work on a 2-core machine moves every figure: say how busy it was when the run began.
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

  echo "== build"
  dotnet build bench/Fleet.Bench/Fleet.Bench.csproj -c Release -nologo -v quiet

  echo "== fleet up"
  local up=0
  # The peers are still worth measuring when the fleet does not start: its modes then fail, and say why.
  ./fleet up --scale worker-llm=1 --scale worker-rl=1 || { up=$?; echo "!! ./fleet up failed (exit $up): the fleet modes will fail"; }

  local bench=0
  dotnet bench/Fleet.Bench/bin/Release/net10.0/Fleet.Bench.dll all "$@" || bench=$?
  echo "== done: the fleet is left up (./fleet down stops it); log in $LOG"
  [ "$up" -eq 0 ] && [ "$bench" -eq 0 ]
}

run "$@" 2>&1 | tee "$LOG"
