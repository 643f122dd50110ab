"""Pages of the collaboration projects: the delegate's own (through the one door of the
private links, delegates/private_links.py), the public catalogue and results of a session,
and the follow-up answer pages (their own token, through the same door)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.http import file_response
from core.public_cache import valid_until
from core.ratelimit import rate_limit
from delegates.models import Registration
from delegates.private_links import private_link
from meetings.forms import RequestForm
from meetings.services import MeetingPointError
from projects import documents, open_data, reading
from projects.forms import (
    CatalogueFilterForm,
    MeetingFollowUpForm,
    ProjectFollowUpForm,
    ProjectForm,
)
from projects.models import CollaborationProject, FollowUp, FollowUpKind
from projects.services import ProjectError, lifecycle, proposals
from projects.services.meetings import ask_for_meeting
from sessions_app.models import Session

CATALOGUE_PAGE_SIZE = 24

PROPOSER = Registration.objects.select_related(
    "person", "organization__region", "session__host_region", "session__project_call"
)


def _own_project(registration, project_id):
    return get_object_or_404(
        CollaborationProject.objects.with_related(), pk=project_id, proposer=registration
    )


def _form_values(form):
    return {name: form.cleaned_data.get(name) for name in proposals.CONTENT_FIELDS}


def _show_error(form, error):
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@private_link(forms=True, queryset=PROPOSER)
def own(request, registration):
    """The delegate's projects, the call's window in the host city's zone."""
    call = proposals.call_of(registration.session)
    projects = (
        CollaborationProject.objects.with_related()
        .filter(proposer=registration)
        .order_by("-created_at")
    )
    now = timezone.now()
    context = {
        "registration": registration,
        "session": registration.session,
        "call": call,
        "is_open": call is not None and call.is_open(now),
        "has_closed": call is not None and call.has_closed(now),
        "may_propose": registration.status in proposals.PROPOSING_STATUSES,
        "tables": registration.session.thematic_tables.order_by("position", "pk")
        if registration.status == "approved"
        else [],
        "projects": projects,
    }
    return render(request, "projects/own.html", context)


@rate_limit("project_proposal", limit=60, period=3600)
@private_link(forms=True, queryset=PROPOSER)
def propose(request, registration):
    session = registration.session
    language = "ru" if registration.language == "ru" else "it"
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        session=session,
        language=language,
        delegation=registration.delegation,
    )
    try:
        proposals.check_proposer(registration)
        proposals.check_call_open(proposals.call_of(session))
    except ProjectError as error:
        messages.error(request, error.message)
        return redirect("projects:own", token=registration.management_token)
    if request.method == "POST" and form.is_valid():
        try:
            proposals.propose(
                registration,
                values=_form_values(form),
                presentation=form.cleaned_data.get("presentation"),
            )
        except ProjectError as error:
            _show_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your project has been proposed. The organizers will let you know their "
                    "decision by e-mail."
                ),
            )
            return redirect("projects:own", token=registration.management_token)
    return _form_page(request, registration, form, None)


def _form_page(request, registration, form, project):
    if request.method == "POST" and request.FILES and form.errors:
        messages.warning(
            request,
            _("Nothing was saved. Your texts are kept below; please choose the PDF file again."),
        )
    context = {
        "registration": registration,
        "session": registration.session,
        "call": proposals.call_of(registration.session),
        "form": form,
        "project": project,
    }
    return render(request, "projects/form.html", context)


@rate_limit("project_proposal", limit=60, period=3600)
@private_link(forms=True, queryset=PROPOSER)
def edit(request, registration, project_id):
    project = _own_project(registration, project_id)
    language = project.original_language
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        instance=project,
        session=registration.session,
        language=language,
        delegation=registration.delegation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposals.edit(
                project,
                by=registration,
                values=_form_values(form),
                presentation=request.FILES.get("presentation"),
                remove_presentation=form.cleaned_data.get("remove_presentation", False),
            )
        except ProjectError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("Your project has been saved."))
            return redirect("projects:own", token=registration.management_token)
    # The form edits a copy; what is shown is the project as saved.
    project.refresh_from_db()
    return _form_page(request, registration, form, project)


@rate_limit("project_proposal", limit=60, period=3600)
@private_link(forms=True, queryset=PROPOSER)
def withdraw(request, registration, project_id):
    project = _own_project(registration, project_id)
    if request.method == "POST":
        try:
            lifecycle.withdraw(project, by=registration)
        except ProjectError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your project has been withdrawn."))
        return redirect("projects:own", token=registration.management_token)
    context = {"registration": registration, "project": project}
    return render(request, "projects/withdraw.html", context)


@private_link(queryset=PROPOSER)
def presentation(request, registration, project_id):
    project = _own_project(registration, project_id)
    if not project.presentation:
        raise Http404
    with project.presentation.open("rb") as handle:
        data = handle.read()
    return file_response(data, f"project-{project.pk}.pdf", inline=True)


