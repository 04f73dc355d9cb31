"""allauth adapters: who may sign up, and where each role lands after signing in."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url

from accounts.roles import user_holds_staff_role


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return settings.ACCOUNT_ALLOW_SIGNUPS

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Send staff to their workbench and everyone else to their account page."""
        if user_holds_staff_role(request.user):
            return resolve_url("staff:index")
        return super().get_login_redirect_url(request)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        return settings.ACCOUNT_ALLOW_SIGNUPS
