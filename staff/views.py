from django.conf import settings
from django.shortcuts import render


def lockout(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: the translated 429 page."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    response = render(request, "errors/lockout.html", {"cooloff_minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
