"""Staff's registration admin: filters, search, bulk decisions, exports, reports."""

import csv
import datetime
import html
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from delegates.models import Organization, Registration, RegistrationStatus
from tests.factories import (
    KazanSessionFactory,
    PastSessionFactory,
    RegionFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    SessionFactory,
    ThematicTableFactory,
    bulk_registrations,
)
from tests.helpers import log_in

pytestmark = pytest.mark.django_db
Status = RegistrationStatus
CHANGELIST = "admin:delegates_registration_changelist"


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("minister", "m@example.org", "pw")
    log_in(client, user)
    return client


def test_changelist_stays_under_15_queries_with_10000_registrations(
    staff_client, session, django_assert_max_num_queries
):
    bulk_registrations(session, 10_000)
    url = reverse(CHANGELIST) + f"?session__id__exact={session.pk}&q=Rossi1"
    with django_assert_max_num_queries(15):
        response = staff_client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(15):
        response = staff_client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert "Rossi" in response.content.decode()


def test_search_finds_names_in_either_script_email_and_organization(staff_client, session):
    russian = RussianRegistrationFactory(
        session=session, person__family_name="Щербакова", person__family_name_latin="Shcherbakova"
    )
    italian = RegistrationFactory(session=session, organization__name_latin="Brembo S.p.A.")
    url = reverse(CHANGELIST)
    for query, expected in (
        ("Щербакова", russian),
        ("Shcherbakova", russian),
        (russian.person.email, russian),
        ("Brembo", italian),
    ):
        result = staff_client.get(url, {"q": query}).context["cl"].result_list
        assert list(result) == [expected], query


def test_filters_by_delegation_status_category_and_region(staff_client, session):
    italian = RegistrationFactory(session=session, status=Status.SUBMITTED)
    RussianRegistrationFactory(session=session, status=Status.APPROVED)
    url = reverse(CHANGELIST)
    params = {
        "delegation__exact": "IT",
        "status__exact": "submitted",
        "organization__category__exact": "company",
        "organization__region__id__exact": italian.organization.region_id,
        "session__id__exact": session.pk,
    }
    result = staff_client.get(url, params).context["cl"].result_list
    assert list(result) == [italian]


def test_bulk_approve_mails_each_delegate_in_their_language(
    staff_client, session, run_on_commit, mailoutbox
):
    italian = RegistrationFactory(session=session, status=Status.SUBMITTED)
    russian = RussianRegistrationFactory(session=session, status=Status.SUBMITTED)
    pending = RegistrationFactory(session=session, status=Status.PENDING_CONFIRMATION)
    with run_on_commit():
        response = staff_client.post(
            reverse(CHANGELIST),
            {
                "action": "approve_selected",
                "_selected_action": [italian.pk, russian.pk, pending.pk],
            },
            follow=True,
        )
    page = response.content.decode()
    assert "2 registrazioni approvate" in page
    assert "non ha ancora confermato" in page
    italian.refresh_from_db()
    russian.refresh_from_db()
    assert italian.status == russian.status == Status.APPROVED
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert "approvata" in subjects[italian.person.email]
    assert "одобрена" in subjects[russian.person.email]


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("waitlist_selected", Status.WAITLISTED),
        ("reject_selected", Status.REJECTED),
        ("cancel_selected", Status.CANCELLED),
    ],
)
def test_other_bulk_actions(staff_client, session, run_on_commit, mailoutbox, action, status):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    with run_on_commit():
        staff_client.post(
            reverse(CHANGELIST), {"action": action, "_selected_action": [registration.pk]}
        )
    registration.refresh_from_db()
    assert registration.status == status
    assert len(mailoutbox) == 1


def test_change_form_buttons_run_the_workflow(staff_client, session):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    change = reverse("admin:delegates_registration_change", args=[registration.pk])
    page = staff_client.get(change).content.decode()
    assert "transition/approve/" in page
    url = reverse("admin:delegates_registration_transition", args=[registration.pk, "approve"])
    staff_client.post(url)
    registration.refresh_from_db()
    assert registration.status == Status.APPROVED
    response = staff_client.post(url, follow=True)
    assert "già nello stato" in response.content.decode()


