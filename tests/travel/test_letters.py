"""Visa invitation letters: the request, the refusals, the permission on passport data, the
bilingual PDF, the release and the erasure."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from core.authorization import SYSTEM, ActionNotAllowed
from delegates.models import Registration
from tests.factories import (
    RegistrationFactory,
    RussianRegistrationFactory,
    RussianSessionFactory,
    SessionFactory,
    UserFactory,
)
from tests.helpers import log_in
from travel.models import VisaLetterRequest, VisaLetterStatus
from travel.services.letters import (
    LETTER_TRANSITIONS,
    VisaLetterError,
    change_letter_state,
    erase_passport_data,
    letter_problems,
    release_visa_letter,
    render_visa_letter,
    render_visa_letters,
    request_visa_letter,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English; the letter itself is Italian and Russian anyway."""
    with translation.override("en"):
        yield


def passport_data(session, **changes):
    data = {
        "name_in_passport": "IVANOVA ANNA",
        "date_of_birth": datetime.date(1980, 5, 17),
        "place_of_birth": "Sverdlovsk",
        "citizenship": "Russian Federation",
        "passport_number": "751234567",
        "passport_issued_on": datetime.date(2020, 3, 1),
        "passport_expires_on": session.end_date + datetime.timedelta(days=900),
        "consulate": "Consolato Generale d'Italia a Mosca",
    }
    data.update(changes)
    return data


def pdf_text(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def staff_with(*codenames, username="letters"):
    user = UserFactory(username=username)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="travel", codename__in=codenames)
    )
    return user


@pytest.fixture
def letter_request(session):
    registration = RussianRegistrationFactory(session=session)
    return request_visa_letter(registration, passport_data(session))


# --- requests and refusals ---------------------------------------------------------------


def test_a_complete_request_is_saved_and_waits_for_staff(letter_request):
    assert letter_request.status == VisaLetterStatus.REQUESTED
    assert letter_request.passport_number == "751234567"
    assert not letter_problems(letter_request)


def test_missing_passport_data_is_refused_with_the_missing_fields_named(session):
    registration = RussianRegistrationFactory(session=session)
    data = passport_data(session, passport_number="", date_of_birth=None)
    with pytest.raises(VisaLetterError) as error:
        request_visa_letter(registration, data)
    message = str(error.value)
    assert "passport number" in message and "date of birth" in message
    assert not VisaLetterRequest.objects.exists()


def test_a_passport_expiring_before_the_session_ends_is_refused(session):
    registration = RussianRegistrationFactory(session=session)
    data = passport_data(session, passport_expires_on=session.end_date - datetime.timedelta(1))
    with pytest.raises(VisaLetterError, match="expires"):
        request_visa_letter(registration, data)
    # The last day of the session is still fine.
    request_visa_letter(registration, passport_data(session, passport_expires_on=session.end_date))


@pytest.mark.parametrize("status", ["cancelled", "rejected", "pending_confirmation"])
def test_no_letter_for_registrations_that_are_not_active(session, status):
    registration = RussianRegistrationFactory(session=session, status=status)
    with pytest.raises(VisaLetterError):
        request_visa_letter(registration, passport_data(session))


def test_a_changed_request_goes_back_to_staff(letter_request, ministry_administrator):
    release_visa_letter(letter_request, by=ministry_administrator)
    letter_request.refresh_from_db()
    assert letter_request.is_released
    changed = request_visa_letter(
        letter_request.registration,
        passport_data(letter_request.registration.session, passport_number="759999999"),
    )
    assert changed.status == VisaLetterStatus.REQUESTED
    assert changed.released_at is None


def test_a_letter_is_not_released_when_the_registration_was_cancelled(
    letter_request, ministry_administrator
):
    Registration.objects.filter(pk=letter_request.registration_id).update(status="cancelled")
    letter_request.refresh_from_db()
    with pytest.raises(VisaLetterError, match="only for an active registration"):
        release_visa_letter(letter_request, by=ministry_administrator)


# --- the letter --------------------------------------------------------------------------


