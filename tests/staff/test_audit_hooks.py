"""The sensitive views leave an audit event: passport data, signed copies, exports."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse

from staff.models import AuditAction, AuditEvent
from staff.roles import MINISTRY_ADMINISTRATORS, ORGANIZERS
from tests.factories import RegistrationFactory, RussianRegistrationFactory, UserFactory


def member(role, username):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def ministry(client, db):
    user = member(MINISTRY_ADMINISTRATORS, "ministero")
    client.force_login(user)
    return user


def only_event():
    events = list(AuditEvent.objects.all())
    assert len(events) == 1, events
    return events[0]


def test_exporting_registrations_is_recorded(client, ministry, session):
    RegistrationFactory(session=session)
    for export in ("export_csv", "export_xlsx"):
        response = client.get(
            reverse(f"admin:delegates_registration_{export}") + "?status=approved"
        )
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    events = AuditEvent.objects.order_by("pk")
    assert [event.action for event in events] == [AuditAction.EXPORT, AuditAction.EXPORT]
    assert events[0].username == "ministero"
    assert "status=approved" in events[0].detail


def test_exporting_the_attendance_is_recorded(client, ministry, session):
    RegistrationFactory(session=session)
    response = client.get(reverse("venue:attendance_export", args=[session.number, "csv"]))
    assert response.status_code == 200
    event = only_event()
    assert event.action == AuditAction.EXPORT
    assert event.object_repr == str(session)


def test_opening_passport_data_is_recorded_and_only_for_who_may_see_it(client, ministry, session):
    from travel.models import VisaLetterRequest

    letter_request = VisaLetterRequest.objects.create(
        registration=RussianRegistrationFactory(session=session),
        name_in_passport="IVANOVA ANNA",
        passport_number="75 1234567",
        date_of_birth=datetime.date(1980, 1, 1),
    )
    url = reverse("admin:travel_visaletterrequest_change", args=[letter_request.pk])
    assert "75 1234567" in client.get(url).content.decode()
    event = only_event()
    assert event.action == AuditAction.VIEW_PASSPORT_DATA
    assert event.object_id == str(letter_request.pk)

    client.force_login(member(ORGANIZERS, "organizzatore"))
    page = client.get(url)
    assert page.status_code == 200
    assert "75 1234567" not in page.content.decode()
    assert AuditEvent.objects.count() == 1


def test_opening_a_private_signed_copy_is_recorded(client, ministry, settings, tmp_path):
    from agreements.models import Agreement

    settings.MEDIA_ROOT = tmp_path
    agreement = Agreement(
        kind="memorandum",
        sector="mechanics",
        status="signed",
        title_en="Memorandum",
        signing_date=datetime.date(2017, 10, 12),
    )
    agreement.signed_copy.save("scan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    agreement.save()
    response = client.get(reverse("agreements:signed_copy", args=[agreement.pk]))
    assert response.status_code == 200
    event = only_event()
    assert event.action == AuditAction.VIEW_SIGNED_COPY
    assert event.object_id == str(agreement.pk)
