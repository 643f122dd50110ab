"""The staff's busiest admin pages at 1280 px and on a tablet, in Italian and Russian: the
control room's table of registrations by delegation and status, whose headers wrapped letter
by letter, and the registration list, whose buttons covered the session's counts.
Screenshots: /tmp/admin-layout-e2e/."""

from pathlib import Path

import pytest
from django.test import Client

from delegates.models import RegistrationStatus
from tests.factories import KazanSessionFactory, RegistrationFactory, RussianRegistrationFactory
from tests.helpers import log_in
from tests.roles import MINISTRY_ADMINISTRATORS, role_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("/tmp/admin-layout-e2e")
SIZES = {"desktop": {"width": 1280, "height": 900}, "tablet": {"width": 768, "height": 1024}}

# The words of each element matching `selector` that the browser laid out over more than one
# line: a word broken inside.
BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      for (const match of text.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture
def kazan():
    session = KazanSessionFactory(number=30, capacity_italian=300, capacity_russian=100)
    for status in RegistrationStatus.values:
        RegistrationFactory(session=session, status=status)
        RussianRegistrationFactory(session=session, status=status)
    return session


def staff_page(browser, live_server, language, size):
    """A browser page logged in as a Ministry administrator (second factor passed), reading
    the admin in `language`."""
    client = Client()
    log_in(client, role_member(MINISTRY_ADMINISTRATORS))
    context = browser.new_context(viewport=SIZES[size], locale=language)
    context.add_cookies(
        [
            {"name": name, "value": morsel.value, "url": live_server.url}
            for name, morsel in client.cookies.items()
        ]
        + [{"name": "taskforce_language", "value": language, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_control_room_table_breaks_its_headers_only_between_words(
    browser, live_server, kazan, language, size
):
    page = staff_page(browser, live_server, language, size)
    SCREENSHOTS.mkdir(exist_ok=True)
    for path in ("/admin/", f"/admin/sessions_app/session/{kazan.pk}/control-room/"):
        page.goto(f"{live_server.url}{path}")
        table = page.locator(".control-room-table table")
        table.scroll_into_view_if_needed()
        name = f"{language}_{size}_{'index' if path == '/admin/' else 'control_room'}.png"
        table.screenshot(path=str(SCREENSHOTS / name))
        page.screenshot(path=str(SCREENSHOTS / f"full_{name}"), full_page=True)
        assert page.evaluate(BROKEN_WORDS, ".control-room-table thead th") == [], path
        # The table takes the block's width, and "Delegation" stands above the countries.
        width = page.evaluate(
            "() => [document.querySelector('.control-room-table table').offsetWidth,"
            " document.querySelector('.control-room-table').clientWidth]"
        )
        assert width[0] >= width[1] - 1
        delegation, country = (
            page.locator(selector).bounding_box()
            for selector in (
                ".control-room-table thead th:first-child",
                ".control-room-table tbody th >> nth=0",
            )
        )
        assert abs(delegation["x"] - country["x"]) < 1
        assert page.evaluate(
            "getComputedStyle(document.querySelector("
            "'.control-room-table thead th:first-child')).textAlign"
        ) in ("left", "start")
    page.context.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_registration_list_shows_its_buttons_and_the_session_counts_apart(
    browser, live_server, kazan, language, size
):
    page = staff_page(browser, live_server, language, size)
    page.goto(f"{live_server.url}/admin/delegates/registration/?session__id__exact={kazan.pk}")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{language}_{size}_registrations.png"))
    counts = page.locator(".registration-counts").bounding_box()
    title = page.locator("#content h1").bounding_box()
    for button in page.locator(".object-tools li").all():
        box = button.bounding_box()
        assert box["y"] >= title["y"] + title["height"], button.inner_text()  # the title too
        overlaps = (
            box["x"] < counts["x"] + counts["width"]
            and counts["x"] < box["x"] + box["width"]
            and box["y"] < counts["y"] + counts["height"]
            and counts["y"] < box["y"] + box["height"]
        )
        assert not overlaps, button.inner_text()
    # The "Details" link at the end of the line is there to click.
    page.locator(".registration-counts a").click(trial=True)
    page.context.close()
