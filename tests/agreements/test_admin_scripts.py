"""The Protocol's Russian column and the agreements' Russian titles are written in Cyrillic
(round 5, R7: Latin text in the Russian fields printed on the Russian side)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.models import Agreement
from tests.agreements.factories import AgreementFactory, protocol_with_sections


def _protocol_data(protocol, **overrides):
    section = protocol.sections.get()
    data = {
        "signing_date": "",
        "place_it": "",
        "place_ru": "",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "1",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
        "sections-0-id": str(section.pk),
        "sections-0-protocol": str(protocol.pk),
        "sections-0-position": "1",
        "sections-0-kind": section.kind,
        "sections-0-heading_it": section.heading_it,
        "sections-0-heading_ru": section.heading_ru,
        "sections-0-body_it": section.body_it,
        "sections-0-body_ru": section.body_ru,
    }
    data.update(overrides)
    return data


def test_the_russian_column_of_the_protocol_is_written_in_cyrillic(admin_client):
    protocol = protocol_with_sections(count=1)
    url = reverse("admin:agreements_protocol_change", args=[protocol.pk])
    response = admin_client.post(
        url,
        _protocol_data(
            protocol,
            place_ru="Milan",
            **{"sections-0-body_ru": "Le Parti hanno convenuto di proseguire."},
        ),
        HTTP_ACCEPT_LANGUAGE="it",
    )
    assert response.status_code == 200
    assert (
        response.context["adminform"]
        .form.errors["place_ru"][0]
        .startswith("Scriva questo campo in russo, in caratteri cirillici")
    )
    section_errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert set(section_errors) == {"body_ru"}
    assert "Le Parti hanno convenuto di proseguire." in response.content.decode()

    response = admin_client.post(
        url,
        _protocol_data(
            protocol,
            place_ru="Милан",
            **{"sections-0-body_ru": "Стороны договорились о встречах B2B с ассоциацией ANCE."},
        ),
    )
    assert response.status_code == 302
    protocol.refresh_from_db()
    assert protocol.place_ru == "Милан"


@pytest.mark.parametrize(
    ("field", "value"),
    [("title_ru", "Memorandum d’intesa"), ("summary_ru", "Cooperation between districts.")],
)
def test_an_agreement_s_russian_title_and_summary_are_in_cyrillic(db, field, value):
    agreement = AgreementFactory()
    setattr(agreement, field, value)
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert field in error.value.message_dict
    agreement.refresh_from_db()
    agreement.full_clean()
    assert Agreement.objects.count() == 1
