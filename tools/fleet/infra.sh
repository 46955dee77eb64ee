# shellcheck shell=bash
# Private PostgreSQL 15 and RabbitMQ 3.10 servers for a local fleet, data under $FLEET_DIR.
# Sourced by ./fleet (which defines ROOT, FLEET_DIR, LOG_DIR, RUN_DIR, die, info).

PG_PORT="${FLEET_PG_PORT:-55432}"
PG_BIN="/usr/lib/postgresql/15/bin"
RMQ_PORT="${FLEET_RABBITMQ_PORT:-55672}"
RMQ_MGMT_PORT="${FLEET_RABBITMQ_MGMT_PORT:-55673}"
RMQ_DIST_PORT="${FLEET_RABBITMQ_DIST_PORT:-55674}"
RMQ_PROM_PORT="${FLEET_RABBITMQ_PROMETHEUS_PORT:-55692}"
RMQ_EPMD_PORT="${FLEET_RABBITMQ_EPMD_PORT:-55369}"
RMQ_NODE="${FLEET_RABBITMQ_NODE:-fleet@localhost}"
RMQ_BIN="/usr/lib/rabbitmq/bin"   # the real scripts; /usr/sbin/* would su to the rabbitmq user
RMQ_DIR="$FLEET_DIR/rabbitmq"
PG_LINK="$FLEET_DIR/postgres"

# ---------------------------------------------------------------- packages

