"""Template context about the signed-in user's roles, computed only when a template asks."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.middleware import AFTER_TWO_FACTOR_SESSION_KEY
from accounts.roles import user_has_totp, user_holds_staff_role
from accounts.selectors import notification_unread_count


def _after_two_factor_url(request: HttpRequest) -> str:
    """Return the staff page the user was sent away from, once their authenticator app is set up."""
    session = getattr(request, "session", None)
    if session is None or AFTER_TWO_FACTOR_SESSION_KEY not in session:
        return ""
    if not request.user.is_authenticated or not user_has_totp(request.user):
        return ""
    return session[AFTER_TWO_FACTOR_SESSION_KEY]


def roles(request: HttpRequest) -> dict:
    return {
        "user_is_staff_role_holder": SimpleLazyObject(lambda: user_holds_staff_role(request.user)),
        "after_two_factor_url": SimpleLazyObject(lambda: _after_two_factor_url(request)),
        "unread_notifications": SimpleLazyObject(
            lambda: notification_unread_count(user=request.user) if request.user.is_authenticated else 0
        ),
    }
