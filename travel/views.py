"""The delegate's visa invitation letter, hotel room and arrival, through their private
management link."""

import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.http import file_response
from core.ratelimit import rate_limit
from delegates.private_links import private_link
from sessions_app.models import long_date
from travel.forms import RoomChoiceForm, TravelPlanForm, VisaLetterRequestForm
from travel.models import PASSPORT_FIELDS, HotelBooking, TravelPlan, VisaLetterRequest, VisaOutcome
from travel.services import hotels, verification
from travel.services.entitlement import letter_entitlement
from travel.services.letters import (
    VisaLetterError,
    consulate_name_in,
    letter_filename,
    letter_problems,
    render_visa_letter,
    request_visa_letter,
)
from travel.services.tracking import report_visa_outcome


@private_link(forms=True)
@rate_limit("visa_letter", limit=30, period=3600)
def visa_letter_request(request, registration):
    """The delegate asks for a visa letter by giving their passport data."""
    letter_request = (
        VisaLetterRequest.objects.filter(registration=registration)
        .select_related("consulate_office")
        .first()
    )
    entitlement = letter_entitlement(registration)
    form_options = {
        "instance": letter_request,
        "session": registration.session,
        "registration": registration,
    }
    form = VisaLetterRequestForm(**form_options)
    # Once the letter is released the page shows it and the data it carries, read-only; to
    # correct the data the delegate confirms first that the released letter is withdrawn
    # (?change=confirm), then gets the form (?change=form), whose save withdraws it.
    released = letter_request is not None and letter_request.is_released
    step = request.GET.get("change", "") if released else ""
    if request.method == "POST" and entitlement:
        if released and request.POST.get("withdraw_letter") != "yes":
            return redirect(f"{request.path}?change=confirm")
        form = VisaLetterRequestForm(request.POST, **form_options)
        step = "form" if released else ""
        if form.is_valid():
            try:
                request_visa_letter(registration, form.cleaned_data)
            except VisaLetterError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    gettext(
                        "Thank you: your new data was received. The letter released before is "
                        "withdrawn and no longer valid: staff will check the new data and "
                        "release a new letter, which you will download from this page."
                    )
                    if released
                    else gettext(
                        "Thank you: your request was received. Staff will check it and "
                        "release your letter; you will download it from this page."
                    ),
                )
                return redirect(request.path)
    return render(
        request,
        "travel/visa_letter_request.html",
        {
            "registration": registration,
            "letter_request": letter_request,
            "form": form,
            "can_request": bool(entitlement),
            "outcomes": [(value, label) for value, label in VisaOutcome.choices if value],
            "entitlement": entitlement,
            "released": released,
            "confirming": step == "confirm",
            "editing": not released or step == "form",
            "passport_data": _passport_data(letter_request) if released else [],
        },
    )


def _passport_data(letter_request):
    """(label, value) of the data the released letter carries, as the page shows them."""
    rows = []
    for name in PASSPORT_FIELDS:
        value = getattr(letter_request, name)
        if value in (None, ""):
            continue
        if isinstance(value, datetime.date):
            value = long_date(value)
        label = VisaLetterRequest._meta.get_field(name).verbose_name
        rows.append((capfirst(label), value))
    consulate = consulate_name_in(letter_request, translation.get_language())
    if consulate:
        field = "consulate_office" if letter_request.consulate_office_id else "consulate"
        label = VisaLetterRequest._meta.get_field(field).verbose_name
        rows.append((capfirst(label), consulate))
    return rows


@private_link
@require_GET
def visa_letter_download(request, registration):
    letter_request = get_object_or_404(VisaLetterRequest, registration=registration)
    if not letter_request.is_released or letter_problems(letter_request):
        messages.error(
            request,
            gettext("Your letter is not ready yet: staff will release it after checking it."),
        )
        return redirect(
            reverse("travel:visa_letter", kwargs={"token": registration.management_token})
        )
    letter_request.registration = registration
    return file_response(
        render_visa_letter(letter_request), letter_filename(letter_request), inline=True
    )


