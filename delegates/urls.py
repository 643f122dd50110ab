from django.urls import path

from delegates import views

app_name = "delegates"

urlpatterns = [
    path("sessions/<int:number>/register/", views.register, name="register"),
    path("sessions/<int:number>/register/sent/", views.registration_sent, name="registration_sent"),
    path("registration/confirm/<str:token>/", views.confirm, name="confirm"),
    path("registration/<str:token>/", views.manage, name="manage"),
    path("registration/<str:token>/edit/", views.edit, name="edit"),
    path("registration/<str:token>/cancel/", views.cancel_registration, name="cancel"),
    path("registration/<str:token>/resend/", views.resend, name="resend"),
    path("registration/<str:token>/data.json", views.download_data, name="download_data"),
    path("registration/<str:token>/erase/", views.erase, name="erase"),
    path("privacy/", views.privacy, name="privacy"),
    path("transliterate/", views.transliterate, name="transliterate"),
    path("organizations/search/", views.organization_search, name="organization_search"),
]
