"""Sensitive accesses leave an audit event; the admin shows the trail read-only."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from staff.models import AuditAction, AuditEvent
from staff.services import record_access
from tests.factories import SessionFactory


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user("organizer", password="x", is_staff=True)


def test_record_access_keeps_who_when_what_and_where(staff_user):
    session = SessionFactory()
    request = RequestFactory().get("/desk/export?format=csv", REMOTE_ADDR="192.0.2.7")
    request.user = staff_user
    event = record_access(request, AuditAction.EXPORT, session, detail="registrations, CSV")
    event.refresh_from_db()
    assert event.user == staff_user
    assert event.username == "organizer"
    assert event.action == "export"
    assert event.object_type == "sessions_app.session"
    assert event.object_id == str(session.pk)
    assert event.object_repr == str(session)
    assert event.ip_address == "192.0.2.7"
    assert event.path == "/desk/export?format=csv"
    assert event.created_at is not None
    assert list(AuditEvent.objects.for_object(session)) == [event]


def test_the_trail_survives_the_deletion_of_the_account(staff_user):
    request = RequestFactory().get("/", REMOTE_ADDR="not-an-address")
    request.user = staff_user
    event = record_access(request, "view_passport_data", detail="passport")
    staff_user.delete()
    event.refresh_from_db()
    assert event.user is None
    assert event.username == "organizer"
    assert event.ip_address is None


def test_an_unknown_action_is_a_programming_error(staff_user):
    request = RequestFactory().get("/")
    request.user = staff_user
    with pytest.raises(ValueError):
        record_access(request, "made_up_action")


def test_the_admin_shows_audit_events_read_only(admin_client, staff_user):
    request = RequestFactory().get("/")
    request.user = staff_user
    event = record_access(request, AuditAction.VIEW_SIGNED_COPY, detail="agreement 7")
    changelist = admin_client.get(reverse("admin:staff_auditevent_changelist"))
    assert changelist.status_code == 200
    assert "agreement 7" in changelist.content.decode()
    assert admin_client.get(reverse("admin:staff_auditevent_add")).status_code == 403
    detail = admin_client.get(reverse("admin:staff_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    delete = admin_client.post(reverse("admin:staff_auditevent_delete", args=[event.pk]))
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
