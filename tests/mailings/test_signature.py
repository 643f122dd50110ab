"""Every e-mail the portal sends ends with the same signature in each language: the full name
of the secretariat and the site's address (templates/emails/_signature.txt and .html); before
it, every e-mail to a delegate gives them their own private link (_footer.txt and .html)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from post_office.models import Email

from delegates.services.mail import EmailKind, build_registration_email
from delegates.services.tokens import management_url
from mailings import reminders
from mailings.services import messages
from meetings import emails as meeting_emails
from meetings.models import Meeting, MeetingRequest
from projects import emails as project_emails
from projects.models import FollowUp, FollowUpKind
from tests.factories import (
    PastSessionFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    ThematicTableFactory,
)
from tests.mailings.conftest import make_mailing
from tests.meetings.conftest import make_meeting_point
from tests.projects.conftest import make_project
from tests.travel.hotel_fixtures import hotel_with_block, stay
from tests.travel.test_letters import passport_data
from travel.emails import (
    queue_room_email,
    queue_visa_letter_received_email,
    queue_visa_letter_released_email,
)
from travel.models import HotelBooking, VisaLetterRequest

pytestmark = pytest.mark.django_db

EMAILS = Path(__file__).resolve().parents[2] / "templates" / "emails"

SIGNATURES = {
    "it": "La segreteria della Task Force italo-russa sui distretti e le PMI",
    "ru": (
        "Секретариат Российско-Итальянской рабочей группы по промышленным округам и "
        "сотрудничеству в сфере малого и среднего бизнеса"
    ),
    "en": "The secretariat of the Italian-Russian Task Force on industrial districts and SMEs",
}


def message_templates():
    return sorted(
        path.stem
        for path in EMAILS.glob("*.txt")
        if not path.name.startswith("_") and not path.stem.endswith("_subject")
    )


@pytest.mark.parametrize("template", message_templates())
def test_every_e_mail_template_ends_with_the_shared_footer(template):
    """Every e-mail goes to a delegate: each ends with the footer of the delegates' e-mails
    (their private link, then the one signature), never with the signature alone."""
    text = (EMAILS / f"{template}.txt").read_text()
    html = (EMAILS / f"{template}.html").read_text()
    assert '{% include "emails/_footer.txt" %}' in text
    assert '{% include "emails/_footer.html" %}' in html or (
        '{% extends "emails/_base.html" %}' in html
    )
    assert "_signature" not in text and "_signature" not in html
    # No signature of its own beside the shared one.
    assert "secretariat" not in text and "secretariat" not in html


def signed_alike(text, language):
    """The text's last non-empty lines are the signature of `language` and the site's
    address (the text part), or contain them (the HTML part)."""
    lines = [line.strip() for line in re.sub(r"<[^>]+>", "\n", text).splitlines() if line.strip()]
    return lines[-2:] == [SIGNATURES[language], settings.SITE_URL]


def produce_every_e_mail(language, produced_for=None):
    """Every kind of e-mail the portal sends, produced through the services that send them,
    to delegates reading `language`: {template: (text, html)}. `produced_for`, a dict, gets
    the recipient ("recipient") and the other delegate of the story ("other")."""
    produced = {}
    italian = RegistrationFactory(language=language, wants_bilateral_meetings=True)
    session = italian.session
    russian = RussianRegistrationFactory(
        session=session, language=language, wants_bilateral_meetings=True
    )
    if produced_for is not None:
        produced_for.update(recipient=italian, other=russian)

    for kind in [value for name, value in vars(EmailKind).items() if name.isupper()]:
        message = build_registration_email(italian, kind)
        produced[kind] = (message.body, message.alternatives[0][0])

    def take_queued(template, queue):
        before = set(Email.objects.values_list("pk", flat=True))
        queue()
        (email,) = Email.objects.exclude(pk__in=before)
        produced[template] = (email.message, email.html_message)

    meeting_point = make_meeting_point(session)
    request = MeetingRequest.objects.create(
        meeting_point=meeting_point, sender=russian, recipient=italian, message="Buongiorno"
    )
    for kind in meeting_emails.REQUEST_KINDS:
        take_queued(
            f"meetings_request_{kind}",
            lambda kind=kind: meeting_emails.queue_request_email(kind, request.pk, italian.pk),
        )
    meeting = Meeting.objects.create(
        meeting_point=meeting_point,
        request=request,
        registration_a=italian,
        registration_b=russian,
        slot=0,
        table_number=1,
    )
    take_queued(
        "meetings_agenda", lambda: meeting_emails.queue_agenda_email(meeting_point.pk, italian.pk)
    )
    take_queued(
        "meetings_meeting_cancelled",
        lambda: meeting_emails.queue_meeting_cancelled_email(meeting, italian, russian, True),
    )

    _hotel, block = hotel_with_block(session)
    booking = HotelBooking.objects.create(registration=italian, room_block=block, **stay(session))
    take_queued("travel_room", lambda: queue_room_email(booking, by_staff=False))

    table = ThematicTableFactory(session=session)
    for status in ("accepted_table", "accepted_catalogue", "declined"):
        project = make_project(
            italian,
            table,
            status=status,
            decision_note_it="Fuori tema",
            decision_note_ru="Вне тематики",
        )
        take_queued(
            f"projects_{status}",
            lambda project=project: project_emails.queue_decision_email(project),
        )
    for kind in (FollowUpKind.MEETING, FollowUpKind.PROJECT):
        follow_up = FollowUp.objects.create(
            session=session,
            kind=kind,
            round_months=0 if kind == FollowUpKind.MEETING else 3,
            registration=italian,
            meeting=meeting if kind == FollowUpKind.MEETING else None,
            project=project if kind == FollowUpKind.PROJECT else None,
        )
        take_queued(
            f"projects_follow_up_{kind}",
            lambda follow_up=follow_up: project_emails.queue_follow_up_email(follow_up),
        )

    letter_request = VisaLetterRequest.objects.create(
        registration=russian, **passport_data(session)
    )
    letter_request.registration = italian  # the e-mail goes to the reader of `language`
    take_queued("visa_letter_received", lambda: queue_visa_letter_received_email(letter_request))
    take_queued("visa_letter_released", lambda: queue_visa_letter_released_email(letter_request))

    day = session.start_date.isoformat()
    # Each reminder's template, and its key (what it reminds of).
    templates = {
        "unconfirmed": ("reminder_unconfirmed", ""),
        "registration_closing": ("reminder_registration_closing", ""),
        "agenda": ("reminder_agenda", day),
        "visa_letter_deadline": ("reminder_visa_letter", day),
        "project_follow_up_unanswered": ("reminder_project_follow_up", str(follow_up.pk)),
    }
    for kind in reminders.kinds():
        template, key = templates[kind.code]
        with translation.override(language):
            _subject, text, html = kind.build(italian, key)
        produced[template] = (text, html)

    mailing = make_mailing(session, subject_en="Programme", body_en="{address}\n\nUpdated.")
    rendered = messages.render_for(mailing, italian)
    assert rendered.language == language
    produced["mailing"] = (rendered.text, rendered.html)
    return produced


@pytest.mark.parametrize("language", ["it", "ru", "en"])
def test_every_e_mail_is_signed_with_the_same_signature_in_its_language(language):
    produced = produce_every_e_mail(language)
    # The agreement follow-up needs an agreement; its template is checked above and shares
    # the include with the two produced here.
    assert set(produced) >= set(message_templates()) - {"projects_follow_up_agreement"}
    unsigned = {
        template: part
        for template, (text, html) in produced.items()
        for part, content in (("text", text), ("html", html))
        if not signed_alike(content, language)
    }
    assert unsigned == {}


# The footer's opening words and the link's last day, in each language.
FOOTERS = {
    "it": (
        "Per vedere, modificare o annullare la registrazione usi il Suo link personale "
        "(non lo condivida):",
        "Il link è valido fino al",
    ),
    "ru": (
        "Чтобы просмотреть, изменить или отменить регистрацию, воспользуйтесь личной ссылкой "
        "(никому её не передавайте):",
        "Ссылка действует до",
    ),
    "en": (
        "To view, change or cancel your registration, use your private link (keep it to yourself):",
        "The link works until",
    ),
}


@pytest.mark.parametrize("language", ["it", "ru", "en"])
def test_every_e_mail_to_a_delegate_gives_their_own_private_link_in_their_language(language):
    people = {}
    produced = produce_every_e_mail(language, people)
    own, others = management_url(people["recipient"]), management_url(people["other"])
    opening, until = FOOTERS[language]
    lacking = {}
    for template, (text, html) in produced.items():
        checks = {
            "text": f"{opening}\n{own}\n{until} " in text and others not in text,
            "html": f'{opening}<br>\n<a href="{own}">{own}</a><br>\n{until} ' in html
            and others not in html,
        }
        lacking.update({(template, part): False for part, ok in checks.items() if not ok})
    assert lacking == {}


def test_a_follow_up_after_the_private_link_expired_ends_with_the_signature_alone():
    """Months after the session the delegate's private link no longer works: the follow-up
    question gives no dead link, only the signature."""
    registration = RegistrationFactory(session=PastSessionFactory(), language="it")
    assert not registration.is_management_link_valid()
    project = make_project(
        registration, ThematicTableFactory(session=registration.session), status="accepted_table"
    )
    follow_up = FollowUp.objects.create(
        session=registration.session,
        kind=FollowUpKind.PROJECT,
        round_months=6,
        registration=registration,
        project=project,
    )
    project_emails.queue_follow_up_email(follow_up)
    (email,) = Email.objects.all()
    for part in (email.message, email.html_message):
        assert registration.management_token not in part
        assert FOOTERS["it"][0] not in part and FOOTERS["it"][1] not in part
        assert signed_alike(part, "it")
    assert "/follow-up/" in email.message


def test_the_b2b_meeting_cancelled_e_mail_in_russian_has_the_full_signature():
    italian = RegistrationFactory(language="it")
    russian = RussianRegistrationFactory(session=italian.session, language="ru")
    meeting_point = make_meeting_point(italian.session)
    meeting = Meeting.objects.create(
        meeting_point=meeting_point,
        registration_a=italian,
        registration_b=russian,
        slot=0,
        table_number=1,
        is_held=False,
    )
    assert meeting_emails.queue_meeting_cancelled_email(meeting, russian, italian, True) == 1
    (queued,) = Email.objects.all()
    assert queued.to == [russian.person.email]
    assert "Секретариат Рабочей группы\n" not in queued.message
    assert queued.message.rstrip().endswith(f"{SIGNATURES['ru']}\n{settings.SITE_URL}")
