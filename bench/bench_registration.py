"""Registration under a last-day rush: 400 delegates submit the form at once (16 concurrent
clients, the full HTTP stack), then all confirm at once; capacity 310 Italian + 83 Russian
places minus a few (300 + 70), so both waiting lists are exercised. Then the admin changelist with
10 000 registrations.

Concurrency needs PostgreSQL (`DATABASE_URL=postgres://…`): with SQLite the submissions run
one client at a time (the in-memory test database cannot wait for its locks)."""

import datetime
import queue
import threading
import time

from bench.common import benchmark_database, database_label, lombardy

REGISTRATIONS = 400
CLIENTS = 16
CAPACITY_ITALIAN = 300
CAPACITY_RUSSIAN = 70
CHANGELIST_ROWS = 10_000


def _session():
    from django.utils import timezone

    from sessions_app.models import Session

    region = lombardy()
    start = timezone.localdate() + datetime.timedelta(days=30)
    return Session.objects.create(
        number=Session.objects.count() + 300,
        host_country="IT",
        host_region=region,
        city_it="Bergamo",
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        status="registration_open",
        registration_opens=timezone.now() - datetime.timedelta(days=1),
        registration_closes=timezone.now() + datetime.timedelta(days=1),
        capacity_italian=CAPACITY_ITALIAN,
        capacity_russian=CAPACITY_RUSSIAN,
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


def _run_concurrently(jobs, clients):
    """Run the callables on `clients` threads; returns (seconds, errors)."""
    from django.db import connection

    work = queue.Queue()
    for job in jobs:
        work.put(job)
    errors = []
    lock = threading.Lock()

    def worker():
        try:
            while True:
                try:
                    job = work.get_nowait()
                except queue.Empty:
                    return
                try:
                    job()
                except Exception as error:  # counted and reported
                    with lock:
                        errors.append(repr(error)[:120])
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, errors


def _rush(rows, clients):
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from delegates.models import Registration
    from delegates.services import confirm_email

    settings.RATE_LIMITS_ENABLED = False
    session = _session()
    url = reverse("delegates:register", kwargs={"number": session.number})

    def submit(index):
        def job():
            response = Client().post(url, _form(index))
            if response.status_code != 302:
                raise RuntimeError(f"HTTP {response.status_code}")

        return job

    seconds, errors = _run_concurrently([submit(i) for i in range(REGISTRATIONS)], clients)
    saved = Registration.objects.filter(session=session).count()
    rows.append(_row("submissions per second", REGISTRATIONS / seconds, "1/s", clients))
    rows.append(_row("submission errors", len(errors), "", "; ".join(sorted(set(errors))[:3])))
    rows.append(
        _row(
            "registrations saved",
            saved,
            f"of {REGISTRATIONS}",
            "none lost" if saved == REGISTRATIONS else "LOST",
        )
    )

    pending = list(Registration.objects.filter(session=session))
    seconds, errors = _run_concurrently([lambda r=r: confirm_email(r) for r in pending], clients)
    rows.append(_row("confirmations per second", len(pending) / seconds, "1/s", clients))
    rows.append(_row("confirmation errors", len(errors), "", "; ".join(sorted(set(errors))[:3])))
    for delegation, capacity in (("IT", CAPACITY_ITALIAN), ("RU", CAPACITY_RUSSIAN)):
        mine = Registration.objects.filter(session=session, delegation=delegation)
        holding = mine.holding_place().count()
        waiting = mine.waitlisted().count()
        verdict = "OVER CAPACITY" if holding > capacity else "within capacity"
        rows.append(
            _row(
                f"{delegation} places taken / waiting list",
                f"{holding}/{capacity} + {waiting}",
                "",
                verdict,
            )
        )


def _changelist(rows):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.factories import bulk_registrations
    from tests.helpers import log_in

    session = _session()
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
    clients = CLIENTS if database_label() == "PostgreSQL" else 1
    with benchmark_database():
        _rush(rows, clients)
        _changelist(rows)
    for row in rows:
        row["note"] = f"{database_label()}; {row['note']}".rstrip("; ")
    return rows
