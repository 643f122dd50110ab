"""Staff record agreements and compose, preview and finalize protocols in the admin."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from agreements.models import Agreement, Protocol, ProtocolSection, ProtocolStatus
from agreements.validators import MAX_SIGNED_COPY_SIZE
from tests.agreements.factories import ProtocolFactory, pdf_document, protocol_with_sections
from tests.factories import PastSessionFactory
from tests.helpers import log_in

pytestmark = pytest.mark.django_db


def agreement_post(session, *, status="signed", signatories=1, **overrides):
    data = {
        "kind": "memorandum",
        "sector": "mechanics",
        "status": status,
        "title_it": "Memorandum sulla meccanica",
        "title_ru": "Меморандум о машиностроении",
        "title_en": "",
        "summary_it": "",
        "summary_ru": "",
        "summary_en": "",
        "session": str(session.pk),
        "signing_date": session.start_date.isoformat(),
        "signing_place": "Bergamo",
        "duration_months": "36",
        "renewal": "tacit",
        "notes": "",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "1",
        "parties-MAX_NUM_FORMS": "1000",
        "parties-0-side": "IT",
        "parties-0-name": "Confindustria Bergamo",
        "parties-0-position": "1",
        "parties-1-side": "RU",
        "parties-1-name": "Торгово-промышленная палата",
        "parties-1-position": "2",
        "signatories-TOTAL_FORMS": str(signatories),
        "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "0",
        "signatories-MAX_NUM_FORMS": "1000",
    }
    for index in range(signatories):
        data.update(
            {
                f"signatories-{index}-side": "IT",
                f"signatories-{index}-name": f"Paolo Verdi {index}",
                f"signatories-{index}-title": "Presidente",
                f"signatories-{index}-organization": "Confindustria Bergamo",
                f"signatories-{index}-position": str(index),
            }
        )
    data.update(overrides)
    return data


def add_url():
    return reverse("admin:agreements_agreement_add")


@pytest.fixture
def english(admin_client):
    """Messages in English: the admin follows the browser's language."""
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def session():
    return PastSessionFactory(number=25, start_date=datetime.date(2016, 12, 1))


def test_staff_record_an_agreement_with_parties_and_signatories(admin_client, session):
    response = admin_client.post(add_url(), agreement_post(session))
    assert response.status_code == 302, response.context["errors"]
    agreement = Agreement.objects.get()
    assert [party.side for party in agreement.parties.all()] == ["IT", "RU"]
    assert agreement.signatories.count() == 1
    assert agreement.history.count() == 1


def test_signed_without_a_signatory_is_a_field_error(admin_client, session, english):
    response = admin_client.post(add_url(), agreement_post(session, signatories=0))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["status"] == [
        "An agreement recorded as signed needs at least one signatory."
    ]
    assert not Agreement.objects.exists()
    # What was typed is still there.
    assert 'value="Memorandum sulla meccanica"' in response.content.decode()


def test_a_draft_needs_no_signatory(admin_client, session):
    response = admin_client.post(add_url(), agreement_post(session, status="draft", signatories=0))
    assert response.status_code == 302


def test_signing_date_outside_the_session_is_refused(admin_client, session, english):
    data = agreement_post(session, signing_date="2016-12-20")
    response = admin_client.post(add_url(), data)
    assert response.status_code == 200
    assert "outside the session" in response.context["adminform"].form.errors["signing_date"][0]


def test_party_without_side_is_refused(admin_client, session):
    data = agreement_post(session, **{"parties-1-side": ""})
    response = admin_client.post(add_url(), data)
    assert response.status_code == 200
    party_formset = response.context["inline_admin_formsets"][0].formset
    assert "side" in party_formset.forms[1].errors
    assert not Agreement.objects.exists()


def test_an_upload_that_is_not_a_pdf_is_refused(admin_client, session, english, private_media):
    data = agreement_post(session)
    data["signed_copy"] = SimpleUploadedFile("scan.pdf", b"PK\x03\x04 a zip file")
    response = admin_client.post(add_url(), data)
    assert response.status_code == 200
    assert "not a PDF" in response.context["adminform"].form.errors["signed_copy"][0]


