"""Which organizations the public pages name (delegates.models.OrganizationQuerySet.public):
only those staff vouched for, by approving one of their registrations, signing a public
agreement with them or accepting their project. A name typed into a registration never
confirmed, submitted, waitlisted, rejected or cancelled appears nowhere public: not on the
region page nor in its count, not in the search, the open data or the registration form's
suggestions; once its registration is approved, it appears at once (the cached page too)."""

import pytest
from django.urls import reverse

from agreements.models import AgreementStatus, Party
from delegates.models import Organization, RegistrationStatus
from delegates.services import approve, reject
from opendata.services.search import rebuild_index
from projects.models import ProjectStatus
from sessions_app.models import Country
from tests.agreements.factories import AgreementFactory
from tests.factories import (
    RegistrationFactory,
    RussianOrganizationFactory,
    RussianRegistrationFactory,
    ThematicTableFactory,
    russian_region,
)
from tests.projects.conftest import make_project

NAME_LATIN = "Kazanskij Reklamnyj Centr"
NAME_CYRILLIC = "Казанский рекламный центр"
REGION_PAGE = "/ru/regions/RU-SVE/"
UNVETTED_STATUSES = [
    RegistrationStatus.PENDING_CONFIRMATION,
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.REJECTED,
    RegistrationStatus.CANCELLED,
]
# Every public page and open-data answer that names organizations, or could.
OPEN_DATA = [
    "/api/v1/sessions/",
    "/api/v1/agreements/",
    "/api/v1/projects/",
    "/api/v1/statistics/",
    "/it/agreements.csv",
    "/it/projects.csv",
]


def typed_into_a_registration(status, **values):
    """A Russian delegate's registration in `status`, naming a new organization."""
    return RussianRegistrationFactory(
        status=status,
        organization=RussianOrganizationFactory(
            name_latin=NAME_LATIN, name_cyrillic=NAME_CYRILLIC, region=russian_region()
        ),
        **values,
    )


def shown_on(client, url):
    page = client.get(url).content.decode()
    return NAME_LATIN in page or NAME_CYRILLIC in page


def found_by_search(client, query):
    """Whether the search lists the organization (the box keeps the words typed)."""
    page = client.get("/ru/search/", {"q": query}).content.decode()
    return f'{REGION_PAGE}">{NAME_CYRILLIC}</a>' in page


def suggested(client):
    url = reverse("delegates:organization_search")
    results = client.get(url, {"q": "рекламный"}).json()["results"]
    return [result["name"] for result in results]


@pytest.mark.django_db
@pytest.mark.parametrize("status", UNVETTED_STATUSES)
def test_an_organization_of_a_registration_not_approved_appears_nowhere_public(client, status):
    typed_into_a_registration(status)
    RussianRegistrationFactory()  # an approved delegate of the same region: it is listed
    rebuild_index()

    page = client.get(REGION_PAGE).content.decode()
    assert NAME_LATIN not in page and NAME_CYRILLIC not in page
    assert "1 организация из этого региона в портале." in page
    assert not found_by_search(client, NAME_CYRILLIC)
    assert not found_by_search(client, "Kazanskij")
    assert suggested(client) == []
    for url in OPEN_DATA:
        assert not shown_on(client, url), url


@pytest.mark.django_db
def test_an_approved_registration_makes_its_organization_public_at_once(
    client, organizer, django_assert_num_queries, django_capture_on_commit_callbacks
):
    registration = typed_into_a_registration(RegistrationStatus.SUBMITTED)
    rebuild_index()
    page = client.get(REGION_PAGE).content.decode()
    assert "В портале пока нет организаций из этого региона." in page
    with django_assert_num_queries(0):  # kept in the cache: only a new version shows it
        assert client.get(REGION_PAGE).content.decode() == page

    with django_capture_on_commit_callbacks(execute=True):
        approve(registration, by=organizer)

    page = client.get(REGION_PAGE).content.decode()
    assert NAME_CYRILLIC in page
    assert "1 организация из этого региона в портале." in page
    assert found_by_search(client, NAME_CYRILLIC)
    assert suggested(client) == [NAME_LATIN]


@pytest.mark.django_db
def test_a_rejected_registration_takes_its_organization_off_the_public_pages(
    client, organizer, django_capture_on_commit_callbacks
):
    registration = typed_into_a_registration(RegistrationStatus.APPROVED)
    rebuild_index()
    assert shown_on(client, REGION_PAGE)
    assert found_by_search(client, NAME_CYRILLIC)

    with django_capture_on_commit_callbacks(execute=True):
        reject(registration, by=organizer)

    assert not shown_on(client, REGION_PAGE)
    assert not found_by_search(client, NAME_CYRILLIC)
    assert suggested(client) == []


@pytest.mark.django_db
def test_a_party_to_a_public_agreement_is_public_a_party_to_a_draft_is_not():
    signed = RussianOrganizationFactory(region=russian_region())
    drafted = RussianOrganizationFactory(region=russian_region())
    Party.objects.create(agreement=AgreementFactory(), side=Country.RUSSIA, organization=signed)
    draft = AgreementFactory(status=AgreementStatus.DRAFT, signing_date=None)
    Party.objects.create(agreement=draft, side=Country.RUSSIA, organization=drafted)
    assert list(Organization.objects.public()) == [signed]


@pytest.mark.django_db
def test_the_proposer_of_an_accepted_project_is_public_of_a_proposed_one_is_not():
    table = ThematicTableFactory()
    accepted = RegistrationFactory(session=table.session, status=RegistrationStatus.SUBMITTED)
    proposed = RegistrationFactory(session=table.session, status=RegistrationStatus.SUBMITTED)
    make_project(accepted, table, status=ProjectStatus.ACCEPTED_FOR_CATALOGUE)
    make_project(proposed, table)
    assert list(Organization.objects.public()) == [accepted.organization]


@pytest.mark.django_db
def test_the_registration_form_still_joins_an_organization_it_does_not_suggest(client):
    """Not suggested, the organization is still found by its name when a colleague types
    it: the registration joins it instead of making a duplicate."""
    from delegates.services.registration import find_organization

    existing = typed_into_a_registration(RegistrationStatus.SUBMITTED).organization
    assert suggested(client) == []
    assert find_organization(NAME_LATIN.upper(), Country.RUSSIA) == existing
