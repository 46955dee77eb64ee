# shellcheck shell=bash
# ./fleet test: servers up, build, run every test project, print "N passed, N failed[, N skipped]".
# Sourced by ./fleet.

cmd_test() {
  [[ ${1:-} == -h || ${1:-} == --help ]] && {
    echo "usage: ./fleet test [ARGS...]   (ARGS go to the test apps, e.g. --filter-class 'Fleet.Api.Tests.*')"
    return 0
  }
  command -v dotnet >/dev/null || die "dotnet not found: install the .NET 10 SDK"
  infra_up
  infra_status || true
  browser_install

  local running; running=$(running_names)
  if [[ -n $running ]]; then
    # The build overwrites the DLLs they run from, and their consumers would compete with the tests.
    info "stopping the running fleet processes before building (./fleet up brings them back)"
    # shellcheck disable=SC2046,SC2086
    proc_stop $(echo "$running" | tac)
  fi

  export FLEET_TEST_POSTGRES="${FLEET_TEST_POSTGRES:-Host=127.0.0.1;Port=$PG_PORT;Username=fleet;Password=fleet;Database=postgres}"
  export FLEET_TEST_RABBITMQ="${FLEET_TEST_RABBITMQ:-amqp://fleet:fleet@127.0.0.1:$RMQ_PORT}"
  export FLEET_TEST_RABBITMQ_MANAGEMENT="${FLEET_TEST_RABBITMQ_MANAGEMENT:-http://127.0.0.1:$RMQ_MGMT_PORT/}"
  # Executables for outage tests: "$FLEET_RABBITMQCTL" stop_app, "$FLEET_CLI" infra postgres-restart.
  export FLEET_CLI="$ROOT/fleet"
  export FLEET_RABBITMQCTL="$ROOT/tools/fleet/rabbitmqctl"
  export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
  # No lingering MSBuild nodes holding the caller's stdout (CI waits for it to close).
  export MSBUILDDISABLENODEREUSE=1

  local log="$LOG_DIR/test.log" rc=0
  check_alert_rules
  info "building (dotnet build -c Release Fleet.sln)"
  local build_start=$SECONDS
  if ! (cd "$ROOT" && dotnet build -c Release Fleet.sln -nologo -v minimal -clp:NoSummary </dev/null >"$LOG_DIR/build.log" 2>&1); then
    grep -E ': (error|warning) ' "$LOG_DIR/build.log" | sort -u | head -n 40 >&2 || tail -n 40 "$LOG_DIR/build.log" >&2
    test_cleanup
    echo "0 passed, 0 failed"
    die "build failed (full log: $LOG_DIR/build.log)"
  fi
  info "built in $((SECONDS - build_start))s; running tests (dotnet test --solution Fleet.sln -c Release --no-build, one module at a time)"

  # Exit code 8 is "zero tests ran" in one assembly (e.g. when a filter matches nothing there).
  set +e
  # One test module at a time: they share the servers, and the outage tests stop RabbitMQ and PostgreSQL, which
  # failed another module's tests when both ran at once. (A comment between the continued lines would end the
  # command there: timeout would run nothing and the tests would run without it.)
  (cd "$ROOT" && timeout --kill-after=30s "${FLEET_TEST_TIMEOUT:-1500}" \
    dotnet test --solution Fleet.sln -c Release --no-build --no-progress --max-parallel-test-modules 1 --ignore-exit-code 8 "$@" </dev/null 2>&1) | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e

  # The small chaos run (issue 4) on a real local fleet, when the whole suite runs (no filter arguments).
  local chaos_passed=0 chaos_failed=0
  if (($# == 0)) && [[ ${FLEET_TEST_CHAOS:-1} != 0 ]]; then
    if chaos_smoke; then chaos_passed=1; else chaos_failed=1; fi
  fi
  test_cleanup

  local total failed succeeded skipped errors
  total=$(summary_field total "$log"); failed=$(summary_field failed "$log")
  succeeded=$(summary_field succeeded "$log"); skipped=$(summary_field skipped "$log")
  errors=$(summary_field error "$log")
  echo
  succeeded=$((succeeded + chaos_passed)); failed=$((failed + chaos_failed))
  local line="$succeeded passed, $failed failed"
  ((skipped > 0)) && line+=", $skipped skipped"
  echo "$line"
  ((rc == 124 || rc == 137)) && die "tests timed out after ${FLEET_TEST_TIMEOUT:-900}s (log: $log)"
  ((chaos_failed > 0)) && info "the chaos run failed (log: $LOG_DIR/chaos.log)"
  ((failed > 0)) && die "$failed test(s) failed (log: $log)"
  ((rc != 0)) && die "test run failed with exit code $rc${errors:+ ($errors assembly error(s))} (log: $log)"
  ((total > 0)) || die "no tests ran (log: $log)"
  return 0
}

# 300 noop jobs through a local fleet (2 LLM + 1 RL worker) while workers are SIGKILLed every 6 s and RabbitMQ and
# PostgreSQL restart once each; passes when every job succeeded exactly once (tools/chaos, docs/reliability.md).
chaos_smoke() {
  local clog="$LOG_DIR/chaos.log" line rc=0
  info "chaos run: 300 noop jobs, SIGKILL a worker every 6 s, one broker and one database restart (log: $clog)"
  if ! (FLEET_NO_BUILD=1 cmd_up --scale worker-llm=2 --scale worker-rl=1) >"$clog" 2>&1; then
    tail -n 20 "$clog" >&2; (cmd_down) >>"$clog" 2>&1 || true; return 1
  fi
  line=$(cd "$ROOT" && timeout 300 dotnet tools/chaos/bin/Release/net10.0/Fleet.Chaos.dll --jobs 300 --kill-every-seconds 6 \
    --submit-rate 15 --long-percent 10 --deadline-seconds 180 --seed 11 2>>"$clog") || rc=$?
  echo "chaos: ${line:-no summary (exit $rc)}"
  (cmd_down) >>"$clog" 2>&1 || true
  ((rc == 0)) || { grep '^chaos: ' "$clog" | tail -n 8 >&2; return 1; }
}

# promtool (Debian's prometheus package) checks the alert rules operators load into Prometheus.
check_alert_rules() {
  if ! command -v promtool >/dev/null; then
    [[ $(id -u) == 0 ]] || die "promtool missing: apt-get install -y prometheus (it ships promtool)"
    info "installing promtool (apt-get install prometheus)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus </dev/null >>"$LOG_DIR/apt.log" 2>&1 \
      || { DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null >>"$LOG_DIR/apt.log" 2>&1 || true
           DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus </dev/null >>"$LOG_DIR/apt.log" 2>&1; } \
      || die "apt-get install prometheus failed (see $LOG_DIR/apt.log)"
  fi
  promtool check rules "$ROOT/compose/monitoring/fleet-alerts.yml" >&2 || die "promtool check rules failed: compose/monitoring/fleet-alerts.yml"
}

# The number after "  NAME: " in MTP's final "Test run summary" block (0 when absent).
summary_field() {
  local v
  v=$(awk -v k="$1" '/^Test run summary:/ {s=1} s && $1 == k":" {v=$2} END {print v+0}' "$2" 2>/dev/null)
  echo "${v:-0}"
}

test_cleanup() {
  if [[ ${CI:-} == true ]]; then dotnet build-server shutdown >/dev/null 2>&1 </dev/null || true; fi
}

# The dashboard's browser test drives Debian's chromium through its chromedriver: no browser download at test time.
browser_install() {
  [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] && return 0
  [[ $(id -u) == 0 ]] || die "the dashboard browser test needs chromium: apt-get install -y chromium chromium-driver"
  info "installing chromium chromium-driver (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver </dev/null >"$LOG_DIR/apt-browser.log" 2>&1 \
    || { DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null >>"$LOG_DIR/apt-browser.log" 2>&1 || true
         DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver </dev/null >>"$LOG_DIR/apt-browser.log" 2>&1; } \
    || die "apt-get install chromium chromium-driver failed (see $LOG_DIR/apt-browser.log)"
}
