"""Proposing and editing projects (the delegate, from their private link, until the deadline)
and the staff's side of their content: translations and the order of presentation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.authorization import ActionNotAllowed, history_user, require_permission
from core.public_cache import bump
from core.text import italian_elision
from delegates.models import Registration, RegistrationStatus
from projects.models import (
    Call,
    CollaborationProject,
    ProjectStatus,
    TranslationState,
)
from projects.services import ProjectError
from projects.services.lifecycle import NOT_ALLOWED_TO_REVIEW, REVIEW_PERMISSION
from projects.validators import validate_presentation
from sessions_app.dates import session_moment

# A proposer may not change these; staff may.
CONTENT_FIELDS = (
    "title_it",
    "title_ru",
    "summary_it",
    "summary_ru",
    "thematic_table",
    "sector",
    "kind",
    "partner_category",
    "partner_region",
    "proposer_region",
    "proposer_position_other_language",
)
# Registrations that may propose: the delegate is registered and not turned away.
PROPOSING_STATUSES = (RegistrationStatus.SUBMITTED, RegistrationStatus.APPROVED)
EDITABLE_STATUSES = (
    ProjectStatus.PROPOSED,
    ProjectStatus.ACCEPTED_FOR_TABLE,
    ProjectStatus.ACCEPTED_FOR_CATALOGUE,
)


def call_of(session):
    return Call.objects.filter(session=session).select_related("session").first()


def check_call_open(call, now=None):
    """Raise ProjectError unless the call accepts proposals and changes at `now`."""
    now = now or timezone.now()
    if call is None:
        raise ProjectError(_("This session has no call for collaboration projects."))
    if now < call.opens_at:
        raise ProjectError(
            italian_elision(
                _("The call for projects opens on %(date)s.")
                % {"date": session_moment(call.opens_at, call.session)}
            )
        )
    if call.has_closed(now):
        raise ProjectError(
            italian_elision(
                _(
                    "The deadline of the call for projects was %(date)s: projects can no longer "
                    "be proposed or changed."
                )
                % {"date": session_moment(call.closes_at, call.session)}
            )
        )


def check_proposer(registration):
    if registration.status not in PROPOSING_STATUSES:
        raise ProjectError(
            _("Only delegates whose registration is submitted or approved may propose projects.")
        )


def _check_content(project):
    """The rules of the content, whoever writes it: a title in one language at least, the
    table of the project's own session, a valid PDF."""
    if not (project.title_it.strip() or project.title_ru.strip()):
        raise ProjectError(_("Give the project a title in Italian or in Russian."), field="title")
    if project.thematic_table is None:
        raise ProjectError(_("Choose the thematic table of the project."), field="thematic_table")
    if project.thematic_table.session_id != project.session_id:
        raise ProjectError(
            _("This thematic table belongs to another session."), field="thematic_table"
        )
    partner_region = project.partner_region
    if partner_region is not None and partner_region.country == project.proposer.delegation:
        raise ProjectError(
            _("The partner is sought in the other country: choose one of its regions."),
            field="partner_region",
        )
    try:
        validate_presentation(project.presentation)
    except ValidationError as error:
        raise ProjectError(error.messages[0], field="presentation") from error


TEXT_FIELDS = (
    "title_it",
    "title_ru",
    "summary_it",
    "summary_ru",
    "proposer_position_other_language",
)


def _apply(project, values):
    for name in CONTENT_FIELDS:
        if name in values:
            value = values[name]
            if name in TEXT_FIELDS:
                value = (value or "").strip()
            setattr(project, name, value)


def _translation_state_after(project):
    if project.translation_state == TranslationState.NEEDS_TRANSLATION:
        return (
            TranslationState.TRANSLATED
            if project.has_both_languages
            else TranslationState.NEEDS_TRANSLATION
        )
    return project.translation_state


@transaction.atomic
def propose(registration, *, values, presentation=None, now=None):
    """A delegate proposes a project to the call of their session. `values` holds the
    CONTENT_FIELDS; the original language is the delegate's (Italian or Russian)."""
    now = now or timezone.now()
    check_proposer(registration)
    call = call_of(registration.session)
    check_call_open(call, now)
    language = (
        registration.language
        if registration.language in ("it", "ru")
        else ("ru" if registration.delegation == "RU" else "it")
    )
    project = CollaborationProject(
        session_id=registration.session_id,
        proposer=registration,
        original_language=language,
        created_at=now,
    )
    _apply(project, values)
    if project.proposer_region_id is None:
        project.proposer_region_id = registration.organization.region_id
    if presentation:
        project.presentation = presentation
    _check_content(project)
    project.translation_state = (
        TranslationState.TRANSLATED
        if project.has_both_languages
        else TranslationState.NEEDS_TRANSLATION
    )
    project._history_user = None
    project._change_reason = "proposed"
    project.save()
    bump("projects")
    return project