def test_an_html_file_posing_as_a_pdf_is_refused_and_the_form_kept(
    admin_client, session, english, private_media
):
    data = agreement_post(session)
    data["signed_copy"] = SimpleUploadedFile(
        "scan.pdf", b"<html><head><!-- %PDF-1.4 --></head><body>Signed</body></html>"
    )
    response = admin_client.post(add_url(), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "not a PDF" in form.errors["signed_copy"][0]
    assert form["title_ru"].value() == "Меморандум о машиностроении"
    assert not Agreement.objects.exists()


def test_an_upload_over_the_limit_is_refused(admin_client, session, english, private_media):
    data = agreement_post(session)
    data["signed_copy"] = SimpleUploadedFile(
        "scan.pdf", b"%PDF-1.7\n" + b"0" * (MAX_SIGNED_COPY_SIZE + 1)
    )
    response = admin_client.post(add_url(), data)
    assert response.status_code == 200
    assert "too large" in response.context["adminform"].form.errors["signed_copy"][0]


def test_a_pdf_upload_is_stored_in_the_private_folder(admin_client, session, private_media):
    data = agreement_post(session)
    data["signed_copy"] = SimpleUploadedFile("scan.pdf", pdf_document())
    response = admin_client.post(add_url(), data)
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.signed_copy.path.startswith(str(private_media))


# Protocols


def change_url(protocol):
    return reverse("admin:agreements_protocol_change", args=[protocol.pk])


def test_sections_are_edited_side_by_side(admin_client):
    protocol = protocol_with_sections(count=2)
    response = admin_client.get(change_url(protocol))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="sections-0-heading_it"' in content
    assert 'name="sections-0-heading_ru"' in content
    assert "field-body_it" in content and "field-body_ru" in content
    assert "css/agreements_admin.css" in content
    assert reverse("admin:agreements_protocol_preview", args=[protocol.pk]) in content


def test_reordering_sections_is_saved(admin_client):
    protocol = protocol_with_sections(count=2)
    first, second = protocol.sections.all()
    data = {
        "signing_date": "",
        "place_it": "",
        "place_ru": "",
        "sections-TOTAL_FORMS": "2",
        "sections-INITIAL_FORMS": "2",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
    }
    for index, (section, position) in enumerate(((first, 2), (second, 1))):
        data.update(
            {
                f"sections-{index}-id": str(section.pk),
                f"sections-{index}-protocol": str(protocol.pk),
                f"sections-{index}-position": str(position),
                f"sections-{index}-kind": section.kind,
                f"sections-{index}-heading_it": section.heading_it,
                f"sections-{index}-heading_ru": section.heading_ru,
                f"sections-{index}-body_it": section.body_it,
                f"sections-{index}-body_ru": section.body_ru,
            }
        )
    response = admin_client.post(change_url(protocol), data)
    assert response.status_code == 302
    assert list(protocol.sections.order_by("position")) == [second, first]


def test_preview_is_a_pdf(admin_client):
    protocol = protocol_with_sections(count=1)
    response = admin_client.get(reverse("admin:agreements_protocol_preview", args=[protocol.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_start_from_the_previous_protocol_in_the_admin(admin_client):
    protocol_with_sections(PastSessionFactory(number=24), count=3)
    protocol = ProtocolFactory(session=PastSessionFactory(number=25))
    page = admin_client.get(change_url(protocol)).content.decode()
    start_url = reverse("admin:agreements_protocol_start_from_previous", args=[protocol.pk])
    assert start_url in page
    response = admin_client.post(start_url)
    assert response.status_code == 302
    assert protocol.sections.count() == 3


def test_start_from_the_previous_protocol_as_a_list_action(admin_client):
    protocol_with_sections(PastSessionFactory(number=24), count=2)
    protocol = ProtocolFactory(session=PastSessionFactory(number=25))
    response = admin_client.post(
        reverse("admin:agreements_protocol_changelist"),
        {"action": "start_from_previous_action", "_selected_action": [protocol.pk]},
    )
    assert response.status_code == 302
    assert protocol.sections.count() == 2


def test_add_the_usual_sections_in_the_admin(admin_client):
    protocol = ProtocolFactory()
    response = admin_client.post(reverse("admin:agreements_protocol_outline", args=[protocol.pk]))
    assert response.status_code == 302
    assert protocol.sections.count() == 4


def test_finalize_is_refused_without_the_permission(client, editor):
    protocol = protocol_with_sections(count=1)
    client.force_login(editor)
    page = client.get(change_url(protocol)).content.decode()
    finalize_url = reverse("admin:agreements_protocol_finalize", args=[protocol.pk])
    assert finalize_url not in page
    assert client.post(finalize_url).status_code == 403
    changelist = client.get(reverse("admin:agreements_protocol_changelist")).content.decode()
    assert "finalize_action" not in changelist
    assert Protocol.objects.get().status == ProtocolStatus.DRAFT


def test_finalize_with_confirmation(client, finalizer, private_media):
    protocol = protocol_with_sections(count=2)
    client.force_login(finalizer)
    finalize_url = reverse("admin:agreements_protocol_finalize", args=[protocol.pk])
    assert finalize_url in client.get(change_url(protocol)).content.decode()
    confirmation = client.get(finalize_url)
    assert confirmation.status_code == 200
    assert Protocol.objects.get().status == ProtocolStatus.DRAFT
    response = client.post(finalize_url)
    assert response.status_code == 302
    protocol.refresh_from_db()
    assert protocol.status == ProtocolStatus.FINAL
    assert protocol.finalized_by == finalizer


def test_a_final_protocol_is_read_only_in_the_admin(client, finalizer, private_media):
    protocol = protocol_with_sections(count=2)
    client.force_login(finalizer)
    client.post(reverse("admin:agreements_protocol_finalize", args=[protocol.pk]))
    page = client.get(change_url(protocol))
    content = page.content.decode()
    assert page.status_code == 200
    assert 'name="sections-0-heading_it"' not in content
    assert 'name="_save"' not in content
    protocol.refresh_from_db()
    assert protocol.final_pdf_sha256 in content
    section = ProtocolSection.objects.filter(protocol=protocol).first()
    response = client.post(
        change_url(protocol),
        {
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "1",
            "sections-0-id": str(section.pk),
            "sections-0-heading_it": "Cambiato",
        },
    )
    assert response.status_code == 403
    assert ProtocolSection.objects.get(pk=section.pk).heading_it != "Cambiato"


def test_the_admin_links_a_signed_copy_through_the_checked_view(admin_client, private_media):
    from django.core.files.base import ContentFile

    from tests.agreements.factories import signed_agreement

    agreement = signed_agreement(PastSessionFactory())
    agreement.signed_copy.save("scan.pdf", ContentFile(b"%PDF-1.7\n%%EOF"), save=True)
    page = admin_client.get(
        reverse("admin:agreements_agreement_change", args=[agreement.pk])
    ).content.decode()
    assert reverse("agreements:signed_copy", kwargs={"pk": agreement.pk}) in page
    assert "/private-media/" not in page


def test_preview_of_a_final_protocol_is_the_stored_file(client, finalizer, private_media):
    protocol = protocol_with_sections(count=1)
    client.force_login(finalizer)
    client.post(reverse("admin:agreements_protocol_finalize", args=[protocol.pk]))
    protocol.refresh_from_db()
    response = client.get(reverse("admin:agreements_protocol_preview", args=[protocol.pk]))
    assert response.status_code == 302
    assert response["Location"] == protocol.get_pdf_url()


# --- who may write into a protocol, who may see a signed copy -------------------------------


@pytest.mark.parametrize("role", ["viewer", "organizer"])
def test_viewers_and_organizers_cannot_copy_sections_into_a_protocol(client, request, role):
    protocol_with_sections(PastSessionFactory(number=24), count=2)
    protocol = ProtocolFactory(session=PastSessionFactory(number=25))
    log_in(client, request.getfixturevalue(role))
    response = client.post(
        reverse("admin:agreements_protocol_changelist"),
        {"action": "start_from_previous_action", "_selected_action": [protocol.pk]},
    )
    assert response.status_code == 403
    for name in ("start_from_previous", "outline"):
        url = reverse(f"admin:agreements_protocol_{name}", args=[protocol.pk])
        assert client.post(url).status_code == 403
    assert protocol.sections.count() == 0
    page = client.get(change_url(protocol)).content.decode()
    assert "start-from-previous" not in page and "outline" not in page


@pytest.mark.parametrize("role", ["viewer", "organizer"])
def test_readers_open_an_agreement_with_a_private_signed_copy_but_not_the_copy(
    client, request, role, private_media
):
    from django.core.files.base import ContentFile

    from tests.agreements.factories import signed_agreement

    agreement = signed_agreement(PastSessionFactory())
    agreement.signed_copy.save("scan.pdf", ContentFile(pdf_document()), save=True)
    log_in(client, request.getfixturevalue(role))
    with translation.override("en"):
        response = client.get(
            reverse("admin:agreements_agreement_change", args=[agreement.pk]),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "only staff allowed to see signed copies" in page
    assert reverse("agreements:signed_copy", kwargs={"pk": agreement.pk}) not in page
    assert "/private-media/" not in page and "scan" not in page


def test_readers_are_linked_to_a_public_signed_copy(client, viewer, private_media):
    from django.core.files.base import ContentFile

    from tests.agreements.factories import signed_agreement

    agreement = signed_agreement(PastSessionFactory(), signed_copy_is_public=True)
    agreement.signed_copy.save("scan.pdf", ContentFile(pdf_document()), save=True)
    log_in(client, viewer)
    response = client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("agreements:signed_copy", kwargs={"pk": agreement.pk}) in page
    assert "/private-media/" not in page


# The agreement list at a laptop's width: kind and sector under the title, the session as its
# numeral over its city, the day short, the status as a badge.
AGREEMENT_COLUMNS = {
    "it": ["titolo", "sessione", "data della firma", "stato"],
    "ru": ["название", "заседание", "дата подписания", "статус"],
}
AGREEMENT_FACTS = {
    "it": "Memorandum d’intesa sulla meccanica n. 7 Memorandum d’intesa · Petrolio e gas "
    "XXX Kazan’ 19/02/2027 In vigore",
    "ru": "Меморандум о взаимопонимании в машиностроении № 7 Меморандум о взаимопонимании · "
    "Нефть и газ XXX Казань 19.02.2027 Действует",
}


@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_agreement_list_keeps_every_fact_in_few_columns(admin_client, language):
    from agreements.models import AgreementStatus
    from tests.agreements.factories import AgreementFactory
    from tests.factories import KazanSessionFactory
    from tests.helpers import changelist_columns_and_row

    AgreementFactory(
        session=KazanSessionFactory(number=30),
        title_it="Memorandum d’intesa sulla meccanica n. 7",
        title_ru="Меморандум о взаимопонимании в машиностроении № 7",
        sector="oil_gas",
        signing_date=datetime.date(2027, 2, 19),
        status=AgreementStatus.IN_FORCE,
    )
    admin_client.cookies["taskforce_language"] = language
    response = admin_client.get(reverse("admin:agreements_agreement_changelist"))
    columns, row = changelist_columns_and_row(response, "XXX")
    assert columns == AGREEMENT_COLUMNS[language]
    assert AGREEMENT_FACTS[language] in row
    assert "status-badge tone-done" in response.content.decode()


# The commitments list at a laptop's width: the side and the institution under the text, the
# session as its numeral over its city, the deadline short (marked when passed), the status as
# a badge, and the note on the zone right above the rows.
COMMITMENT_COLUMNS = {
    "it": ["impegno", "sessione", "scadenza", "stato", "aggiornato il"],
    "ru": ["обязательство", "заседание", "срок исполнения", "статус", "дата обновления"],
}
COMMITMENT_FACTS = {
    "it": "Organizzare una missione imprenditoriale nei distretti dell’Emilia-Romagna Entrambe "
    "le parti · Ministero dell’industria del Tatarstan XXX Kazan’ 30/09/2026 Scaduto In corso",
    "ru": "Организовать бизнес-миссию в промышленные округа Эмилии-Романьи Обе стороны · "
    "Министерство промышленности и торговли Республики Татарстан XXX Казань 30.09.2026 "
    "Просрочено Выполняется",
}


@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_commitment_list_keeps_every_fact_in_few_columns(admin_client, language):
    from agreements.models import Commitment
    from tests.agreements.factories import ProtocolSectionFactory
    from tests.factories import KazanSessionFactory
    from tests.helpers import changelist_columns_and_row

    section = ProtocolSectionFactory(
        protocol=ProtocolFactory(session=KazanSessionFactory(number=30))
    )
    Commitment.objects.create(
        section=section,
        side="both",
        text_it="Organizzare una missione imprenditoriale nei distretti dell’Emilia-Romagna",
        text_ru="Организовать бизнес-миссию в промышленные округа Эмилии-Романьи",
        institution_it="Ministero dell’industria del Tatarstan",
        institution_ru="Министерство промышленности и торговли Республики Татарстан",
        deadline=datetime.date(2026, 9, 30),
        status="in_progress",
    )
    admin_client.cookies["taskforce_language"] = language
    response = admin_client.get(reverse("admin:agreements_commitment_changelist"))
    columns, row = changelist_columns_and_row(response, "XXX")
    assert columns == COMMITMENT_COLUMNS[language]
    assert COMMITMENT_FACTS[language] in row
    page = response.content.decode()
    assert "status-badge tone-waiting status-in_progress" in page
    # The zone of the dates, once, between the actions and the rows.
    note = page.index('class="help list-zone-note"')
    assert page.index('class="actions"') < note < page.index('id="result_list"')


def _inline_headers(page, prefix):
    """The labels of the fields of the inline `prefix` ("parties", "signatories"): each field
    of its empty form under its label (a grid of labelled fields, static/css/admin_inlines.css)."""
    import re

    labels = re.findall(
        rf'<label[^>]*for="id_{prefix}-__prefix__-[^"]+"[^>]*>(.*?)</label>', page, re.S
    )
    return [re.sub(r"<[^>]+>", "", label).strip().rstrip(":").strip() for label in labels]


@pytest.mark.parametrize(
    ("language", "signatory", "other_script", "party"),
    [
        ("ru", "ФИО", "ФИО в другом алфавите", "Наименование"),
        ("it", "Nome e cognome", "Nome e cognome nell’altro alfabeto", "Nome"),
        ("en", "Full name", "Full name in the other script", "Name"),
    ],
)
def test_a_signatorys_name_is_headed_as_a_persons_and_a_partys_as_an_organizations(
    admin_client, language, signatory, other_script, party
):
    page = admin_client.get(add_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    signatories = _inline_headers(page, "signatories")
    assert signatory in signatories and other_script in signatories
    assert "Наименование" not in signatories
    assert party in _inline_headers(page, "parties")
