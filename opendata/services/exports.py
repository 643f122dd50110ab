"""CSV files of the open data: the public agreements registry (the history's CSV is
sessions_app's). Written through core/spreadsheets.py: UTF-8 with a BOM, every field quoted,
a text that a spreadsheet would run as a formula kept as text."""

import io

from core.spreadsheets import CSV_BOM, CsvWriter
from opendata.services.agreements import public_agreements
from sessions_app.models import Country

AGREEMENT_COLUMNS = (
    "id",
    "kind",
    "title_it",
    "title_ru",
    "title_en",
    "sector",
    "session",
    "signing_date",
    "signing_place",
    "status",
    "duration_months",
    "italian_parties",
    "russian_parties",
    "signatories",
)


def _party_name(party):
    """As the registry names a party: its organization, else its own name, else its region
    (the region of a named party in brackets), in the Latin script and Italian names."""
    if party.organization:
        name = party.organization.name_latin
    elif party.name:
        name = party.name
    elif party.region:
        return party.region.name_it
    else:
        return ""
    return f"{name} ({party.region.name_it})" if party.region else name


def _signing_place(agreement):
    """Where it was signed, as the registry says it: as recorded, or else its session's city."""
    if agreement.signing_place or agreement.session is None:
        return agreement.signing_place
    return agreement.session.localized("city", "it")


def agreements_csv_text():
    """Every public agreement, one row each, parties by side and signatories (public names)."""
    stream = io.StringIO()
    stream.write(CSV_BOM)
    writer = CsvWriter(stream)
    writer.writerow(AGREEMENT_COLUMNS)
    for agreement in public_agreements():
        parties = list(agreement.parties.all())
        writer.writerow(
            [
                agreement.pk,
                agreement.kind,
                agreement.title_it,
                agreement.title_ru,
                agreement.title_en,
                agreement.sector,
                agreement.session.number if agreement.session else "",
                agreement.signing_date,
                _signing_place(agreement),
                agreement.status,
                agreement.duration_months,
                "; ".join(_party_name(p) for p in parties if p.side == Country.ITALY),
                "; ".join(_party_name(p) for p in parties if p.side == Country.RUSSIA),
                "; ".join(signatory.name for signatory in agreement.signatories.all()),
            ]
        )
    return stream.getvalue()
