"""The public registry, the agreement page, signed copies and protocol PDFs over HTTP."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from agreements import services
from agreements.models import Agreement, AgreementKind, AgreementStatus, Party
from sessions_app.models import Country
from tests.agreements.conftest import grant
from tests.agreements.factories import (
    AgreementFactory,
    PartyFactory,
    protocol_with_sections,
    signed_agreement,
)
from tests.factories import PastSessionFactory, UserFactory, italian_region, russian_region

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"agreements:{name}", kwargs=kwargs or None)


def titles(response):
    return {agreement.title_en for agreement in response.context["agreements"]}


@pytest.fixture
def registry():
    """Four agreements that differ in each filtered property."""
    bergamo = PastSessionFactory(number=25, start_date=datetime.date(2016, 12, 1))
    florence = PastSessionFactory(number=27, start_date=datetime.date(2018, 11, 29))
    mechanics = signed_agreement(
        bergamo,
        title_en="Mechanics memorandum",
        title_ru="Меморандум о машиностроении",
        title_it="Memorandum sulla meccanica",
        summary_en="Subcontracting",
    )
    Party.objects.filter(agreement=mechanics, side=Country.RUSSIA).update(region=russian_region())
    food = signed_agreement(
        florence,
        kind=AgreementKind.PRIVATE_UNDERSTANDING,
        sector="agrifood",
        title_en="Cheese makers understanding",
        title_ru="Соглашение сыроваров",
        title_it="Intesa tra casari",
        status=AgreementStatus.IN_FORCE,
    )
    regions = AgreementFactory(
        session=None,
        kind=AgreementKind.INTERGOVERNMENTAL,
        sector="institutional",
        signing_date=datetime.date(2019, 3, 4),
        title_en="Regional cooperation agreement",
        title_ru="Соглашение о межрегиональном сотрудничестве",
        title_it="Accordo di cooperazione regionale",
        status=AgreementStatus.EXPIRED,
    )
    PartyFactory(agreement=regions, side=Country.ITALY, region=italian_region(), name="")
    AgreementFactory(
        session=bergamo,
        title_en="Unsigned draft",
        status=AgreementStatus.DRAFT,
        signing_date=None,
    )
    return {"mechanics": mechanics, "food": food, "regions": regions}


def test_registry_lists_signed_agreements_but_not_drafts(client, registry):
    response = client.get(url("agreement_list"))
    assert response.status_code == 200
    assert titles(response) == {
        "Mechanics memorandum",
        "Cheese makers understanding",
        "Regional cooperation agreement",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "машиностроении"}, {"Mechanics memorandum"}),
        ({"q": "МЕМОРАНДУМ"}, {"Mechanics memorandum"}),
        ({"q": "casari"}, {"Cheese makers understanding"}),
        ({"q": "subcontracting"}, {"Mechanics memorandum"}),
        ({"session": "27"}, {"Cheese makers understanding"}),
        ({"kind": "intergovernmental"}, {"Regional cooperation agreement"}),
        ({"sector": "agrifood"}, {"Cheese makers understanding"}),
        ({"region": "RU-SVE"}, {"Mechanics memorandum"}),
        ({"region": "IT-25"}, {"Regional cooperation agreement"}),
        ({"side": "RU"}, {"Mechanics memorandum", "Cheese makers understanding"}),
        ({"status": "expired"}, {"Regional cooperation agreement"}),
        ({"year": "2016"}, {"Mechanics memorandum"}),
        ({"year": "2018", "sector": "agrifood"}, {"Cheese makers understanding"}),
        ({"q": "memorandum", "year": "2018"}, set()),
    ],
)
def test_registry_filters_and_search(client, registry, query, expected):
    response = client.get(url("agreement_list"), query)
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize(
    "query",
    [{"year": "abc"}, {"session": "999"}, {"kind": "<script>"}, {"region": "XX-00"}, {"page": "x"}],
)
def test_bad_filter_input_never_breaks_the_page(client, registry, query):
    response = client.get(url("agreement_list"), query)
    assert response.status_code in (200, 404)
    if response.status_code == 200 and "page" not in query:
        assert "were not understood" in response.content.decode()
        assert len(titles(response)) == 3


def test_registry_counts_by_sector_and_kind(client, registry):
    # Two Russian parties on one agreement still count it once.
    PartyFactory(agreement=registry["food"], side=Country.RUSSIA, name="Второй участник")
    response = client.get(url("agreement_list"), {"side": "RU"})
    counts = response.context["counts"]
    assert {row["value"]: row["count"] for row in counts["by_sector"]} == {
        "mechanics": 1,
        "agrifood": 1,
    }
    assert {row["value"]: row["count"] for row in counts["by_kind"]} == {
        "memorandum": 1,
        "private_understanding": 1,
    }
    assert "Agri-food" in response.content.decode()


def test_registry_in_russian(client, registry):
    response = client.get(url("agreement_list", "ru"), {"q": "сыровар"})
    content = response.content.decode()
    assert "Реестр соглашений" in content
    assert "Соглашение сыроваров" in content
    assert 'lang="ru"' in content


@pytest.mark.parametrize("count", [1, 20])
def test_registry_makes_a_constant_number_of_queries(client, django_assert_num_queries, count):
    session = PastSessionFactory(number=25)
    for _ in range(count):
        signed_agreement(session)
    protocol_with_sections(session, count=1)
    # The filters' sessions, regions and years; the counts by sector and kind (which give
    # the paginator its count); the page of agreements and their parties; the Protocols.
    with django_assert_num_queries(7):
        response = client.get(url("agreement_list"), {"side": "IT", "q": "memorandum"})
    assert len(response.context["agreements"]) == count


@pytest.mark.postgresql("prepared statements")
def test_from_its_second_visit_the_registry_reads_the_database_once(
    client, registry, django_assert_num_queries
):
    """Its compiled queries are read together (core.prepared.together): one round trip for
    the same page, a change shown at once."""
    from django.conf import settings

    from core.public_cache import bump

    def visit(query):
        bump(*settings.PUBLIC_PAGE_TOPICS)  # rendered anew, not taken from the cache
        page = client.get(url("agreement_list"), query).content.decode()
        return re.sub(r'nonce="[^"]*"', "", page)

    for query in ({}, {"side": "IT", "page": "1"}):
        first = visit(query)  # its queries noted
        assert registry["mechanics"].title in first
        visit(query)  # read together from now on
        with django_assert_num_queries(1):
            assert visit(query) == first
    registry["mechanics"].parties.update(name="Meccanica Rinominata S.p.A.")
    with django_assert_num_queries(1):
        assert "Meccanica Rinominata S.p.A." in visit({})


def test_the_unfiltered_registry_takes_its_years_from_the_counts(
    client, registry, django_assert_num_queries
):
    """With nothing chosen, the counts of every public agreement give the years the year
    filter offers: one query less, the same choices as with a filter chosen."""
    with django_assert_num_queries(6):
        unfiltered = client.get(url("agreement_list"))
    filtered = client.get(url("agreement_list"), {"sector": "mechanics"})
    years = list(unfiltered.context["filter_form"].fields["year"].choices)
    assert years == list(filtered.context["filter_form"].fields["year"].choices)
    # The public agreements' years, latest first; none for the one without a signing date.
    expected = sorted(
        {a.signing_date.year for a in Agreement.objects.public() if a.signing_date},
        reverse=True,
    )
    assert [value for value, _label in years[1:]] == expected
    assert len(expected) >= 2
    assert (
        sum(row["count"] for row in unfiltered.context["counts"]["by_kind"])
        == (unfiltered.context["counts"]["total"])
    )


def test_registry_stays_constant_with_5000_agreements(client, django_assert_num_queries):
    session = PastSessionFactory(number=25)
    agreements = []
    for number in range(5000):
        agreement = Agreement(
            kind=AgreementKind.MEMORANDUM,
            sector="mechanics" if number % 2 else "agrifood",
            title_it=f"Memorandum n. {number}",
            title_ru=f"Меморандум № {number}",
            title_en=f"Memorandum no. {number}",
            session=session,
            signing_date=session.start_date,
            status=AgreementStatus.SIGNED,
        )
        agreement.refresh_search_text()
        agreements.append(agreement)
    Agreement.objects.bulk_create(agreements, batch_size=500)
    Party.objects.bulk_create(
        Party(agreement=agreement, side=side, name=f"Parte {agreement.pk}")
        for agreement in Agreement.objects.all()
        for side in (Country.ITALY, Country.RUSSIA)
    )
    protocol_with_sections(session, count=1)
    with django_assert_num_queries(7):
        response = client.get(url("agreement_list"), {"side": "IT", "q": "memorandum"})
    assert response.context["paginator"].count == 5000
    with django_assert_num_queries(7):
        client.get(url("agreement_list"), {"side": "IT", "q": "memorandum", "page": "200"})


def test_agreement_page_shows_parties_by_side_and_signatories(client, registry):
    response = client.get(registry["mechanics"].get_absolute_url().replace("/it/", "/en/"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Mechanics memorandum" in content
    assert "Меморандум о машиностроении" in content
    assert "Confindustria Bergamo" in content
    assert "Торгово-промышленная палата" in content
    assert "Paolo Verdi" in content
    assert "3 years" in content


def test_draft_agreement_page_is_not_public(client, registry):
    draft = Agreement.objects.get(title_en="Unsigned draft")
    assert client.get(url("agreement_detail", pk=draft.pk)).status_code == 404


def test_staff_can_look_at_a_draft(client, registry):
    draft = Agreement.objects.get(title_en="Unsigned draft")
    client.force_login(grant(UserFactory(), "agreements.view_agreement"))
    assert client.get(url("agreement_detail", pk=draft.pk)).status_code == 200


# Signed copies


@pytest.fixture
def scanned(registry, private_media):
    agreement = registry["mechanics"]
    agreement.signed_copy.save("scan.pdf", ContentFile(b"%PDF-1.7\nsigned\n%%EOF"), save=True)
    return agreement


def test_private_signed_copy_is_refused_to_the_public(client, scanned):
    response = client.get(url("signed_copy", pk=scanned.pk))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    page = client.get(url("agreement_detail", pk=scanned.pk)).content.decode()
    assert url("signed_copy", pk=scanned.pk) not in page
    assert "not public" in page


def test_staff_without_the_permission_cannot_open_a_private_copy(client, scanned):
    client.force_login(grant(UserFactory(), "agreements.view_agreement"))
    assert client.get(url("signed_copy", pk=scanned.pk)).status_code == 403


def test_staff_with_the_permission_open_the_private_copy(client, scanned):
    client.force_login(grant(UserFactory(), "agreements.view_signed_copy"))
    response = client.get(url("signed_copy", pk=scanned.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "no-store" in response["Cache-Control"]


def test_a_non_staff_user_with_the_permission_is_still_refused(client, scanned):
    client.force_login(grant(UserFactory(is_staff=False), "agreements.view_signed_copy"))
    assert client.get(url("signed_copy", pk=scanned.pk)).status_code == 403


def test_a_public_copy_is_open_to_everyone(client, scanned):
    scanned.signed_copy_is_public = True
    scanned.save()
    response = client.get(url("signed_copy", pk=scanned.pk))
    assert response.status_code == 200
    page = client.get(url("agreement_detail", pk=scanned.pk)).content.decode()
    assert url("signed_copy", pk=scanned.pk) in page


def test_signed_copies_are_not_under_a_public_url(settings, scanned):
    assert str(settings.MEDIA_ROOT) in scanned.signed_copy.path
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))


def test_missing_copy_is_a_404(client, registry):
    assert client.get(url("signed_copy", pk=registry["food"].pk)).status_code == 404


# Protocol PDFs


def test_final_protocol_is_offered_in_the_registry(client, finalizer, private_media):
    protocol = protocol_with_sections(PastSessionFactory(number=25), count=2)
    services.finalize_protocol(protocol, by=finalizer)
    protocol.refresh_from_db()
    page = client.get(url("agreement_list")).content.decode()
    assert protocol.final_pdf_sha256 in page
    pdf_url = url("protocol_pdf", number=25)
    assert pdf_url in page
    response = client.get(pdf_url)
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert services.sha256_of(data) == protocol.final_pdf_sha256
    assert response["X-Checksum-SHA256"] == protocol.final_pdf_sha256


def test_draft_protocol_pdf_is_for_staff_only(client, editor):
    protocol_with_sections(PastSessionFactory(number=25), count=1)
    assert client.get(url("protocol_pdf", number=25)).status_code == 404
    client.force_login(editor)
    response = client.get(url("protocol_pdf", number=25))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_navigation_links_to_the_registry(client):
    content = client.get("/en/").content.decode()
    assert f'href="{url("agreement_list")}"' in content


def test_signatories_read_in_both_scripts_with_the_title_in_the_readers_language(client):
    from django.utils import translation

    from agreements.models import Signatory
    from tests.agreements.factories import signed_agreement
    from tests.factories import PastSessionFactory

    agreement = signed_agreement(PastSessionFactory())
    Signatory.objects.create(
        agreement=agreement,
        side="RU",
        name="Дмитрий Волков",
        title="Министр промышленности",
        title_other_language="Ministro dell’industria",
    )
    Signatory.objects.create(
        agreement=agreement,
        side="IT",
        name="Marco Colombo",
        name_other_script="Марко Коломбо",
        title="Presidente",
        title_other_language="Президент",
        organization="Confindustria Bergamo & Co",
    )
    pages = {}
    for language in ("it", "ru"):
        with translation.override(language):
            pages[language] = client.get(agreement.get_absolute_url()).content.decode()
    assert "Dmitrii Volkov (Дмитрий Волков)" in pages["it"]
    assert "Ministro dell’industria" in pages["it"] and "Министр промышленности" not in pages["it"]
    assert "Дмитрий Волков (Dmitrii Volkov)" in pages["ru"]
    assert "Марко Коломбо (Marco Colombo)</strong>, Президент" in pages["ru"]
    # The organization after the joint of each language, escaped once.
    assert "Presidente – Confindustria Bergamo &amp; Co</li>" in pages["it"]
    assert 'Президент — <span lang="it">Confindustria Bergamo &amp; Co</span></li>' in pages["ru"]


def test_a_term_that_ended_is_said_in_the_past(client):
    """«Срок истекает 2 декабря 2018 г.» read on a signed agreement in 2026: the page says the
    term ended (its status is staff's: a renewable agreement may have been renewed)."""
    from django.utils import timezone

    from agreements.models import Renewal

    ended = signed_agreement(
        PastSessionFactory(number=12), duration_months=24, renewal=Renewal.EXPRESS
    )
    running = signed_agreement(PastSessionFactory(number=13), duration_months=24)
    running.signing_date = timezone.localdate() - datetime.timedelta(days=30)
    running.save()
    assert ended.term_has_ended and not running.term_has_ended
    with translation.override("ru"):
        ended_page = client.get(ended.get_absolute_url()).content.decode()
        running_page = client.get(running.get_absolute_url()).content.decode()
    assert "Срок действия истёк" in ended_page and "Срок истекает" not in ended_page
    assert "Срок истекает" in running_page and "истёк" not in running_page
    # Tacitly renewed unless terminated: its first term ended, not the agreement.
    ended.renewal = Renewal.TACIT
    ended.save()
    with translation.override("ru"):
        renewed_page = client.get(ended.get_absolute_url()).content.decode()
    assert "Первый срок истёк" in renewed_page
