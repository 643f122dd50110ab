"""Badges and check-ins moved to venue/, visa letters to travel/: delegates forgets the
models, their tables stay (venue and travel 0001 take them over with the same db_table)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('delegates', '0008_person_patronymic'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are (db_table): only Django's idea of the models moves.
            state_operations=[
                migrations.RemoveField(
                    model_name='checkin',
                    name='checked_in_by',
                ),
                migrations.RemoveField(
                    model_name='checkin',
                    name='registration',
                ),
                migrations.RemoveField(
                    model_name='checkin',
                    name='session',
                ),
                migrations.RemoveField(
                    model_name='historicalcheckin',
                    name='checked_in_by',
                ),
                migrations.RemoveField(
                    model_name='historicalcheckin',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalcheckin',
                    name='registration',
                ),
                migrations.RemoveField(
                    model_name='historicalcheckin',
                    name='session',
                ),
                migrations.RemoveField(
                    model_name='historicalvisaletterrequest',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalvisaletterrequest',
                    name='registration',
                ),
                migrations.RemoveField(
                    model_name='historicalvisaletterrequest',
                    name='released_by',
                ),
                migrations.RemoveField(
                    model_name='preparedbadge',
                    name='registration',
                ),
                migrations.RemoveField(
                    model_name='visaletterrequest',
                    name='registration',
                ),
                migrations.RemoveField(
                    model_name='visaletterrequest',
                    name='released_by',
                ),
                migrations.DeleteModel(
                    name='BadgePrint',
                ),
                migrations.DeleteModel(
                    name='CheckIn',
                ),
                migrations.DeleteModel(
                    name='HistoricalCheckIn',
                ),
                migrations.DeleteModel(
                    name='HistoricalVisaLetterRequest',
                ),
                migrations.DeleteModel(
                    name='PreparedBadge',
                ),
                migrations.DeleteModel(
                    name='VisaLetterRequest',
                ),
            ],
            database_operations=[],
        ),
    ]