@private_link(forms=True)
@require_POST
@rate_limit("visa_letter", limit=30, period=3600)
def visa_outcome(request, registration):
    """The delegate reports what became of their visa application."""
    letter_request = get_object_or_404(VisaLetterRequest, registration=registration)
    letter_request.registration = registration
    outcome = request.POST.get("outcome", "")
    try:
        if outcome not in VisaOutcome.values or not outcome:
            raise VisaLetterError(gettext("Unknown outcome of a visa application."))
        report_visa_outcome(letter_request, outcome, by=registration)
    except VisaLetterError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("Thank you: the organizers see what you reported."))
    return redirect(reverse("travel:visa_letter", kwargs={"token": registration.management_token}))


@never_cache
@require_GET
@rate_limit("verify_letter", limit=120, period=3600)
def verify_letter(request, code):
    """Public: whether the visa letter of this QR code is genuine and valid, or revoked."""
    letter = verification.verify_letter(code)
    response = render(
        request,
        "travel/verify_letter.html",
        {"letter": letter, "code": code},
        status=200 if letter is not None else 404,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _plan_initial(plan):
    if plan is None:
        return {}
    return {name: getattr(plan, name) for name in hotels.PLAN_FIELDS}


def _room_initial(booking):
    if booking is None:
        return {"check_in": None, "check_out": None}
    return {
        "room_block": booking.room_block_id,
        "check_in": booking.check_in,
        "check_out": booking.check_out,
        "sharing_note": booking.sharing_note,
    }


@private_link(forms=True)
@rate_limit("travel_plan", limit=60, period=3600)
def travel(request, registration):
    """The delegate's hotel room and their arrival and departure: two forms on one page,
    times typed and shown in the host city's zone. A refusal (a room taken in the meantime,
    a departure before the arrival) is said beside the field, with everything typed kept."""
    session = registration.session
    if not hotels.may_give_travel(registration):
        return render(
            request, "travel/travel.html", {"registration": registration, "offered": False}
        )
    logistics = hotels.logistics_of(session)
    booking = (
        HotelBooking.objects.filter(registration=registration)
        .select_related("room_block__hotel")
        .first()
    )
    plan = TravelPlan.objects.filter(registration=registration).first()
    blocks = hotels.room_blocks_with_places(session) if logistics.hotels_open else []
    action = request.POST.get("action") if request.method == "POST" else None
    with timezone.override(session.tzinfo):
        room_form = RoomChoiceForm(
            request.POST if action == "room" else None,
            blocks=blocks,
            initial=_room_initial(booking),
            prefix="room",
        )
        plan_form = TravelPlanForm(
            request.POST if action == "plan" else None,
            initial=_plan_initial(plan),
            prefix="plan",
            session=session,
        )
        if action == "room" and logistics.hotels_open and room_form.is_valid():
            data = room_form.cleaned_data
            try:
                hotels.choose_room(
                    registration,
                    data["room_block"],
                    check_in=data["check_in"],
                    check_out=data["check_out"],
                    sharing_note=data["sharing_note"],
                    by=registration,
                )
            except hotels.TravelError as error:
                room_form.add_error(error.field, error.message)
            else:
                messages.success(request, gettext("Thank you: your hotel room is booked."))
                return redirect(request.path)
        elif action == "release" and booking is not None:
            hotels.release_room(registration, by=registration)
            messages.success(request, gettext("Your hotel room is given back."))
            return redirect(request.path)
        elif action == "plan" and logistics.arrivals_open and plan_form.is_valid():
            try:
                hotels.save_travel_plan(registration, plan_form.cleaned_data, by=registration)
            except hotels.TravelError as error:
                plan_form.add_error(error.field, error.message)
            else:
                messages.success(
                    request, gettext("Thank you: the organizers see your arrival and departure.")
                )
                return redirect(request.path)
        return render(
            request,
            "travel/travel.html",
            {
                "registration": registration,
                "session": session,
                "offered": True,
                "logistics": logistics,
                "booking": booking,
                "blocks": blocks,
                "room_form": room_form,
                "plan_form": plan_form,
                "zone_label": session.zone_label,
            },
        )
