"""The delegate's visa invitation letter, hotel room and arrival (the letter's paths are
those of the delegates app before travel/ existed: links already e-mailed keep working)."""

from django.urls import path

from travel import views

app_name = "travel"

urlpatterns = [
    path("visa-letter/<str:token>/", views.visa_letter_request, name="visa_letter"),
    path(
        "visa-letter/<str:token>/letter.pdf",
        views.visa_letter_download,
        name="visa_letter_download",
    ),
    path("visa-letter/<str:token>/outcome/", views.visa_outcome, name="visa_outcome"),
    path("travel/<str:token>/", views.travel, name="travel"),
    # Public: the page a consulate opens from the letter's QR code.
    path("verify/visa-letter/<str:code>/", views.verify_letter, name="verify_letter"),
]
