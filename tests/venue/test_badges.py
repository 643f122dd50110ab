"""Badges: the signed token, the PDF's content in both scripts, layouts, print records and
badges prepared ahead of printing."""

import io
import math
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from pypdf import PdfReader

from core.authorization import SYSTEM
from delegates.models import Registration, RegistrationRole
from delegates.services import approve, erase_personal_data
from tests.factories import (
    OrganizationFactory,
    PersonFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    SessionFactory,
    UserFactory,
)
from tests.helpers import log_in
from venue.models import BadgeLayout, BadgePrint, PreparedBadge, PreparedBadgeBatch
from venue.services import badge_pages
from venue.services.badge_pages import prepare_badges
from venue.services.badges import (
    badge_queryset,
    badge_token,
    name_width,
    normalize_scanned_code,
    read_badge_token,
    size_class,
)
from venue.services.printing import BadgeError, render_badges

pytestmark = pytest.mark.django_db


def pdf_pages_text(pdf):
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def rasterize(pdf, page_number=1, resolution=200):
    """One page as a grey-scale image (poppler's pdftoppm)."""
    from PIL import Image

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is missing")
    page = str(page_number)
    png = subprocess.run(
        ["pdftoppm", "-png", "-r", str(resolution), "-f", page, "-l", page, "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(png)).convert("L")


def decode_qr_codes(pdf, page_number=1):
    """Rasterise one page and read every QR code on it (zxing-cpp)."""
    zxingcpp = pytest.importorskip("zxingcpp")
    return [result.text for result in zxingcpp.read_barcodes(rasterize(pdf, page_number))]


def prepared_page(registration):
    """The PDF of the batch holding this registration's prepared page, and the page's number
    in it (from 1)."""
    badge = PreparedBadge.objects.select_related("batch").get(registration=registration)
    return bytes(badge.batch.pdf), badge.page + 1


def prepared_page_text(registration):
    pdf, number = prepared_page(registration)
    return pdf_pages_text(pdf)[number - 1]


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
    pdf = render_badges(Registration.objects.filter(session=session), BadgeLayout.A6, by=SYSTEM)
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
    pdf = render_badges(Registration.objects.filter(pk=registration.pk), BadgeLayout.A6, by=SYSTEM)
    (text,) = decode_qr_codes(pdf)
    assert text == badge_token(registration)
    code = read_badge_token(text)
    assert code.registration_id == registration.pk
    assert code.session_number == 26


def test_a4_sheets_carry_four_badges_each_with_readable_qr_codes(session):
    registrations = [RegistrationFactory(session=session) for _ in range(5)]
    pdf = render_badges(Registration.objects.filter(session=session), BadgeLayout.A4, by=SYSTEM)
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
    assert (
        len(PdfReader(io.BytesIO(render_badges(queryset, BadgeLayout.A6, by=SYSTEM))).pages)
        == count
    )
    a4_pages = len(PdfReader(io.BytesIO(render_badges(queryset, BadgeLayout.A4, by=SYSTEM))).pages)
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
        render_badges(Registration.objects.filter(session=session), BadgeLayout.A6, by=SYSTEM)
    )
    flat = " ".join(text.split())
    for word in ("CASTIGLIONI-BRAMBILLA", "SANT'ALESSANDRO", "Bernadetta", "S.c.a.r.l."):
        assert word in flat


def test_only_approved_registrations_get_badges(session):
    approved = RegistrationFactory(session=session)
    RegistrationFactory(session=session, status="cancelled")
    RegistrationFactory(session=session, status="submitted")
    pdf = render_badges(Registration.objects.filter(session=session), BadgeLayout.A6, by=SYSTEM)
    (text,) = pdf_pages_text(pdf)
    assert approved.person.family_name_latin.upper() in text


def test_no_approved_registration_is_a_clear_error(session):
    RegistrationFactory(session=session, status="cancelled")
    with translation.override("en"), pytest.raises(BadgeError, match="approved"):
        render_badges(Registration.objects.filter(session=session), BadgeLayout.A6, by=SYSTEM)


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
    url = reverse("venue:session_badges", kwargs={"number": session.number})
    response = client.get(url, {"layout": "a4"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    assert BadgePrint.objects.get().badge_count == 3


def test_badge_printing_needs_the_permission(client, session):
    RegistrationFactory(session=session)
    log_in(client, UserFactory(username="viewer"))
    url = reverse("venue:session_badges", kwargs={"number": session.number})
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_unknown_layout_is_a_clear_message_not_a_crash(client, session, staff_user):
    RegistrationFactory(session=session)
    log_in(client, staff_user)
    url = reverse("venue:session_badges", kwargs={"number": session.number})
    response = client.get(url, {"layout": "a0"}, follow=True)
    assert response.status_code == 200
    assert not BadgePrint.objects.exists()


def test_an_approved_delegate_downloads_their_own_badge(client, session):
    registration = RussianRegistrationFactory(session=session)
    url = reverse("venue:own_badge", kwargs={"token": registration.management_token})
    response = client.get(url)
    assert response.status_code == 200
    (text,) = pdf_pages_text(response.content)
    assert registration.person.full_name in text
    assert BadgePrint.objects.get().printed_by is None


@pytest.mark.parametrize("status", ["submitted", "waitlisted", "cancelled", "rejected"])
def test_no_badge_before_approval(client, session, status):
    registration = RegistrationFactory(session=session, status=status)
    url = reverse("venue:own_badge", kwargs={"token": registration.management_token})
    response = client.get(url)
    assert response.status_code == 403
    assert not response.content.startswith(b"%PDF")
    with translation.override("it"):  # the language of the URL
        message = escape(gettext("Your badge is available once your registration is approved."))
    assert message in response.content.decode()


def test_a_wrong_management_token_finds_no_badge(client, session):
    url = reverse("venue:own_badge", kwargs={"token": "nope" * 10})
    assert client.get(url).status_code == 404


def test_many_badges_are_rendered_in_chunks_and_joined_in_order(session, monkeypatch):
    monkeypatch.setattr(badge_pages, "BADGES_PER_CHUNK", 4)
    monkeypatch.setattr(badge_pages, "RENDER_ONE_BY_ONE", 2)
    registrations = [RegistrationFactory(session=session) for _ in range(9)]
    pdf = render_badges(Registration.objects.filter(session=session), BadgeLayout.A6, by=SYSTEM)
    pages = pdf_pages_text(pdf)
    assert len(pages) == 9
    expected = sorted(registrations, key=lambda r: (r.person.family_name_latin, r.pk))
    for page, registration in zip(pages, expected, strict=True):
        assert registration.person.family_name_latin.upper() in page
    assert decode_qr_codes(pdf, 9) == [badge_token(expected[-1])]
    a4 = render_badges(Registration.objects.filter(session=session), BadgeLayout.A4, by=SYSTEM)
    assert len(PdfReader(io.BytesIO(a4)).pages) == 3
    # Rendered in documents of many badges, they are not kept as prepared pages.
    assert not PreparedBadge.objects.exists()


# --- prepared badges ---------------------------------------------------------------------


def test_prepare_badges_renders_each_approved_badge_once(session):
    approved = RegistrationFactory.create_batch(3, session=session)
    RegistrationFactory(session=session, status="submitted")
    queryset = Registration.objects.filter(session=session)
    assert prepare_badges(queryset) == 3
    assert prepare_badges(queryset) == 0
    text = prepared_page_text(approved[0])
    assert approved[0].person.family_name_latin.upper() in text


def test_prepared_badges_keep_each_its_own_page(session):
    """Each batch is stored once, as one PDF, and every badge points to its own page in it,
    with its own delegate's name and QR code and no other's (here two batches, the second
    short)."""
    count = badge_pages.BADGES_PER_BATCH + 2
    approved = RegistrationFactory.create_batch(count, session=session)
    queryset = Registration.objects.filter(session=session)
    assert prepare_badges(queryset) == count
    batches = list(PreparedBadgeBatch.objects.order_by("pk"))
    assert [batch.page_count for batch in batches] == [badge_pages.BADGES_PER_BATCH, 2]
    assert [len(pdf_pages_text(bytes(batch.pdf))) for batch in batches] == [
        badge_pages.BADGES_PER_BATCH,
        2,
    ]
    assert not PreparedBadge.objects.filter(pdf__isnull=False).exists()
    names = {r.pk: r.person.family_name_latin.upper() for r in approved}
    for registration in approved:
        pdf, number = prepared_page(registration)
        text = pdf_pages_text(pdf)[number - 1]
        assert names[registration.pk] in text
        assert not any(name in text for pk, name in names.items() if pk != registration.pk)
    # The QR codes of a few (rasterizing is slow): the first, the last of a batch, the last.
    expected = list(badge_queryset(queryset))
    for registration in (expected[0], expected[badge_pages.BADGES_PER_BATCH - 1], expected[-1]):
        assert decode_qr_codes(*prepared_page(registration)) == [badge_token(registration)]
    pdf = render_badges(queryset, BadgeLayout.A6, by=SYSTEM)
    pages = pdf_pages_text(pdf)
    assert len(pages) == count
    assert sorted(n for page in pages for n in names.values() if n in page) == sorted(
        names.values()
    )


def test_a_task_of_badges_is_laid_out_as_one_document(session, monkeypatch):
    """Preparation lays out a whole task's badges together (the cost of a badge falls with the
    badges of its document), one document per BADGES_PER_TASK badges."""
    assert badge_pages.BADGES_PER_BATCH == badge_pages.BADGES_PER_TASK
    monkeypatch.setattr(badge_pages, "BADGES_PER_BATCH", 3)
    documents = []
    render = badge_pages.render_pdf_counting_pages

    def counting(html):
        pdf, pages = render(html)
        documents.append(pages)
        return pdf, pages

    monkeypatch.setattr(badge_pages, "render_pdf_counting_pages", counting)
    RegistrationFactory.create_batch(7, session=session)
    assert prepare_badges(Registration.objects.filter(session=session)) == 7
    assert documents == [3, 3, 1]
    assert PreparedBadge.objects.count() == 7
    # Each document is stored once, and its badges point to their pages in it, in order.
    for batch in PreparedBadgeBatch.objects.all():
        pages = list(batch.badges.order_by("page").values_list("page", flat=True))
        assert pages == list(range(batch.page_count))
    assert PreparedBadgeBatch.objects.count() == 3


def test_a_preparation_cut_short_keeps_the_batches_it_finished(session, monkeypatch):
    monkeypatch.setattr(badge_pages, "BADGES_PER_BATCH", 3)
    render = badge_pages.render_pdf_counting_pages
    calls = []

    def dies_on_the_second_batch(html):
        calls.append(html)
        if len(calls) == 2:
            raise SystemExit("the worker was stopped")
        return render(html)

    monkeypatch.setattr(badge_pages, "render_pdf_counting_pages", dies_on_the_second_batch)
    registrations = RegistrationFactory.create_batch(5, session=session)
    queryset = Registration.objects.filter(session=session)
    with pytest.raises(SystemExit):
        prepare_badges(queryset)
    first_batch = [r.pk for r in badge_queryset(queryset)][:3]
    assert sorted(PreparedBadge.objects.values_list("registration_id", flat=True)) == sorted(
        first_batch
    )
    # Done again, only the rest is rendered.
    assert PreparedBadgeBatch.objects.count() == 1
    monkeypatch.setattr(badge_pages, "render_pdf_counting_pages", render)
    assert prepare_badges(queryset) == 2
    assert PreparedBadge.objects.count() == len(registrations)


def test_a_batch_whose_pages_do_not_match_its_badges_is_rendered_badge_by_badge(
    session, monkeypatch
):
    """Should a badge of a batch run over its page, the batch's pages no longer match its
    badges: each is then rendered on its own, and every kept page is still its own badge."""
    render = badge_pages.render_pdf_counting_pages

    def one_page_short(html):
        pdf, pages = render(html)
        return pdf, pages - 1

    monkeypatch.setattr(badge_pages, "render_pdf_counting_pages", one_page_short)
    registrations = RegistrationFactory.create_batch(3, session=session)
    assert prepare_badges(Registration.objects.filter(session=session)) == 3
    assert PreparedBadgeBatch.objects.count() == 3
    for registration in registrations:
        pdf, number = prepared_page(registration)
        assert number == 1
        (text,) = pdf_pages_text(pdf)
        assert registration.person.family_name_latin.upper() in text


def test_the_qr_code_is_an_image_drawn_without_smoothing(session):
    """The QR code is a PNG (cheaper to lay out than an SVG path), which the PDF asks to be
    drawn with square modules: /Interpolate false."""
    import pikepdf

    registration = RegistrationFactory(session=session)
    pdf = render_badges(Registration.objects.filter(pk=registration.pk), BadgeLayout.A6, by=SYSTEM)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        images = list(document.pages[0].get_images().values())
        assert len(images) == 1
        assert images[0].get("/Interpolate") is False
    assert decode_qr_codes(pdf) == [badge_token(registration)]


def test_printing_assembles_the_prepared_pages(session):
    first, second = RegistrationFactory.create_batch(2, session=session)
    queryset = Registration.objects.filter(session=session)
    prepare_badges(queryset)
    # Swap the two prepared pages of the batch (their digests stay): the print must show the
    # swap, which proves that it took the prepared pages rather than rendering them again.
    page_of_first = PreparedBadge.objects.get(registration=first)
    page_of_second = PreparedBadge.objects.get(registration=second)
    assert page_of_first.batch_id == page_of_second.batch_id
    PreparedBadge.objects.filter(pk=page_of_first.pk).update(page=page_of_second.page)
    PreparedBadge.objects.filter(pk=page_of_second.pk).update(page=page_of_first.page)
    pages = pdf_pages_text(render_badges(queryset, BadgeLayout.A6, by=SYSTEM))
    names = [r.person.family_name_latin.upper() for r in badge_queryset(queryset)]
    assert names[1] in pages[0] and names[0] in pages[1]


def test_a_changed_name_never_prints_an_out_of_date_prepared_page(session):
    registration = RegistrationFactory(session=session, person__family_name_latin="Rossi")
    queryset = Registration.objects.filter(session=session)
    prepare_badges(queryset)
    old_digest = PreparedBadge.objects.get().digest
    person = registration.person
    person.family_name = person.family_name_latin = "Verdi"
    person.save()
    (text,) = pdf_pages_text(render_badges(queryset, BadgeLayout.A6, by=SYSTEM))
    assert "VERDI" in text and "ROSSI" not in text
    # The badge rendered for the print is kept as the new prepared page.
    assert PreparedBadge.objects.get().digest != old_digest
    assert prepare_badges(queryset) == 0


def test_prepared_and_missing_badges_are_printed_in_order_in_both_layouts(session, monkeypatch):
    monkeypatch.setattr(badge_pages, "RENDER_ONE_BY_ONE", 1)
    registrations = RegistrationFactory.create_batch(6, session=session)
    queryset = Registration.objects.filter(session=session)
    expected = list(badge_queryset(queryset))
    prepare_badges(Registration.objects.filter(pk__in=[r.pk for r in expected[1::2]]))
    assert PreparedBadge.objects.count() == 3
    pages = pdf_pages_text(render_badges(queryset, BadgeLayout.A6, by=SYSTEM))
    for page, registration in zip(pages, expected, strict=True):
        assert registration.person.family_name_latin.upper() in page
    a4 = render_badges(queryset, BadgeLayout.A4, by=SYSTEM)
    assert sorted(decode_qr_codes(a4, 2)) == sorted(badge_token(r) for r in expected[4:])
    assert len(registrations) == 6


def test_a4_sheets_have_crop_marks_where_the_badges_meet(session):
    RegistrationFactory.create_batch(4, session=session)
    pdf = render_badges(Registration.objects.filter(session=session), BadgeLayout.A4, by=SYSTEM)
    image = rasterize(pdf, resolution=150)
    width, height = image.size

    def darkest_near(x_mm, y_mm):
        x, y = round(x_mm / 210 * width), round(y_mm / 297 * height)
        return min(image.getpixel((i, j)) for i in range(x - 3, x + 4) for j in range(y - 3, y + 4))

    # The vertical cutting line, 1 to 6 mm from the top and bottom edges.
    assert darkest_near(105, 3) < 128 and darkest_near(105, 297 - 3) < 128
    # The horizontal one at the left and right edges, and the cross where four badges meet.
    for x_mm in (3, 105 - 2, 105 + 2, 210 - 3):
        assert darkest_near(x_mm, 148.5) < 128
    # Nothing is drawn beside a mark.
    assert darkest_near(105, 12) == 255


@override_settings(BADGES_PREPARE_ON_APPROVAL=True)
def test_approval_prepares_the_badge_in_the_background(session, run_on_commit):
    registration = RegistrationFactory(session=session, status="submitted")
    with run_on_commit():
        approve(registration, by=SYSTEM)
    assert PreparedBadge.objects.filter(registration=registration).exists()


@override_settings(BADGES_PREPARE_ON_APPROVAL=False)
def test_without_a_task_worker_approval_leaves_badges_to_the_command(session, run_on_commit):
    registration = RegistrationFactory(session=session, status="submitted")
    with run_on_commit():
        approve(registration, by=SYSTEM)
    assert not PreparedBadge.objects.exists()
    output = io.StringIO()
    call_command("prepare_badges", "--session", str(session.number), stdout=output)
    assert "1 badges rendered" in output.getvalue()
    assert PreparedBadge.objects.filter(registration=registration).exists()


def test_the_prepare_command_refuses_an_unknown_session(db):
    with pytest.raises(CommandError):
        call_command("prepare_badges", "--session", "9999", stdout=io.StringIO())


def test_erasure_removes_the_prepared_badge(session):
    registration = RegistrationFactory(session=session)
    prepare_badges(Registration.objects.filter(pk=registration.pk))
    erase_personal_data(registration, by=registration)
    assert not PreparedBadge.objects.exists()


def test_the_badge_prints_page_shows_and_starts_the_preparation(
    client, session, staff_user, run_on_commit
):
    registrations = RegistrationFactory.create_batch(2, session=session)
    RegistrationFactory(session=session, status="submitted")
    prepare_badges(Registration.objects.filter(pk=registrations[0].pk))
    log_in(client, staff_user)
    listing_url = reverse("admin:venue_badgeprint_changelist")
    listing = client.get(listing_url).content.decode()
    assert "Badge preparati per la stampa rapida: 1 su 2 approvati." in listing
    prepare_url = reverse("admin:venue_badgeprint_prepare", args=[session.number])
    assert prepare_url in listing
    # Tasks run eagerly in the tests: at once, after the commit.
    with run_on_commit():
        response = client.post(prepare_url)
    assert response.status_code == 302
    assert PreparedBadge.objects.count() == 2
    assert client.get(prepare_url).status_code == 302
    unknown = reverse("admin:venue_badgeprint_prepare", args=[9999])
    assert client.post(unknown).status_code == 404


def test_preparing_badges_needs_the_printing_permission(client, session):
    RegistrationFactory(session=session)
    viewer = UserFactory(username="viewer", is_staff=True)
    log_in(client, viewer)
    url = reverse("admin:venue_badgeprint_prepare", args=[session.number])
    assert client.post(url).status_code == 403
    assert not PreparedBadge.objects.exists()


def test_many_pages_are_assembled_in_a_worker_process_in_order(session, monkeypatch):
    monkeypatch.setattr(badge_pages, "ASSEMBLE_IN_PROCESS", 0)
    RegistrationFactory.create_batch(5, session=session)
    queryset = Registration.objects.filter(session=session)
    expected = list(badge_queryset(queryset))
    prepare_badges(Registration.objects.filter(pk__in=[r.pk for r in expected[:2]]))
    pages = pdf_pages_text(render_badges(queryset, BadgeLayout.A6, by=SYSTEM))
    for page, registration in zip(pages, expected, strict=True):
        assert registration.person.family_name_latin.upper() in page
    a4 = render_badges(queryset, BadgeLayout.A4, by=SYSTEM)
    assert len(PdfReader(io.BytesIO(a4)).pages) == 2
    assert decode_qr_codes(a4, 2) == [badge_token(expected[-1])]


def test_a_badge_whose_registration_was_erased_meanwhile_is_simply_not_kept(session):
    registration = RegistrationFactory(session=session)
    (piece,), head, tail = badge_pages.badges_html(list(badge_queryset(Registration.objects)))
    Registration.objects.filter(pk=registration.pk).delete()
    badge_pages._keep([piece], b"%PDF-1.7")
    assert not PreparedBadgeBatch.objects.exists()
    assert not PreparedBadge.objects.exists()


def test_an_italians_optional_cyrillic_name_is_printed_under_the_latin_one(session):
    RegistrationFactory(
        session=session,
        person__given_name="Giulia",
        person__family_name="Bianchi",
        person__name_cyrillic="Джулия Бьянки",
    )
    (text,) = pdf_pages_text(
        render_badges(Registration.objects.filter(session=session), BadgeLayout.A6, by=SYSTEM)
    )
    assert "BIANCHI" in text and "Джулия Бьянки" in text


@override_settings(BADGES_PREPARE_ON_APPROVAL=True)
def test_badges_rendered_many_to_a_document_are_prepared_for_the_next_print(
    session, monkeypatch, run_on_commit
):
    monkeypatch.setattr(badge_pages, "RENDER_ONE_BY_ONE", 2)
    RegistrationFactory.create_batch(4, session=session)
    queryset = Registration.objects.filter(session=session)
    with run_on_commit():
        render_badges(queryset, BadgeLayout.A6, by=SYSTEM)
    assert PreparedBadge.objects.count() == 4
    assert prepare_badges(queryset) == 0


# --- batches of prepared pages -----------------------------------------------------------


def test_pages_from_several_batches_are_printed_in_order_each_batch_read_once(session, monkeypatch):
    """Badges prepared in batches that do not follow the print's order (here by thirds of
    the odd and even ones): each batch PDF is added to the print once, and the pages come
    out in the print's order, in both layouts, also when assembled in a worker process."""
    monkeypatch.setattr(badge_pages, "BADGES_PER_BATCH", 3)
    RegistrationFactory.create_batch(8, session=session)
    queryset = Registration.objects.filter(session=session)
    expected = list(badge_queryset(queryset))
    prepare_badges(Registration.objects.filter(pk__in=[r.pk for r in expected[1::2]]))
    prepare_badges(queryset)
    assert PreparedBadgeBatch.objects.count() == 4
    added = []
    add = badge_pages._Documents.add

    def counting(self, pdf):
        added.append(len(pdf))
        return add(self, pdf)

    monkeypatch.setattr(badge_pages._Documents, "add", counting)
    monkeypatch.setattr(badge_pages, "render_pdf", None)  # nothing is rendered again
    for in_process in (40, 0):
        monkeypatch.setattr(badge_pages, "ASSEMBLE_IN_PROCESS", in_process)
        added.clear()
        pages = pdf_pages_text(render_badges(queryset, BadgeLayout.A6, by=SYSTEM))
        assert len(added) == 4
        assert len(pages) == 8
        for page, registration in zip(pages, expected, strict=True):
            assert registration.person.family_name_latin.upper() in page
    a4 = render_badges(queryset, BadgeLayout.A4, by=SYSTEM)
    assert len(PdfReader(io.BytesIO(a4)).pages) == 2
    assert decode_qr_codes(a4, 2) == [badge_token(r) for r in expected[4:]]


def test_a_stale_page_is_rendered_again_and_its_batch_goes(session, monkeypatch):
    """A badge whose digest changed is rendered again (and kept in a batch of its own); the
    batch that held its old page is deleted, its other badges' pages with it, which are then
    prepared again: no batch keeps a page nobody points to."""
    first, second = RegistrationFactory.create_batch(2, session=session)
    queryset = Registration.objects.filter(session=session)
    prepare_badges(queryset)
    (old_batch,) = PreparedBadgeBatch.objects.all()
    person = first.person
    old_name = person.family_name_latin.upper()
    person.family_name = person.family_name_latin = "Verdi"
    person.save()
    pages = pdf_pages_text(render_badges(queryset, BadgeLayout.A6, by=SYSTEM))
    assert any("VERDI" in page for page in pages)
    assert not any(old_name in page for page in pages)
    assert not PreparedBadgeBatch.objects.filter(pk=old_batch.pk).exists()
    assert not PreparedBadge.objects.filter(registration=second).exists()
    assert prepared_page_text(first).count("VERDI") == 1
    assert prepare_badges(queryset) == 1
    assert PreparedBadge.objects.count() == 2
    for batch in PreparedBadgeBatch.objects.all():
        assert not any(old_name in page for page in pdf_pages_text(bytes(batch.pdf)))


@override_settings(BADGES_PREPARE_ON_APPROVAL=True)
@pytest.mark.parametrize("how", ["cancel", "erase"])
def test_a_dropped_badge_takes_its_batch_and_its_personal_data_away(session, run_on_commit, how):
    """A batch PDF holds every one of its badges: when one is dropped (cancelled, erased),
    the whole batch is deleted at once, and its other badges are prepared again in a batch
    without the dropped delegate's page."""
    from delegates.services import cancel

    registrations = RegistrationFactory.create_batch(3, session=session)
    leaving = registrations[1]
    name = leaving.person.family_name_latin.upper()
    prepare_badges(Registration.objects.filter(session=session))
    (batch,) = PreparedBadgeBatch.objects.all()
    assert any(name in page for page in pdf_pages_text(bytes(batch.pdf)))
    with run_on_commit():
        if how == "cancel":
            cancel(leaving, by=SYSTEM)
        else:
            erase_personal_data(leaving, by=leaving)
    assert not PreparedBadgeBatch.objects.filter(pk=batch.pk).exists()
    assert not PreparedBadge.objects.filter(registration=leaving).exists()
    # The others were queued at the commit (tasks run eagerly here) and prepared again.
    others = [r for r in registrations if r != leaving]
    assert set(PreparedBadge.objects.values_list("registration_id", flat=True)) == {
        r.pk for r in others
    }
    for stored in PreparedBadgeBatch.objects.all():
        assert not any(name in page for page in pdf_pages_text(bytes(stored.pdf)))


def test_a_deleted_registration_takes_its_batch_away(session):
    registrations = RegistrationFactory.create_batch(2, session=session)
    prepare_badges(Registration.objects.filter(session=session))
    registrations[0].delete()
    assert not PreparedBadgeBatch.objects.exists()
    assert not PreparedBadge.objects.exists()


def test_a_badge_prepared_before_batches_is_still_printed(session):
    """Rows prepared before batches were stored keep their own one-page PDF (migration 0004)
    and are printed from it while their digest matches."""
    first, second = RegistrationFactory.create_batch(2, session=session)
    queryset = Registration.objects.filter(session=session)
    pieces, head, tail = badge_pages.badges_html(list(badge_queryset(queryset)))
    # Old-style rows, each with the other's page: the print shows them, so it used them.
    for piece, other in zip(pieces, reversed(pieces), strict=True):
        PreparedBadge.objects.create(
            registration_id=piece.registration_id,
            digest=piece.digest,
            pdf=badge_pages.render_pdf(head + other.html() + tail),
        )
    names = [r.person.family_name_latin.upper() for r in badge_queryset(queryset)]
    pages = pdf_pages_text(render_badges(queryset, BadgeLayout.A6, by=SYSTEM))
    assert names[1] in pages[0] and names[0] in pages[1]
    assert prepare_badges(queryset) == 0
    # Dropping one removes its row (no batch to delete).
    badge_pages.drop_prepared_badges([first.pk])
    assert list(PreparedBadge.objects.values_list("registration_id", flat=True)) == [second.pk]
