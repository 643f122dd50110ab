"""The staff's busiest admin pages at 1280 px and on a tablet, in Italian and Russian: the
control room's table of registrations by delegation and status, whose headers wrapped letter
by letter, the registration list, whose buttons covered the session's counts, the lists
that made a laptop scroll sideways, and the note on the commitments' time zone, which stood
apart from the rows. Screenshots: /tmp/admin-layout-e2e/."""

import datetime
from pathlib import Path

import pytest
from django.test import Client

from agreements.models import AgreementStatus, Commitment, CommitmentSide, CommitmentStatus
from delegates.models import RegistrationStatus
from meetings.models import Meeting, MeetingRequest, MeetingRequestStatus
from projects.models import (
    FollowUp,
    FollowUpKind,
    MeetingOutcome,
    Progress,
    ProjectStatus,
    TranslationState,
)
from tests.agreements.factories import AgreementFactory, ProtocolFactory, ProtocolSectionFactory
from tests.factories import (
    KazanSessionFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    ThematicTableFactory,
)
from tests.helpers import log_in
from tests.meetings.conftest import make_meeting_point
from tests.projects.conftest import make_project
from tests.roles import MINISTRY_ADMINISTRATORS, role_member
from tests.travel.hotel_fixtures import hotel_with_block, open_logistics
from travel.services import hotels

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
    the admin in `language`, at `size` (a name of SIZES or a viewport)."""
    client = Client()
    log_in(client, role_member(MINISTRY_ADMINISTRATORS))
    viewport = SIZES[size] if isinstance(size, str) else size
    context = browser.new_context(viewport=viewport, locale=language)
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


# The lists staff read most, at a 1280 × 800 laptop with the navigation and the filters open:
# no sideways scrolling in Italian or in Russian (whose labels are longer).
LAPTOP = {"width": 1280, "height": 800}
BUSY_LISTS = [
    "delegates/registration/",
    "agreements/agreement/",
    "meetings/meetingrequest/",
    "travel/hotelbooking/",
    "travel/travelplan/",
    "projects/collaborationproject/",
    "delegates/organization/",
    "delegates/person/",
    "projects/followup/",
    "meetings/meeting/",
    "agreements/commitment/",
    "sessions_app/session/",
]
LONG_ORGANIZATION = {
    "organization__name_latin": "Agency for Investment Development of the Republic of Tatarstan",
    "organization__name_cyrillic": "Агентство инвестиционного развития Республики Татарстан",
}


@pytest.fixture
def busy_kazan(kazan):
    """A row in each list, with the longest words and labels the portal has."""
    russian = RussianRegistrationFactory(
        session=kazan,
        role="staff",
        status="submitted",
        person__family_name="Мухаметшина-Валиуллина",
        person__given_name="Гульнара",
        person__family_name_latin="Mukhametshina-Valiullina",
        person__given_name_latin="Gulnara",
        person__email="gulnara.mukhametshina-valiullina@investment-agency.tatarstan.ru",
        organization__city="Набережные Челны",
        **LONG_ORGANIZATION,
    )
    italian = RegistrationFactory(session=kazan, organization__name_latin="Edilizia Veneta S.p.A.")
    AgreementFactory(
        session=kazan,
        kind="private_understanding",
        sector="institutional",
        status=AgreementStatus.TERMINATED,
        title_ru="Меморандум о взаимопонимании между Областью Эмилия-Романья и Республикой "
        "Татарстан о сотрудничестве промышленных округов",
    )
    meeting_point = make_meeting_point(kazan)
    meeting = Meeting.objects.create(
        meeting_point=meeting_point,
        request=MeetingRequest.objects.create(
            meeting_point=meeting_point,
            sender=russian,
            recipient=italian,
            status=MeetingRequestStatus.ACCEPTED,
        ),
        registration_a=russian,
        registration_b=italian,
        slot=1,
        table_number=3,
        needs_interpreter=True,
        is_manual=True,
    )
    open_logistics(kazan)
    _hotel, block = hotel_with_block(kazan, name_ru="Гостиница «Казань Палас» by Tasigo")
    hotels.choose_room(
        russian,
        block,
        check_in=kazan.start_date - datetime.timedelta(days=1),
        check_out=kazan.end_date + datetime.timedelta(days=1),
        sharing_note="с коллегой из Министерства экономики Республики Татарстан",
        by=russian,
    )
    hotels.save_travel_plan(
        russian,
        {
            "arrival_at": datetime.datetime(2027, 2, 17, 21, 30, tzinfo=datetime.UTC),
            "arrival_place": "Международный аэропорт Казань имени Габдуллы Тукая",
            "arrival_transfer": True,
            "departure_at": datetime.datetime(2027, 2, 19, 16, 0, tzinfo=datetime.UTC),
            "departure_place": "Железнодорожный вокзал Казань-Пассажирская",
            "departure_transfer": True,
        },
        by=russian,
    )
    table = ThematicTableFactory(
        session=kazan,
        name_it="Tecnologie e subfornitura per il settore oil & gas",
        name_ru="Технологии и субподряд для нефтегазовой отрасли",
    )
    project = make_project(
        russian,
        table,
        title_it="Pannelli termoisolanti per il clima continentale",
        title_ru="Теплоизоляционные панели для континентального климата",
        status=ProjectStatus.ACCEPTED_FOR_TABLE,
        translation_state=TranslationState.NEEDS_TRANSLATION,
        presentation_order=12,
    )
    asked = datetime.datetime(2027, 5, 19, 9, 0, tzinfo=datetime.UTC)
    FollowUp.objects.create(
        session=kazan,
        kind=FollowUpKind.PROJECT,
        round_months=12,
        registration=russian,
        project=project,
        sent_at=asked,
        reminded_at=asked + datetime.timedelta(days=14),
        answered_at=asked + datetime.timedelta(days=20),
        progress=Progress.AGREEMENT_SIGNED,
    )
    FollowUp.objects.create(
        session=kazan,
        kind=FollowUpKind.MEETING,
        round_months=3,
        registration=russian,
        meeting=meeting,
        sent_at=asked,
        reminded_at=asked + datetime.timedelta(days=14),
        answered_at=asked + datetime.timedelta(days=20),
        outcome=MeetingOutcome.USEFUL,
    )
    section = ProtocolSectionFactory(protocol=ProtocolFactory(session=kazan))
    Commitment.objects.create(
        section=section,
        side=CommitmentSide.BOTH,
        text_it="Il Ministero dell'industria e del commercio della Repubblica del Tatarstan "
        "organizza una missione imprenditoriale nei distretti industriali dell'Emilia-Romagna",
        text_ru="Министерство промышленности и торговли Республики Татарстан организует "
        "бизнес-миссию в промышленные округа Эмилии-Романьи с участием предприятий "
        "машиностроительного и нефтехимического комплексов",
        institution_it="Ministero dell'industria e del commercio della Repubblica del Tatarstan",
        institution_ru="Министерство промышленности и торговли Республики Татарстан",
        deadline=datetime.date(2026, 9, 30),  # overdue: the longest cell
        status=CommitmentStatus.IN_PROGRESS,
    )
    return kazan


@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_busiest_lists_fit_a_laptop_without_scrolling_sideways(
    browser, live_server, busy_kazan, language
):
    page = staff_page(browser, live_server, language, LAPTOP)
    SCREENSHOTS.mkdir(exist_ok=True)
    too_wide = []
    for path in BUSY_LISTS:
        page.goto(f"{live_server.url}/admin/{path}")
        assert page.locator("#result_list tbody tr").count() >= 1, path
        # Django's navigation is open, as it is for anyone who has not closed it.
        assert page.locator("#nav-sidebar").is_visible(), path
        name = path.strip("/").replace("/", "_")
        page.screenshot(path=str(SCREENSHOTS / f"{language}_laptop_{name}.png"))
        results, document = page.evaluate(
            "() => [document.querySelector('.results'), document.documentElement]"
            ".map((element) => [element.scrollWidth, element.clientWidth])"
        )
        if results[0] > results[1] or document[0] > document[1]:
            too_wide.append((path, results, document))
    page.context.close()
    assert too_wide == [], "\n".join(map(str, too_wide))


# Where the zone note, the actions and the rows begin and end (the note's text: inside its
# padding).
NOTE_PLACE = """() => {
  const box = (selector) => document.querySelector(selector).getBoundingClientRect();
  const note = document.querySelector('.list-zone-note');
  return {
    noteText: note.getBoundingClientRect().left + parseFloat(getComputedStyle(note).paddingLeft),
    noteTop: box('.list-zone-note').top,
    noteBottom: box('.list-zone-note').bottom,
    actionsText: box('#changelist .actions label').left,
    actionsBottom: box('#changelist .actions').bottom,
    rowsTop: box('#result_list').top,
  };
}"""


@pytest.mark.parametrize("size", ["laptop", "tablet"])
@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_commitments_zone_note_sits_right_above_the_rows_it_describes(
    browser, live_server, busy_kazan, language, size
):
    """The note naming the zone of the list's dates stood apart from the rows, between the
    search and the actions, its text indented from them; it now heads the rows, in line with
    the actions."""
    page = staff_page(browser, live_server, language, LAPTOP if size == "laptop" else size)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/admin/agreements/commitment/")
    assert "UTC+3" in page.locator(".list-zone-note").inner_text()
    page.screenshot(path=str(SCREENSHOTS / f"{language}_{size}_commitments_zone_note.png"))
    place = page.evaluate(NOTE_PLACE)
    assert abs(place["noteText"] - place["actionsText"]) < 1, place
    assert place["actionsBottom"] - 1 <= place["noteTop"], place
    assert 0 <= place["rowsTop"] - place["noteBottom"] <= 12, place
    page.context.close()
