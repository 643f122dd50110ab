"""How the Meeting Point shows a delegate to each reader, and how its forms say what is wrong
(round 5: R2, R3, R4, R16).

- R2: a form sent back with errors opens with the shared error summary (_error_summary.html,
  as the registration form), each error linking to its field.
- R3: the partner's position in the reader's language wherever a person is shown, as in the
  catalogue (presentation.position_for_reader, with the B2B profile loaded).
- R4: the name in the reader's script first, the other in brackets (presentation.both_scripts
  on Person.name_for_reader): e-mails in their recipient's language, pages and PDFs in
  theirs; the organizers' grid on the web and in PDF alike.
- R16: counts at zero read as sentences, not «0 richieste…»."""

import html
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from core.authorization import SYSTEM
from meetings import services
from meetings.models import Meeting
from tests.factories import RegistrationFactory, RussianRegistrationFactory, UserFactory
from tests.helpers import log_in
from tests.meetings.conftest import make_profile

pytestmark = pytest.mark.django_db


def url(name, registration, language, **kwargs):
    with translation.override(language):
        return reverse(
            f"meetings:{name}", kwargs={"token": registration.management_token, **kwargs}
        )


def page(client, address):
    response = client.get(address)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def downloaded(response):
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def petr(meeting_session):
    registration = RussianRegistrationFactory(
        session=meeting_session,
        wants_bilateral_meetings=True,
        person__given_name="Пётр",
        person__family_name="Иванов",
        person__given_name_latin="Petr",
        person__family_name_latin="Ivanov",
        position="Генеральный директор",
    )
    make_profile(registration, position_other_language="Direttore generale")
    return registration


@pytest.fixture
def francesca(meeting_session):
    registration = RegistrationFactory(
        session=meeting_session,
        wants_bilateral_meetings=True,
        person__given_name="Francesca",
        person__family_name="Russo",
        position="Direttore commerciale",
    )
    make_profile(registration, position_other_language="Коммерческий директор")
    return registration


# R3 ------------------------------------------------------------------------------------------


def test_my_requests_show_the_partner_as_the_catalogue_does(client, meeting_point, petr, francesca):
    services.send_request(petr, francesca, "Добрый день")

    russian_page = page(client, url("requests", petr, "ru"))
    assert "Коммерческий директор" in russian_page
    assert "Direttore commerciale" not in russian_page
    assert "Francesca Russo" in russian_page

    italian_page = page(client, url("requests", francesca, "it"))
    assert "<strong>Petr Ivanov (Пётр Иванов)</strong>" in italian_page
    assert "Direttore generale" in italian_page
    assert "Генеральный директор" not in italian_page
    assert "Пётр Иванов (Petr Ivanov)" not in italian_page

    # The catalogue says the same.
    catalogue = page(client, url("catalogue", francesca, "it"))
    assert "Petr Ivanov (Пётр Иванов)" in catalogue and "Direttore generale" in catalogue


def test_the_agenda_web_and_pdf_read_the_partner_in_the_readers_language(
    client, meeting_point, petr, francesca
):
    request = services.send_request(petr, francesca, "")
    services.accept_request(request, by=francesca)
    services.place_meeting(Meeting.objects.get(request=request), 0, 1, by=SYSTEM)

    italian_page = page(client, url("agenda", francesca, "it"))
    assert "Petr Ivanov (Пётр Иванов)" in italian_page
    assert "Direttore generale" in italian_page and "Генеральный директор" not in italian_page
    russian_page = page(client, url("agenda", petr, "ru"))
    assert "Коммерческий директор" in russian_page
    assert "Direttore commerciale" not in russian_page

    italian_pdf = pdf_text(downloaded(client.get(url("agenda_pdf", francesca, "it"))))
    flat = " ".join(italian_pdf.split())
    assert "Petr Ivanov (Пётр Иванов)" in flat
    assert "Пётр Иванов (Petr Ivanov)" not in flat
    assert "Direttore generale" in flat and "Генеральный директор" not in flat
    russian_pdf = " ".join(pdf_text(downloaded(client.get(url("agenda_pdf", petr, "ru")))).split())
    assert "Пётр Иванов (Petr Ivanov)" in russian_pdf  # his own name, Cyrillic first
    assert "Коммерческий директор" in russian_pdf
    assert "Direttore commerciale" not in russian_pdf


# R4 ------------------------------------------------------------------------------------------


