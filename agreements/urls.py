from django.urls import path

from agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="agreement_list"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("<int:pk>/signed-copy/", views.signed_copy, name="signed_copy"),
    path("protocols/<int:number>/pdf/", views.protocol_pdf, name="protocol_pdf"),
]
