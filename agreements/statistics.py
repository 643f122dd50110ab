"""The agreements' figures on the statistics page: agreements signed, per sector and kind."""

from collections import Counter

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from agreements.models import Agreement
from core import prepared
from core.charts import NEUTRAL_COLOUR, Chart, KeyFigure, Row, Series
from core.statistics import register
from sessions_app.models import Sector


def _signed_per_sector_and_kind(today):
    return Agreement.objects.signed(today).values("sector", "kind").annotate(n=Count("id"))


@register(order=30)
def agreement_figures():
    """Agreements signed (or in force, expired, terminated), per sector and per kind (one
    query)."""
    per_sector, per_kind = Counter(), Counter()
    # The day is an argument: the compiled query counts what is signed by the day it runs.
    for row in prepared.rows(_signed_per_sector_and_kind, timezone.localdate()):
        per_sector[row["sector"]] += row["n"]
        per_kind[row["kind"]] += row["n"]
    signed_agreements = sum(per_kind.values())
    kind_labels = dict(Agreement._meta.get_field("kind").flatchoices)
    sector_labels = dict(Sector.choices)
    return [
        KeyFigure(signed_agreements, pgettext("key figure", "Agreements signed")),
        Chart(
            slug="agreements-per-sector",
            title=_("Agreements signed per sector"),
            description=_("Agreements, memoranda and understandings signed, per sector."),
            series=[Series(_("Agreements"), NEUTRAL_COLOUR)],
            label_heading=_("Sector"),
            rows=[
                Row(str(sector_labels.get(sector, sector)), [count])
                for sector, count in per_sector.most_common()
            ],
        ),
        Chart(
            slug="agreements-per-kind",
            title=_("Agreements signed per kind"),
            description=_("Protocols, agreements, memoranda and private understandings."),
            series=[Series(_("Agreements"), NEUTRAL_COLOUR)],
            label_heading=_("Kind"),
            rows=[
                Row(str(kind_labels.get(kind, kind)), [count])
                for kind, count in per_kind.most_common()
            ],
        ),
    ]
