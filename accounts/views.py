"""The signed-in person's own account page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.roles import user_has_totp, user_holds_staff_role
from accounts.selectors import role_list_for_user


@login_required
def account_home(request: HttpRequest) -> HttpResponse:
    """Show the person's roles and the ways to manage their sign-in."""
    return render(
        request,
        "accounts/home.html",
        {
            "roles": role_list_for_user(request.user),
            "is_staff_role_holder": user_holds_staff_role(request.user),
            "has_totp": user_has_totp(request.user),
        },
    )