def test_csv_export_of_the_filtered_list_parses_back(staff_client, session):
    RussianRegistrationFactory(
        session=session, person__family_name="Щербакова", organization__name_cyrillic="Уралмаш"
    )
    RegistrationFactory(session=session, person__family_name="=cmd|' /C calc'!A0")
    RegistrationFactory()  # another session: filtered out
    url = reverse("admin:delegates_registration_export_csv")
    response = staff_client.get(url, {"session__id__exact": session.pk})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:3] == ["Sessione", "Delegazione", "Stato"]
    assert len(rows) == 3
    family_names = {row[3] for row in rows[1:]}
    assert "Щербакова" in family_names
    assert "'=cmd|' /C calc'!A0" in family_names  # no formula injection
    assert any("Уралмаш" in row for row in rows[1:])


def test_excel_export_parses_back(staff_client, session):
    RussianRegistrationFactory(session=session, person__family_name="Щербакова")
    url = reverse("admin:delegates_registration_export_xlsx")
    response = staff_client.get(url, {"delegation__exact": "RU"})
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][1] == "Delegazione"
    assert rows[1][1] == "RU"
    assert rows[1][3] == "Щербакова"


DECIDED = datetime.datetime(2026, 12, 5, 11, 38, tzinfo=datetime.UTC)  # 14:38 in Kazan


@pytest.mark.parametrize(
    ("language", "header"),
    [
        ("it", "Decisa il (ora di Kazan’, UTC+3)"),
        ("ru", "Дата решения (местное время, Казань, UTC+3)"),
    ],
)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exports_give_a_sessions_times_in_its_host_city_and_say_so(
    staff_client, language, header, file_format
):
    kazan = KazanSessionFactory()
    registration = RussianRegistrationFactory(session=kazan)
    Registration.objects.filter(pk=registration.pk).update(decided_at=DECIDED)
    staff_client.cookies["taskforce_language"] = language
    url = reverse(f"admin:delegates_registration_export_{file_format}")
    response = staff_client.get(url, {"session__id__exact": kazan.pk})
    if file_format == "csv":
        content = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(content)))
    else:
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        rows = list(workbook.active.iter_rows(values_only=True))
    column = rows[0].index(header)
    assert rows[1][column] == "2026-12-05 14:38"


def test_an_export_of_sessions_in_several_zones_says_each_row_is_in_its_own(staff_client):
    RegistrationFactory()  # Rome
    RussianRegistrationFactory(session=KazanSessionFactory())
    staff_client.cookies["taskforce_language"] = "it"
    response = staff_client.get(reverse("admin:delegates_registration_export_csv"))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(content)))
    assert "Decisa il (ora della città ospitante di ciascuna sessione)" in header


def test_export_needs_staff(client):
    response = client.get(reverse("admin:delegates_registration_export_csv"))
    assert response.status_code == 302


def test_report_reproduces_the_historical_counts_of_the_xxv_session(staff_client):
    xxv = PastSessionFactory(
        number=25, historical_registrations_italian=310, historical_registrations_russian=83
    )
    page = staff_client.get(reverse("admin:delegates_registration_report")).content.decode()
    assert "310" in page and "83" in page
    detail = staff_client.get(
        reverse("admin:delegates_registration_session_report", args=[xxv.pk])
    ).content.decode()
    assert "310" in detail and "83" in detail


def test_report_counts_registrations_by_delegation_and_status(staff_client, session):
    for _ in range(3):
        RegistrationFactory(session=session, status=Status.APPROVED)
    RegistrationFactory(session=session, status=Status.PENDING_CONFIRMATION)
    RussianRegistrationFactory(session=session, status=Status.WAITLISTED)
    response = staff_client.get(
        reverse("admin:delegates_registration_session_report", args=[session.pk])
    )
    rows = {row["delegation"]: row for row in response.context["report"]["rows"]}
    assert rows["IT"]["registered"] == 3
    assert rows["IT"]["by_status"]["pending_confirmation"] == 1
    assert rows["RU"]["registered"] == 1
    changelist = staff_client.get(reverse(CHANGELIST), {"session__id__exact": session.pk})
    assert changelist.context["session_report"]["registered"] == {"IT": 3, "RU": 1}


