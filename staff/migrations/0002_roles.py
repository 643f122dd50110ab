"""The three staff roles as groups, with the permissions their rules grant."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from staff.roles import create_all_permissions, sync_role_permissions

    using = schema_editor.connection.alias
    create_all_permissions(apps=apps, using=using)
    sync_role_permissions(apps=apps, using=using)


def remove_roles(apps, schema_editor):
    from staff.roles import ROLE_RULES

    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=ROLE_RULES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sessions_app", "0001_initial"),
        ("delegates", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
