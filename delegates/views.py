"""Public pages of the delegates app: registration form, confirmation, the private management
pages, the privacy notice and two small JSON helpers for the form."""

import json

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import prepared
from core.ratelimit import rate_limit
from core.rendered import render_form_page_once
from delegates.forms import RegistrationForm, with_form_choices
from delegates.models import Organization, Registration, normalize_organization_name
from delegates.private_links import link_days_after_session, private_link
from delegates.services import (
    RegistrationError,
    cancel,
    confirm_email,
    erase_personal_data,
    personal_data,
    resend_confirmation,
    submit_registration,
    to_latin,
    update_registration,
)
from delegates.services.tokens import registration_from_confirmation_token
from sessions_app.models import Session, SessionInstitution, SessionStatus
from sessions_app.services.institutions import data_controller, default_institutions

# The address the confirmation e-mail went to, shown on the next page: a signed cookie of that
# page alone rather than a session (no database write in the rush of a last day).
SUBMISSION_COOKIE = "taskforce_registration_sent"
SUBMISSION_COOKIE_SALT = "delegates.registration_sent"
SUBMISSION_COOKIE_SECONDS = 3600


def _language():
    return (get_language() or "it")[:2]


def _session_for_form(number):
    # Read at every visit and submission of the form (compiled once: core/prepared.py).
    return with_form_choices(Session.objects.with_region()).filter(number=number)


