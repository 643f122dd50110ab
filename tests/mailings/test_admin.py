"""The admin of the mailings: staff write, preview, test and send; a Viewer reads only; bad
input is answered with translated errors and nothing typed is lost."""

from django.urls import reverse
from post_office.models import Email

from mailings.models import Mailing, MailingState
from tests.factories import RegistrationFactory, RussianRegistrationFactory
from tests.mailings.conftest import make_mailing


def _form(session, **values):
    data = {
        "session": session.pk,
        "subject_it": "",
        "body_it": "",
        "subject_ru": "",
        "body_ru": "",
        "subject_en": "",
        "body_en": "",
        "fallback_language": "en",
        "delegation": "",
        "status": "approved",
        "thematic_table": "",
        "company_visit": "",
        "role": "",
        "region": "",
        "checked_in": "",
        "has_meetings": "",
    }
    data.update(values)
    return data


def test_an_empty_message_is_refused_with_a_translated_error_keeping_the_input(
    client, organizer, session
):
    client.force_login(organizer)
    response = client.post(
        reverse("admin:mailings_mailing_add"), _form(session, subject_it="Oggetto senza testo")
    )
    assert response.status_code == 200
    assert not Mailing.objects.exists()
    page = response.content.decode()
    assert "Oggetto senza testo" in page
    assert "Scriva anche il testo di questa versione" in page
    response = client.post(reverse("admin:mailings_mailing_add"), _form(session))
    assert "vuoto in tutte le lingue" in response.content.decode()


def test_an_organizer_writes_previews_and_sends(
    client, organizer, session, django_capture_on_commit_callbacks
):
    RegistrationFactory(session=session)
    RussianRegistrationFactory(session=session)
    client.force_login(organizer)
    response = client.post(
        reverse("admin:mailings_mailing_add"),
        _form(session, subject_it="Avviso", body_it="{address}\nciao", fallback_language="it"),
    )
    assert response.status_code == 302
    mailing = Mailing.objects.get()
    assert mailing.created_by == organizer
    preview = client.get(reverse("admin:mailings_mailing_preview", args=[mailing.pk]))
    assert preview.status_code == 200
    assert preview.context["preview"]["total"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:mailings_mailing_send", args=[mailing.pk]))
    assert response.status_code == 302
    mailing.refresh_from_db()
    assert mailing.state == MailingState.SENT
    assert Email.objects.count() == 2
    # Sent: it stays as sent, neither changed nor deleted.
    change = client.get(reverse("admin:mailings_mailing_change", args=[mailing.pk]))
    assert change.status_code == 200 and change.context["has_change_permission"] is False
    recipients = client.get(
        reverse("admin:mailings_recipient_changelist") + f"?mailing__id__exact={mailing.pk}"
    )
    assert recipients.context["cl"].result_count == 2


def test_a_send_to_nobody_says_so(client, organizer, session):
    mailing = make_mailing(session, delegation="RU")
    client.force_login(organizer)
    response = client.post(reverse("admin:mailings_mailing_send", args=[mailing.pk]), follow=True)
    assert response.status_code == 200
    assert "Nessun delegato corrisponde" in response.content.decode()
    mailing.refresh_from_db()
    assert mailing.state == MailingState.DRAFT


def test_a_viewer_reads_but_may_not_send(client, viewer, session):
    RegistrationFactory(session=session)
    mailing = make_mailing(session)
    client.force_login(viewer)
    assert (
        client.get(reverse("admin:mailings_mailing_preview", args=[mailing.pk])).status_code == 200
    )
    for name in ("send", "test", "send_failed"):
        response = client.post(reverse(f"admin:mailings_mailing_{name}", args=[mailing.pk]))
        assert response.status_code == 403
    assert client.post(reverse("admin:mailings_mailing_add"), _form(session)).status_code == 403
    mailing.refresh_from_db()
    assert mailing.state == MailingState.DRAFT
    assert not Email.objects.exists()


def test_tables_and_visits_of_several_sessions_are_named_with_their_session(
    client, organizer, session
):
    """Sessions repeat their tables' names: each choice says whose it is, and a message of a
    session offers only that session's."""
    from sessions_app.models import ThematicTable
    from tests.factories import SessionFactory

    other = SessionFactory(number=session.number + 1)
    for each in (session, other):
        ThematicTable.objects.create(
            session=each, name_it="Edilizia", name_ru="Строительство", sector="building"
        )
    client.force_login(organizer)
    page = client.get(reverse("admin:mailings_mailing_add")).content.decode()
    assert f"Edilizia ({session.roman_numeral})" in page
    assert f"Edilizia ({other.roman_numeral})" in page
    mailing = make_mailing(session)
    page = client.get(reverse("admin:mailings_mailing_change", args=[mailing.pk]))
    text = page.content.decode()
    assert f"Edilizia ({session.roman_numeral})" in text
    assert f"Edilizia ({other.roman_numeral})" not in text