def test_the_letter_is_bilingual_with_the_passport_data_and_the_session(letter_request):
    session = letter_request.registration.session
    text = pdf_text(render_visa_letter(letter_request))
    flat = " ".join(text.split())
    # Letterhead of the host ministry of the session's time (Italian session), in both
    # languages; the consulate in each column's language.
    assert "Ministero delle Imprese e del Made in Italy" in flat
    assert "Министерство предприятий и «Сделано в Италии» Итальянской Республики" in flat
    assert "Consolato Generale d’Italia a Mosca" in flat
    assert "Генеральное консульство Итальянской Республики в Москве" in flat
    assert "IVANOVA ANNA" in flat
    assert letter_request.registration.person.full_name in flat
    assert "751234567" in flat
    assert "17 maggio 1980" in flat and "17 мая 1980" in flat
    assert "Russian Federation" in flat
    assert session.roman_numeral in flat
    assert "Bergamo" in flat and "Бергамо" in flat
    assert session.italian_cochair_name in flat
    # Italian and Russian prose, not only Italian.
    assert "visto" in flat
    assert "визы" in flat


def test_the_letter_of_a_russian_session_comes_from_the_russian_ministry():
    session = RussianSessionFactory()
    registration = RegistrationFactory(session=session)
    letter_request = request_visa_letter(
        registration,
        passport_data(session, name_in_passport="BIANCHI GIULIA", citizenship="Italiana"),
    )
    flat = " ".join(pdf_text(render_visa_letter(letter_request)).split())
    assert "Министерство экономического развития Российской Федерации" in flat
    assert "Екатеринбург" in flat and "Ekaterinburg" in flat
    assert session.russian_cochair_name in flat


def test_bulk_letters_leave_out_the_incomplete_ones_with_the_reason(session, letter_request):
    incomplete = VisaLetterRequest.objects.create(
        registration=RussianRegistrationFactory(session=session), name_in_passport="X"
    )
    pdf, refused = render_visa_letters(VisaLetterRequest.objects.order_by("pk"))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert [item[0] for item in refused] == [incomplete]
    assert "missing" in refused[0][1]


# --- erasure -----------------------------------------------------------------------------


def test_erasure_removes_passport_data_everywhere(letter_request):
    erased = erase_passport_data(
        Registration.objects.filter(pk=letter_request.registration_id), by=SYSTEM
    )
    assert erased == 1
    letter_request.refresh_from_db()
    assert letter_request.passport_number == ""
    assert letter_request.date_of_birth is None
    assert letter_request.status == VisaLetterStatus.ERASED
    assert letter_request.passport_data_erased_at is not None
    # The history never held passport data.
    for record in letter_request.history.all():
        assert not hasattr(record, "passport_number")
    with pytest.raises(VisaLetterError):
        render_visa_letter(letter_request)


# --- permissions and the delegate's side ---------------------------------------------------


def test_passport_data_is_visible_only_with_the_permission(client, letter_request):
    url = reverse("admin:travel_visaletterrequest_change", args=[letter_request.pk])
    viewer = staff_with("view_visaletterrequest", username="viewer")
    log_in(client, viewer)
    content = client.get(url).content.decode()
    assert "IVANOVA" not in content and "751234567" not in content
    pdf_url = reverse("admin:travel_visaletterrequest_letter", args=[letter_request.pk])
    assert client.get(pdf_url).status_code == 403

    officer = staff_with("view_visaletterrequest", "view_passport_data", username="officer")
    log_in(client, officer)
    content = client.get(url).content.decode()
    assert "IVANOVA" in content and "751234567" in content
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert "751234567" in pdf_text(response.content)
    # Every look at the passport data is in the audit trail.
    from staff.models import AuditEvent

    actions = list(AuditEvent.objects.filter(user=officer).values_list("action", flat=True))
    assert actions == ["view_passport_data", "view_passport_data"]
    assert not AuditEvent.objects.filter(user=viewer).exists()


