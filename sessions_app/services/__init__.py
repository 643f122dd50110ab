"""Business rules of sessions_app: views, admin and commands call these."""

from sessions_app.services.calendar import programme_calendar
from sessions_app.services.documents import (
    decided_programme_pdf,
    programme_pdf_path,
    programme_pdf_version,
    render_programme_pdf,
)
from sessions_app.services.history import (
    HistoryReport,
    load_history,
)
from sessions_app.services.programme import (
    ProgrammeError,
    add_programme_item,
    duplicate_programme,
    load_demo_programme,
    programme_days,
    programme_for_display,
)
from sessions_app.services.reference import (
    DEMO_SESSION_NUMBER,
    LoadReport,
    load_demo_session,
    load_reference_data,
)

__all__ = [
    "DEMO_SESSION_NUMBER",
    "HistoryReport",
    "LoadReport",
    "ProgrammeError",
    "add_programme_item",
    "duplicate_programme",
    "load_demo_programme",
    "load_demo_session",
    "load_history",
    "load_reference_data",
    "programme_calendar",
    "programme_days",
    "programme_for_display",
    "decided_programme_pdf",
    "programme_pdf_path",
    "programme_pdf_version",
    "render_programme_pdf",
]
