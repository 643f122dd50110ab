"""Documents printed once (core/documents.py): served from storage while what they show is
unchanged, printed anew when it changes, never printed twice from the same HTML."""

import html
import io
import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from core import documents
from core.bounded import Bounded
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
    # The session and the rows it prints: not the notes of the programme page, which only
    # the check of a version reads.
    with django_assert_num_queries(3):
        changed = download(client, url)
    assert "Tavolo tematico sulla meccanica" in text_of(changed)
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


def downloaded(response):
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)  # closes the file at its end


def answered_before_the_session(response):
    """Whether the document was served by PublicDocumentMiddleware: the session middleware,
    below it, never saw the request."""
    return not hasattr(response.wsgi_request, "session")


def downloaded_by_staff(url):
    """What a member of staff downloads at `url`: through the whole stack, every time."""
    staff = Client()
    staff.force_login(UserFactory(is_staff=True))
    response = staff.get(url)
    assert not answered_before_the_session(response)
    return downloaded(response)


@pytest.mark.parametrize("language", ["it", "ru", "en"])
def test_a_repeated_anonymous_download_is_served_from_storage_with_the_same_headers(
    renders, language, django_assert_num_queries
):
    session = SessionFactory()
    ProgrammeItemFactory(session=session, title_it="Sessione plenaria di apertura")
    url = f"/{language}/sessions/{session.number}/programme.pdf"
    client = Client()
    first = client.get(url)
    body = downloaded(first)
    assert not answered_before_the_session(first)
    with django_assert_num_queries(0):
        again = client.get(url)
        assert downloaded(again) == body
    assert answered_before_the_session(again)
    assert dict(again.items()) == dict(first.items())
    assert again["Content-Language"] == language
    assert again["Content-Disposition"] == (
        f'inline; filename="taskforce-session-{session.number}-programme.pdf"'
    )
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert again.has_header(header), header
    assert len(renders) == 1


def test_a_change_gives_the_new_programme_at_once_then_from_storage_again(renders):
    session = SessionFactory()
    item = ProgrammeItemFactory(session=session, title_it="Sessione plenaria di apertura")
    url = reverse("sessions_app:programme_pdf", args=[session.number])
    client = Client()
    downloaded(client.get(url))
    downloaded(client.get(url))  # from storage

    item.title_it = "Tavolo tematico sulla meccanica"
    item.save()
    changed = client.get(url)
    assert not answered_before_the_session(changed)
    text = text_of(downloaded(changed))
    assert "Tavolo tematico sulla meccanica" in text
    assert "Sessione plenaria di apertura" not in text
    again = client.get(url)
    assert answered_before_the_session(again)
    assert "Tavolo tematico sulla meccanica" in text_of(downloaded(again))
    assert len(renders) == 2


def test_a_stored_document_deleted_from_the_folder_is_printed_again(renders):
    session = SessionFactory()
    ProgrammeItemFactory(session=session)
    url = reverse("sessions_app:programme_pdf", args=[session.number])
    client = Client()
    body = downloaded(client.get(url))
    for stored in (settings.DOCUMENTS_ROOT / "programme").glob("*.pdf"):
        stored.unlink()
    assert downloaded(client.get(url)) == body
    assert len(renders) == 2


def test_unknown_sessions_languages_and_emptied_programmes_are_answered_as_before():
    session = SessionFactory()
    item = ProgrammeItemFactory(session=session)
    url = reverse("sessions_app:programme_pdf", args=[session.number])
    client = Client()
    downloaded(client.get(url))
    downloaded(client.get(url))  # the address is known to the middleware
    assert client.get(f"/it/sessions/{session.number + 1}/programme.pdf").status_code == 404
    assert client.get(f"/xx/sessions/{session.number}/programme.pdf").status_code == 404
    unprefixed = client.get(f"/sessions/{session.number}/programme.pdf")
    assert unprefixed.status_code == 302
    assert unprefixed["Location"] == url

    item.delete()
    emptied = client.get(url)
    assert emptied.status_code == 302  # no programme any more: its notice
    assert emptied["Location"] == f"/it/sessions/{session.number}/programme/"
    session.delete()
    assert client.get(url).status_code == 404


def test_visitors_with_a_session_and_malformed_or_misaddressed_requests_go_the_whole_way():
    session = SessionFactory()
    ProgrammeItemFactory(session=session)
    url = reverse("sessions_app:programme_pdf", args=[session.number])
    body = downloaded(Client().get(url))

    assert downloaded_by_staff(url) == body

    assert Client().get(url + "?q=%00").status_code == 400
    assert Client().get(url, headers={"host": "evil.example"}).status_code == 400
    assert answered_before_the_session(Client().get(url))


def test_documents_not_everybody_may_see_are_never_served_before_the_session():
    """A draft Protocol is for staff only: right after staff downloaded it twice, an
    anonymous visitor still finds nothing there."""
    protocol_with_sections(PastSessionFactory(number=25), count=1)
    url = reverse("agreements:protocol_pdf", args=[25])
    staff = Client()
    staff.force_login(grant(UserFactory(is_staff=True), "agreements.view_protocol"))
    body = downloaded(staff.get(url))
    assert downloaded(staff.get(url)) == body
    anonymous = Client().get(url)
    assert anonymous.status_code == 404
    assert not answered_before_the_session(anonymous)


