"""Who acts, and whether they may: the one convention of every service that changes state.

Every such service takes the actor as the keyword argument `by`, and says who may act by
calling `require_permission` (or, where a delegate may act too, by checking the delegate)
before it changes anything:

- a **User** (staff, through the admin or the organizer pages): allowed when they hold the
  Django permission the role table gives (README, "Staff roles"; the rules are in
  `staff/roles.py`); otherwise the service raises `ActionNotAllowed`, a `PermissionDenied`
  with a translated message, and changes nothing;
- a **delegates.Registration**: the delegate themselves, acting through their own private
  link (the one door of the private links is the proof of who they are). Services a delegate
  may use check that the registration acted on is their own;
- **SYSTEM**: the portal itself, with no person behind the action: background tasks, the
  follow-ups of another action (a freed place going to the waiting list), demo data and
  management commands run by the technical administrator on the server.

`by=None`, an anonymous user or anything else is refused: a call site must say who acts.
Services only staff may use take `by` as a required keyword argument, so that a call site
that forgets it fails at once (TypeError) instead of acting as nobody.

The admin's side of the same rule is `AuthorizedAdminMixin`: every save, delete and POSTed
action of a ModelAdmin is checked against the user's permissions, whatever the page showed.

Domain-free on purpose (it names no model), so every app may use it.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

NOT_ALLOWED = _("You are not allowed to do this. Ask a Ministry administrator if you need to.")


class ActionNotAllowed(PermissionDenied):
    """The actor may not do this; `message` is translated and fit to show them.

    A PermissionDenied, so a view that lets it through answers 403."""

    def __init__(self, message=NOT_ALLOWED, code="not_allowed"):
        super().__init__(str(message))
        self.message = message
        self.code = code

    def __str__(self):
        return str(self.message)


class SystemActor:
    """The portal itself acting (tasks, follow-ups, commands): see the module docstring."""

    def __repr__(self):
        return "SYSTEM"

    def __str__(self):
        return "the portal"


SYSTEM = SystemActor()


def is_system(by):
    return by is SYSTEM


def is_user(by):
    """Whether `by` is a signed-in account (staff or not); anonymous users are not."""
    return bool(getattr(by, "is_authenticated", False)) and hasattr(by, "has_perms")


def user_may(by, *permissions):
    """Whether `by` is an active account holding every permission (superusers hold all)."""
    return is_user(by) and by.is_active and by.has_perms(permissions)


def require_permission(by, *permissions, message=NOT_ALLOWED):
    """Refuse (ActionNotAllowed) unless `by` is SYSTEM or a user holding every permission
    (`"app_label.codename"`). A delegate (a registration) never holds a staff permission."""
    if is_system(by) or user_may(by, *permissions):
        return
    raise ActionNotAllowed(message)


def history_user(by):
    """The account to record in the history for `by`: the user, or None for the portal
    itself and for a delegate (django-simple-history records users only)."""
    return by if is_user(by) else None


# --- the admin ----------------------------------------------------------------------------


class AuthorizedAdminMixin:
    """For every ModelAdmin of the portal: a POSTed action the user is not offered is refused
    with 403 (Django would only say "No action selected", or show the list again when the
    user has no action at all); reverting to an earlier version needs the change permission;
    and saves and deletes check the user's permission again, so that a page or a URL that
    forgot a check cannot change anything.

    Put it first among the bases: `class XAdmin(AuthorizedAdminMixin, SimpleHistoryAdmin)`."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            self.refuse_actions_not_offered(request)
        return super().changelist_view(request, extra_context)

    def refuse_actions_not_offered(self, request):
        chosen = {name for name in request.POST.getlist("action") if name}
        if chosen - set(self.get_actions(request)):
            raise ActionNotAllowed()

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """django-simple-history's page of an earlier version: reading it needs the view
        permission, but its POST saves that version over the object ("revert"), which needs
        the change permission."""
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is None or not self.has_change_permission(request, obj):
                raise ActionNotAllowed()
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        allowed = (
            self.has_change_permission(request, obj) if change else self.has_add_permission(request)
        )
        if not allowed:
            raise ActionNotAllowed()
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        if not self.has_delete_permission(request, obj):
            raise ActionNotAllowed()
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if not self.has_delete_permission(request):
            raise ActionNotAllowed()
        super().delete_queryset(request, queryset)
