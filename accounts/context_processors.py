"""Template context about the signed-in user's roles, computed only when a template asks."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.roles import user_holds_staff_role


def roles(request: HttpRequest) -> dict:
    return {"user_is_staff_role_holder": SimpleLazyObject(lambda: user_holds_staff_role(request.user))}
