"""Reading settings from the environment, with one-line errors instead of tracebacks."""

import os
import sys

import dj_database_url


def fail(message):
    """Stop the process with a one-line message: settings errors are the operator's, not bugs."""
    sys.stderr.write(f"Configuration error: {message}\n")
    sys.exit(2)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        fail(f"{name} must be an integer, not {value!r}.")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_env(default_url, conn_max_age):
    url = os.environ.get("DATABASE_URL") or default_url
    try:
        config = dj_database_url.parse(
            url, conn_max_age=conn_max_age, conn_health_checks=conn_max_age > 0
        )
    except Exception as error:  # dj-database-url raises ValueError or its own errors
        fail(
            f"DATABASE_URL is malformed ({error}). Expected e.g. "
            "postgres://user:password@host:5432/name or sqlite:///var/db.sqlite3."
        )
    if not config.get("ENGINE"):
        fail(f"DATABASE_URL names an unsupported database: {url.split(':', 1)[0]!r}.")
    return config
