"""Italian pages elide the article before the 8th and the 11th, as the e-mails and the PDFs
do (core.text.italian_elision): «dall’8 marzo», «fino all’11 aprile», never «il 8 marzo».
Each test renders the real page through the test client, with a date on the 8th or the 11th;
the Russian pages stay as they were."""

import datetime
import html
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeData, mark_safe

from core.templatetags.written import written
from tests.agreements.factories import protocol_with_sections
from tests.factories import (
    KazanSessionFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    SessionFactory,
    UserFactory,
)
from tests.helpers import log_in
from venue.services.badges import badge_token

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
# A year far enough ahead that every date below is still to come.
YEAR = timezone.localdate().year + 2
PAST_YEAR = timezone.localdate().year - 1
# "il 8", "dal 11", "Al 8 …": an article left whole before the 8th or the 11th.
UNELIDED = re.compile(r"\b(?:il|dal|al|del|nel|sul) (?:8|11) ", re.IGNORECASE)


def url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def text_of(response):
    """The page as a reader sees it: entities decoded, no-break spaces as spaces."""
    return html.unescape(response.content.decode()).replace("\N{NO-BREAK SPACE}", " ")


def assert_elided(text, *expected):
    for phrase in expected:
        assert phrase in text, phrase
    assert not UNELIDED.search(text), UNELIDED.search(text).group(0)


def may_session(**fields):
    """9–10 May, registration open from 8 March of last year until 11 April (Rome)."""
    values = {
        "number": 41,
        "start_date": datetime.date(YEAR, 5, 9),
        "end_date": datetime.date(YEAR, 5, 10),
        "registration_opens": datetime.datetime(PAST_YEAR, 3, 8, 10, tzinfo=ROME),
        "registration_closes": datetime.datetime(YEAR, 4, 11, 18, tzinfo=ROME),
    }
    values.update(fields)
    return SessionFactory(**values)


# --- the filter -----------------------------------------------------------------------------


def test_the_filter_elides_only_in_italian_and_keeps_safe_text_safe():
    with translation.override("it"):
        elided = written(mark_safe("entro il <b>8 marzo</b>, dal 11 aprile"))
        assert elided == "entro il <b>8 marzo</b>, dall’11 aprile"
        assert isinstance(elided, SafeData)
        assert not isinstance(written("il 8 marzo"), SafeData)
        assert written("il 8 marzo") == "l’8 marzo"
        rendered = Template(
            "{% load written %}{% filter written %}<p>Il {{ day }} marzo</p>{% endfilter %}"
        ).render(Context({"day": 8}))
        assert rendered == "<p>L’8 marzo</p>"
    with translation.override("ru"):
        # Russian text never has Italian articles; what the filter gets back is untouched.
        assert written("il 8 marzo") == "il 8 marzo"


# --- public pages -----------------------------------------------------------------------------


def test_the_public_session_page_elides_the_article_before_the_registration_dates(client):
    session = may_session()
    page_url = url("sessions_app:session_detail", "it", number=session.number)
    for _visit in range(2):  # the second visit is the cached page: the same text
        text = text_of(client.get(page_url))
        assert_elided(
            text,
            f"dall’8 marzo {PAST_YEAR}, ore 10:00",
            f"all’11 aprile {YEAR}, ore 18:00",
            f"Fino all’11 aprile {YEAR}, ore 18:00",
        )
    home = text_of(client.get(url("sessions_app:home", "it")))
    assert_elided(home, f"Fino all’11 aprile {YEAR}, ore 18:00")


def test_the_registration_deadline_and_opening_sentences_elide_the_article(client):
    session = may_session()
    text = text_of(client.get(url("delegates:register", "it", number=session.number)))
    assert_elided(text, f"Fino all’11 aprile {YEAR}, ore 18:00 (ora di Bergamo, UTC+2) le reg")

    not_yet = may_session(
        number=42, registration_opens=datetime.datetime(YEAR, 3, 8, 10, tzinfo=ROME)
    )
    text = text_of(client.get(url("delegates:register", "it", number=not_yet.number)))
    assert_elided(text, f"Le registrazioni si apriranno l’8 marzo {YEAR}, ore 10:00")


def test_the_accessibility_statement_elides_the_article_before_its_date(client, settings):
    settings.ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 12, 11)
    text = text_of(client.get(url("accessibility", "it")))
    assert_elided(text, "La presente dichiarazione è stata redatta l’11 dicembre 2026")


# --- the delegate's private pages --------------------------------------------------------------


