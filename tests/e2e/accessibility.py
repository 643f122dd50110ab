"""Accessibility and phone checks shared by the browser journeys.

`assert_accessible(page)` runs axe-core (Deque's engine, bundled by axe-playwright-python) on
the page as it stands, with the rules of WCAG 2.0 and 2.1 at levels A and AA, and fails with
each violation's rule, elements and summary. `assert_fits_a_phone(page)` checks that nothing
scrolls sideways and that the menu button stays on the brand's row.
"""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

_axe = Axe()


def axe_violations(page):
    page.wait_for_load_state("networkidle")
    results = _axe.run(page, options=WCAG_21_AA)
    return results.response["violations"]


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary']}".replace("\n", " "))
    return "\n".join(lines)


def assert_accessible(page, where=""):
    violations = axe_violations(page)
    assert not violations, f"{where or page.url}\n{describe(violations)}"


def assert_fits_a_phone(page, where=""):
    """No horizontal scroll; the menu button (when the page has the main menu) beside the
    brand, not pushed onto a row of its own."""
    where = where or page.url
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, where
    toggler = page.locator(".custom-navbar-toggler")
    if toggler.count():
        button = toggler.bounding_box()
        brand = page.locator(".it-header-center-wrapper .it-brand-wrapper").bounding_box()
        assert button and brand, where
        middle = button["y"] + button["height"] / 2
        assert brand["y"] <= middle <= brand["y"] + brand["height"], where
        assert button["x"] + button["width"] <= brand["x"] + 40, where
