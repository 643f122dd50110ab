"""People erased before erasure cleared the patronymic (delegates/services/privacy.py) lose it
now, with their historical rows' copy of it."""

from django.db import migrations


def erase_patronymics(apps, schema_editor):
    Person = apps.get_model("delegates", "Person")
    erased = Person.objects.filter(anonymized_at__isnull=False).exclude(patronymic="")
    ids = list(erased.values_list("pk", flat=True))
    erased.update(patronymic="")
    HistoricalPerson = apps.get_model("delegates", "HistoricalPerson")
    HistoricalPerson.objects.filter(id__in=ids).update(patronymic="")


class Migration(migrations.Migration):
    dependencies = [("delegates", "0010_registration_questions")]

    operations = [migrations.RunPython(erase_patronymics, migrations.RunPython.noop)]
