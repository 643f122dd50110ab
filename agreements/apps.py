from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements and protocols")

    def ready(self):
        from agreements.models.agreement import party_to_a_public_agreement
        from delegates.models import register_public_organization_reason

        # The registry names the parties: so may the other public pages.
        register_public_organization_reason(party_to_a_public_agreement)
