from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("Staff roles and audit")

    def ready(self):
        from staff.roles import sync_roles_after_migrate
        from staff.two_factor import register_methods

        register_methods()

        # Sent once per app after every `migrate` (and after a test database flush): models
        # added later by any app get their permissions assigned to the roles automatically.
        post_migrate.connect(
            sync_roles_after_migrate, sender=self, dispatch_uid="staff_sync_role_permissions"
        )