def test_the_delegate_s_private_pages_elide_the_article(client, settings):
    from projects.models import Call
    from tests.travel.hotel_fixtures import hotel_with_block, open_logistics, stay
    from travel.models import HotelBooking

    # The session ends on 10 May: the link works until 89 days after midnight, 8 August.
    settings.REGISTRATION_LINK_DAYS_AFTER_SESSION = 89
    session = may_session()
    registration = RegistrationFactory(session=session)
    token = registration.management_token

    text = text_of(client.get(url("delegates:manage", "it", token=token)))
    assert_elided(text, f"Questa pagina personale funziona fino all’8 agosto {YEAR}")

    # The call for projects opens on 8 March.
    Call.objects.create(
        session=session,
        opens_at=datetime.datetime(YEAR, 3, 8, 9, tzinfo=ROME),
        closes_at=datetime.datetime(YEAR, 4, 11, 18, tzinfo=ROME),
    )
    text = text_of(client.get(url("projects:own", "it", token=token)))
    assert_elided(text, f"si apre l’8 marzo {YEAR}, ore 09:00")

    # A room from the eve of the session (8 May) to the day after it (11 May).
    open_logistics(session)
    _hotel, block = hotel_with_block(session)
    HotelBooking.objects.create(registration=registration, room_block=block, **stay(session))
    text = text_of(client.get(url("travel:travel", "it", token=token)))
    assert_elided(
        text, "presso Hotel Excelsior; arrivo in hotel: 8 maggio, partenza dall’hotel: 11 maggio."
    )

    # No certificate before the session has ended: from 11 May.
    response = client.get(url("venue:own_certificate", "it", token=token))
    assert response.status_code == 403
    assert_elided(text_of(response), f"al termine della sessione, dall’11 maggio {YEAR}.")


def test_the_meeting_point_page_elides_the_article_before_its_deadline(client):
    from tests.meetings.conftest import make_meeting_point, make_profile

    session = may_session()
    make_meeting_point(session, closes_at=datetime.datetime(YEAR, 5, 8, 20, tzinfo=ROME))
    registration = RegistrationFactory(session=session, wants_bilateral_meetings=True)
    make_profile(registration)
    text = text_of(client.get(url("meetings:home", "it", token=registration.management_token)))
    assert_elided(text, f"aperte fino all’8 maggio {YEAR}, ore 20:00")


def test_the_visa_letter_form_explains_the_passport_dates_with_the_article_elided(client):
    from travel.models import PassportRule, PassportRuleKind

    session = may_session()
    PassportRule.objects.create(
        destination_country="IT",
        kind=PassportRuleKind.MIN_VALIDITY_DAYS,
        value=32,  # after 10 May: until 11 June at least
        source="Regolamento (CE) n. 810/2009",
    )
    registration = RussianRegistrationFactory(session=session)
    form = {
        "name_in_passport": "IVANOVA ANNA",
        "date_of_birth": "1980-05-17",
        "place_of_birth": "Sverdlovsk",
        "citizenship": "Russian Federation",
        "passport_number": "751234567",
        "passport_issued_on": "2020-03-01",
        "passport_expires_on": f"{YEAR}-06-08",
        "consulate": "Consolato Generale d'Italia a Mosca",
    }
    response = client.post(
        url("travel:visa_letter", "it", token=registration.management_token), form
    )
    assert response.status_code == 200
    assert_elided(
        text_of(response),
        f"Il Suo passaporto scade l’8 giugno {YEAR}",
        f"cioè almeno fino all’11 giugno {YEAR}.",
    )


def test_the_delegate_s_refusals_elide_the_article(client):
    """Messages written by the services (a call not open yet, an answer already given, a
    Meeting Point closed) reach the delegate's pages with the article elided."""
    from meetings.models import B2BProfile
    from projects.models import Call, FollowUp, FollowUpKind
    from tests.factories import ThematicTableFactory
    from tests.meetings.conftest import make_meeting_point, make_profile
    from tests.projects.conftest import make_project

    session = may_session()
    registration = RegistrationFactory(session=session, wants_bilateral_meetings=True)
    token = registration.management_token

    # Proposing before the call opens on 8 March: back to the page, saying from when.
    Call.objects.create(
        session=session,
        opens_at=datetime.datetime(YEAR, 3, 8, 9, tzinfo=ROME),
        closes_at=datetime.datetime(YEAR, 4, 11, 18, tzinfo=ROME),
    )
    text = text_of(client.get(url("projects:propose", "it", token=token), follow=True))
    assert_elided(text, f"L’invito a presentare progetti si apre l’8 marzo {YEAR}, ore 09:00 (")

    # A follow-up answered on 11 December.
    project = make_project(registration, ThematicTableFactory(session=session))
    question = FollowUp.objects.create(
        session=session,
        kind=FollowUpKind.PROJECT,
        round_months=3,
        registration=registration,
        project=project,
        progress="negotiating",
        answered_at=datetime.datetime(PAST_YEAR, 12, 11, 12, tzinfo=ROME),
    )
    response = client.get(url("projects:follow_up", "it", token=question.token))
    assert response.status_code == 200
    assert_elided(text_of(response), f"Ha già risposto l’11 dicembre {PAST_YEAR}: grazie.")

    # A request sent after the Meeting Point closed at 20:00 on 8 May.
    make_meeting_point(session, closes_at=datetime.datetime(YEAR, 5, 8, 20, tzinfo=ROME))
    make_profile(registration)
    other = RussianRegistrationFactory(session=session, wants_bilateral_meetings=True)
    make_profile(other)
    request_url = url(
        "meetings:send_request",
        "it",
        token=token,
        profile_id=B2BProfile.objects.get(registration=other).pk,
    )
    with time_machine.travel(datetime.datetime(YEAR, 5, 8, 21, tzinfo=ROME)):
        text = text_of(client.post(request_url, {"message": "Buongiorno"}))
    assert_elided(text, f"Il Meeting Point si è chiuso l’8 maggio {YEAR}, ore 20:00")


