"""Writes of the shared kernel."""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from common.errors import ApplicationError
from common.models import AccessLog


@transaction.atomic
def access_log_record(
    *,
    user,
    record: models.Model,
    action: str = AccessLog.Action.VIEW,
    fields: Iterable[str] = (),
    reason: str = "",
    now: datetime | None = None,
) -> AccessLog:
    """Record that ``user`` looked at ``record`` (and which sensitive fields, if any, were shown in full)."""
    if not getattr(user, "is_authenticated", False):
        raise ApplicationError("Only a signed-in person's access can be logged.")
    if action not in AccessLog.Action.values:
        raise ApplicationError(f"Unknown access action: {action}.")
    if record.pk is None:
        raise ApplicationError("An unsaved record cannot be looked at.")
    field_names = sorted(set(fields))
    unknown = [name for name in field_names if name not in {field.name for field in record._meta.get_fields()}]
    if unknown:
        raise ApplicationError(f"{record._meta.label} has no field {', '.join(unknown)}.")
    if action == AccessLog.Action.UNMASK and not field_names:
        raise ApplicationError("Say which fields were unmasked.")
    return AccessLog.objects.create(
        user=user,
        user_email=user.email,
        action=action,
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
        object_id=str(record.pk),
        fields=field_names,
        reason=reason.strip(),
        at=now or timezone.now(),
    )
