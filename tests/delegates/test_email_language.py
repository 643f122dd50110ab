"""Every e-mail, in Italian and Russian: the greeting, a capital letter after it, the dates in
the reader's language, no «г..» (issue 14)."""

import re

import pytest

from core.authorization import SYSTEM
from delegates.services.mail import SUBJECTS, build_registration_email
from meetings import emails as meeting_emails
from meetings import services as meeting_services
from tests.factories import RegistrationFactory, RussianRegistrationFactory
from tests.meetings.conftest import make_meeting_point, make_profile
from tests.sessions_app.test_dates import kazan_session

pytestmark = pytest.mark.django_db

GREETINGS = {"it": "Gentile ", "ru": "Здравствуйте, "}


def sentence_after_greeting(text, language):
    """The first words after the greeting line (text) or paragraph (HTML)."""
    plain = re.sub(r"<[^>]+>", "\n", text)
    lines = [line.strip() for line in plain.splitlines() if line.strip()]
    index = next(i for i, line in enumerate(lines) if line.startswith(GREETINGS[language]))
    return lines[index], lines[index + 1]


def assert_well_written(message, language):
    html = message.alternatives[0][0]
    for text in (message.subject, message.body, html):
        assert "г.." not in text
        assert ".." not in text.replace("...", "")
        # A no-break space joins «г.» to its year and to its city.
        assert not re.search(r"\d г\.|(?<!\w)г\. (?=[А-ЯЁ])", text), text
    for text in (message.body, html):
        greeting, following = sentence_after_greeting(text, language)
        assert following[0].isupper(), (greeting, following)
    return html


@pytest.fixture
def russian_registration():
    session = kazan_session()
    registration = RussianRegistrationFactory(
        session=session,
        person__given_name="Юлия",
        person__family_name="Щербакова",
        person__patronymic="Сергеевна",
        person__given_name_latin="Iuliia",
        person__family_name_latin="Shcherbakova",
    )
    return registration


@pytest.fixture
def italian_registration():
    session = kazan_session(number=301)
    return RegistrationFactory(session=session, person__given_name="Giulia")


@pytest.mark.parametrize("kind", sorted(SUBJECTS))
def test_russian_emails_greet_by_name_and_patronymic_and_go_on_with_a_capital(
    russian_registration, kind
):
    russian_registration.cancelled_by_staff = kind == "cancellation"
    message = build_registration_email(russian_registration, kind)
    html = assert_well_written(message, "ru")
    assert "Здравствуйте, Юлия Сергеевна!" in message.body
    assert "Здравствуйте, Юлия Сергеевна!" in html
    assert "Щербакова" not in message.body.split("\n")[0]
    # The link's expiry date is written in Russian.
    assert re.search(
        r"\d+ (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|"
        r"октября|ноября|декабря) \d{4}\u00a0г\.",
        message.body,
    )


@pytest.mark.parametrize("kind", sorted(SUBJECTS))
def test_italian_emails_go_on_with_a_capital_after_the_greeting(italian_registration, kind):
    italian_registration.cancelled_by_staff = kind == "cancellation"
    message = build_registration_email(italian_registration, kind)
    assert_well_written(message, "it")
    assert f"Gentile {italian_registration.person.full_name}," in message.body
    assert re.search(
        r"\d+ (gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|"
        r"settembre|ottobre|novembre|dicembre) \d{4}",
        message.body,
    )


def test_the_dates_of_the_session_end_a_russian_sentence_with_one_full_stop(
    russian_registration,
):
    message = build_registration_email(russian_registration, "approval")
    assert "15–16 февраля 2027\u00a0г." in message.body
    assert "г.." not in message.body
    confirmation = build_registration_email(russian_registration, "confirmation")
    assert "15–16 февраля 2027\u00a0г." in confirmation.body


def test_italian_approval_gives_the_dates_in_italian(italian_registration):
    message = build_registration_email(italian_registration, "approval")
    assert "15–16 febbraio 2027" in message.body
    assert "Febbraio" not in message.body


def test_the_venue_is_named_in_the_readers_language(russian_registration, italian_registration):
    """A Russian reader is told «Казань Экспо», an Italian one the venue as written there."""
    russian = build_registration_email(russian_registration, "approval")
    assert "Место проведения: Казань Экспо" in russian.body
    assert "Kazan Expo" not in russian.body + russian.alternatives[0][0]
    italian = build_registration_email(italian_registration, "approval")
    assert "Kazan Expo" in italian.body
    assert "Казань Экспо" not in italian.body


def test_meeting_point_emails_in_both_languages(
    russian_registration, mailoutbox, django_capture_on_commit_callbacks
):
    session = russian_registration.session
    meeting_point = make_meeting_point(session)
    russian_registration.wants_bilateral_meetings = True
    russian_registration.save()
    make_profile(russian_registration)
    italian = RegistrationFactory(session=session, wants_bilateral_meetings=True)
    make_profile(italian)
    with django_capture_on_commit_callbacks(execute=True):
        request = meeting_services.send_request(italian, russian_registration, "Incontriamoci")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.accept_request(request, by=russian_registration)
    received, accepted = mailoutbox[-2:]
    assert received.to == [russian_registration.person.email]
    assert_well_written(received, "ru")
    assert "Здравствуйте, Юлия Сергеевна!" in received.body
    assert_well_written(accepted, "it")
    assert "Iuliia Shcherbakova (Юлия Щербакова)" in accepted.body  # Italian reader: Latin first
    assert meeting_point.pk
    with django_capture_on_commit_callbacks(execute=True):
        meeting_emails.queue_agenda_email(meeting_point.pk, russian_registration.pk)
    assert_well_written(mailoutbox[-1], "ru")