def _sent(session, email):
    """To the page that says a message to `email` is on its way (the address in a signed
    cookie of that page only)."""
    response = redirect("delegates:registration_sent", number=session.number)
    response.set_signed_cookie(
        SUBMISSION_COOKIE,
        email,
        salt=SUBMISSION_COOKIE_SALT,
        max_age=SUBMISSION_COOKIE_SECONDS,
        path=response["Location"],
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@never_cache
@rate_limit("registration", limit=30, period=3600)
@require_http_methods(["GET", "POST"])
def register(request, number):
    """The registration form of a session whose window is open."""
    found = prepared.rows(_session_for_form, number)
    if not found:
        raise Http404
    session = found[0]
    if request.method == "GET" and not session.is_registration_open():
        opens = session.registration_opens
        context = {
            "session": session,
            "not_yet_open": session.status == SessionStatus.REGISTRATION_OPEN
            and opens is not None
            and timezone.now() < opens,
        }
        return render(request, "delegates/registration_closed.html", context)
    form = RegistrationForm(request.POST or None, session=session, language=_language())
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            return redirect("delegates:registration_sent", number=session.number)
        try:
            registration, outcome = submit_registration(session, form.to_details())
        except RegistrationError as error:
            if getattr(error, "registration", None) is None:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                # The address already has a registration for the session: its owner is sent
                # their private link again (submit_registration), and whoever typed it sees
                # what any registrant sees, so that the form tells no one whether an address
                # is registered, let alone its status.
                return _sent(session, form.cleaned_data["email"])
        else:
            if outcome == "reopened":
                messages.info(
                    request, _("Your earlier, cancelled registration has been opened again.")
                )
            return _sent(session, registration.person.email)
    # Before it is filled in, the form is the same for every visitor: rendered once.
    context = {"session": session, "form": form}
    return render_form_page_once(request, "delegates/register.html", context)


@never_cache
def registration_sent(request, number):
    session = get_object_or_404(Session.objects.with_region(), number=number)
    email = request.get_signed_cookie(
        SUBMISSION_COOKIE,
        default="",
        salt=SUBMISSION_COOKIE_SALT,
        max_age=SUBMISSION_COOKIE_SECONDS,
    )
    return render(request, "delegates/registration_sent.html", {"session": session, "email": email})


@never_cache
@rate_limit("registration_link", limit=60, period=3600)
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link of the confirmation e-mail. A GET only shows a button: mail scanners that
    follow links must not confirm on the delegate's behalf."""
    try:
        registration = registration_from_confirmation_token(token)
    except RegistrationError as error:
        return render(request, "delegates/confirm_failed.html", {"error": error}, status=400)
    if request.method == "POST":
        try:
            registration = confirm_email(registration)
        except RegistrationError as error:
            return render(request, "delegates/confirm_failed.html", {"error": error}, status=400)
        messages.success(
            request,
            _(
                "Thank you: your e-mail address is confirmed and your registration has "
                "reached the organizers."
            ),
        )
        return redirect("delegates:manage", token=registration.management_token)
    return render(request, "delegates/confirm.html", {"registration": registration})


# The management page and the edit form show the chosen tables and visits.
REGISTRATION_WITH_CHOICES = Registration.objects.with_people().prefetch_related(
    "thematic_tables", "company_visit_bookings__visit", "answers__question"
)


@private_link(forms=True, queryset=REGISTRATION_WITH_CHOICES)
@require_GET
def manage(request, registration):
    """The delegate's private page: status, details, and what they may still do."""
    context = {
        "registration": registration,
        "session": registration.session,
        "is_editable": registration.is_editable(),
        "visits": list(registration.company_visit_bookings.all()),
        "answers": list(registration.answers.all()),
    }
    return render(request, "delegates/manage.html", context)


@private_link(forms=True, queryset=REGISTRATION_WITH_CHOICES)
@rate_limit("registration_link", limit=60, period=3600)
@require_http_methods(["GET", "POST"])
def edit(request, registration):
    if not registration.is_editable():
        messages.error(request, _("This registration can no longer be changed."))
        return redirect("delegates:manage", token=registration.management_token)
    form = RegistrationForm(
        request.POST or None,
        session=registration.session,
        language=_language(),
        registration=registration,
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_registration(registration, form.to_details())
        except RegistrationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("delegates:manage", token=registration.management_token)
    context = {"registration": registration, "session": registration.session, "form": form}
    return render(request, "delegates/edit.html", context)


@private_link(forms=True)
@rate_limit("registration_link", limit=60, period=3600)
@require_http_methods(["GET", "POST"])
def cancel_registration(request, registration):
    if request.method == "POST":
        try:
            cancel(registration, by=registration)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your registration is cancelled."))
        return redirect("delegates:manage", token=registration.management_token)
    return render(request, "delegates/cancel.html", {"registration": registration})


@private_link(forms=True)
@rate_limit("registration_resend", limit=10, period=3600)
@require_POST
def resend(request, registration):
    try:
        resend_confirmation(registration)
    except RegistrationError as error:
        messages.info(request, error.message)
    else:
        messages.success(request, _("The confirmation e-mail is on its way again."))
    return redirect("delegates:manage", token=registration.management_token)


@private_link
@require_GET
def download_data(request, registration):
    """Everything the portal keeps about the delegate, as a JSON file."""
    payload = personal_data(registration.person)
    payload["exported_at"] = timezone.now().isoformat()
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-task-force-data.json"'
    return response


@private_link(forms=True)
@rate_limit("registration_link", limit=60, period=3600)
@require_http_methods(["GET", "POST"])
def erase(request, registration):
    """The delegate asks for their personal data to be erased."""
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm that your data should be erased."))
            return redirect("delegates:erase", token=registration.management_token)
        erase_personal_data(registration, by=registration)
        return render(request, "delegates/erased.html")
    return render(request, "delegates/erase.html", {"registration": registration})


def privacy(request):
    """The privacy notice; the controller is an institution of the session (?session=N, else
    the next session, else the latest), as named at the time of that session."""
    sessions = Session.objects.not_cancelled()
    number = request.GET.get("session", "")
    session = None
    if number.isdigit() and len(number) < 6:
        session = sessions.filter(number=int(number)).first()
    session = session or sessions.upcoming().first() or sessions.order_by("-start_date").first()
    controller = partner = None
    if session is not None:
        controller = data_controller(session)
        partner = next(
            (
                institution
                for institution in session.institutions.order_by("position", "pk")
                if controller and institution.country != controller.country
            ),
            None,
        )
    if controller is None:
        # No session recorded yet: today's ministries.
        controller, partner = (
            SessionInstitution(**values) for values in default_institutions(timezone.localdate())
        )
    context = {
        "link_days": link_days_after_session(),
        "anonymize_years": getattr(settings, "REGISTRATION_ANONYMIZE_AFTER_YEARS", 5),
        "session": session,
        "controller": controller,
        "partner": partner,
    }
    return render(request, "delegates/privacy.html", context)


TRANSLITERATION_MAX_LENGTH = 200


@rate_limit("lookup", limit=600, period=600, methods=("GET",))
@require_GET
def transliterate(request):
    """{"latin": "..."}: the passport (ICAO Doc 9303) spelling of a Cyrillic name."""
    text = request.GET.get("text", "")[:TRANSLITERATION_MAX_LENGTH]
    return JsonResponse({"latin": to_latin(text)})


ORGANIZATION_SEARCH_LIMIT = 10


@rate_limit("lookup", limit=600, period=600, methods=("GET",))
@require_GET
def organization_search(request):
    """Organizations whose name (in either script) contains the typed text, among those the
    public pages may name (Organization.objects.public): another delegate's organization not
    yet vouched for is not suggested. The form still finds it when its name is typed, so that
    the registration joins it rather than making a duplicate."""
    query = " ".join(request.GET.get("q", "").split())[:100]
    if len(query) < 2:
        return JsonResponse({"results": []})
    normalized = normalize_organization_name(query)
    match = Q(name_cyrillic__icontains=query) | Q(name_latin__icontains=query)
    if normalized:
        match |= Q(normalized_name__contains=normalized)
    transliterated = normalize_organization_name(to_latin(query))
    if transliterated and transliterated != normalized:
        match |= Q(normalized_name__contains=transliterated)
    organizations = Organization.objects.public().filter(match)
    country = request.GET.get("country", "")
    if country:
        organizations = organizations.filter(country=country)
    results = [
        {"name": name_latin, "name_cyrillic": name_cyrillic, "country": code}
        for name_latin, name_cyrillic, code in organizations.order_by("name_latin").values_list(
            "name_latin", "name_cyrillic", "country"
        )[:ORGANIZATION_SEARCH_LIMIT]
    ]
    return JsonResponse({"results": results})
