import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from projects.models import Call, CollaborationProject, ProjectStatus
from tests.factories import (
    RegistrationFactory,
    RussianRegistrationFactory,
    SessionFactory,
    ThematicTableFactory,
)


def pdf_bytes(pages=1):
    """A real, tiny PDF."""
    import pikepdf

    document = pikepdf.new()
    for _page in range(pages):
        document.add_blank_page()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_upload(name="presentation.pdf", content=None):
    return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")


def make_call(session, **values):
    now = timezone.now()
    defaults = {
        "opens_at": now - datetime.timedelta(days=5),
        "closes_at": now + datetime.timedelta(days=10),
    }
    defaults.update(values)
    return Call.objects.create(session=session, **defaults)


def make_project(proposer, table, **values):
    language = "ru" if proposer.delegation == "RU" else "it"
    defaults = {
        "session": proposer.session,
        "original_language": language,
        f"title_{language}": "Linea di lavorazione" if language == "it" else "Линия обработки",
        f"summary_{language}": "Sommario" if language == "it" else "Краткое описание",
        "thematic_table": table,
        "sector": "mechanics",
        "kind": "joint_venture",
        "partner_category": "company",
        "status": ProjectStatus.PROPOSED,
        "proposer_region": proposer.organization.region,
    }
    defaults.update(values)
    return CollaborationProject.objects.create(proposer=proposer, **defaults)


@pytest.fixture
def project_session(db):
    return SessionFactory()


@pytest.fixture
def call(project_session):
    return make_call(project_session)


@pytest.fixture
def table(project_session):
    return ThematicTableFactory(
        session=project_session, name_it="Meccanica", name_ru="Машиностроение"
    )


@pytest.fixture
def italian(project_session):
    return RegistrationFactory(session=project_session)


@pytest.fixture
def russian(project_session):
    return RussianRegistrationFactory(session=project_session)


@pytest.fixture
def values(table):
    """What a Russian delegate types."""
    return {
        "title_ru": "Совместное производство станков",
        "summary_ru": "Ищем партнёра для совместного производства.",
        "thematic_table": table,
        "sector": "mechanics",
        "kind": "joint_venture",
        "partner_category": "company",
    }
