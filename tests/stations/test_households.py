"""Households through their services: members, identity numbers, consent, scores, help and duplicates."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone, translation

from common.errors import ApplicationError
from common.identity import id_number_check_character
from common.models import Region
from stations import services
from stations.models import (
    AssistanceRecord,
    Consent,
    HardshipWeights,
    HelpCategory,
    Household,
    HouseholdMember,
    IncomeStandard,
    Need,
    StationMembership,
    WatchedGroup,
)
from stations.need_services import need_approve, need_close, need_create, need_met_add, need_submit
from stations.selectors import RankingCriteria, household_get_for_user, household_ranked_list
from stations.services import MemberInput
from tests.factories import StationFactory, UserFactory, city_administrator_create, region_tree, station_member_create

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def id_number(birth: date, sequence: str = "123") -> str:
    body = f"330302{birth:%Y%m%d}{sequence}"
    return body + id_number_check_character(body)


def grandmother(**overrides) -> MemberInput:
    birth = date(1942, 3, 8)
    values = {
        "name": "张秀兰",
        "relation": HouseholdMember.Relation.HEAD,
        "sex": HouseholdMember.Sex.FEMALE,
        "birth_date": birth,
        "id_number": id_number(birth, "124"),
        "health": HouseholdMember.Health.CHRONIC,
        "health_notes": "高血压，长期服药",
        "work": HouseholdMember.Work.RETIRED,
    }
    return MemberInput(**{**values, **overrides})


@pytest.fixture
def station_world():
    regions = region_tree()
    station_a = StationFactory(name="鼓楼爱心驿站")
    station_b = StationFactory(name="墨池爱心驿站", region=regions["330302006045"])
    coordinator_a = station_member_create(station_a)
    coordinator_b = station_member_create(station_b)
    IncomeStandard.objects.create(
        county=regions["330302"], monthly_amount=Decimal("1100"), valid_from=TODAY - timedelta(days=300)
    )
    return {
        "regions": regions,
        "a": station_a,
        "b": station_b,
        "coordinator_a": coordinator_a,
        "coordinator_b": coordinator_b,
    }


def create_household(world, *, members=None, by=None, **kwargs) -> Household:
    return services.household_create(
        station=world["a"],
        region=world["regions"]["330302006044"],
        members=members or [grandmother()],
        created_by=by or world["coordinator_a"],
        **kwargs,
    )


class HouseholdCreateTests:
    def test_a_household_is_recorded_scored_and_encrypted(self, station_world):
        household = create_household(
            station_world,
            phone="138-1234-5678",
            address_detail="鼓楼街12号3幢201",
            monthly_income_per_person=Decimal("900"),
            income_assessed_on=TODAY,
        )
        assert household.reference.startswith("HH")
        assert household.income_circle == "dibao"
        assert 0 < household.hardship_score <= 100
        assert {part["factor"] for part in household.hardship_parts} == set(HardshipWeights.FACTORS)

        member = household.members.get()
        with connection.cursor() as cursor:
            cursor.execute("SELECT id_number, health_notes FROM stations_householdmember WHERE id = %s", [member.pk])
            raw_id, raw_health = cursor.fetchone()
            cursor.execute("SELECT phone, address_detail FROM stations_household WHERE id = %s", [household.pk])
            raw_phone, raw_address = cursor.fetchone()
        assert member.id_number not in raw_id and "1942" not in raw_id
        assert "高血压" not in raw_health
        assert "13812345678" not in raw_phone and "138-1234-5678" not in raw_phone
        assert "鼓楼街" not in raw_address
        assert HouseholdMember.objects.get(pk=member.pk).health_notes == "高血压，长期服药"

    def test_the_same_person_cannot_be_recorded_twice_even_at_another_station(self, station_world):
        create_household(station_world)
        with pytest.raises(ApplicationError) as error:
            services.household_create(
                station=station_world["b"],
                region=station_world["regions"]["330302006045"],
                members=[grandmother(name="张秀兰")],
                created_by=station_world["coordinator_b"],
            )
        assert "3303**********" in error.value.message  # masked, never the whole number
        assert Household.objects.count() == 1

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"id_number": "330302194203081235"}, "does not match"),
            ({"birth_date": date(1943, 3, 8)}, "date of birth differs"),
            ({"sex": HouseholdMember.Sex.MALE}, "sex differs"),
            ({"disability_grade": 5}, "disability grade"),
        ],
    )
    def test_wrong_member_data_is_refused_with_a_reason_and_nothing_is_written(self, station_world, overrides, message):
        with translation.override("en"), pytest.raises(ApplicationError) as error:
            create_household(station_world, members=[grandmother(**overrides)])
        assert message in error.value.message
        assert not Household.objects.exists()

    def test_another_stations_coordinator_cannot_record_here(self, station_world):
        with pytest.raises(ApplicationError):
            create_household(station_world, by=station_world["coordinator_b"])
        assert not Household.objects.exists()

    def test_a_city_administrator_can(self, station_world):
        assert create_household(station_world, by=city_administrator_create())

    def test_a_household_lives_in_a_village(self, station_world):
        with pytest.raises(ValidationError) as error:
            services.household_create(
                station=station_world["a"],
                region=station_world["regions"]["330302006"],
                members=[grandmother()],
                created_by=station_world["coordinator_a"],
            )
        assert "region" in error.value.message_dict
        assert not Household.objects.exists()


class HouseholdVisibilityTests:
    def test_another_stations_household_is_a_404(self, station_world):
        household = create_household(station_world)
        assert household_get_for_user(user=station_world["coordinator_a"], household_id=household.pk) == household
        with pytest.raises(Http404):
            household_get_for_user(user=station_world["coordinator_b"], household_id=household.pk)
        with pytest.raises(Http404):
            household_get_for_user(user=UserFactory(), household_id=household.pk)
        assert household_get_for_user(user=city_administrator_create(), household_id=household.pk) == household


class ConsentTests:
    def test_consent_is_dated_versioned_and_withdrawable(self, station_world):
        household = create_household(station_world)
        head = household.members.get()
        consent = services.consent_record(
            household=household,
            scope=Consent.Scope.SHARE_AGENCIES,
            version="2026-1",
            given_by=head,
            given_as=Consent.GivenAs.SELF,
            given_on=TODAY - timedelta(days=10),
            recorded_by=station_world["coordinator_a"],
        )
        assert services.household_has_consent(household=household, scope=Consent.Scope.SHARE_AGENCIES, on=TODAY)
        assert not services.household_has_consent(household=household, scope=Consent.Scope.PUBLIC_STORY, on=TODAY)

        services.consent_withdraw(consent=consent, withdrawn_on=TODAY, recorded_by=station_world["coordinator_a"])
        assert not services.household_has_consent(household=household, scope=Consent.Scope.SHARE_AGENCIES, on=TODAY)
        with pytest.raises(ApplicationError):
            services.consent_withdraw(consent=consent, withdrawn_on=TODAY, recorded_by=station_world["coordinator_a"])

    def test_a_child_under_14_cannot_consent_in_person(self, station_world):
        child_birth = TODAY.replace(year=TODAY.year - 10)
        household = create_household(
            station_world,
            members=[
                grandmother(),
                MemberInput(
                    name="张小红",
                    relation=HouseholdMember.Relation.GRANDCHILD,
                    sex=HouseholdMember.Sex.FEMALE,
                    birth_date=child_birth,
                    schooling=HouseholdMember.Schooling.PRIMARY,
                    work=HouseholdMember.Work.CHILD,
                ),
            ],
        )
        child = household.members.get(name="张小红")
        with pytest.raises(ApplicationError):
            services.consent_record(
                household=household,
                scope=Consent.Scope.SENSITIVE,
                version="2026-1",
                given_by=child,
                given_as=Consent.GivenAs.SELF,
                given_on=TODAY,
                recorded_by=station_world["coordinator_a"],
            )
        grandma = household.members.get(name="张秀兰")
        assert services.consent_record(
            household=household,
            scope=Consent.Scope.SENSITIVE,
            version="2026-1",
            given_by=grandma,
            given_as=Consent.GivenAs.GUARDIAN,
            given_on=TODAY,
            recorded_by=station_world["coordinator_a"],
        )


class ScoreAndHelpTests:
    def test_shocks_raise_and_recent_help_lowers_the_score(self, station_world):
        household = create_household(station_world, monthly_income_per_person=Decimal("1500"))
        before = household.hardship_score
        services.household_shock_add(
            household=household,
            kind="medical",
            amount=Decimal("30000"),
            occurred_on=TODAY - timedelta(days=20),
            added_by=station_world["coordinator_a"],
        )
        household.refresh_from_db()
        after_shock = household.hardship_score
        assert after_shock > before

        services.assistance_record_create(
            household=household,
            source=AssistanceRecord.Source.FUND_GRANT,
            category="medical",
            description="医疗救助金",
            value=Decimal("3000"),
            given_on=TODAY,
            recorded_by=station_world["coordinator_a"],
        )
        household.refresh_from_db()
        assert household.hardship_score < after_shock

    def test_duplicate_help_is_refused_until_someone_says_why(self, station_world):
        household = create_household(station_world)
        first = services.assistance_record_create(
            household=household,
            source=AssistanceRecord.Source.STATION_GOODS,
            category="winter_supplies",
            description="棉被2床",
            given_on=TODAY - timedelta(days=5),
            recorded_by=station_world["coordinator_a"],
        )
        with pytest.raises(ApplicationError) as error:
            services.assistance_record_create(
                household=household,
                source=AssistanceRecord.Source.GOVERNMENT,
                category="winter_supplies",
                description="街道送棉衣",
                given_on=TODAY,
                recorded_by=station_world["coordinator_a"],
            )
        assert error.value.extra["duplicates"] == [first.pk]
        record = services.assistance_record_create(
            household=household,
            source=AssistanceRecord.Source.GOVERNMENT,
            category="winter_supplies",
            description="街道送棉衣",
            given_on=TODAY,
            recorded_by=station_world["coordinator_a"],
            override_reason="棉衣与棉被不同，老人确需",
        )
        assert record.duplicate_warning_overridden
        # Another category, or the same one long ago, is not a duplicate.
        services.assistance_record_create(
            household=household,
            source=AssistanceRecord.Source.STATION_GOODS,
            category="food",
            description="米面油",
            given_on=TODAY,
            recorded_by=station_world["coordinator_a"],
        )
        assert AssistanceRecord.objects.count() == 3

    def test_new_weights_rescore_every_household(self, station_world, django_capture_on_commit_callbacks):
        poor = create_household(station_world, monthly_income_per_person=Decimal("500"))
        ill = create_household(
            station_world,
            members=[grandmother(id_number="", health=HouseholdMember.Health.SERIOUS, name="李大伯", sex="male")],
            monthly_income_per_person=Decimal("3000"),
        )
        admin = city_administrator_create()
        with django_capture_on_commit_callbacks(execute=True):
            services.hardship_weights_update(weights={"income": 1, "illness": 60, "dependants": 0}, updated_by=admin)
        ranked = list(household_ranked_list(user=admin, criteria=RankingCriteria()))
        assert ranked[0] == ill
        with django_capture_on_commit_callbacks(execute=True):
            services.hardship_weights_update(weights={"income": 80, "illness": 1}, updated_by=admin)
        assert list(household_ranked_list(user=admin, criteria=RankingCriteria()))[0] == poor

    def test_only_a_city_administrator_changes_weights(self, station_world):
        with pytest.raises(ApplicationError):
            services.hardship_weights_update(weights={"income": 99}, updated_by=station_world["coordinator_a"])
        with pytest.raises(ApplicationError):
            services.hardship_weights_update(
                weights=dict.fromkeys(HardshipWeights.FACTORS, 0), updated_by=city_administrator_create()
            )


class RankedListTests:
    def test_criteria_narrow_and_order_the_list(self, station_world):
        admin = city_administrator_create()
        dibao = create_household(station_world, monthly_income_per_person=Decimal("600"))
        above = create_household(
            station_world, members=[grandmother(id_number="")], monthly_income_per_person=Decimal("5000")
        )
        services.household_watched_groups_set(
            household=above, groups={WatchedGroup.SOLITARY_ELDERLY}, since=TODAY, changed_by=admin
        )
        everyone = list(household_ranked_list(user=admin, criteria=RankingCriteria()))
        assert everyone == sorted(everyone, key=lambda household: -household.hardship_score)
        assert list(household_ranked_list(user=admin, criteria=RankingCriteria(income_circle="dibao"))) == [dibao]
        assert list(
            household_ranked_list(user=admin, criteria=RankingCriteria(watched_group=WatchedGroup.SOLITARY_ELDERLY))
        ) == [above]
        assert list(household_ranked_list(user=admin, criteria=RankingCriteria(county_code="330303"))) == []
        top = dibao.hardship_score
        assert dibao in household_ranked_list(user=admin, criteria=RankingCriteria(score_min=top, score_max=top))

    def test_the_need_category_keeps_households_whose_need_still_waits(self, station_world):
        admin = city_administrator_create()
        coordinator = station_world["coordinator_a"]
        households = {}
        for index, status in enumerate(["draft", "in_review", "open", "partly_met", "met", "closed", "cancelled"]):
            household = create_household(station_world, members=[grandmother(name=f"王{index}", id_number="")])
            services.consent_record(
                household=household,
                scope=Consent.Scope.PUBLIC_STORY,
                version="2026-1",
                given_by=household.members.get(),
                given_as=Consent.GivenAs.SELF,
                given_on=TODAY,
                recorded_by=coordinator,
            )
            need = need_create(
                station=station_world["a"],
                household=household,
                kind=Need.Kind.GOODS,
                category=HelpCategory.WINTER_SUPPLIES,
                title="需要过冬棉被",
                public_description="屋里潮冷，需要厚棉被。",
                quantity=2,
                unit="床",
                responsible=coordinator,
                created_by=coordinator,
            )
            if status != "draft":
                need = need_submit(need=need, by=coordinator)
            if status not in ("draft", "in_review", "cancelled"):
                need = need_approve(need=need, by=admin)
            if status in ("partly_met", "met", "closed"):
                need = need_met_add(need=need, by=coordinator, quantity=1 if status == "partly_met" else 2)
            if status == "closed":
                need = need_close(need=need, by=coordinator)
            if status == "cancelled":
                need = need_close(need=need, by=coordinator, cancel=True, comment="不再需要")
            assert need.status == status
            households[status] = household

        def ranked(**criteria) -> set[str]:
            return {
                household.reference
                for household in household_ranked_list(user=admin, criteria=RankingCriteria(**criteria))
            }

        waiting = {households[status].reference for status in ("draft", "in_review", "open", "partly_met")}
        assert ranked(need_category=HelpCategory.WINTER_SUPPLIES) == waiting
        assert ranked(need_category=HelpCategory.MEDICAL) == set()
        assert ranked(need_category=HelpCategory.WINTER_SUPPLIES, income_circle="dibao") == set()
        assert ranked(need_category=HelpCategory.WINTER_SUPPLIES, score_min=0) == waiting
        assert ranked(need_category="") == {household.reference for household in households.values()}
        # The other station's coordinator sees none of them, whatever the criteria.
        assert (
            list(
                household_ranked_list(
                    user=station_world["coordinator_b"],
                    criteria=RankingCriteria(need_category=HelpCategory.WINTER_SUPPLIES),
                )
            )
            == []
        )

    def test_coordinators_rank_only_their_stations_households(self, station_world):
        create_household(station_world)
        assert list(household_ranked_list(user=station_world["coordinator_b"], criteria=RankingCriteria())) == []

    def test_unknown_watched_groups_are_refused(self, station_world):
        household = create_household(station_world)
        with pytest.raises(ApplicationError):
            services.household_watched_groups_set(
                household=household, groups={"astronaut"}, since=TODAY, changed_by=station_world["coordinator_a"]
            )


class IncomeStandardTests:
    def test_the_standard_in_force_on_the_day_applies(self, station_world):
        county = station_world["regions"]["330302"]
        IncomeStandard.objects.create(county=county, monthly_amount=Decimal("1200"), valid_from=TODAY)
        village = station_world["regions"]["330302006044"]
        assert services.income_standard_for(region=village, on=TODAY).monthly_amount == Decimal("1200")
        assert services.income_standard_for(region=village, on=TODAY - timedelta(days=1)).monthly_amount == Decimal(
            "1100"
        )
        other = Region.objects.create(edition="2022", code="330303", name="龙湾区", short_name="龙湾区", level=3)
        assert services.income_standard_for(region=other, on=TODAY) is None

    def test_without_a_standard_the_circle_is_unknown(self, station_world):
        IncomeStandard.objects.all().delete()
        household = create_household(station_world, monthly_income_per_person=Decimal("100"))
        assert household.income_circle == ""
        assert StationMembership.objects.exists()
