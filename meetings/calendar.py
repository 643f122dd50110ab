"""The delegate's personal calendar: a private iCalendar feed of their own programme (the
plenary and the other items for everyone, the thematic tables they chose, the company visits
they booked) and their B2B meetings with table and partner, in the delegate's language.

The feed's address holds a token of its own, derived from the registration's private link
(`calendar_token`): a calendar app keeps the address on its servers, and it must not open
the pages that change or cancel the registration. A new private link makes a new address.

Each event has a stable UID (the programme item's or the meeting's primary key), a SEQUENCE
that counts the changes recorded in the history of what it shows (the meeting and the
Meeting Point whose slots give its time; the programme item), and LAST-MODIFIED: when the
scheduler or staff move a meeting, calendar apps update the event in place.
"""

import datetime

from django.conf import settings
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext

from core.text import two_parts
from delegates.models import CompanyVisitBookingStatus, Registration
from meetings.models import Meeting, MeetingPoint
from meetings.presentation import both_scripts, organization_name, position_for_reader
from sessions_app.models import ProgrammeItem, ProgrammeItemKind
from sessions_app.services.calendar import calendar_host, moderators_line, new_calendar

TOKEN_SALT = "taskforce.meetings.calendar"
DIGEST_LENGTH = 32
# Items of the programme that are everyone's (the rest depends on the delegate's choices).
FOR_EVERYONE = (ProgrammeItemKind.PLENARY, ProgrammeItemKind.OTHER)


# --- the address ---------------------------------------------------------------------------


def _digest(registration):
    return salted_hmac(TOKEN_SALT, registration.management_token).hexdigest()[:DIGEST_LENGTH]


def calendar_token(registration):
    """The token of the registration's feed: its id and a digest of its private link."""
    return f"{registration.pk}-{_digest(registration)}"


def registration_of_calendar_token(token):
    """The registration of a feed token, or None (unknown, altered, or anonymized)."""
    number, _separator, digest = (token or "").partition("-")
    if not number.isdigit() or len(digest) != DIGEST_LENGTH or len(number) > 12:
        return None
    registration = (
        Registration.objects.with_people().filter(pk=int(number), anonymized_at__isnull=True)
    ).first()
    if registration is None or not constant_time_compare(digest, _digest(registration)):
        return None
    return registration


def calendar_url(registration):
    """The feed's absolute address (https or http, as the site is served)."""
    path = reverse("meetings:calendar", kwargs={"token": calendar_token(registration)})
    return settings.SITE_URL.rstrip("/") + path


def webcal_url(registration):
    """The same address with the webcal:// scheme, which calendar apps subscribe to."""
    url = calendar_url(registration)
    return "webcal://" + url.split("://", 1)[1]


# --- what the feed holds -------------------------------------------------------------------


def _revisions(model, ids):
    """{id: (changes recorded after the first, moment of the last)} from the history of
    `model`, in one query."""
    if not ids:
        return {}
    rows = (
        model.history.model.objects.filter(id__in=list(ids))
        .order_by()
        .values("id")
        .annotate(count=Count("history_id"), last=Max("history_date"))
    )
    return {row["id"]: (row["count"] - 1, row["last"]) for row in rows}


def programme_items(registration):
    """The session's items the delegate takes part in, in time order."""
    table_ids = set(registration.thematic_tables.values_list("pk", flat=True))
    visit_ids = set(
        registration.company_visit_bookings.filter(
            status=CompanyVisitBookingStatus.BOOKED
        ).values_list("visit_id", flat=True)
    )
    items = (
        ProgrammeItem.objects.for_session(registration.session).select_related("table").in_order()
    )
    chosen = []
    for item in items:
        if item.kind in FOR_EVERYONE:
            chosen.append(item)
        elif item.kind == ProgrammeItemKind.THEMATIC_TABLE:
            if (item.table_id is None and table_ids) or item.table_id in table_ids:
                chosen.append(item)
        elif item.kind == ProgrammeItemKind.COMPANY_VISIT and item.pk in visit_ids:
            chosen.append(item)
    return chosen


def placed_meetings(registration):
    """The delegate's placed B2B meetings and their Meeting Point (None if there is none)."""
    meeting_point = (
        MeetingPoint.objects.filter(session_id=registration.session_id)
        .prefetch_related("breaks")
        .first()
    )
    if meeting_point is None:
        return None, []
    meeting_point.session = registration.session
    meetings = list(
        Meeting.objects.filter(meeting_point=meeting_point, slot__isnull=False)
        .involving(registration)
        .with_people()
        # The partner's position in the reader's language (meetings.presentation).
        .select_related("registration_a__b2b_profile", "registration_b__b2b_profile")
        .order_by("slot", "pk")
    )
    return meeting_point, meetings


