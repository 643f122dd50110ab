"""The desk's offline side: the list a device downloads, the queue it sends back, and the
service worker that keeps the desk page available without network (venue/services/
offline.py holds the rules)."""

import json

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from staff.models import AuditAction
from staff.services import record_access
from venue.services import checkin, offline
from venue.views import _session, staff_permission


@never_cache
@require_GET
@staff_permission("venue.check_in")
def offline_list(request, number):
    session = _session(number)
    data = offline.offline_list(session, request.user)
    record_access(
        request, AuditAction.EXPORT, session, detail="offline check-in list (badge digests)"
    )
    return JsonResponse(data)


@never_cache
@require_POST
@staff_permission("venue.check_in")
def offline_sync(request, number):
    """The check-ins a device queued offline (JSON: device, scans[id, code, scanned_at])."""
    session = _session(number)
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        return JsonResponse(
            {"error": gettext("The queued check-ins could not be read.")}, status=400
        )
    try:
        results, revisions = offline.sync_offline_scans(
            session, body.get("device"), body.get("scans", []), request.user
        )
    except offline.OfflineSyncError as error:
        return JsonResponse({"error": str(error.message)}, status=400)
    return JsonResponse(
        {
            "results": [result.as_json() for result in results],
            "revisions": [revision.as_json() for revision in revisions],
            "counts": checkin.arrival_counts(session),
        }
    )


@never_cache
@require_GET
@staff_permission("venue.check_in")
def service_worker(request, number):
    """The desk's service worker, served beside the desk page so that its scope covers it."""
    _session(number)
    return render(request, "venue/desk_service_worker.js", content_type="text/javascript")
