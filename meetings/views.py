"""Pages of the Meeting Point. Delegates reach theirs through the private token of their
registration; organizers' pages need a staff account with the view permission on meetings."""

import functools

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.documents import stored_file_response
from core.http import XLSX, file_response
from core.ratelimit import rate_limit
from delegates.models import Registration
from delegates.private_links import private_link
from meetings import documents, reading, services
from meetings.forms import CatalogueFilterForm, ProfileForm, RequestForm
from meetings.models import B2BProfile, MeetingPoint, MeetingRequest, MeetingRequestStatus
from meetings.presentation import both_scripts
from sessions_app.models import Region
from staff.models import AuditAction
from staff.services import record_access

CATALOGUE_PAGE_SIZE = 20


# The delegate's pages load the registration with what they show.
PARTICIPANT = Registration.objects.select_related(
    "person", "organization__region", "session__host_region"
)


def participant_view(view):
    """Through the one door of the private links (delegates/private_links.py), load the
    Meeting Point of the registration; show an explanation instead of the page when the
    delegate may not use it."""

    @functools.wraps(view)
    @private_link(forms=True, queryset=PARTICIPANT)
    def wrapped(request, registration, *args, **kwargs):
        meeting_point = (
            MeetingPoint.objects.filter(session_id=registration.session_id)
            .select_related("session")
            .prefetch_related("breaks")
            .first()
        )
        context = {"registration": registration, "meeting_point": meeting_point}
        if meeting_point is None:
            context["reason"] = _("The Meeting Point of this session has not been set up yet.")
            return render(request, "meetings/unavailable.html", context, status=404)
        try:
            services.check_participant(registration)
        except services.MeetingPointError as error:
            context["reason"] = error.message
            context["can_opt_in"] = registration.status == "approved"
            return render(request, "meetings/unavailable.html", context, status=403)
        request.registration = registration
        request.meeting_point = meeting_point
        return view(request, registration, meeting_point, *args, **kwargs)

    return wrapped


def _slot_choices(meeting_point):
    from meetings.presentation import slot_day, slot_time

    several_days = len({slot.starts_at.date() for slot in meeting_point.slots()}) > 1
    return [
        (
            slot.index,
            (f"{slot_day(slot, meeting_point)} " if several_days else "")
            + slot_time(slot, meeting_point),
        )
        for slot in meeting_point.slots()
    ]


def _profile_of(registration):
    return B2BProfile.objects.filter(registration=registration).first()


@participant_view
def home(request, registration, meeting_point):
    profile = _profile_of(registration)
    counts = MeetingRequest.objects.filter(recipient=registration, status="pending").count()
    meetings = reading.agenda(registration, meeting_point)
    context = {
        "registration": registration,
        "meeting_point": meeting_point,
        "profile": profile,
        "profile_visible": profile is not None and services.is_visible(profile, meeting_point),
        "pending_received": counts,
        "meetings": meetings,
        "is_open": meeting_point.is_open_for_requests(),
    }
    return render(request, "meetings/home.html", context)


@private_link(forms=True)
@require_POST
@rate_limit("meeting_point", limit=120, period=3600)
def opt_in(request, registration):
    try:
        services.opt_in(registration)
    except services.MeetingPointError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You now take part in the Meeting Point."))
    return redirect("meetings:profile", token=registration.management_token)


@rate_limit("meeting_point", limit=120, period=3600)
@participant_view
def profile(request, registration, meeting_point):
    instance = _profile_of(registration)
    form = ProfileForm(
        request.POST or None, instance=instance, slot_choices=_slot_choices(meeting_point)
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.save_profile(registration, **values)
        except services.MeetingPointError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your B2B profile has been saved."))
            return redirect("meetings:home", token=registration.management_token)
    context = {"registration": registration, "meeting_point": meeting_point, "form": form}
    return render(request, "meetings/profile.html", context)


@participant_view
def catalogue(request, registration, meeting_point):
    profiles = (
        B2BProfile.objects.visible_in(meeting_point)
        .exclude(registration=registration)
        .with_people()
        .order_by("registration__organization__name_latin", "pk")
    )
    if meeting_point.cross_delegation_only:
        profiles = profiles.exclude(registration__delegation=registration.delegation)
    regions = Region.objects.filter(
        pk__in=B2BProfile.objects.visible_in(meeting_point)
        .exclude(registration__delegation=registration.delegation)
        .values("registration__organization__region")
    ).order_by("code")
    form = CatalogueFilterForm(request.GET or None, regions=regions)
    if meeting_point.cross_delegation_only:
        del form.fields["delegation"]
    profiles = form.filter(profiles)
    page = Paginator(profiles, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
    statuses = {}
    for sender, recipient, status in MeetingRequest.objects.involving(registration).values_list(
        "sender", "recipient", "status"
    ):
        statuses[recipient if sender == registration.pk else sender] = status
    for item in page:
        item.request_status = statuses.get(item.registration_id)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "registration": registration,
        "meeting_point": meeting_point,
        "form": form,
        "page_obj": page,
        "profiles": page.object_list,
        "query_string": query.urlencode(),
        "is_paginated": page.has_other_pages(),
        "paginator": page.paginator,
        "has_profile": _profile_of(registration) is not None,
        "is_open": meeting_point.is_open_for_requests(),
    }
    return render(request, "meetings/catalogue.html", context)


@participant_view
@rate_limit("meeting_request", limit=60, period=3600)
def send_request(request, registration, meeting_point, profile_id):
    profile = get_object_or_404(
        B2BProfile.objects.with_people().filter(registration__session=registration.session_id),
        pk=profile_id,
    )
    if profile.registration_id == registration.pk:
        messages.error(request, _("You cannot ask yourself for a meeting."))
        return redirect("meetings:catalogue", token=registration.management_token)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_request(registration, profile.registration, form.cleaned_data["message"])
        except services.MeetingPointError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your request has been sent to %(name)s.")
                % {"name": both_scripts(profile.registration.person)},
            )
            return redirect("meetings:requests", token=registration.management_token)
    context = {
        "registration": registration,
        "meeting_point": meeting_point,
        "profile": profile,
        "form": form,
    }
    return render(request, "meetings/request_form.html", context)


