"""Meetings get a status; a cancelled meeting keeps its row instead of being deleted. The
status of every existing meeting is read from its place, as the code read it before."""

import django.db.models.functions.comparison
from django.db import migrations, models


def status_from_place(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    Meeting.objects.filter(is_held=True).update(status="held")
    Meeting.objects.filter(is_held=False, slot__isnull=False).update(status="placed")


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='meeting',
            name='meeting_one_per_pair',
        ),
        migrations.AddField(
            model_name='historicalmeeting',
            name='status',
            field=models.CharField(choices=[('unplaced', 'not placed yet'), ('placed', 'placed'), ('held', 'held'), ('cancelled', 'cancelled')], db_index=True, default='unplaced', editable=False, max_length=10, verbose_name='status'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='status',
            field=models.CharField(choices=[('unplaced', 'not placed yet'), ('placed', 'placed'), ('held', 'held'), ('cancelled', 'cancelled')], db_index=True, default='unplaced', editable=False, max_length=10, verbose_name='status'),
        ),
        migrations.RunPython(status_from_place, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.UniqueConstraint(django.db.models.functions.comparison.Least('registration_a', 'registration_b'), django.db.models.functions.comparison.Greatest('registration_a', 'registration_b'), models.F('meeting_point'), condition=models.Q(('status', 'cancelled'), _negated=True), name='meeting_one_per_pair', violation_error_message='These delegates already have a meeting.'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('is_held', False), ('slot__isnull', True), ('status', 'unplaced')), models.Q(('is_held', False), ('slot__isnull', False), ('status', 'placed')), models.Q(('is_held', True), ('slot__isnull', False), ('status', 'held')), models.Q(('is_held', False), ('is_manual', False), ('slot__isnull', True), ('status', 'cancelled')), _connector='OR'), name='meeting_status_matches_its_place', violation_error_message='The status of the meeting does not match its place.'),
        ),
    ]
