"""Which users hold a staff role.

Staff roles are scoped to records of apps above this one (stations, agencies, funds), which
this app must not import. Each such app registers a check when it starts, so that the
two-factor policy and the sign-in redirect see every staff role without knowing the apps.
"""

from collections.abc import Callable

from allauth.mfa.models import Authenticator

from accounts.models import RoleGrant, User

StaffRoleCheck = Callable[[User], bool]
_staff_role_checks: list[StaffRoleCheck] = []

STAFF_GLOBAL_ROLES = (RoleGrant.Role.CITY_ADMINISTRATOR,)


def register_staff_role_check(check: StaffRoleCheck) -> None:
    """Register a function that says whether a user holds a staff role of the calling app."""
    if check not in _staff_role_checks:
        _staff_role_checks.append(check)


def user_has_role(user: User, role: str) -> bool:
    """Return whether the user holds the city-wide ``role``."""
    if not user.is_authenticated:
        return False
    return RoleGrant.objects.filter(user=user, role=role).exists()


def user_holds_staff_role(user: User) -> bool:
    """Return whether the user holds any staff role: admin flags, city roles or a registered scoped role."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if RoleGrant.objects.filter(user=user, role__in=STAFF_GLOBAL_ROLES).exists():
        return True
    return any(check(user) for check in _staff_role_checks)


def user_has_totp(user: User) -> bool:
    """Return whether the user has an authenticator app set up."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
