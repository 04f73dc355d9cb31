"""Reads of the shared kernel."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from common.models import AccessLog


def access_log_list(
    *, record: models.Model | None = None, user=None, since: datetime | None = None
) -> QuerySet[AccessLog]:
    """Return access-log entries, newest first, narrowed to a record, a person and a start time."""
    entries = AccessLog.objects.select_related("content_type", "user")
    if record is not None:
        content_type = ContentType.objects.get_for_model(record, for_concrete_model=False)
        entries = entries.filter(content_type=content_type, object_id=str(record.pk))
    if user is not None:
        entries = entries.filter(user=user)
    if since is not None:
        entries = entries.filter(at__gte=since)
    return entries
