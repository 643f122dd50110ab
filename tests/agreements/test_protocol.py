"""The Protocol's lifecycle: composition, finalization, and the freeze that follows."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from agreements import services
from agreements.models import Protocol, ProtocolIsFinal, ProtocolSection, ProtocolStatus
from tests.agreements.factories import (
    ProtocolFactory,
    ProtocolSectionFactory,
    protocol_with_sections,
    signed_agreement,
)
from tests.factories import PastSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(private_media):
    protocol = protocol_with_sections(PastSessionFactory(number=25), count=3)
    signed_agreement(protocol.session)
    return protocol


def test_only_users_with_the_permission_may_finalize(draft, editor):
    with pytest.raises(PermissionDenied):
        services.finalize_protocol(draft, by=editor)
    draft.refresh_from_db()
    assert draft.status == ProtocolStatus.DRAFT


def test_finalizing_stores_the_pdf_with_its_checksum(draft, finalizer):
    protocol = services.finalize_protocol(draft, by=finalizer)
    protocol.refresh_from_db()
    assert protocol.status == ProtocolStatus.FINAL
    assert protocol.finalized_by == finalizer
    assert protocol.finalized_at is not None
    assert len(protocol.final_pdf_sha256) == 64
    with protocol.final_pdf.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-")
    assert services.sha256_of(data) == protocol.final_pdf_sha256
    assert services.stored_pdf_matches_checksum(protocol)


def test_history_records_who_finalized(draft, finalizer):
    services.finalize_protocol(draft, by=finalizer)
    latest = draft.history.latest()
    assert latest.status == ProtocolStatus.FINAL
    assert latest.history_user == finalizer


def test_a_tampered_file_no_longer_matches_its_checksum(draft, finalizer):
    protocol = services.finalize_protocol(draft, by=finalizer)
    path = protocol.final_pdf.path
    with open(path, "ab") as handle:
        handle.write(b"%tampered")
    assert not services.stored_pdf_matches_checksum(protocol)


def test_the_model_refuses_changes_after_finalizing(draft, finalizer):
    services.finalize_protocol(draft, by=finalizer)
    section = ProtocolSection.objects.filter(protocol=draft).first()
    section.body_it = "Testo cambiato"
    with pytest.raises(ProtocolIsFinal) as error:
        section.save()
    with translation.override("ru"):
        assert error.value.messages[0] == (
            "Протокол утверждён: ни его, ни его разделы больше нельзя изменить."
        )
    with pytest.raises(ProtocolIsFinal):
        section.delete()
    with pytest.raises(ProtocolIsFinal):
        ProtocolSection.objects.create(protocol=draft, heading_it="Nuova", heading_ru="Новый")
    with pytest.raises(ProtocolIsFinal):
        ProtocolSection.objects.filter(protocol=draft).update(body_it="x")
    with pytest.raises(ProtocolIsFinal):
        ProtocolSection.objects.filter(protocol=draft).delete()
    protocol = Protocol.objects.get(pk=draft.pk)
    protocol.place_it = "Altrove"
    with pytest.raises(ProtocolIsFinal):
        protocol.save()
    with pytest.raises(ProtocolIsFinal):
        protocol.delete()
    assert ProtocolSection.objects.get(pk=section.pk).body_it != "Testo cambiato"


def test_a_final_protocol_cannot_be_finalized_twice(draft, finalizer):
    services.finalize_protocol(draft, by=finalizer)
    with pytest.raises(ProtocolIsFinal):
        services.finalize_protocol(draft, by=finalizer)


def test_an_empty_protocol_cannot_be_finalized(finalizer, private_media):
    protocol = ProtocolFactory()
    with pytest.raises(services.ProtocolError):
        services.finalize_protocol(protocol, by=finalizer)


def test_finalizing_needs_both_cochairs(finalizer, private_media):
    protocol = protocol_with_sections(PastSessionFactory(russian_cochair_name=""), count=1)
    with pytest.raises(services.ProtocolError) as error:
        services.finalize_protocol(protocol, by=finalizer)
    assert error.value.code == "cochairs_missing"


def test_start_from_the_previous_sessions_protocol(editor):
    previous = protocol_with_sections(PastSessionFactory(number=24), count=4)
    protocol_with_sections(PastSessionFactory(number=20), count=2)
    protocol = ProtocolFactory(session=PastSessionFactory(number=25))
    found, copies = services.start_from_previous_protocol(protocol, by=editor)
    assert found == previous
    assert [(s.heading_it, s.heading_ru) for s in protocol.sections.all()] == [
        (s.heading_it, s.heading_ru) for s in previous.sections.all()
    ]
    assert copies[0].history.latest().history_user == editor


def test_starting_from_the_previous_protocol_needs_one(editor):
    protocol = ProtocolFactory(session=PastSessionFactory(number=3))
    with pytest.raises(services.ProtocolError) as error:
        services.start_from_previous_protocol(protocol, by=editor)
    assert error.value.code == "no_previous_protocol"


def test_starting_again_is_refused_when_sections_exist(editor):
    protocol_with_sections(PastSessionFactory(number=24), count=1)
    protocol = protocol_with_sections(PastSessionFactory(number=25), count=1)
    with pytest.raises(services.ProtocolError) as error:
        services.start_from_previous_protocol(protocol, by=editor)
    assert error.value.code == "protocol_has_sections"


def test_default_sections_are_bilingual_and_ordered(editor):
    protocol = ProtocolFactory()
    sections = services.add_default_sections(protocol, by=editor)
    headings = [(s.heading_it, s.heading_ru) for s in sections]
    assert headings[0] == ("Premessa", "Преамбула")
    assert headings[-1] == ("Prossima sessione", "Следующее заседание")
    assert [s.position for s in sections] == list(range(1, len(sections) + 1))


def test_paragraphs_are_paired_across_languages():
    section = ProtocolSectionFactory.build(body_it="Uno.\n\nDue.\n\nTre.", body_ru="Один.\n\nДва.")
    assert section.paragraph_pairs == [("Uno.", "Один."), ("Due.", "Два."), ("Tre.", "")]


def test_protocol_signing_date_must_lie_in_the_session():
    import datetime

    from django.core.exceptions import ValidationError

    protocol = ProtocolFactory.build(
        session=PastSessionFactory(start_date=datetime.date(2016, 12, 1)),
        signing_date=datetime.date(2017, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        protocol.full_clean()
    assert "signing_date" in error.value.message_dict


def test_demo_data_is_idempotent(reference_data, private_media):
    from django.core.management import call_command

    call_command("load_history", stdout=io.StringIO())
    call_command("load_demo_data", stdout=io.StringIO())
    first = services.load_demo_agreements()
    assert first.agreements_created == 6
    assert first.protocols_created == ["XXV", "XXX"]
    second = services.load_demo_agreements()
    assert second.agreements_created == 0
    assert second.protocols_created == []
    assert Protocol.objects.get(session__number=25).is_final
    assert not Protocol.objects.get(session__number=30).is_final


def test_a_protocol_is_finalized_from_the_session_s_first_day_in_the_host_city(
    private_media, finalizer, admin_client
):
    """Signed at the session: refused before its first day (in the host city's calendar),
    with the day named; the confirmation page says so instead of offering the button."""
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from tests.factories import SessionFactory

    now = timezone.now()
    session = SessionFactory(number=31, time_zone="Asia/Vladivostok")
    host_today = timezone.localdate(now, session.tzinfo)
    session.start_date = host_today + datetime.timedelta(days=1)
    session.end_date = session.start_date + datetime.timedelta(days=1)
    session.save()
    protocol = protocol_with_sections(session, count=2)

    with translation.override("ru"), pytest.raises(services.ProtocolError) as refused:
        services.finalize_protocol(protocol, by=finalizer)
    assert "можно утвердить" in " ".join(refused.value.messages)
    assert f"{session.start_date.day} " in " ".join(refused.value.messages)
    protocol.refresh_from_db()
    assert protocol.status == ProtocolStatus.DRAFT

    url = reverse("admin:agreements_protocol_finalize", args=[protocol.pk])
    # The change page offers no button before the session, and says from when.
    change_url = reverse("admin:agreements_protocol_change", args=[protocol.pk])
    change_page = admin_client.get(change_url, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert url not in change_page and "può essere reso definitivo dal" in change_page
    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "può essere reso definitivo dal" in page
    assert (
        "Sì, rendi definitivo" not in page
        and 'type="submit"' not in page.split('id="content-main"')[1]
    )

    session.start_date = host_today  # the first day has come in Vladivostok
    session.save()
    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "può essere reso definitivo dal" not in page
    change_page = admin_client.get(change_url, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert url in change_page and "può essere reso definitivo dal" not in change_page
    assert services.finalize_protocol(protocol, by=finalizer).status == ProtocolStatus.FINAL
