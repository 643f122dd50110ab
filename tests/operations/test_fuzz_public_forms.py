"""No input makes a public form fail with a 500: every POST form found on the public pages
is filled with random data (hypothesis), including what browsers never send."""

import datetime

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import RegistrationFactory, RussianRegistrationFactory, SessionFactory
from tests.operations.pages import post_forms, public_urls

# What a hostile or broken client may send in one field.
FIELD_VALUES = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "0",
            "-1",
            "99999999999999999999",
            "1e309",
            "NaN",
            "2030-02-30",
            "31/12/9999",
            "<script>alert(1)</script>",
            "'; DROP TABLE delegates_registration; --",
            "Ёжик ёлка",
            "日本語",
            "\u202eevil",
            "a@b",
            "x" * 10_000,
            "on",
            "IT",
            "RU",
        ]
    ),
)


def fuzzed(form):
    """A strategy for the POST data of `form`: each field left out, one of the values the
    page offers, or something else; plus unknown fields and repeated values."""
    fields = {}
    for name, offered in form["fields"].items():
        choices = [FIELD_VALUES, st.lists(FIELD_VALUES, min_size=2, max_size=3)]
        if offered:
            choices.append(st.sampled_from(offered))
        fields[name] = st.one_of(st.none(), *choices)
    extra = st.dictionaries(st.text(min_size=1, max_size=12), FIELD_VALUES, max_size=2)
    return st.fixed_dictionaries(fields).flatmap(
        lambda data: extra.map(
            lambda more: {**more, **{k: v for k, v in data.items() if v is not None}}
        )
    )


def discovered_forms(client, values):
    forms = []
    for url in public_urls(values):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in post_forms(response.content.decode()):
            action = form["action"] or url
            if action.startswith(("http://", "https://", "//")):
                continue
            forms.append({**form, "action": action, "page": url})
    # The same form may appear on several pages (the language switcher, …): fuzz it once.
    unique = {}
    for form in forms:
        unique.setdefault((form["action"], tuple(sorted(form["fields"]))), form)
    return list(unique.values())


@pytest.fixture
def portal(db):
    from meetings.models import MeetingPoint

    session = SessionFactory()
    registration = RegistrationFactory(session=session, wants_bilateral_meetings=True)
    RussianRegistrationFactory(session=session, wants_bilateral_meetings=True)
    start = datetime.datetime.combine(session.start_date, datetime.time(10), tzinfo=datetime.UTC)
    MeetingPoint.objects.create(
        session=session, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    return {"number": session.number, "token": registration.management_token}


def test_public_forms_are_found(client, portal):
    actions = {form["action"] for form in discovered_forms(client, portal)}
    assert any("/register/" in action for action in actions), actions


def never_fails(client, form):
    @hypothesis_settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(data=fuzzed(form))
    def check(data):
        response = client.post(form["action"], data)
        assert response.status_code < 500, (form["page"], form["action"], data)

    return check


def test_no_public_form_answers_500_to_random_input(client, portal, settings):
    settings.RATE_LIMITS_ENABLED = False  # fuzz the forms, not the rate limiter
    client.raise_request_exception = False
    forms = discovered_forms(client, portal)
    assert forms
    for form in forms:
        never_fails(client, form)()
