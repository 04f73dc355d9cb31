"""Who may do what with accounts and city-wide roles."""

from accounts.models import RoleGrant, User
from accounts.roles import user_has_role


def is_city_administrator(user: User) -> bool:
    """Return whether the user administers the whole city (民政)."""
    return user.is_authenticated and (user.is_superuser or user_has_role(user, RoleGrant.Role.CITY_ADMINISTRATOR))


def can_grant_roles(user: User) -> bool:
    """Return whether the user may grant and revoke city-wide roles."""
    return is_city_administrator(user)
