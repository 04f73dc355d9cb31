"""Transfer of a household and its open needs to another station, both stations told."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Notification
from common.errors import ApplicationError
from stations import services
from stations.models import HouseholdTransfer, LoveStation, Need, StationMembership
from stations.need_services import need_create
from tests.factories import StationFactory, household_of_one, region_tree, station_member_create, totp_enable

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    regions = region_tree()
    here = StationFactory(name="鼓楼爱心驿站")
    there = StationFactory(name="墨池爱心驿站", region=regions["330302006045"])
    coordinator = station_member_create(here)
    receiving_lead = station_member_create(there, role=StationMembership.Role.LEAD)
    receiving_coordinator = station_member_create(there)
    household = household_of_one(here, by=coordinator, name="周阿婆", birth_date=date(1944, 8, 8))
    return locals()


def open_need(world) -> Need:
    return need_create(
        station=world["here"], household=world["household"], kind=Need.Kind.GOODS, category="food",
        title="米面油", public_description="老人需要米面油", quantity=2, unit="袋",
        responsible=world["coordinator"], created_by=world["coordinator"],
    )  # fmt: skip


class HouseholdTransferTests:
    def test_the_household_and_its_open_needs_move_and_both_stations_are_told(self, world):
        need = open_need(world)
        transfer = services.household_transfer(
            household=world["household"], to_station=world["there"], reason="老人搬到女儿家", by=world["coordinator"]
        )
        world["household"].refresh_from_db()
        need.refresh_from_db()
        assert world["household"].station == world["there"]
        assert (need.station, need.responsible) == (world["there"], world["receiving_lead"])
        assert transfer.needs_moved == 1
        told = set(Notification.objects.values_list("user", flat=True))
        assert told == {world["coordinator"].pk, world["receiving_lead"].pk, world["receiving_coordinator"].pk}

    @pytest.mark.parametrize("problem", ["no_reason", "same_station", "closed_station", "no_staff", "outsider"])
    def test_refusals_change_nothing(self, world, problem):
        to_station, reason, by = world["there"], "搬家", world["coordinator"]
        if problem == "no_reason":
            reason = " "
        elif problem == "same_station":
            to_station = world["here"]
        elif problem == "closed_station":
            LoveStation.objects.filter(pk=world["there"].pk).update(status=LoveStation.Status.CLOSED)
            to_station = LoveStation.objects.get(pk=world["there"].pk)
        elif problem == "no_staff":
            to_station = StationFactory(name="无人驿站")
        elif problem == "outsider":
            by = world["receiving_lead"]
        with pytest.raises(ApplicationError):
            services.household_transfer(household=world["household"], to_station=to_station, reason=reason, by=by)
        world["household"].refresh_from_db()
        assert world["household"].station == world["here"]
        assert not HouseholdTransfer.objects.exists()

    def test_through_the_household_page(self, world, client):
        totp_enable(world["coordinator"])
        client.force_login(world["coordinator"])
        with translation.override("en"):
            url = reverse("staff:household_transfer", kwargs={"household_id": world["household"].pk})
        response = client.post(url, {"transfer-to_station": world["there"].pk, "transfer-reason": ""})
        assert response.status_code == 400
        response = client.post(url, {"transfer-to_station": world["there"].pk, "transfer-reason": "老人搬到女儿家"})
        assert response.status_code == 302
        # The sending station no longer sees the household.
        detail = reverse("staff:household_detail", kwargs={"household_id": world["household"].pk})
        assert client.get(detail).status_code == 404
        totp_enable(world["receiving_coordinator"])
        client.force_login(world["receiving_coordinator"])
        assert client.get(detail).status_code == 200
