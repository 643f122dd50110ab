"""Once the visa letter is released, the delegate's letter page shows it and its data
read-only; correcting the data takes a confirmation that the released letter is withdrawn,
and the withdrawn letter's QR code then verifies as not valid (withdrawn, later replaced)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import RegistrationFactory, RussianSessionFactory
from tests.travel.test_letter_emails import form_of
from tests.travel.test_letters import passport_data
from tests.travel.test_verification import code_of
from tests.venue.test_badges import decode_qr_codes
from travel.models import VisaLetterRequest, VisaLetterStatus
from travel.services.letters import release_visa_letter, render_visa_letter, request_visa_letter
from travel.services.verification import verify_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(ministry_administrator, django_capture_on_commit_callbacks):
    session = RussianSessionFactory()
    registration = RegistrationFactory(session=session, language="it")
    with django_capture_on_commit_callbacks(execute=True):
        letter_request = request_visa_letter(
            registration,
            passport_data(session, name_in_passport="FERRARI GIULIA", passport_number="YA111"),
        )
        return release_visa_letter(letter_request, by=ministry_administrator)


def page_url(registration, language="it"):
    with translation.override(language):
        return reverse("travel:visa_letter", kwargs={"token": registration.management_token})


def verification_page(client, code, language):
    with translation.override(language):
        return client.get(reverse("travel:verify_letter", kwargs={"code": code}))


def test_the_released_letter_page_is_read_only_with_a_way_to_ask_for_a_correction(client, letter):
    content = client.get(page_url(letter.registration)).content.decode()
    assert 'id="letter-data"' in content
    assert "YA111" in content and "FERRARI GIULIA" in content
    assert 'name="passport_number"' not in content  # no form
    assert "Modifica i miei dati del passaporto" in content
    assert 'href="?change=confirm"' in content
    russian = client.get(page_url(letter.registration, "ru")).content.decode()
    assert "Изменить мои паспортные данные" in russian and 'name="passport_number"' not in russian


def test_correcting_the_data_takes_a_confirmation_and_withdraws_the_letter(
    client, letter, mailoutbox, django_capture_on_commit_callbacks
):
    url = page_url(letter.registration)
    old_code = code_of(decode_qr_codes(render_visa_letter(letter))[0])
    sent_before = len(mailoutbox)
    new_data = form_of(
        passport_data(
            letter.registration.session, name_in_passport="FERRARI GIULIA", passport_number="YA222"
        )
    )
    # A post without the confirmation changes nothing: back to the confirmation step.
    response = client.post(url, new_data)
    assert response.status_code == 302 and response["Location"].endswith("?change=confirm")
    assert VisaLetterRequest.objects.get().passport_number == "YA111"
    # The confirmation says the released letter will be withdrawn; still no form.
    confirm = client.get(url, {"change": "confirm"}).content.decode()
    assert 'id="withdraw-confirmation"' in confirm and 'name="passport_number"' not in confirm
    assert "sarà ritirata" in confirm and 'href="?change=form"' in confirm
    # The form, with the warning and the confirmation it posts.
    form = client.get(url, {"change": "form"}).content.decode()
    assert 'name="passport_number"' in form and 'name="withdraw_letter" value="yes"' in form
    assert 'id="withdraw-warning"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**new_data, "withdraw_letter": "yes"}, follow=True)
    assert "ritirata" in response.content.decode()
    letter_request = VisaLetterRequest.objects.get()
    assert letter_request.status == VisaLetterStatus.REQUESTED
    assert letter_request.passport_number == "YA222" and letter_request.revoked_at
    # The download no longer gives the letter; the e-mail of a received request goes out.
    download = reverse(
        "travel:visa_letter_download", kwargs={"token": letter.registration.management_token}
    )
    assert client.get(download).status_code == 302
    new_mails = mailoutbox[sent_before:]
    assert len(new_mails) == 1 and new_mails[0].to == [letter.registration.person.email]
    assert "ricevuta" in new_mails[0].subject
    # It tells the delegate the letter released before must not be used.
    withdrawn = "La lettera rilasciata in precedenza, con i Suoi dati di prima, è ritirata"
    assert withdrawn in new_mails[0].body
    assert withdrawn in new_mails[0].alternatives[0][0]
    # The page is the form again (the request is no longer released).
    again = client.get(url).content.decode()
    assert 'name="passport_number"' in again and 'name="withdraw_letter"' not in again

    # The letter downloaded before verifies as withdrawn, in every language.
    assert verify_letter(old_code).state == "withdrawn"
    for language, text in (
        ("it", "Ritirata: questa lettera non è più valida."),
        ("ru", "Аннулировано: письмо больше не действительно."),
        ("en", "Withdrawn: this letter is no longer valid."),
    ):
        page = verification_page(client, old_code, language)
        content = page.content.decode()
        assert page.status_code == 200 and 'data-state="withdrawn"' in content
        assert text in content
        assert 'data-state="valid"' not in content


def test_the_new_release_replaces_the_withdrawn_letter(
    client, letter, ministry_administrator, django_capture_on_commit_callbacks
):
    old_code = code_of(decode_qr_codes(render_visa_letter(letter))[0])
    url = page_url(letter.registration)
    new_data = form_of(passport_data(letter.registration.session, passport_number="YA333"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**new_data, "withdraw_letter": "yes"})
        released = release_visa_letter(VisaLetterRequest.objects.get(), by=ministry_administrator)
    assert verify_letter(old_code).state == "replaced"
    new_code = code_of(decode_qr_codes(render_visa_letter(released))[0])
    assert verify_letter(new_code).state == "valid"
    content = verification_page(client, new_code, "it").content.decode()
    assert 'data-state="valid"' in content and released.letter_number in content


def test_the_admin_names_the_withdrawal_in_its_language(client, letter, ministry_administrator):
    from tests.helpers import log_in

    client.post(
        page_url(letter.registration),
        {
            **form_of(passport_data(letter.registration.session, passport_number="YA444")),
            "withdraw_letter": "yes",
        },
    )
    log_in(client, ministry_administrator)
    with translation.override("it"):
        url = reverse("admin:travel_visaletterrequest_change", args=[letter.pk])
        content = client.get(url).content.decode()
    reason = "Ritirata: i dati del passaporto sono stati corretti tramite il link personale."
    assert reason in content
    assert "withdrawn: the delegate" not in content
