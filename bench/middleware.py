"""Benchmark-only middleware (bench/settings.py): a request carrying `X-Bench-Change: 1`
first bumps every public page topic, as a save in the admin would, so that the page it asks
for is the first visit after a change (rendered and stored anew)."""

from django.conf import settings

from core.public_cache import bump


class ChangeBeforeRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.topics = tuple(settings.PUBLIC_PAGE_TOPICS)

    def __call__(self, request):
        if request.headers.get("X-Bench-Change"):
            bump(*self.topics)
        return self.get_response(request)