@participant_view
def requests(request, registration, meeting_point):
    all_requests = list(
        MeetingRequest.objects.involving(registration)
        .with_people()
        # The profiles: each partner's position in the reader's language, as the catalogue
        # shows it (presentation.position_for_reader reads a profile only when loaded).
        .select_related(
            "sender__organization__region",
            "sender__b2b_profile",
            "recipient__organization__region",
            "recipient__b2b_profile",
        )
        .order_by("-created_at")
    )
    received = [r for r in all_requests if r.recipient_id == registration.pk]
    sent = [r for r in all_requests if r.sender_id == registration.pk]
    received.sort(key=lambda r: r.status != MeetingRequestStatus.PENDING)
    profile = _profile_of(registration)
    context = {
        "registration": registration,
        "meeting_point": meeting_point,
        "received": received,
        "sent": sent,
        "accepted_count": sum(r.status == MeetingRequestStatus.ACCEPTED for r in received),
        "cap": profile.max_accepted_requests if profile else None,
        "is_open": meeting_point.is_open_for_requests(),
    }
    return render(request, "meetings/requests.html", context)


REQUEST_ACTIONS = {
    "accept": (
        services.accept_request,
        gettext_lazy("You accepted the request: the organizers will set the time and the table."),
    ),
    "decline": (services.decline_request, gettext_lazy("You declined the request.")),
    "cancel": (services.cancel_request, gettext_lazy("The request has been withdrawn.")),
}


@require_POST
@rate_limit("meeting_point", limit=120, period=3600)
@participant_view
def answer_request(request, registration, meeting_point, request_id, action):
    if action not in REQUEST_ACTIONS:
        raise Http404
    meeting_request = get_object_or_404(
        MeetingRequest.objects.involving(registration), pk=request_id
    )
    service, success = REQUEST_ACTIONS[action]
    try:
        service(meeting_request, by=registration)
    except services.MeetingPointError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("meetings:requests", token=registration.management_token)


@participant_view
def agenda(request, registration, meeting_point):
    context = {
        "registration": registration,
        "meeting_point": meeting_point,
        "meetings": reading.agenda(registration, meeting_point),
    }
    return render(request, "meetings/agenda.html", context)


@participant_view
def agenda_pdf(request, registration, meeting_point):
    path = documents.agenda_pdf_path(registration, meeting_point)
    return stored_file_response(path, f"agenda-{meeting_point.session.number}.pdf")


# ---------------------------------------------------------------------------------------------
# Organizers


def organizer_view(view):
    @functools.wraps(view)
    @staff_member_required
    @never_cache
    def wrapped(request, number, *args, **kwargs):
        if not request.user.has_perm("meetings.view_meeting"):
            raise PermissionDenied
        meeting_point = get_object_or_404(
            MeetingPoint.objects.select_related("session").prefetch_related("breaks"),
            session__number=number,
        )
        return view(request, meeting_point, *args, **kwargs)

    return wrapped


@organizer_view
def staff_grid(request, meeting_point):
    report = request.session.pop("meetings_last_report", None)
    context = {
        "meeting_point": meeting_point,
        "session": meeting_point.session,
        "rows": reading.grid(meeting_point),
        "tables": range(1, meeting_point.tables + 1),
        "stats": reading.statistics(meeting_point),
        "report": report,
        "can_schedule": request.user.has_perm("meetings.change_meeting"),
    }
    return render(request, "meetings/staff_grid.html", context)


@require_POST
@organizer_view
def staff_schedule(request, meeting_point):
    if not request.user.has_perm("meetings.change_meeting"):
        raise PermissionDenied
    report = services.schedule_meetings(meeting_point, by=request.user)
    request.session["meetings_last_report"] = report_for_session(report)
    messages.success(request, str(report))
    return redirect("meetings:staff_grid", number=meeting_point.session.number)


def report_for_session(report):
    """A scheduling report in a form the session can store, for the next page."""
    return {
        "summary": str(report),
        "seconds": round(report.seconds, 2),
        "unplaced": [
            {
                "first": both_scripts(item.meeting.registration_a.person),
                "second": both_scripts(item.meeting.registration_b.person),
                "message": item.message,
                "admin_url": reverse("admin:meetings_meeting_change", args=[item.meeting.pk]),
            }
            for item in report.unplaced[:200]
        ],
        "more": max(0, len(report.unplaced) - 200),
    }


@organizer_view
def staff_grid_pdf(request, meeting_point):
    pdf = documents.render_grid_pdf(meeting_point)
    return file_response(pdf, f"meeting-point-{meeting_point.session.number}.pdf", inline=True)


@organizer_view
def staff_agendas_pdf(request, meeting_point):
    path = documents.all_agendas_pdf_path(meeting_point)
    return stored_file_response(path, f"agendas-{meeting_point.session.number}.pdf", inline=False)


@organizer_view
def staff_interpreters_xlsx(request, meeting_point):
    content = documents.interpreter_workbook(meeting_point)
    record_access(request, AuditAction.EXPORT, meeting_point, detail="interpreter needs, Excel")
    return file_response(content, f"interpreters-{meeting_point.session.number}.xlsx", XLSX)
