import datetime

import pytest
from django.urls import reverse

from projects.models import CollaborationProject, ProjectStatus
from tests.factories import RegistrationFactory, RussianRegistrationFactory, ThematicTableFactory
from tests.projects.conftest import make_project, pdf_upload

pytestmark = pytest.mark.django_db


def own_url(registration, name="projects:own", **kwargs):
    return reverse(name, kwargs={"token": registration.management_token, **kwargs})


def form_data(table, **overrides):
    data = {
        "title_ru": "Совместное производство станков",
        "summary_ru": "Ищем партнёра для совместного производства.",
        "title_it": "",
        "summary_it": "",
        "thematic_table": table.pk,
        "sector": "mechanics",
        "kind": "joint_venture",
        "partner_category": "company",
        "partner_region": "",
        "proposer_region": "",
    }
    data.update(overrides)
    return data


def test_the_private_page_shows_the_deadline_in_the_host_city_zone(client, call, russian):
    response = client.get(own_url(russian).replace("/it/", "/ru/"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "UTC+" in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_delegate_proposes_a_project_with_a_pdf(client, call, russian, table):
    data = form_data(table, presentation=pdf_upload())
    response = client.post(own_url(russian, "projects:propose"), data)
    assert response.status_code == 302
    project = CollaborationProject.objects.get()
    assert project.proposer == russian
    assert project.presentation
    # The proposer downloads it again through the private link.
    response = client.get(own_url(russian, "projects:presentation", project_id=project.pk))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )


def test_the_proposer_may_give_their_position_in_the_other_language(client, call, russian, table):
    url = own_url(russian, "projects:propose").replace("/it/", "/ru/")
    page = client.get(url).content.decode()
    assert "Ваша должность на другом языке" in page
    data = form_data(table, proposer_position_other_language="  Direttore commerciale ")
    assert client.post(url, data).status_code == 302
    project = CollaborationProject.objects.get()
    assert project.proposer_position_other_language == "Direttore commerciale"


def test_a_file_that_is_not_a_pdf_keeps_what_was_typed_and_saves_nothing(
    client, call, russian, table
):
    data = form_data(table, presentation=pdf_upload(content=b"MZ\x90\x00 executable"))
    response = client.post(own_url(russian, "projects:propose"), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Совместное производство станков" in text
    assert "PDF" in text
    assert not CollaborationProject.objects.exists()


def test_empty_titles_give_a_translated_message(client, call, russian, table):
    response = client.post(
        own_url(russian, "projects:propose").replace("/it/", "/ru/"),
        form_data(table, title_ru="", summary_ru="Описание"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Описание" in page
    assert not CollaborationProject.objects.exists()
    # One message, on the field that asks for it: no second one saying "Italian or Russian"
    # beside a Russian title marked required.
    assert "Обязательное поле" in page
    assert "на итальянском или русском" not in page


def test_the_project_form_lists_regions_alphabetically_in_the_readers_language(
    client, call, russian, table
):
    import re

    from sessions_app.models import Country, Region
    from tests.factories import RegionFactory

    # Codes in another order than the names, as in the reference data.
    for code, name_ru, name_it in (
        ("RU-AD", "Республика Адыгея", "Adighezia"),
        ("RU-ALT", "Алтайский край", "Territorio dell’Altaj"),
        ("RU-YAN", "Ямало-Ненецкий автономный округ", "Circondario autonomo Jamalo-Nenec"),
        ("RU-MOW", "Москва", "Mosca"),
    ):
        RegionFactory(code=code, country=Country.RUSSIA, name_ru=name_ru, name_it=name_it)
    page = client.get(own_url(russian, "projects:propose").replace("/it/", "/ru/")).content.decode()
    select = page.split('name="proposer_region"')[1].split("</select>")[0]
    names = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)
    russian_names = [
        name
        for name in names
        if name
        in set(Region.objects.filter(country=Country.RUSSIA).values_list("name_ru", flat=True))
    ]
    assert len(russian_names) > 1 and russian_names == sorted(russian_names)
    assert '<option value="" selected>—</option>' in select and "---------" not in page


def test_a_table_of_another_session_is_refused_by_the_form(client, call, russian):
    other = ThematicTableFactory()
    response = client.post(own_url(russian, "projects:propose"), form_data(other))
    assert response.status_code == 200
    assert not CollaborationProject.objects.exists()


def test_a_late_proposal_is_sent_back_with_a_message(client, call, russian, table):
    call.closes_at = call.opens_at + datetime.timedelta(seconds=1)
    call.save()
    response = client.post(own_url(russian, "projects:propose"), form_data(table), follow=True)
    assert "Linea" not in response.content.decode()
    assert not CollaborationProject.objects.exists()
    assert response.redirect_chain[-1][0].endswith("/projects/")


def test_the_delegate_edits_and_withdraws(client, call, russian, table):
    project = make_project(russian, table)
    url = own_url(russian, "projects:edit", project_id=project.pk)
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(table, title_ru="Новое название"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title_ru == "Новое название"
    withdraw_url = own_url(russian, "projects:withdraw", project_id=project.pk)
    assert client.get(withdraw_url).status_code == 200
    assert client.post(withdraw_url).status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.WITHDRAWN


def test_a_delegate_cannot_reach_another_delegates_project(client, call, russian, table):
    project = make_project(russian, table)
    other = RegistrationFactory(session=russian.session)
    assert client.get(own_url(other, "projects:edit", project_id=project.pk)).status_code == 404
    assert client.post(own_url(other, "projects:withdraw", project_id=project.pk)).status_code == (
        404
    )


def test_the_public_catalogue_shows_both_languages_side_by_side(client, call, russian, table):
    make_project(
        russian,
        table,
        title_it="Produzione comune di macchine",
        summary_it="Cerchiamo un partner",
        status=ProjectStatus.ACCEPTED_FOR_TABLE,
    )
    make_project(russian, table, title_ru="Не принят")  # proposed: not in the catalogue
    url = reverse("projects:catalogue", kwargs={"number": call.session.number})
    text = client.get(url).content.decode()
    assert "Produzione comune di macchine" in text
    assert "Линия обработки" in text
    assert "Не принят" not in text
    card = text[text.index("project-languages") :]
    assert card.index('lang="it"') < card.index('lang="ru"')


def test_the_catalogue_filters_by_table_kind_sector_and_region(client, call, russian, italian):
    first = ThematicTableFactory(session=call.session)
    second = ThematicTableFactory(session=call.session)
    make_project(russian, first, title_ru="Первый", status="accepted_table", kind="investment")
    make_project(italian, second, title_it="Secondo", status="accepted_catalogue", sector="ict")
    url = reverse("projects:catalogue", kwargs={"number": call.session.number})
    text = client.get(url, {"table": first.pk}).content.decode()
    assert "Первый" in text and "Secondo" not in text
    text = client.get(url, {"kind": "investment"}).content.decode()
    assert "Первый" in text and "Secondo" not in text
    text = client.get(url, {"sector": "ict"}).content.decode()
    assert "Secondo" in text and "Первый" not in text
    region = italian.organization.region
    text = client.get(url, {"region": region.pk}).content.decode()
    assert "Secondo" in text and "Первый" not in text
    # A value that is no choice is ignored, never a 500.
    assert client.get(url, {"table": "abc", "kind": "nope"}).status_code == 200


@pytest.mark.parametrize("count", [1, 8])
def test_the_catalogue_makes_the_same_number_of_queries_for_1_and_n_projects(
    client, django_assert_num_queries, call, table, count
):
    for _index in range(count):
        proposer = RussianRegistrationFactory(session=call.session)
        make_project(proposer, table, status=ProjectStatus.ACCEPTED_FOR_TABLE)
    url = reverse("projects:catalogue", kwargs={"number": call.session.number})
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.content.decode().count('class="card mb-3 project-card"') == count


def test_the_delegate_catalogue_offers_a_meeting_request(client, call, russian, italian, table):
    project = make_project(russian, table, status=ProjectStatus.ACCEPTED_FOR_TABLE)
    text = client.get(own_url(italian, "projects:delegate_catalogue")).content.decode()
    assert own_url(italian, "projects:ask_meeting", project_id=project.pk) in text
    # Not on one's own project.
    text = client.get(own_url(russian, "projects:delegate_catalogue")).content.decode()
    assert own_url(russian, "projects:ask_meeting", project_id=project.pk) not in text


def page_title(response):
    """The text of the page's <title>, as the browser's tab shows it."""
    from html.parser import HTMLParser

    class TitleParser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inside, self.raw, self.tags_inside = False, [], []

        def handle_starttag(self, tag, attrs):
            if tag == "title":
                self.inside = True
            elif self.inside:
                self.tags_inside.append(tag)

        def handle_endtag(self, tag):
            if tag == "title":
                self.inside = False

        def handle_data(self, data):
            if self.inside:
                self.raw.append(data)

    parser = TitleParser()
    parser.feed(response.content.decode())
    # <title> is RCDATA: a tag typed inside it reaches the tab as text; count both ways.
    return " ".join("".join(parser.raw).split()), parser.tags_inside


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("it", "I miei progetti – {roman} sessione · "),
        ("ru", "Мои проекты — {roman} заседание · "),
    ],
)
def test_the_title_of_my_projects_is_plain_text_without_the_booklets(
    client, call, table, project_session, language, expected
):
    registration = (RussianRegistrationFactory if language == "ru" else RegistrationFactory)(
        session=project_session, status="approved"
    )
    response = client.get(own_url(registration).replace("/it/", f"/{language}/"))
    assert response.status_code == 200
    title, tags = page_title(response)
    assert title.startswith(expected.format(roman=project_session.roman_numeral)), title
    assert "<" not in title and not tags
    assert registration.management_token not in title
    assert "booklet" not in title and ".pdf" not in title
    # The booklets are in the body, once.
    page = response.content.decode()
    booklet = reverse(
        "projects:booklet",
        kwargs={"token": registration.management_token, "table_id": table.pk},
    ).replace("/it/", f"/{language}/")
    assert page.count(f'href="{booklet}"') == 1
    assert page.index(f'href="{booklet}"') > page.index("<main")


def region_options(page, name):
    import re

    select = page.split(f'name="{name}"')[1].split("</select>")[0]
    return set(re.findall(r'<option value="(\d+)"', select))


@pytest.mark.parametrize("delegation", ["RU", "IT"])
def test_the_partner_region_offers_only_the_other_countrys_regions(
    client, call, table, project_session, delegation
):
    from sessions_app.models import Region
    from tests.factories import italian_region, russian_region

    lombardy, tatarstan = italian_region(), russian_region()
    factory = RussianRegistrationFactory if delegation == "RU" else RegistrationFactory
    proposer = factory(session=project_session)
    language = "ru" if delegation == "RU" else "it"
    page = client.get(
        own_url(proposer, "projects:propose").replace("/it/", f"/{language}/")
    ).content.decode()
    partner_country = "IT" if delegation == "RU" else "RU"
    offered = region_options(page, "partner_region")
    partner_regions = Region.objects.filter(country=partner_country)
    expected = {str(pk) for pk in partner_regions.values_list("pk", flat=True)}
    assert offered == expected
    assert str((tatarstan if delegation == "RU" else lombardy).pk) not in offered
    # The proposer's own region is still chosen among all.
    assert {str(lombardy.pk), str(tatarstan.pk)} <= region_options(page, "proposer_region")


def test_a_partner_region_of_the_proposers_own_country_is_refused(client, call, russian, table):
    from projects.services import ProjectError, proposals
    from tests.factories import russian_region

    own_country = russian_region()
    url = own_url(russian, "projects:propose").replace("/it/", "/ru/")
    response = client.post(url, form_data(table, partner_region=own_country.pk))
    assert response.status_code == 200
    assert not CollaborationProject.objects.exists()
    assert 'id="id_partner_region_error"' in response.content.decode()
    # The service refuses it too, whoever calls it.
    values = {
        "title_ru": "Станки",
        "summary_ru": "Описание",
        "thematic_table": table,
        "partner_region": own_country,
    }
    with pytest.raises(ProjectError) as refused:
        proposals.propose(russian, values=values)
    assert refused.value.field == "partner_region"
    assert not CollaborationProject.objects.exists()


def test_a_project_form_sent_empty_gets_the_error_summary_and_tied_errors(
    client, call, russian, table
):
    import re

    url = own_url(russian, "projects:propose").replace("/it/", "/ru/")
    # What the browser sends for the empty form: every field, empty.
    empty = dict.fromkeys(form_data(table), "")
    response = client.post(url, empty)
    assert response.status_code == 200
    page = response.content.decode()
    summary = re.search(r'<div class="[^"]*error-summary"[^>]*>', page).group(0)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert 'id="form-errors"' in summary and "data-error-summary" in summary
    assert "Исправьте отмеченные ниже поля" in page
    # The summary links to the title field; the field says it is invalid and where its
    # error is.
    assert 'href="#id_title_ru"' in page
    title = re.search(r'<input[^>]*name="title_ru"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in title
    described_by = re.search(r'aria-describedby="([^"]+)"', title).group(1).split()
    assert "id_title_ru_error" in described_by
    error = re.search(r'<div id="id_title_ru_error"[^>]*>([^<]+)</div>', page).group(1)
    assert "Обязательное поле" in error
    # A help text is tied to its field as well.
    other_title = re.search(r'<input[^>]*name="title_it"[^>]*>', page).group(0)
    assert 'aria-describedby="id_title_it_helptext"' in other_title
    assert 'id="id_title_it_helptext"' in page
    # portal.js (loaded on every page) moves the focus to the summary.
    assert "portal.js" in page


@pytest.mark.parametrize(
    ("language", "before", "after"),
    [
        ("it", "Da presentare al tavolo tematico", "Presentato al tavolo tematico"),
        (
            "ru",
            "Будет представлен на тематическом круглом столе",
            "Представлен на тематическом круглом столе",
        ),
        ("en", "To be presented at the thematic table", "Presented at the thematic table"),
    ],
)
def test_the_catalogue_badge_says_to_be_presented_until_the_session_is_over(
    client, call, russian, table, project_session, language, before, after
):
    import re

    from sessions_app.models import SessionStatus

    make_project(russian, table, status=ProjectStatus.ACCEPTED_FOR_TABLE)
    make_project(russian, table, title_ru="Только каталог", status="accepted_catalogue")
    url = reverse("projects:catalogue", kwargs={"number": project_session.number})
    url = url.replace("/it/", f"/{language}/")

    def badges():
        page = client.get(url).content.decode()
        return re.findall(r'class="badge[^"]*project-table-badge">([^<]+)<', page)

    assert project_session.start_date > datetime.date.today()
    assert badges() == [before]
    # The session's days are past: presented.
    today = datetime.date.today()
    project_session.start_date = today - datetime.timedelta(days=30)
    project_session.end_date = today - datetime.timedelta(days=29)
    project_session.save()
    assert badges() == [after]
    # Marked as held by staff on its last day: presented too.
    project_session.start_date = project_session.end_date = today
    project_session.status = SessionStatus.HELD
    project_session.save()
    assert badges() == [after]


def test_the_private_page_gives_the_decline_reason_in_the_readers_language(
    client, call, russian, table, organizer
):
    from projects.services import lifecycle

    project = make_project(russian, table)
    lifecycle.decline(project, by=organizer, reason_code="incomplete", reason="Добавьте цифры.")
    page = client.get(own_url(russian).replace("/it/", "/ru/")).content.decode()
    assert "Причина: Описания недостаточно, чтобы представить проект" in page
    assert "Примечание организаторов: Добавьте цифры." in page
    assert "La descrizione" not in page


@pytest.mark.parametrize(
    ("language", "cancelled", "presented"),
    [
        ("it", "Sessione annullata", "Presentato al tavolo tematico"),
        ("ru", "Заседание отменено", "Представлен на тематическом круглом столе"),
        ("en", "Session cancelled", "Presented at the thematic table"),
    ],
)
def test_a_project_of_a_cancelled_session_is_never_said_presented(
    client, call, russian, table, project_session, language, cancelled, presented
):
    import re

    from projects import reading
    from projects.statistics import project_figures
    from sessions_app.models import SessionStatus

    make_project(russian, table, status=ProjectStatus.ACCEPTED_FOR_TABLE)
    today = datetime.date.today()
    project_session.start_date = today - datetime.timedelta(days=30)
    project_session.end_date = today - datetime.timedelta(days=29)
    project_session.status = SessionStatus.CANCELLED
    project_session.save()
    url = reverse("projects:catalogue", kwargs={"number": project_session.number})
    page = client.get(url.replace("/it/", f"/{language}/")).content.decode()
    assert re.findall(r'class="badge[^"]*project-table-badge">([^<]+)<', page) == [cancelled]
    assert presented not in page
    # The proposer's own page says so beside the decision.
    own = reverse("projects:own", kwargs={"token": russian.management_token})
    assert cancelled in client.get(own.replace("/it/", f"/{language}/")).content.decode()
    # Nothing counted as presented: the results (the statistics leave the session out).
    assert reading.session_results(project_session)["totals"]["presented"] == 0
    assert project_session.title_and_city not in [row.label for row in project_figures().rows]