def test_the_admin_list_costs_the_same_queries_for_1_and_20_requests(
    client, session, django_assert_num_queries
):
    officer = staff_with("view_visaletterrequest", "view_passport_data", username="officer")
    log_in(client, officer)
    url = reverse("admin:travel_visaletterrequest_changelist")
    counts = []
    for total in (1, 20):
        while VisaLetterRequest.objects.count() < total:
            request_visa_letter(RussianRegistrationFactory(session=session), passport_data(session))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_staff_release_letters_in_bulk_from_the_admin(client, session, letter_request):
    incomplete = VisaLetterRequest.objects.create(
        registration=RussianRegistrationFactory(session=session)
    )
    officer = staff_with("view_visaletterrequest", "change_visaletterrequest", "view_passport_data")
    log_in(client, officer)
    response = client.post(
        reverse("admin:travel_visaletterrequest_changelist"),
        {"action": "release_letters", "_selected_action": [letter_request.pk, incomplete.pk]},
        follow=True,
    )
    assert response.status_code == 200
    letter_request.refresh_from_db()
    incomplete.refresh_from_db()
    assert letter_request.is_released and letter_request.released_by == officer
    assert incomplete.status == VisaLetterStatus.REQUESTED


def test_the_delegate_asks_for_a_letter_and_downloads_it_once_released(
    client, session, ministry_administrator
):
    registration = RussianRegistrationFactory(session=session)
    url = reverse("travel:visa_letter", kwargs={"token": registration.management_token})
    assert client.get(url).status_code == 200
    form = {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in passport_data(session).items()
    }
    response = client.post(url, form, follow=True)
    assert response.status_code == 200
    letter_request = VisaLetterRequest.objects.get(registration=registration)
    download = reverse(
        "travel:visa_letter_download", kwargs={"token": registration.management_token}
    )
    # Not yet released: a clear message, no letter.
    response = client.get(download, follow=True)
    assert response["Content-Type"].startswith("text/html")
    release_visa_letter(letter_request, by=ministry_administrator)
    response = client.get(download)
    assert response["Content-Type"] == "application/pdf"
    assert "IVANOVA ANNA" in pdf_text(response.content)


def test_the_delegate_form_keeps_what_was_typed_and_explains_an_expired_passport(client, session):
    registration = RussianRegistrationFactory(session=session)
    url = reverse("travel:visa_letter", kwargs={"token": registration.management_token})
    form = {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in passport_data(session, passport_expires_on=session.start_date).items()
    }
    form["passport_expires_on"] = (session.end_date - datetime.timedelta(days=1)).isoformat()
    response = client.post(url, form)
    assert response.status_code == 200
    content = response.content.decode()
    assert "751234567" in content
    assert "passport_expires_on" in response.context["form"].errors
    assert "The passport expires before the session ends" in content
    assert not VisaLetterRequest.objects.exists()


def test_a_forged_management_token_finds_no_letter(client):
    url = reverse("travel:visa_letter", kwargs={"token": "forged-token"})
    assert client.get(url).status_code == 404
    SessionFactory()


def test_the_anonymization_of_old_sessions_erases_passport_data(letter_request):
    from delegates.services.privacy import anonymize_sessions_older_than

    # The session is weeks away: three years on, it ended more than a year ago.
    anonymize_sessions_older_than(
        1, by=SYSTEM, now=timezone.now() + datetime.timedelta(days=3 * 365)
    )
    letter_request.refresh_from_db()
    assert letter_request.passport_number == ""
    assert letter_request.status == VisaLetterStatus.ERASED


def test_the_management_page_links_to_the_badge_and_the_visa_letter(client, session):
    registration = RussianRegistrationFactory(session=session)
    page = client.get(reverse("delegates:manage", args=[registration.management_token]))
    content = page.content.decode()
    assert reverse("venue:own_badge", args=[registration.management_token]) in content
    assert reverse("travel:visa_letter", args=[registration.management_token]) in content


# --- the lifecycle: one table, one function ------------------------------------------------


def test_every_state_of_a_letter_request_has_its_transition():
    assert set(LETTER_TRANSITIONS) == set(VisaLetterStatus.values)


def test_a_change_of_state_records_who_and_why(letter_request, ministry_administrator):
    change_letter_state(
        letter_request, VisaLetterStatus.RELEASED, by=ministry_administrator, reason="checked"
    )
    last = letter_request.history.first()
    assert (last.status, last.history_user, last.history_change_reason) == (
        VisaLetterStatus.RELEASED,
        ministry_administrator,
        "checked",
    )


