"""Admin of the historical record: staff add and correct editions, their sources and the
figures sources reported, each change kept in its history (django-simple-history). A row
staff changed is never overwritten by `load_history` afterwards."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin
from core.authorization import AuthorizedAdminMixin
from sessions_app.models import Edition, EditionSource, ReportedFigure


class EditionSourceInline(admin.TabularInline):
    model = EditionSource
    extra = 0
    fields = ("url", "position")


class ReportedFigureInline(admin.TabularInline):
    model = ReportedFigure
    extra = 0
    fields = ("kind", "qualifier", "value", "is_forecast", "source")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "source":
            # Only the sources of the edition being edited (none yet on a new edition).
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = EditionSource.objects.filter(
                edition_id=object_id if str(object_id).isdigit() else None
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Edition)
class EditionAdmin(AuthorizedAdminMixin, HistoryAdmin):
    list_display = (
        "roman_numeral_display",
        "sequence",
        "place_display",
        "dates_display",
        "status",
        "is_online",
        "confidence",
        "session",
    )
    list_display_links = ("roman_numeral_display", "place_display")
    list_filter = ("status", "confidence", "host_country", "date_precision")
    list_select_related = ("host_region", "session")
    search_fields = ("=number", "city_it", "city_ru", "city_en", "venue")
    autocomplete_fields = ("host_region", "session")
    inlines = (EditionSourceInline, ReportedFigureInline)
    fieldsets = (
        (None, {"fields": (("number", "sequence"), ("status", "is_online"), "confidence")}),
        (_("Dates"), {"fields": ("date_precision", "year", ("start_date", "end_date"))}),
        (
            _("Place"),
            {"fields": ("host_country", "host_region", ("city_it", "city_ru", "city_en"), "venue")},
        ),
        (_("Session in the portal"), {"fields": ("session",)}),
        (_("As the sources give them"), {"fields": ("tables_note", "figures_note")}),
    )

    @admin.display(description=_("edition"), ordering="number")
    def roman_numeral_display(self, edition):
        return edition.roman_numeral

    @admin.display(description=_("place"))
    def place_display(self, edition):
        return edition.place_display

    @admin.display(description=_("dates"))
    def dates_display(self, edition):
        return edition.dates_display
