# shellcheck shell=bash
# ./fleet backup and ./fleet restore ID. Sourced by ./fleet.

BACKUP_ROOT_DEFAULT="$FLEET_DIR/backups"

# Submits backup.run through the API and waits for it; prints the result ({"backupId","bytes","verified"}).
cmd_backup() {
  local timeout=${FLEET_BACKUP_TIMEOUT:-600}
  (($# == 0)) || die "usage: ./fleet backup"
  submit_job backup.run '{}'
  local id state deadline=$((SECONDS + timeout))
  id=$(jq -r '.id // empty' <<<"$HTTP_BODY")
  [[ -n $id ]] || die "submit answered $HTTP_CODE without an id: $HTTP_BODY"
  info "backup job $id submitted; waiting (up to ${timeout}s)"
  while :; do
    api GET "/v1/jobs/$id"
    [[ $HTTP_CODE == 200 ]] || die "$(http_error_line "GET /v1/jobs/$id")"
    state=$(jq -r .state <<<"$HTTP_BODY")
    case "$state" in
      succeeded) jq -c .result <<<"$HTTP_BODY"; return 0 ;;
      failed|cancelled) die "backup job $id $state: $(jq -r '(.error.code // "") + " " + (.error.message // "")' <<<"$HTTP_BODY")" ;;
    esac
    ((SECONDS < deadline)) || die "backup job $id still $state after ${timeout}s"
    sleep 1
  done
}

restore_usage() { echo "usage: ./fleet restore ID [--backup-root DIR] [--database CONNINFO] [--no-restart]"; }

# Restores a backup made by backup.run. By default into the local fleet's database, with the fleet stopped
# first and started again after; --database (a libpq connection string or URI) and --no-restart restore elsewhere.
cmd_restore() {
  local id="" root=$BACKUP_ROOT_DEFAULT database="" restart=1
  while (($#)); do
    case "$1" in
      -h|--help) restore_usage; return 0 ;;
      --backup-root) (($# >= 2)) || die "--backup-root needs a folder"; root=$2; shift ;;
      --database) (($# >= 2)) || die "--database needs a connection string"; database=$2; shift ;;
      --no-restart) restart=0 ;;
      -*) restore_usage >&2; die "restore: unknown option '$1'" ;;
      *) [[ -z $id ]] || die "restore takes one backup ID"; id=$1 ;;
    esac
    shift
  done
  [[ -n $id ]] || { restore_usage >&2; die "restore needs a backup ID (the backupId a backup printed)"; }
  command -v jq >/dev/null && command -v pg_restore >/dev/null || infra_install
  local dir="$root/$id"
  if [[ ! $id =~ ^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$ || ! -f $dir/manifest.json ]]; then
    local known; known=$(find "$root" -mindepth 2 -maxdepth 2 -name manifest.json -printf '%h\n' 2>/dev/null | xargs -r -n1 basename | sort | tail -n 3 | paste -sd' ' - || true)
    die "unknown backup ID: $id (no $dir/manifest.json${known:+; newest: $known})"
  fi
  [[ $(jq -r .verified "$dir/manifest.json") == true ]] || info "warning: backup $id was not verified by a test restore"
  local name size sum actual
  while IFS=$'\t' read -r name size sum; do
    [[ -f $dir/$name ]] || die "backup $id is incomplete: $name is missing"
    actual=$(sha256sum "$dir/$name" | cut -d' ' -f1)
    [[ $actual == "$sum" ]] || die "backup $id is damaged: $name has SHA-256 $actual, the manifest says $sum"
  done < <(jq -r '.files[] | [.name, (.bytes | tostring), .sha256] | @tsv' "$dir/manifest.json")

  local was_running=0
  if [[ -z $database ]]; then
    database="host=127.0.0.1 port=$PG_PORT dbname=fleet user=fleet password=fleet"
    if ((restart)) && [[ -n $(running_names) ]]; then was_running=1; info "stopping the fleet"; cmd_down; fi
  fi
  local started=$SECONDS err
  err=$(mktemp)
  # One transaction: a restore that fails part-way leaves the database as it was.
  pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
    --dbname "$database" "$dir/database.dump" 2>"$err" \
    || die "pg_restore of $id failed: $(grep -m1 -i error "$err" || head -n1 "$err")"
  rm -f "$err"
  # The dump was taken while this backup's own job ran: finish that job in the restored rows, as it did finish.
  psql "$database" -v ON_ERROR_STOP=1 -q -v job="$(jq -r .jobId "$dir/manifest.json")" \
    -v result="$(jq -c '{backupId, bytes: ([.files[].bytes] | add), verified}' "$dir/manifest.json")" <<'SQL' >/dev/null \
    || die "restored $id, but could not mark its backup job finished"
UPDATE jobs SET state = 'succeeded', result = :'result'::jsonb, progress_percent = 100, finished_at = now(),
                updated_at = now(), version = version + 1
WHERE id = :'job'::uuid AND state NOT IN ('succeeded', 'failed', 'cancelled');
SQL
  echo "restored backup $id into $(sed -E 's/password=[^ ]*/password=***/; s#//([^:@/]*):[^@]*@#//\1:***@#' <<<"$database") in $((SECONDS - started))s"
  if ((was_running)); then info "starting the fleet"; FLEET_NO_BUILD=1 cmd_up; fi
}
