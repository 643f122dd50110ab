import pytest

from mailings.models import Mailing


def make_mailing(session, **values):
    """A message written in Italian and Russian (no English: English readers fall back to
    Italian), to the session's approved delegates."""
    defaults = {
        "subject_it": "Programma aggiornato",
        "body_it": "{address}\n\nil programma è aggiornato. Il Suo link: {link}\n\n{name}",
        "subject_ru": "Обновлённая программа",
        "body_ru": "{address}\n\nпрограмма обновлена. Ваша ссылка: {link}\n\n{name}",
        "fallback_language": "it",
    }
    defaults.update(values)
    return Mailing.objects.create(session=session, **defaults)


@pytest.fixture
def mailing(session):
    return make_mailing(session)


def fill_mailings(session):
    """A row in each table of the mailings app, for the walks of the staff tests: a draft
    ready to send to the session's approved delegates, a sent message whose e-mail failed
    for good, a reminder switched off and one sent."""
    from post_office.models import STATUS, Email

    from mailings.models import MailingState, Recipient, ReminderSetting, SentReminder

    draft = make_mailing(session)
    sent = make_mailing(session, state=MailingState.SENT)
    registration = session.registrations.filter(status="approved").order_by("pk").first()
    email = Email.objects.create(
        from_email="portal@example.org",
        to=[registration.person.email],
        subject="Programma aggiornato",
        message="Body",
        status=STATUS.failed,
        number_of_retries=12,
    )
    Recipient.objects.create(mailing=sent, registration=registration, language="it", email=email)
    ReminderSetting.objects.create(session=session, kind="registration_closing", is_enabled=False)
    SentReminder.objects.create(
        session=session, kind="unconfirmed", registration=registration, language="it"
    )
    return draft
