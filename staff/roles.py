"""Staff roles: Django groups whose permissions follow rules, not hand-picked lists.

Each role is a list of rules `(include, pattern)`; a pattern reads
`app_label.model.codename` with shell wildcards (`delegates.*.view_*`). The last rule that
matches a permission decides; a permission no rule matches is not granted. Because the rules
are patterns, a model added later by any app gets the right permissions from the next
`migrate` (the post_migrate signal calls `sync_role_permissions()`).
"""

from fnmatch import fnmatchcase

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

MINISTRY_ADMINISTRATORS = "Ministry administrators"
ORGANIZERS = "Organizers"
VIEWERS = "Viewers"

# The domain apps: what organizers and viewers work on.
DOMAIN_APPS = (
    "sessions_app",
    "delegates",
    "venue",
    "travel",
    "agreements",
    "meetings",
    "projects",
    "mailings",
)

# Personal documents: passports and the signed copies of agreements.
PERSONAL_DOCUMENT_PERMISSIONS = (
    "travel.*.view_passport_data",
    "agreements.*.view_signed_copy",
)

# The background work: the e-mail outbox (post_office) and the outcome of tasks
# (django_celery_results). Staff follow it in the admin.
BACKGROUND_VIEW_PERMISSIONS = (
    "post_office.email.view_*",
    "post_office.log.view_*",
    "django_celery_results.taskresult.view_*",
)

# Who holds any of these (directly or through a group) must log in with a second factor
# (staff.services.needs_second_factor): passports, signed copies, the final Protocol.
SECOND_FACTOR_PERMISSIONS = (
    "travel.view_passport_data",
    "agreements.view_signed_copy",
    "agreements.finalize_protocol",
)

ALLOW, DENY = True, False

ROLE_RULES = {
    MINISTRY_ADMINISTRATORS: [
        (ALLOW, "*.*.*"),
        # The audit trail is written by the portal only, never edited.
        (DENY, "staff.auditevent.add_*"),
        (DENY, "staff.auditevent.change_*"),
        (DENY, "staff.auditevent.delete_*"),
        # Second-factor devices belong to their owner; only a superuser resets them (with an
        # audit event), never through the devices' own tables.
        (DENY, "otp_totp.*.*"),
        (DENY, "otp_static.*.*"),
    ],
    ORGANIZERS: [
        # The session's programme, registrations, badges, letters, check-in and the B2B
        # schedule: they create and change, and may remove programme items and meetings.
        # Sessions themselves and the regions are the ministry's: organizers read them.
        (ALLOW, "sessions_app.*.view_*"),
        (ALLOW, "sessions_app.*.add_*"),
        (ALLOW, "sessions_app.*.change_*"),
        (ALLOW, "sessions_app.thematictable.delete_*"),
        (ALLOW, "sessions_app.programmeitem.delete_*"),
        (DENY, "sessions_app.region.add_*"),
        (DENY, "sessions_app.region.change_*"),
        (DENY, "sessions_app.session.add_*"),
        (DENY, "sessions_app.session.change_*"),
        # The historical record (editions, their sources and reported figures) too.
        *[
            (DENY, f"sessions_app.{model}.{action}_*")
            for model in ("edition", "editionsource", "reportedfigure")
            for action in ("add", "change")
        ],
        # Registrations and everything done with them (badges, letters, check-in: the custom
        # permissions too), except removing rows and reading passports.
        *[(ALLOW, f"{app_label}.*.*") for app_label in ("delegates", "venue", "travel")],
        *[(DENY, f"{app_label}.*.delete_*") for app_label in ("delegates", "venue", "travel")],
        (ALLOW, "meetings.*.*"),
        # Collaboration projects: they review, translate and follow them up; removing a
        # project is the ministry's (a proposer withdraws, staff decline).
        (ALLOW, "projects.*.*"),
        (DENY, "projects.*.delete_*"),
        # Messages to delegates (writing, sending: mailings.send_mailing) and the reminders
        # of each session; what was sent stays (no deleting), written by the portal only.
        (ALLOW, "mailings.*.*"),
        (DENY, "mailings.*.delete_*"),
        (ALLOW, "mailings.mailing.delete_*"),  # drafts only (MailingAdmin)
        *[
            (DENY, f"mailings.{model}.{verb}_*")
            for model in ("recipient", "sentreminder")
            for verb in ("add", "change")
        ],
        # Agreements and the Protocol are the ministry's: organizers read them.
        (ALLOW, "agreements.*.view_*"),
        *[(DENY, pattern) for pattern in PERSONAL_DOCUMENT_PERMISSIONS],
        (DENY, "*.historical*.add_*"),
        (DENY, "*.historical*.change_*"),
        (DENY, "*.historical*.delete_*"),
        # They follow the outbox and send a mail again ("change"); failed tasks they read
        # (running one again is the ministry's).
        *[(ALLOW, pattern) for pattern in BACKGROUND_VIEW_PERMISSIONS],
        (ALLOW, "post_office.email.change_*"),
    ],
    VIEWERS: [
        *[(ALLOW, f"{app_label}.*.view_*") for app_label in DOMAIN_APPS],
        *[(DENY, pattern) for pattern in PERSONAL_DOCUMENT_PERMISSIONS],
        *[(ALLOW, pattern) for pattern in BACKGROUND_VIEW_PERMISSIONS],
    ],
}


def permission_key(app_label, model, codename):
    return f"{app_label}.{model}.{codename}"


def role_allows(role, app_label, model, codename):
    """Whether the rules of `role` grant the permission `app_label.model.codename`."""
    key = permission_key(app_label, model, codename)
    allowed = False
    for include, pattern in ROLE_RULES[role]:
        if fnmatchcase(key, pattern):
            allowed = include
    return allowed


def sync_role_permissions(apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Create the three role groups if missing and set each one's permissions to exactly
    those its rules grant. Idempotent; safe to run at every `migrate`.

    `apps` is the app registry: the global one, or a migration's historical one."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.using(using)
        .select_related("content_type")
        .values_list("pk", "content_type__app_label", "content_type__model", "codename")
    )
    for role in ROLE_RULES:
        group, _created = Group.objects.using(using).get_or_create(name=role)
        granted = [
            pk
            for pk, app_label, model, codename in permissions
            if role_allows(role, app_label, model, codename)
        ]
        group.permissions.set(granted)


def create_all_permissions(apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Make sure every model's permissions exist (Django creates them only after the whole
    `migrate` has run, app by app)."""
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        if models_module is None:
            # Historical registries (inside a migration) carry no models module.
            app_config.models_module = True
        try:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
        finally:
            app_config.models_module = models_module


def sync_roles_after_migrate(sender, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    create_all_permissions(apps=apps, using=using)
    sync_role_permissions(apps=apps, using=using)