infra_install() {
  local missing=()
  [[ -x "$PG_BIN/postgres" ]] || missing+=(postgresql)
  [[ -x "$RMQ_BIN/rabbitmq-server" ]] || missing+=(rabbitmq-server)
  command -v curl >/dev/null || missing+=(curl)
  command -v jq >/dev/null || missing+=(jq)
  ((${#missing[@]} == 0)) && return 0
  [[ $(id -u) == 0 ]] || die "missing packages (${missing[*]}); run as root or install them: apt-get install -y ${missing[*]}"
  info "installing ${missing[*]} (apt)"
  # The packages' postinst scripts try to start the system services; we run our own private ones.
  local policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy=1
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" </dev/null >"$LOG_DIR/apt.log" 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null >>"$LOG_DIR/apt.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" </dev/null >>"$LOG_DIR/apt.log" 2>&1 \
      || { ((policy)) && rm -f /usr/sbin/policy-rc.d; tail -n 20 "$LOG_DIR/apt.log" >&2
           die "apt-get install ${missing[*]} failed (see $LOG_DIR/apt.log)"; }
  fi
  ((policy)) && rm -f /usr/sbin/policy-rc.d
  # A package install may have started the system's own servers; they do not disturb ours (other ports).
  [[ -x "$PG_BIN/postgres" && -x "$RMQ_BIN/rabbitmq-server" ]] || die "packages installed but binaries not found"
}

# ---------------------------------------------------------------- PostgreSQL

as_postgres() { runuser -u postgres -- "$@"; }

# The cluster lives in .fleet/postgres unless the postgres user cannot reach the repo (e.g. a clone under
# /root, which is mode 700); then it lives in /var/lib/fleet/<hash> and .fleet/postgres links to it.
pg_home() {
  if [[ -L "$PG_LINK" ]]; then readlink -f "$PG_LINK"; return; fi
  if [[ -d "$PG_LINK" ]] || as_postgres test -x "$FLEET_DIR" 2>/dev/null; then echo "$PG_LINK"; return; fi
  echo "/var/lib/fleet/$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)/postgres"
}

# The server log: .fleet/logs/postgres.log when postgres can write there, else beside the data (linked).
pg_log() { local home; home=$(pg_home); if [[ "$home" == "$PG_LINK" ]]; then echo "$LOG_DIR/postgres.log"; else echo "$home/postgres.log"; fi; }

pg_ctl_() { local home; home=$(pg_home); as_postgres "$PG_BIN/pg_ctl" -D "$home/data" "$@"; }

pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2 >/dev/null 2>&1; }

pg_up() {
  local home data log
  home=$(pg_home); data="$home/data"
  if [[ "$home" != "$PG_LINK" ]]; then
    mkdir -p "$home" && chmod 755 "$(dirname "$(dirname "$home")")" "$(dirname "$home")"
    [[ -e "$PG_LINK" ]] || ln -s "$home" "$PG_LINK"
  fi
  mkdir -p "$home/run"
  chown postgres:postgres "$home" "$home/run"
  log=$(pg_log)
  if [[ "$log" != "$LOG_DIR/postgres.log" && ! -e "$LOG_DIR/postgres.log" ]]; then ln -s "$log" "$LOG_DIR/postgres.log"; fi
  touch "$log" && chown postgres:postgres "$log"

  if [[ ! -s "$data/PG_VERSION" ]]; then
    info "postgres: initdb $data"
    rm -rf "$data"; mkdir -p "$data"; chown postgres:postgres "$data"; chmod 700 "$data"
    local pw; pw=$(mktemp); echo fleet >"$pw"; chown postgres "$pw"
    as_postgres "$PG_BIN/initdb" -D "$data" -U fleet --pwfile="$pw" -E UTF8 --no-locale \
      --auth-local=trust --auth-host=scram-sha-256 >"$home/initdb.log" 2>&1 \
      || { rm -f "$pw"; cat "$home/initdb.log" >&2; die "postgres: initdb failed"; }
    rm -f "$pw"
    cat >>"$data/postgresql.conf" <<EOF

# ---- fleet (written by ./fleet infra up)
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$home/run'
max_connections = 300
shared_buffers = 256MB
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = -1
EOF
    FLEET_PG_NEW=1
  fi

  if ! pg_ctl_ status >/dev/null 2>&1; then
    info "postgres: starting on 127.0.0.1:$PG_PORT"
    pg_ctl_ start -w -t 60 -l "$log" -o "-p $PG_PORT" </dev/null >/dev/null 2>&1 \
      || { tail -n 20 "$log" >&2; die "postgres: start failed (see $log)"; }
  fi
  local i
  for i in $(seq 1 100); do pg_ready && break; sleep 0.2; done
  pg_ready || { tail -n 20 "$log" >&2; die "postgres: not ready on 127.0.0.1:$PG_PORT"; }
  if [[ -n "${FLEET_PG_NEW:-}" ]] || ! pg_psql -d fleet -tAc 'select 1' >/dev/null 2>&1; then
    pg_psql -d postgres -tAc "select 1 from pg_database where datname='fleet'" | grep -q 1 \
      || pg_psql -d postgres -qc 'create database fleet' >/dev/null
  fi
}

pg_psql() { PGPASSWORD=fleet "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U fleet -X -v ON_ERROR_STOP=1 "$@"; }

pg_down() {
  [[ -s "$(pg_home)/data/PG_VERSION" ]] || return 0
  if pg_ctl_ status >/dev/null 2>&1; then
    info "postgres: stopping"
    pg_ctl_ stop -m fast -w -t 60 </dev/null >/dev/null 2>&1 || pg_ctl_ stop -m immediate -w </dev/null >/dev/null 2>&1 || true
  fi
}

pg_restart() {
  info "postgres: restarting"
  local log; log=$(pg_log)
  pg_ctl_ restart -m fast -w -t 60 -l "$log" -o "-p $PG_PORT" </dev/null >/dev/null 2>&1 \
    || { tail -n 20 "$log" >&2; die "postgres: restart failed"; }
  local i; for i in $(seq 1 100); do pg_ready && return 0; sleep 0.2; done
  die "postgres: not ready after restart"
}

# ---------------------------------------------------------------- RabbitMQ

# Everything the RabbitMQ scripts (server and CLI) must agree on. HOME holds the private Erlang cookie.
rmq_env() {
  export HOME="$RMQ_DIR"
  export RABBITMQ_NODENAME="$RMQ_NODE"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$RMQ_PORT"
  export RABBITMQ_DIST_PORT="$RMQ_DIST_PORT"
  export ERL_EPMD_PORT="$RMQ_EPMD_PORT"
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_CONF_ENV_FILE="$RMQ_DIR/rabbitmq-env.conf"
  export RABBITMQ_CONFIG_FILE="$RMQ_DIR/rabbitmq.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$RMQ_DIR/advanced.config"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_DIR/enabled_plugins"
  export RABBITMQ_MNESIA_BASE="$RMQ_DIR/mnesia"
  export RABBITMQ_LOG_BASE="$RMQ_DIR/log"
  export RABBITMQ_PID_FILE="$RMQ_DIR/$RMQ_NODE.pid"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export RABBITMQ_CTL_DIST_PORT_MIN="${FLEET_RABBITMQ_CTL_DIST_PORT_MIN:-55680}"
  export RABBITMQ_CTL_DIST_PORT_MAX="$((RABBITMQ_CTL_DIST_PORT_MIN + 10))"
}

# rabbitmqctl / rabbitmq-diagnostics / rabbitmq-plugins ... against our node: rmq_cli rabbitmqctl stop_app
rmq_cli() { local tool=$1; shift; (rmq_env; cd "$RMQ_DIR" && "$RMQ_BIN/$tool" -n "$RMQ_NODE" "$@"); }

rmq_api() { curl -fsS -m 5 -u fleet:fleet "http://127.0.0.1:$RMQ_MGMT_PORT/api/$1"; }
rmq_api_ok() { rmq_api overview >/dev/null 2>&1; }
rmq_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
rmq_pid() { local f="$RMQ_DIR/$RMQ_NODE.pid"; [[ -s "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; }

rmq_files() {
  mkdir -p "$RMQ_DIR/mnesia" "$RMQ_DIR/log"
  if [[ ! -s "$RMQ_DIR/.erlang.cookie" ]]; then
    (umask 077; od -An -tx1 -N16 /dev/urandom | tr -d ' \n' | tr '0-9a-f' 'A-P' >"$RMQ_DIR/.erlang.cookie")
  fi
  chmod 400 "$RMQ_DIR/.erlang.cookie"
  : >"$RMQ_DIR/rabbitmq-env.conf"
  echo '[rabbitmq_management,rabbitmq_prometheus].' >"$RMQ_DIR/enabled_plugins"
  echo '[].' >"$RMQ_DIR/advanced.config"
  cat >"$RMQ_DIR/rabbitmq.conf" <<EOF
# written by ./fleet infra up
listeners.tcp.1 = 127.0.0.1:$RMQ_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $RMQ_MGMT_PORT
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = $RMQ_PROM_PORT
default_user = fleet
default_pass = fleet
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
loopback_users = none
disk_free_limit.absolute = 200MB
log.file.level = info
log.console = false
# A job's RunJob stays unacknowledged while it runs (so a dead worker's job is redelivered). The default 30 min would
# close the channel under every longer job (RL training) and re-run it; Fleet's own heartbeat watchdog finds lost jobs.
consumer_timeout = 604800000
EOF
}

rmq_up() { rmq_start; rmq_wait; }

# Launch the node (no wait) unless it is already running.
rmq_start() {
  if rmq_api_ok; then return 0; fi
  rmq_files
  if ! rmq_pid >/dev/null; then
    if rmq_port_open "$RMQ_PORT"; then die "rabbitmq: 127.0.0.1:$RMQ_PORT is taken by another process"; fi
    info "rabbitmq: starting node $RMQ_NODE (amqp 127.0.0.1:$RMQ_PORT, management :$RMQ_MGMT_PORT)"
    (
      rmq_env
      cd "$RMQ_DIR" || exit 1
      # Fully detached (setsid, no inherited stdio) so that CI shells and pipes are not held open.
      setsid "$RMQ_BIN/rabbitmq-server" </dev/null >"$RMQ_DIR/log/startup.log" 2>&1 &
    )
  fi
}

# Wait for the management API (which also means AMQP is up and our user exists).
rmq_wait() {
  if rmq_api_ok; then return 0; fi
  local i
  for i in $(seq 1 300); do
    rmq_api_ok && break
    # The app may have been stopped with stop_app: start it again.
    if ((i == 50)) && rmq_pid >/dev/null && ! rmq_port_open "$RMQ_PORT"; then
      rmq_cli rabbitmqctl -q start_app >/dev/null 2>&1 || true
    fi
    sleep 0.2
  done
  if ! rmq_api_ok; then
    if rmq_port_open "$RMQ_PORT"; then
      # Node up but our user is unknown (mnesia created before): create it.
      rmq_ensure_user
    fi
    rmq_api_ok || { tail -n 30 "$RMQ_DIR/log/startup.log" "$RMQ_DIR/log/$RMQ_NODE.log" 2>/dev/null >&2
      die "rabbitmq: management API on 127.0.0.1:$RMQ_MGMT_PORT did not answer (logs in $RMQ_DIR/log)"; }
  fi
}

rmq_ensure_user() {
  rmq_cli rabbitmqctl -q add_user fleet fleet >/dev/null 2>&1 || rmq_cli rabbitmqctl -q change_password fleet fleet >/dev/null
  rmq_cli rabbitmqctl -q set_user_tags fleet administrator >/dev/null
  rmq_cli rabbitmqctl -q set_permissions -p / fleet '.*' '.*' '.*' >/dev/null
}

rmq_down() {
  local pid; pid=$(rmq_pid) || return 0
  info "rabbitmq: stopping node $RMQ_NODE"
  rmq_cli rabbitmqctl -q stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  local i; for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  # Our private epmd (its own port) goes too.
  (rmq_env; pkill_epmd) || true
}

pkill_epmd() {
  local p
  for p in $(pgrep -x epmd 2>/dev/null); do
    if tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx "ERL_EPMD_PORT=$RMQ_EPMD_PORT"; then kill "$p" 2>/dev/null || true; fi
  done
}

# ---------------------------------------------------------------- commands

infra_up() {
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  if pg_ready && rmq_api_ok; then return 0; fi
  infra_install
  rmq_start   # RabbitMQ boots (~5 s) while PostgreSQL starts
  pg_up
  rmq_wait
}

infra_down() { rmq_down; pg_down; }

infra_status() {
  local rc=0
  if pg_ready; then
    printf 'postgres  up    127.0.0.1:%s  data %s\n' "$PG_PORT" "$(pg_home)/data"
  else
    printf 'postgres  DOWN  127.0.0.1:%s\n' "$PG_PORT"; rc=1
  fi
  if rmq_cli rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
    local state="up"
    rmq_port_open "$RMQ_PORT" || { state="app-stopped"; rc=1; }
    rmq_api_ok || { [[ $state == up ]] && state="up (management API not answering)"; }
    printf 'rabbitmq  %s  node %s amqp 127.0.0.1:%s management http://127.0.0.1:%s prometheus :%s\n' \
      "$state" "$RMQ_NODE" "$RMQ_PORT" "$RMQ_MGMT_PORT" "$RMQ_PROM_PORT"
  else
    printf 'rabbitmq  DOWN  node %s amqp 127.0.0.1:%s\n' "$RMQ_NODE" "$RMQ_PORT"; rc=1
  fi
  return $rc
}

infra_usage() {
  cat <<EOF
usage: ./fleet infra COMMAND
  up                 install (if missing) and start the private PostgreSQL and RabbitMQ
  down               stop both
  status             show both (exit 1 if either is down)
  rabbitmq-stop-app  rabbitmqctl stop_app on our node (simulates a broker outage; the node stays up)
  rabbitmq-start-app rabbitmqctl start_app and wait for AMQP and the management API
  postgres-restart   pg_ctl restart -m fast and wait until ready
  postgres-stop      pg_ctl stop -m fast
  postgres-start     start PostgreSQL again
  rabbitmqctl ARGS   run rabbitmqctl against our node (also rabbitmq-diagnostics, rabbitmq-plugins, rabbitmq-queues)
  psql ARGS          psql as fleet to 127.0.0.1:$PG_PORT (database fleet unless -d is given)
  env                print the env that the RabbitMQ CLI needs (eval-able)
EOF
}

cmd_infra() {
  local sub="${1:-}"; shift || true
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  case "$sub" in
    up) infra_up; infra_status ;;
    down) infra_down ;;
    status) infra_status ;;
    rabbitmq-stop-app) rmq_cli rabbitmqctl -q stop_app ;;
    rabbitmq-start-app)
      rmq_cli rabbitmqctl -q start_app
      local i; for i in $(seq 1 150); do rmq_port_open "$RMQ_PORT" && rmq_api_ok && return 0; sleep 0.2; done
      die "rabbitmq: app did not come back" ;;
    postgres-restart) pg_restart ;;
    postgres-stop) pg_down ;;
    postgres-start) pg_up ;;
    rabbitmqctl|rabbitmq-diagnostics|rabbitmq-plugins|rabbitmq-queues|rabbitmq-upgrade) rmq_cli "$sub" "$@" ;;
    psql)
      local has_db=0 a; for a in "$@"; do [[ $a == -d || $a == --dbname* ]] && has_db=1; done
      if ((has_db)); then pg_psql "$@"; else pg_psql -d fleet "$@"; fi ;;
    env) (rmq_env; local v; for v in $(compgen -e | grep -E '^(HOME|RABBITMQ_|ERL_EPMD)' | sort); do printf 'export %s=%q\n' "$v" "${!v}"; done) ;;
    ""|-h|--help|help) infra_usage ;;
    *) infra_usage >&2; die "unknown infra command: $sub" ;;
  esac
}
