"""Property test of the public form: whatever arrives, no 500, nothing half-saved, and what
the delegate typed comes back on a refused form."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delegates.models import Organization, Person, Registration

pytestmark = pytest.mark.django_db

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["Юлия", "Giulia", "D'Amico", "Anne-Marie", "Щербакова", "Jr.", "  ", ""]),
    st.text(alphabet="\x00\x1b\u200b\u202e\n\tabcАБВ", max_size=20),
)

fields = st.fixed_dictionaries(
    {
        "delegation": st.sampled_from(["IT", "RU", "XX", ""]),
        "given_name": texts,
        "family_name": texts,
        "given_name_latin": texts,
        "family_name_latin": texts,
        "email": st.one_of(st.emails(), texts),
        "phone": texts,
        "organization_name": texts,
        "organization_name_cyrillic": texts,
        "organization_category": st.sampled_from(["company", "bank", "", "nonsense"]),
        "organization_sector": st.sampled_from(["", "mechanics", "nonsense"]),
        "organization_region": st.sampled_from(["", "1", "999999", "abc"]),
        "organization_website": st.one_of(st.just(""), texts),
        "position": texts,
        "role": st.sampled_from(["official", "press", "", "king"]),
        "privacy_consent": st.sampled_from(["on", ""]),
        "wants_bilateral_meetings": st.sampled_from(["on", ""]),
        "thematic_tables": st.sampled_from(["", "1", "x"]),
        "company_visits": st.sampled_from(["", "1", "x"]),
    }
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=fields)
def test_registration_form_never_fails_and_never_half_saves(client, session, settings, data):
    settings.RATE_LIMITS_ENABLED = False
    url = reverse("delegates:register", kwargs={"number": session.number})
    before = (Registration.objects.count(), Person.objects.count(), Organization.objects.count())
    # Sent urlencoded, as browsers do, so that NUL bytes travel as they are.
    payload = dict(data)
    body = urlencode(payload).encode()
    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    after = (Registration.objects.count(), Person.objects.count(), Organization.objects.count())
    if any("\x00" in value for value in payload.values()):
        # Refused before the form is read: the translated 400 page.
        assert response.status_code == 400
        assert after == before
        return
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert after == before
        form = response.context["form"]
        assert form.errors
        page = response.content.decode()
        organization = payload["organization_name"].strip()
        if organization and "organization_name" not in form.errors and organization.isalnum():
            assert organization in page
    else:
        assert after[0] in (before[0], before[0] + 1)