@private_link(queryset=PROPOSER)
def booklet(request, registration, table_id):
    """A table's booklet for the session's approved delegates (it holds the proposers'
    contacts)."""
    if registration.status != "approved":
        raise Http404
    table = get_object_or_404(registration.session.thematic_tables, pk=table_id)
    pdf = documents.render_booklets_pdf([table])
    return file_response(pdf, f"projects-{registration.session.number}-{table.pk}.pdf", inline=True)


def _catalogue_context(request, session):
    tables = list(session.thematic_tables.order_by("position", "pk"))
    regions = reading.catalogue_regions(session)
    form = CatalogueFilterForm(request.GET or None, session=session, tables=tables, regions=regions)
    projects = reading.catalogue(session)
    if form.is_valid():
        projects = reading.filter_catalogue(projects, form.cleaned_data)
    page = Paginator(projects, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
    # "To be presented at the thematic table" becomes "Presented" when the session ends.
    valid_until(request, session.local_end())
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "session": session,
        "form": form,
        "page_obj": page,
        "projects": page.object_list,
        "is_paginated": page.has_other_pages(),
        "paginator": page.paginator,
        "query_string": query.urlencode(),
    }


def projects_csv(request):
    """The accepted projects of every session as a CSV file (public fields only)."""
    return file_response(
        open_data.projects_csv_text(),
        "taskforce-projects.csv",
        "text/csv; charset=utf-8",
        private=False,
    )


def catalogue(request, number):
    """The public, bilingual catalogue of the accepted projects of a session."""
    session = get_object_or_404(Session.objects.select_related("host_region"), number=number)
    return render(request, "projects/catalogue.html", _catalogue_context(request, session))


@private_link(forms=True, queryset=PROPOSER)
def delegate_catalogue(request, registration):
    """The same catalogue for a delegate, with a button to ask for a meeting."""
    context = _catalogue_context(request, registration.session)
    context["registration"] = registration
    return render(request, "projects/catalogue.html", context)


@rate_limit("meeting_request", limit=60, period=3600)
@private_link(forms=True, queryset=PROPOSER)
def ask_meeting(request, registration, project_id):
    project = get_object_or_404(
        CollaborationProject.objects.with_related().accepted(),
        pk=project_id,
        session_id=registration.session_id,
    )
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ask_for_meeting(project, registration, form.cleaned_data["message"])
        except (ProjectError, MeetingPointError) as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your request for a meeting about this project has been sent."),
            )
            return redirect("meetings:requests", token=registration.management_token)
    context = {
        "registration": registration,
        "session": registration.session,
        "project": project,
        "form": form,
    }
    return render(request, "projects/ask_meeting.html", context)


def _follow_up_of(token):
    if len(token) > 64:
        return None
    return (
        FollowUp.objects.select_related(
            "session",
            "project__thematic_table",
            "agreement",
            "registration__person",
            "meeting__registration_a__person",
            "meeting__registration_b__person",
            "meeting__registration_a__organization",
            "meeting__registration_b__organization",
        )
        .filter(token=token)
        .first()
    )


@rate_limit("follow_up", limit=60, period=3600)
@private_link(forms=True, lookup=_follow_up_of)
def follow_up(request, question):
    """The page of one follow-up question: the answer chosen in the e-mail is preselected
    and sent by one click (static/js/follow_up.js submits it; without JavaScript, one press of
    the button); a note may be added."""
    from projects.services import follow_up as follow_ups

    is_meeting = question.kind == FollowUpKind.MEETING
    form_class = MeetingFollowUpForm if is_meeting else ProjectFollowUpForm
    choice_field = "outcome" if is_meeting else "progress"
    reason = follow_ups.refusal(question)
    context = {"question": question, "is_meeting": is_meeting, "session": question.session}
    if question.meeting_id:
        context["counterpart"] = question.meeting.counterpart_of(question.registration)
    if reason:
        context["reason"] = reason
        status = 200 if question.is_answered else 410
        return render(request, "projects/follow_up.html", context, status=status)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                follow_ups.answer(
                    question,
                    progress=form.cleaned_data.get("progress", ""),
                    outcome=form.cleaned_data.get("outcome", ""),
                    note=form.cleaned_data["note"],
                )
            except ProjectError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Thank you: your answer has been recorded."))
                return redirect("projects:follow_up", token=question.token)
    else:
        preselected = request.GET.get(choice_field, "")
        form = form_class(initial={choice_field: preselected})
        context["autosubmit"] = preselected in dict(form.fields[choice_field].choices)
    context["form"] = form
    return render(request, "projects/follow_up.html", context)


def results(request, number):
    """What became of a session's projects, agreements and B2B meetings (public)."""
    session = get_object_or_404(Session.objects.select_related("host_region"), number=number)
    context = {"session": session, "results": reading.session_results(session)}
    return render(request, "projects/results.html", context)
