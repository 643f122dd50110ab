"""The e-mails and the private page say only what the private link does for the registration
as it stands: a rejected or cancelled registration can no longer be changed or cancelled, so
its link is to see the decision, download one's data or ask for its erasure; an active one
is changed only while registration is open, cancelled at any time."""

import datetime

import pytest
from django.utils import timezone, translation

from core.authorization import SYSTEM
from delegates.models import RegistrationStatus
from delegates.services import approve, cancel, reject, waitlist
from tests.delegates.test_views import manage_url
from tests.factories import RegistrationFactory, RussianRegistrationFactory

pytestmark = pytest.mark.django_db

Status = RegistrationStatus

# What the link promises, by language: to change and cancel (while registration is open),
# to see or cancel (once it closed), and what a rejected or cancelled registration keeps.
CHANGE = {
    "it": "vedere, modificare o annullare la registrazione",
    "ru": "просмотреть, изменить или отменить регистрацию",
    "en": "view, change or cancel your registration",
}
SEE_OR_CANCEL = {
    "it": "Per vedere o annullare la registrazione",
    "ru": "Чтобы просмотреть или отменить регистрацию",
    "en": "To view or cancel your registration",
}
REJECTED = {
    "it": "Per vedere la decisione degli organizzatori, scaricare i Suoi dati o chiederne la "
    "cancellazione usi il Suo link personale",
    "ru": "Чтобы узнать решение организаторов, скачать свои данные или запросить их удаление, "
    "воспользуйтесь личной ссылкой",
    "en": "To see the organizers' decision, download your data or ask for it to be erased",
}
CANCELLED = {
    "it": "Per vedere la registrazione annullata, scaricare i Suoi dati o chiederne la "
    "cancellazione",
    "ru": "Чтобы просмотреть отменённую регистрацию, скачать свои данные или запросить их удаление",
    "en": "To view your cancelled registration, download your data or ask for it to be erased",
}
# Any promise to change or cancel, whatever the wording.
CHANGE_WORDS = {
    "it": ("modificare", "annullare la registrazione"),
    "ru": ("изменить", "отменить регистрацию"),
    "en": ("change", "cancel your registration"),
}


def registration_in(language, session, status=Status.SUBMITTED):
    factory = RussianRegistrationFactory if language == "ru" else RegistrationFactory
    return factory(session=session, language=language, status=status)


def parts(message):
    """The text part and the HTML part, the HTML's apostrophes as written."""
    return message.body, message.alternatives[0][0].replace("&#x27;", "'")


@pytest.mark.parametrize("language", ["it", "ru", "en"])
def test_the_rejection_email_promises_no_change_nor_cancellation(
    language, session, run_on_commit, mailoutbox
):
    registration = registration_in(language, session)
    with run_on_commit():
        reject(registration, by=SYSTEM)
    (message,) = mailoutbox
    for text in parts(message):
        assert REJECTED[language] in text
        assert registration.management_token in text
        for words in CHANGE_WORDS[language]:
            assert words not in text, text


@pytest.mark.parametrize("language", ["it", "ru", "en"])
@pytest.mark.parametrize("by_staff", [True, False])
def test_the_cancellation_email_promises_no_change_nor_cancellation(
    language, by_staff, session, run_on_commit, mailoutbox
):
    registration = registration_in(language, session, Status.APPROVED)
    with run_on_commit():
        cancel(registration, by=SYSTEM if by_staff else registration)
    (message,) = mailoutbox
    for text in parts(message):
        assert CANCELLED[language] in text
        assert CHANGE[language] not in text and SEE_OR_CANCEL[language] not in text


@pytest.mark.parametrize("language", ["it", "ru", "en"])
def test_while_registration_is_open_the_waitlist_email_offers_to_change_or_cancel(
    language, session, run_on_commit, mailoutbox
):
    registration = registration_in(language, session)
    with run_on_commit():
        waitlist(registration, by=SYSTEM)
    for text in parts(mailoutbox[0]):
        assert CHANGE[language] in text


@pytest.mark.parametrize("language", ["it", "ru"])
def test_an_approval_after_registration_closed_offers_to_see_or_cancel_not_to_change(
    language, session, run_on_commit, mailoutbox
):
    registration = registration_in(language, session)
    session.registration_closes = timezone.now() - datetime.timedelta(hours=1)
    session.save()
    with run_on_commit():
        approve(registration, by=SYSTEM)
    for text in parts(mailoutbox[0]):
        assert SEE_OR_CANCEL[language] in text
        assert CHANGE[language] not in text


PAGE = {
    "rejected": {
        "it": "chi lo possiede può vedere i Suoi dati, scaricarli e chiederne la cancellazione",
        "ru": "может просмотреть ваши данные, скачать их и запросить их удаление",
        "en": "whoever has it can see your data, download it and ask for it to be erased",
    },
    "open": {
        "it": "chi lo possiede può modificare o annullare la Sua registrazione",
        "ru": "может изменить или отменить вашу регистрацию",
        "en": "whoever has it can change or cancel your registration",
    },
    "closed": {
        "it": "chi lo possiede può vedere o annullare la Sua registrazione",
        "ru": "может просмотреть или отменить вашу регистрацию",
        "en": "whoever has it can see or cancel your registration",
    },
}


@pytest.mark.parametrize("language", ["it", "ru", "en"])
@pytest.mark.parametrize("status", [Status.REJECTED, Status.CANCELLED])
def test_the_private_page_of_a_rejected_or_cancelled_registration(
    client, session, language, status
):
    registration = registration_in(language, session, status)
    page = client.get(manage_url(registration, language=language)).content.decode()
    page = page.replace("&#x27;", "'")
    assert PAGE["rejected"][language] in page
    assert PAGE["open"][language] not in page and PAGE["closed"][language] not in page
    # What it says is what it offers: no button to change or cancel, the data buttons.
    assert manage_url(registration, "delegates:edit", language) not in page
    assert manage_url(registration, "delegates:cancel", language) not in page
    assert manage_url(registration, "delegates:erase", language) in page
    assert manage_url(registration, "delegates:download_data", language) in page


@pytest.mark.parametrize("language", ["it", "ru", "en"])
def test_the_private_page_of_an_active_registration_before_and_after_the_close(
    client, session, language
):
    registration = registration_in(language, session, Status.APPROVED)
    page = client.get(manage_url(registration, language=language)).content.decode()
    assert PAGE["open"][language] in page
    assert manage_url(registration, "delegates:edit", language) in page
    session.registration_closes = timezone.now() - datetime.timedelta(hours=1)
    session.save()
    with translation.override(language):
        page = client.get(manage_url(registration, language=language)).content.decode()
    assert PAGE["closed"][language] in page and PAGE["open"][language] not in page
    assert manage_url(registration, "delegates:edit", language) not in page
    assert manage_url(registration, "delegates:cancel", language) in page
