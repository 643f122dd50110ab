"""The rooming list of each hotel and the plan of arrivals and departures, as Excel workbooks
(core/spreadsheets.py: delegates' texts never run as formulas) and bilingual PDFs (Italian ·
Russian labels, names in both scripts, WeasyPrint through core/pdf.py)."""

import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.i18n import bilingual_labels
from core.pdf import render_pdf
from core.spreadsheets import xlsx_row
from sessions_app.dates import header_with_zone, in_language, weekday_and_long_date, zone_label
from travel.models import TravelMeans
from travel.services.plans import ARRIVALS, DEPARTURES, rooming_list, transfer_plan


def person_in_both_scripts(person):
    """ "Anna IVANOVA / Анна Иванова": the Latin name, then the other script when known."""
    latin = f"{person.given_name_latin} {person.family_name_latin.upper()}"
    other = person.name_other_script
    return f"{latin} / {other}" if other else latin


def organization_in_both_scripts(organization):
    if organization is None:
        return ""
    if organization.distinct_name_cyrillic:
        return f"{organization.name_latin} / {organization.distinct_name_cyrillic}"
    return organization.name_latin


LABELS = {
    "rooming": _("Rooming list"),
    "arrivals": pgettext_lazy("travel", "Arrivals"),
    "departures": pgettext_lazy("travel", "Departures"),
    "transfers": _("Arrivals and departures"),
    "hotel": _("Hotel"),
    "name": _("Name"),
    "organization": _("Organization"),
    "delegation": _("Delegation"),
    "room": _("Room"),
    "check_in": pgettext_lazy("hotel", "Check-in"),
    "check_out": pgettext_lazy("hotel", "Check-out"),
    "nights": _("Nights"),
    "sharing": _("Sharing the room with"),
    "day": _("Day"),
    "time": _("Time"),
    "place": _("Airport or station"),
    "means": _("By"),
    "number": _("Flight or train"),
    "transfer": _("Transfer"),
    "group": _("Transfer group"),
    "yes": _("yes"),
    "no_rooms": _("No room chosen yet."),
    "nobody": _("Nobody yet."),
}


def _bold():
    from openpyxl.styles import Font

    return Font(bold=True)


