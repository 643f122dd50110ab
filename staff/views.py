"""Staff sign-in: the lockout page, and the two-factor login and its pages (staff/urls.py).

The views are django-two-factor-auth's, laid out as admin pages; the rules (who needs a second
factor, recovery codes, removing a device) live in staff.services.
"""

import django_otp
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView
from django_otp.decorators import otp_required
from django_otp.plugins.otp_static.models import StaticDevice
from two_factor import signals
from two_factor.forms import MethodForm
from two_factor.views import LoginView, SetupView

from staff import services
from staff.forms import RecoveryCodeForm, RemoveSecondFactorForm, TokenForm


def lockout(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: the translated 429 page."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    response = render(request, "errors/lockout.html", {"cooloff_minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def safe_next(request):
    """The page to go back to after a step, when it is one of ours; empty otherwise."""
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def session_is_complete(user):
    """Whether a logged-in account has nothing more to prove in this session."""
    return user.is_verified() or not services.needs_second_factor(user)


class AdminPageMixin:
    """Lay a page out as an admin page (header, user tools), without the model list."""

    title = ""

    def admin_context(self):
        return {
            **admin.site.each_context(self.request),
            "title": self.title,
            "next": safe_next(self.request),
            "next_field": REDIRECT_FIELD_NAME,
            "is_nav_sidebar_enabled": False,
            "account_needs_second_factor": services.needs_second_factor(self.request.user),
        }


class StaffLoginView(AdminPageMixin, LoginView):
    """The admin login: user name and password (django-axes counts the failures), then the
    code of the authenticator app, or a recovery code. An account with no device logs in with
    the password; if it must use a second factor, it is then sent to set one up."""

    title = gettext_lazy("Log in")
    form_list = (
        (LoginView.AUTH_STEP, AdminAuthenticationForm),
        (LoginView.TOKEN_STEP, TokenForm),
        (LoginView.BACKUP_STEP, RecoveryCodeForm),
    )

    def get_prefix(self, request, *args, **kwargs):
        return "login"

    def get_form_prefix(self, step=None, form=None):
        # The password step keeps the admin's field names (username, password): browsers and
        # password managers recognize them.
        step = self.steps.current if step is None else step
        return "" if step == self.AUTH_STEP else super().get_form_prefix(step, form)

    def get_form(self, step=None, **kwargs):
        # The package's message for a code step that came too late, in our own words.
        timed_out, self.show_timeout_error = self.show_timeout_error, False
        form = super().get_form(step=step, **kwargs)
        if timed_out:
            form.cleaned_data = getattr(form, "cleaned_data", {})
            form.add_error(
                None,
                _("Too much time has passed since the password was entered: please log in again."),
            )
        self.show_timeout_error = timed_out
        return form

    def get(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.is_staff and session_is_complete(user):
            return redirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        context.update(self.admin_context())
        context["next"] = self.get_redirect_url()
        return context


@method_decorator([never_cache, login_required, sensitive_post_parameters()], name="dispatch")
class VerifyView(AdminPageMixin, FormView):
    """The code step for a session that passed the password but not yet a second factor (the
    account was given a sensitive permission, or its device was replaced)."""

    title = gettext_lazy("Two-factor verification")
    template_name = "two_factor/core/verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_verified():
            return redirect(safe_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL))
        self.device = services.authenticator_device(request.user)
        if self.device is None:
            return redirect(with_next(reverse("two_factor:setup"), safe_next(request)))
        self.recovery = "recovery" in request.GET or "recovery" in request.POST
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return RecoveryCodeForm if self.recovery else TokenForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["initial_device"] = (
            StaticDevice.objects.filter(user=self.request.user, confirmed=True).first()
            if self.recovery
            else self.device
        )
        return kwargs

    def form_valid(self, form):
        user = self.request.user
        device = user.otp_device
        # A session that gains rights gets a new key, as at login.
        self.request.session.cycle_key()
        django_otp.login(self.request, device)
        signals.user_verified.send(sender=__name__, request=self.request, user=user, device=device)
        return redirect(safe_next(self.request) or resolve_url(settings.LOGIN_REDIRECT_URL))

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **self.admin_context(),
            "recovery": self.recovery,
            "recovery_codes_left": services.recovery_code_count(self.request.user),
        }


def with_next(url, next_url):
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else url


class StaffSetupView(AdminPageMixin, SetupView):
    """Set up the authenticator app: scan the QR code (or type the key), enter its first code.
    One page: the portal offers one method, so the package's welcome step goes, and its
    method step skips itself."""

    title = gettext_lazy("Set up two-factor authentication")
    form_list = (("method", MethodForm),)

    def dispatch(self, request, *args, **kwargs):
        # One authenticator per account: a session that has not proved the existing one
        # cannot add another (replacing a lost phone is the superuser's reset).
        if request.user.is_authenticated and services.authenticator_device(request.user):
            return redirect(with_next(reverse("two_factor:verify"), safe_next(request)))
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return with_next(reverse("two_factor:setup_complete"), self.get_redirect_url())

    def done(self, form_list, **kwargs):
        self.request.session.cycle_key()
        return super().done(form_list, **kwargs)

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        context.update(self.admin_context())
        return context


@method_decorator([never_cache, otp_required], name="dispatch")
class SetupCompleteView(AdminPageMixin, TemplateView):
    title = gettext_lazy("Two-factor authentication is set up")
    template_name = "two_factor/core/setup_complete.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.admin_context()}


@method_decorator([never_cache, otp_required], name="dispatch")
class RecoveryCodesView(AdminPageMixin, TemplateView):
    """Recovery codes: generated on request and shown once, right then; asking again
    replaces them all. The page otherwise says only how many are left."""

    title = gettext_lazy("Recovery codes")
    template_name = "two_factor/core/backup_tokens.html"

    def post(self, request, *args, **kwargs):
        codes = services.generate_recovery_codes(request.user)
        return self.render_to_response(self.get_context_data(codes=codes))

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **self.admin_context(),
            "codes_left": services.recovery_code_count(self.request.user),
        }


@method_decorator([never_cache, login_required], name="dispatch")
class ProfileView(AdminPageMixin, TemplateView):
    """The account's two-factor state, and what it can do about it."""

    title = gettext_lazy("Two-factor authentication")
    template_name = "two_factor/profile/profile.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            **self.admin_context(),
            "device": services.authenticator_device(user),
            "codes_left": services.recovery_code_count(user),
        }


@method_decorator([never_cache, otp_required], name="dispatch")
class DisableView(AdminPageMixin, FormView):
    """Turn off a second factor set up voluntarily; refused to accounts that must use one."""

    title = gettext_lazy("Turn off two-factor authentication")
    template_name = "two_factor/profile/disable.html"
    form_class = RemoveSecondFactorForm

    def dispatch(self, request, *args, **kwargs):
        if services.needs_second_factor(request.user):
            raise PermissionDenied(
                _("Your account must use two-factor authentication: it cannot be turned off.")
            )
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        services.remove_second_factor(self.request.user, by=self.request.user, request=self.request)
        messages.success(self.request, _("Two-factor authentication is turned off."))
        return redirect("two_factor:profile")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.admin_context()}
