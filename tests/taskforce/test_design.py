"""The public-administration design (Bootstrap Italia from design-django-theme) in the base
template every page extends: the kit's files from packages, the header, the footer with the
legal links, the menu's current section, and the accessibility statement."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings

from taskforce.navigation import current_section

pytestmark = pytest.mark.django_db


def test_every_page_loads_the_kit_from_the_package_and_no_cdn(client):
    page = client.get("/it/sessions/").content.decode()
    assert '<link rel="stylesheet" href="/static/css/bootstrap-italia.min.css">' in page
    assert '<script type="module" src="/static/js/kit.js">' in page
    for url in re.findall(r'(?:href|src)="(/static/[^"#]+)"', page):
        assert finders.find(url.removeprefix("/static/")), url
    assert "cdn." not in page and "//fonts." not in page
    # The strict CSP: no inline script or style anywhere in the layout.
    assert "style=" not in page
    assert "<style" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)


def test_the_fonts_of_the_kit_and_the_cyrillic_companion_are_static_files():
    stylesheet = finders.find("css/fonts.css")
    with open(stylesheet, encoding="utf-8") as file:
        urls = re.findall(r'url\("\.\./([^"]+)"\)', file.read())
    assert any("PT_Sans" in url for url in urls)
    assert any("Titillium_Web" in url for url in urls)
    for url in urls:
        assert finders.find(url), url
    with open(finders.find("fonts/PT_Sans/PTS55F.ttf"), "rb") as font:
        from fontTools.ttLib import TTFont

        cmap = TTFont(font).getBestCmap()
    assert all(ord(letter) in cmap for letter in "Рабочая группа ЁЖЩЪЫЭЮЯ")
    # The kit's serif (Lora: card texts, callouts) has no Cyrillic: PT Serif gives it.
    assert any("PT_Serif" in url for url in urls)
    with open(finders.find("fonts/PT_Serif/PTF55F.ttf"), "rb") as font:
        cmap = TTFont(font).getBestCmap()
    assert all(ord(letter) in cmap for letter in "Станкостроение ЁЖЩЪЫЭЮЯ")


@pytest.mark.parametrize(
    "language, ministry, body",
    [
        ("it", "Ministero delle Imprese e del Made in Italy", "Task Force italo-russa"),
        ("ru", "Министерство предприятий и «Сделано в Италии»", "Российско-Итальянская"),
        ("en", "Ministry of Enterprises and Made in Italy", "Italian-Russian Task Force"),
    ],
)
def test_the_header_names_the_ministry_and_the_task_force_in_the_reader_language(
    client, language, ministry, body
):
    page = client.get(f"/{language}/sessions/").content.decode()
    header = page.split("</header>")[0]
    assert ministry in header
    assert body in header
    # The language switcher: the current language marked, each link to the same page.
    assert re.search(
        rf'<a href="/{language}/sessions/" hreflang="{language}"[^>]*aria-current', header
    )
    for other in {"it", "ru", "en"} - {language}:
        assert f'href="/{other}/sessions/" hreflang="{other}"' in header


def test_the_menu_marks_the_current_section_for_assistive_technology(client, session):
    page = client.get(f"/it/sessions/{session.number}/programme/").content.decode()
    current = re.findall(r'<a class="nav-link active" href="([^"]+)" aria-current="page">', page)
    assert current == ["/it/sessions/"]
    home = client.get("/it/").content.decode()
    assert 'aria-current="page"' not in home.split("</header>")[0]
    assert current_section("agreements:agreement_detail").url_name == "agreements:agreement_list"
    assert current_section("statistics").url_name == "statistics"
    assert current_section(None) is None


@pytest.mark.parametrize("language", ["it", "ru", "en"])
def test_the_footer_links_the_legal_pages(client, language):
    page = client.get(f"/{language}/").content.decode()
    footer = page.split('<footer class="it-footer')[1]
    for url in (
        f"/{language}/legal-notes/",
        f"/{language}/privacy/",
        f"/{language}/accessibility/",
    ):
        assert f'href="{url}"' in footer
        assert client.get(url).status_code == 200


@override_settings(ACCESSIBILITY_FEEDBACK_EMAIL="accessibilita@mimit.example")
@pytest.mark.parametrize(
    "language, heading, status",
    [
        ("it", "Dichiarazione di accessibilità", "parzialmente conforme"),
        ("ru", "Заявление о доступности", "частично соответствует"),
        ("en", "Accessibility statement", "partially compliant"),
    ],
)
def test_the_accessibility_statement_follows_agid_model_in_three_languages(
    client, language, heading, status
):
    page = client.get(f"/{language}/accessibility/").content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert status in page
    assert 'href="mailto:accessibilita@mimit.example"' in page.split("</footer>")[0]
    assert "https://form.agid.gov.it/" in page  # the enforcement procedure
    assert "WCAG 2.1" in page
