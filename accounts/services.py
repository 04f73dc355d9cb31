"""Every write to users and city-wide roles."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import Notification, RoleGrant, User
from common.errors import ApplicationError


@transaction.atomic
def user_create(*, email: str, password: str | None, display_name: str = "", email_verified: bool = False) -> User:
    """Create a user who signs in with ``email``; mark the address verified when an operator vouches for it."""
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError(f"A user with the email address {email} already exists.")
    user = User.objects.create_user(email=email, password=password, display_name=display_name)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=email_verified)
    return user


def _city_administrators_group() -> Group:
    group, _created = Group.objects.get_or_create(name=settings.AIXIN_CITY_ADMINISTRATORS_GROUP)
    return group


@transaction.atomic
def role_grant(*, user: User, role: str, granted_by: User | None = None) -> RoleGrant:
    """Grant a city-wide role; granting it twice returns the first grant."""
    if role not in RoleGrant.Role.values:
        raise ApplicationError(f"Unknown role: {role}.")
    grant, _created = RoleGrant.objects.get_or_create(user=user, role=role, defaults={"granted_by": granted_by})
    if role == RoleGrant.Role.CITY_ADMINISTRATOR:
        # The group carries the CMS permissions (set up by the cms app's migrations).
        user.groups.add(_city_administrators_group())
    return grant


@transaction.atomic
def role_revoke(*, user: User, role: str) -> None:
    """Take a city-wide role away; revoking a role the user does not hold does nothing."""
    RoleGrant.objects.filter(user=user, role=role).delete()
    if role == RoleGrant.Role.CITY_ADMINISTRATOR:
        user.groups.remove(_city_administrators_group())


@transaction.atomic
def notification_send(*, user: User, subject: str, body: str = "", url: str = "") -> Notification:
    """Put a message in the person's notification list and email it once the transaction commits."""
    notification = Notification.objects.create(user=user, subject=subject[:200], body=body, url=url[:300])
    from accounts.tasks import notification_email

    notification_id = notification.pk
    transaction.on_commit(lambda: notification_email.delay(notification_id))
    return notification


@transaction.atomic
def notifications_mark_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Mark the person's notifications read (all of them when no ids are given); return how many changed."""
    from django.utils import timezone

    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
