"""The venue's models, moved from delegates with their tables (db_table unchanged): no
database change, only the state; the content types follow, so permissions keep their holders."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MODELS = ('badgeprint', 'preparedbadge', 'checkin', 'historicalcheckin')


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
    _move(apps, schema_editor, "delegates", 'venue')


def move_content_types_back(apps, schema_editor):
    _move(apps, schema_editor, 'venue', "delegates")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('delegates', '0009_badges_letters_checkin_move_out'),
        ('sessions_app', '0004_one_sector_list'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are (db_table): only Django's idea of the models moves.
            state_operations=[
                migrations.CreateModel(
                    name='BadgePrint',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('layout', models.CharField(choices=[('a6', 'One A6 badge per page'), ('a4', 'A4 sheets of four A6 badges')], max_length=2, verbose_name='layout')),
                        ('badge_count', models.PositiveIntegerField(verbose_name='number of badges')),
                        ('printed_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='printed at')),
                        ('printed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='printed by')),
                        ('registrations', models.ManyToManyField(blank=True, related_name='badge_prints', to='delegates.registration', verbose_name='registrations')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='badge_prints', to='sessions_app.session', verbose_name='session')),
                    ],
                    options={
                        'verbose_name': 'badge printing',
                        'verbose_name_plural': 'badge printings',
                        'db_table': 'delegates_badgeprint',
                        'ordering': ['-printed_at'],
                        'permissions': [('print_badges', 'Can print badges')],
                    },
                ),
                migrations.CreateModel(
                    name='CheckIn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('checked_in_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='checked in at')),
                        ('method', models.CharField(choices=[('scan', 'Badge scanned'), ('manual', 'Found by name')], default='scan', max_length=10, verbose_name='method')),
                        ('checked_in_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='checked in by')),
                        ('registration', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='check_in', to='delegates.registration', verbose_name='registration')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='check_ins', to='sessions_app.session', verbose_name='session')),
                    ],
                    options={
                        'verbose_name': 'check-in',
                        'verbose_name_plural': 'check-ins',
                        'db_table': 'delegates_checkin',
                        'ordering': ['-checked_in_at'],
                        'permissions': [('check_in', 'Can check delegates in at the venue')],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalCheckIn',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('checked_in_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='checked in at')),
                        ('method', models.CharField(choices=[('scan', 'Badge scanned'), ('manual', 'Found by name')], default='scan', max_length=10, verbose_name='method')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('checked_in_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='checked in by')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('registration', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='delegates.registration', verbose_name='registration')),
                        ('session', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sessions_app.session', verbose_name='session')),
                    ],
                    options={
                        'verbose_name': 'historical check-in',
                        'verbose_name_plural': 'historical check-ins',
                        'db_table': 'delegates_historicalcheckin',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='PreparedBadge',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('digest', models.CharField(max_length=64, verbose_name='content digest')),
                        ('pdf', models.BinaryField(verbose_name='PDF page')),
                        ('rendered_at', models.DateTimeField(auto_now=True, verbose_name='rendered at')),
                        ('registration', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='prepared_badge', to='delegates.registration', verbose_name='registration')),
                    ],
                    options={
                        'verbose_name': 'prepared badge',
                        'verbose_name_plural': 'prepared badges',
                        'db_table': 'delegates_preparedbadge',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
