"""Factories of the agreements app."""

import factory

from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Party,
    Protocol,
    ProtocolSection,
    SectionKind,
    Signatory,
)
from sessions_app.models import Country
from tests.factories import PastSessionFactory


class AgreementFactory(factory.django.DjangoModelFactory):
    """A memorandum signed at a past session, without parties (add them with PartyFactory)."""

    class Meta:
        model = Agreement

    kind = AgreementKind.MEMORANDUM
    title_it = factory.Sequence(lambda n: f"Memorandum d’intesa sulla meccanica n. {n}")
    title_ru = factory.Sequence(lambda n: f"Меморандум о взаимопонимании в машиностроении № {n}")
    title_en = factory.Sequence(lambda n: f"Memorandum of understanding on mechanics no. {n}")
    sector = "mechanics"
    summary_it = "Cooperazione tra distretti industriali."
    summary_ru = "Сотрудничество между промышленными округами."
    session = factory.SubFactory(PastSessionFactory)
    signing_date = factory.LazyAttribute(lambda a: a.session.start_date if a.session else None)
    signing_place = "Bergamo"
    status = AgreementStatus.SIGNED
    duration_months = 36


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    agreement = factory.SubFactory(AgreementFactory)
    side = Country.ITALY
    name = factory.Sequence(lambda n: f"Confindustria {n}")


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    agreement = factory.SubFactory(AgreementFactory)
    side = Country.ITALY
    name = factory.Sequence(lambda n: f"Paolo Verdi {n}")
    title = "Presidente"
    organization = "Confindustria Bergamo"


class ProtocolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Protocol

    session = factory.SubFactory(PastSessionFactory)


class ProtocolSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProtocolSection

    protocol = factory.SubFactory(ProtocolFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = SectionKind.OTHER
    heading_it = factory.Sequence(lambda n: f"Sezione {n}")
    heading_ru = factory.Sequence(lambda n: f"Раздел {n}")
    body_it = (
        "Le Parti hanno esaminato lo stato della cooperazione.\n\nHanno convenuto di proseguire."
    )
    body_ru = "Стороны рассмотрели состояние сотрудничества.\n\nДоговорились продолжить работу."


def signed_agreement(session, **kwargs):
    """A signed agreement at `session` with one party on each side and one signatory."""
    agreement = AgreementFactory(session=session, signing_date=session.start_date, **kwargs)
    PartyFactory(agreement=agreement, side=Country.ITALY, name="Confindustria Bergamo")
    PartyFactory(agreement=agreement, side=Country.RUSSIA, name="Торгово-промышленная палата")
    SignatoryFactory(agreement=agreement)
    return agreement


def protocol_with_sections(session=None, count=3, **kwargs):
    protocol = ProtocolFactory(session=session or PastSessionFactory(), **kwargs)
    for position in range(1, count + 1):
        ProtocolSectionFactory(
            protocol=protocol,
            position=position,
            heading_it=f"Sezione {position}",
            heading_ru=f"Раздел {position}",
        )
    return protocol


def pdf_document(pages=1, **save_options):
    """The bytes of a small but real PDF with `pages` blank A4 pages (what qpdf reads)."""
    import io

    import pikepdf

    document = pikepdf.new()
    for _page in range(pages):
        document.add_blank_page(page_size=(595, 842))
    output = io.BytesIO()
    document.save(output, **save_options)
    return output.getvalue()
