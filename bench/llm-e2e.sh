#!/usr/bin/env bash
# bench/llm-e2e.sh — one llm.generate stream through a running local fleet (POST /v1/jobs, then SSE to the end event)
# against a bare ONNX Runtime loop over the same model, in one run.
#
#   bench/llm-e2e.sh                          12 layers, d=768 (GPT-2-small shape, random weights), 64 tokens, 5 rounds
#   bench/llm-e2e.sh --layers 2 --d 64 --heads 4 --tokens 64
#
# Generates the model once under .fleet/models/bench-<shape>, brings the fleet up on it with one LLM worker and no
# RL worker (FLEET_LLM_MODEL), runs Fleet.Bench.Llm --fleet, and leaves the fleet up (./fleet down stops it).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
layers=12 d=768 heads=12 tokens=64 rounds=5
while (($#)); do
  case "$1" in
    --layers) layers=$2; shift 2 ;;
    --d) d=$2; shift 2 ;;
    --heads) heads=$2; shift 2 ;;
    --tokens) tokens=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "llm-e2e.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
mkdir -p bench/results
LOG="bench/results/llm-e2e-$(date -u +%Y%m%d-%H%M%S).txt"
model="$ROOT/.fleet/models/bench-l$layers-d$d-h$heads"
{
  echo "== machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), commit $(git rev-parse --short HEAD 2>/dev/null || echo none), load $(cut -d' ' -f1-3 /proc/loadavg)"
  for project in bench/Fleet.Bench.Llm tools/llm-fixture; do dotnet build -c Release -nologo -v quiet "$project" >/dev/null; done
  if [[ ! -f $model/model.onnx ]]; then
    dotnet tools/llm-fixture/bin/Release/net10.0/Fleet.LlmFixture.dll --out "$model" --layers "$layers" --d "$d" --heads "$heads" --context 2048 >/dev/null
  fi
  # A running fleet keeps the model it started with: restart on this one.
  ./fleet down >/dev/null 2>&1 || true
  FLEET_LLM_MODEL="$model" ./fleet up --scale worker-llm=1 --scale worker-rl=0
  set -a; . .fleet/env; set +a
  dotnet bench/Fleet.Bench.Llm/bin/Release/net10.0/Fleet.Bench.Llm.dll --model "$model" --fleet "$FLEET_URL" --api-key "$FLEET_API_KEY" --tokens "$tokens" --rounds "$rounds"
} 2>&1 | tee "$LOG"
