"""Bad configuration gets a one-line message, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_malformed_database_url_gets_a_clear_message():
    result = manage("check", DATABASE_URL="nonsense://")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_secret_key_in_production_gets_a_clear_message():
    result = manage("check", DJANGO_SETTINGS_MODULE="taskforce.settings_production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_the_deployment_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level=WARNING",
        DJANGO_SETTINGS_MODULE="taskforce.settings_production",
        SECRET_KEY="x" * 20 + "production-secret-key-for-the-deployment-check-0123456789",
        ALLOWED_HOSTS="taskforce.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def site_url(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")}
    environment.update(env)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.SITE_URL)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout.strip().splitlines()[-1]


def test_site_url_follows_the_port_make_run_serves_on():
    assert site_url(PORT="8080") == "http://127.0.0.1:8080"
    assert site_url() == "http://127.0.0.1:8000"
    assert site_url(PORT="8080", SITE_URL="https://taskforce.example.org/") == (
        "https://taskforce.example.org"
    )


def test_make_run_script_exports_a_site_url_on_its_port():
    script = (ROOT / "scripts" / "run_dev.sh").read_text()
    assert 'export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"' in script


def test_make_run_keeps_debug_off_and_serves_static_files_from_their_folders():
    """`make run` shows the portal's own error pages (DEBUG off), static files still served."""
    script = (ROOT / "scripts" / "run_dev.sh").read_text()
    assert 'export DEBUG="${DEBUG:-0}"' in script
    assert 'export WHITENOISE_USE_FINDERS="${WHITENOISE_USE_FINDERS:-1}"' in script
    assert 'export EMAIL_BACKEND="${EMAIL_BACKEND:-django.core.mail.backends.filebased' in script


def test_without_debug_whitenoise_serves_uncollected_static_files_when_asked(settings, client):
    from django.test import RequestFactory
    from whitenoise.middleware import WhiteNoiseMiddleware

    settings.DEBUG = False
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    middleware = WhiteNoiseMiddleware(lambda request: None)
    response = middleware(RequestFactory().get("/static/css/fonts.css"))
    assert response.status_code == 200
    assert b"@font-face" in b"".join(response.streaming_content)

    missing = client.get("/it/no-such-page/")
    assert missing.status_code == 404
    assert "Pagina non trovata" in missing.content.decode()
