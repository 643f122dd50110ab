"""The journey of a collaboration project: a Russian delegate proposes it in Russian, staff
accept it and add the Italian translation, an Italian delegate finds it in the catalogue in
Italian and asks for a meeting about it, the scheduler places it, and after the session both
answer the follow-up."""

import datetime
import re

import pytest
from post_office.models import Email

from meetings import services as meeting_services
from meetings.models import Meeting
from projects.models import CollaborationProject, FollowUp, ProjectStatus
from projects.tasks import send_due_follow_ups_task
from tests.factories import (
    RegistrationFactory,
    RussianRegistrationFactory,
    SessionFactory,
    ThematicTableFactory,
    UserFactory,
)
from tests.helpers import authenticator_code, enrol_authenticator
from tests.meetings.conftest import make_meeting_point, make_profile
from tests.projects.conftest import make_call

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE_RU = "Совместное производство литейных форм"
TITLE_IT = "Produzione comune di stampi per fonderia"


def follow_up_link(registration):
    """The follow-up link of the last e-mail to `registration`, as written in it."""
    email = Email.objects.filter(to=[registration.person.email]).order_by("-pk").first()
    return re.search(r"https?://\S+/follow-up/[\w-]+/\?\w+=\w+", email.message).group(0)


def staff_login(page, live_server, next_url):
    user = UserFactory(username="ministry", is_superuser=True)
    user.set_password("a-long-password-1")
    user.save()
    device = enrol_authenticator(user)
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", "ministry")
    page.fill("#id_password", "a-long-password-1")
    page.click("input[type=submit]")
    page.fill("input[name='token-otp_token']", authenticator_code(device))
    page.click("input[type=submit]")


def test_a_project_from_russia_is_translated_found_in_italy_met_about_and_followed_up(
    page, phone_page, live_server, settings
):
    settings.SITE_URL = live_server.url
    session = SessionFactory()
    make_call(session)
    table = ThematicTableFactory(session=session, name_it="Meccanica", name_ru="Машиностроение")
    meeting_point = make_meeting_point(session)
    russian = RussianRegistrationFactory(session=session, wants_bilateral_meetings=True)
    make_profile(russian, offers="Литейное производство", looks_for="Итальянские партнёры")
    italian = RegistrationFactory(session=session, wants_bilateral_meetings=True)
    make_profile(italian, offers="Stampi e attrezzature", looks_for="Fonderie in Russia")

    # 1. The Russian delegate proposes the project in Russian, on a phone.
    russian_base = f"{live_server.url}/ru/registration/{russian.management_token}/projects"
    phone_page.goto(f"{russian_base}/")
    phone_page.get_by_role("link", name="Предложить проект").click()
    phone_page.get_by_label("Название (на русском)").fill(TITLE_RU)
    phone_page.get_by_label("Краткое содержание (на русском)").fill(
        "Ищем итальянского партнёра для совместного производства форм."
    )
    phone_page.get_by_label("Тематический круглый стол").select_option(str(table.pk))
    phone_page.get_by_label("Отрасль").select_option("mechanics")
    phone_page.get_by_label("Вид сотрудничества").select_option("joint_venture")
    phone_page.get_by_label("Искомый партнёр").select_option("company")
    phone_page.get_by_role("button", name="Подать проект").click()
    phone_page.wait_for_url(f"{russian_base}/")
    assert "Ваш проект подан" in phone_page.content()
    project = CollaborationProject.objects.get()
    assert project.original_language == "ru"

    # 2. Staff add the Italian translation and accept it for the table.
    staff_login(page, live_server, f"/admin/projects/collaborationproject/{project.pk}/change/")
    page.fill("#id_title_it", TITLE_IT)
    page.fill("#id_summary_it", "Cerchiamo un partner italiano per produrre stampi insieme.")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r".*/admin/projects/collaborationproject/(\?.*)?$"))
    page.check(f"input[name=_selected_action][value='{project.pk}']")
    page.select_option("select[name=action]", "accept_for_table")
    page.click("button[name=index]")
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED_FOR_TABLE
    assert project.translation_state == "translated"

    # 3. The Italian delegate finds it in the catalogue, in Italian, and asks for a meeting.
    page.goto(f"{live_server.url}/it/sessions/{session.number}/projects/")
    assert TITLE_IT in page.content() and TITLE_RU in page.content()
    italian_base = f"{live_server.url}/it/registration/{italian.management_token}/projects"
    page.goto(f"{italian_base}/catalogue/?table={table.pk}")
    page.get_by_role("link", name="Chiedi un incontro su questo progetto").click()
    page.get_by_label("Messaggio").fill("Vorremmo incontrarvi a Bergamo.")
    page.get_by_role("button", name="Invia la richiesta").click()
    assert "La Sua richiesta di incontro su questo progetto è stata inviata" in page.content()

    # The Russian delegate accepts it.
    phone_page.goto(f"{live_server.url}/ru/meeting-point/{russian.management_token}/requests/")
    assert TITLE_RU in phone_page.content()
    phone_page.get_by_role("button", name="Принять").click()

    # 4. The scheduler places it, and the agendas name the project.
    page.goto(f"{live_server.url}/it/meeting-point/staff/{session.number}/")
    page.get_by_role("button", name="Pianifica ora").click()
    meeting = Meeting.objects.get()
    assert meeting.slot is not None
    page.goto(f"{live_server.url}/it/meeting-point/{italian.management_token}/agenda/")
    assert TITLE_IT in page.content()
    phone_page.goto(f"{live_server.url}/ru/meeting-point/{russian.management_token}/agenda/")
    assert TITLE_RU in phone_page.content()

    # 5. After the session (time moved forward for the task engine), both answer.
    meeting_services.mark_held([meeting], by=meeting_services.SYSTEM)
    end = datetime.datetime.combine(session.end_date, datetime.time(12), tzinfo=datetime.UTC)
    # Celery marks "inside a task" in one flag for the whole process: the live server's thread
    # may be running an eager task of its own right now, so this wait must not be refused.
    for days in (3, 92):
        moment = (end + datetime.timedelta(days=days)).isoformat()
        send_due_follow_ups_task.delay(moment).get(disable_sync_subtasks=False)
    page.goto(follow_up_link(italian))  # the meeting: "useful, we continue"
    page.wait_for_selector("text=Grazie: la Sua risposta è stata registrata.")
    phone_page.goto(follow_up_link(russian))  # the project, its first answer in the e-mail
    phone_page.wait_for_selector("text=Спасибо, ваш ответ записан.")
    answered = FollowUp.objects.answered()
    assert {(f.kind, f.registration_id) for f in answered} >= {
        ("meeting", italian.pk),
        ("project", russian.pk),
    }
    # The results page says so.
    page.goto(f"{live_server.url}/it/sessions/{session.number}/projects/results/")
    assert "Con un contatto avviato: 1" in page.content()  # a count's label, not a status's
    assert meeting_point.pk
