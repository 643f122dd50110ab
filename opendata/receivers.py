"""Keep the search index in step with the rows it shows: a saved or deleted session,
agreement (or one of its parties) or organization is indexed again after its transaction
commits."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from agreements.models import Agreement, Party
from delegates.models import Organization
from opendata.models import SearchKind
from opendata.services.search import index_later
from sessions_app.models import Session

INDEXED = {
    Session: SearchKind.SESSION,
    Agreement: SearchKind.AGREEMENT,
    Organization: SearchKind.ORGANIZATION,
}


@receiver([post_save, post_delete])
def index_changed_row(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if sender in INDEXED:
        index_later(INDEXED[sender], instance.pk)
    elif sender is Party:
        index_later(SearchKind.AGREEMENT, instance.agreement_id)
