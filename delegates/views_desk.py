"""Organizer pages at the venue (check-in desk, badges, attendance) and the delegate's own
badge and visa letter downloads through their private management link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from core.http import XLSX, file_response
from core.ratelimit import rate_limit
from delegates.forms_letters import VisaLetterRequestForm
from delegates.models import BadgeLayout, Registration, RegistrationStatus, VisaLetterRequest
from delegates.services import attendance, checkin
from delegates.services.letters import (
    LETTER_ALLOWED_STATUSES,
    VisaLetterError,
    letter_filename,
    letter_problems,
    render_visa_letter,
    request_visa_letter,
)
from delegates.services.printing import BadgeError, badge_filename, render_badges
from sessions_app.models import Session, ThematicTable
from staff.models import AuditAction
from staff.services import record_access


def staff_permission(permission):
    """Staff pages: the admin's login for strangers, 403 for staff without the permission."""

    def decorator(view):
        return login_required(login_url="admin:login")(
            permission_required(permission, raise_exception=True)(view)
        )

    return decorator


def _session(number):
    return get_object_or_404(Session.objects.with_region(), number=number)


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


# --- check-in desk -----------------------------------------------------------------------


def _card_html(request, session, result):
    return render_to_string(
        "delegates/desk_card.html", {"session": session, "result": result}, request=request
    )


def _desk_answer(request, session, result, status=200):
    """The JSON a desk script reads, or the whole desk page when JavaScript is off."""
    counts = checkin.arrival_counts(session)
    if _wants_json(request):
        return JsonResponse(
            {
                "outcome": result.outcome,
                "message": result.message,
                "card_html": _card_html(request, session, result),
                "counts": counts,
            },
            status=status,
        )
    return _render_desk(request, session, result=result, counts=counts)


def _render_desk(request, session, result=None, counts=None, code=""):
    query = request.GET.get("q", "").strip()
    context = {
        "session": session,
        "result": result,
        "counts": counts or checkin.arrival_counts(session),
        "query": query,
        "found": checkin.search_registrations(session, query) if query else None,
        "tables": ThematicTable.objects.filter(session=session),
        "code": code,
    }
    return render(request, "delegates/desk.html", context)


@staff_permission("delegates.check_in")
def desk(request, number):
    """The desk page; a POST is the no-JavaScript scan (the scanner types code + Enter)."""
    session = _session(number)
    if request.method == "POST":
        result = checkin.scan(session, request.POST.get("code", ""), request.user)
        return _desk_answer(request, session, result)
    return _render_desk(request, session)


@require_POST
@staff_permission("delegates.check_in")
def desk_scan(request, number):
    """One scan, one round trip: the outcome, the card to show and the new counts."""
    session = _session(number)
    result = checkin.scan(session, request.POST.get("code", ""), request.user)
    return _desk_answer(request, session, result)


@require_POST
@staff_permission("delegates.check_in")
def desk_check_in(request, number, registration_id):
    """Check in a delegate found by name (no badge at hand)."""
    session = _session(number)
    result = checkin.check_in_registration(
        session, registration_id, request.user, method=checkin.CheckInMethod.MANUAL
    )
    return _desk_answer(request, session, result)


@require_POST
@staff_permission("delegates.check_in")
def desk_undo(request, number, registration_id):
    session = _session(number)
    result = checkin.undo_check_in(session, registration_id, request.user)
    return _desk_answer(request, session, result)


@require_GET
@staff_permission("delegates.check_in")
def desk_search(request, number):
    """Registrations found by name, as the HTML fragment the desk shows."""
    session = _session(number)
    query = request.GET.get("q", "").strip()
    found = checkin.search_registrations(session, query) if query else []
    return render(
        request,
        "delegates/desk_search_results.html",
        {"session": session, "found": found, "query": query},
    )


@require_GET
@staff_permission("delegates.check_in")
def desk_counts(request, number):
    return JsonResponse(checkin.arrival_counts(_session(number)))


# --- attendance --------------------------------------------------------------------------


