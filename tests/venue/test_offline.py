"""Check-in without network: the list a desk device downloads, the queue it sends back."""

import datetime
import html
import json
import threading

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import (
    RegistrationFactory,
    RussianRegistrationFactory,
    RussianSessionFactory,
    SessionFactory,
)
from tests.helpers import log_in
from tests.roles import ORGANIZERS, VIEWERS, role_member
from venue.models import CheckIn, CheckInMethod, OfflineScan
from venue.services import offline
from venue.services.badges import badge_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(db):
    """A session whose first day is today: the desk accepts check-ins."""
    return SessionFactory(under_way=True)


DEVICE_A = "device-aaaaaaaa"
DEVICE_B = "device-bbbbbbbb"


@pytest.fixture
def organizer():
    return role_member(ORGANIZERS, username="organizer")


@pytest.fixture
def desk_client(client, organizer):
    log_in(client, organizer)
    return client


def list_url(session):
    return reverse("venue:offline_list", kwargs={"number": session.number})


def sync_url(session):
    return reverse("venue:offline_sync", kwargs={"number": session.number})


def sync(client, session, device, scans):
    return client.post(
        sync_url(session),
        data=json.dumps({"device": device, "scans": scans}),
        content_type="application/json",
    )


def queued(registration, scan_id, minutes_ago=5, code=None):
    moment = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return {
        "id": scan_id,
        "code": code or badge_token(registration),
        "scanned_at": moment.isoformat(),
    }


# --- the list ----------------------------------------------------------------------------


def test_the_list_holds_digests_and_names_never_codes(desk_client, session):
    italian = RegistrationFactory(session=session)
    russian = RussianRegistrationFactory(session=session)
    RegistrationFactory(session=session, status="cancelled")
    RegistrationFactory(session=SessionFactory(number=session.number + 1))
    CheckIn.objects.create(registration=russian, session=session)

    response = desk_client.get(list_url(session))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    data = response.json()
    assert len(data["entries"]) == 2
    content = response.content.decode()
    for registration in (italian, russian):
        token = badge_token(registration)
        assert token not in content and token.split(":")[1] not in content
    digests = {entry["digest"]: entry for entry in data["entries"]}
    entry = digests[offline.code_digest(data["salt"], badge_token(russian))]
    assert entry["name"] == russian.person.full_name_latin
    assert entry["name_other_script"] == russian.person.full_name
    assert entry["checked_in_at"] is not None
    assert digests[offline.code_digest(data["salt"], badge_token(italian))]["checked_in_at"] is None
    assert data["expires_at"] > data["issued_at"]
    # A salt of its own at each download: two lists share no digest.
    again = desk_client.get(list_url(session)).json()
    assert not {e["digest"] for e in again["entries"]} & set(digests)


def test_the_digest_is_taken_on_the_code_as_a_scanner_types_it(session):
    registration = RegistrationFactory(session=session)
    token = badge_token(registration)
    assert offline.code_digest("salt", token.lower()) == offline.code_digest("salt", token)


def test_the_list_needs_the_check_in_permission(client, session):
    assert client.get(list_url(session)).status_code == 302
    log_in(client, role_member(VIEWERS, username="viewer"))
    assert client.get(list_url(session)).status_code == 403


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_costs_the_same_queries_for_any_number_of_badges(
    desk_client, session, count, django_assert_num_queries
):
    RegistrationFactory.create_batch(count, session=session)
    # session and user (2), permissions (2), the session, the registrations, the audit entry.
    with django_assert_num_queries(7):
        response = desk_client.get(list_url(session))
    assert len(response.json()["entries"]) == count


# --- sending the queue -------------------------------------------------------------------


def test_queued_check_ins_are_recorded_with_the_device_time(desk_client, session, organizer):
    first, second = RegistrationFactory.create_batch(2, session=session)
    response = sync(
        desk_client,
        session,
        DEVICE_A,
        [queued(first, "scan-0001", 30), queued(second, "scan-0002")],
    )
    assert response.status_code == 200
    data = response.json()
    assert [r["outcome"] for r in data["results"]] == ["checked_in", "checked_in"]
    assert [r["scan_id"] for r in data["results"]] == ["scan-0001", "scan-0002"]
    assert data["counts"]["arrived"] == 2
    check_in = CheckIn.objects.get(registration=first)
    assert check_in.method == CheckInMethod.OFFLINE
    assert check_in.checked_in_by == organizer
    expected = timezone.now() - datetime.timedelta(minutes=30)
    assert abs((check_in.checked_in_at - expected).total_seconds()) < 60


