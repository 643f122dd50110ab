"""Audit of sensitive accesses."""

import ipaddress
import logging

from staff.models import AuditAction, AuditEvent

logger = logging.getLogger("taskforce.audit")


def client_ip(request):
    """The client's address as the rate limiter sees it, or None when it is not an IP."""
    from sessions_app.ratelimit import client_address

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
    user = getattr(request, "user", None)
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
        ip_address=client_ip(request),
        path=request.get_full_path()[:300],
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
