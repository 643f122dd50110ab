"""The portal as `make bench` serves it: a scratch database filled with the demo data
(PostgreSQL when DATABASE_URL names one), static files collected as in production, gunicorn
with two sync workers and the production settings (bench/settings.py), and the load
generator (bench/loadgen.py) in a process of its own."""

import contextlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import urllib.parse

from bench.server import ROOT, gunicorn

WORKERS = 2
# What the reverse proxy adds to every request (production redirects plain HTTP to HTTPS).
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
DEMO_COMMANDS = (
    "load_reference_data",
    "load_history",
    "load_demo_data",
    "load_demo_registrations",
    "load_demo_agreements",
)


def manage(env, *arguments, capture=False):
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "taskforce.settings", **env},
        check=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        text=True,
    )
    return result.stdout


@contextlib.contextmanager
def scratch_database():
    """Environment variables naming a fresh, empty database: a scratch PostgreSQL database
    beside the one DATABASE_URL names (dropped afterwards), else a SQLite file."""
    var_dir = tempfile.mkdtemp(prefix="taskforce-bench-")
    # One key for the server and for the commands that sign links for it.
    env = {"VAR_DIR": var_dir, "LOG_LEVEL": "WARNING", "SECRET_KEY": secrets.token_urlsafe(50)}
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        env["DATABASE_URL"] = f"sqlite:///{var_dir}/db.sqlite3"
        yield env
        return
    import psycopg2

    parsed = urllib.parse.urlparse(url)
    scratch = f"taskforce_bench_{os.getpid()}"
    maintenance = psycopg2.connect(
        dbname="postgres",
        user=parsed.username,
        password=parsed.password,
        host=parsed.hostname,
        port=parsed.port or 5432,
    )
    maintenance.autocommit = True
    with maintenance.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    env["DATABASE_URL"] = urllib.parse.urlunparse(parsed._replace(path=f"/{scratch}"))
    try:
        yield env
    finally:
        with maintenance.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        maintenance.close()


@contextlib.contextmanager
def demo_database():
    """A scratch database, migrated and filled as `make demo-data` fills it."""
    with scratch_database() as env:
        manage(env, "migrate", "--noinput", "--verbosity=0")
        for command in DEMO_COMMANDS:
            manage(env, command)
        yield env


def production_environment(env):
    """`env` plus what the production settings need, with static files collected once."""
    static_root = os.path.join(env["VAR_DIR"], "static")
    environment = {
        **env,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_STATIC_ROOT": static_root,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CONN_MAX_AGE": "600",
        "DEBUG": "0",
    }
    if not os.path.isdir(static_root):
        manage(environment, "collectstatic", "--noinput", "--verbosity=0")
    return environment


@contextlib.contextmanager
def served(env, workers=WORKERS):
    """The portal under gunicorn with production settings; yields the port."""
    with gunicorn(production_environment(env), workers=workers) as port:
        yield port


def run_load(job):
    """Run the load generator in its own process on `job` (see bench/loadgen.py)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "loadgen.py")],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)
