#!/usr/bin/env bash
# Switchyard's nightly backup and restore check (installed by backup.yml as /usr/local/bin/switchyard-backup).
#
#   switchyard-backup dump            pg_dump (custom format) into BACKUP_DIR, prune dumps older than
#                                     BACKUP_RETENTION_DAYS, then copy the new dump off-box when configured
#   switchyard-backup restore-check   restore the newest dump into a scratch database, count the rows of
#                                     the main tables (fails when a table is missing or the dump is empty)
#   switchyard-backup restore FILE    restore FILE into DATABASE (the runbook's restore step; stop the app first)
#   switchyard-backup fetch NAME      download the off-box copy NAME (a switchyard-*.dump) into BACKUP_DIR
#
# Settings come from the environment (backup.yml writes them to /etc/switchyard/backup.env):
#   BACKUP_DIR, BACKUP_RETENTION_DAYS (default 14), DATABASE (default switchyard)
#   PG_DUMP, PG_RESTORE, PSQL: the commands to run, with their connection options. On the VPS they run
#     inside the postgres container (`docker compose exec -T postgres pg_dump -U switchyard`), so the
#     client always matches the server's version.
#   BACKUP_S3_ENDPOINT (https://s3.example.com), BACKUP_S3_BUCKET, BACKUP_S3_ACCESS_KEY, BACKUP_S3_SECRET_KEY,
#     BACKUP_S3_REGION (default us-east-1): when the endpoint and bucket are set, each dump is uploaded there
#     (path-style, one signed PUT, so at most 5 GiB) with curl's AWS Signature V4; the keys reach curl on its
#     standard input, never on its command line.
set -euo pipefail

BACKUP_DIR="${BACKUP_DIR:?BACKUP_DIR is not set}"
RETENTION_DAYS="${BACKUP_RETENTION_DAYS:-14}"
DATABASE="${DATABASE:-switchyard}"
PG_DUMP="${PG_DUMP:-pg_dump}"
PG_RESTORE="${PG_RESTORE:-pg_restore}"
PSQL="${PSQL:-psql}"
# Tables a real Switchyard database always has; the restore check counts them.
CHECK_TABLES="${CHECK_TABLES:-webhook_sources webhook_events rules audit_events schema_migrations}"

log() { printf '%s switchyard-backup: %s\n' "$(date -u +%FT%TZ)" "$*"; }

newest_dump() {
  find "$BACKUP_DIR" -maxdepth 1 -name 'switchyard-*.dump' -type f -printf '%T@ %p\n' | sort -n | tail -n 1 | cut -d' ' -f2-
}

dump() {
  mkdir -p "$BACKUP_DIR"
  local file partial
  file="$BACKUP_DIR/switchyard-$(date -u +%Y%m%dT%H%M%SZ).dump"
  partial="$file.partial"
  # Written under another name first: a dump cut short is never taken for the newest one.
  $PG_DUMP --format=custom --no-owner "$DATABASE" >"$partial"
  mv "$partial" "$file"
  log "dumped $DATABASE to $file ($(stat -c %s "$file") bytes)"
  find "$BACKUP_DIR" -maxdepth 1 -name 'switchyard-*.dump' -type f -mtime "+$((RETENTION_DAYS - 1))" -print -delete |
    sed 's/^/pruned (older than '"$RETENTION_DAYS"' days): /'
  find "$BACKUP_DIR" -maxdepth 1 -name '*.partial' -type f -mmin +60 -delete
  if offbox_configured; then
    offbox PUT "$(basename "$file")" --upload-file "$file" -H "x-amz-content-sha256: $(sha256sum "$file" | cut -d' ' -f1)"
    log "copied $(basename "$file") to $BACKUP_S3_ENDPOINT/$BACKUP_S3_BUCKET"
  fi
}

offbox_configured() { [ -n "${BACKUP_S3_ENDPOINT:-}" ] && [ -n "${BACKUP_S3_BUCKET:-}" ]; }