def test_an_erased_request_cannot_be_released(letter_request, ministry_administrator):
    change_letter_state(letter_request, VisaLetterStatus.ERASED, by=SYSTEM, reason="erased")
    with pytest.raises(VisaLetterError, match="cannot become"):
        change_letter_state(
            letter_request, VisaLetterStatus.RELEASED, by=ministry_administrator, reason=""
        )
    letter_request.refresh_from_db()
    assert letter_request.status == VisaLetterStatus.ERASED


def test_a_delegate_cannot_release_their_own_letter(letter_request):
    with pytest.raises(ActionNotAllowed):
        change_letter_state(
            letter_request,
            VisaLetterStatus.RELEASED,
            by=letter_request.registration,
            reason="",
        )
    letter_request.refresh_from_db()
    assert letter_request.status == VisaLetterStatus.REQUESTED


def test_staff_cannot_request_a_letter_in_a_delegates_name(letter_request, ministry_administrator):
    with pytest.raises(ActionNotAllowed):
        change_letter_state(
            letter_request, VisaLetterStatus.REQUESTED, by=ministry_administrator, reason=""
        )


def test_only_the_portal_erases_passport_data(letter_request, ministry_administrator):
    with pytest.raises(ActionNotAllowed):
        change_letter_state(
            letter_request, VisaLetterStatus.ERASED, by=ministry_administrator, reason=""
        )
    letter_request.refresh_from_db()
    assert letter_request.name_in_passport == "IVANOVA ANNA"


def test_an_unknown_state_is_refused_with_a_message(letter_request):
    with pytest.raises(VisaLetterError, match="Unknown state"):
        change_letter_state(letter_request, "lost", by=SYSTEM, reason="")


def _form_values(form):
    values = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False):
            values[name] = value
    return values


def test_staff_corrections_in_the_admin_go_through_the_service_and_keep_the_status(
    client, letter_request, ministry_administrator
):
    """A correction saves the fields with who made it; reverting to an earlier version
    restores the data, never the status (released stays released)."""
    log_in(client, ministry_administrator)
    release_visa_letter(letter_request, by=ministry_administrator)
    url = reverse("admin:travel_visaletterrequest_change", args=[letter_request.pk])
    values = _form_values(client.get(url).context["adminform"].form)
    values["consulate"] = "Consolato Generale d'Italia a San Pietroburgo"
    version = VisaLetterRequest.objects.get(pk=letter_request.pk).letter_version
    assert client.post(url, values).status_code == 302
    letter_request.refresh_from_db()
    assert letter_request.consulate == "Consolato Generale d'Italia a San Pietroburgo"
    # The letter already issued names another consulate: the corrected one is a new version.
    assert letter_request.letter_version == version + 1
    assert letter_request.status == VisaLetterStatus.RELEASED
    entry = letter_request.history.first()
    assert (entry.history_user, entry.history_change_reason) == (
        ministry_administrator,
        "corrected by staff",
    )
    before_release = letter_request.history.filter(
        status=VisaLetterStatus.REQUESTED, consulate="Consolato Generale d'Italia a Mosca"
    ).first()
    revert = reverse(
        "admin:travel_visaletterrequest_simple_history",
        args=[letter_request.pk, before_release.history_id],
    )
    assert client.post(revert, _form_values(client.get(revert).context["adminform"].form))
    letter_request.refresh_from_db()
    assert letter_request.consulate == "Consolato Generale d'Italia a Mosca"
    assert letter_request.status == VisaLetterStatus.RELEASED


def test_staff_without_the_passport_permission_cannot_change_passport_data(letter_request):
    from travel.services.letters import correct_letter_request

    clerk = staff_with("view_visaletterrequest", "change_visaletterrequest", username="clerk")
    with pytest.raises(ActionNotAllowed):
        correct_letter_request(letter_request, {"passport_number": "000"}, by=clerk)
    assert correct_letter_request(letter_request, {"consulate": "X"}, by=clerk) == ["consulate"]


def test_deleting_a_request_in_the_admin_goes_through_the_service(
    client, letter_request, ministry_administrator
):
    log_in(client, ministry_administrator)
    url = reverse("admin:travel_visaletterrequest_delete", args=[letter_request.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not VisaLetterRequest.objects.exists()
    last = VisaLetterRequest.history.filter(id=letter_request.pk).first()
    assert (last.history_type, last.history_user, last.history_change_reason) == (
        "-",
        ministry_administrator,
        "deleted by staff",
    )
