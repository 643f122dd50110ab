"""A hotel's distance from the venue in metres (each delegate reads it in their language:
"1,2 km", «1,2 км»), instead of one text for both ("1,2 km / 1,2 км")."""

import re

from django.db import migrations, models

_DISTANCE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(km|км|m|м)\b", re.IGNORECASE)


def to_metres(text):
    """The first distance written in `text` ("1,2 km / 1,2 км" → 1200, "800 m" → 800), or
    None when it names none."""
    found = _DISTANCE.search(text or "")
    if found is None:
        return None
    number = float(found.group(1).replace(",", "."))
    return round(number * 1000) if found.group(2).lower() in ("km", "км") else round(number)


def forwards(apps, schema_editor):
    Hotel = apps.get_model("travel", "Hotel")
    for hotel in Hotel.objects.exclude(distance=""):
        hotel.distance_m = to_metres(hotel.distance)
        hotel.save(update_fields=["distance_m"])


def backwards(apps, schema_editor):
    Hotel = apps.get_model("travel", "Hotel")
    for hotel in Hotel.objects.exclude(distance_m=None):
        hotel.distance = f"{hotel.distance_m} m"
        hotel.save(update_fields=["distance"])


class Migration(migrations.Migration):
    dependencies = [("travel", "0003_hotels_and_transfers")]

    operations = [
        migrations.AddField(
            model_name="hotel",
            name="distance_m",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Delegates read it in their language: “800 m”, «1,2 км».",
                null=True,
                verbose_name="distance from the venue (metres)",
            ),
        ),
        migrations.AddField(
            model_name="historicalhotel",
            name="distance_m",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Delegates read it in their language: “800 m”, «1,2 км».",
                null=True,
                verbose_name="distance from the venue (metres)",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="hotel", name="distance"),
        migrations.RemoveField(model_name="historicalhotel", name="distance"),
    ]
