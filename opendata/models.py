"""The search index: one row per public thing the search box finds (a session, an agreement,
an organization, a project), holding its text in every language and that text written in
Latin letters (iuliia), so that "Kazan" finds «Казань» and «Бергамо» finds "Bergamo".

Rows are written by opendata/services/search.py when the indexed rows change (receivers,
after the transaction commits) and by `manage.py rebuild_search_index`."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import LocalizedFieldsMixin


class SearchKind(models.TextChoices):
    SESSION = "session", _("Sessions")
    AGREEMENT = "agreement", _("Agreements")
    PROJECT = "project", _("Collaboration projects")
    ORGANIZATION = "organization", _("Organizations")


class SearchEntry(LocalizedFieldsMixin, models.Model):
    kind = models.CharField(max_length=20, choices=SearchKind.choices)
    object_id = models.PositiveBigIntegerField()
    title_it = models.CharField(max_length=500)
    title_ru = models.CharField(max_length=500, blank=True)
    title_en = models.CharField(max_length=500, blank=True)
    url_name = models.CharField(max_length=100, blank=True)
    url_argument = models.CharField(max_length=40, blank=True)
    text = models.TextField(help_text="Every indexed text, in every language.")
    text_latin = models.TextField(help_text="The same text in Latin letters (iuliia), lower case.")

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_one_per_row"),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return self.localized("title")