def test_sending_the_same_queue_twice_changes_nothing(desk_client, session):
    registration = RegistrationFactory(session=session)
    scan = queued(registration, "scan-0001")
    first = sync(desk_client, session, DEVICE_A, [scan]).json()
    history = CheckIn.history.count()
    second = sync(desk_client, session, DEVICE_A, [scan]).json()
    assert first["results"] == second["results"]
    assert second["results"][0]["outcome"] == "checked_in"
    assert CheckIn.objects.count() == 1
    assert OfflineScan.objects.count() == 1
    assert CheckIn.history.count() == history


def test_two_devices_offline_keep_the_first_scan_and_both_hear_of_the_duplicate(
    desk_client, session
):
    registration = RegistrationFactory(session=session)
    # Device B scanned later but sends first: it is told "checked in".
    later = sync(desk_client, session, DEVICE_B, [queued(registration, "scan-b001", 5)]).json()
    assert later["results"][0]["outcome"] == "checked_in"
    # Device A scanned earlier: its time is kept, and it is told of the duplicate.
    earlier = sync(desk_client, session, DEVICE_A, [queued(registration, "scan-a001", 20)]).json()
    assert earlier["results"][0]["outcome"] == "duplicate"
    check_in = CheckIn.objects.get(registration=registration)
    expected = timezone.now() - datetime.timedelta(minutes=20)
    assert abs((check_in.checked_in_at - expected).total_seconds()) < 60
    # Device B hears of it at its next synchronisation, once.
    told = sync(desk_client, session, DEVICE_B, []).json()
    assert [(r["scan_id"], r["outcome"]) for r in told["revisions"]] == [("scan-b001", "duplicate")]
    assert sync(desk_client, session, DEVICE_B, []).json()["revisions"] == []
    assert CheckIn.objects.count() == 1


def test_a_later_offline_scan_of_a_badge_already_checked_in_is_a_duplicate(desk_client, session):
    registration = RegistrationFactory(session=session)
    sync(desk_client, session, DEVICE_A, [queued(registration, "scan-a001", 20)])
    data = sync(desk_client, session, DEVICE_B, [queued(registration, "scan-b001", 5)]).json()
    assert data["results"][0]["outcome"] == "duplicate"
    assert sync(desk_client, session, DEVICE_A, []).json()["revisions"] == []


@pytest.mark.parametrize("status", ["cancelled", "rejected"])
def test_a_registration_cancelled_since_the_download_is_refused(desk_client, session, status):
    registration = RegistrationFactory(session=session)
    registration.status = status
    registration.save(update_fields=["status"])
    data = sync(desk_client, session, DEVICE_A, [queued(registration, "scan-0001")]).json()
    assert data["results"][0]["outcome"] == "refused"
    assert registration.get_status_display().lower() in data["results"][0]["message"]
    assert not CheckIn.objects.exists()


def test_a_deleted_registration_or_forged_code_is_refused_and_the_rest_goes_through(
    desk_client, session
):
    kept = RegistrationFactory(session=session)
    deleted = RegistrationFactory(session=session)
    deleted_scan = queued(deleted, "scan-0002")
    deleted.delete()
    scans = [
        queued(kept, "scan-0001"),
        deleted_scan,
        queued(kept, "scan-0003", code="TF1-1:FORGEDFORGEDFORGEDFORGED00"),
        {"id": "scan-0004", "code": badge_token(kept), "scanned_at": "yesterday"},
        {"id": "x", "code": badge_token(kept), "scanned_at": timezone.now().isoformat()},
        "not an object",
    ]
    data = sync(desk_client, session, DEVICE_A, scans).json()
    assert [r["outcome"] for r in data["results"]] == [
        "checked_in",
        "invalid",
        "invalid",
        "invalid",
        "invalid",
        "invalid",
    ]
    assert all(r["message"] for r in data["results"])
    assert CheckIn.objects.count() == 1


