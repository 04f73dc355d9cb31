"""The station services: the only way stations and their memberships change."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from common.errors import ApplicationError
from stations import services
from stations.models import LoveStation, StationMembership
from stations.notifications import station_activation_notify
from tests.factories import (
    StationFactory,
    UserFactory,
    city_administrator_create,
    household_of_one,
    region_tree,
    station_member_create,
)

pytestmark = pytest.mark.django_db


class StationCreateTests:
    def test_a_new_station_is_proposed(self):
        station = services.station_create(
            name=" 鼓楼爱心驿站 ",
            region=region_tree()["330302006044"],
            address="鹿城区鼓楼街1号",
            latitude=Decimal("28.01"),
            longitude=Decimal("120.65"),
            created_by=city_administrator_create(),
        )
        assert station.status == LoveStation.Status.PROPOSED
        assert station.name == "鼓楼爱心驿站"

    def test_only_a_city_administrator_creates(self):
        with pytest.raises(ApplicationError):
            services.station_create(
                name="x",
                region=region_tree()["330302006"],
                address="y",
                latitude=Decimal("28"),
                longitude=Decimal("120"),
                created_by=UserFactory(),
            )
        assert not LoveStation.objects.exists()

    def test_a_county_is_not_a_station_place(self):
        with pytest.raises(ValidationError) as error:
            services.station_create(
                name="县级驿站",
                region=region_tree()["330302"],
                address="y",
                latitude=Decimal("28"),
                longitude=Decimal("120"),
            )
        assert "region" in error.value.message_dict

    def test_a_bad_phone_is_refused(self):
        with pytest.raises(ValidationError) as error:
            services.station_create(
                name="驿站",
                region=region_tree()["330302006"],
                address="y",
                latitude=Decimal("28"),
                longitude=Decimal("120"),
                phone="12345",
            )
        assert "phone" in error.value.message_dict


class StationActivateTests:
    def test_activation_tells_the_members_once(self, mailoutbox, django_capture_on_commit_callbacks):
        station = StationFactory(status=LoveStation.Status.PROPOSED)
        coordinator = station_member_create(station)
        admin = city_administrator_create()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            services.station_activate(station=station, activated_by=admin)
            # Nothing is sent before the activation is committed.
            assert mailoutbox == []
        assert len(callbacks) == 1

        station.refresh_from_db()
        assert station.status == LoveStation.Status.ACTIVE
        assert station.activated_at is not None
        assert [message.to for message in mailoutbox] == [[coordinator.email]]
        # The task may be delivered twice (Redis redelivery, a retry): nobody is told twice.
        assert station_activation_notify(station_id=station.pk) == 0
        assert len(mailoutbox) == 1

    def test_only_a_proposed_station_is_activated(self):
        station = StationFactory(status=LoveStation.Status.CLOSED)
        with pytest.raises(ApplicationError):
            services.station_activate(station=station, activated_by=city_administrator_create())

    def test_a_lead_cannot_activate(self):
        station = StationFactory(status=LoveStation.Status.PROPOSED)
        lead = station_member_create(station, role=StationMembership.Role.LEAD)
        with pytest.raises(ApplicationError):
            services.station_activate(station=station, activated_by=lead)
        station.refresh_from_db()
        assert station.status == LoveStation.Status.PROPOSED


class StationCloseTests:
    def test_closing_needs_a_reason(self):
        station = StationFactory()
        with pytest.raises(ApplicationError):
            services.station_close(station=station, closed_by=city_administrator_create(), reason="  ")
        station.refresh_from_db()
        assert station.status == LoveStation.Status.ACTIVE

    def test_closing_records_the_reason(self):
        station = services.station_close(
            station=StationFactory(), closed_by=city_administrator_create(), reason="并入邻近驿站"
        )
        assert station.status == LoveStation.Status.CLOSED
        assert station.closed_reason == "并入邻近驿站"

    def test_refused_while_it_looks_after_households_reports_or_needs(self):

        from stations.discovery_services import report_submit
        from stations.models import Household
        from stations.need_services import need_close, need_create

        station = StationFactory(name="鼓楼爱心驿站")
        administrator = city_administrator_create()
        coordinator = station_member_create(station)
        household = household_of_one(station, by=coordinator)
        report = report_submit(
            what_was_seen="独居老人", reporter_kind="public", channel="web", region=region_tree()["330302006044"]
        )
        assert report.routed_station == station
        need = need_create(
            station=station,
            household=household,
            kind="goods",
            category="food",
            title="米和油",
            public_description="需要米和油。",
            quantity=2,
            unit="袋",
            responsible=coordinator,
            created_by=coordinator,
        )
        with translation.override("en"), pytest.raises(ApplicationError) as refused:
            services.station_close(station=station, closed_by=administrator, reason="并入邻近驿站")
        assert "still looks after 1 active households, 1 untriaged reports and 1 unfinished needs" in str(refused.value)
        station.refresh_from_db()
        assert station.status == LoveStation.Status.ACTIVE

        need_close(need=need, by=coordinator, cancel=True, comment="不再需要")
        Household.objects.filter(pk=household.pk).update(status=Household.Status.CLOSED)
        report.__class__.objects.filter(pk=report.pk).update(routed_station=None)
        services.station_close(station=station, closed_by=administrator, reason="并入邻近驿站")
        station.refresh_from_db()
        assert station.status == LoveStation.Status.CLOSED


class StationMembershipTests:
    def test_the_lead_adds_a_coordinator(self):
        station = StationFactory()
        lead = station_member_create(station, role=StationMembership.Role.LEAD)
        newcomer = UserFactory()
        services.station_member_add(station=station, user=newcomer, role="coordinator", added_by=lead)
        assert StationMembership.objects.get(station=station, user=newcomer).role == "coordinator"

    def test_adding_again_changes_the_role_not_the_count(self):
        station = StationFactory()
        admin = city_administrator_create()
        person = UserFactory()
        services.station_member_add(station=station, user=person, role="coordinator", added_by=admin)
        services.station_member_add(station=station, user=person, role="lead", added_by=admin)
        assert list(StationMembership.objects.filter(user=person).values_list("role", flat=True)) == ["lead"]

    def test_a_coordinator_cannot_add_members(self):
        station = StationFactory()
        coordinator = station_member_create(station)
        with pytest.raises(ApplicationError):
            services.station_member_add(station=station, user=UserFactory(), role="coordinator", added_by=coordinator)

    def test_a_disabled_account_cannot_join(self):
        with pytest.raises(ApplicationError):
            services.station_member_add(
                station=StationFactory(), user=UserFactory(is_active=False), role="coordinator", added_by=None
            )

    def test_an_active_station_keeps_its_last_lead(self):
        station = StationFactory()
        lead = station_member_create(station, role=StationMembership.Role.LEAD)
        with pytest.raises(ApplicationError):
            services.station_member_remove(station=station, user=lead, removed_by=city_administrator_create())
        assert StationMembership.objects.filter(user=lead).exists()


class StationCloseViewTests:
    def test_a_refused_close_says_why_and_keeps_the_reason(self, admin_client):
        from stations.need_services import need_create

        station = StationFactory(name="鼓楼爱心驿站")
        coordinator = station_member_create(station)
        need_create(
            station=station,
            kind="volunteer_service",
            category="elderly_care",
            title="陪伴老人",
            public_description="每周陪伴。",
            responsible=coordinator,
            created_by=coordinator,
        )
        response = admin_client.post(
            f"/en/staff/city/stations/{station.pk}/close/", {"reason": "并入邻近驿站"}, follow=True
        )
        content = response.content.decode()
        assert "still looks after 0 active households, 0 untriaged reports and 1 unfinished needs" in content
        assert f'id="reason-{station.pk}" name="reason"' in content and 'value="并入邻近驿站"' in content
        station.refresh_from_db()
        assert station.status == LoveStation.Status.ACTIVE
        # Shown once: the next visit to the list starts empty.
        assert 'value="并入邻近驿站"' not in admin_client.get("/en/staff/city/stations/").content.decode()
