"""Registration questions per session: staff write them in three languages; delegates answer
them in the public form and through their private link; staff filter and export the answers;
the standard logistics block is added with one click."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.form_cache import forget_all
from delegates.models import QuestionKind, Registration, RegistrationAnswer, RegistrationQuestion
from delegates.services import questions as question_services
from delegates.services.questions import add_logistics_block
from tests.delegates.test_views import form_data, manage_url, register_url
from tests.factories import RegistrationFactory, RussianRegistrationFactory

pytestmark = pytest.mark.django_db


def make_questions(session):
    """One question of each kind; the yes/no one only for the Russian delegation."""
    made = {}
    specs = [
        (
            "dietary",
            QuestionKind.SEVERAL_CHOICES,
            {
                "label_it": "Esigenze alimentari",
                "label_ru": "Особенности питания",
                "label_en": "Dietary needs",
                "choices_it": "Vegetariana\nSenza glutine\nHalal",
                "choices_ru": "Вегетарианское\nБез глютена\nХаляль",
                "choices_en": "Vegetarian\nGluten-free\nHalal",
            },
        ),
        (
            "shirt",
            QuestionKind.ONE_CHOICE,
            {
                "label_it": "Pranzo",
                "label_ru": "Обед",
                "choices_it": "Sì\nNo",
                "choices_ru": "Да\nНет",
                "is_required": True,
            },
        ),
        ("note", QuestionKind.LONG_TEXT, {"label_it": "Note", "label_ru": "Примечания"}),
        ("short", QuestionKind.SHORT_TEXT, {"label_it": "Titolo", "label_ru": "Обращение"}),
        (
            "interpreter",
            QuestionKind.YES_NO,
            {"label_ru": "Нужен ли вам переводчик?", "delegation": "RU", "is_required": True},
        ),
        ("day", QuestionKind.DATE, {"label_it": "Giorno", "label_ru": "День"}),
        ("arrival", QuestionKind.DATE_TIME, {"label_it": "Arrivo", "label_ru": "Прибытие"}),
    ]
    for position, (key, kind, values) in enumerate(specs):
        made[key] = RegistrationQuestion.objects.create(
            session=session, kind=kind, position=position, **values
        )
    return made


def field(question):
    return f"question_{question.pk}"


# --- what staff write --------------------------------------------------------------------


def test_a_question_without_a_label_in_its_delegates_language_is_refused(session):
    question = RegistrationQuestion(session=session, kind="short_text", label_it="Titolo")
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert set(error.value.message_dict) == {"label_ru"}
    question.delegation = "IT"
    question.full_clean()  # Italians only: the Italian label is enough
    question.delegation = "RU"
    with pytest.raises(ValidationError):
        question.full_clean()


def test_choices_must_match_in_every_language(session):
    question = RegistrationQuestion(
        session=session,
        kind="one_choice",
        label_it="Pranzo",
        label_ru="Обед",
        choices_it="Sì\nNo",
        choices_ru="Да",
    )
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "choices_ru" in error.value.message_dict


def test_the_admin_refuses_a_missing_label_in_italian_keeping_the_input(client, organizer, session):
    client.force_login(organizer)
    response = client.post(
        reverse("admin:delegates_registrationquestion_add"),
        {
            "session": session.pk,
            "kind": "short_text",
            "delegation": "",
            "position": 0,
            "label_it": "Titolo",
            "label_ru": "",
            "label_en": "Title",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Titolo" in page and "scriva la domanda in questa lingua" in page
    assert not RegistrationQuestion.objects.exists()


# --- the public form and the private link ------------------------------------------------


def test_a_russian_delegate_answers_every_kind_of_question_in_russian(
    client, session, run_on_commit
):
    made = make_questions(session)
    page = client.get(register_url(session, "ru")).content.decode()
    assert "Особенности питания" in page and "Без глютена" in page
    assert "Нужен ли вам переводчик?" in page and 'data-delegation="RU"' in page
    data = form_data(
        delegation="RU",
        given_name="Юлия",
        family_name="Щербакова",
        email="yulia@example.ru",
        organization_name="Уралмаш",
        **{
            field(made["dietary"]): ["1", "2"],
            field(made["shirt"]): "0",
            field(made["note"]): "Прилетаю поздно\nвечером",
            field(made["short"]): "  Госпожа  ",
            field(made["interpreter"]): "yes",
            field(made["day"]): "2027-02-15",
            field(made["arrival"]): "2027-02-14T21:30",
        },
    )
    with run_on_commit():
        response = client.post(register_url(session, "ru"), data)
    assert response.status_code == 302, response.context["form"].errors
    registration = Registration.objects.get()
    answers = {a.question_id: a.value for a in registration.answers.all()}
    assert answers == {
        made["dietary"].pk: [1, 2],
        made["shirt"].pk: 0,
        made["note"].pk: "Прилетаю поздно\nвечером",
        made["short"].pk: "Госпожа",
        made["interpreter"].pk: True,
        made["day"].pk: "2027-02-15",
        made["arrival"].pk: "2027-02-14T21:30",
    }
    manage = client.get(manage_url(registration, language="ru")).content.decode()
    assert "Без глютена; Халяль" in manage and "2027-02-14 21:30" in manage


def test_a_required_question_left_empty_is_named_in_russian_and_nothing_is_lost(client, session):
    made = make_questions(session)
    data = form_data(
        delegation="RU",
        given_name="Юлия",
        family_name="Щербакова",
        email="yulia@example.ru",
        organization_name="Уралмаш",
        **{field(made["note"]): "Поздно вечером"},
    )
    response = client.post(register_url(session, "ru"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {field(made["shirt"]), field(made["interpreter"])}
    page = response.content.decode()
    assert "Поздно вечером" in page and "Щербакова" in page
    assert not Registration.objects.exists()


def test_a_question_for_the_russian_delegation_is_not_asked_of_italians(
    client, session, run_on_commit
):
    made = make_questions(session)
    data = form_data(**{field(made["shirt"]): "1", field(made["interpreter"]): "yes"})
    with run_on_commit():
        response = client.post(register_url(session), data)
    assert response.status_code == 302
    values = dict(RegistrationAnswer.objects.values_list("question_id", "value"))
    assert values == {made["shirt"].pk: 1}  # the Russian-only answer is not kept


def test_answers_are_changed_through_the_private_link(client, session):
    made = make_questions(session)
    registration = RegistrationFactory(
        session=session, person__email="giulia.bianchi@example.org", status="submitted"
    )
    RegistrationAnswer.objects.create(
        registration=registration, question=made["note"], value="Vecchia nota", keys="|answered|"
    )
    edit = client.get(manage_url(registration, "delegates:edit"))
    assert "Vecchia nota" in edit.content.decode()
    response = client.post(
        manage_url(registration, "delegates:edit"),
        form_data(**{field(made["shirt"]): "1", field(made["note"]): ""}),
    )
    assert response.status_code == 302
    values = dict(registration.answers.values_list("question_id", "value"))
    assert values == {made["shirt"].pk: 1}  # the emptied note is gone


@pytest.mark.parametrize("count", [1, 8])
def test_the_form_loads_the_questions_in_one_query(
    client, session, django_assert_num_queries, count
):
    for number in range(count):
        RegistrationQuestion.objects.create(
            session=session,
            kind="one_choice",
            label_it=f"Domanda {number}",
            label_ru=f"Вопрос {number}",
            choices_it="A\nB",
            choices_ru="А\nБ",
        )
    forget_all()
    # The session, its questions (one query however many), the regions of the first render.
    with django_assert_num_queries(3):
        response = client.get(register_url(session))
    assert "Domanda 0" in response.content.decode()


# --- staff: filters, exports -------------------------------------------------------------


def _answer(registration, question, value, keys):
    RegistrationAnswer.objects.create(
        registration=registration, question=question, value=value, keys=keys
    )


def test_staff_filter_registrations_by_answer_and_export_the_answers(admin_client, session):
    made = make_questions(session)
    vegetarian = RegistrationFactory(session=session)
    _answer(vegetarian, made["dietary"], [0], "|0|")
    halal = RussianRegistrationFactory(session=session)
    _answer(halal, made["dietary"], [2], "|2|")
    _answer(halal, made["interpreter"], True, "|yes|")
    RegistrationFactory(session=session)
    url = reverse("admin:delegates_registration_changelist")
    response = admin_client.get(
        url, {"session__id__exact": session.pk, "answer": f"{made['dietary'].pk}:2"}
    )
    assert list(response.context["cl"].queryset) == [halal]
    filter_choices = response.content.decode()
    assert "Esigenze alimentari: Halal" in filter_choices
    response = admin_client.get(
        url, {"session__id__exact": session.pk, "answer": f"{made['interpreter'].pk}:yes"}
    )
    assert list(response.context["cl"].queryset) == [halal]

    export = admin_client.get(
        reverse("admin:delegates_registration_export_csv"), {"session__id__exact": session.pk}
    )
    content = b"".join(export.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(content)))
    header = table[0]
    assert "Esigenze alimentari" in header and "Нужен ли вам переводчик?" in header
    column = header.index("Esigenze alimentari")
    by_name = {
        row[header.index("Family name") if "Family name" in header else 3]: row for row in table[1:]
    }
    assert by_name[halal.person.family_name][column] == "Halal"
    assert by_name[vegetarian.person.family_name][column] == "Vegetariana"


@pytest.mark.parametrize("count", [1, 6])
def test_the_export_reads_the_answers_in_constant_queries(
    admin_client, session, django_assert_num_queries, count
):
    made = make_questions(session)
    for _index in range(count):
        registration = RegistrationFactory(session=session)
        _answer(registration, made["note"], "Nota", "|answered|")
        _answer(registration, made["dietary"], [1], "|1|")
    # 20: one of them reads the sessions exported, whose zone the time columns' headers name.
    with django_assert_num_queries(20):
        export = admin_client.get(
            reverse("admin:delegates_registration_export_xlsx"), {"session__id__exact": session.pk}
        )
    assert export.status_code == 200


# --- the standard logistics block --------------------------------------------------------


def test_the_logistics_block_is_added_once_and_lets_other_apps_contribute(
    client, organizer, viewer, session
):
    calls = []

    @question_services.contribute_to_logistics_block
    def travel_part(session, *, by):
        calls.append(session)
        return ["Arrivals and departures"]

    try:
        client.force_login(viewer)
        url = reverse("admin:delegates_registrationquestion_logistics_block", args=[session.pk])
        assert client.post(url).status_code == 403
        with pytest.raises(PermissionDenied):
            add_logistics_block(session, by=viewer)
        client.force_login(organizer)
        response = client.post(url, follow=True)
        assert response.status_code == 200
        keys = set(session.registration_questions.values_list("standard_key", flat=True))
        assert keys == {"dietary_needs", "dietary_needs_other", "accessibility_needs"}
        assert "Arrivals and departures" in response.content.decode()
        client.post(url)
        assert session.registration_questions.count() == 3
        assert calls == [session, session]
    finally:
        question_services._logistics_contributors.remove(travel_part)


def test_answers_are_in_the_delegates_data_and_go_with_an_erasure(session):
    from core.authorization import SYSTEM
    from delegates.services import erase_personal_data, personal_data

    made = make_questions(session)
    registration = RussianRegistrationFactory(session=session)
    _answer(registration, made["dietary"], [2], "|2|")
    data = personal_data(registration.person)
    assert data["registrations"][0]["answers"] == [
        {"question": "Особенности питания", "answer": "Халяль"}
    ]
    erase_personal_data(registration, by=SYSTEM)
    assert not RegistrationAnswer.objects.exists()
