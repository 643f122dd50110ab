"""Moving badges and check-ins to venue/ and visa letters to travel/ loses nothing: a database
populated in the migration state of before the move keeps every row of every table, and the
permissions that groups hold follow the models to their new app."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from travel.models import VisaLetterRequest
from venue.models import BadgePrint, CheckIn, PreparedBadge

BEFORE_THE_MOVE = [
    ("delegates", "0008_person_patronymic"),
    ("venue", None),
    ("travel", None),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    # The state of the models at those targets (an app migrated to None has none).
    nodes = [target for target in targets if target[1] is not None]
    nodes += [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] in {"auth"}]
    return executor.loader.project_state(nodes).apps


def row_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table == "django_migrations":  # the record of the migrations themselves
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def populate(old_apps):
    """Rows in the moved tables, written through the models as they were in delegates."""
    session = SessionFactory()
    registrations = RegistrationFactory.create_batch(3, session=session, status="approved")
    user = UserFactory(username="organizer")
    badge_print_model = old_apps.get_model("delegates", "BadgePrint")
    badge_print = badge_print_model.objects.create(
        session_id=session.pk, layout="a6", badge_count=3, printed_by_id=user.pk
    )
    badge_print.registrations.add(*[registration.pk for registration in registrations])
    old_apps.get_model("delegates", "PreparedBadge").objects.create(
        registration_id=registrations[0].pk, digest="0" * 64, pdf=b"%PDF-1.7"
    )
    check_in_model = old_apps.get_model("delegates", "CheckIn")
    historical_check_in = old_apps.get_model("delegates", "HistoricalCheckIn")
    for registration in registrations[:2]:
        check_in = check_in_model.objects.create(
            registration_id=registration.pk, session_id=session.pk, method="scan"
        )
        historical_check_in.objects.create(
            id=check_in.pk,
            registration_id=registration.pk,
            session_id=session.pk,
            checked_in_at=check_in.checked_in_at,
            method="scan",
            history_date=timezone.now(),
            history_type="+",
        )
    letter_model = old_apps.get_model("delegates", "VisaLetterRequest")
    letter = letter_model.objects.create(
        registration_id=registrations[2].pk,
        name_in_passport="IVANOV IVAN",
        date_of_birth=datetime.date(1980, 1, 1),
        status="requested",
    )
    old_apps.get_model("delegates", "HistoricalVisaLetterRequest").objects.create(
        id=letter.pk,
        registration_id=registrations[2].pk,
        status="requested",
        requested_at=letter.requested_at,
        history_date=timezone.now(),
        history_type="+",
    )
    # A group holding the permissions of the moved models, as the roles' groups do.
    content_type = old_apps.get_model("contenttypes", "ContentType")
    permission = old_apps.get_model("auth", "Permission")
    group = old_apps.get_model("auth", "Group").objects.create(name="Desk staff")
    for model, codename in (("checkin", "check_in"), ("visaletterrequest", "view_passport_data")):
        ct, _created = content_type.objects.get_or_create(app_label="delegates", model=model)
        granted, _created = permission.objects.get_or_create(
            content_type=ct, codename=codename, defaults={"name": codename}
        )
        group.permissions.add(granted)


@pytest.mark.django_db(transaction=True)
def test_moving_the_models_out_of_delegates_keeps_every_row_and_every_permission():
    old_apps = migrate(BEFORE_THE_MOVE)
    populate(old_apps)
    before = row_counts()
    for table in (
        "delegates_badgeprint",
        "delegates_badgeprint_registrations",
        "delegates_preparedbadge",
        "delegates_checkin",
        "delegates_historicalcheckin",
        "delegates_visaletterrequest",
        "delegates_historicalvisaletterrequest",
    ):
        assert before[table] > 0, table

    migrate(None)

    # Every table of before keeps its rows (apps added since, unapplied by going back, come
    # back empty).
    after = row_counts()
    assert {table: after.get(table) for table in before} == before
    assert (BadgePrint.objects.count(), PreparedBadge.objects.count()) == (1, 1)
    assert BadgePrint.objects.get().registrations.count() == 3
    assert CheckIn.objects.count() == CheckIn.history.count() == 2
    assert VisaLetterRequest.objects.get().name_in_passport == "IVANOV IVAN"
    assert VisaLetterRequest.history.count() == 1
    group_permissions = {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name="Desk staff").permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert group_permissions == {"venue.check_in", "travel.view_passport_data"}
    assert not Permission.objects.filter(
        content_type__app_label="delegates", content_type__model="checkin"
    ).exists()