def _save(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(text, used):
    """Excel sheet titles: at most 31 characters, none of []:*?/\\, unique."""
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    title = text[:31] or "-"
    number = 2
    while title in used:
        suffix = f" {number}"
        title = text[: 31 - len(suffix)] + suffix
        number += 1
    used.add(title)
    return title


# --- the rooming list ------------------------------------------------------------------------


def rooming_headers():
    return [
        gettext("Hotel"),
        gettext("Room"),
        gettext("Family name (Latin script)"),
        gettext("Given name (Latin script)"),
        gettext("Name (native script)"),
        gettext("Organization"),
        gettext("Delegation"),
        pgettext("hotel", "Check-in"),
        pgettext("hotel", "Check-out"),
        gettext("Nights"),
        gettext("Sharing the room with"),
        gettext("E-mail"),
    ]


def rooming_row(hotel, booking):
    person = booking.registration.person
    return [
        hotel.localized("name"),
        booking.room_block.get_room_type_display(),
        person.family_name_latin,
        person.given_name_latin,
        person.name_other_script,
        organization_in_both_scripts(booking.registration.organization),
        booking.registration.get_delegation_display(),
        booking.check_in,
        booking.check_out,
        booking.nights,
        booking.sharing_note,
        person.email,
    ]


def rooming_workbook(session, language=None):
    """One sheet per hotel, a row per delegate's room (dates as dates), in `language`."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    used = set()
    with translation.override(language or translation.get_language()):
        listing = rooming_list(session)
        if not listing:
            sheet = workbook.create_sheet(_sheet_title(gettext("Rooming list"), used))
            sheet.append(xlsx_row(sheet, rooming_headers(), font=_bold()))
        for hotel, bookings in listing:
            sheet = workbook.create_sheet(_sheet_title(hotel.localized("name"), used))
            sheet.append(xlsx_row(sheet, rooming_headers(), font=_bold()))
            for booking in bookings:
                sheet.append(xlsx_row(sheet, rooming_row(hotel, booking)))
    return _save(workbook)


def _session_context(session):
    both = {}
    for language in ("it", "ru"):
        with translation.override(language):
            both[language] = {
                "title": str(session.title),
                "city": session.localized("city", language),
                "dates": session.dates_display,
                "zone": zone_label(session),
            }
    return both


def rooming_html(session):
    hotels = []
    for hotel, bookings in rooming_list(session):
        hotels.append(
            {
                "hotel": hotel,
                "rows": [
                    {
                        "booking": booking,
                        "name": person_in_both_scripts(booking.registration.person),
                        "organization": organization_in_both_scripts(
                            booking.registration.organization
                        ),
                        "room": _both(booking.room_block.get_room_type_display),
                    }
                    for booking in bookings
                ],
            }
        )
    labels = bilingual_labels(LABELS)
    with translation.override("it"):
        return render_to_string(
            "pdf/rooming_list.html",
            {
                "session": session,
                "both": _session_context(session),
                "hotels": hotels,
                "labels": labels,
                "heading": labels["rooming"],
            },
        )


def render_rooming_pdf(session):
    return render_pdf(rooming_html(session))


def _both(function):
    texts = []
    for language in ("it", "ru"):
        with translation.override(language):
            texts.append(str(function()))
    return texts[0] if texts[0] == texts[1] else f"{texts[0]} / {texts[1]}"


# --- arrivals and departures -----------------------------------------------------------------


def transfer_headers(session):
    return [
        gettext("Day"),
        header_with_zone(gettext("Time"), [session]),
        gettext("Transfer group"),
        gettext("Airport or station"),
        gettext("By"),
        gettext("Flight or train"),
        gettext("Transfer"),
        gettext("Family name (Latin script)"),
        gettext("Given name (Latin script)"),
        gettext("Name (native script)"),
        gettext("Organization"),
        gettext("Delegation"),
        gettext("Telephone"),
    ]


def transfer_rows(session, direction):
    """A row per delegate, in time order, with the number of their transfer group."""
    number = 0
    for day, groups in transfer_plan(session, direction):
        for group in groups:
            number += 1
            for movement in group.movements:
                person = movement.registration.person
                yield [
                    day,
                    date_format(movement.at, "H:i"),
                    number,
                    movement.place,
                    movement.means_display,
                    movement.number,
                    gettext("yes") if movement.transfer else "",
                    person.family_name_latin,
                    person.given_name_latin,
                    person.name_other_script,
                    organization_in_both_scripts(movement.registration.organization),
                    movement.registration.get_delegation_display(),
                    person.phone,
                ]


def transfers_workbook(session, language=None):
    """Two sheets, arrivals and departures, grouped for transfers, times in the host city."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    used = set()
    with translation.override(language or translation.get_language()):
        for direction, title in (
            (ARRIVALS, pgettext("travel", "Arrivals")),
            (DEPARTURES, pgettext("travel", "Departures")),
        ):
            sheet = workbook.create_sheet(_sheet_title(title, used))
            sheet.append(xlsx_row(sheet, transfer_headers(session), font=_bold()))
            for row in transfer_rows(session, direction):
                sheet.append(xlsx_row(sheet, row))
    return _save(workbook)


def transfers_html(session):
    sections = []
    for direction, label in ((ARRIVALS, "arrivals"), (DEPARTURES, "departures")):
        days = []
        for day, groups in transfer_plan(session, direction):
            days.append(
                {
                    "day": {
                        "it": _day(day, "it"),
                        "ru": _day(day, "ru"),
                    },
                    "groups": [
                        {
                            "group": group,
                            "wanted": _transfers_wanted(group.transfers),
                            "rows": [
                                {
                                    "movement": movement,
                                    "name": person_in_both_scripts(movement.registration.person),
                                    "means": _both(
                                        lambda m=movement: dict(_means_choices()).get(m.means, "")
                                    ),
                                }
                                for movement in group.movements
                            ],
                        }
                        for group in groups
                    ],
                }
            )
        sections.append({"label": label, "days": days})
    # Times shown in the host city's zone (the template's time filter converts to the active one).
    labels = bilingual_labels(LABELS)
    with translation.override("it"), timezone.override(session.tzinfo):
        return render_to_string(
            "pdf/transfer_plan.html",
            {
                "session": session,
                "both": _session_context(session),
                "sections": sections,
                "labels": labels,
                "heading": labels["transfers"],
            },
        )


def _transfers_wanted(count):
    """ "2 transfer richiesti", "2 трансфера запрошено": the count in each language, with the
    plural forms of each (the same message as the plans page)."""
    wanted = {}
    for language in ("it", "ru"):
        with translation.override(language):
            wanted[language] = ngettext(
                "%(counter)s transfer wanted", "%(counter)s transfers wanted", count
            ) % {"counter": count}
    return wanted


def _means_choices():
    return [(value, str(label)) for value, label in TravelMeans.choices]


def _day(day, language):
    """ "mercoledì 25 novembre 2026", "среда, 25 ноября 2026 г." (sessions_app/dates.py)."""
    return in_language(language, weekday_and_long_date, day)


def render_transfers_pdf(session):
    return render_pdf(transfers_html(session))
