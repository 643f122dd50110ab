"""LOG_FORMAT=json gives one JSON object per log line."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from taskforce.log_format import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]


def test_a_record_becomes_one_json_object_with_its_extra_fields():
    record = logging.makeLogRecord(
        {
            "name": "taskforce.audit",
            "levelname": "INFO",
            "levelno": logging.INFO,
            "msg": "audit action=%s",
            "args": ("export",),
            "audit_user": "organizer",
            "client_ip": None,
        }
    )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "audit action=export"
    assert entry["logger"] == "taskforce.audit"
    assert entry["level"] == "INFO"
    assert entry["audit_user"] == "organizer"
    assert entry["client_ip"] is None
    assert entry["time"].endswith("+00:00")


def test_the_setting_switches_the_console_to_json():
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('taskforce').warning('Привет %s', 'мир')"
    )
    environment = {
        **os.environ,
        "LOG_FORMAT": "json",
        "DJANGO_SETTINGS_MODULE": "taskforce.settings",
    }
    environment.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    lines = [line for line in result.stderr.splitlines() if line.startswith("{")]
    assert json.loads(lines[-1])["message"] == "Привет мир"
