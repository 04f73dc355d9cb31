"""The signed-in person's own account page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import RoleGrant
from accounts.roles import user_has_role, user_has_totp, user_holds_staff_role
from accounts.selectors import notification_list_for_user, role_list_for_user
from accounts.services import notifications_mark_read, role_grant


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
            "is_volunteer": user_has_role(request.user, RoleGrant.Role.VOLUNTEER),
        },
    )


@login_required
@require_POST
def volunteer_join(request: HttpRequest) -> HttpResponse:
    """Take on the volunteer role; joining twice changes nothing."""
    role_grant(user=request.user, role=RoleGrant.Role.VOLUNTEER, granted_by=request.user)
    messages.success(request, _("Thank you for joining as a volunteer."))
    return redirect("accounts:home")


NOTIFICATIONS_SHOWN = 100


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The person's notifications, newest first; a POST marks them all read."""
    if request.method == "POST":
        count = notifications_mark_read(user=request.user)
        messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
        return redirect("accounts:notifications")
    return render(
        request,
        "accounts/notifications.html",
        {"notifications": notification_list_for_user(user=request.user)[:NOTIFICATIONS_SHOWN]},
    )
