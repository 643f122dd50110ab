"""The delegate is e-mailed in their language when their visa letter request is received and
when staff release the letter (once per release), with the link to the letter page."""

import pytest
from django.urls import reverse
from django.utils import translation
from post_office.models import Email

from sessions_app.services.outbox import sender
from tests.factories import (
    RegistrationFactory,
    RussianRegistrationFactory,
    RussianSessionFactory,
)
from tests.helpers import log_in
from tests.travel.test_letters import passport_data, staff_with
from travel.models import VisaLetterRequest, VisaLetterStatus
from travel.services.letters import release_visa_letter, request_visa_letter

pytestmark = pytest.mark.django_db


def letter_page(registration):
    with translation.override(registration.language):
        return reverse("travel:visa_letter", kwargs={"token": registration.management_token})


def form_of(data):
    return {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in data.items()
    }


def release_from_the_admin(client, *letter_requests):
    return client.post(
        reverse("admin:travel_visaletterrequest_changelist"),
        {"action": "release_letters", "_selected_action": [r.pk for r in letter_requests]},
        follow=True,
    )


@pytest.fixture
def officer():
    return staff_with(
        "view_visaletterrequest", "change_visaletterrequest", "view_passport_data", username="rel"
    )


def test_an_italian_delegate_is_told_in_italian_of_the_request_and_of_the_release(
    client, mailoutbox, django_capture_on_commit_callbacks, officer
):
    session = RussianSessionFactory(number=30)
    registration = RegistrationFactory(session=session)
    data = passport_data(session, name_in_passport="FERRARI GIULIA", citizenship="Italiana")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(letter_page(registration), form_of(data), follow=True)
    assert response.status_code == 200
    letter_request = VisaLetterRequest.objects.get(registration=registration)
    assert letter_request.status == VisaLetterStatus.REQUESTED

    (received,) = mailoutbox
    link = f"/it/visa-letter/{registration.management_token}/"
    assert received.to == [registration.person.email]
    assert received.subject == (
        "La Sua richiesta di lettera di invito per il visto per la XXX sessione è stata ricevuta"
    )
    assert "Gli organizzatori verificano i dati del Suo passaporto" in received.body
    assert "ritirata" not in received.body  # no letter was released before
    assert link in received.body
    html = received.alternatives[0][0]
    assert 'lang="it"' in html and link in html
    assert received.from_email == sender("it")
    # The shared signature of the delegates' e-mails.
    assert "La segreteria della Task Force" in received.body

    log_in(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        release_from_the_admin(client, letter_request)
    letter_request.refresh_from_db()
    assert letter_request.status == VisaLetterStatus.RELEASED
    assert len(mailoutbox) == 2
    released = mailoutbox[1]
    assert released.to == [registration.person.email]
    assert released.subject == "La Sua lettera di invito per il visto per la XXX sessione è pronta"
    assert "è pronta" in released.body and link in released.body
    assert link in released.alternatives[0][0]

    # The action run again: the letter is released already, the delegate is not told twice.
    with django_capture_on_commit_callbacks(execute=True):
        release_from_the_admin(client, letter_request)
    assert len(mailoutbox) == 2
    assert Email.objects.filter(to=registration.person.email).count() == 2


def test_a_russian_delegate_is_told_in_russian(
    client, session, mailoutbox, django_capture_on_commit_callbacks, officer
):
    registration = RussianRegistrationFactory(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(letter_page(registration), form_of(passport_data(session)))
    assert response.status_code == 302
    (received,) = mailoutbox
    link = f"/ru/visa-letter/{registration.management_token}/"
    assert received.subject.startswith("Ваш запрос визового приглашения на ")
    assert received.subject.endswith(" получен")
    assert "Организаторы проверяют паспортные данные" in received.body
    assert link in received.body
    assert received.from_email == sender("ru")

    log_in(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        release_from_the_admin(client, VisaLetterRequest.objects.get())
    released = mailoutbox[1]
    assert released.subject.startswith("Ваше визовое приглашение на ")
    assert released.subject.endswith(" готово")
    assert link in released.body and link in released.alternatives[0][0]
    assert 'lang="ru"' in released.alternatives[0][0]


def test_a_changed_request_released_again_is_a_new_release_and_a_new_e_mail(
    session, mailoutbox, django_capture_on_commit_callbacks, ministry_administrator
):
    registration = RussianRegistrationFactory(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        letter_request = request_visa_letter(registration, passport_data(session))
        release_visa_letter(letter_request, by=ministry_administrator)
        letter_request = request_visa_letter(
            registration, passport_data(session, passport_number="759999999")
        )
        release_visa_letter(letter_request, by=ministry_administrator)
        release_visa_letter(letter_request, by=ministry_administrator)
    subjects = [message.subject for message in mailoutbox]
    assert len(subjects) == 4
    assert [subject.endswith("готово") for subject in subjects] == [False, True, False, True]


def test_no_e_mail_when_the_release_is_refused(
    client, session, mailoutbox, django_capture_on_commit_callbacks, officer
):
    incomplete = VisaLetterRequest.objects.create(
        registration=RussianRegistrationFactory(session=session), name_in_passport="X"
    )
    log_in(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        release_from_the_admin(client, incomplete)
    assert mailoutbox == []
    # Nor for a delegate whose passport is refused by the form.
    registration = RussianRegistrationFactory(session=session)
    data = passport_data(session, passport_expires_on=session.start_date)
    client.post(letter_page(registration), form_of(data))
    assert mailoutbox == [] and not Email.objects.exists()
