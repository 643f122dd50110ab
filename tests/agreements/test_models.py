import datetime

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import IntegrityError
from django.utils import translation

from agreements.models import (
    Agreement,
    AgreementStatus,
    Party,
    Renewal,
    normalize_search_text,
)
from agreements.validators import MAX_SIGNED_COPY_SIZE, validate_pdf_upload
from sessions_app.models import Country
from tests.agreements.factories import AgreementFactory, PartyFactory, pdf_document
from tests.factories import OrganizationFactory, PastSessionFactory, russian_region

pytestmark = pytest.mark.django_db


@translation.override("en")
def test_signing_date_outside_the_session_is_a_field_error():
    session = PastSessionFactory(start_date=datetime.date(2016, 12, 1))
    agreement = AgreementFactory.build(session=session, signing_date=datetime.date(2016, 12, 5))
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "signing_date" in error.value.message_dict
    assert "outside the session" in error.value.message_dict["signing_date"][0]


def test_signing_date_within_a_month_only_session_is_accepted():
    session = PastSessionFactory(
        start_date=datetime.date(2007, 10, 1),
        end_date=datetime.date(2007, 10, 1),
        date_precision="month",
    )
    agreement = AgreementFactory.build(session=session, signing_date=datetime.date(2007, 10, 18))
    agreement.full_clean()


def test_signed_agreement_needs_a_signing_date():
    agreement = AgreementFactory.build(session=None, signing_date=None)
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "signing_date" in error.value.message_dict
    agreement.status = AgreementStatus.DRAFT
    agreement.full_clean()


def test_the_database_refuses_a_signed_agreement_without_date():
    with pytest.raises(IntegrityError):
        AgreementFactory(session=None, signing_date=None)


def test_an_agreement_needs_a_title_in_some_language():
    agreement = AgreementFactory.build(session=None, title_it="", title_ru="", title_en="")
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "title_it" in error.value.message_dict


def test_party_without_side_is_a_field_error():
    party = Party(agreement=AgreementFactory(), name="Confindustria Bergamo", side="")
    with pytest.raises(ValidationError) as error:
        party.full_clean()
    assert "side" in error.value.message_dict


def test_party_must_be_an_organization_a_region_or_a_name():
    party = Party(agreement=AgreementFactory(), side=Country.ITALY)
    with pytest.raises(ValidationError) as error:
        party.full_clean()
    assert "name" in error.value.message_dict
    with pytest.raises(IntegrityError):
        party.save()


def test_party_region_must_lie_on_its_side():
    party = Party(agreement=AgreementFactory(), side=Country.ITALY, region=russian_region())
    with pytest.raises(ValidationError) as error:
        party.full_clean()
    assert "region" in error.value.message_dict


def test_party_organization_must_be_on_its_side():
    party = Party(
        agreement=AgreementFactory(), side=Country.RUSSIA, organization=OrganizationFactory()
    )
    with pytest.raises(ValidationError) as error:
        party.full_clean()
    assert "organization" in error.value.message_dict


def test_party_shows_the_organization_in_the_readers_script():
    organization = OrganizationFactory(
        name_latin="Uralmash", name_cyrillic="Уралмаш", country=Country.RUSSIA, region=None
    )
    party = PartyFactory(side=Country.RUSSIA, organization=organization, name="")
    with translation.override("ru"):
        assert party.display_name == "Уралмаш"
    with translation.override("it"):
        assert party.display_name == "Uralmash"


def test_a_party_named_with_brackets_takes_its_region_after_a_comma():
    from tests.factories import RegionFactory

    region = RegionFactory(
        code="RU-SVE", country=Country.RUSSIA, name_ru="Свердловская область", name_it="Sverdlovsk"
    )
    party = PartyFactory(side=Country.RUSSIA, name="Союз машиностроителей (демо)", region=region)
    plain = PartyFactory(side=Country.RUSSIA, name="Уралмаш", region=region)
    with translation.override("ru"):
        assert party.display_name == "Союз машиностроителей (демо), Свердловская область"
        assert plain.display_name == "Уралмаш (Свердловская область)"


