# The note on a decline, kept as written in one field, becomes a note in Italian and one in
# Russian: each proposer reads theirs, else the other, marked as such. An existing note goes to
# the language of its script (Cyrillic: Russian), in the projects and in their history.

import unicodedata

from django.db import migrations, models


def _is_cyrillic(text):
    return any(
        unicodedata.name(character, "").startswith("CYRILLIC")
        for character in text
        if character.isalpha()
    )


def split_notes(apps, schema_editor):
    for name in ("CollaborationProject", "HistoricalCollaborationProject"):
        model = apps.get_model("projects", name)
        for row in model.objects.exclude(decision_reason="").only("pk", "decision_reason"):
            field = "decision_note_ru" if _is_cyrillic(row.decision_reason) else "decision_note_it"
            model.objects.filter(pk=row.pk).update(**{field: row.decision_reason})


def join_notes(apps, schema_editor):
    for name in ("CollaborationProject", "HistoricalCollaborationProject"):
        model = apps.get_model("projects", name)
        for row in model.objects.only("pk", "decision_note_it", "decision_note_ru"):
            note = "\n".join(part for part in (row.decision_note_it, row.decision_note_ru) if part)
            if note:
                model.objects.filter(pk=row.pk).update(decision_reason=note)


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0002_decline_reason'),
    ]

    operations = [
        migrations.AddField(
            model_name='collaborationproject',
            name='decision_note_it',
            field=models.TextField(blank=True, verbose_name='note on the decision (Italian)'),
        ),
        migrations.AddField(
            model_name='collaborationproject',
            name='decision_note_ru',
            field=models.TextField(blank=True, verbose_name='note on the decision (Russian)'),
        ),
        migrations.AddField(
            model_name='historicalcollaborationproject',
            name='decision_note_it',
            field=models.TextField(blank=True, verbose_name='note on the decision (Italian)'),
        ),
        migrations.AddField(
            model_name='historicalcollaborationproject',
            name='decision_note_ru',
            field=models.TextField(blank=True, verbose_name='note on the decision (Russian)'),
        ),
        migrations.RunPython(split_notes, join_notes),
        migrations.RemoveField(
            model_name='collaborationproject',
            name='decision_reason',
        ),
        migrations.RemoveField(
            model_name='historicalcollaborationproject',
            name='decision_reason',
        ),
    ]
