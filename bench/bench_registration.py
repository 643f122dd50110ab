"""Registration under a last-day rush, through gunicorn (production settings, two sync
workers) on PostgreSQL, the load generator in a process of its own (bench/loadgen.py): 400
delegates at once each GET the form and POST it (each from its own address, as behind the
reverse proxy, so the rate limits apply as in production), then all 400 GET their confirmation
page and POST its button. Capacity 300 Italian + 70 Russian places, so both waiting lists are
exercised. BENCH_ROUNDS rounds, each on a fresh session; medians. Then the admin changelist
with 10 000 registrations (in this process: a single-user figure).

Concurrency needs PostgreSQL: on SQLite the rush refuses to run."""

import json
import statistics
import time

from bench.common import benchmark_database, database_label, goal_row, lombardy, rounds
from bench.site import PROXY_HEADERS, manage, run_load, scratch_database, served

REGISTRATIONS = 400
CAPACITY_ITALIAN = 300
CAPACITY_RUSSIAN = 70
CHANGELIST_ROWS = 10_000
RATE_GOAL = 3000  # delegates a minute
P95_GOAL = 10.0  # seconds, for the whole burst


def _session(env, number):
    code = f"""
import datetime
from django.utils import timezone
from sessions_app.models import Region, Session
region, _ = Region.objects.get_or_create(code="IT-25", defaults=dict(country="IT",
    kind="region", name_it="Lombardia", name_ru="Ломбардия", name_en="Lombardy"))
start = timezone.localdate() + datetime.timedelta(days=30)
Session.objects.create(number={number}, host_country="IT", host_region=region,
    city_it="Bergamo", start_date=start, end_date=start + datetime.timedelta(days=1),
    status="registration_open", registration_opens=timezone.now() - datetime.timedelta(days=1),
    registration_closes=timezone.now() + datetime.timedelta(days=1),
    capacity_italian={CAPACITY_ITALIAN}, capacity_russian={CAPACITY_RUSSIAN})
"""
    manage(env, "shell", "-c", code)


def _confirmation_paths(env, number):
    code = f"""
import json
from django.urls import reverse
from django.utils import translation
from delegates.models import Registration
from delegates.services.tokens import make_confirmation_token
translation.activate("it")
print(json.dumps([reverse("delegates:confirm", args=[make_confirmation_token(r)])
    for r in Registration.objects.filter(session__number={number}).select_related("person")]))
"""
    return json.loads(manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1])


def _outcome(env, number):
    code = f"""
import json
from delegates.models import Registration
mine = Registration.objects.filter(session__number={number})
print(json.dumps({{"saved": mine.count(), **{{d: [mine.filter(delegation=d).holding_place().count(),
    mine.filter(delegation=d).waitlisted().count()] for d in ("IT", "RU")}}}}))
"""
    return json.loads(manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1])


def _rush(env, port, number):
    _session(env, number)
    forms = [_form(index) for index in range(REGISTRATIONS)]
    path = f"/it/sessions/{number}/register/"
    submitted = run_load(
        {
            "mode": "register",
            "port": port,
            "path": path,
            "forms": forms,
            "clients": REGISTRATIONS,
            "headers": PROXY_HEADERS,
        }
    )
    paths = _confirmation_paths(env, number)
    confirmed = run_load(
        {
            "mode": "confirm",
            "port": port,
            "paths": paths,
            "clients": REGISTRATIONS,
            "headers": PROXY_HEADERS,
        }
    )
    return submitted, confirmed, _outcome(env, number)


def _p95(values):
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0