@require_GET
@staff_permission("delegates.view_checkin")
def attendance_export(request, number, file_format):
    session = _session(number)
    if file_format not in ("csv", "xlsx"):
        raise Http404
    if file_format == "xlsx":
        content = attendance.attendance_xlsx(session)
        content_type = XLSX
    else:
        content = attendance.attendance_csv(session)
        content_type = "text/csv; charset=utf-8"
    record_access(request, AuditAction.EXPORT, session, detail=f"attendance, {file_format}")
    return file_response(content, f"attendance-{session.number}.{file_format}", content_type)


@require_GET
@staff_permission("delegates.view_checkin")
def attendance_sheet(request, number):
    """The sheet delegates sign: the plenary's, or a thematic table's with ?table=<id>."""
    session = _session(number)
    table = None
    table_id = request.GET.get("table", "")
    if table_id:
        if not table_id.isdigit():
            raise Http404
        table = get_object_or_404(ThematicTable, pk=table_id, session=session)
    pdf = attendance.render_attendance_sheet(session, table)
    return file_response(pdf, attendance.sheet_filename(session, table), inline=True)


# --- badges ------------------------------------------------------------------------------


@require_GET
@staff_permission("delegates.print_badges")
def session_badges(request, number):
    """Every approved badge of the session in one PDF (?layout=a6|a4)."""
    session = _session(number)
    layout = request.GET.get("layout", BadgeLayout.A6)
    ids = request.GET.get("ids", "")
    registrations = Registration.objects.filter(session=session)
    if ids:
        registrations = registrations.filter(pk__in=[i for i in ids.split(",") if i.isdigit()])
    try:
        pdf = render_badges(registrations, layout, by=request.user, session=session)
    except BadgeError as error:
        messages.error(request, str(error))
        return redirect(reverse("delegates_desk:desk", kwargs={"number": session.number}))
    return file_response(pdf, badge_filename(session, layout), inline=True)


def _own_registration(token):
    registration = Registration.objects.with_people().for_management_token(token).first()
    if registration is None or not registration.is_management_link_valid():
        raise Http404
    return registration


@require_GET
def own_badge(request, token):
    """A delegate's own badge, from their private link, once approved."""
    registration = _own_registration(token)
    if registration.status != RegistrationStatus.APPROVED:
        return HttpResponseForbidden(
            render_to_string(
                "delegates/desk_message.html",
                {
                    "title": gettext("No badge yet"),
                    "message": gettext(
                        "Your badge is available once your registration is approved."
                    ),
                },
                request=request,
            )
        )
    layout = BadgeLayout.A4 if request.GET.get("layout") == BadgeLayout.A4 else BadgeLayout.A6
    pdf = render_badges(Registration.objects.filter(pk=registration.pk), layout, by=registration)
    return file_response(
        pdf, badge_filename(registration.session, layout, registration), inline=True
    )


# --- visa letters (delegate side) --------------------------------------------------------


@rate_limit("visa_letter", limit=30, period=3600)
def visa_letter_request(request, token):
    """The delegate asks for a visa letter by giving their passport data."""
    registration = _own_registration(token)
    letter_request = VisaLetterRequest.objects.filter(registration=registration).first()
    can_request = registration.status in LETTER_ALLOWED_STATUSES
    form = VisaLetterRequestForm(instance=letter_request, session=registration.session)
    if request.method == "POST" and can_request:
        form = VisaLetterRequestForm(
            request.POST, instance=letter_request, session=registration.session
        )
        if form.is_valid():
            try:
                request_visa_letter(registration, form.cleaned_data)
            except VisaLetterError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    gettext(
                        "Thank you: your request was received. Staff will check it and "
                        "release your letter; you will download it from this page."
                    ),
                )
                return redirect(request.path)
    return render(
        request,
        "delegates/visa_letter_request.html",
        {
            "registration": registration,
            "letter_request": letter_request,
            "form": form,
            "can_request": can_request,
        },
    )


@require_GET
def visa_letter_download(request, token):
    registration = _own_registration(token)
    letter_request = get_object_or_404(VisaLetterRequest, registration=registration)
    if not letter_request.is_released or letter_problems(letter_request):
        messages.error(
            request,
            gettext("Your letter is not ready yet: staff will release it after checking it."),
        )
        return redirect(reverse("delegates_desk:visa_letter", kwargs={"token": token}))
    letter_request.registration = registration
    return file_response(
        render_visa_letter(letter_request), letter_filename(letter_request), inline=True
    )