def _new_calendar(registration):
    session = registration.session
    name = gettext("%(session)s – my programme") % {"session": session.title_and_city}
    calendar = new_calendar(name, session.time_zone, "Personal programme")
    calendar.add("name", name)
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"value": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    return calendar


def _event(uid, summary, starts_at, ends_at, revision, now, location="", description=""):
    from icalendar import Event

    sequence, last_modified = revision
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", starts_at.astimezone(datetime.UTC))
    event.add("dtend", ends_at.astimezone(datetime.UTC))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    event.add("sequence", max(sequence, 0))
    if last_modified is not None:
        event.add("last-modified", last_modified.astimezone(datetime.UTC))
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _programme_event(item, revision, now, host):
    summary = item.title
    if item.kind == ProgrammeItemKind.THEMATIC_TABLE and item.table is not None:
        summary = gettext("Thematic table: %(name)s") % {"name": item.table.name}
    elif item.kind == ProgrammeItemKind.COMPANY_VISIT:
        summary = gettext("Company visit: %(title)s") % {"title": item.title}
    description = item.description
    if item.kind == ProgrammeItemKind.THEMATIC_TABLE and item.title != summary:
        description = "\n\n".join(part for part in (item.title, description) if part)
    if item.table is not None:
        # The moderators with their titles in the reader's language, as the programme feed.
        description = "\n\n".join(
            part for part in (description, moderators_line(item.table)) if part
        )
    return _event(
        f"programme-{item.pk}@{host}",
        summary,
        item.starts_at,
        item.ends_at,
        revision,
        now,
        location=item.place or item.session.venue_name,
        description=description,
    )


def _meeting_event(meeting, meeting_point, registration, revision, now, host):
    counterpart = meeting.counterpart_of(registration)
    slot = meeting_point.slot(meeting.slot)
    partner = both_scripts(counterpart.person)
    organization = organization_name(counterpart.organization)
    summary = gettext("B2B meeting with %(partner)s (%(organization)s), table %(table)s") % {
        "partner": partner,
        "organization": organization,
        "table": meeting.table_number,
    }
    lines = [
        gettext("Partner: %(partner)s") % {"partner": partner},
        gettext("Organization: %(organization)s") % {"organization": organization},
        gettext("Position: %(position)s") % {"position": position_for_reader(counterpart)},
        gettext("Table: %(table)s") % {"table": meeting.table_number},
    ]
    if meeting.needs_interpreter:
        lines.append(gettext("An interpreter will assist you."))
    place = meeting_point.place_for_reader or registration.session.venue_name
    location = gettext("Meeting Point, table %(table)s") % {"table": meeting.table_number}
    if place:
        location = two_parts(location, place)
    return _event(
        f"meeting-{meeting.pk}@{host}",
        summary,
        slot.starts_at,
        slot.ends_at,
        revision,
        now,
        location=location,
        description="\n".join(lines),
    )


def _meeting_revisions(meeting_point, meetings):
    """A meeting's time follows from its slot and from the Meeting Point's times: both
    histories count."""
    own = _revisions(Meeting, [meeting.pk for meeting in meetings])
    point_changes, point_last = _revisions(MeetingPoint, [meeting_point.pk]).get(
        meeting_point.pk, (0, None)
    )
    revisions = {}
    for meeting in meetings:
        changes, last = own.get(meeting.pk, (0, None))
        moments = [moment for moment in (last, point_last) if moment is not None]
        revisions[meeting.pk] = (changes + point_changes, max(moments) if moments else None)
    return revisions


def personal_calendar(registration, now=None):
    """The delegate's feed as iCalendar bytes, in the delegate's language. A few queries,
    whatever the number of items and meetings."""
    now = (now or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)
    host = calendar_host()
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        calendar = _new_calendar(registration)
        items = programme_items(registration)
        item_revisions = _revisions(ProgrammeItem, [item.pk for item in items])
        for item in items:
            item.session = registration.session
            calendar.add_component(
                _programme_event(item, item_revisions.get(item.pk, (0, None)), now, host)
            )
        meeting_point, meetings = placed_meetings(registration)
        if meetings:
            revisions = _meeting_revisions(meeting_point, meetings)
            for meeting in meetings:
                if meeting_point.slot(meeting.slot) is None:
                    continue  # a slot the Meeting Point's new times no longer have
                calendar.add_component(
                    _meeting_event(
                        meeting, meeting_point, registration, revisions[meeting.pk], now, host
                    )
                )
    return calendar.to_ical()


def calendar_filename(registration):
    return f"programme-{registration.session.number}.ics"