def test_search_text_covers_the_three_titles_and_summaries_case_insensitively():
    agreement = AgreementFactory(
        title_it="Memorandum sulla Meccanica",
        title_ru="Меморандум о МАШИНОСТРОЕНИИ",
        title_en="Memorandum on mechanics",
        summary_ru="Совместное обучение",
    )
    assert Agreement.objects.search("машиностроении").get() == agreement
    assert Agreement.objects.search("МЕХАНИКА").count() == 0
    assert Agreement.objects.search("meccanica memorandum").get() == agreement
    assert Agreement.objects.search("обучение").get() == agreement
    assert Agreement.objects.search("meccanica vino").count() == 0


def test_search_ignores_accents_and_yo():
    assert normalize_search_text("Ёлка Attività") == normalize_search_text("елка attivita")


@translation.override("en")
def test_duration_reads_naturally():
    agreement = AgreementFactory.build(duration_months=36, renewal=Renewal.TACIT)
    assert agreement.duration_display == "3 years, tacitly renewable"
    agreement.duration_months, agreement.renewal = 18, Renewal.NONE
    assert agreement.duration_display == "18 months"
    agreement.duration_months = None
    assert agreement.duration_display == "Open-ended"


def test_term_ends_after_the_duration():
    agreement = AgreementFactory.build(signing_date=datetime.date(2016, 12, 31), duration_months=2)
    assert agreement.expires_on == datetime.date(2017, 2, 28)


def test_upload_that_is_not_a_pdf_is_refused():
    upload = SimpleUploadedFile("scan.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        validate_pdf_upload(upload)
    assert error.value.code == "not_a_pdf"


def test_upload_over_the_size_limit_is_refused():
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n" + b"0" * MAX_SIGNED_COPY_SIZE)
    with pytest.raises(ValidationError) as error:
        validate_pdf_upload(upload)
    assert error.value.code == "file_too_large"
    assert "15" in error.value.messages[0]


def test_a_real_pdf_is_accepted():
    validate_pdf_upload(SimpleUploadedFile("scan.pdf", pdf_document()))


def test_an_html_page_with_a_pdf_header_in_its_first_kilobyte_is_refused():
    page = b"<!DOCTYPE html><html><!-- %PDF-1.7 --><body><script>alert(1)</script></body></html>"
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            validate_pdf_upload(
                SimpleUploadedFile("scan.pdf", page, content_type="application/pdf")
            )
        assert "not a PDF" in error.value.messages[0]
    assert error.value.code == "not_a_pdf"


def test_a_pdf_header_without_a_document_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_pdf_upload(SimpleUploadedFile("scan.pdf", b"%PDF-1.7\nsigned\n%%EOF"))
    assert error.value.code == "not_a_pdf"


def test_a_password_protected_pdf_is_refused_with_its_own_message():
    locked = pdf_document(encryption=pikepdf.Encryption(owner="owner", user="secret"))
    with translation.override("ru"):
        with pytest.raises(ValidationError) as error:
            validate_pdf_upload(SimpleUploadedFile("scan.pdf", locked))
        assert "парол" in error.value.messages[0]
    assert error.value.code == "pdf_encrypted"


def test_a_pdf_without_pages_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_pdf_upload(SimpleUploadedFile("scan.pdf", pdf_document(pages=0)))
    assert error.value.code == "pdf_without_pages"


def test_a_large_upload_is_read_from_its_temporary_file(tmp_path):
    path = tmp_path / "upload.pdf"
    path.write_bytes(pdf_document(pages=3))
    upload = TemporaryUploadedFile("scan.pdf", "application/pdf", path.stat().st_size, None)
    upload.file.write(path.read_bytes())
    upload.file.flush()
    validate_pdf_upload(upload)
    upload.close()


def test_place_defaults_to_the_city_of_the_session():
    session = PastSessionFactory(city_it="Bergamo", city_ru="Бергамо")
    agreement = AgreementFactory.build(session=session, signing_place="")
    with translation.override("ru"):
        assert agreement.place_display == "Бергамо"
    agreement.signing_place = "Milano"
    assert agreement.place_display == "Milano"
