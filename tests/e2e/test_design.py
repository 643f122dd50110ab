"""The public-administration design in a real browser: Bootstrap Italia's components working
under the strict Content Security Policy, Russian set in the Cyrillic companion typeface,
every public page free of WCAG 2.1 AA violations (axe-core) and fitting a 360-pixel phone, in
Italian, Russian and English. Screenshots of every page: /tmp/design-e2e/."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from agreements.models import Agreement
from sessions_app.models import Session
from tests.e2e.accessibility import assert_accessible, assert_fits_a_phone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("/tmp/design-e2e")


@pytest.fixture
def demo(settings):
    """The demo data of `make run`: a session open for registration with its programme, past
    editions, agreements and a finalized Protocol."""
    settings.RATE_LIMITS_ENABLED = False
    for command in ("load_reference_data", "load_history", "load_demo_data"):
        call_command(command, stdout=io.StringIO())
    call_command("load_demo_agreements", stdout=io.StringIO())
    call_command("load_demo_registrations", stdout=io.StringIO())
    call_command("load_demo_projects", stdout=io.StringIO())
    call_command("rebuild_search_index", stdout=io.StringIO())
    return Session.objects.filter(status="registration_open").order_by("start_date").first()


def public_pages(session):
    """Every public page that needs no private link (those are checked by their journeys)."""
    return [
        "",
        "sessions/",
        f"sessions/{session.number}/",
        f"sessions/{session.number}/programme/",
        f"sessions/{session.number}/register/",
        "statistics/",
        "history/",
        f"sessions/{session.number}/projects/",
        "regions/",
        f"regions/{session.host_region.code}/",
        f"search/?q={session.city_en}",
        "verify/visa-letter/not-a-code/",
        "verify/certificate/not-a-code/",
        "agreements/",
        "privacy/",
        "accessibility/",
        "legal-notes/",
    ]


def console_errors(page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.mark.parametrize("language", ["it", "ru", "en"])
def test_every_public_page_is_accessible_on_a_desktop_and_on_a_phone(
    browser, live_server, demo, language
):
    SCREENSHOTS.mkdir(exist_ok=True)
    pages = public_pages(demo)
    agreement = Agreement.objects.public().order_by("pk").first()
    pages.append(f"agreements/{agreement.pk}/")
    for device, options in {
        "desktop": {"viewport": {"width": 1280, "height": 900}},
        "phone": {
            "viewport": {"width": 360, "height": 780},
            "is_mobile": True,
            "has_touch": True,
        },
    }.items():
        context = browser.new_context(locale=language, **options)
        page = context.new_page()
        errors = console_errors(page)
        for path in pages:
            url = f"{live_server.url}/{language}/{path}"
            logged = len(errors)
            response = page.goto(url)
            if path.startswith("verify/"):  # the browser logs the page's own 404, nothing else
                errors[logged:] = [e for e in errors[logged:] if "status of 404" not in e]
            # A code the portal never issued: the page that says so, answered as not found.
            assert response.status == (404 if path.startswith("verify/") else 200), url
            assert page.locator("html").get_attribute("lang") == language
            name = (path.strip("/").replace("/", "-") or "home") + f"-{language}-{device}"
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
            assert_accessible(page, f"{url} ({device})")
            if device == "phone":
                assert_fits_a_phone(page, url)
        assert errors == [], errors  # no CSP violation, no script error
        context.close()


def test_russian_pages_are_set_in_the_cyrillic_companion_of_titillium(browser, live_server, demo):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/ru/")
    page.wait_for_load_state("networkidle")
    heading_font = page.locator("h1").evaluate("element => getComputedStyle(element).fontFamily")
    assert heading_font.startswith('"PT Sans"')
    assert page.evaluate("document.fonts.check('16px \"PT Sans\"', 'Рабочая группа')")
    loaded = page.evaluate(
        "Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert "PT Sans" in loaded
    # An Italian page is in Titillium Web; a Russian title on it in PT Sans.
    page.goto(f"{live_server.url}/it/")
    page.wait_for_load_state("networkidle")
    body_font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert body_font.startswith('"Titillium Web"')
    assert "Titillium Web" in page.evaluate(
        "Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family)"
    )
    context.close()


def test_the_phone_menu_opens_and_closes_with_the_keyboard(browser, live_server, demo):
    context = browser.new_context(
        locale="ru-RU", viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    errors = console_errors(page)
    page.goto(f"{live_server.url}/ru/sessions/")
    page.wait_for_load_state("networkidle")
    assert_fits_a_phone(page)
    toggler = page.locator(".custom-navbar-toggler")
    menu = page.locator("#main-nav")
    assert not menu.is_visible()
    toggler.focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Статистика").wait_for(state="visible")
    assert toggler.get_attribute("aria-expanded") == "true"
    current = page.locator('#main-nav a[aria-current="page"]')
    assert current.inner_text() == "Заседания"
    # Once open, the menu is a labelled dialog and the focus moves into it, on its close button
    # (Bootstrap Italia ignores a close while the opening transition runs, as a user would wait).
    expect(page.locator("#main-nav .close-menu")).to_be_focused()
    assert menu.get_attribute("aria-label") == "Меню"
    page.screenshot(path=str(SCREENSHOTS / "menu-ru-phone.png"))
    page.locator("#main-nav .close-menu").click()
    menu.wait_for(state="hidden")
    assert errors == [], errors
    context.close()