@transaction.atomic
def edit(project, *, by, values, presentation=None, remove_presentation=False, now=None):
    """The proposer changes their project until the deadline (not once declined or
    withdrawn). A new Italian or Russian text makes a checked translation "translated" again,
    for staff to look at."""
    now = now or timezone.now()
    project = (
        CollaborationProject.objects.select_for_update(of=("self",))
        .select_related("session", "thematic_table")
        .get(pk=project.pk)
    )
    if not isinstance(by, Registration) or by.pk != project.proposer_id:
        raise ActionNotAllowed()
    check_call_open(call_of(project.session), now)
    if project.status not in EDITABLE_STATUSES:
        raise ProjectError(
            _("A project that is “%(status)s” can no longer be changed.")
            % {"status": project.get_status_display()}
        )
    before = {
        name: getattr(project, name)
        for name in ("title_it", "title_ru", "summary_it", "summary_ru")
    }
    _apply(project, values)
    old_file = project.presentation.name if project.presentation else ""
    if remove_presentation:
        project.presentation = ""
    if presentation:
        project.presentation = presentation
    _check_content(project)
    texts_changed = any(getattr(project, name) != value for name, value in before.items())
    if texts_changed and project.translation_state == TranslationState.CHECKED:
        project.translation_state = TranslationState.TRANSLATED
    project.translation_state = _translation_state_after(project)
    if texts_changed and not project.has_both_languages:
        project.translation_state = TranslationState.NEEDS_TRANSLATION
    project._history_user = None
    project._change_reason = "edited by the proposer"
    project.save()
    new_file = project.presentation.name if project.presentation else ""
    if old_file and old_file != new_file:
        storage = project.presentation.storage
        transaction.on_commit(lambda: storage.delete(old_file), robust=True)
    bump("projects")
    return project


@transaction.atomic
def save_by_staff(project, *, by, changed_fields=()):
    """Staff save a project's content in the admin (a translation, a correction): the rules of
    the content hold, and a project whose two languages are now complete counts as
    translated."""
    require_permission(by, REVIEW_PERMISSION, message=NOT_ALLOWED_TO_REVIEW)
    _check_content(project)
    if "translation_state" not in changed_fields:
        project.translation_state = _translation_state_after(project)
    project._history_user = history_user(by)
    project.save()
    bump("projects")
    return project


@transaction.atomic
def set_translation_state(projects, state, *, by):
    """Mark projects as needing translation, translated or checked. A project lacking one
    language cannot be marked translated or checked. Returns (changed, refused)."""
    require_permission(by, REVIEW_PERMISSION, message=NOT_ALLOWED_TO_REVIEW)
    changed, refused = [], []
    for project in CollaborationProject.objects.select_for_update(of=("self",)).filter(
        pk__in=[p.pk for p in projects]
    ):
        if state != TranslationState.NEEDS_TRANSLATION and not project.has_both_languages:
            refused.append(project)
            continue
        if project.translation_state != state:
            project.translation_state = state
            project._history_user = history_user(by)
            project._change_reason = f"translation: {state}"
            project.save(update_fields=["translation_state", "updated_at"])
        changed.append(project)
    bump("projects")
    return changed, refused


@transaction.atomic
def set_presentation_order(table, project_ids, *, by):
    """The order in which the table's accepted projects are presented: `project_ids` first to
    last; projects of the table not named keep their order after them."""
    require_permission(by, REVIEW_PERMISSION, message=NOT_ALLOWED_TO_REVIEW)
    projects = {
        project.pk: project
        for project in CollaborationProject.objects.select_for_update(of=("self",)).filter(
            thematic_table=table, status=ProjectStatus.ACCEPTED_FOR_TABLE
        )
    }
    unknown = [pk for pk in project_ids if pk not in projects]
    if unknown:
        raise ProjectError(_("Only projects accepted for this table can be put in its order."))
    rest = sorted(
        (p for pk, p in projects.items() if pk not in project_ids),
        key=lambda p: (p.presentation_order is None, p.presentation_order or 0, p.pk),
    )
    ordered = [projects[pk] for pk in project_ids] + rest
    for position, project in enumerate(ordered, start=1):
        project.presentation_order = position
    CollaborationProject.objects.bulk_update(ordered, ["presentation_order"])
    bump("projects", "programme")
    return ordered