@pytest.mark.parametrize("kind", meeting_emails.REQUEST_KINDS)
def test_every_meeting_request_email_reads_well_in_both_languages(
    russian_registration, kind, mailoutbox, django_capture_on_commit_callbacks
):
    session = russian_registration.session
    make_meeting_point(session)
    russian_registration.wants_bilateral_meetings = True
    russian_registration.save()
    make_profile(russian_registration)
    italian = RegistrationFactory(session=session, wants_bilateral_meetings=True)
    make_profile(italian)
    request = meeting_services.send_request(italian, russian_registration, "Incontriamoci")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_emails.queue_request_email(kind, request.pk, russian_registration.pk, True)
        meeting_emails.queue_request_email(kind, request.pk, italian.pk)
    to_russian, to_italian = mailoutbox
    assert_well_written(to_russian, "ru")
    assert "Здравствуйте, Юлия Сергеевна!" in to_russian.body
    assert_well_written(to_italian, "it")
    assert "Iuliia Shcherbakova (Юлия Щербакова)" in to_italian.body  # Latin first


def test_the_meeting_cancelled_email_greets_by_name_and_patronymic(
    russian_registration, mailoutbox, django_capture_on_commit_callbacks
):
    session = russian_registration.session
    meeting_point = make_meeting_point(session)
    italian = RegistrationFactory(session=session)
    meeting = meeting_services.create_meeting_by_staff(
        meeting_point, italian, russian_registration, 0, 1, by=SYSTEM
    )
    with django_capture_on_commit_callbacks(execute=True):
        meeting_emails.queue_meeting_cancelled_email(meeting, russian_registration, italian, True)
    assert_well_written(mailoutbox[-1], "ru")
    assert "Здравствуйте, Юлия Сергеевна!" in mailoutbox[-1].body


@pytest.mark.parametrize(
    ("language", "change", "view"),
    [
        ("ru", "просмотреть, изменить или отменить", "Чтобы просмотреть отменённую регистрацию"),
        ("it", "vedere, modificare o annullare", "Per vedere la registrazione annullata"),
    ],
)
def test_a_cancelled_registration_s_email_no_longer_offers_to_change_or_cancel_it(
    russian_registration, italian_registration, language, change, view
):
    from delegates.models import RegistrationStatus

    registration = russian_registration if language == "ru" else italian_registration
    registration.status = RegistrationStatus.CANCELLED
    message = build_registration_email(registration, "cancellation")
    for text in (message.body, message.alternatives[0][0]):
        assert view in text and change not in text
    registration.status = RegistrationStatus.APPROVED
    assert change in build_registration_email(registration, "approval").body


def test_the_sender_is_named_in_the_readers_language(
    russian_registration, italian_registration, settings
):
    """«Рабочая группа … <taskforce@…>» for a Russian delegate, not the Italian «Task Force»;
    the address is the configured one; queued in the outbox as it is."""
    from email.header import decode_header, make_header
    from email.utils import parseaddr

    from post_office.models import Email

    from delegates.services.mail import queue_registration_email

    settings.DEFAULT_FROM_EMAIL = "Portal <taskforce@example.org>"
    russian = build_registration_email(russian_registration, "confirmation")
    italian = build_registration_email(italian_registration, "confirmation")

    def sender(from_email):
        name, address = parseaddr(from_email)
        return str(make_header(decode_header(name))), address

    assert sender(russian.from_email) == (
        "Рабочая группа по промышленным округам и МСП",
        "taskforce@example.org",
    )
    assert sender(italian.from_email) == ("Task Force italo-russa", "taskforce@example.org")
    queue_registration_email(russian_registration, "confirmation")
    queued = Email.objects.latest("pk")
    assert sender(queued.from_email)[0] == "Рабочая группа по промышленным округам и МСП"
    header = queued.email_message().message()["From"]
    assert "Рабочая группа" in str(make_header(decode_header(header)))


@pytest.mark.parametrize(
    ("kind", "russian_sentence"),
    [
        ("approval", "Ваша регистрация на XXX заседание Рабочей группы (Казань) одобрена."),
        ("waitlist", "Ваша регистрация на XXX заседание Рабочей группы (Казань) внесена в лист"),
        (
            "rejection",
            "не можем принять вашу регистрацию на XXX заседание Рабочей группы (Казань).",
        ),
    ],
)
def test_the_session_is_named_as_russian_writes_it(russian_registration, kind, russian_sentence):
    """«регистрация на XXX заседание Рабочей группы (Казань)», not «(XXX заседание — Казань)»
    in brackets after the sentence."""
    russian_registration.session.number = 30
    russian_registration.session.save()
    message = build_registration_email(russian_registration, kind)
    assert russian_sentence in " ".join(message.body.split())
