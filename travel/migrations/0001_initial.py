"""Visa letter requests, moved from delegates with their tables (db_table unchanged): no
database change, only the state; the content types follow, so permissions keep their holders."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MODELS = ('visaletterrequest', 'historicalvisaletterrequest')


def _move(apps, schema_editor, source, target):
    """The content types (and with them the permissions that groups and users hold, and the
    admin's log) follow the models to their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        old = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if old is None:
            continue
        ContentType.objects.using(db).filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])


def move_content_types(apps, schema_editor):
    _move(apps, schema_editor, "delegates", 'travel')


def move_content_types_back(apps, schema_editor):
    _move(apps, schema_editor, 'travel', "delegates")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('delegates', '0009_badges_letters_checkin_move_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are (db_table): only Django's idea of the models moves.
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalVisaLetterRequest',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('consulate', models.CharField(blank=True, help_text='The consulate or embassy where the visa will be requested.', max_length=200, verbose_name='consulate')),
                        ('status', models.CharField(choices=[('requested', 'Requested'), ('released', 'Released to the delegate'), ('erased', 'Passport data erased')], db_index=True, default='requested', max_length=10, verbose_name='status')),
                        ('requested_at', models.DateTimeField(blank=True, editable=False, verbose_name='requested at')),
                        ('released_at', models.DateTimeField(blank=True, null=True, verbose_name='released at')),
                        ('passport_data_erased_at', models.DateTimeField(blank=True, null=True, verbose_name='passport data erased at')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('registration', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='delegates.registration', verbose_name='registration')),
                        ('released_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='released by')),
                    ],
                    options={
                        'verbose_name': 'historical visa letter request',
                        'verbose_name_plural': 'historical visa letter requests',
                        'db_table': 'delegates_historicalvisaletterrequest',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='VisaLetterRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name_in_passport', models.CharField(blank=True, help_text='Exactly as printed in the passport, in Latin letters.', max_length=200, verbose_name='full name as in the passport')),
                        ('date_of_birth', models.DateField(blank=True, null=True, verbose_name='date of birth')),
                        ('place_of_birth', models.CharField(blank=True, max_length=150, verbose_name='place of birth')),
                        ('citizenship', models.CharField(blank=True, max_length=100, verbose_name='citizenship')),
                        ('passport_number', models.CharField(blank=True, max_length=40, verbose_name='passport number')),
                        ('passport_issued_on', models.DateField(blank=True, null=True, verbose_name='passport issued on')),
                        ('passport_expires_on', models.DateField(blank=True, null=True, verbose_name='passport valid until')),
                        ('consulate', models.CharField(blank=True, help_text='The consulate or embassy where the visa will be requested.', max_length=200, verbose_name='consulate')),
                        ('status', models.CharField(choices=[('requested', 'Requested'), ('released', 'Released to the delegate'), ('erased', 'Passport data erased')], db_index=True, default='requested', max_length=10, verbose_name='status')),
                        ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='requested at')),
                        ('released_at', models.DateTimeField(blank=True, null=True, verbose_name='released at')),
                        ('passport_data_erased_at', models.DateTimeField(blank=True, null=True, verbose_name='passport data erased at')),
                        ('registration', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='visa_letter_request', to='delegates.registration', verbose_name='registration')),
                        ('released_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='released by')),
                    ],
                    options={
                        'verbose_name': 'visa letter request',
                        'verbose_name_plural': 'visa letter requests',
                        'db_table': 'delegates_visaletterrequest',
                        'ordering': ['-requested_at'],
                        'permissions': [('view_passport_data', 'Can view passport data')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['requested', 'released', 'erased'])), name='visa_letter_request_status_valid')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
