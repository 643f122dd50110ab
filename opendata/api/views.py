"""The read-only open-data API, version 1: sessions, their programme and thematic tables,
public agreements, the historical record, the regions and the region statistics. Every list is
paginated and runs a constant number of queries; see opendata/api/http.py for ETag,
Last-Modified and the rate limit."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from opendata.api import serializers
from opendata.services.agreements import public_agreements
from opendata.services.regions import hosting_regions, pair_table
from sessions_app.models import Country, Edition, ProgrammeItem, Region, Session, ThematicTable

SESSION_FILTER = OpenApiParameter(
    "session", int, description="Only the rows of the session with this number."
)


def _session_number(request):
    value = request.query_params.get("session")
    if value is None:
        return None
    if not value.isdigit() or len(value) > 5:
        raise ValidationError({"session": [_("Give the number of a session, e.g. 25.")]})
    return int(value)


class SessionList(generics.ListAPIView):
    """Every session in the portal, the most recent first."""

    serializer_class = serializers.SessionSerializer
    queryset = Session.objects.with_region().order_by("-number")


class SessionDetail(generics.RetrieveAPIView):
    serializer_class = serializers.SessionSerializer
    queryset = Session.objects.with_region()
    lookup_field = "number"


class SessionFilterMixin:
    def filter_by_session(self, queryset):
        number = _session_number(self.request)
        return queryset if number is None else queryset.filter(session__number=number)


@extend_schema(parameters=[SESSION_FILTER])
class ThematicTableList(SessionFilterMixin, generics.ListAPIView):
    serializer_class = serializers.ThematicTableSerializer

    def get_queryset(self):
        return self.filter_by_session(
            ThematicTable.objects.select_related("session").order_by(
                "session__number", "position", "pk"
            )
        )


@extend_schema(parameters=[SESSION_FILTER])
class ProgrammeItemList(SessionFilterMixin, generics.ListAPIView):
    serializer_class = serializers.ProgrammeItemSerializer

    def get_queryset(self):
        return self.filter_by_session(
            ProgrammeItem.objects.select_related("session").order_by(
                "session__number", "starts_at", "pk"
            )
        )


@extend_schema(parameters=[SESSION_FILTER])
class AgreementList(SessionFilterMixin, generics.ListAPIView):
    """The public registry of agreements."""

    serializer_class = serializers.AgreementSerializer

    def get_queryset(self):
        return self.filter_by_session(public_agreements())


class AgreementDetail(generics.RetrieveAPIView):
    serializer_class = serializers.AgreementSerializer

    def get_queryset(self):
        return public_agreements()


class EditionList(generics.ListAPIView):
    """The historical record: every edition known from public sources, with its sources and
    the figures they reported (apart from what the portal counts)."""

    serializer_class = serializers.EditionSerializer
    queryset = Edition.objects.for_display()


class RegionList(generics.ListAPIView):
    """Italy's 20 regions and Russia's 83 federal subjects (ISO 3166-2)."""

    serializer_class = serializers.RegionSerializer
    queryset = Region.objects.order_by("code")


class Statistics(APIView):
    """The regions that hosted sessions, and what joined each pair of an Italian region and a
    Russian federal subject (one value per measure)."""

    @extend_schema(responses=serializers.StatisticsSerializer)
    def get(self, request):
        hosting = hosting_regions()
        table = pair_table()
        keys = [measure.key for measure in table.measures]
        data = {
            "editions_on_record": Edition.objects.count(),
            "hosting_italian_regions": hosting[Country.ITALY],
            "hosting_russian_regions": hosting[Country.RUSSIA],
            "measures": keys,
            "pairs": [
                {
                    "italian": pair.italian,
                    "russian": pair.russian,
                    "values": dict(zip(keys, pair.values, strict=True)),
                    "total": pair.total,
                }
                for pair in table.pairs
            ],
        }
        return Response(serializers.StatisticsSerializer(data).data)