def test_the_request_e_mail_puts_the_readers_script_first(
    meeting_point, petr, francesca, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.send_request(petr, francesca, "Добрый день")
    (message,) = mailoutbox
    assert message.to == [francesca.person.email]
    assert message.subject == "Richiesta di incontro da Petr Ivanov (Пётр Иванов)"
    assert "Petr Ivanov (Пётр Иванов), " in message.body
    assert "Пётр Иванов (Petr Ivanov)" not in message.body
    html_part = html.unescape(message.alternatives[0][0])
    assert "Petr Ivanov (Пётр Иванов), " in html_part
    assert "Пётр Иванов (Petr Ivanov)" not in html_part

    # The answer, to the Russian sender, in his script: the Cyrillic form of an Italian's
    # name when she gave one, her own after it.
    francesca.person.name_cyrillic = "Франческа Руссо"
    francesca.person.save()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_request(request, by=francesca)
    (message,) = mailoutbox
    assert message.to == [petr.person.email]
    assert message.subject.endswith(": Франческа Руссо (Francesca Russo)")


def test_a_russian_reader_gets_the_cyrillic_name_first(
    meeting_point, petr, francesca, mailoutbox, django_capture_on_commit_callbacks
):
    francesca.person.name_cyrillic = "Франческа Руссо"
    francesca.person.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_request(francesca, petr, "Buongiorno")
    (message,) = mailoutbox
    assert message.to == [petr.person.email]
    assert "Франческа Руссо (Francesca Russo)" in message.subject
    assert "Франческа Руссо (Francesca Russo)" in message.body


@pytest.fixture
def organizer(client):
    user = UserFactory(is_superuser=True)
    log_in(client, user)
    return user


def test_the_organizers_grid_web_and_pdf_agree(client, organizer, meeting_point, petr, francesca):
    services.create_meeting_by_staff(meeting_point, francesca, petr, 0, 1, by=SYSTEM)
    number = meeting_point.session.number
    with translation.override("it"):
        grid_url = reverse("meetings:staff_grid", args=[number])
        pdf_url = reverse("meetings:staff_grid_pdf", args=[number])
    web = page(client, grid_url)
    assert "Petr Ivanov (Пётр Иванов)" in web
    assert "Пётр Иванов (Petr Ivanov)" not in web
    text = " ".join(pdf_text(downloaded(client.get(pdf_url))).split())
    assert "Petr Ivanov (Пётр Иванов)" in text
    assert "Francesca Russo" in text


# R2 ------------------------------------------------------------------------------------------


def test_an_invalid_profile_opens_with_the_error_summary(client, meeting_point, petr):
    address = url("profile", petr, "ru")
    form = page(client, address)
    assert re.search(r'<input[^>]*name="max_accepted_requests"[^>]*min="1"', form)
    assert "data-error-summary" not in form

    response = client.post(
        address,
        {
            "offers": "Станки",
            "looks_for": "Партнёры",
            "sectors": [],
            "languages": ["ru"],
            "max_accepted_requests": "-5",
        },
    )
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    summary = content.index("data-error-summary")
    assert "Исправьте отмеченные ниже поля: всё введённое осталось в форме." in content
    assert "сохранено" not in content[summary : summary + 400]  # not "saved": it was refused
    # Above the form's fields, with a link to each field in error, whose target exists.
    assert summary < content.index('name="offers"')
    assert (
        '<a href="#id_max_accepted_requests">Максимум принимаемых запросов</a>: '
        "Оставьте поле пустым, если ограничения нет, или укажите не меньше 1." in content
    )
    assert '<a href="#id_sectors">' in content
    assert 'id="id_sectors"' in content and 'id="id_max_accepted_requests"' in content
    # The value typed is kept.
    assert re.search(r'name="max_accepted_requests"[^>]*value="-5"', content)


def test_a_profile_refused_by_the_rules_says_so_at_the_top(client, meeting_point, petr):
    response = client.post(
        url("profile", petr, "it"),
        {"offers": "x", "looks_for": "y", "sectors": ["mechanics"], "max_accepted_requests": "0"},
    )
    content = html.unescape(response.content.decode())
    assert "Corregga i campi segnalati qui sotto" in content
    assert '<a href="#id_max_accepted_requests">' in content


def test_an_invalid_request_opens_with_the_error_summary(client, meeting_point, petr, francesca):
    address = url("send_request", petr, "it", profile_id=francesca.b2b_profile.pk)
    response = client.post(address, {"message": "x" * 1001})
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    assert "data-error-summary" in content
    assert '<a href="#id_message">' in content
    assert content.index("data-error-summary") < content.index('name="message"')
    assert not Meeting.objects.exists()


# R16 -----------------------------------------------------------------------------------------


def test_the_overview_says_nothing_is_waiting_in_words(client, meeting_point, petr, francesca):
    italian = page(client, url("home", francesca, "it"))
    assert "Nessuna richiesta attende la Sua risposta." in italian
    assert "Nessun incontro concordato per ora." in italian
    assert not re.search(r"\b0 (richiest|incontr)", italian)
    russian = page(client, url("home", petr, "ru"))
    assert "Нет запросов, ожидающих вашего ответа." in russian
    assert "Согласованных встреч пока нет." in russian
    assert not re.search(r"\b0 (запрос|согласован|встреч)", russian)

    request = services.send_request(petr, francesca, "")
    italian = page(client, url("home", francesca, "it"))
    assert "1 richiesta attende la Sua risposta." in italian
    services.accept_request(request, by=francesca)
    russian = page(client, url("home", petr, "ru"))
    assert "1 согласованная встреча." in russian
    assert "Нет запросов, ожидающих вашего ответа." in russian


def test_the_requests_page_says_no_request_accepted_in_words(
    client, meeting_point, petr, francesca
):
    profile = francesca.b2b_profile
    profile.max_accepted_requests = 3
    profile.save()
    content = page(client, url("requests", francesca, "it"))
    assert "Non ha ancora accettato nessuna richiesta: può accettarne al massimo 3." in content
    services.accept_request(services.send_request(petr, francesca, ""), by=francesca)
    content = page(client, url("requests", francesca, "it"))
    assert "Ha accettato 1 richiesta su un massimo di 3." in content