def test_staff_enter_a_registration_by_hand(staff_client, session):
    person = RegistrationFactory().person
    organization = Organization.objects.first()
    response = staff_client.post(
        reverse("admin:delegates_registration_add"),
        {
            "session": session.pk,
            "person": person.pk,
            "delegation": "IT",
            "organization": organization.pk,
            "position": "Sindaco",
            "role": "official",
            "company_visit_bookings-TOTAL_FORMS": "0",
            "company_visit_bookings-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    registration = Registration.objects.get(session=session)
    assert registration.status == Status.SUBMITTED
    assert registration.privacy_consent_at is not None


def test_deleting_a_registration_in_the_admin_frees_its_place(staff_client, session):
    session.capacity_italian = 1
    session.save()
    holder = RegistrationFactory(session=session, status=Status.APPROVED)
    waiting = RegistrationFactory(
        session=session, status=Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    staff_client.post(
        reverse("admin:delegates_registration_delete", args=[holder.pk]), {"post": "yes"}
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.SUBMITTED


# --- who may decide ------------------------------------------------------------------------

DECISIONS = ["approve_selected", "waitlist_selected", "reject_selected", "cancel_selected"]


@pytest.mark.parametrize("action", DECISIONS)
def test_a_viewer_cannot_decide_on_registrations_with_the_bulk_actions(
    client, session, viewer, run_on_commit, mailoutbox, action
):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    history = registration.history.count()
    log_in(client, viewer)
    with run_on_commit():
        response = client.post(
            reverse(CHANGELIST), {"action": action, "_selected_action": [registration.pk]}
        )
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED
    assert registration.history.count() == history
    assert mailoutbox == []


def test_viewers_are_offered_no_decision_and_organizers_every_one(
    client, session, viewer, organizer
):
    RegistrationFactory(session=session)
    log_in(client, viewer)
    assert offered_actions(client.get(reverse(CHANGELIST))) == set()
    log_in(client, organizer)
    offered = offered_actions(client.get(reverse(CHANGELIST)))
    assert set(DECISIONS) <= offered
    assert "delete_selected" not in offered


def offered_actions(response):
    """The names of the actions in the dropdown of a changelist page."""
    form = response.context["action_form"]
    if form is None:
        return set()
    return {name for name, _label in form.fields["action"].choices if name}


def test_organizers_decide_with_the_bulk_actions(
    client, session, organizer, run_on_commit, mailoutbox
):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    log_in(client, organizer)
    with run_on_commit():
        response = client.post(
            reverse(CHANGELIST),
            {"action": "reject_selected", "_selected_action": [registration.pk]},
        )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.REJECTED
    assert registration.history.first().history_user == organizer
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("transition", ["approve", "waitlist", "reject", "cancel"])
def test_a_viewer_cannot_use_the_buttons_of_the_change_page(
    client, session, viewer, run_on_commit, mailoutbox, transition
):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    log_in(client, viewer)
    change = reverse("admin:delegates_registration_change", args=[registration.pk])
    assert "transition/" not in client.get(change).content.decode()
    url = reverse("admin:delegates_registration_transition", args=[registration.pk, transition])
    with run_on_commit():
        assert client.post(url).status_code == 403
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED
    assert mailoutbox == []


def test_a_viewer_cannot_promote_the_waiting_list(client, session, viewer, run_on_commit):
    session.capacity_italian = 1
    session.save()
    waiting = RegistrationFactory(
        session=session, status=Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    log_in(client, viewer)
    url = reverse("admin:delegates_registration_promote", args=[session.pk])
    with run_on_commit():
        assert client.post(url).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


def test_a_transition_of_an_unknown_registration_or_name_is_not_found(staff_client, session):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    unknown = reverse("admin:delegates_registration_transition", args=[999999, "approve"])
    assert staff_client.post(unknown).status_code == 404
    not_a_number = reverse("admin:delegates_registration_transition", args=["x1", "approve"])
    assert staff_client.post(not_a_number).status_code == 404
    bad_name = reverse("admin:delegates_registration_transition", args=[registration.pk, "x"])
    assert staff_client.post(bad_name).status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


def test_an_unknown_transition_name_is_not_found_even_for_a_viewer(client, session, viewer):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    log_in(client, viewer)
    bad_name = reverse("admin:delegates_registration_transition", args=[registration.pk, "x"])
    assert client.post(bad_name).status_code == 404


def test_deleting_a_registration_in_the_admin_gives_its_place_to_the_waiting_list(
    staff_client, session, run_on_commit, mailoutbox
):
    session.capacity_italian = 1
    session.save()
    holder = RegistrationFactory(session=session, status=Status.APPROVED)
    waiting = RegistrationFactory(
        session=session, status=Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    url = reverse("admin:delegates_registration_delete", args=[holder.pk])
    with run_on_commit():
        response = staff_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Registration.objects.filter(pk=holder.pk).exists()
    assert Registration.history.filter(id=holder.pk).first().history_change_reason == (
        "deleted by staff"
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.SUBMITTED
    assert [message.to for message in mailoutbox] == [[waiting.person.email]]


def test_deleting_selected_registrations_gives_their_places_to_the_waiting_list(
    staff_client, session, run_on_commit
):
    session.capacity_italian = 2
    session.save()
    holders = RegistrationFactory.create_batch(2, session=session, status=Status.SUBMITTED)
    waiting = [
        RegistrationFactory(session=session, status=Status.WAITLISTED, waitlisted_at=timezone.now())
        for _ in range(3)
    ]
    with run_on_commit():
        response = staff_client.post(
            reverse(CHANGELIST),
            {
                "action": "delete_selected",
                "_selected_action": [holder.pk for holder in holders],
                "post": "yes",
            },
        )
    assert response.status_code == 302
    assert not Registration.objects.filter(pk__in=[holder.pk for holder in holders]).exists()
    statuses = [Registration.objects.get(pk=w.pk).status for w in waiting]
    assert statuses == [Status.SUBMITTED, Status.SUBMITTED, Status.WAITLISTED]


def test_an_organizer_cannot_delete_a_registration(client, session, organizer):
    registration = RegistrationFactory(session=session, status=Status.APPROVED)
    log_in(client, organizer)
    url = reverse("admin:delegates_registration_delete", args=[registration.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_a_registration_entered_in_the_admin_goes_through_the_lifecycle(
    staff_client, session, run_on_commit
):
    from tests.factories import OrganizationFactory, PersonFactory

    person = PersonFactory(preferred_language="ru")
    organization = OrganizationFactory()
    url = reverse("admin:delegates_registration_add")
    with run_on_commit():
        response = staff_client.post(
            url,
            {
                "session": session.pk,
                "person": person.pk,
                "delegation": "IT",
                "organization": organization.pk,
                "position": "Director",
                "role": "company_representative",
                "company_visit_bookings-TOTAL_FORMS": 0,
                "company_visit_bookings-INITIAL_FORMS": 0,
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    registration = Registration.objects.get(person=person, session=session)
    assert registration.status == Status.SUBMITTED
    assert registration.language == "ru"
    entry = registration.history.first()
    assert entry.history_change_reason == "entered by staff"
    assert entry.history_user.username == "minister"


def _posted_values(form):
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else value
    return data


def test_an_edit_in_the_admin_goes_through_the_service_and_reverting_never_changes_the_status(
    client, session, organizer
):
    """Staff correct a registration: only the fields they may edit are saved, with who and
    why; reverting to the version before the approval restores the position typed then, and
    the registration stays approved (the status changes only through the lifecycle)."""
    from delegates.services import approve

    log_in(client, organizer)
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED, position="CEO")
    approve(registration, by=organizer)
    change = reverse("admin:delegates_registration_change", args=[registration.pk])
    page = client.get(change)
    data = _posted_values(page.context["adminform"].form) | {"position": "Chief executive officer"}
    for inline in page.context["inline_admin_formsets"]:  # company visits, answers: none
        data |= {f"{inline.formset.prefix}-TOTAL_FORMS": "0"}
        data |= {f"{inline.formset.prefix}-INITIAL_FORMS": "0"}
    assert client.post(change, data).status_code == 302
    registration.refresh_from_db()
    assert (registration.position, registration.status) == ("Chief executive officer", "approved")
    entry = registration.history.first()
    assert (entry.history_user, entry.history_change_reason) == (organizer, "changed by staff")

    before_approval = registration.history.filter(status=Status.SUBMITTED).first()
    revert = reverse(
        "admin:delegates_registration_simple_history",
        args=[registration.pk, before_approval.history_id],
    )
    form = client.get(revert).context["adminform"].form
    assert client.post(revert, _posted_values(form)).status_code == 302
    registration.refresh_from_db()
    assert (registration.position, registration.status) == ("CEO", Status.APPROVED)


@pytest.mark.parametrize(
    ("language", "name"),
    [("it", "Владимир Волков – XXX"), ("ru", "Владимир Волков — XXX")],
)
def test_a_registration_is_named_as_the_reader_language_joins_two_parts(
    staff_client, language, name
):
    registration = RussianRegistrationFactory(
        session=KazanSessionFactory(number=30),
        person__given_name="Владимир",
        person__family_name="Волков",
        person__given_name_latin="Vladimir",
        person__family_name_latin="Volkov",
    )
    staff_client.cookies["taskforce_language"] = language
    url = reverse("admin:delegates_registration_history", args=[registration.pk])
    page = html.unescape(staff_client.get(url).content.decode())
    assert name in page


def test_the_thematic_table_filter_names_each_table_with_its_session(staff_client):
    xxx, xxix = KazanSessionFactory(number=30), SessionFactory(number=29)
    for session in (xxx, xxix):
        ThematicTableFactory(session=session, name_it="Edilizia", name_ru="Строительство")
    staff_client.cookies["taskforce_language"] = "ru"
    url = reverse("admin:delegates_registration_changelist")
    page = html.unescape(staff_client.get(url).content.decode())
    assert "Строительство (XXX)" in page and "Строительство (XXIX)" in page
    # Filtered by a session: only its tables.
    page = html.unescape(staff_client.get(url, {"session__id__exact": xxx.pk}).content.decode())
    assert page.count("Строительство") == 1
    staff_client.cookies["taskforce_language"] = "it"
    page = html.unescape(staff_client.get(url).content.decode())
    assert "Edilizia (XXX)" in page and "Edilizia (XXIX)" in page


@pytest.mark.parametrize(
    ("language", "in_order"),
    [
        (
            "ru",
            [
                "Алтайский край",
                "Республика Адыгея",
                "Республика Алтай",
                "Челябинская область",
                "Чеченская Республика",
            ],
        ),
        (
            "it",
            [
                "Regione di Čeljabinsk",
                "Repubblica cecena",
                "Repubblica dell’Adighezia",
                "Repubblica dell’Altaj",
                "Territorio dell’Altaj",
            ],
        ),
    ],
)
def test_the_region_filter_sorts_by_name_in_the_reader_language(staff_client, language, in_order):
    for code, name_it, name_ru in [
        ("RU-AD", "Repubblica dell’Adighezia", "Республика Адыгея"),
        ("RU-AL", "Repubblica dell’Altaj", "Республика Алтай"),
        ("RU-ALT", "Territorio dell’Altaj", "Алтайский край"),
        ("RU-CE", "Repubblica cecena", "Чеченская Республика"),
        ("RU-CHE", "Regione di Čeljabinsk", "Челябинская область"),
    ]:
        RegionFactory(code=code, country="RU", name_it=name_it, name_ru=name_ru, name_en=name_it)
    staff_client.cookies["taskforce_language"] = language
    page = html.unescape(
        staff_client.get(reverse("admin:delegates_registration_changelist")).content.decode()
    )
    positions = [page.index(f">{name}</a>") for name in in_order]
    assert positions == sorted(positions)


# The registration list at a laptop's width: few columns, each fact of a row still there.
LIST_HEADERS = {
    "it": ["delegato", "delegazione", "stato", "inviata il", "badge"],
    "ru": ["делегат", "делегация", "статус", "дата подачи", "бейдж"],
}
LIST_ROW = {
    "it": ["Russia", "Capo delegazione", "Approvata", "XXX", "05/12/2026", "14:38\u00a0UTC+3"],
    "ru": ["Россия", "Глава делегации", "Одобрена", "XXX", "05.12.2026", "14:38\u00a0UTC+3"],
}


@pytest.mark.parametrize("language", ["it", "ru"])
@pytest.mark.parametrize("count", [1, 20])
def test_the_registration_list_keeps_every_fact_staff_need_in_few_columns(
    staff_client, django_assert_num_queries, language, count
):
    kazan = KazanSessionFactory(number=30)
    registration = RussianRegistrationFactory(
        session=kazan,
        person__family_name="Щербакова",
        person__given_name="Анна",
        person__family_name_latin="Shcherbakova",
        person__given_name_latin="Anna",
        organization__name_latin="Tatneft",
        organization__name_cyrillic="Татнефть",
        role="head_of_delegation",
    )
    submitted = datetime.datetime(2026, 12, 5, 11, 38, tzinfo=datetime.UTC)  # 14:38 in Kazan
    Registration.objects.filter(pk=registration.pk).update(submitted_at=submitted)
    for _index in range(count - 1):
        RegistrationFactory(session=kazan)
    staff_client.cookies["taskforce_language"] = language
    with django_assert_num_queries(13):
        response = staff_client.get(reverse(CHANGELIST), {"session__id__exact": kazan.pk})
    assert response.context["cl"].result_count == count
    page = html.unescape(response.content.decode())
    start = page.index('<table id="result_list">')
    table = page[start : page.index("</table>", start)]
    headers = re.findall(r'<div class="text">(?:<a [^>]*>|<span>)([^<]+)<', table)
    assert [header.strip().lower() for header in headers] == LIST_HEADERS[language]
    row = next(row for row in table.split("<tr") if "Щербакова" in row)
    for fact in ["Щербакова Анна", "Shcherbakova Anna", "Tatneft", *LIST_ROW[language]]:
        assert fact in row, fact
    assert ("Badge" if language == "it" else "Бейдж") in row
    assert 'class="status-badge tone-done status-approved"' in row
    # The host city's zone named once, above the list.
    assert ("ora di Kazan’, UTC+3" if language == "it" else "местное время, Казань, UTC+3") in page


# The organizations and people lists at a laptop's width: the other script under the name,
# the region and the country under the city.
ORGANIZATION_COLUMNS = {
    "it": ["nome", "categoria", "città"],
    "ru": ["наименование", "категория", "город"],
}
ORGANIZATION_FACTS = {
    "it": "Agency for Investment Development of the Republic of Tatarstan Агентство "
    "инвестиционного развития Республики Татарстан Istituzione Naberežnye Čelny "
    "Regione di Sverdlovsk · Russia",
    "ru": "Agency for Investment Development of the Republic of Tatarstan Агентство "
    "инвестиционного развития Республики Татарстан Государственный орган Naberežnye Čelny "
    "Свердловская область · Россия",
}
PERSON_COLUMNS = {"it": ["cognome e nome", "e-mail"], "ru": ["фамилия и имя", "эл. почта"]}


@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_organization_and_people_lists_keep_every_fact_in_few_columns(staff_client, language):
    from tests.helpers import changelist_columns_and_row

    RussianRegistrationFactory(
        person__family_name="Мухаметшина-Валиуллина",
        person__given_name="Гульнара",
        person__family_name_latin="Mukhametshina-Valiullina",
        person__given_name_latin="Gulnara",
        person__email="g.mukhametshina@tatinvest.ru",
        organization__name_latin="Agency for Investment Development of the Republic of Tatarstan",
        organization__name_cyrillic="Агентство инвестиционного развития Республики Татарстан",
        organization__category="institution",
        organization__city="Naberežnye Čelny",
    )
    staff_client.cookies["taskforce_language"] = language
    response = staff_client.get(reverse("admin:delegates_organization_changelist"))
    columns, row = changelist_columns_and_row(response, "Agency for Investment")
    assert columns == ORGANIZATION_COLUMNS[language]
    assert ORGANIZATION_FACTS[language] in row
    response = staff_client.get(reverse("admin:delegates_person_changelist"))
    columns, row = changelist_columns_and_row(response, "Гульнара")
    assert columns == PERSON_COLUMNS[language]
    assert "Мухаметшина-Валиуллина Гульнара Mukhametshina-Valiullina Gulnara" in row
    assert "g.mukhametshina@tatinvest.ru" in row


@pytest.mark.parametrize(
    ("transition", "language", "says", "confirm", "status"),
    [
        (
            "reject",
            "it",
            ["passa allo stato «Respinta»", "un’e-mail in italiano", "non si può ritirare"],
            "Sì, respingi la registrazione",
            Status.REJECTED,
        ),
        (
            "cancel",
            "ru",
            [
                "Делегат: ",
                "получит статус «Отменена»",
                "письмо",
                "не сможет снова зарегистрироваться",
            ],
            "Да, отменить регистрацию",
            Status.CANCELLED,
        ),
    ],
)
def test_rejecting_or_cancelling_asks_first_and_says_the_delegate_is_mailed(
    client,
    session,
    organizer,
    run_on_commit,
    mailoutbox,
    transition,
    language,
    says,
    confirm,
    status,
):
    """A slip of the mouse from «Lista d’attesa» to «Respingi» rejected the delegate and sent
    the e-mail at once (tester's round 5, R15): the button opens a page that says what
    follows, and only its confirmation acts."""
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    log_in(client, organizer)
    client.cookies["taskforce_language"] = language
    change = reverse("admin:delegates_registration_change", args=[registration.pk])
    url = reverse("admin:delegates_registration_transition", args=[registration.pk, transition])
    page = client.get(change).content.decode()
    assert f'<a href="{url}"' in page  # a link to the page that asks, not a form that acts
    with run_on_commit():
        asked = client.get(url)
    text = html.unescape(asked.content.decode())
    assert asked.status_code == 200
    for fragment in [*says, registration.person.email, confirm]:
        assert fragment in text, fragment
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED
    assert mailoutbox == []
    with run_on_commit():
        response = client.post(url, follow=True)
    registration.refresh_from_db()
    assert registration.status == status
    assert len(mailoutbox) == 1
    assert response.redirect_chain[-1][0] == change


def test_the_page_that_asks_says_when_the_change_is_not_possible(client, session, organizer):
    registration = RegistrationFactory(session=session, status=Status.REJECTED)
    log_in(client, organizer)
    url = reverse("admin:delegates_registration_transition", args=[registration.pk, "cancel"])
    text = html.unescape(client.get(url).content.decode())
    assert "Una registrazione respinta non può essere annullata." in text
    assert "Sì, annulla la registrazione" not in text


def test_the_page_that_asks_names_the_waiting_list_that_takes_the_place(client, session, organizer):
    session.capacity_italian = 1
    session.save()
    registration = RegistrationFactory(session=session, status=Status.APPROVED)
    RegistrationFactory(session=session, status=Status.WAITLISTED, waitlisted_at=timezone.now())
    log_in(client, organizer)
    url = reverse("admin:delegates_registration_transition", args=[registration.pk, "reject"])
    text = html.unescape(client.get(url).content.decode())
    assert "al primo della lista d’attesa della delegazione Italia" in text


def test_approving_and_waitlisting_keep_their_one_click_and_are_not_pages(
    client, session, organizer
):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    log_in(client, organizer)
    for transition in ("approve", "waitlist"):
        url = reverse("admin:delegates_registration_transition", args=[registration.pk, transition])
        assert client.get(url).status_code == 405
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


def test_a_viewer_cannot_open_the_page_that_asks(client, session, viewer):
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    log_in(client, viewer)
    url = reverse("admin:delegates_registration_transition", args=[registration.pk, "reject"])
    assert client.get(url).status_code == 403


def test_the_russian_page_that_asks_needs_no_declension_of_the_delegates_name(
    client, session, organizer
):
    """«Регистрация участника Martina Santoro … становится «Отклонена»» (verification of
    round 5): a foreign name cannot be declined nor its gender assumed; the page names the
    delegate apart and says the status the registration will get."""
    registration = RegistrationFactory(
        session=session,
        status=Status.SUBMITTED,
        person__given_name="Martina",
        person__family_name="Santoro",
    )
    log_in(client, organizer)
    client.cookies["taskforce_language"] = "ru"
    url = reverse("admin:delegates_registration_transition", args=[registration.pk, "reject"])
    text = html.unescape(client.get(url).content.decode())
    assert "Делегат: Martina Santoro. Регистрация на " in text
    assert "получит статус «Отклонена»." in text
    assert "участника" not in text and "становится" not in text


def test_the_page_that_asks_leads_back_to_the_registration(client, session, organizer):
    """Its breadcrumbs (admin/_object_breadcrumbs.html, shared with the Protocol's finalize
    page and the control room): the list of registrations, the registration, the step."""
    registration = RegistrationFactory(session=session, status=Status.SUBMITTED)
    log_in(client, organizer)
    url = reverse("admin:delegates_registration_transition", args=[registration.pk, "reject"])
    page = client.get(url).content.decode()
    crumbs = page[page.index('<div class="breadcrumbs">') :]
    crumbs = crumbs[: crumbs.index("</div>")]
    assert reverse("admin:delegates_registration_changelist") in crumbs
    change = reverse("admin:delegates_registration_change", args=[registration.pk])
    assert f'<a href="{change}">{html.escape(str(registration))}</a>' in crumbs
