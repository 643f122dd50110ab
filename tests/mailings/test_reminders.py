"""Reminders sent by the scheduler: each when due (time moved forward), in the delegate's
language, once, unless switched off for the session; other apps contribute kinds."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from core.authorization import SYSTEM
from delegates.models import CompanyVisitBooking, Registration
from mailings import reminders
from mailings.models import ReminderSetting, SentReminder
from mailings.services.reminders import send_due_reminders, set_enabled
from mailings.tasks import send_due_reminders as send_due_reminders_task
from tests.factories import (
    ProgrammeItemFactory,
    RegistrationFactory,
    RussianPersonFactory,
    RussianRegistrationFactory,
    ThematicTableFactory,
    session_local_time,
)


def _age(registration, days):
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_an_unconfirmed_registration_is_reminded_after_two_days_once_in_its_language(
    session, mailoutbox, django_capture_on_commit_callbacks
):
    session.registration_closes = timezone.now() + datetime.timedelta(days=20)
    session.save()
    russian = RussianRegistrationFactory(session=session, status="pending_confirmation")
    italian = RegistrationFactory(session=session, status="pending_confirmation")
    RegistrationFactory(session=session)  # confirmed long ago: nothing to remind
    now = timezone.now()
    assert send_due_reminders(now) == 0
    # Two days and an hour later (time moved forward).
    later = now + datetime.timedelta(days=2, hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(later) == 2
        assert send_due_reminders(later + datetime.timedelta(hours=1)) == 0
    by_address = {message.to[0]: message for message in mailoutbox}
    russian_mail = by_address[russian.person.email]
    assert russian_mail.subject.startswith("Напоминание: подтвердите регистрацию")
    assert "Два дня назад вы зарегистрировались" in russian_mail.body
    assert "Подтвердите его, открыв эту ссылку:" in russian_mail.body
    italian_mail = by_address[italian.person.email]
    assert "Due giorni fa si è registrato" in italian_mail.body
    assert SentReminder.objects.filter(kind="unconfirmed").count() == 2
    assert set(Email.objects.values_list("status", flat=True)) == {0}  # sent


def test_the_window_closing_reminder_reaches_active_registrations_three_days_before(
    session, mailoutbox, django_capture_on_commit_callbacks
):
    closes = session.registration_closes
    # Only this kind here (the pending one would also be past two days unconfirmed).
    ReminderSetting.objects.create(session=session, kind="unconfirmed", is_enabled=False)
    approved = RegistrationFactory(session=session)
    pending = RussianRegistrationFactory(session=session, status="pending_confirmation")
    RegistrationFactory(session=session, status="cancelled")
    assert send_due_reminders(closes - datetime.timedelta(days=4)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_due_reminders(closes - datetime.timedelta(days=2))
    assert sent == 2
    assert send_due_reminders(closes - datetime.timedelta(days=1)) == 0
    by_address = {message.to[0]: message for message in mailoutbox}
    # «chiude il 18 gennaio», «chiude l’11 gennaio»: the article as the day is read.
    assert re.search(r"chiude (il |l’)\d", by_address[approved.person.email].body)
    russian_body = by_address[pending.person.email].body
    assert "Регистрация на" in russian_body and "закрывается" in russian_body
    assert "ещё не подтверждён" in russian_body
    assert send_due_reminders(closes + datetime.timedelta(hours=1)) == 0


def test_the_personal_agenda_arrives_the_day_before_with_tables_visits_and_meetings(
    session, mailoutbox, django_capture_on_commit_callbacks
):
    from meetings.models import Meeting
    from tests.meetings.conftest import make_meeting_point

    table = ThematicTableFactory(session=session, name_ru="Машиностроение")
    visit = ProgrammeItemFactory(
        session=session,
        kind="company_visit",
        title_ru="Посещение завода",
        starts_at=session_local_time(session, 1, 9),
    )
    russian = RussianRegistrationFactory(
        session=session, person=RussianPersonFactory(given_name="Юлия", patronymic="Сергеевна")
    )
    russian.thematic_tables.add(table)
    CompanyVisitBooking.objects.create(registration=russian, visit=visit, status="booked")
    italian = RegistrationFactory(session=session)
    meeting_point = make_meeting_point(session)
    Meeting.objects.create(
        meeting_point=meeting_point,
        registration_a=italian,
        registration_b=russian,
        slot=0,
        table_number=2,
    )
    RegistrationFactory(session=session, status="submitted")  # not approved: no agenda

    two_days_before = session_local_time(session, -2, 10)
    assert send_due_reminders(two_days_before) == 0
    day_before = session_local_time(session, -1, 8)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(day_before) == 2
    assert send_due_reminders(day_before + datetime.timedelta(hours=6)) == 0
    by_address = {message.to[0]: message for message in mailoutbox}
    body = by_address[russian.person.email].body
    assert "Здравствуйте, Юлия Сергеевна!" in body
    assert "Машиностроение" in body
    assert "Посещение завода" in body
    assert "15:00–15:20" in body and "стол 2" in body
    assert italian.person.full_name in body
    italian_body = by_address[italian.person.email].body
    assert "Domani inizia la" in italian_body
    assert russian.person.full_name in italian_body


def test_a_reminder_switched_off_is_not_sent_and_staff_see_what_was_sent(
    session, organizer, viewer, client, django_capture_on_commit_callbacks
):
    pending = RegistrationFactory(session=session, status="pending_confirmation")
    _age(pending, 3)
    set_enabled(session, "unconfirmed", False, by=organizer)
    assert send_due_reminders() == 0
    set_enabled(session, "unconfirmed", True, by=organizer)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders_task() == 1  # through the task engine's periodic job
    client.force_login(viewer)
    page = client.get(reverse("admin:mailings_remindersetting_session", args=[session.pk]))
    assert page.status_code == 200
    rows = {row["kind"].code: row for row in page.context["rows"]}
    assert rows["unconfirmed"]["sent"] == 1 and rows["unconfirmed"]["is_enabled"]
    sent_list = client.get(rows["unconfirmed"]["sent_url"])
    assert sent_list.context["cl"].result_count == 1
    # A Viewer may not switch a reminder.
    response = client.post(
        reverse("admin:mailings_remindersetting_session", args=[session.pk]),
        {"kind": "unconfirmed", "enable": "0"},
    )
    assert response.status_code == 403
    assert not ReminderSetting.objects.filter(is_enabled=False).exists()
    client.force_login(organizer)
    client.post(
        reverse("admin:mailings_remindersetting_session", args=[session.pk]),
        {"kind": "agenda", "enable": "0"},
    )
    assert ReminderSetting.objects.get(kind="agenda").is_enabled is False


@pytest.fixture
def contributed_kind():
    """A kind another app would register (travel's visa-letter deadline, projects'
    follow-up), removed afterwards."""

    def due(session, now):
        return [
            (registration, "")
            for registration in session.registrations.filter(delegation="RU").select_related(
                "person", "session"
            )
        ]

    def build(registration, key):
        return "Visa", f"Visa letter deadline for {registration.person.full_name}", "<p>Visa</p>"

    kind = reminders.register(
        reminders.ReminderKind(code="test_visa", label="Visa", order=99, due=due, build=build)
    )
    yield kind
    reminders._kinds.pop("test_visa")


def test_another_app_contributes_a_kind_through_the_registry(session, contributed_kind):
    RussianRegistrationFactory(session=session)
    RegistrationFactory(session=session)
    assert send_due_reminders() == 1
    assert send_due_reminders() == 0
    ReminderSetting.objects.all().delete()
    set_enabled(session, "test_visa", False, by=SYSTEM)
    assert SentReminder.objects.filter(kind="test_visa").count() == 1
