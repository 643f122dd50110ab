from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.views.generic import DetailView, ListView, TemplateView

from core import prepared
from core.documents import keep_version, stored_file_response, versioned_url
from core.http import file_response
from core.public_cache import valid_until
from core.rendered import Derived
from sessions_app import programme_notes
from sessions_app.models import Edition, Session
from sessions_app.models.history import shown_with_edition
from sessions_app.services import (
    decided_programme_pdf,
    programme_calendar,
    programme_days,
    programme_for_display,
    programme_pdf_path,
    programme_pdf_version,
)
from sessions_app.services.history import history_csv_text
from sessions_app.services.record import sessions_held, sessions_off_record


def _upcoming_sessions(today):
    return Session.objects.with_region().upcoming(today)[:4]


def _past_sessions(today):
    return Session.objects.for_listing().past(today)[:12]


def _session_with_region(number):
    return Session.objects.with_region().filter(number=number)


def _editions_of(session_id):
    return Edition.objects.select_related("host_region").filter(session_id=session_id)


def _session_or_404(number):
    """The session numbered `number` with its region (a public page's compiled query)."""
    found = prepared.rows(_session_with_region, number)
    if not found:
        raise Http404(f"No session numbered {number}")
    return found[0]


class HomeView(TemplateView):
    template_name = "sessions_app/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        upcoming = prepared.rows(_upcoming_sessions, today)
        context["next_session"] = upcoming[0] if upcoming else None
        if upcoming:  # its registration call appears and disappears with the window
            valid_until(
                self.request, upcoming[0].registration_opens, upcoming[0].registration_closes
            )
        context["other_upcoming"] = upcoming[1:]
        context["past_sessions"] = prepared.rows(_past_sessions, today)
        return context


class SessionListView(ListView):
    template_name = "sessions_app/session_list.html"
    context_object_name = "sessions"
    paginate_by = 25

    def get_queryset(self):
        return Session.objects.for_listing().order_by("-start_date")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Each status shown follows its registration window (Session.public_status_display).
        for session in context["sessions"]:
            valid_until(self.request, session.registration_opens, session.registration_closes)
        return context


class SessionDetailView(DetailView):
    template_name = "sessions_app/session_detail.html"
    context_object_name = "session"

    def get_object(self, queryset=None):
        session = _session_or_404(self.kwargs["number"])
        valid_until(self.request, session.registration_opens, session.registration_closes)
        return session

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # What public sources say of this edition, apart from what the portal counted.
        editions = prepared.rows(_editions_of, self.object.pk)
        prefetch_related_objects(editions, *shown_with_edition())
        context["editions"] = editions
        return context


def _programme_shown(session):
    """The programme page's items, each with the notes the apps above add to its table's
    items (the projects presented there), and its tables."""
    items, tables = programme_for_display(session)
    notes = programme_notes.notes_for(session)
    for item in items:
        item.notes = [programme_notes.text_of(note) for note in notes.get(item.table_id, [])]
    return items, tables


def _programme_pdf_url(session, items, tables):
    """The printed programme's address in the version of these rows (core/documents.py)."""
    url = reverse("sessions_app:programme_pdf", args=[session.number])
    return versioned_url(url, programme_pdf_version(session, items, tables))


class ProgrammeView(TemplateView):
    """The session's programme, day by day, in the host city's time zone."""

    template_name = "sessions_app/programme.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = _session_or_404(self.kwargs["number"])
        items, tables = _programme_shown(session)
        context.update(
            session=session,
            days=programme_days(session, items),
            tables=tables,
            has_programme=bool(items),
            is_past=session.end_date < timezone.localdate(),
            # Worked out only when the page is rendered: the rows above decide it.
            pdf_url=Derived(lambda: _programme_pdf_url(session, items, tables)),
        )
        return context


def programme_pdf(request, number):
    """The printable programme, Italian and Russian side by side. A repeated download, while
    neither the session nor any programme changed, is served from storage with no query; at
    the versioned address the programme page links to (`?v=`, core/documents.py), after the
    first, with no read at all. A version that is not the current one (the programme changed
    since the page was read) is sent to the current one."""
    asked = request.GET.get("v")
    path = None if asked is not None else decided_programme_pdf(number)
    if path is None:
        session = _session_or_404(number)
        # A version is of the rows the programme page shows (with its notes, which the
        # printed programme does not carry): only its check reads them.
        shown = programme_for_display(session) if asked is None else _programme_shown(session)
        if not shown[0]:
            return redirect("sessions_app:programme", number=number)
        if asked is not None and asked != programme_pdf_version(session, *shown):
            return redirect(_programme_pdf_url(session, *shown))
        path = programme_pdf_path(session, shown)
    filename = f"taskforce-session-{number}-programme.pdf"
    response = stored_file_response(path, filename, private=False)
    if asked is not None:
        keep_version(request, response, asked, path)
    return response


def programme_ics(request, number):
    """The programme as an iCalendar feed in the page's language."""
    session = get_object_or_404(Session, number=number)
    url = request.build_absolute_uri(reverse("sessions_app:programme", args=[number]))
    filename = f"taskforce-session-{session.number}-programme-{translation.get_language()}.ics"
    return file_response(
        programme_calendar(session, programme_url=url),
        filename,
        "text/calendar; charset=utf-8",
        private=False,
    )


class HistoryView(TemplateView):
    """Every edition on record, I to the last, with what the sources say and do not say."""

    template_name = "sessions_app/history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The record's editions, then the portal's sessions it does not hold (held or to
        # come), so that the numbering runs whole to the last session.
        editions = list(Edition.objects.for_display())
        editions += [Edition.from_session(session) for session in sessions_off_record()]
        for edition in editions:  # a session to come shows its status, as its window says
            if edition.is_to_come:
                session = edition.session
                valid_until(self.request, session.registration_opens, session.registration_closes)
        context.update(
            editions=editions,
            # Counted as the statistics page counts them.
            held=len(sessions_held()),
            with_place_and_date=sum(
                1 for edition in editions if edition.is_held and edition.city and edition.start_date
            ),
            without_record=sum(1 for edition in editions if not edition.has_public_record),
            upcoming=sum(1 for edition in editions if edition.is_to_come),
        )
        return context


def history_csv(request):
    """The historical record as a CSV file, one row per edition, sources and figures in it."""
    return file_response(
        history_csv_text(),
        "taskforce-editions.csv",
        "text/csv; charset=utf-8",
        private=False,
    )
