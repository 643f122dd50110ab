"""Audit of sensitive accesses, and the second factor of staff accounts."""

import ipaddress
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.authorization import ActionNotAllowed, history_user, is_system, is_user
from staff.models import AuditAction, AuditEvent
from staff.roles import SECOND_FACTOR_PERMISSIONS

logger = logging.getLogger("taskforce.audit")

RECOVERY_CODE_COUNT = 10
# django-two-factor-auth's names: its login looks for the "default" device of a user, and for
# recovery codes in the user's static device.
AUTHENTICATOR_DEVICE_NAME = "default"
RECOVERY_DEVICE_NAME = "backup"


def client_ip(request):
    """The client's address as the rate limiter sees it, or None when it is not an IP."""
    from core.ratelimit import client_address

    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def record_access(request, action, obj=None, detail=""):
    """Record that the user of `request` did `action` (an `AuditAction` value, e.g.
    `AuditAction.VIEW_PASSPORT_DATA` or `"export"`) on `obj` (a model instance, or None for
    an export of many rows: say what in `detail`, e.g. "registrations of session XXVI, CSV").

    Call it from the view that shows or streams the sensitive data, before responding.
    Returns the `AuditEvent`; the event is also logged on the `taskforce.audit` logger."""
    return record_event(getattr(request, "user", None), action, obj, detail, request=request)


def record_event(user, action, obj=None, detail="", request=None):
    """Record that `user` (None: the portal itself, or a management command) did `action` on
    `obj`; the request, when there is one, gives the address and the path."""
    if user is not None and not user.is_authenticated:
        user = None
    action = AuditAction(action)
    event = AuditEvent.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        detail=str(detail)[:300],
        ip_address=client_ip(request) if request is not None else None,
        path=request.get_full_path()[:300] if request is not None else "",
    )
    logger.info(
        "audit action=%s user=%s object=%s:%s ip=%s",
        event.action,
        event.username or "-",
        event.object_type or "-",
        event.object_id or "-",
        event.ip_address or "-",
        extra={
            "audit_action": event.action,
            "audit_user": event.username,
            "audit_object": f"{event.object_type}:{event.object_id}",
            "client_ip": event.ip_address,
        },
    )
    return event


# --- Second factor ------------------------------------------------------------------------


def needs_second_factor(user):
    """Whether `user` must pass a second factor before any staff page answers: superusers,
    and every account that may see passport data, open signed copies or finalize a Protocol,
    whether the permission comes from a group (Ministry administrators hold all three) or was
    given to the account itself.

    Reads the permissions Django caches on the user object, which the admin's own checks
    load anyway."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return any(user.has_perm(permission) for permission in SECOND_FACTOR_PERMISSIONS)


def authenticator_device(user):
    """The confirmed authenticator-app (TOTP) device of `user`, or None."""
    return (
        TOTPDevice.objects.devices_for_user(user, confirmed=True)
        .filter(name=AUTHENTICATOR_DEVICE_NAME)
        .first()
    )


def recovery_code_count(user):
    """How many unused recovery codes `user` has left."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def generate_recovery_codes(user, count=RECOVERY_CODE_COUNT):
    """Replace the recovery codes of `user` with `count` new ones and return them: the only
    moment they can be shown. Each code opens one login, once."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _index in range(count)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        device.throttle_reset()
    return codes


def remove_second_factor(user, *, by, request=None):
    """Remove every second-factor device of `user` (authenticator app and recovery codes) and
    record it in the audit trail. Returns how many devices were removed.

    `by` (core/authorization.py): a superuser may do it for anyone (the reset when a
    phone is lost); a member of staff may remove only their own, and only when their account
    does not require a second factor; SYSTEM is the server's operator, through
    `manage.py reset_two_factor`. An account that requires a second factor is asked to set up
    a new device at its next page."""
    if not is_system(by) and not (is_user(by) and by.is_active and by.is_superuser):
        if not is_user(by) or not by.is_active:
            raise ActionNotAllowed()
        if by.pk != user.pk:
            raise PermissionDenied(
                _("Only a superuser can reset the two-factor authentication of an account.")
            )
        if needs_second_factor(user):
            raise PermissionDenied(
                _("Your account must use two-factor authentication: it cannot be turned off.")
            )
    with transaction.atomic():
        removed = 0
        for model in (TOTPDevice, StaticDevice):
            removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
        record_event(
            history_user(by),
            AuditAction.RESET_SECOND_FACTOR,
            user,
            detail=f"{removed} device(s) removed" + ("" if is_user(by) else " by manage.py"),
            request=request,
        )
    return removed
