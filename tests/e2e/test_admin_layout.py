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
from tests.agreements.factories import (
    AgreementFactory,
    ProtocolFactory,
    ProtocolSectionFactory,
    SignatoryFactory,
    signed_agreement,
)
from tests.factories import (
    KazanSessionFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    ThematicTableFactory,
    session_local_time,
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


# The change pages whose inlines made a laptop scroll sideways: the session's programme items
# (ten fields a row, 2,011 px wide, titles cut while typed), the agreement's parties and
# signatories, the hotel's room blocks. Now each fits 1280 px with the navigation open, in
# Italian and in Russian, and the titles are typed in wide inputs.
WIDTHS = """(selector) => {
  const doc = document.documentElement;
  return {
    document: [doc.scrollWidth, doc.clientWidth],
    inlines: [...document.querySelectorAll('.inline-group')]
      .filter((group) => group.scrollWidth > group.clientWidth).map((group) => group.id),
    inputs: Object.fromEntries([...document.querySelectorAll(selector)]
      .filter((input) => input.offsetParent && !input.closest('.empty-form'))
      .map((input) => [input.name, input.getBoundingClientRect().width])),
  };
}"""
LONG_TITLE_IT = "Tavolo tematico: meccatronica e automazione industriale nei distretti"
LONG_TITLE_RU = "Тематический круглый стол: мехатроника и промышленная автоматизация"


def assert_fits(page, selector, minimum_width):
    widths = page.evaluate(WIDTHS, selector)
    assert widths["document"][0] <= widths["document"][1], widths
    assert widths["inlines"] == [], widths
    assert widths["inputs"], selector
    narrow = {name: width for name, width in widths["inputs"].items() if width < minimum_width}
    assert narrow == {}, narrow
    return widths


@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_programme_items_fit_a_laptop_with_their_titles_in_wide_inputs(
    browser, live_server, language
):
    from sessions_app.models import Country, RegionKind
    from tests.factories import RegionFactory

    # In Tatarstan, whose zone is the session's: the page saves the session as it stands.
    tatarstan = RegionFactory(
        code="RU-TA",
        country=Country.RUSSIA,
        kind=RegionKind.REPUBLIC,
        name_it="Tatarstan",
        name_ru="Республика Татарстан",
        name_en="Tatarstan",
    )
    session = KazanSessionFactory(number=30, host_region=tatarstan)
    table = ThematicTableFactory(session=session)
    for hour in range(9, 13):
        ProgrammeItemFactory(
            session=session,
            title_it=LONG_TITLE_IT,
            title_ru=LONG_TITLE_RU,
            starts_at=session_local_time(session, 0, hour),
            ends_at=session_local_time(session, 0, hour, 50),
            place_it="Sala plenaria",
            table=table if hour == 10 else None,
        )
    page = staff_page(browser, live_server, language, LAPTOP)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/admin/sessions_app/session/{session.pk}/change/")
    assert page.locator("#nav-sidebar").is_visible()
    titles = "#programme_items-group input[name$='-title_it'], #programme_items-group input[name$='-title_ru'], #programme_items-group input[name$='-title_en']"  # noqa: E501
    assert len(assert_fits(page, titles, 250)["inputs"]) == 12
    # The other inlines of the page fit too (checked above for every inline group); a new
    # item added in the page, its times left out: the errors stand in its own cells.
    page.locator("#programme_items-group .add-row a").click()
    page.select_option("#id_programme_items-4-kind", "plenary")
    page.fill("#id_programme_items-4-title_it", LONG_TITLE_IT)
    page.fill("#id_programme_items-4-title_ru", LONG_TITLE_RU)
    page.locator("input[name=_continue]").click()
    page.locator("#programme_items-4 .field-starts_at .errorlist").wait_for()
    page.screenshot(
        path=str(SCREENSHOTS / f"{language}_laptop_programme_errors.png"), full_page=True
    )
    assert_fits(page, titles, 250)
    assert page.input_value("#id_programme_items-4-title_it") == LONG_TITLE_IT
    # Each field under its label, the times of an item side by side on its first line.
    kind, starts, ends, title = (
        page.locator(f"#programme_items-0 .field-{name}").bounding_box()
        for name in ("kind", "starts_at", "ends_at", "title_it")
    )
    assert kind["y"] == starts["y"] == ends["y"] < title["y"]
    day = (session.start_date + datetime.timedelta(days=1)).isoformat()
    for name, value in (("0", day), ("1", "15:00")):
        page.fill(f"#id_programme_items-4-starts_at_{name}", value)
    for name, value in (("0", day), ("1", "16:30")):
        page.fill(f"#id_programme_items-4-ends_at_{name}", value)
    page.locator("input[name=_continue]").click()
    page.locator(".messagelist .success").wait_for()
    page.screenshot(path=str(SCREENSHOTS / f"{language}_laptop_programme.png"), full_page=True)
    assert_fits(page, titles, 250)
    added = session.programme_items.get(starts_at=session_local_time(session, 1, 15))
    assert (added.title_it, added.title_ru) == (LONG_TITLE_IT, LONG_TITLE_RU)
    assert added.ends_at == session_local_time(session, 1, 16, 30)
    assert session.programme_items.count() == 5
    page.context.close()


@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_agreement_and_hotel_inlines_fit_a_laptop(browser, live_server, language):
    session = KazanSessionFactory(number=30)
    agreement = signed_agreement(session)
    SignatoryFactory(agreement=agreement, side="RU", name="Рустам Минниханов")
    hotel, _block = hotel_with_block(session)
    page = staff_page(browser, live_server, language, LAPTOP)
    SCREENSHOTS.mkdir(exist_ok=True)
    names = "input[name^='parties-'][name$='-name'], input[name^='signatories-'][name$='-name']"
    for name, path, selector, minimum in (
        ("agreement_add", "agreements/agreement/add/", names, 250),
        ("agreement", f"agreements/agreement/{agreement.pk}/change/", names, 250),
        (
            "hotel",
            f"travel/hotel/{hotel.pk}/change/",
            "#room_blocks-group input:not([type=checkbox])",
            30,
        ),
    ):
        page.goto(f"{live_server.url}/admin/{path}")
        assert page.locator("#nav-sidebar").is_visible(), path
        page.screenshot(path=str(SCREENSHOTS / f"{language}_laptop_{name}.png"), full_page=True)
        assert_fits(page, selector, minimum)
    # A party added in the page is laid out as the others: side, organization and region on
    # one line.
    page.goto(f"{live_server.url}/admin/agreements/agreement/add/")
    page.locator("#parties-group .add-row a").click()
    side, organization, region = (
        page.locator(f"#parties-1 .field-{name}").bounding_box()
        for name in ("side", "organization", "region")
    )
    assert side["y"] == organization["y"] == region["y"]
    assert_fits(page, names, 250)
    page.context.close()
