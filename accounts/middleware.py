"""Staff must sign in with a second factor before they reach any staff page."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from accounts.roles import user_has_totp, user_holds_staff_role

# Pages only staff reach: the station workbench, the CMS admin and Django's admin.
STAFF_PATH_PREFIXES = ("/staff/", "/cms/", "/django-admin/")
# Where a staff user was going when sent to set up two-factor; offered again once it is set up.
AFTER_TWO_FACTOR_SESSION_KEY = "aixin_after_two_factor"


def path_without_language(path: str) -> str:
    """Return ``path`` without a leading language prefix such as ``/en``."""
    language = get_language_from_path(path)
    if language and path.startswith(f"/{language}/"):
        return path[len(language) + 1 :]
    return path


def is_staff_path(path: str) -> bool:
    return path_without_language(path).startswith(STAFF_PATH_PREFIXES)


class StaffTwoFactorMiddleware:
    """Send a staff user without an authenticator app to set one up, then back where they were going."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up_two_factor(request):
            messages.warning(
                request,
                _("Your role gives access to private records: set up an authenticator app to continue."),
            )
            request.session[AFTER_TWO_FACTOR_SESSION_KEY] = request.get_full_path()
            return redirect(f"{_activate_url()}?{urlencode({'next': request.get_full_path()})}")
        if AFTER_TWO_FACTOR_SESSION_KEY in request.session and is_staff_path(request.path_info):
            # They made it: the offer to continue has served its purpose.
            del request.session[AFTER_TWO_FACTOR_SESSION_KEY]
        return self.get_response(request)

    @staticmethod
    def _must_set_up_two_factor(request: HttpRequest) -> bool:
        if not settings.AIXIN_REQUIRE_STAFF_MFA:
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if not is_staff_path(request.path_info):
            return False
        return user_holds_staff_role(user) and not user_has_totp(user)


def _activate_url() -> str:
    from django.urls import reverse

    return reverse("mfa_activate_totp")
