"""Reads about users and city-wide roles."""

from django.db.models import QuerySet

from accounts.models import Notification, RoleGrant, User


def volunteer_count() -> int:
    """Return the number of active users who hold the volunteer role."""
    return RoleGrant.objects.filter(role=RoleGrant.Role.VOLUNTEER, user__is_active=True).count()


def role_list_for_user(user) -> list[str]:
    """Return the labels of the city-wide roles the user holds."""
    grants = RoleGrant.objects.filter(user=user).order_by("role")
    return [grant.get_role_display() for grant in grants]


def notification_list_for_user(*, user) -> QuerySet[Notification]:
    """Return the person's notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def notification_unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def city_administrator_list() -> QuerySet[User]:
    """Return the active city administrators: who hears of what no station looks after."""
    return User.objects.filter(role_grants__role=RoleGrant.Role.CITY_ADMINISTRATOR, is_active=True).distinct()
