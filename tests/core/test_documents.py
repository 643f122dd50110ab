"""Documents printed once (core/documents.py): served from storage while what they show is
unchanged, printed anew when it changes, never printed twice from the same HTML."""

import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from core import documents
from core.public_cache import bump
from tests.agreements.conftest import grant
from tests.agreements.factories import protocol_with_sections
from tests.factories import PastSessionFactory, ProgrammeItemFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Count WeasyPrint's runs for stored documents."""
    calls = []
    real = documents.render_pdf

    def counting(html):
        calls.append(html)
        return real(html)

    monkeypatch.setattr(documents, "render_pdf", counting)
    return calls


@pytest.fixture(autouse=True)
def _italian():
    with translation.override("it"):
        yield


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def text_of(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_programme_is_printed_once_and_again_only_after_a_change(renders):
    session = SessionFactory()
    item = ProgrammeItemFactory(session=session, title_it="Sessione plenaria di apertura")
    url = reverse("sessions_app:programme_pdf", args=[session.number])
    first = download(Client(), url)
    assert download(Client(), url) == first
    assert len(renders) == 1
    assert "Sessione plenaria di apertura" in text_of(first)

    item.title_it = "Tavolo tematico sulla meccanica"
    item.save()
    changed = download(Client(), url)
    assert len(renders) == 2
    assert "Tavolo tematico sulla meccanica" in text_of(changed)
    assert "Sessione plenaria di apertura" not in text_of(changed)


def test_a_repeated_download_of_the_programme_makes_no_query(renders, django_assert_num_queries):
    """Served as a static file is: the stored PDF found from cache reads alone; the session
    and its programme are looked up again only once something they show changed."""
    session = SessionFactory()
    item = ProgrammeItemFactory(session=session, title_it="Sessione plenaria di apertura")
    url = reverse("sessions_app:programme_pdf", args=[session.number])
    client = Client()
    first = download(client, url)
    with django_assert_num_queries(0):
        assert download(client, url) == first
    item.title_it = "Tavolo tematico sulla meccanica"
    item.save()
    assert "Tavolo tematico sulla meccanica" in text_of(download(client, url))
    item.delete()
    response = client.get(url)
    assert response.status_code == 302  # no programme any more: its notice
    session.delete()
    assert client.get(url).status_code == 404


def test_a_change_that_does_not_show_prints_nothing_again(renders):
    session = SessionFactory()
    ProgrammeItemFactory(session=session)
    url = reverse("sessions_app:programme_pdf", args=[session.number])
    first = download(Client(), url)
    bump("programme")  # another session's programme changed, say
    assert download(Client(), url) == first
    assert len(renders) == 1


def test_documents_are_kept_in_the_private_folder_not_in_media_or_static():
    session = SessionFactory()
    ProgrammeItemFactory(session=session)
    download(Client(), reverse("sessions_app:programme_pdf", args=[session.number]))
    stored = list((settings.DOCUMENTS_ROOT / "programme").glob("*.pdf"))
    assert len(stored) == 1
    for public in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        assert not stored[0].resolve().is_relative_to(public.resolve())


def test_a_draft_protocol_is_printed_again_only_after_a_change_and_only_for_staff(renders):
    protocol = protocol_with_sections(PastSessionFactory(number=25), count=1)
    url = reverse("agreements:protocol_pdf", args=[25])
    assert Client().get(url).status_code == 404
    client = Client()
    client.force_login(grant(UserFactory(is_staff=True), "agreements.view_protocol"))
    first = download(client, url)
    assert download(client, url) == first
    assert len(renders) == 1
    section = protocol.sections.get()
    section.heading_it = "Cooperazione tra i distretti"
    section.save()
    assert "Cooperazione tra i distretti" in text_of(download(client, url))
    assert len(renders) == 2
