"""What the open-data API shows: public facts only. People appear only as the public names
(and titles) of co-chairs, moderators and signatories; no delegate, e-mail, passport,
registration or internal note is ever serialized. Each serializer lists its fields one by one
(never `__all__`), so that a field added to a model stays private until it is named here."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import Agreement, Party, Signatory
from sessions_app.models import (
    Edition,
    ProgrammeItem,
    Region,
    ReportedFigure,
    Session,
    ThematicTable,
)


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ("code", "country", "kind", "name_it", "name_ru", "name_en")


class SessionSerializer(serializers.ModelSerializer):
    roman_numeral = serializers.CharField(read_only=True)
    host_region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    italian_cochair = serializers.SerializerMethodField()
    russian_cochair = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = (
            "number",
            "roman_numeral",
            "status",
            "host_country",
            "host_region",
            "city_it",
            "city_ru",
            "city_en",
            "venue",
            "start_date",
            "end_date",
            "date_precision",
            "time_zone",
            "italian_cochair",
            "russian_cochair",
        )

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "name_latin": {"type": "string"},
                "name_cyrillic": {"type": "string"},
                "title_it": {"type": "string"},
                "title_ru": {"type": "string"},
                "title_en": {
                    "type": "string",
                    "description": "The English title as staff recorded it; empty if none.",
                },
            },
        }
    )
    def get_italian_cochair(self, session):
        if not session.italian_cochair_name:
            return None
        return {
            "name_latin": session.italian_cochair.latin,
            "name_cyrillic": session.italian_cochair.cyrillic,
            "title_it": session.italian_cochair_title_in("it"),
            "title_ru": session.italian_cochair_title_in("ru"),
            "title_en": session.italian_cochair_title_en,
        }

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "name_latin": {"type": "string"},
                "name_cyrillic": {"type": "string"},
                "title_it": {"type": "string"},
                "title_ru": {"type": "string"},
                "title_en": {
                    "type": "string",
                    "description": "The English title as staff recorded it; empty if none.",
                },
            },
        }
    )
    def get_russian_cochair(self, session):
        if not session.russian_cochair_name:
            return None
        return {
            "name_latin": session.russian_cochair.latin,
            "name_cyrillic": session.russian_cochair.cyrillic,
            "title_it": session.russian_cochair_title_in("it"),
            "title_ru": session.russian_cochair_title_in("ru"),
            "title_en": session.russian_cochair_title_en,
        }


class ThematicTableSerializer(serializers.ModelSerializer):
    session = serializers.SlugRelatedField(slug_field="number", read_only=True)
    italian_moderator = serializers.SerializerMethodField()
    russian_moderator = serializers.SerializerMethodField()

    class Meta:
        model = ThematicTable
        fields = (
            "id",
            "session",
            "name_it",
            "name_ru",
            "name_en",
            "sector",
            "description_it",
            "description_ru",
            "description_en",
            "italian_moderator",
            "russian_moderator",
        )

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_italian_moderator(self, table):
        if not table.italian_moderator_name:
            return None
        return {
            "name_latin": table.italian_moderator_name,
            "name_cyrillic": table.italian_moderator_name_cyrillic,
            "title_it": table.italian_moderator_title,
            "title_ru": table.italian_moderator_title_ru,
        }

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_russian_moderator(self, table):
        if not table.russian_moderator_name:
            return None
        return {
            "name_cyrillic": table.russian_moderator_name,
            "name_latin": table.russian_moderator_name_latin,
            "title_ru": table.russian_moderator_title,
            "title_it": table.russian_moderator_title_it,
        }


class ProgrammeItemSerializer(serializers.ModelSerializer):
    session = serializers.SlugRelatedField(slug_field="number", read_only=True)

    class Meta:
        model = ProgrammeItem
        fields = (
            "id",
            "session",
            "kind",
            "title_it",
            "title_ru",
            "title_en",
            "starts_at",
            "ends_at",
            "place_it",
            "place_ru",
            "place_en",
            "description_it",
            "description_ru",
            "description_en",
            "table",
        )


class PartySerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    region = serializers.SerializerMethodField()

    class Meta:
        model = Party
        fields = ("side", "name", "region")

    def get_name(self, party) -> str:
        if party.organization:
            return party.organization.name_latin
        if party.region:
            return party.region.name_it
        return party.name

    def get_region(self, party) -> str | None:
        region = party.region or (party.organization.region if party.organization else None)
        return region.code if region else None


class SignatorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Signatory
        fields = (
            "side",
            "name",
            "name_other_script",
            "title",
            "title_other_language",
            "organization",
        )


class AgreementSerializer(serializers.ModelSerializer):
    session = serializers.SlugRelatedField(slug_field="number", read_only=True)
    parties = PartySerializer(many=True, read_only=True)
    signatories = SignatorySerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = (
            "id",
            "kind",
            "title_it",
            "title_ru",
            "title_en",
            "summary_it",
            "summary_ru",
            "summary_en",
            "sector",
            "session",
            "signing_date",
            "signing_place",
            "status",
            "duration_months",
            "parties",
            "signatories",
        )


class ReportedFigureSerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="url", read_only=True)

    class Meta:
        model = ReportedFigure
        fields = ("kind", "value", "qualifier", "is_forecast", "source")


class EditionSerializer(serializers.ModelSerializer):
    roman_numeral = serializers.CharField(read_only=True)
    host_region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    session = serializers.SlugRelatedField(slug_field="number", read_only=True)
    has_public_record = serializers.BooleanField(read_only=True)
    sources = serializers.SlugRelatedField(slug_field="url", many=True, read_only=True)
    reported_figures = ReportedFigureSerializer(source="figures", many=True, read_only=True)

    class Meta:
        model = Edition
        fields = (
            "number",
            "roman_numeral",
            "sequence",
            "status",
            "is_online",
            "confidence",
            "has_public_record",
            "date_precision",
            "year",
            "start_date",
            "end_date",
            "host_country",
            "host_region",
            "city_it",
            "city_ru",
            "city_en",
            "venue",
            "session",
            "sources",
            "reported_figures",
        )


class HostingSerializer(serializers.Serializer):
    region = serializers.CharField(source="region.code")
    editions = serializers.IntegerField(source="count")


class PairSerializer(serializers.Serializer):
    italian_region = serializers.CharField(source="italian.code")
    russian_region = serializers.CharField(source="russian.code")
    values = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class StatisticsSerializer(serializers.Serializer):
    editions_on_record = serializers.IntegerField()
    hosting_italian_regions = HostingSerializer(many=True)
    hosting_russian_regions = HostingSerializer(many=True)
    measures = serializers.ListField(child=serializers.CharField())
    pairs = PairSerializer(many=True)
