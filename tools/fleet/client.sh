# shellcheck shell=bash
# HTTP client commands: submit, demo. Sourced by ./fleet.

# FLEET_URL / FLEET_API_KEY from the environment, else from .fleet/env.
load_client_env() {
  if [[ -z ${FLEET_URL:-} || -z ${FLEET_API_KEY:-} ]]; then
    [[ -r "$FLEET_DIR/env" ]] || die "no $FLEET_DIR/env: run ./fleet up first (or set FLEET_URL and FLEET_API_KEY)"
    local k v
    while IFS='=' read -r k v; do
      case "$k" in
        FLEET_URL) FLEET_URL=${FLEET_URL:-$v} ;;
        FLEET_API_KEY) FLEET_API_KEY=${FLEET_API_KEY:-$v} ;;
        FLEET_DASHBOARD_URL) FLEET_DASHBOARD_URL=${FLEET_DASHBOARD_URL:-$v} ;;
      esac
    done <"$FLEET_DIR/env"
  fi
  FLEET_URL=${FLEET_URL%/}
  command -v jq >/dev/null || infra_install
}

# api METHOD PATH [BODY] [extra curl args...]: sets HTTP_CODE and HTTP_BODY; fails only on transport errors.
api() {
  local method=$1 path=$2 body=${3:-} out
  shift $(($# < 3 ? $# : 3))
  out=$(mktemp)
  local args=(-sS -m 30 -o "$out" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $FLEET_API_KEY" -H 'Accept: application/json')
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  if ! HTTP_CODE=$(curl "${args[@]}" "$@" "$FLEET_URL$path" 2>"$out.err"); then
    local err; err=$(head -n1 "$out.err"); rm -f "$out" "$out.err"
    die "$method $FLEET_URL$path: ${err#curl: }"
  fi
  HTTP_BODY=$(cat "$out"); rm -f "$out" "$out.err"
}

# One readable line for an HTTP error (problem+json when there is one).
http_error_line() {
  local what=$1 detail
  detail=$(jq -r '[.title, .detail, (.errors // {} | to_entries | map("\(.key): \(.value | if type == "array" then join(", ") else tostring end)") | join("; "))]
                  | map(select(. != null and . != "")) | join(" — ")' <<<"$HTTP_BODY" 2>/dev/null || true)
  [[ -n $detail ]] || detail=$(head -c 300 <<<"$HTTP_BODY" | tr '\n' ' ')
  echo "$what: HTTP $HTTP_CODE${detail:+: $detail}"
}

submit_usage() { echo "usage: ./fleet submit TYPE JSON [--idempotency-key K] [--run-at ISO8601] [--priority N] [--max-attempts N] [--timeout-seconds N]"; }

# submit_job TYPE JSON [options]: prints the response body, sets HTTP_CODE/HTTP_BODY; dies on errors.
submit_job() {
  (($# >= 2)) || { submit_usage >&2; die "submit needs TYPE and JSON"; }
  local type=$1 input=$2 key="" extra='{}'
  shift 2
  while (($#)); do
    (($# >= 2)) || { submit_usage >&2; die "$1 needs a value"; }
    case "$1" in
      --idempotency-key) key=$2 ;;
      --run-at) extra=$(jq -c --arg v "$2" '. + {runAt: $v}' <<<"$extra") ;;
      --priority|--max-attempts|--timeout-seconds)
        [[ $2 =~ ^-?[0-9]+$ ]] || die "$1 needs a number, got '$2'"
        local field; case "$1" in --priority) field=priority ;; --max-attempts) field=maxAttempts ;; *) field=timeoutSeconds ;; esac
        extra=$(jq -c --arg f "$field" --argjson v "$2" '. + {($f): $v}' <<<"$extra") ;;
      *) submit_usage >&2; die "submit: unknown option '$1'" ;;
    esac
    shift 2
  done
  load_client_env
  jq -e . >/dev/null 2>&1 <<<"$input" || die "submit: input is not valid JSON: $input"
  local body
  body=$(jq -cn --arg type "$type" --argjson input "$input" --argjson extra "$extra" '{type: $type, input: $input} + $extra')
  if [[ -n $key ]]; then api POST /v1/jobs "$body" -H "Idempotency-Key: $key"; else api POST /v1/jobs "$body"; fi
  if [[ ! $HTTP_CODE =~ ^2 ]]; then
    die "$(http_error_line "submit $type")"
  fi
}

cmd_submit() {
  [[ ${1:-} == -h || ${1:-} == --help ]] && { submit_usage; return 0; }
  submit_job "$@"
  if jq -e . >/dev/null 2>&1 <<<"$HTTP_BODY"; then jq . <<<"$HTTP_BODY"; else echo "$HTTP_BODY"; fi
}

# ---------------------------------------------------------------- demo

cmd_demo() {
  local up_args=("$@")
  cmd_up "${up_args[@]}"
  load_client_env
  echo
  echo "demo: submitting noop jobs to $FLEET_URL"
  local run_at
  run_at=$(date -u -d '+3 seconds' +%Y-%m-%dT%H:%M:%S.%3NZ)
  demo_submit "progress 5 steps" noop '{"sleepMs":500,"progressSteps":5}'
  demo_submit "slower, 10 steps" noop '{"sleepMs":2000,"progressSteps":10}'
  demo_submit "quick" noop '{"sleepMs":100}'
  demo_submit "fails once, retried" noop '{"sleepMs":300,"failTimes":1}' --max-attempts 3
  demo_submit "runAt +3s" noop '{"sleepMs":300,"progressSteps":3}' --run-at "$run_at"
  demo_poll 60
}

demo_submit() {
  local label=$1; shift
  submit_job "$@"
  local id; id=$(jq -r '.id // empty' <<<"$HTTP_BODY")
  [[ -n $id ]] || die "submit answered $HTTP_CODE without an id: $HTTP_BODY"
  DEMO_IDS+=("$id"); DEMO_LABELS+=("$label")
}

demo_row() {
  # Ids are UUIDv7 (time first): the tail tells them apart.
  jq -r --arg what "$2" '[.id[-8:], $what, .state, ((.attempts // 0) | tostring),
      ((.progress.percent // 0 | floor | tostring) + "%"),
      (if .result != null then (.result | tojson)
       elif .error != null and (.state == "failed" or .state == "cancelled") then (.error.code // "") + " " + (.error.message // "")
       else (.progress.message // "") end)] | @tsv' <<<"$1"
}

demo_poll() {
  local timeout=$1 deadline=$((SECONDS + $1)) table prev="" lines=0 i done_count states
  local tty=0; [[ -t 1 ]] && tty=1
  while :; do
    table=$(printf 'JOB\tWHAT\tSTATE\tATTEMPTS\tPROGRESS\tRESULT/ERROR\n')
    done_count=0; states=()
    for i in "${!DEMO_IDS[@]}"; do
      api GET "/v1/jobs/${DEMO_IDS[$i]}"
      if [[ $HTTP_CODE != 200 ]]; then
        table+=$'\n'"${DEMO_IDS[$i]:0:8}	${DEMO_LABELS[$i]}	HTTP $HTTP_CODE	-	-	-"
        states+=(unknown); continue
      fi
      table+=$'\n'"$(demo_row "$HTTP_BODY" "${DEMO_LABELS[$i]}")"
      local st; st=$(jq -r .state <<<"$HTTP_BODY"); states+=("$st")
      case "$st" in succeeded|failed|cancelled) done_count=$((done_count + 1)) ;; esac
    done
    table=$(tsv_table <<<"$table")
    if [[ $table != "$prev" ]]; then
      if ((tty)); then
        ((lines > 0)) && printf '\033[%dA\033[J' "$lines"
        printf '%s\n' "$table"; lines=$(wc -l <<<"$table")
      else
        printf '%s\n\n' "$table"
      fi
      prev=$table
    fi
    ((done_count == ${#DEMO_IDS[@]})) && break
    if ((SECONDS >= deadline)); then
      echo "demo: not all jobs finished within ${timeout}s" >&2
      break
    fi
    sleep 0.5
  done
  local failed=0 s
  for s in "${states[@]}"; do [[ $s == succeeded ]] || failed=$((failed + 1)); done
  echo
  echo "dashboard  ${FLEET_DASHBOARD_URL:-http://127.0.0.1:5081/hangfire}"
  echo "logs       ./fleet logs  (or $LOG_DIR/*.log)"
  echo "status     ./fleet status"
  echo "a job      curl -H \"Authorization: Bearer \$FLEET_API_KEY\" $FLEET_URL/v1/jobs/${DEMO_IDS[0]}   (key in .fleet/env)"
  ((failed == 0)) || die "demo: $failed of ${#DEMO_IDS[@]} jobs did not succeed"
  echo "demo: all ${#DEMO_IDS[@]} jobs succeeded"
}
DEMO_IDS=()
DEMO_LABELS=()

# ---------------------------------------------------------------- keys

keys_usage() {
  cat <<'USAGE'
usage: ./fleet keys create --tenant T --scopes a,b [--name N]   create a key; prints it once
       ./fleet keys list [--tenant T]                           id, tenant, scopes, name, created, revoked
       ./fleet keys revoke ID                                   refused everywhere within ~5 s
scopes: jobs:submit, jobs:read, jobs:cancel, admin. Uses the admin key in .fleet/env (or FLEET_URL / FLEET_API_KEY).
USAGE
}

cmd_keys() {
  local sub=${1:-}; shift || true
  case "$sub" in
    create) keys_create "$@" ;;
    list) keys_list "$@" ;;
    revoke) keys_revoke "$@" ;;
    ""|-h|--help|help) keys_usage ;;
    *) keys_usage >&2; die "keys: unknown command '$sub'" ;;
  esac
}

keys_create() {
  local tenant="" scopes="" name=""
  while (($#)); do
    (($# >= 2)) || { keys_usage >&2; die "keys create: $1 needs a value"; }
    case "$1" in
      --tenant) tenant=$2 ;;
      --scopes) scopes=$2 ;;
      --name) name=$2 ;;
      *) keys_usage >&2; die "keys create: unknown option '$1'" ;;
    esac
    shift 2
  done
  [[ -n $tenant ]] || die "keys create: --tenant is required"
  [[ -n $scopes ]] || die "keys create: --scopes is required (comma-separated: jobs:submit,jobs:read,jobs:cancel,admin)"
  load_client_env
  local body
  body=$(jq -cn --arg tenant "$tenant" --arg scopes "$scopes" --arg name "$name" \
    '{tenant: $tenant, scopes: ($scopes | split(",") | map(select(. != ""))) } + (if $name == "" then {} else {name: $name} end)')
  api POST /v1/keys "$body"
  [[ $HTTP_CODE == 201 ]] || die "$(http_error_line "keys create")"
  jq -r '"id      \(.id)\ntenant  \(.tenant)\nscopes  \(.scopes | join(","))\nname    \(.name)\nkey     \(.key)"' <<<"$HTTP_BODY"
  echo "(the key is shown only now: store it in a secret)" >&2
}

keys_list() {
  local query=""
  if (($#)); then
    [[ $1 == --tenant && $# -eq 2 ]] || { keys_usage >&2; die "keys list: unknown arguments '$*'"; }
    query="?tenant=$(jq -rn --arg t "$2" '$t | @uri')"
  fi
  load_client_env
  api GET "/v1/keys$query"
  [[ $HTTP_CODE == 200 ]] || die "$(http_error_line "keys list")"
  { printf 'ID\tTENANT\tSCOPES\tNAME\tCREATED\tREVOKED\n'
    jq -r '.items[] | [.id, .tenant, (.scopes | join(",")), .name, .createdAt, (.revokedAt // "-")] | @tsv' <<<"$HTTP_BODY"; } | tsv_table
}

keys_revoke() {
  (($# == 1)) || { keys_usage >&2; die "keys revoke needs exactly one ID"; }
  [[ $1 =~ ^[0-9a-fA-F-]{36}$ ]] || die "keys revoke: '$1' is not a key id (see ./fleet keys list)"
  load_client_env
  api DELETE "/v1/keys/$1"
  case "$HTTP_CODE" in
    204) echo "revoked $1 (other replicas refuse it within Auth:KeyCacheDuration, 5 s by default)" ;;
    404) die "keys revoke: no key with id $1" ;;
    *) die "$(http_error_line "keys revoke")" ;;
  esac
}
