"""Printing badges: the service staff (admin, organizer pages) and a delegate (their own
badge, through their private link) call; it checks who prints and records the print."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.authorization import ActionNotAllowed, history_user, require_permission
from delegates.models import BadgeLayout, BadgePrint, Registration
from delegates.services.badge_pages import badges_pdf
from delegates.services.badges import badge_queryset

# Staff who print badges (Organizers and Ministry administrators).
PRINT_PERMISSION = "delegates.print_badges"


class BadgeError(Exception):
    """A badge cannot be produced; the message is translated and safe to show."""


def render_badges(registrations, layout=BadgeLayout.A6, *, by, session=None):
    """One PDF with the badges of the approved registrations among `registrations` (a
    queryset), in the given layout, and a BadgePrint recording who printed how many.

    `by`: staff who print badges, SYSTEM, or a delegate (their Registration, through their
    private link) for their own badge only. Raises BadgeError when none of them is approved,
    ActionNotAllowed for anyone else."""
    if isinstance(by, Registration):
        if set(registrations.values_list("pk", flat=True)) - {by.pk}:
            raise ActionNotAllowed(_("A delegate may print their own badge only."))
    else:
        require_permission(by, PRINT_PERMISSION, message=_("You are not allowed to print badges."))
    if layout not in BadgeLayout.values:
        raise BadgeError(_("Unknown badge layout."))
    registrations = list(badge_queryset(registrations))
    if not registrations:
        raise BadgeError(_("None of the selected registrations is approved: no badge to print."))
    pdf = badges_pdf(registrations, layout)
    record_badge_print(registrations, layout, by=by, session=session)
    return pdf


@transaction.atomic
def record_badge_print(registrations, layout, by=None, session=None):
    """Remember that these badges were printed (who, when, how many, which); part of
    `render_badges`, which checks who prints."""
    session = session or registrations[0].session
    badge_print = BadgePrint.objects.create(
        session=session,
        layout=layout,
        badge_count=len(registrations),
        printed_by=history_user(by),
    )
    badge_print.registrations.add(*registrations)
    return badge_print


def badge_filename(session, layout, registration=None):
    if registration is not None:
        return f"badge-{session.number}-{registration.pk}.pdf"
    return f"badges-{session.number}-{layout}.pdf"
