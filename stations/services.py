"""Every write to stations and their memberships."""

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import ApplicationError
from common.models import Region
from stations.models import LoveStation, StationMembership
from stations.permissions import can_administer_stations, can_manage_station_members


@transaction.atomic
def station_create(
    *,
    name: str,
    region: Region,
    address: str,
    latitude: Decimal,
    longitude: Decimal,
    opening_hours: str = "",
    phone: str = "",
    created_by: User | None = None,
) -> LoveStation:
    """Propose a new station; it serves nobody until a city administrator activates it."""
    if created_by is not None and not can_administer_stations(created_by):
        raise ApplicationError(_("Only a city administrator may create stations."))
    station = LoveStation(
        name=name.strip(),
        region=region,
        address=address.strip(),
        latitude=latitude,
        longitude=longitude,
        opening_hours=opening_hours.strip(),
        phone=phone.strip(),
    )
    station.full_clean()
    station.save()
    return station


@transaction.atomic
def station_activate(*, station: LoveStation, activated_by: User, now: datetime | None = None) -> LoveStation:
    """Approve a proposed station; its members are told by email once the change is committed."""
    if not can_administer_stations(activated_by):
        raise ApplicationError(_("Only a city administrator may activate stations."))
    station = LoveStation.objects.select_for_update().get(pk=station.pk)
    if station.status != LoveStation.Status.PROPOSED:
        raise ApplicationError(
            _("Only a proposed station can be activated; this one is %(status)s.")
            % {"status": station.get_status_display()}
        )
    station.status = LoveStation.Status.ACTIVE
    station.activated_at = now or timezone.now()
    station.save(update_fields=["status", "activated_at", "updated_at"])

    from stations.tasks import station_activation_notify

    station_id = station.pk
    transaction.on_commit(lambda: station_activation_notify.delay(station_id))
    return station


@transaction.atomic
def station_close(*, station: LoveStation, closed_by: User, reason: str, now: datetime | None = None) -> LoveStation:
    """Close a station, with the reason recorded."""
    if not can_administer_stations(closed_by):
        raise ApplicationError(_("Only a city administrator may close stations."))
    if not reason.strip():
        raise ApplicationError(_("Give the reason for closing the station."))
    station = LoveStation.objects.select_for_update().get(pk=station.pk)
    if station.status == LoveStation.Status.CLOSED:
        raise ApplicationError(_("The station is already closed."))
    station.status = LoveStation.Status.CLOSED
    station.closed_at = now or timezone.now()
    station.closed_reason = reason.strip()
    station.save(update_fields=["status", "closed_at", "closed_reason", "updated_at"])
    return station


@transaction.atomic
def station_member_add(*, station: LoveStation, user: User, role: str, added_by: User | None) -> StationMembership:
    """Make ``user`` a lead or coordinator of ``station``; adding an existing member changes their role."""
    if added_by is not None and not can_manage_station_members(added_by, station):
        raise ApplicationError(_("Only the station lead or a city administrator may change the station's members."))
    if role not in StationMembership.Role.values:
        raise ApplicationError(_("Unknown station role."))
    if not user.is_active:
        raise ApplicationError(_("This account is disabled."))
    membership, created = StationMembership.objects.get_or_create(station=station, user=user, defaults={"role": role})
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def station_member_remove(*, station: LoveStation, user: User, removed_by: User) -> None:
    """Remove a member; a station keeps at least one lead while it is active."""
    if not can_manage_station_members(removed_by, station):
        raise ApplicationError(_("Only the station lead or a city administrator may change the station's members."))
    memberships = StationMembership.objects.select_for_update().filter(station=station)
    membership = memberships.filter(user=user).first()
    if membership is None:
        raise ApplicationError(_("This person is not a member of the station."))
    other_leads = memberships.filter(role=StationMembership.Role.LEAD).exclude(user=user).exists()
    if (
        membership.role == StationMembership.Role.LEAD
        and station.status == LoveStation.Status.ACTIVE
        and not other_leads
    ):
        raise ApplicationError(_("An active station needs a lead: name another lead before removing this one."))
    membership.delete()
