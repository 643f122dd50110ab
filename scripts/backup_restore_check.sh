#!/bin/sh
# Prove that a backup can be restored: dump the database with pg_dump, restore the dump into
# a scratch database with pg_restore, compare the row count of every table, check that the
# restored schema needs no migration, then drop the scratch database.
#
#   scripts/backup_restore_check.sh [DATABASE_URL] [DUMP_FILE]
#
# DATABASE_URL defaults to the environment's; DUMP_FILE to a temporary file (removed at the
# end). Run it against a recent backup's source from time to time, as the README says.
set -eu

SOURCE_URL="${1:-${DATABASE_URL:-}}"
case "$SOURCE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup_restore_check: DATABASE_URL must be a postgres:// URL" >&2; exit 2 ;;
esac
SOURCE_URL="${SOURCE_URL%%\?*}"
BASE_URL="${SOURCE_URL%/*}"
SOURCE_NAME="${SOURCE_URL##*/}"
SCRATCH_NAME="${SOURCE_NAME}_restore_check_$$"
SCRATCH_URL="$BASE_URL/$SCRATCH_NAME"
KEEP_DUMP="${2:-}"
DUMP_FILE="${2:-$(mktemp /tmp/taskforce-backup.XXXXXX)}"
WORK_DIR="$(mktemp -d /tmp/taskforce-restore-check.XXXXXX)"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-$HERE/.venv/bin/python}"

cleanup() {
  psql --quiet --no-psqlrc "$BASE_URL/postgres" \
    -c "DROP DATABASE IF EXISTS \"$SCRATCH_NAME\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK_DIR"
  if [ -z "$KEEP_DUMP" ]; then rm -f "$DUMP_FILE"; fi
}
trap cleanup EXIT INT TERM

COUNT_ROWS="SELECT table_name || ' ' || (xpath('/row/c/text()', query_to_xml(
  format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text
  FROM information_schema.tables
  WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"

echo "1. pg_dump $SOURCE_NAME -> $DUMP_FILE"
pg_dump --format=custom --no-owner --file="$DUMP_FILE" "$SOURCE_URL"
psql --quiet --no-psqlrc --tuples-only --no-align "$SOURCE_URL" -c "$COUNT_ROWS" >"$WORK_DIR/source"

echo "2. pg_restore into the scratch database $SCRATCH_NAME"
psql --quiet --no-psqlrc "$BASE_URL/postgres" -c "CREATE DATABASE \"$SCRATCH_NAME\"" >/dev/null
pg_restore --no-owner --exit-on-error --dbname="$SCRATCH_URL" "$DUMP_FILE"
psql --quiet --no-psqlrc --tuples-only --no-align "$SCRATCH_URL" -c "$COUNT_ROWS" >"$WORK_DIR/restored"

echo "3. compare the row counts of $(wc -l <"$WORK_DIR/source" | tr -d ' ') tables"
if ! diff -u "$WORK_DIR/source" "$WORK_DIR/restored"; then
  echo "backup_restore_check: FAILED, the restored row counts differ" >&2
  exit 1
fi

echo "4. the restored database needs no migration"
(cd "$HERE" && DATABASE_URL="$SCRATCH_URL" "$PYTHON" manage.py migrate --check --verbosity=0)

echo "backup_restore_check: OK, $(awk '{s += $2} END {print s}' "$WORK_DIR/restored") rows restored identically"
