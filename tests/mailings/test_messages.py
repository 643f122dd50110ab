"""Messages to delegates: what staff write is checked, each delegate reads their language
(or the stated fallback), the recipients follow the registration list's filters, and sending
goes through the outbox and the task engine in throttled batches."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from post_office.models import STATUS, Email

from core.authorization import SYSTEM
from delegates.models import CompanyVisitBooking
from mailings.models import Mailing, MailingState, Recipient, RecipientState
from mailings.services import (
    MailingError,
    content_errors,
    preview,
    select_recipients,
    send,
    send_failed_again,
    send_test,
    write_batch,
)
from tests.factories import (
    ProgrammeItemFactory,
    RegionFactory,
    RegistrationFactory,
    RussianPersonFactory,
    RussianRegistrationFactory,
    ThematicTableFactory,
    UserFactory,
)
from tests.mailings.conftest import make_mailing
from tests.sessions_app.test_outbox import smtp  # noqa: F401  (the SMTP fixture)

# --- what staff write ---------------------------------------------------------------------


def test_a_message_empty_in_every_language_is_refused(session):
    empty = Mailing(session=session, subject_it=" ", body_ru="\n")
    assert set(content_errors(empty)) == {None}
    with pytest.raises(MailingError) as error:
        send(Mailing.objects.create(session=session), by=SYSTEM)
    assert error.value.code == "content"


def test_a_half_written_version_and_an_unknown_placeholder_are_named(session):
    mailing = Mailing(
        session=session,
        subject_it="Oggetto",
        body_it="Gentile {nome}",
        subject_ru="Тема",
        fallback_language="en",
    )
    errors = content_errors(mailing)
    assert set(errors) == {"body_it", "body_ru", "fallback_language"}
    assert "{nome}" in str(errors["body_it"][0])


def test_the_fallback_language_must_have_a_version(session):
    mailing = Mailing(session=session, subject_ru="Тема", body_ru="Текст", fallback_language="it")
    assert set(content_errors(mailing)) == {"fallback_language"}
    mailing.fallback_language = "ru"
    assert content_errors(mailing) == {}


# --- each language's rendering ------------------------------------------------------------


def test_each_delegate_reads_their_language_with_placeholders_filled(
    session, mailoutbox, django_capture_on_commit_callbacks
):
    italian = RegistrationFactory(session=session)
    russian = RussianRegistrationFactory(
        session=session, person=RussianPersonFactory(given_name="Юлия", patronymic="Сергеевна")
    )
    english = RegistrationFactory(session=session, language="en")
    mailing = make_mailing(session)
    with django_capture_on_commit_callbacks(execute=True):
        assert send(mailing, by=SYSTEM) == 3
    by_address = {message.to[0]: message for message in mailoutbox}

    italian_mail = by_address[italian.person.email]
    assert italian_mail.subject == "Programma aggiornato"
    assert f"Gentile {italian.person.full_name}," in italian_mail.body
    assert italian.management_token in italian_mail.body
    assert "segreteria" in italian_mail.body.lower()

    russian_mail = by_address[russian.person.email]
    assert russian_mail.subject == "Обновлённая программа"
    assert "Здравствуйте, Юлия Сергеевна!" in russian_mail.body
    assert russian.management_token in russian_mail.body
    assert "{" not in russian_mail.body
    html = russian_mail.alternatives[0][0]
    assert 'lang="ru"' in html and "Юлия Сергеевна" in html

    # No English version: the stated fallback (Italian).
    english_mail = by_address[english.person.email]
    assert english_mail.subject == "Programma aggiornato"
    assert Recipient.objects.get(registration=english).language == "it"


def test_the_preview_shows_each_language_as_its_recipients_read_it(session):
    RegistrationFactory(session=session)
    RussianRegistrationFactory(session=session)
    mailing = make_mailing(session, subject_en="Programme", body_en="{address} see {link}")
    result = preview(mailing)
    assert result["total"] == 2
    by_code = {language["code"]: language for language in result["languages"]}
    assert by_code["ru"]["count"] == 1
    assert by_code["ru"]["rendered"].subject == "Обновлённая программа"
    assert by_code["en"]["rendered"].text.startswith("Dear John Smith, see http")
    assert not by_code["en"]["is_fallback"]
    mailing.subject_en = mailing.body_en = ""
    assert {
        language["code"]: language["is_fallback"] for language in preview(mailing)["languages"]
    } == {
        "it": False,
        "ru": False,
        "en": True,
    }


def test_a_test_goes_to_the_staff_member_in_every_language(
    session, organizer, mailoutbox, django_capture_on_commit_callbacks
):
    organizer.email = "organizer@example.org"
    organizer.save()
    mailing = make_mailing(session)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_test(mailing, by=organizer) == 3
    assert [message.to for message in mailoutbox] == [["organizer@example.org"]] * 3
    subjects = [message.subject for message in mailoutbox]
    assert subjects[0] == "[Prova, Italiano] Programma aggiornato"
    assert subjects[1] == "[Тест, Русский] Обновлённая программа"
    assert subjects[2] == "[Test, English] Programma aggiornato"  # the fallback's text
    assert not Recipient.objects.exists()
    mailing.refresh_from_db()
    assert mailing.state == MailingState.DRAFT


# --- recipients ---------------------------------------------------------------------------


def test_recipients_follow_the_registration_lists_filters(session):
    from meetings.models import Meeting
    from tests.meetings.conftest import make_meeting_point
    from venue.models import CheckIn

    region = RegionFactory(code="IT-21")
    table = ThematicTableFactory(session=session)
    visit = ProgrammeItemFactory(session=session, kind="company_visit")
    chosen = RegistrationFactory(session=session, role="official")
    chosen.organization.region = region
    chosen.organization.save()
    chosen.thematic_tables.add(table)
    CompanyVisitBooking.objects.create(registration=chosen, visit=visit, status="booked")
    CheckIn.objects.create(registration=chosen, session=session, checked_in_by=UserFactory())
    partner = RussianRegistrationFactory(session=session)
    Meeting.objects.create(
        meeting_point=make_meeting_point(session), registration_a=chosen, registration_b=partner
    )
    other = RegistrationFactory(session=session)  # matches none of the filters below
    RegistrationFactory(session=session, status="submitted")

    mailing = make_mailing(session)
    assert select_recipients(mailing).count() == 3  # the approved ones
    for field, value in [
        ("delegation", "IT"),
        ("role", "official"),
        ("region", region),
        ("thematic_table", table),
        ("company_visit", visit),
        ("checked_in", "yes"),
        ("has_meetings", "yes"),
    ]:
        setattr(mailing, field, value)
    assert list(select_recipients(mailing)) == [chosen]
    mailing = make_mailing(session, checked_in="no")
    assert set(select_recipients(mailing)) == {partner, other}
    mailing = make_mailing(session, has_meetings="no", status="")
    assert select_recipients(mailing).count() == 2  # the other approved and the submitted


def test_recipients_filtered_to_nobody_are_refused_and_nothing_is_sent(session, organizer):
    RegistrationFactory(session=session)
    mailing = make_mailing(session, delegation="RU")
    with pytest.raises(MailingError) as error:
        send(mailing, by=organizer)
    assert error.value.code == "no_recipients"
    mailing.refresh_from_db()
    assert mailing.state == MailingState.DRAFT
    assert not Email.objects.exists()


# --- sending: outbox, task engine, throttle -----------------------------------------------


def test_sending_goes_out_in_throttled_batches_through_the_outbox(
    session, settings, django_capture_on_commit_callbacks
):
    settings.MAILING_BATCH_SIZE = 2
    for _index in range(5):
        RegistrationFactory(session=session)
    mailing = make_mailing(session)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert send(mailing, by=SYSTEM) == 5
    assert len(callbacks) == 1  # the first batch's task, once the sending committed
    assert not Email.objects.exists()
    # The task engine's first batch: two e-mails, the next batch queued for later.
    with django_capture_on_commit_callbacks(execute=False) as later:
        assert write_batch(mailing.pk) == 3
    assert Email.objects.count() == 2
    assert len(later) == 3  # the delivery of each of the two, and the next batch
    # The rest, through the task engine (eager in tests) and the outbox.
    with django_capture_on_commit_callbacks(execute=True):
        for callback in later:
            callback()
    mailing.refresh_from_db()
    assert mailing.state == MailingState.SENT
    assert Email.objects.count() == 5
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}
    assert {recipient.state for recipient in mailing.recipients.all()} == {RecipientState.SENT}
    # Running a batch again writes nothing twice.
    assert write_batch(mailing.pk) == 0
    assert Email.objects.count() == 5
    with pytest.raises(MailingError):
        send(mailing, by=SYSTEM)


@pytest.mark.django_db(transaction=True)
def test_failed_recipients_are_visible_and_leave_when_sent_again(smtp, settings):  # noqa: F811
    from tests.factories import SessionFactory

    settings.POST_OFFICE = {**settings.POST_OFFICE, "MAX_RETRIES": 0}
    session = SessionFactory()
    registrations = [RegistrationFactory(session=session) for _index in range(2)]
    mailing = make_mailing(session)
    send(mailing, by=SYSTEM)  # SMTP is down: each e-mail fails for good
    states = [recipient.state for recipient in mailing.recipients.select_related("email")]
    assert states == [RecipientState.FAILED] * 2

    sink = smtp()
    assert send_failed_again(mailing, by=SYSTEM) == 2
    states = [recipient.state for recipient in mailing.recipients.select_related("email")]
    assert states == [RecipientState.SENT] * 2
    assert len(sink.messages) == 2
    assert all(r.person.email in "".join(sink.messages) for r in registrations)


def test_a_viewer_may_not_send_test_or_send_again(session, viewer):
    mailing = make_mailing(session)
    RegistrationFactory(session=session)
    for action in (send, send_test, send_failed_again):
        with pytest.raises(PermissionDenied):
            action(mailing, by=viewer)
    assert not Recipient.objects.exists()


def test_sending_records_who_and_when(session, organizer):
    RegistrationFactory(session=session)
    mailing = make_mailing(session)
    send(mailing, by=organizer)
    mailing.refresh_from_db()
    assert mailing.sent_by == organizer
    assert mailing.sent_at is not None
    assert mailing.history.first().history_change_reason == "sent"
    assert mailing.sent_at - mailing.created_at < datetime.timedelta(minutes=1)
