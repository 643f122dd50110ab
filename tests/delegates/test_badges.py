"""Badges: the signed token, the PDF's content in both scripts, layouts and print records."""

import io
import math
import shutil
import subprocess

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from delegates.models import BadgeLayout, BadgePrint, Registration, RegistrationRole
from delegates.services.badges import (
    BadgeError,
    badge_token,
    name_width,
    normalize_scanned_code,
    read_badge_token,
    render_badges,
    size_class,
)
from tests.factories import (
    OrganizationFactory,
    PersonFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def log_in(client, user):
    # django-axes logs force_login() without a client address, which PostgreSQL refuses.
    with override_settings(AXES_ENABLED=False):
        client.force_login(user)


def pdf_pages_text(pdf):
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def decode_qr_codes(pdf, page_number=1):
    """Rasterise one page (poppler) and read every QR code on it (zxing-cpp)."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is missing")
    png = subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-f", str(page_number), "-l", str(page_number), "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    image = Image.open(io.BytesIO(png)).convert("L")
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.fixture
def staff_user():
    return UserFactory(username="printer", is_superuser=True)


# --- the token ---------------------------------------------------------------------------


def test_badge_token_names_only_the_session_and_the_registration(session):
    registration = RegistrationFactory(session=session)
    token = badge_token(registration)
    value, signature = token.split(":")
    assert value == f"TF{session.number}-{registration.pk}"
    assert registration.person.family_name.upper() not in token.upper()
    assert registration.person.email.upper() not in token.upper()
    assert len(signature) == 26
    code = read_badge_token(token)
    assert (code.session_number, code.registration_id) == (session.number, registration.pk)


def test_a_forged_or_damaged_token_is_refused(session):
    registration = RegistrationFactory(session=session)
    token = badge_token(registration)
    value, signature = token.split(":")
    other = f"TF{session.number}-{registration.pk + 1}"
    assert read_badge_token(f"{other}:{signature}") is None
    assert read_badge_token(token[:-1]) is None
    assert read_badge_token(value) is None
    assert read_badge_token("") is None
    assert read_badge_token("x" * 5000) is None
    assert read_badge_token("<script>alert(1)</script>") is None


def test_a_token_signed_with_another_key_is_refused(session):
    registration = RegistrationFactory(session=session)
    with override_settings(SECRET_KEY="another-key-" * 5):
        foreign = badge_token(registration)
    assert read_badge_token(foreign) is None


def test_scanner_case_and_russian_keyboard_layout_are_undone(session):
    registration = RegistrationFactory(session=session)
    token = badge_token(registration)
    qwerty = "QWERTYUIOPASDFGHJKLZXCVBNM:"
    russian = "ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬЖ"
    typed_on_russian_layout = token.translate(str.maketrans(qwerty, russian))
    assert normalize_scanned_code(typed_on_russian_layout) == token
    assert read_badge_token(typed_on_russian_layout) is not None
    assert read_badge_token(f"  {token.lower()}\n") is not None


def test_long_names_get_smaller_size_classes():
    assert size_class(5, (14, 18)) == "size-0"
    assert size_class(16, (14, 18)) == "size-1"
    assert size_class(40, (14, 18)) == "size-2"


def test_a_name_is_measured_by_its_widest_line():
    assert name_width(["Anna", "Ivanova"]) == 7
    # Two words wrap: about half the length, or the longest word.
    assert name_width(["Konstantinopolskaia-Preobrazhenskaia"]) == 20
    assert name_width(["Castiglioni Brambilla della Torre"]) == 17
    assert name_width(["Wolfeschlegelsteinhausenbergerdorff"]) == 35


# --- the PDF -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", RegistrationRole.values)
def test_badges_show_both_delegations_in_both_scripts_for_every_role(role):
    session = SessionFactory(number=25)
    italian = RegistrationFactory(session=session, role=role)
    russian = RussianRegistrationFactory(session=session, role=role)
    pdf = render_badges(Registration.objects.filter(session=session), BadgeLayout.A6)
    italian_page, russian_page = pdf_pages_text(pdf)

    assert italian.person.given_name_latin in italian_page
    assert italian.person.family_name_latin.upper() in italian_page
    assert italian.organization.name_latin in italian_page
    assert "ITALIA · ИТАЛИЯ" in italian_page
    assert "XXV" in italian_page

    # The Russian delegate's name in Latin and in Cyrillic, the organization in both.
    assert russian.person.family_name_latin.upper() in russian_page
    assert russian.person.full_name in russian_page
    assert russian.organization.name_cyrillic in russian_page
    assert "RUSSIA · РОССИЯ" in russian_page

    for language in ("it", "ru"):
        with translation.override(language):
            label = str(RegistrationRole(role).label)
        assert label in italian_page
        assert label in russian_page


def test_the_qr_code_decodes_to_a_token_that_verifies():
    session = SessionFactory(number=26)
    registration = RussianRegistrationFactory(session=session)
    pdf = render_badges(Registration.objects.filter(pk=registration.pk), BadgeLayout.A6)
    (text,) = decode_qr_codes(pdf)
    assert text == badge_token(registration)
    code = read_badge_token(text)
    assert code.registration_id == registration.pk
    assert code.session_number == 26


def test_a4_sheets_carry_four_badges_each_with_readable_qr_codes(session):
    registrations = [RegistrationFactory(session=session) for _ in range(5)]
    pdf = render_badges(Registration.objects.filter(session=session), BadgeLayout.A4)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    width_mm = float(reader.pages[0].mediabox.width) / 72 * 25.4
    assert round(width_mm) == 210
    decoded = decode_qr_codes(pdf, 1)
    assert sorted(decoded) == sorted(badge_token(r) for r in registrations[:4])


@pytest.mark.parametrize("count", [1, 4, 9])
def test_layouts_page_counts(session, count):
    RegistrationFactory.create_batch(count, session=session)
    queryset = Registration.objects.filter(session=session)
    assert len(PdfReader(io.BytesIO(render_badges(queryset, BadgeLayout.A6))).pages) == count
    a4_pages = len(PdfReader(io.BytesIO(render_badges(queryset, BadgeLayout.A4))).pages)
    assert a4_pages == math.ceil(count / 4)


def test_long_names_and_organizations_are_printed_whole(session):
    person = PersonFactory(
        given_name="Maria Bernadetta Francesca",
        family_name="Castiglioni-Brambilla della Torre di Sant'Alessandro",
        given_name_latin="Maria Bernadetta Francesca",
        family_name_latin="Castiglioni-Brambilla della Torre di Sant'Alessandro",
    )
    organization = OrganizationFactory(
        name_latin="Consorzio per lo sviluppo industriale e tecnologico delle piccole e medie "
        "imprese della provincia di Bergamo S.c.a.r.l."
    )
    RegistrationFactory(session=session, person=person, organization=organization)
    (text,) = pdf_pages_text(
        render_badges(Registration.objects.filter(session=session), BadgeLayout.A6)
    )
    flat = " ".join(text.split())
    for word in ("CASTIGLIONI-BRAMBILLA", "SANT'ALESSANDRO", "Bernadetta", "S.c.a.r.l."):
        assert word in flat


def test_only_approved_registrations_get_badges(session):
    approved = RegistrationFactory(session=session)
    RegistrationFactory(session=session, status="cancelled")
    RegistrationFactory(session=session, status="submitted")
    pdf = render_badges(Registration.objects.filter(session=session), BadgeLayout.A6)
    (text,) = pdf_pages_text(pdf)
    assert approved.person.family_name_latin.upper() in text


def test_no_approved_registration_is_a_clear_error(session):
    RegistrationFactory(session=session, status="cancelled")
    with translation.override("en"), pytest.raises(BadgeError, match="approved"):
        render_badges(Registration.objects.filter(session=session), BadgeLayout.A6)


def test_each_print_is_recorded_with_who_when_and_how_many(session, staff_user):
    registrations = RegistrationFactory.create_batch(3, session=session)
    render_badges(Registration.objects.filter(session=session), BadgeLayout.A4, by=staff_user)
    render_badges(Registration.objects.filter(pk=registrations[0].pk), "a6", by=staff_user)
    first, second = BadgePrint.objects.order_by("printed_at", "pk")
    assert (first.badge_count, first.layout, first.printed_by) == (3, "a4", staff_user)
    assert second.badge_count == 1
    assert registrations[0].badge_prints.count() == 2
    assert registrations[1].badge_prints.count() == 1


# --- downloads ---------------------------------------------------------------------------


def test_staff_print_every_approved_badge_of_a_session_in_one_click(client, session, staff_user):
    RegistrationFactory.create_batch(2, session=session)
    RussianRegistrationFactory(session=session)
    log_in(client, staff_user)
    url = reverse("delegates_desk:session_badges", kwargs={"number": session.number})
    response = client.get(url, {"layout": "a4"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    assert BadgePrint.objects.get().badge_count == 3


def test_badge_printing_needs_the_permission(client, session):
    RegistrationFactory(session=session)
    log_in(client, UserFactory(username="viewer"))
    url = reverse("delegates_desk:session_badges", kwargs={"number": session.number})
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_unknown_layout_is_a_clear_message_not_a_crash(client, session, staff_user):
    RegistrationFactory(session=session)
    log_in(client, staff_user)
    url = reverse("delegates_desk:session_badges", kwargs={"number": session.number})
    response = client.get(url, {"layout": "a0"}, follow=True)
    assert response.status_code == 200
    assert not BadgePrint.objects.exists()


def test_an_approved_delegate_downloads_their_own_badge(client, session):
    registration = RussianRegistrationFactory(session=session)
    url = reverse("delegates_desk:own_badge", kwargs={"token": registration.management_token})
    response = client.get(url)
    assert response.status_code == 200
    (text,) = pdf_pages_text(response.content)
    assert registration.person.full_name in text
    assert BadgePrint.objects.get().printed_by is None


@pytest.mark.parametrize("status", ["submitted", "waitlisted", "cancelled", "rejected"])
def test_no_badge_before_approval(client, session, status):
    registration = RegistrationFactory(session=session, status=status)
    url = reverse("delegates_desk:own_badge", kwargs={"token": registration.management_token})
    response = client.get(url)
    assert response.status_code == 403
    assert b"approved" in response.content.lower() or response.status_code == 403


def test_a_wrong_management_token_finds_no_badge(client, session):
    url = reverse("delegates_desk:own_badge", kwargs={"token": "nope" * 10})
    assert client.get(url).status_code == 404


def test_many_badges_are_rendered_in_chunks_and_joined_in_order(session, monkeypatch):
    from delegates.services import badges

    monkeypatch.setattr(badges, "BADGES_PER_CHUNK", 4)
    registrations = [RegistrationFactory(session=session) for _ in range(9)]
    pdf = render_badges(Registration.objects.filter(session=session), BadgeLayout.A6)
    pages = pdf_pages_text(pdf)
    assert len(pages) == 9
    expected = sorted(registrations, key=lambda r: (r.person.family_name_latin, r.pk))
    for page, registration in zip(pages, expected, strict=True):
        assert registration.person.family_name_latin.upper() in page
    assert decode_qr_codes(pdf, 9) == [badge_token(expected[-1])]
    a4 = render_badges(Registration.objects.filter(session=session), BadgeLayout.A4)
    assert len(PdfReader(io.BytesIO(a4)).pages) == 3
