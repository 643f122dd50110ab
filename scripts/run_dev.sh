#!/usr/bin/env sh
# `make run`: the web server with a task worker (and the periodic jobs) beside it, as in
# production. The worker needs a broker: the one configured (CELERY_BROKER_URL, else
# REDIS_URL, else Redis on 127.0.0.1:6379) if it answers; otherwise a private redis-server on
# a unix socket under var/, without persistence. Ctrl-C stops all of them.
set -eu
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
# DEBUG stays off, as in production, so that visitors of the demo see the portal's own
# translated error pages (an unknown address: «Pagina non trovata», not Django's technical page);
# `DEBUG=1 make run` shows the errors themselves to a developer. WhiteNoise serves the static
# files from where they are, uncollected; e-mails are still written as files under var/mail/.
export DEBUG="${DEBUG:-0}"
export WHITENOISE_USE_FINDERS="${WHITENOISE_USE_FINDERS:-1}"
export EMAIL_BACKEND="${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}"
# E-mail links lead to the port served here, unless a public address is given.
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"
BROKER="${CELERY_BROKER_URL:-${REDIS_URL:-redis://127.0.0.1:6379/0}}"
mkdir -p var
redis_pid=""
worker_pid=""

stop() {
    trap - EXIT INT TERM
    [ -n "$worker_pid" ] && kill -TERM "$worker_pid" 2>/dev/null && wait "$worker_pid" 2>/dev/null
    [ -n "$redis_pid" ] && kill -TERM "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null
    rm -f var/redis.sock
}
trap stop EXIT
trap 'exit 130' INT TERM

answers() {
    "$PY" -c 'import sys, redis; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1).ping()' \
        "$(echo "$1" | sed 's#^redis+socket://#unix://#')" 2>/dev/null
}

case "$BROKER" in
redis://* | rediss://* | redis+socket://* | unix://*)
    if ! answers "$BROKER"; then
        command -v redis-server >/dev/null 2>&1 || {
            echo "No Redis answers at $BROKER: install Debian's redis-server ('sudo apt-get install redis-server')." >&2
            exit 1
        }
        socket="$(pwd)/var/redis.sock"
        rm -f "$socket"
        redis-server --port 0 --unixsocket "$socket" --unixsocketperm 700 --save "" \
            --appendonly no --loglevel warning --logfile "$(pwd)/var/redis.log" &
        redis_pid=$!
        BROKER="redis+socket://$socket"
        for _ in 1 2 3 4 5 6 7 8 9 10; do answers "unix://$socket" && break; sleep 0.3; done
        echo "Started a private Redis for the task worker on $socket (stopped with the server)."
    fi
    ;;
esac
export CELERY_BROKER_URL="$BROKER"

# One worker with the periodic jobs (beat) inside it; in production they are separate services.
.venv/bin/celery -A taskforce worker --beat --concurrency=2 --loglevel=INFO \
    --schedule="$(pwd)/var/celerybeat-schedule" &
worker_pid=$!
# The badges approved while no worker ran (the demo's, loaded just before) are prepared now,
# not at the periodic job's first run a quarter of an hour later.
"$PY" manage.py prepare_badges --in-background >/dev/null ||
    echo "Could not queue the preparation of the badges: the periodic job will do it." >&2

"$PY" manage.py runserver "127.0.0.1:$PORT"