def pdf_link(client, session, language="it"):
    """The printed programme's address on the programme page."""
    page = client.get(f"/{language}/sessions/{session.number}/programme/").content.decode()
    found = re.search(r'href="(/[a-z]{2}/sessions/\d+/programme\.pdf[^"]*)"', page)
    assert found, "no link to the printed programme"
    return html.unescape(found.group(1))


def test_the_programme_page_links_to_the_version_of_the_programme_it_shows(
    renders, django_assert_num_queries
):
    session = SessionFactory()
    ProgrammeItemFactory(session=session, title_it="Sessione plenaria di apertura")
    client = Client()
    link = pdf_link(client, session)
    assert re.fullmatch(rf"/it/sessions/{session.number}/programme\.pdf\?v=[0-9a-f]{{16}}", link)
    assert pdf_link(Client(), session, "ru") == link.replace("/it/", "/ru/", 1)

    first = client.get(link)
    body = downloaded(first)
    assert not answered_before_the_session(first)
    assert first["Cache-Control"] == f"public, max-age={documents.VERSIONED_MAX_AGE}"
    assert "Sessione plenaria di apertura" in text_of(body)
    # Then answered from storage with no read at all: not even the cache, emptied here.
    caches["public_pages"].clear()
    with django_assert_num_queries(0):
        again = client.get(link)
        assert downloaded(again) == body
    assert answered_before_the_session(again)
    assert dict(again.items()) == dict(first.items())
    # The plain address gives the same document.
    assert downloaded(client.get(reverse("sessions_app:programme_pdf", args=[session.number])))
    assert len(renders) == 1


def test_a_change_gives_the_page_a_new_version_and_an_old_one_is_sent_to_it(renders):
    session = SessionFactory()
    item = ProgrammeItemFactory(session=session, title_it="Sessione plenaria di apertura")
    client = Client()
    old = pdf_link(client, session)
    kept = downloaded(client.get(old))

    item.title_it = "Tavolo tematico sulla meccanica"
    item.save()
    new = pdf_link(client, session)
    assert new != old
    text = text_of(downloaded(client.get(new)))
    assert "Tavolo tematico sulla meccanica" in text
    assert "Sessione plenaria di apertura" not in text
    assert len(renders) == 2
    # An address this process answered keeps its document: the same version, the same data.
    assert downloaded(client.get(old)) == kept

    # A version it never answered, or none at all, is sent to the current one, every time.
    for stale in (old.replace(old[-4:], "0000"), old[:-3], old + "&v=1"):
        for _ in range(2):
            response = client.get(stale)
            assert response.status_code == 302, stale
            assert response["Location"] == new
    assert client.get(new + "x")["Location"] == new


def test_the_versioned_address_is_the_same_document_for_staff_and_after_the_item_is_gone():
    session = SessionFactory()
    item = ProgrammeItemFactory(session=session)
    link = pdf_link(Client(), session)
    body = downloaded(Client().get(link))

    assert downloaded_by_staff(link) == body
    assert Client().get(link, headers={"host": "evil.example"}).status_code == 400

    item.delete()
    documents._versioned_documents.clear()  # as in a process that never answered it
    emptied = Client().get(link)
    assert emptied.status_code == 302  # no programme any more: its notice
    assert emptied["Location"] == f"/it/sessions/{session.number}/programme/"


def test_the_documents_a_process_remembers_are_bounded():
    # How a bounded memory forgets: tests/core/test_bounded.py.
    for remembered in (documents._public_documents, documents._versioned_documents):
        assert isinstance(remembered, Bounded)
        assert remembered.limit == documents._PUBLIC_DOCUMENTS_LIMIT


@pytest.mark.parametrize("versioned", [False, True])
def test_a_stored_answer_is_given_only_over_the_scheme_it_was_first_given_on(settings, versioned):
    """The middleware answers before the security middleware, with its headers as they were
    first given: over HTTPS with HSTS, never to plain HTTP, which is sent to HTTPS."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    session = SessionFactory()
    ProgrammeItemFactory(session=session)
    client = Client(headers={"x-forwarded-proto": "https"})
    url = (
        pdf_link(client, session)
        if versioned
        else reverse("sessions_app:programme_pdf", args=[session.number])
    )
    first = client.get(url)
    body = downloaded(first)
    again = client.get(url)
    assert answered_before_the_session(again)
    assert downloaded(again) == body
    assert again["Strict-Transport-Security"] == "max-age=3600"
    assert dict(again.items()) == dict(first.items())

    plain = Client().get(url)  # plain HTTP, behind the same proxy
    assert plain.status_code == 301
    assert plain["Location"] == f"https://testserver{url}"

    # Without the redirect, plain HTTP has a first answer of its own, with no HSTS.
    settings.SECURE_SSL_REDIRECT = False
    answers = [Client().get(url) for _visit in range(2)]
    assert [answered_before_the_session(answer) for answer in answers] == [False, True]
    for answer in answers:
        assert downloaded(answer) == body
        assert not answer.has_header("Strict-Transport-Security")