# One signed request to the off-box bucket: offbox METHOD OBJECT [curl options...]. S3 answers an error
# (a wrong key, a missing bucket) with a status curl turns into a failure, so the unit fails loudly.
offbox() {
  local method="$1" object="$2"
  shift 2
  local region="${BACKUP_S3_REGION:-us-east-1}" answer
  if ! answer="$(printf 'user = "%s:%s"\n' "${BACKUP_S3_ACCESS_KEY:?BACKUP_S3_ACCESS_KEY is not set}" \
    "${BACKUP_S3_SECRET_KEY:?BACKUP_S3_SECRET_KEY is not set}" |
    curl --config - --silent --show-error --fail-with-body --request "$method" \
      --aws-sigv4 "aws:amz:$region:s3" "$@" "${BACKUP_S3_ENDPOINT%/}/$BACKUP_S3_BUCKET/$object")"; then
    log "off-box $method of $object FAILED: ${answer:-no answer}"
    exit 1
  fi
}

restore_into() {
  local file="$1" target="$2"
  shift 2
  # pg_restore reads the dump on standard input, so it works the same inside a container.
  $PG_RESTORE --no-owner --exit-on-error "$@" --dbname="$target" <"$file"
}

restore_check() {
  local file scratch total=0 count
  file="$(newest_dump)"
  if [ -z "$file" ]; then
    log "restore check FAILED: no dump in $BACKUP_DIR"
    exit 1
  fi
  scratch="${DATABASE}_restore_check"
  $PSQL -v ON_ERROR_STOP=1 -qAt -d postgres -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS \"$scratch\"" -c "CREATE DATABASE \"$scratch\"" >/dev/null
  trap '$PSQL -qAt -d postgres -c "DROP DATABASE IF EXISTS \"'"$scratch"'\"" >/dev/null 2>&1 || true' EXIT
  if ! restore_into "$file" "$scratch"; then
    log "restore check FAILED: $(basename "$file") could not be restored (pg_restore's reason above)"
    exit 1
  fi
  for table in $CHECK_TABLES; do
    if ! count="$($PSQL -v ON_ERROR_STOP=1 -qAt -d "$scratch" -c "SELECT count(*) FROM \"$table\"" 2>/dev/null)"; then
      log "restore check FAILED: table $table is missing from $(basename "$file")"
      exit 1
    fi
    log "restore check: $table has $count rows"
    total=$((total + count))
  done
  if [ "$total" -eq 0 ]; then
    log "restore check FAILED: $(basename "$file") restored with no rows in $CHECK_TABLES"
    exit 1
  fi
  log "restore check passed: $(basename "$file") restored into $scratch with $total rows in the checked tables"
}

case "${1:-}" in
  dump) dump ;;
  restore-check) restore_check ;;
  restore)
    [ -f "${2:-}" ] || { echo "usage: $0 restore FILE (a switchyard-*.dump)" >&2; exit 2; }
    restore_into "$2" "$DATABASE" --clean --if-exists
    log "restored $2 into $DATABASE"
    ;;
  fetch)
    case "${2:-}" in switchyard-*.dump) ;; *) echo "usage: $0 fetch NAME (a switchyard-*.dump)" >&2; exit 2 ;; esac
    offbox_configured || { echo "$0 fetch: BACKUP_S3_ENDPOINT and BACKUP_S3_BUCKET are not set" >&2; exit 2; }
    mkdir -p "$BACKUP_DIR"
    # The empty payload's hash: a GET has no body.
    offbox GET "$2" --output "$BACKUP_DIR/$2.partial" \
      -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    mv "$BACKUP_DIR/$2.partial" "$BACKUP_DIR/$2"
    log "fetched $2 into $BACKUP_DIR"
    ;;
  *)
    echo "usage: $0 dump | restore-check | restore FILE | fetch NAME" >&2
    exit 2
    ;;
esac
