from django.contrib import admin
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from sessions_app.models import Region, Session


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_it", "name_ru", "name_en", "country", "kind")
    list_filter = ("country", "kind")
    search_fields = ("code", "name_it", "name_ru", "name_en")
    ordering = ("country", "code")


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            Session.objects.annotate(year=ExtractYear("start_date"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(start_date__year=int(self.value()))
        return queryset


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = (
        "roman_numeral_display",
        "city_it",
        "host_region",
        "start_date",
        "end_date",
        "status",
    )
    list_display_links = ("roman_numeral_display", "city_it")
    list_filter = ("host_country", "status", YearFilter)
    list_select_related = ("host_region",)
    search_fields = ("=number", "city_it", "city_ru", "city_en", "venue")
    date_hierarchy = "start_date"
    autocomplete_fields = ("host_region",)
    fieldsets = (
        (None, {"fields": ("number", "status")}),
        (
            _("Place"),
            {
                "fields": (
                    "host_country",
                    "host_region",
                    ("city_it", "city_ru", "city_en"),
                    "venue",
                    "time_zone",
                )
            },
        ),
        (_("Dates"), {"fields": (("start_date", "end_date"), "date_precision")}),
        (
            _("Registration"),
            {
                "fields": (
                    ("registration_opens", "registration_closes"),
                    ("capacity_italian", "capacity_russian"),
                )
            },
        ),
        (
            _("Co-chairs"),
            {
                "fields": (
                    ("italian_cochair_name", "italian_cochair_title"),
                    ("russian_cochair_name", "russian_cochair_title"),
                )
            },
        ),
        (
            _("Past editions"),
            {
                "classes": ("collapse",),
                "fields": (
                    ("historical_registrations_italian", "historical_registrations_russian"),
                    "notes",
                ),
            },
        ),
    )

    @admin.display(description=_("session"), ordering="number")
    def roman_numeral_display(self, session):
        return session.roman_numeral
