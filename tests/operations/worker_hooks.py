"""Loaded only into the Celery workers that tests/operations/test_workers.py starts
(`celery worker --include tests.operations.worker_hooks`): with TEST_SLOW_BADGE_SECONDS set,
each badge (or batch of badges) takes that much longer to render, so that the test can kill
the worker in the middle of a real preparation task."""

import os
import time

from venue.services import badge_pages

DELAY = float(os.environ.get("TEST_SLOW_BADGE_SECONDS") or 0)

if DELAY:
    _render_pdf = badge_pages.render_pdf

    def _slow_render_pdf(html, *args, **kwargs):
        time.sleep(DELAY)
        return _render_pdf(html, *args, **kwargs)

    badge_pages.render_pdf = _slow_render_pdf

    _render_pdf_counting_pages = badge_pages.render_pdf_counting_pages

    def _slow_render_pdf_counting_pages(html, *args, **kwargs):
        time.sleep(DELAY)
        return _render_pdf_counting_pages(html, *args, **kwargs)

    badge_pages.render_pdf_counting_pages = _slow_render_pdf_counting_pages
