"""Public pages rendered once per process while what they show is the same (core/rendered.py):
after a change of a topic that leaves a page's data as they were, the page's queries run but
no template is rendered; any change of a value the page shows renders it anew."""

import datetime

import pytest
from django.template import engines
from django.template.response import TemplateResponse
from django.test import Client, RequestFactory
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone, translation

from core import public_cache, rendered
from tests.agreements.factories import signed_agreement
from tests.factories import PastSessionFactory, ProgrammeItemFactory, SessionFactory

pytestmark = pytest.mark.django_db

TOPICS = ("sessions", "programme", "registrations", "organizations", "agreements", "meetings")


@pytest.fixture(autouse=True)
def nothing_kept():
    rendered.forget_all()
    yield
    rendered.forget_all()


def italian_url(name, args=()):
    with translation.override("it"):
        return reverse(name, args=args)


class TemplatesRendered:
    """Counts the templates rendered while it is active."""

    def __init__(self):
        self.names = []

    def __enter__(self):
        template_rendered.connect(self.receive)
        return self

    def __exit__(self, *exc):
        template_rendered.disconnect(self.receive)

    def receive(self, sender, template, context, **kwargs):
        self.names.append(template.name)


def visit(url):
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def public_urls(session):
    return [
        italian_url("sessions_app:home"),
        italian_url("sessions_app:session_list"),
        italian_url("sessions_app:session_detail", args=[session.number]),
        italian_url("sessions_app:programme", args=[session.number]),
        italian_url("statistics"),
        italian_url("agreements:agreement_list"),
        italian_url("agreements:agreement_list") + "?sector=mechanics",
    ]


def test_after_a_change_elsewhere_every_public_page_is_served_without_rendering():
    session = SessionFactory(city_it="Bergamo")
    ProgrammeItemFactory(session=session, title_it="Sessione plenaria")
    signed_agreement(PastSessionFactory(number=25), title_it="Memorandum sui distretti")
    for url in public_urls(session):
        first = visit(url)
        public_cache.bump(*TOPICS)  # every page of the cache is dropped
        with TemplatesRendered() as templates:
            again = visit(url)
        assert templates.names == [], url
        assert again == first, url


def test_a_changed_value_is_rendered_at_once():
    session = SessionFactory(city_it="Bergamo")
    item = ProgrammeItemFactory(session=session, title_it="Apertura dei lavori")
    programme = italian_url("sessions_app:programme", args=[session.number])
    assert "Apertura dei lavori" in visit(programme)
    item.title_it = "Tavola rotonda"
    item.save()
    page = visit(programme)
    assert "Tavola rotonda" in page and "Apertura dei lavori" not in page

    home = italian_url("sessions_app:home")
    assert "Bergamo" in visit(home)
    region = session.host_region
    region.name_it = "Lombardia orientale"  # a related row the page shows
    region.save()
    assert "Lombardia orientale" in visit(home)


def test_a_page_changing_by_itself_at_a_known_moment_is_rendered_anew_then():
    """The registration call appears when the window opens, with no change of data: the next
    moment the page changes is part of what the render is kept under."""
    opens = timezone.now() + datetime.timedelta(seconds=2)
    session = SessionFactory(
        status="registration_open",
        registration_opens=opens,
        registration_closes=opens + datetime.timedelta(days=10),
    )
    url = italian_url("sessions_app:session_detail", args=[session.number])
    register = italian_url("delegates:register", args=[session.number])
    assert register not in visit(url)
    session.registration_opens = timezone.now() - datetime.timedelta(seconds=1)
    type(session).objects.filter(pk=session.pk).update(
        registration_opens=session.registration_opens
    )
    public_cache.bump("sessions")
    assert register in visit(url)


def _response(source, context):
    request = RequestFactory().get("/it/probe/")
    template = engines["django"].from_string(source)
    return request, TemplateResponse(request, template, context)


def test_a_render_that_queries_is_not_kept():
    session = SessionFactory()
    ProgrammeItemFactory(session=session)
    source = "{{ session.programme_items.count }}"
    request, response = _response(source, {"session": session})
    rendered.render_response_once(request, response)
    request, response = _response(source, {"session": session})
    with TemplatesRendered() as templates:
        assert rendered.render_response_once(request, response).content == b"1"
    assert templates.names  # rendered again: the count was read by the template


def test_a_context_it_cannot_read_whole_is_rendered_each_time():
    class Opaque:
        text = "opaque"

    source = "{{ thing.text }}"
    for _ in range(2):
        request, response = _response(source, {"thing": Opaque()})
        with TemplatesRendered() as templates:
            assert rendered.render_response_once(request, response).content == b"opaque"
        assert templates.names


def test_the_digest_follows_every_value_and_related_row():
    session = SessionFactory(city_it="Bergamo")
    first = rendered.digest({"session": session})
    assert rendered.digest({"session": session}) == first
    session.city_it = "Brescia"
    assert rendered.digest({"session": session}) != first
    session.city_it = "Bergamo"
    session.host_region.name_it = "Altrove"
    assert rendered.digest({"session": session}) != first


def test_a_derived_value_is_left_out_of_the_digest_and_worked_out_only_when_shown():
    session = SessionFactory(city_it="Bergamo")
    worked_out = []

    def city_in_capitals():
        worked_out.append(session.city_it)
        return session.city_it.upper()

    context = {"session": session, "capitals": rendered.Derived(city_in_capitals)}
    anything = {"session": session, "capitals": rendered.Derived(lambda: "anything")}
    assert rendered.digest(context) == rendered.digest(anything)
    assert worked_out == []  # the digest did not ask for it
    source = "{{ capitals }} <{{ session.city_it }}>"
    for _ in range(2):
        request, response = _response(source, dict(context))
        assert rendered.render_response_once(request, response).content == b"BERGAMO <Bergamo>"
    assert worked_out == ["Bergamo"]  # rendered once, then the kept HTML
    # What it follows from decides the digest: another city, another render.
    session.city_it = "Brescia"
    context["capitals"] = rendered.Derived(city_in_capitals)
    request, response = _response(source, context)
    assert rendered.render_response_once(request, response).content == b"BRESCIA <Brescia>"
