#!/usr/bin/env sh
# Stop with one line naming the Debian package when a system piece the portal needs is missing.
missing() { echo "Missing $1: install it with 'sudo apt-get install $2'." >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || missing "Python 3" "python3"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || missing "Python 3.11 or newer" "python3"
python3 -c 'import venv, ensurepip' 2>/dev/null || missing "Python's venv module" "python3-venv"
command -v msgfmt >/dev/null 2>&1 || missing "msgfmt (to compile translations)" "gettext"
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1" || ls /usr/lib/*/"$1"* /usr/lib/"$1"* >/dev/null 2>&1; }
have_lib libpango-1.0.so || missing "the Pango library WeasyPrint needs" "libpango-1.0-0 libpangoft2-1.0-0"
have_lib libpangoft2-1.0.so || missing "the PangoFT2 library WeasyPrint needs" "libpangoft2-1.0-0"
have_lib libharfbuzz.so || missing "the HarfBuzz library WeasyPrint needs" "libharfbuzz0b"
have_lib libfontconfig.so || missing "the Fontconfig library WeasyPrint needs" "libfontconfig1"
have_lib libharfbuzz-subset.so || echo "Note: without HarfBuzz-Subset ('sudo apt-get install libharfbuzz-subset0') WeasyPrint subsets fonts with fontTools, and every PDF takes about 0.4 s longer." >&2
# The task worker's broker: a Redis of one's own, or the one CELERY_BROKER_URL / REDIS_URL name.
if [ -z "${CELERY_BROKER_URL:-}${REDIS_URL:-}" ]; then
  command -v redis-server >/dev/null 2>&1 || missing "Redis (the broker of the task worker)" "redis-server"
fi
fc-list 2>/dev/null | grep -qi "dejavu" || missing "fonts covering Latin and Cyrillic (DejaVu)" "fonts-dejavu-core"
fc-list 2>/dev/null | grep -q "PT Sans" || missing "PT Sans, the Cyrillic companion of the pages' typeface (pages and PDFs)" "fonts-paratype"
exit 0