def test_a_device_clock_ahead_counts_as_now(desk_client, session):
    registration = RegistrationFactory(session=session)
    scan = queued(registration, "scan-0001", minutes_ago=-600)
    sync(desk_client, session, DEVICE_A, [scan])
    assert CheckIn.objects.get().checked_in_at <= timezone.now()


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        json.dumps({"device": "short", "scans": []}).encode(),
        json.dumps({"device": DEVICE_A, "scans": "all"}).encode(),
        json.dumps({"device": DEVICE_A, "scans": [{}] * 201}).encode(),
    ],
)
def test_an_unreadable_request_gets_a_translated_error(client, organizer, session, body):
    log_in(client, organizer)
    response = client.post(
        f"/ru{sync_url(session)[3:]}", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error and any("а" <= character <= "я" for character in error.lower())
    assert not OfflineScan.objects.exists()


def test_read_only_roles_cannot_send_check_ins(client, session):
    registration = RegistrationFactory(session=session)
    log_in(client, role_member(VIEWERS, username="viewer"))
    response = sync(client, session, DEVICE_A, [queued(registration, "scan-0001")])
    assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_sending_the_queue_needs_the_csrf_token(organizer, session):
    registration = RegistrationFactory(session=session)
    client = Client(enforce_csrf_checks=True)
    log_in(client, organizer)
    response = sync(client, session, DEVICE_A, [queued(registration, "scan-0001")])
    assert response.status_code == 403
    assert not CheckIn.objects.exists()
    client.get(reverse("venue:desk", kwargs={"number": session.number}))
    response = client.post(
        sync_url(session),
        data=json.dumps({"device": DEVICE_A, "scans": [queued(registration, "scan-0001")]}),
        content_type="application/json",
        headers={"x-csrftoken": client.cookies["csrftoken"].value},
    )
    assert response.status_code == 200
    assert CheckIn.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql(reason="the race needs real concurrent connections")
def test_four_devices_sending_the_same_badge_at_once_keep_the_first_scan():
    session = SessionFactory(under_way=True)
    registration = RegistrationFactory(session=session)
    user = role_member(ORGANIZERS, username="desk")
    barrier = threading.Barrier(4)
    outcomes = []

    def send(device_number):
        from django.db import connection as thread_connection

        try:
            scan = queued(registration, f"scan-{device_number:04d}", minutes_ago=10 + device_number)
            barrier.wait()
            results, _ = offline.sync_offline_scans(
                session, f"device-{device_number:08d}", [scan], user
            )
            outcomes.append(results[0].outcome)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=send, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 4 and "duplicate" in outcomes
    check_in = CheckIn.objects.get(registration=registration)
    first = timezone.now() - datetime.timedelta(minutes=13)
    assert abs((check_in.checked_in_at - first).total_seconds()) < 60
    assert OfflineScan.objects.filter(outcome="checked_in").count() <= 1


# --- the desk page, its service worker, logging out --------------------------------------


def test_the_desk_page_carries_the_offline_panel_without_inline_script(desk_client, session):
    content = desk_client.get(reverse("venue:desk", kwargs={"number": session.number})).content
    content = content.decode()
    assert 'id="desk-offline"' in content
    assert "js/desk_offline.js" in content and 'type="module"' in content
    assert "<script>" not in content and "style=" not in content


def test_the_service_worker_is_served_beside_the_desk(desk_client, session):
    response = desk_client.get(reverse("venue:desk_sw", kwargs={"number": session.number}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert 'addEventListener("fetch"' in response.content.decode()


def test_logging_out_wipes_the_desk_data_on_the_device(desk_client):
    response = desk_client.post(reverse("admin:logout"))
    assert response["Clear-Site-Data"] == '"storage"'


@pytest.mark.parametrize("language", ["it", "ru"])
def test_a_check_in_queued_before_the_eve_of_the_session_is_refused(desk_client, language):
    upcoming = RussianSessionFactory()  # Yekaterinburg, in 40 days
    registration = RussianRegistrationFactory(session=upcoming)
    with translation.override(language):
        data = sync(desk_client, upcoming, DEVICE_A, [queued(registration, "scan-0001")]).json()
        expected_dates = upcoming.dates_display
    [result] = data["results"]
    assert result["outcome"] == "refused"
    assert expected_dates in result["message"]
    assert {"it": "Accredito non registrato", "ru": "Аккредитация не отмечена"}[language] in (
        result["message"]
    )
    assert not CheckIn.objects.exists()
    assert data["counts"]["arrived"] == 0


def test_the_list_tells_the_device_the_check_in_days_in_the_host_city(desk_client):
    upcoming = RussianSessionFactory()  # Yekaterinburg, UTC+5
    data = desk_client.get(list_url(upcoming)).json()
    opens = datetime.datetime.fromisoformat(data["check_in_opens"])
    closes = datetime.datetime.fromisoformat(data["check_in_closes"])
    assert opens.date() == upcoming.start_date - datetime.timedelta(days=1)
    assert closes.date() == upcoming.end_date + datetime.timedelta(days=1)
    assert opens.utcoffset() == closes.utcoffset() == datetime.timedelta(hours=5)


def test_the_desk_page_carries_the_offline_texts_with_the_host_citys_time(desk_client, session):
    with translation.override("it"):
        page = desk_client.get(reverse("venue:desk", kwargs={"number": session.number}))
        zone = session.zone_label
    assert zone.startswith("ora di Bergamo, UTC+")
    content = html.unescape(page.content.decode())
    assert (
        "Scaricato il %(date)s alle %(time)s, utilizzabile fino al %(expires_date)s alle "
        f"%(expires_time)s ({zone})." in content
    )
    assert f"Accredito già registrato alle %(time)s ({zone})." in content
