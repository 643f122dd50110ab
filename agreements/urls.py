from django.urls import path

from agreements import views
from core.public_cache import cached_public_page

# What the registry and an agreement's page show: agreements, their parties (organizations,
# regions) and sessions.
_registry_page = cached_public_page("agreements", "sessions", "organizations")

app_name = "agreements"

urlpatterns = [
    path("", _registry_page(views.AgreementListView.as_view()), name="agreement_list"),
    path("<int:pk>/", _registry_page(views.AgreementDetailView.as_view()), name="agreement_detail"),
    path("<int:pk>/signed-copy/", views.signed_copy, name="signed_copy"),
    path("protocols/<int:number>/pdf/", views.protocol_pdf, name="protocol_pdf"),
]