def _rush_rows(rows):
    if database_label() != "PostgreSQL":
        rows.append(_row("rush not measured", "", "", "concurrency needs PostgreSQL"))
        return
    env_extra = {
        "TRUST_X_FORWARDED_FOR": "1",
        # The confirmation e-mails' tasks go to a Redis database of the benchmark's own.
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/14",
    }
    results = []
    with scratch_database() as env:
        env.update(env_extra)
        manage(env, "migrate", "--noinput", "--verbosity=0")
        with served(env) as port:
            for number in range(rounds()):
                results.append(_rush(env, port, 400 + number))
    try:
        import redis

        redis.Redis.from_url(env_extra["CELERY_BROKER_URL"]).flushdb()
    except Exception:  # noqa: BLE001 - only a clean-up
        pass
    rates, p95s, errors, lost, over = [], [], 0, 0, 0
    for submitted, confirmed, outcome in results:
        seconds = submitted["seconds"] + confirmed["seconds"]
        rates.append(REGISTRATIONS / seconds * 60)
        p95s.append(_p95(submitted["latencies"]) + _p95(confirmed["latencies"]))
        errors += len(submitted["errors"]) + len(confirmed["errors"])
        lost += REGISTRATIONS - outcome["saved"]
        over += max(0, outcome["IT"][0] - CAPACITY_ITALIAN)
        over += max(0, outcome["RU"][0] - CAPACITY_RUSSIAN)
    last = results[-1]
    messages = sorted(set(last[0]["errors"] + last[1]["errors"]))[:3]
    submit_seconds = statistics.median(submitted["seconds"] for submitted, _, _ in results)
    confirm_seconds = statistics.median(confirmed["seconds"] for _, confirmed, _ in results)
    note = (
        f"{REGISTRATIONS} at once, GET+POST form (median {submit_seconds:.1f} s) then GET+POST "
        f"confirmation ({confirm_seconds:.1f} s); rounds " + " ".join(f"{r:.0f}" for r in rates)
    )
    rows.append(
        goal_row(
            "registration",
            "delegates a minute",
            statistics.median(rates),
            "1/min",
            RATE_GOAL,
            note,
            failed=bool(errors or lost or over),
        )
    )
    rows.append(
        goal_row(
            "registration",
            "p95 per delegate (submit + confirm)",
            statistics.median(p95s),
            "s",
            P95_GOAL,
            "sum of the two phases' p95",
            higher_is_better=False,
        )
    )
    rows.append(
        goal_row(
            "registration",
            "errors / lost / over capacity, all rounds",
            errors + lost + over,
            "",
            0,
            f"{errors} / {lost} / {over}; " + "; ".join(messages),
            higher_is_better=False,
        )
    )
    outcome = last[2]
    rows.append(
        _row(
            "places taken + waiting list (last round)",
            f"IT {outcome['IT'][0]}/{CAPACITY_ITALIAN} + {outcome['IT'][1]}, "
            f"RU {outcome['RU'][0]}/{CAPACITY_RUSSIAN} + {outcome['RU'][1]}",
            "",
            "",
        )
    )


def _letters(number, alphabet):
    """A distinct, letters-only suffix per delegate (names may not contain digits)."""
    text = ""
    while True:
        number, digit = divmod(number, len(alphabet))
        text += alphabet[digit]
        if not number:
            return text


def _form(index):
    russian = index % 5 == 0
    return {
        "delegation": "RU" if russian else "IT",
        "given_name": "Юлия" if russian else "Giulia",
        "family_name": "Щербакова-" + _letters(index, "абвгдежзик")
        if russian
        else "Bianchi-" + _letters(index, "abcdefghij"),
        "email": f"delegate{index}@example.org",
        "organization_name": f"Уралмаш {index % 40}" if russian else f"Meccanica {index % 60}",
        "organization_category": "company",
        "position": "Export manager",
        "role": "company_representative",
        "privacy_consent": "on",
    }


def _local_session():
    import datetime

    from django.utils import timezone

    from sessions_app.models import Session

    start = timezone.localdate() + datetime.timedelta(days=30)
    return Session.objects.create(
        number=Session.objects.count() + 300,
        host_country="IT",
        host_region=lombardy(),
        city_it="Bergamo",
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
    )


def _changelist(rows):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.factories import bulk_registrations
    from tests.helpers import log_in

    session = _local_session()
    bulk_registrations(session, CHANGELIST_ROWS)
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
    client = Client()
    log_in(client, user)
    url = reverse("admin:delegates_registration_changelist")
    for label, params in (
        ("admin changelist, 10 000 rows", {}),
        ("admin changelist, filtered + search", {"session__id__exact": session.pk, "q": "Rossi12"}),
    ):
        client.get(url, params)  # warm up
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, params)
            elapsed = time.perf_counter() - started
        rows.append(
            _row(
                label,
                round(elapsed * 1000),
                "ms",
                f"{len(queries)} queries, HTTP {response.status_code}",
            )
        )
    started = time.perf_counter()
    response = client.get(reverse("admin:delegates_registration_export_xlsx"))
    rows.append(
        _row(
            "Excel export, 10 000 rows",
            round(time.perf_counter() - started, 2),
            "s",
            f"{len(response.content) // 1024} KiB",
        )
    )


def _row(figure, value, unit, note=""):
    if isinstance(value, float):
        value = round(value, 1)
    return {
        "benchmark": "registration",
        "figure": figure,
        "value": value,
        "unit": unit,
        "note": note,
    }


def run():
    rows = []
    _rush_rows(rows)
    with benchmark_database():
        _changelist(rows)
    for row in rows:
        row["note"] = f"{database_label()}; {row['note']}".rstrip("; ")
    return rows
