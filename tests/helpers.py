"""Small helpers shared by tests and benchmarks."""

from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY


def log_in(client, user):
    """client.force_login(), with django-axes off: axes logs the login with the request's
    client address, and force_login()'s bare request has none, which PostgreSQL's inet
    column refuses. These tests are not about login throttling.

    An account that must use a second factor also gets a real authenticator device, and the
    session is marked as verified with it, as after the two-factor login."""
    with override_settings(AXES_ENABLED=False):
        client.force_login(user)
    verify_second_factor(client, user)


def require_service(available, what):
    """Skip a test whose service (PostgreSQL, Redis) is missing; on CI (CI=1 or true), fail:
    there every service must run."""
    import os

    import pytest

    if available:
        return
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{what} is needed by this test and CI must provide it.")
    pytest.skip(f"{what} is not available")


def redis_answers(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def verify_second_factor(client, user):
    """Mark the client's session as verified with the user's authenticator device (created if
    missing), as django_otp.login() does after a right code. Nothing for an account that does
    not need a second factor. Returns the device, or None."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from staff.services import AUTHENTICATOR_DEVICE_NAME, needs_second_factor

    # A fresh copy: has_perm() caches the permissions on the object, and the test may still
    # change those of `user`.
    if not needs_second_factor(type(user)._default_manager.get(pk=user.pk)):
        return None
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name=AUTHENTICATOR_DEVICE_NAME, defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


class VerifiedClient(Client):
    """The test client of the suite (tests/conftest.py): its force_login() also passes the
    second factor, as a member of staff does after the two-factor login. Tests of the
    two-factor wall itself use a plain django.test.Client."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        verify_second_factor(self, user)


def enrol_authenticator(user):
    """Give `user` a confirmed authenticator-app device, as the set-up page does."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from staff.services import AUTHENTICATOR_DEVICE_NAME

    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_DEVICE_NAME, confirmed=True)


def authenticator_code(device):
    """The code the authenticator app of `device` shows now."""
    from django_otp.oath import totp

    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def pdf_font_names(reader):
    """The names of the fonts a PDF (a pypdf PdfReader) embeds, subset prefixes removed:
    {"PT-Sans", "DejaVu-Sans", …}."""
    names = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            name = str(font.get_object()["/BaseFont"]).lstrip("/")
            names.add(name.split("+", 1)[-1])
    return names


def run_at_once(jobs, *, refusals):
    """Run every callable in its own thread (its own database connection), all released at
    once by a barrier; return each outcome: ("ok", result), ("refused", the code of one of
    `refusals`) or ("error", repr) for anything else, which the test's assertions report."""
    import threading

    from django.db import close_old_connections, connection

    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = ("ok", job())
        except refusals as error:
            outcomes[index] = ("refused", error.code)
        except Exception as error:
            outcomes[index] = ("error", repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def on_a_check_in_day(session):
    """The clock at noon of the session's first day in the host city, when the check-in desk
    accepts scans (venue.services.checkin.check_in_days)."""
    import datetime

    import time_machine

    noon = datetime.datetime.combine(session.start_date, datetime.time(12), tzinfo=session.tzinfo)
    return time_machine.travel(noon, tick=False)


def changelist_columns_and_row(response, marker):
    """An admin list read as staff read it: its column headers (lower case) and the text of
    the row holding `marker`, tags left out (a cell's stacked facts joined by spaces). The
    no-break space between a time and its offset ("14:38 UTC+3") stays one."""
    import html
    import re

    page = html.unescape(response.content.decode())
    start = page.index('<table id="result_list">')
    table = page[start : page.index("</table>", start)]
    headers = re.findall(r'<div class="text">(?:<a [^>]*>|<span>)([^<]+)<', table)
    row = next(row for row in table.split("<tr") if marker in row)
    text = " ".join(part for part in re.split(r"<[^>]*>|[ \n\t]+", row) if part)
    return [header.strip().lower() for header in headers], text
