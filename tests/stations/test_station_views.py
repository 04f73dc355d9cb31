"""The station workbench through its forms: bad input gets a clear message and loses nothing."""

import pytest
from django.urls import reverse

from stations.models import LoveStation, StationMembership
from tests.factories import (
    StationFactory,
    UserFactory,
    english,
    region_tree,
    station_member_create,
    totp_enable,
)

pytestmark = pytest.mark.django_db


VALID_STATION = {
    "name": "墨池爱心驿站",
    "region_code": "330302006045",
    "address": "鹿城区墨池坊12号",
    "latitude": "28.0170",
    "longitude": "120.6540",
    "opening_hours": "周一至周六 8:30-17:30",
    "phone": "0577-88812345",
}


class CityStationCreateViewTests:
    def test_a_city_administrator_proposes_a_station(self, admin_client):
        region_tree()
        response = admin_client.post(reverse("staff:city_station_create"), VALID_STATION)
        station = LoveStation.objects.get(name="墨池爱心驿站")
        assert response.status_code == 302
        assert response["Location"] == reverse("staff:station_workbench", kwargs={"station_id": station.pk})
        assert station.status == LoveStation.Status.PROPOSED
        assert station.region.code == "330302006045"

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("region_code", "999999999", "No region has the code 999999999"),
            ("region_code", "33030x", "A region code has digits only"),
            ("region_code", "330302", "not in 鹿城区"),
            ("latitude", "123", "Latitude lies between -90 and 90"),
            ("phone", "12345", "Enter a mobile number"),
        ],
    )
    def test_bad_input_is_explained_and_kept(self, admin_client, field, value, message):
        region_tree()
        data = {**VALID_STATION, field: value}
        response = admin_client.post(english("staff:city_station_create"), data)
        body = response.content.decode()
        assert response.status_code == 400
        assert message in body
        assert 'value="鹿城区墨池坊12号"' in body  # what was typed is still there
        assert not LoveStation.objects.exists()


class StationMembersViewTests:
    def test_the_lead_adds_a_member_by_email(self, client):
        station = StationFactory()
        lead = station_member_create(station, role=StationMembership.Role.LEAD)
        totp_enable(lead)
        newcomer = UserFactory()
        client.force_login(lead)
        response = client.post(
            reverse("staff:station_members", kwargs={"station_id": station.pk}),
            {"email": newcomer.email.upper(), "role": "coordinator"},
        )
        assert response.status_code == 302
        assert StationMembership.objects.filter(station=station, user=newcomer, role="coordinator").exists()

    def test_an_unknown_email_is_explained(self, client):
        station = StationFactory()
        lead = station_member_create(station, role=StationMembership.Role.LEAD)
        totp_enable(lead)
        client.force_login(lead)
        response = client.post(
            english("staff:station_members", station_id=station.pk),
            {"email": "nobody@example.org", "role": "coordinator"},
        )
        assert response.status_code == 400
        assert "No active account uses nobody@example.org" in response.content.decode()
        assert 'value="nobody@example.org"' in response.content.decode()

    def test_the_workbench_lists_members_in_few_queries(self, client, django_assert_max_num_queries):
        station = StationFactory()
        lead = station_member_create(station, role=StationMembership.Role.LEAD)
        totp_enable(lead)
        for _ in range(10):
            station_member_create(station)
        client.force_login(lead)
        with django_assert_max_num_queries(20):
            response = client.get(reverse("staff:station_workbench", kwargs={"station_id": station.pk}))
        assert response.status_code == 200
        assert response.content.decode().count("<tr>") >= 12


class CityStationListViewTests:
    def test_filters_by_status_and_county_a_page_at_a_time(self, admin_client, django_assert_max_num_queries):
        from common.models import Region

        regions = region_tree()
        other_county = Region.objects.create(
            edition="2022",
            code="330303",
            name="龙湾区",
            short_name="龙湾区",
            level=Region.Level.COUNTY,
            parent=regions["3303"],
        )
        other_township = Region.objects.create(
            edition="2022",
            code="330303001",
            name="永中街道",
            short_name="永中街道",
            level=Region.Level.TOWNSHIP,
            parent=other_county,
        )
        for number in range(55):
            StationFactory(name=f"鹿城驿站{number:02d}", region=regions["330302006"])
        StationFactory(name="永中爱心驿站", region=other_township)
        StationFactory(name="待批驿站", region=other_township, status=LoveStation.Status.PROPOSED)

        with django_assert_max_num_queries(25):
            first = admin_client.get(english("staff:city_station_list"), {"county": "330302"})
        body = first.content.decode()
        assert "55 stations" in body
        assert "Page 1 of 2" in body
        assert "永中爱心驿站" not in body
        assert "county=330302&amp;page=2" in body

        second = admin_client.get(english("staff:city_station_list"), {"county": "330302", "page": "2"})
        assert second.content.decode().count("鹿城驿站") == 5

        proposed = admin_client.get(english("staff:city_station_list"), {"status": "proposed"}).content.decode()
        assert "待批驿站" in proposed
        assert "永中爱心驿站" not in proposed

    def test_nonsense_filters_are_ignored_not_errors(self, admin_client):
        StationFactory(name="鼓楼爱心驿站")
        response = admin_client.get(
            english("staff:city_station_list"), {"status": "bogus", "county": "'; drop", "page": "x"}
        )
        assert response.status_code == 200
        assert "鼓楼爱心驿站" in response.content.decode()
