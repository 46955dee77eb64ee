# shellcheck shell=bash
# The Fleet processes: build, start under a restarting supervisor, wait for readiness, scale, stop.
# Sourced by ./fleet.

FLEET_URL_DEFAULT="http://127.0.0.1:5080"
DRAIN_SECONDS="${FLEET_DRAIN_SECONDS:-40}"
READY_SECONDS="${FLEET_READY_SECONDS:-90}"

# name -> dll (relative to ROOT)
proc_dll() {
  case "$1" in
    api) echo "src/Api/bin/Release/net10.0/Fleet.Api.dll" ;;
    scheduler) echo "src/Scheduler/bin/Release/net10.0/Fleet.Scheduler.dll" ;;
    worker-llm-*) echo "src/Workers.Llm/bin/Release/net10.0/Fleet.Workers.Llm.dll" ;;
    worker-rl-*) echo "src/Workers.Rl/bin/Release/net10.0/Fleet.Workers.Rl.dll" ;;
    *) return 1 ;;
  esac
}

# name -> port
proc_port() {
  case "$1" in
    api) echo 5080 ;;
    scheduler) echo 5081 ;;
    worker-llm-*) echo $((5100 + ${1#worker-llm-})) ;;
    worker-rl-*) echo $((5200 + ${1#worker-rl-})) ;;
    *) return 1 ;;
  esac
}

valid_worker_kind() { [[ $1 == worker-llm || $1 == worker-rl ]]; }

# Names of processes whose supervisor is alive, in start order (api, scheduler, workers by index).
running_names() {
  local f name
  for f in "$RUN_DIR"/*.sup.pid; do
    [[ -e $f ]] || continue
    name=$(basename "$f" .sup.pid)
    if kill -0 "$(cat "$f" 2>/dev/null)" 2>/dev/null; then echo "$name"; else rm -f "$f" "$RUN_DIR/$name.pid"; fi
  done | sort -t- -k1,2 -k3,3n | awk '/^api$/{print 0, $0; next} /^scheduler$/{print 1, $0; next} {print 2, $0}' \
    | sort -s -k1,1n | cut -d' ' -f2
}

sup_pid() { local f="$RUN_DIR/$1.sup.pid"; [[ -s $f ]] && kill -0 "$(cat "$f" 2>/dev/null)" 2>/dev/null && cat "$f" 2>/dev/null; }
child_pid() { local f="$RUN_DIR/$1.pid"; [[ -s $f ]] && kill -0 "$(cat "$f" 2>/dev/null)" 2>/dev/null && cat "$f" 2>/dev/null; }
is_running() { sup_pid "$1" >/dev/null; }

worker_indices() { running_names | sed -n "s/^$1-\([0-9]*\)\$/\1/p" | sort -n; }

is_ready() { curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$(proc_port "$1")/health/ready" 2>/dev/null; }

admin_key() {
  local f="$FLEET_DIR/admin-key"
  if [[ ! -s $f ]]; then
    (umask 077; printf 'fleet_%s\n' "$(od -An -tx1 -N20 /dev/urandom | tr -d ' \n')" >"$f")
  fi
  head -n1 "$f"
}

write_env_file() {
  cat >"$FLEET_DIR/env" <<EOF
FLEET_URL=$FLEET_URL_DEFAULT
FLEET_API_KEY=$(admin_key)
FLEET_DASHBOARD_URL=http://127.0.0.1:5081/hangfire
EOF
  chmod 600 "$FLEET_DIR/env"
}

# ---------------------------------------------------------------- supervisor

# Runs detached (./fleet __supervise NAME). Restarts the child when it dies on its own; on SIGTERM it
# forwards SIGTERM to the child, waits for it to drain and exits without restarting.
cmd_supervise() {
  local name=$1 dll port child="" stopping=0 rc started delay=1
  dll="$ROOT/$(proc_dll "$name")"; port=$(proc_port "$name")
  echo $$ >"$RUN_DIR/$name.sup.pid"
  trap 'stopping=1; [[ -n $child ]] && kill -TERM "$child" 2>/dev/null' TERM INT
  trap 'rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.sup.pid"' EXIT
  : >"$RUN_DIR/$name.restarts"
  export ASPNETCORE_URLS="http://127.0.0.1:$port"
  export ConnectionStrings__Fleet="Host=127.0.0.1;Port=$PG_PORT;Database=fleet;Username=fleet;Password=fleet"
  export RabbitMq__Host=127.0.0.1 RabbitMq__Port="$RMQ_PORT" RabbitMq__Username=fleet RabbitMq__Password=fleet
  export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}" ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
  export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
  # queue_size{queue} and queue_consumers{queue} in every process; the Api's readiness also needs a consumer for each
  # job type in FLEET_REQUIRED_JOB_TYPES (what `./fleet up` started workers for).
  export RabbitMq__ManagementUrl="http://127.0.0.1:$RMQ_MGMT_PORT/"
  case "$name" in
    api) export Auth__BootstrapAdminKey; Auth__BootstrapAdminKey=$(admin_key)
      [[ -n ${FLEET_REQUIRED_JOB_TYPES+x} ]] && export WorkerPresence__RequiredJobTypes="$FLEET_REQUIRED_JOB_TYPES" ;;
    scheduler) export Backup__Root="$FLEET_DIR/backups" Dashboard__RabbitMqManagementUrl="http://127.0.0.1:$RMQ_MGMT_PORT/" ;;
    # The noop ledger: one line per completed execution, what the chaos harness counts (tools/chaos).
    worker-*) export Worker__Id="$name" Noop__LedgerDirectory="$FLEET_DIR/ledger" ;;
  esac
  # The LLM worker and the Api (prompt-length check) read the fixture model that `./fleet up` generates (no model can
  # be downloaded); FLEET_LLM_MODEL points both at a real exported model instead. Ingestion reads samples/corpus.
  case "$name" in
    api|worker-llm-*) export Llm__ModelPath="${FLEET_LLM_MODEL:-$FLEET_DIR/models/fixture}" Jobs__LlmModelPath="${FLEET_LLM_MODEL:-$FLEET_DIR/models/fixture}"
      export Ingestion__Sources__0="$ROOT/samples/corpus" ;;
  esac
  cd "$(dirname "$dll")"
  while :; do
    printf '{"@t":"%s","@mt":"fleet supervisor: starting %s (port %s)"}\n' "$(date -u +%FT%T.%3NZ)" "$name" "$port"
    started=$SECONDS
    dotnet "$dll" </dev/null &
    child=$!
    echo "$child" >"$RUN_DIR/$name.pid"
    # wait returns early when a trapped signal arrives; keep waiting until the child is really gone.
    while :; do
      set +e; wait "$child"; rc=$?; set -e
      kill -0 "$child" 2>/dev/null || break
    done
    child=""
    rm -f "$RUN_DIR/$name.pid"
    ((stopping)) && { printf '{"@t":"%s","@mt":"fleet supervisor: %s stopped (exit %s)"}\n' "$(date -u +%FT%T.%3NZ)" "$name" "$rc"; exit 0; }
    echo x >>"$RUN_DIR/$name.restarts"
    if ((SECONDS - started > 30)); then delay=1; fi
    printf '{"@t":"%s","@l":"Error","@mt":"fleet supervisor: %s exited with %s; restarting in %ss"}\n' \
      "$(date -u +%FT%T.%3NZ)" "$name" "$rc" "$delay"
    sleep "$delay" & wait $! || true
    ((stopping)) && exit 0
    delay=$((delay < 8 ? delay * 2 : 10))
  done
}

proc_start() {
  local name=$1 dll
  is_running "$name" && return 0
  dll="$ROOT/$(proc_dll "$name")"
  [[ -f $dll ]] || die "$name: $dll not found (build first: dotnet build -c Release Fleet.sln)"
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  rm -f "$RUN_DIR/$name.sup.pid" "$RUN_DIR/$name.pid"
  setsid "$ROOT/fleet" __supervise "$name" </dev/null >>"$LOG_DIR/$name.log" 2>&1 &
  local i; for i in $(seq 1 50); do [[ -s "$RUN_DIR/$name.sup.pid" ]] && return 0; sleep 0.1; done
  die "$name: supervisor did not start (see $LOG_DIR/$name.log)"
}

# SIGTERM the given processes (through their supervisors), wait for them to drain, SIGKILL what is left.
proc_stop() {
  (($# == 0)) && return 0
  local name pid deadline left
  for name in "$@"; do
    pid=$(sup_pid "$name") || continue
    info "stopping $name"
    kill -TERM "$pid" 2>/dev/null || true
  done
  deadline=$((SECONDS + DRAIN_SECONDS))
  while :; do
    left=()
    for name in "$@"; do is_running "$name" && left+=("$name"); done
    ((${#left[@]} == 0)) && return 0
    ((SECONDS >= deadline)) && break
    sleep 0.2
  done
  for name in "${left[@]}"; do
    info "$name did not drain within ${DRAIN_SECONDS}s: SIGKILL"
    pid=$(child_pid "$name") && kill -KILL "$pid" 2>/dev/null
    pid=$(sup_pid "$name") && kill -KILL "$pid" 2>/dev/null
    rm -f "$RUN_DIR/$name.sup.pid" "$RUN_DIR/$name.pid"
  done
  return 0
}

# Wait until every named process answers /health/ready; on failure show the log tail and exit 1.
wait_ready() {
  local deadline=$((SECONDS + READY_SECONDS)) name pending restarts
  while :; do
    pending=()
    for name in "$@"; do
      is_ready "$name" || pending+=("$name")
    done
    ((${#pending[@]} == 0)) && return 0
    for name in "${pending[@]}"; do
      restarts=$(wc -l <"$RUN_DIR/$name.restarts" 2>/dev/null || echo 0)
      if ! is_running "$name" || ((restarts >= 3)); then
        fail_ready "$name" "it exited $restarts time(s) while starting"
      fi
    done
    ((SECONDS >= deadline)) && fail_ready "${pending[0]}" "not ready after ${READY_SECONDS}s (also pending: ${pending[*]:1})"
    sleep 0.5
  done
}

fail_ready() {
  printf '\n---- last lines of %s ----\n' "$LOG_DIR/$1.log" >&2
  tail -n 40 "$LOG_DIR/$1.log" >&2 || true
  printf -- '----\n' >&2
  die "$1 (http://127.0.0.1:$(proc_port "$1")/health/ready): $2 (the rest keeps running; ./fleet down stops it)"
}

build_solution() {
  if [[ ${FLEET_NO_BUILD:-} == 1 ]]; then info "FLEET_NO_BUILD=1: not building"; return 0; fi
  command -v dotnet >/dev/null || die "dotnet not found: install the .NET 10 SDK"
  info "building (dotnet build -c Release Fleet.sln; log in $LOG_DIR/build.log)"
  if ! (cd "$ROOT" && dotnet build -c Release Fleet.sln -nologo -v minimal -clp:NoSummary </dev/null >"$LOG_DIR/build.log" 2>&1); then
    grep -E ': (error|warning) ' "$LOG_DIR/build.log" | sort -u | head -n 30 >&2 || tail -n 30 "$LOG_DIR/build.log" >&2
    die "build failed (full log: $LOG_DIR/build.log)"
  fi
}

# Parse NAME=N scale arguments into the globals SCALE_LLM / SCALE_RL.
parse_scale() {
  local arg=$1 kind n
  [[ $arg == *=* ]] || die "bad scale '$arg' (expected worker-llm=N or worker-rl=N)"
  kind=${arg%%=*}; n=${arg#*=}
  valid_worker_kind "$kind" || die "cannot scale '$kind' (only worker-llm and worker-rl scale)"
  if [[ ! $n =~ ^[0-9]+$ ]] || ((n > 50)); then die "bad instance count '$n' for $kind (0..50)"; fi
  if [[ $kind == worker-llm ]]; then SCALE_LLM=$n; else SCALE_RL=$n; fi
}

# Start missing instances 1..N, drain instances above N (highest index first).
apply_scale() {
  local kind=$1 n=$2 i extra=() started=()
  for i in $(worker_indices "$kind" | sort -rn); do ((i > n)) && extra+=("$kind-$i"); done
  for ((i = 1; i <= n; i++)); do
    is_running "$kind-$i" || { proc_start "$kind-$i"; started+=("$kind-$i"); }
  done
  proc_stop "${extra[@]}"
  STARTED+=("${started[@]}")
}

# The deterministic fixture model (tools/llm-fixture, seed 1234) for the local fleet's LLM worker, made once.
ensure_llm_model() {
  [[ -n ${FLEET_LLM_MODEL:-} || -f $FLEET_DIR/models/fixture/model.onnx ]] && return 0
  local tool="$ROOT/tools/llm-fixture/bin/Release/net10.0/Fleet.LlmFixture.dll"
  [[ -f $tool ]] || die "$tool not found (build first: dotnet build -c Release Fleet.sln)"
  info "generating the LLM fixture model into $FLEET_DIR/models/fixture"
  dotnet "$tool" --out "$FLEET_DIR/models/fixture" --context 2048 >/dev/null || die "the LLM fixture model could not be generated"
}

cmd_up() {
  SCALE_LLM=1 SCALE_RL=1
  while (($#)); do
    case "$1" in
      --scale) (($# >= 2)) || die "--scale needs NAME=N"; parse_scale "$2"; shift 2 ;;
      --scale=*) parse_scale "${1#--scale=}"; shift ;;
      -h|--help) echo "usage: ./fleet up [--scale worker-llm=N] [--scale worker-rl=M]"; return 0 ;;
      *) die "up: unknown argument '$1' (usage: ./fleet up [--scale worker-llm=N] [--scale worker-rl=M])" ;;
    esac
  done
  infra_up
  if [[ ${FLEET_NO_BUILD:-} != 1 ]]; then
    local running; running=$(running_names)
    if [[ -n $running ]]; then
      info "rebuilding: stopping the running processes first"
      # shellcheck disable=SC2046
      proc_stop $(echo "$running" | tac)
    fi
  fi
  build_solution
  admin_key >/dev/null
  write_env_file
  ensure_llm_model
  STARTED=()
  local name
  # The Api is ready once every job type this fleet serves has a consumer (a worker scaled to 0 serves none).
  local types=()
  ((SCALE_LLM + SCALE_RL > 0)) && types+=(noop)
  ((SCALE_LLM > 0)) && types+=(llm.generate llm.embed rag.answer)
  ((SCALE_RL > 0)) && types+=(rl.train)
  FLEET_REQUIRED_JOB_TYPES=$(IFS=,; echo "${types[*]}"); export FLEET_REQUIRED_JOB_TYPES
  for name in api scheduler; do is_running "$name" || { proc_start "$name"; STARTED+=("$name"); }; done
  apply_scale worker-llm "$SCALE_LLM"
  apply_scale worker-rl "$SCALE_RL"
  # shellcheck disable=SC2046
  wait_ready $(running_names)
  echo "fleet is up: $(running_names | paste -sd' ')"
  echo
  echo "  API        $FLEET_URL_DEFAULT   (OpenAPI: $FLEET_URL_DEFAULT/scalar)"
  echo "  admin key  $(admin_key)"
  echo "  dashboard  http://127.0.0.1:5081/hangfire"
  echo "  env file   $FLEET_DIR/env   (set -a; . .fleet/env; set +a)"
  echo "  logs       ./fleet logs [name]   ($LOG_DIR)"
}

cmd_down() {
  local all=0
  while (($#)); do
    case "$1" in
      --all) all=1; shift ;;
      *) die "down: unknown argument '$1' (usage: ./fleet down [--all])" ;;
    esac
  done
  local running; running=$(running_names)
  if [[ -z $running ]]; then
    info "no fleet processes running"
  else
    # Workers drain first (highest index first) while the scheduler and API still take their events.
    # shellcheck disable=SC2046
    proc_stop $(grep '^worker-' <<<"$running" | tac || true)
    # shellcheck disable=SC2046
    proc_stop $(grep -v '^worker-' <<<"$running" | tac || true)
  fi
  if ((all)); then infra_down; fi
  return 0
}

cmd_scale() {
  (($#)) || die "usage: ./fleet scale worker-llm=N [worker-rl=M]"
  SCALE_LLM="" SCALE_RL=""
  local a; for a in "$@"; do parse_scale "$a"; done
  STARTED=()
  [[ -n $SCALE_LLM ]] && apply_scale worker-llm "$SCALE_LLM"
  [[ -n $SCALE_RL ]] && apply_scale worker-rl "$SCALE_RL"
  ((${#STARTED[@]} > 0)) && wait_ready "${STARTED[@]}"
  cmd_status_procs
}

cmd_status_procs() {
  local names name pid port state restarts
  names=$(running_names)
  if [[ -z $names ]]; then echo "no fleet processes running (./fleet up)"; return 0; fi
  printf '%-14s %-8s %-6s %-10s %s\n' NAME PID PORT STATE RESTARTS
  for name in $names; do
    pid=$(child_pid "$name" || echo -)
    port=$(proc_port "$name")
    if is_ready "$name"; then state=ready; elif [[ $pid == - ]]; then state=restarting; else state=not-ready; fi
    restarts=$(wc -l <"$RUN_DIR/$name.restarts" 2>/dev/null || echo 0)
    printf '%-14s %-8s %-6s %-10s %s\n' "$name" "$pid" "$port" "$state" "$restarts"
  done
}

cmd_status() {
  (($# == 0)) || die "status takes no arguments"
  cmd_status_procs
  echo
  infra_status || true
  echo
  if rmq_api_ok; then
    local q
    q=$(rmq_api 'queues/%2F?columns=name,messages,messages_ready,messages_unacknowledged,consumers,type' 2>/dev/null \
      | jq -r '[.[] | select(.name | startswith("fleet-"))] | sort_by(.name) | .[]
               | [.name, (.type // "-"), (.messages // 0), (.messages_ready // 0), (.messages_unacknowledged // 0), (.consumers // 0)] | @tsv' \
      2>/dev/null || true)
    if [[ -n $q ]]; then
      { printf 'QUEUE\tTYPE\tMESSAGES\tREADY\tUNACKED\tCONSUMERS\n'; echo "$q"; } | tsv_table
    else
      echo "no fleet-* queues"
    fi
  fi
}

cmd_logs() {
  (($# <= 1)) || die "usage: ./fleet logs [NAME]"
  mkdir -p "$LOG_DIR"
  local files=()
  case "${1:-}" in
    "") files=("$LOG_DIR"/*.log) ;;
    rabbitmq) files=("$RMQ_DIR/log/$RMQ_NODE.log") ;;
    worker-llm|worker-rl) files=("$LOG_DIR/$1"-*.log) ;;
    *) files=("$LOG_DIR/$1.log") ;;
  esac
  local f existing=()
  for f in "${files[@]}"; do [[ -e $f ]] && existing+=("$f"); done
  ((${#existing[@]})) || die "no log for '${1:-any}' in $LOG_DIR"
  exec tail -n 50 -F "${existing[@]}"
}