# --- staff pages ------------------------------------------------------------------------------


def test_the_protocol_admin_says_from_when_it_can_be_finalized_with_the_article_elided(
    admin_client,
):
    session = may_session(start_date=datetime.date(YEAR, 5, 8))
    protocol = protocol_with_sections(session, count=1)
    change_url = reverse("admin:agreements_protocol_change", args=[protocol.pk])
    text = text_of(admin_client.get(change_url, HTTP_ACCEPT_LANGUAGE="it"))
    assert_elided(text, f"può essere reso definitivo dall’8 maggio {YEAR}")
    finalize_url = reverse("admin:agreements_protocol_finalize", args=[protocol.pk])
    text = text_of(admin_client.get(finalize_url, HTTP_ACCEPT_LANGUAGE="it"))
    assert_elided(text, f"può essere reso definitivo dall’8 maggio {YEAR}")


def test_the_check_in_desk_names_an_earlier_day_with_the_article_elided(client):
    session = KazanSessionFactory(
        start_date=datetime.date(2027, 3, 8), end_date=datetime.date(2027, 3, 9)
    )
    registration = RussianRegistrationFactory(session=session)
    desk = UserFactory(username="desk")
    desk.user_permissions.add(
        Permission.objects.get(codename="check_in", content_type__app_label="venue"),
        Permission.objects.get(codename="view_checkin", content_type__app_label="venue"),
    )
    scan_url = url("venue:scan", "it", number=session.number)
    code = {"code": badge_token(registration)}
    # Checked in on 8 March at 14:40 in Kazan, scanned again the next morning (the desk signs
    # in on each day, as its sign-in lasts less than a day).
    with time_machine.travel(datetime.datetime(2027, 3, 8, 11, 40, tzinfo=datetime.UTC)):
        log_in(client, desk)
        assert client.post(scan_url, code).status_code == 200
    with time_machine.travel(datetime.datetime(2027, 3, 9, 8, 0, tzinfo=datetime.UTC)):
        log_in(client, desk)
        text = text_of(client.post(scan_url, code))
    assert_elided(text, "Accredito già registrato l’8 marzo alle 14:40 (ora di Kazan’, UTC+3).")

    # Outside the days of a session of 9–11 March the desk says why: check-in opens on the
    # eve, 8 March; the session ended on 11 March.
    other_session = KazanSessionFactory(
        number=43, start_date=datetime.date(2027, 3, 9), end_date=datetime.date(2027, 3, 11)
    )
    other_url = url("venue:scan", "it", number=other_session.number)
    other_code = {"code": badge_token(RussianRegistrationFactory(session=other_session))}
    with time_machine.travel(datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)):
        log_in(client, desk)
        text = text_of(client.post(other_url, other_code))
    assert_elided(text, "gli accrediti si aprono l’8 marzo 2027, vigilia della sessione")
    with time_machine.travel(datetime.datetime(2027, 3, 12, 9, 0, tzinfo=datetime.UTC)):
        log_in(client, desk)
        text = text_of(client.post(other_url, other_code))
    assert_elided(text, "la sessione si è conclusa l’11 marzo 2027")


def test_the_two_factor_page_says_when_the_authenticator_was_set_up_with_the_article_elided(
    admin_client, admin_user
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=admin_user).update(
        created_at=datetime.datetime(2026, 12, 8, 12, tzinfo=ROME)
    )
    text = text_of(admin_client.get(reverse("two_factor:profile"), HTTP_ACCEPT_LANGUAGE="it"))
    assert_elided(text, "Attivata l’8 dicembre 2026")


# --- Russian pages are unchanged ---------------------------------------------------------------


def test_the_russian_pages_keep_their_dates_as_they_were(client, settings):
    settings.REGISTRATION_LINK_DAYS_AFTER_SESSION = 89
    session = may_session()
    registration = RegistrationFactory(session=session)

    text = text_of(client.get(url("sessions_app:session_detail", "ru", number=session.number)))
    assert f"с 8 марта {PAST_YEAR} г., 10:00" in text
    assert f"по 11 апреля {YEAR} г., 18:00" in text
    assert f"До 11 апреля {YEAR} г., 18:00 (местное время, Бергамо, UTC+2) регистрация" in text
    assert "’8" not in text and "’11" not in text

    text = text_of(client.get(url("delegates:manage", "ru", token=registration.management_token)))
    assert f"8 августа {YEAR} г." in text
    assert "’8" not in text
