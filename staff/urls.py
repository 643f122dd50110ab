"""The staff login and the two-factor pages, under /admin/ like the rest of the staff side.

The namespace is django-two-factor-auth's ("two_factor"), whose views reverse these names.
`admin/login/` comes before the admin's own URLs and replaces its login page.
"""

from django.urls import path
from two_factor.views import QRGeneratorView

from core.ratelimit import rate_limit
from staff import views

app_name = "two_factor"

# A second wall behind django-axes (per user name and address) and django-otp's throttling
# (per device): one address may not post more than this many login or code forms.
login_rate_limit = rate_limit("staff_login", limit=100, period=600)

urlpatterns = [
    path("login/", login_rate_limit(views.StaffLoginView.as_view()), name="login"),
    path("two-factor/", views.ProfileView.as_view(), name="profile"),
    path("two-factor/verify/", login_rate_limit(views.VerifyView.as_view()), name="verify"),
    path("two-factor/setup/", login_rate_limit(views.StaffSetupView.as_view()), name="setup"),
    path("two-factor/qrcode/", QRGeneratorView.as_view(), name="qr"),
    path("two-factor/setup/complete/", views.SetupCompleteView.as_view(), name="setup_complete"),
    path("two-factor/recovery-codes/", views.RecoveryCodesView.as_view(), name="backup_tokens"),
    path("two-factor/disable/", views.DisableView.as_view(), name="disable"),
]
