"""Certificates of attendance: the delegate's bilingual PDF from the private link, its QR code
verified by the public page, the refusals, and the bulk issue from the admin."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from core.authorization import SYSTEM, ActionNotAllowed
from core.verification import sign_code
from sessions_app.models import Country, SessionInstitution
from tests.factories import (
    RegistrationFactory,
    RussianRegistrationFactory,
    SessionFactory,
    session_local_time,
)
from tests.helpers import log_in
from tests.roles import ORGANIZERS, VIEWERS, role_member
from tests.venue.test_badges import decode_qr_codes
from venue.models import Certificate, CheckIn
from venue.services import certificates

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended_session(db):
    """A two-day Italian session that ended a few days ago."""
    start = timezone.localdate() - datetime.timedelta(days=6)
    return SessionFactory(
        number=25,
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        status="held",
        registration_opens=None,
    )


def checked_in(registration, day=0, hour=9):
    CheckIn.objects.create(
        registration=registration,
        session=registration.session,
        checked_in_at=session_local_time(registration.session, day, hour),
    )
    return registration


def pdf_text(content):
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def certificate_url(registration):
    return reverse("venue:own_certificate", kwargs={"token": registration.management_token})


def test_a_checked_in_delegate_downloads_a_certificate_in_both_languages_and_scripts(
    client, ended_session
):
    SessionInstitution.objects.create(
        session=ended_session,
        country=Country.RUSSIA,
        name_it="Ministero dello Sviluppo Economico della Federazione Russa",
        name_ru="Министерство экономического развития Российской Федерации",
        signatory_name="Ольга Смирнова",
        signatory_title_it="Direttrice di dipartimento",
        signatory_title_ru="Директор департамента",
    )
    registration = checked_in(RussianRegistrationFactory(session=ended_session), day=1)
    response = client.get(certificate_url(registration))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    text = pdf_text(response.content)
    person = registration.person
    # The name in Latin letters and in Cyrillic, the titles in Italian and in Russian.
    assert person.full_name_latin in text
    assert person.full_name in text
    assert "Attestato di partecipazione" in text
    assert "Сертификат об участии" in text
    # The day attended: the check-in's (the second), in both languages.
    second_day = ended_session.end_date
    assert f"Giorno di partecipazione: {second_day.day}" in text
    assert f"День участия: {second_day.day}" in text
    assert "XXV sessione" in text and "XXV заседание" in text
    assert "г.." not in text
    # The group by its full official name, once (locale/GLOSSARY.md).
    flat = " ".join(text.replace("-\n", "-").split())
    assert "сотрудничеству в сфере малого и среднего бизнеса" in flat
    assert flat.count("рабочей группы") == 1
    # The signatories as the session records them, in both scripts; the co-chair otherwise.
    assert "Ольга Смирнова" in text and "Olga Smirnova" in text
    assert "Mario Rossi" in text
    certificate = Certificate.objects.get()
    assert certificate.number == "TF-25/A0001"
    assert certificate.number in text
    assert certificate.issued_by is None
    # Downloading again gives the same certificate, not a new number.
    assert client.get(certificate_url(registration)).status_code == 200
    assert Certificate.objects.count() == 1


def test_the_days_attended_run_from_the_check_in_to_the_last_day(client, ended_session):
    registration = checked_in(RegistrationFactory(session=ended_session), day=0)
    text = pdf_text(client.get(certificate_url(registration)).content)
    assert "Giorni di partecipazione" in text
    assert "Дни участия" in text


def test_the_qr_code_opens_the_public_page_that_says_the_certificate_is_valid(
    client, ended_session
):
    registration = checked_in(RussianRegistrationFactory(session=ended_session))
    pdf = client.get(certificate_url(registration)).content
    # The QR code printed on the certificate, read from the page as a phone would.
    (url,) = decode_qr_codes(pdf)
    certificate = Certificate.objects.select_related("registration", "session").get()
    assert url == certificates.verification_url(certificate)
    assert url.startswith("http://127.0.0.1:8000/ru/verify/certificate/")
    # The address printed under the code is the one the QR code holds.
    assert re.sub(r"\s", "", url) in re.sub(r"\s", "", pdf_text(pdf))
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    page = response.content.decode()
    assert 'data-state="valid"' in page
    assert "TF-25/A0001" in page
    assert registration.person.full_name in page
    assert '<meta name="robots" content="noindex">' in page


def test_the_public_page_speaks_the_readers_language(client, ended_session):
    registration = checked_in(RegistrationFactory(session=ended_session))
    certificate = certificates.issue_certificate(registration, by=SYSTEM)
    code = certificates.certificate_code(certificate)
    with translation.override("ru"):
        url = reverse("venue:verify_certificate", kwargs={"code": code})
    page = client.get(url).content.decode()
    assert "Действителен" in page


@pytest.mark.parametrize(
    "make_code",
    [
        lambda code: code[:-1] + ("A" if code[-1] != "A" else "B"),  # altered signature
        lambda code: code.replace(code.split(":")[0], "999999", 1),  # another number
        lambda code: sign_code("visa_letter", code.split(":")[0]),  # a code of another kind
        lambda code: "not-a-code",
    ],
)
def test_a_forged_code_is_refused_with_a_clear_message(client, ended_session, make_code):
    registration = checked_in(RegistrationFactory(session=ended_session))
    certificate = certificates.issue_certificate(registration, by=SYSTEM)
    forged = make_code(certificates.certificate_code(certificate))
    response = client.get(reverse("venue:verify_certificate", kwargs={"code": forged}))
    assert response.status_code == 404
    page = response.content.decode()
    assert 'data-state="unknown"' in page
    assert "non corrisponde ad alcun attestato di partecipazione" in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_genuine_code_of_a_certificate_that_was_never_issued_is_unknown(client):
    code = sign_code(certificates.KIND, "424242")
    response = client.get(reverse("venue:verify_certificate", kwargs={"code": code}))
    assert response.status_code == 404


def test_no_certificate_before_the_session_has_ended(client, session):
    registration = checked_in(RegistrationFactory(session=session))
    response = client.get(certificate_url(registration))
    assert response.status_code == 403
    page = response.content.decode()
    assert "al termine della sessione" in page
    assert not Certificate.objects.exists()
    manage = client.get(
        reverse("delegates:manage", kwargs={"token": registration.management_token})
    ).content.decode()
    assert certificate_url(registration) not in manage


def test_no_certificate_for_a_delegate_who_never_checked_in(client, ended_session):
    registration = RegistrationFactory(session=ended_session)
    response = client.get(certificate_url(registration))
    assert response.status_code == 403
    assert "non risulta alcun accredito" in response.content.decode()
    assert not Certificate.objects.exists()


def test_the_refusal_is_translated(client, ended_session):
    registration = RussianRegistrationFactory(session=ended_session)
    url = reverse("venue:own_certificate", kwargs={"token": registration.management_token})
    with translation.override("ru"):
        url = reverse("venue:own_certificate", kwargs={"token": registration.management_token})
    page = client.get(url).content.decode()
    assert "аккредитац" in page


def test_the_private_page_offers_the_certificate_after_the_session(client, ended_session):
    registration = checked_in(RegistrationFactory(session=ended_session))
    page = client.get(
        reverse("delegates:manage", kwargs={"token": registration.management_token})
    ).content.decode()
    assert certificate_url(registration) in page


def test_a_delegate_cannot_issue_someone_elses_certificate(ended_session):
    mine = checked_in(RegistrationFactory(session=ended_session))
    theirs = checked_in(RegistrationFactory(session=ended_session))
    with pytest.raises(certificates.CertificateError):
        certificates.issue_certificates([theirs], by=mine)


def test_organizers_issue_certificates_in_bulk_from_the_registration_list(client, ended_session):
    organizer = role_member(ORGANIZERS)
    log_in(client, organizer)
    came = [
        checked_in(RegistrationFactory(session=ended_session)),
        checked_in(RussianRegistrationFactory(session=ended_session), day=1),
    ]
    stayed_home = RegistrationFactory(session=ended_session)
    response = client.post(
        reverse("admin:delegates_registration_changelist"),
        {
            "action": "issue_certificates_action",
            "_selected_action": [r.pk for r in (*came, stayed_home)],
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2
    issued = list(Certificate.objects.order_by("serial"))
    assert [c.serial for c in issued] == [1, 2]
    assert {c.registration_id for c in issued} == {r.pk for r in came}
    assert all(c.issued_by == organizer for c in issued)
    # The one who stayed home is named in the warning shown on the next page.
    listing = client.get(reverse("admin:delegates_registration_changelist")).content.decode()
    assert (
        "1 delegato senza attestato. Nessun accredito registrato per: "
        f"{stayed_home.person.full_name_latin}." in listing
    )
    assert "a Suo nome" not in listing
    # The delegate downloads the same certificate afterwards.
    client.logout()
    assert client.get(certificate_url(came[0])).status_code == 200
    assert Certificate.objects.count() == 2


def issue_from_the_admin(client, registrations, language="it"):
    """The admin action on `registrations`; the warnings shown on the next page."""
    client.cookies["taskforce_language"] = language
    client.post(
        reverse("admin:delegates_registration_changelist"),
        {
            "action": "issue_certificates_action",
            "_selected_action": [registration.pk for registration in registrations],
        },
    )
    listing = client.get(reverse("admin:delegates_registration_changelist"))
    return [str(message) for message in listing.context["messages"]]


def test_the_staff_warning_names_the_delegates_without_a_check_in_up_to_twenty(
    client, ended_session
):
    log_in(client, role_member(ORGANIZERS))
    absent = [RegistrationFactory(session=ended_session) for _ in range(23)]

    (warning,) = issue_from_the_admin(client, absent)

    assert warning.startswith("23 delegati senza attestato. Nessun accredito registrato per: ")
    named = [r for r in absent if r.person.full_name_latin in warning]
    assert len(named) == 20
    assert warning.endswith(" e altri 3.")
    assert "Suo" not in warning and "La preghiamo" not in warning
    assert Certificate.objects.count() == 0


def test_the_russian_staff_warning_names_delegates_in_cyrillic(client, ended_session):
    log_in(client, role_member(ORGANIZERS))
    russian = RussianRegistrationFactory(session=ended_session)
    italian = RegistrationFactory(session=ended_session)

    (warning,) = issue_from_the_admin(client, [russian, italian], language="ru")

    assert warning.startswith("2 делегата без сертификата. Нет отметки об аккредитации: ")
    assert russian.person.full_name in warning  # Cyrillic, as the reader writes
    assert italian.person.full_name_latin in warning
    assert "вас" not in warning.lower()


def test_the_staff_warning_says_which_session_is_not_over_and_names_who_waits(
    client, ended_session, session
):
    log_in(client, role_member(ORGANIZERS))
    came = checked_in(RegistrationFactory(session=ended_session))
    waiting = checked_in(RegistrationFactory(session=session))

    response = client.post(
        reverse("admin:delegates_registration_changelist"),
        {"action": "issue_certificates_action", "_selected_action": [came.pk, waiting.pk]},
    )
    listing = client.get(reverse("admin:delegates_registration_changelist"))
    warnings = [str(message) for message in listing.context["messages"]]

    assert response["Content-Type"] == "application/pdf"
    with translation.override("it"):
        title = session.title
        day = certificates.long_date(session.end_date + datetime.timedelta(days=1))
    assert any(
        warning.startswith(f"1 delegato senza attestato: la {title} non è ancora conclusa")
        and f"(attestati dal {day})".replace("dal 8 ", "dall’8 ").replace("dal 11 ", "dall’11 ")
        in warning
        and warning.endswith(f"Non rilasciato a: {waiting.person.full_name_latin}.")
        for warning in warnings
    ), warnings
    assert Certificate.objects.get().registration == came


def test_issuing_again_keeps_the_numbers(ended_session):
    registrations = [checked_in(RegistrationFactory(session=ended_session)) for _ in range(3)]
    first = certificates.issue_certificates(registrations[:1], by=SYSTEM).certificates
    again = certificates.issue_certificates(registrations, by=SYSTEM).certificates
    assert first[0].serial == 1
    assert sorted(c.serial for c in again) == [1, 2, 3]
    assert Certificate.objects.count() == 3


def test_bulk_issue_before_the_end_refuses_everyone(session):
    registration = checked_in(RegistrationFactory(session=session))
    result = certificates.issue_certificates([registration], by=SYSTEM)
    assert result.certificates == []
    assert len(result.refused) == 1


def test_viewers_cannot_issue_certificates(client, ended_session):
    viewer = role_member(VIEWERS)
    log_in(client, viewer)
    registration = checked_in(RegistrationFactory(session=ended_session))
    response = client.post(
        reverse("admin:delegates_registration_changelist"),
        {"action": "issue_certificates_action", "_selected_action": [registration.pk]},
    )
    assert response.status_code == 403
    assert not Certificate.objects.exists()
    with pytest.raises(ActionNotAllowed) as refused:
        certificates.issue_certificates([registration], by=viewer)
    assert "Non è autorizzato" in str(refused.value)


@pytest.mark.parametrize("count", [1, 20])
def test_the_certificate_list_costs_the_same_queries_whatever_its_length(
    client, ended_session, count, django_assert_num_queries
):
    registrations = [checked_in(RegistrationFactory(session=ended_session)) for _ in range(count)]
    certificates.issue_certificates(registrations, by=SYSTEM)
    organizer = role_member(ORGANIZERS)
    log_in(client, organizer)
    url = reverse("admin:venue_certificate_changelist")
    client.get(url)  # warm the caches (permissions, session)
    with django_assert_num_queries(QUERIES_OF_THE_LIST):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("TF-25/A") == count


# Among them, the zone of the sessions listed (sessions_app.admin.SessionListTimesMixin).
QUERIES_OF_THE_LIST = 11
