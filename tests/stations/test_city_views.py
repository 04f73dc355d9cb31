"""The city administrators' pages: access log, hardship weights, income standards."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from common.models import AccessLog
from common.services import access_log_record
from stations.models import HardshipWeights, IncomeStandard
from tests.factories import (
    StationFactory,
    UserFactory,
    english,
    region_tree,
    station_member_create,
    totp_enable,
)

pytestmark = pytest.mark.django_db

CITY_PAGES = [
    "staff:city_access_log",
    "staff:city_hardship_weights",
    "staff:city_income_standards",
    "staff:city_duplicate_help",
]


class CityPagePermissionTests:
    @pytest.mark.parametrize("name", CITY_PAGES)
    def test_only_city_administrators(self, client, name):
        assert client.get(reverse(name))["Location"].startswith(reverse("account_login"))
        station = StationFactory()
        for user in (UserFactory(), station_member_create(station)):
            totp_enable(user)
            client.force_login(user)
            assert client.get(reverse(name)).status_code == 403
            assert client.post(reverse(name), {}).status_code == 403

    @pytest.mark.parametrize("name", CITY_PAGES)
    def test_city_administrator_opens_them(self, admin_client, name):
        assert admin_client.get(reverse(name)).status_code == 200


class AccessLogPageTests:
    def test_lists_and_filters_entries(self, admin_client):
        station = StationFactory()
        coordinator = station_member_create(station, email="coordinator@example.org")
        other = UserFactory(email="other@example.org")
        access_log_record(user=coordinator, record=station)
        access_log_record(user=other, record=station, action=AccessLog.Action.UNMASK, fields=["phone"], reason="核实")

        everything = admin_client.get(english("staff:city_access_log")).content.decode()
        assert "coordinator@example.org" in everything and "other@example.org" in everything

        unmasked = admin_client.get(english("staff:city_access_log"), {"action": "unmask"}).content.decode()
        assert "other@example.org" in unmasked and "coordinator@example.org" not in unmasked
        assert "核实" in unmasked

        by_person = admin_client.get(english("staff:city_access_log"), {"email": "coordinator"}).content.decode()
        assert "coordinator@example.org" in by_person and "other@example.org" not in by_person

    def test_bad_dates_are_explained(self, admin_client):
        today = timezone.localdate()
        response = admin_client.get(
            english("staff:city_access_log"), {"since": today.isoformat(), "until": (today - timedelta(1)).isoformat()}
        )
        assert response.status_code == 400
        assert "The start date is after the end date" in response.content.decode()


class HardshipWeightsPageTests:
    def test_saving_weights_rescores(self, admin_client, django_capture_on_commit_callbacks):
        data = {factor: 10 for factor in HardshipWeights.FACTORS} | {"income": 50}
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = admin_client.post(english("staff:city_hardship_weights"), data)
        assert response.status_code == 302
        assert HardshipWeights.objects.get(pk=1).income == 50
        assert HardshipWeights.objects.get(pk=1).updated_by == admin_client.admin
        assert len(callbacks) == 1  # the re-scoring task

    def test_all_zero_is_refused_and_kept(self, admin_client):
        data = dict.fromkeys(HardshipWeights.FACTORS, 0)
        response = admin_client.post(english("staff:city_hardship_weights"), data)
        assert response.status_code == 400
        assert "At least one weight must be above zero" in response.content.decode()
        assert not HardshipWeights.objects.filter(income=0).exists()

    def test_negative_weight_is_refused(self, admin_client):
        data = {factor: 10 for factor in HardshipWeights.FACTORS} | {"housing": -5}
        response = admin_client.post(english("staff:city_hardship_weights"), data)
        assert response.status_code == 400


class IncomeStandardPageTests:
    def test_a_standard_is_set(self, admin_client):
        county = region_tree()["330302"]
        response = admin_client.post(
            english("staff:city_income_standards"),
            {
                "county": county.pk,
                "monthly_amount": "1150",
                "near_dibao_multiplier": "1.5",
                "low_income_multiplier": "2",
                "valid_from": "2026-07-01",
                "source": "温民发〔2026〕12号",
            },
        )
        assert response.status_code == 302
        standard = IncomeStandard.objects.get()
        assert (standard.county, standard.monthly_amount, standard.valid_from) == (
            county,
            Decimal("1150"),
            date(2026, 7, 1),
        )
        assert "温民发" in admin_client.get(english("staff:city_income_standards")).content.decode()

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"monthly_amount": "0"}, "more than zero"),
            ({"near_dibao_multiplier": "2.5"}, "The bands must grow"),
            ({"county": "999999"}, "Select a valid choice"),
        ],
    )
    def test_bad_standards_are_explained_and_kept(self, admin_client, overrides, message):
        county = region_tree()["330302"]
        data = {
            "county": county.pk,
            "monthly_amount": "1150",
            "near_dibao_multiplier": "1.5",
            "low_income_multiplier": "2",
            "valid_from": "2026-07-01",
            "source": "温民发〔2026〕12号",
        } | overrides
        response = admin_client.post(english("staff:city_income_standards"), data)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert "温民发〔2026〕12号" in response.content.decode()
        assert not IncomeStandard.objects.exists()

    def test_the_same_county_and_date_twice_is_explained(self, admin_client):
        county = region_tree()["330302"]
        data = {
            "county": county.pk,
            "monthly_amount": "1150",
            "near_dibao_multiplier": "1.5",
            "low_income_multiplier": "2",
            "valid_from": "2026-07-01",
        }
        admin_client.post(english("staff:city_income_standards"), data)
        response = admin_client.post(english("staff:city_income_standards"), data | {"monthly_amount": "1200"})
        assert response.status_code == 400
        assert "already has a standard from that date" in response.content.decode()
        assert IncomeStandard.objects.get().monthly_amount == Decimal("1150")


class DuplicateHelpPageTests:
    def _household(self):
        from stations import services
        from stations.models import HouseholdMember

        regions = region_tree()
        station = StationFactory()
        coordinator = station_member_create(station)
        household = services.household_create(
            station=station,
            region=regions["330302006044"],
            members=[
                services.MemberInput(
                    name="王阿婆",
                    relation=HouseholdMember.Relation.HEAD,
                    sex=HouseholdMember.Sex.FEMALE,
                    birth_date=date(1940, 5, 1),
                )
            ],
            created_by=coordinator,
        )
        return household, coordinator

    def test_overridden_duplicates_are_listed_with_the_earlier_help(self, admin_client, django_assert_max_num_queries):
        from stations import services

        household, coordinator = self._household()
        today = timezone.localdate()
        services.assistance_record_create(
            household=household, source="station_goods", category="food", description="米面油",
            given_on=today - timedelta(days=3), recorded_by=coordinator,
        )  # fmt: skip
        services.assistance_record_create(
            household=household, source="government", category="food", description="街道慰问品",
            given_on=today, recorded_by=coordinator, override_reason="春节慰问，另有安排",
        )  # fmt: skip
        with django_assert_max_num_queries(20):
            body = admin_client.get(english("staff:city_duplicate_help")).content.decode()
        assert household.reference in body
        assert "春节慰问，另有安排" in body
        assert "米面油" in body and "街道慰问品" in body

    def test_an_empty_period_says_so_and_bad_input_is_ignored(self, admin_client):
        response = admin_client.get(english("staff:city_duplicate_help"), {"days": "many"})
        assert response.status_code == 200
        assert "No help was recorded despite a duplicate warning" in response.content.decode()
