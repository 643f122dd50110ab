"""Who came: CSV and Excel lists, signed attendance sheets; badge printing from the admin."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from core.authorization import SYSTEM
from sessions_app.models import ThematicTable
from tests.factories import (
    KazanSessionFactory,
    RegistrationFactory,
    RussianOrganizationFactory,
    RussianRegistrationFactory,
    RussianSessionFactory,
    SessionFactory,
    UserFactory,
)
from tests.helpers import log_in
from tests.roles import ORGANIZERS, role_member
from venue.models import BadgePrint, CheckIn
from venue.services import checkin
from venue.services.badges import badge_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(db):
    """A session whose first day is today: the desk accepts check-ins."""
    return SessionFactory(under_way=True)


@pytest.fixture
def viewer(client):
    user = UserFactory(username="ministry")
    user.user_permissions.add(
        Permission.objects.get(codename="view_checkin", content_type__app_label="venue")
    )
    log_in(client, user)
    return user


@pytest.fixture
def arrivals(session):
    came = RussianRegistrationFactory(session=session)
    RegistrationFactory(session=session)  # approved, did not come
    checkin.scan(session, badge_token(came), role_member(ORGANIZERS, username="desk"))
    return came


def test_the_csv_lists_who_came_in_both_scripts(client, session, viewer, arrivals):
    url = reverse(
        "venue:attendance_export", kwargs={"number": session.number, "file_format": "csv"}
    )
    response = client.get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert arrivals.person.family_name_latin in rows[1]
    assert arrivals.person.full_name in rows[1]
    assert "desk" in rows[1]


@pytest.mark.parametrize(
    ("language", "header"),
    [
        ("it", "Ora dell’accredito (ora di Kazan’, UTC+3)"),
        ("ru", "Время аккредитации (местное время, Казань, UTC+3)"),
    ],
)
def test_the_attendance_list_gives_check_in_times_in_the_host_city_and_says_so(
    client, viewer, language, header
):
    kazan = KazanSessionFactory()
    registration = RussianRegistrationFactory(session=kazan)
    CheckIn.objects.create(
        registration=registration,
        session=kazan,
        checked_in_at=datetime.datetime(2026, 12, 5, 11, 40, tzinfo=datetime.UTC),
    )
    with translation.override(language):
        url = reverse(
            "venue:attendance_export", kwargs={"number": kazan.number, "file_format": "csv"}
        )
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    column = rows[0].index(header)
    assert rows[1][column] == "2026-12-05 14:40"


def test_formulas_typed_by_delegates_are_neutralised_in_exports(client, session, viewer):
    registration = RegistrationFactory(session=session, position="=HYPERLINK(1)")
    checkin.scan(session, badge_token(registration), SYSTEM)
    url = reverse(
        "venue:attendance_export", kwargs={"number": session.number, "file_format": "csv"}
    )
    assert "'=HYPERLINK(1)" in client.get(url).content.decode("utf-8-sig")


def test_the_excel_file_lists_who_came(client, session, viewer, arrivals):
    url = reverse(
        "venue:attendance_export",
        kwargs={"number": session.number, "file_format": "xlsx"},
    )
    workbook = load_workbook(io.BytesIO(client.get(url).content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert arrivals.person.full_name in rows[1]


def test_an_unknown_export_format_is_404(client, session, viewer):
    url = reverse(
        "venue:attendance_export", kwargs={"number": session.number, "file_format": "exe"}
    )
    assert client.get(url).status_code == 404


def test_exports_need_the_permission(client, session):
    log_in(client, UserFactory(username="nobody"))
    url = reverse(
        "venue:attendance_export", kwargs={"number": session.number, "file_format": "csv"}
    )
    assert client.get(url).status_code == 403


def test_the_plenary_sheet_has_every_approved_delegate_and_a_signature_column(
    client, session, viewer, arrivals
):
    RegistrationFactory(session=session, status="cancelled")
    url = reverse("venue:attendance_sheet", kwargs={"number": session.number})
    response = client.get(url)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Firma · Подпись" in text
    assert arrivals.person.family_name in text
    assert arrivals.organization.name_cyrillic in text
    assert text.count("Bianchi") + text.count("BIANCHI") == 1


def test_a_table_sheet_lists_the_delegates_who_chose_the_table(client, session, viewer):
    table = ThematicTable.objects.create(
        session=session, name_it="Meccanica", name_ru="Машиностроение", sector="mechanics"
    )
    chose = RussianRegistrationFactory(session=session)
    chose.thematic_tables.add(table)
    other = RegistrationFactory(session=session)
    url = reverse("venue:attendance_sheet", kwargs={"number": session.number})
    response = client.get(url, {"table": table.pk})
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Meccanica · Машиностроение" in text
    assert chose.person.family_name in text
    assert other.person.family_name_latin.upper() not in text
    assert client.get(url, {"table": "x"}).status_code == 404
    assert client.get(url, {"table": 99999}).status_code == 404


def test_the_admin_prints_badges_of_the_selected_registrations(client, session):
    admin = UserFactory(username="boss", is_superuser=True)
    log_in(client, admin)
    approved = RegistrationFactory.create_batch(2, session=session)
    cancelled = RegistrationFactory(session=session, status="cancelled")
    response = client.post(
        reverse("admin:delegates_registration_changelist"),
        {
            "action": "print_badges_a4",
            "_selected_action": [r.pk for r in (*approved, cancelled)],
        },
    )
    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    badge_print = BadgePrint.objects.get()
    assert (badge_print.badge_count, badge_print.printed_by) == (2, admin)
    # The reprint is visible in the admin's list of printings.
    listing = client.get(reverse("admin:venue_badgeprint_changelist")).content.decode()
    assert "boss" in listing


def _sheet_text(response):
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def test_the_sheet_is_bilingual_in_its_subtitle_and_running_header_and_keeps_russian_words_whole(
    client, viewer
):
    kazan = RussianSessionFactory(
        number=30,
        city_it="Kazan’",
        city_ru="Казань",
        city_en="Kazan",
        time_zone="Europe/Moscow",
        start_date=datetime.date(2027, 2, 18),
        end_date=datetime.date(2027, 2, 19),
    )
    long_names = [
        "Агентство инвестиционного развития Республики Татарстан",
        "Уральский машиностроительный холдинг",
        "Министерство промышленности и торговли Республики Татарстан",
    ]
    for index in range(30):
        organization = RussianOrganizationFactory(
            name_cyrillic=long_names[index % 3], name_latin=f"Organizatsiia {index}"
        )
        RussianRegistrationFactory(session=kazan, organization=organization)
    url = reverse("venue:attendance_sheet", kwargs={"number": kazan.number})
    pages = _sheet_text(client.get(url))
    assert len(pages) >= 2
    first = pages[0].replace("\N{NO-BREAK SPACE}", " ")
    assert (
        "XXX sessione – Kazan’, 18–19 febbraio 2027 · XXX заседание — Казань, 18–19 февраля 2027 г."
        in " ".join(first.split())
    )
    assert "XXX sessione – Sessione plenaria · XXX заседание — Пленарное заседание" in pages[1]
    # A word broken at the end of a line carries a hyphen; none is cut bare.
    joined = re.sub(r"-\s*\n", "", "\n".join(pages))
    for word in ("инвестиционного", "машиностроительный", "промышленности"):
        assert joined.count(word) == 10
