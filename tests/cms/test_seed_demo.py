"""``manage.py seed_demo``: the demo city on the real region tree, its people, and the public pages in two languages."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Revision

from accounts.models import RoleGrant, User
from cms.demo import (
    COUNTY_PLANS,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    demo_seed,
    demo_station_plan,
)
from cms.models import HomePage, SiteSettings, StandardPage
from common.models import Region
from stations.models import (
    AssistanceRecord,
    Consent,
    Household,
    HouseholdMember,
    IncomeStandard,
    LoveStation,
    Need,
    NeedEvent,
    StationMembership,
)
from stations.selectors import station_list_for_user

pytestmark = pytest.mark.django_db

WENZHOU_COUNTIES = {
    "330302", "330303", "330304", "330305", "330324", "330326",
    "330327", "330328", "330329", "330381", "330382", "330383",
}  # fmt: skip
URBAN_DISTRICTS = {"330302", "330303", "330304"}


@pytest.fixture(scope="class")
def demo_city(django_db_setup, django_db_blocker):
    """Seed once per class, inside a transaction rolled back after the class.

    Each test runs in its own savepoint (pytest-django's django_db), so a test that seeds again
    or changes a row leaves the next test the same city: the setUpTestData pattern.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_seed()
        transaction.set_rollback(True)


def user(email: str) -> User:
    return User.objects.get(email=email)


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "email addresses": EmailAddress.objects.count(),
        "role grants": RoleGrant.objects.count(),
        "regions": Region.objects.count(),
        "stations": LoveStation.objects.count(),
        "memberships": StationMembership.objects.count(),
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "locales": Locale.objects.count(),
        "site settings": SiteSettings.objects.count(),
        "households": Household.objects.count(),
        "members": HouseholdMember.objects.count(),
        "assistance records": AssistanceRecord.objects.count(),
        "income standards": IncomeStandard.objects.count(),
        "needs": Need.objects.count(),
        "need events": NeedEvent.objects.count(),
        "consents": Consent.objects.count(),
    }


@pytest.mark.usefixtures("demo_city")
class DemoSeedTests:
    def test_stations_cover_all_twelve_county_level_units(self):
        stations = LoveStation.objects.select_related("region")
        assert stations.count() >= 130
        assert {station.region.code[:6] for station in stations} == WENZHOU_COUNTIES
        assert all(station.region.is_station_level for station in stations)
        at_township = stations.filter(region__level=Region.Level.TOWNSHIP).count()
        at_village = stations.filter(region__level=Region.Level.VILLAGE).count()
        assert at_township > at_village > 0

    def test_stations_are_named_after_their_place(self):
        wuma = LoveStation.objects.get(name="五马街道爱心驿站")
        assert wuma.region.code == "330302006"
        gulou = LoveStation.objects.get(name="鼓楼社区爱心驿站")
        assert gulou.region.code == "330302006044"
        for station in LoveStation.objects.select_related("region"):
            assert station.name == f"{station.region.short_name}爱心驿站"

    def test_most_stations_are_active_a_few_proposed_and_closed_with_a_reason(self):
        stations = LoveStation.objects.all()
        active = stations.filter(status=LoveStation.Status.ACTIVE)
        assert active.count() > 0.9 * stations.count()
        assert not active.filter(activated_at__isnull=True).exists()
        assert 3 <= stations.filter(status=LoveStation.Status.PROPOSED).count() <= 10
        closed = stations.filter(status=LoveStation.Status.CLOSED)
        assert 1 <= closed.count() <= 2
        assert all(station.closed_reason and station.closed_at for station in closed)

    def test_station_details_are_plausible_and_valid(self):
        for station in LoveStation.objects.select_related("region"):
            station.full_clean()
            assert re.fullmatch(r"0577-8\d{7}", station.phone), station.phone
            assert station.address.startswith("温州市")
            assert station.opening_hours
        phones = list(LoveStation.objects.values_list("phone", flat=True))
        assert len(set(phones)) == len(phones)

    def test_coordinates_are_near_the_county_centre_and_wider_in_rural_counties(self):
        spread = {"urban": Decimal(0), "rural": Decimal(0)}
        for station in LoveStation.objects.select_related("region"):
            county = Region.objects.get(code=station.region.code[:6])
            assert Decimal("27.0") < station.latitude < Decimal("28.7")
            assert Decimal("119.6") < station.longitude < Decimal("121.3")
            distance = max(abs(station.latitude - county.latitude), abs(station.longitude - county.longitude))
            assert distance <= Decimal("0.30")
            kind = "urban" if county.code in URBAN_DISTRICTS else "rural"
            spread[kind] = max(spread[kind], distance)
        assert spread["urban"] <= Decimal("0.12") < spread["rural"]

    def test_the_station_plan_is_the_same_on_every_run(self):
        first = demo_station_plan()
        assert first == demo_station_plan()
        assert len(first) == sum(plan.township_stations + plan.village_stations for plan in COUNTY_PLANS.values())

    def test_demo_accounts_sign_in_with_the_documented_password(self):
        assert DEMO_PASSWORD == "aixin-demo-2026"
        for account in DEMO_ACCOUNTS:
            person = user(account.email)
            assert person.display_name == account.display_name
            assert EmailAddress.objects.get(user=person, email=account.email).verified
            assert authenticate(email=account.email, password=DEMO_PASSWORD) == person
            assert authenticate(email=account.email, password="wrong-password") is None

    def test_demo_accounts_hold_their_roles(self):
        administrator = user("admin@demo.aixin.org.cn")
        assert RoleGrant.objects.filter(user=administrator, role=RoleGrant.Role.CITY_ADMINISTRATOR).exists()
        assert administrator.groups.filter(name="City administrators").exists()
        volunteer = user("volunteer@demo.aixin.org.cn")
        assert list(volunteer.role_grants.values_list("role", flat=True)) == [RoleGrant.Role.VOLUNTEER]
        assert not volunteer.station_memberships.exists()
        superuser = user("superuser@demo.aixin.org.cn")
        assert superuser.is_superuser and superuser.is_staff
        for email in ("lead@demo.aixin.org.cn", "coordinator@demo.aixin.org.cn", "coordinator2@demo.aixin.org.cn"):
            assert not user(email).is_staff
            assert not user(email).role_grants.exists()

    def test_lead_and_coordinator_share_wuma_and_the_second_coordinator_works_elsewhere(self):
        wuma = LoveStation.objects.get(region__code="330302006", name="五马街道爱心驿站")
        assert wuma.status == LoveStation.Status.ACTIVE
        roles = dict(wuma.memberships.values_list("user__email", "role"))
        assert roles == {
            "lead@demo.aixin.org.cn": StationMembership.Role.LEAD,
            "coordinator@demo.aixin.org.cn": StationMembership.Role.COORDINATOR,
        }
        other = user("coordinator2@demo.aixin.org.cn")
        [membership] = other.station_memberships.select_related("station")
        assert membership.role == StationMembership.Role.COORDINATOR
        assert membership.station != wuma
        assert membership.station.status == LoveStation.Status.ACTIVE
        # Station scoping: each coordinator sees their own station only.
        assert list(station_list_for_user(user=other)) == [membership.station]
        assert list(station_list_for_user(user=user("coordinator@demo.aixin.org.cn"))) == [wuma]

    def test_a_second_run_creates_nothing(self):
        before = counts()
        again = demo_seed()
        assert counts() == before
        assert again.created_total == 0
        assert again.regions.created_total == 0

    def test_households_are_recorded_scored_and_private(self):
        from stations.selectors import RankingCriteria, household_ranked_list

        coordinator = User.objects.get(email="coordinator@demo.aixin.org.cn")
        other = User.objects.get(email="coordinator2@demo.aixin.org.cn")
        mine = list(household_ranked_list(user=coordinator, criteria=RankingCriteria()))
        theirs = list(household_ranked_list(user=other, criteria=RankingCriteria()))
        assert len(mine) == 6 and len(theirs) == 6
        assert not set(mine) & set(theirs)
        assert [household.hardship_score for household in mine] == sorted(
            (household.hardship_score for household in mine), reverse=True
        )
        assert all(household.income_circle for household in mine)
        assert IncomeStandard.objects.filter(county__code__startswith="3303").count() == 12
        assert Household.objects.count() >= 40
        # Made-up people get no identity numbers or phones: generated ones could be real people's.
        assert not Household.objects.exclude(phone_index="").exists()
        assert not Household.objects.filter(members__id_number_index__gt="").exists()

    def test_needs_in_every_state_a_city_sees_and_published_only_with_consent(self):
        from stations.public_selectors import need_list_public

        statuses = set(Need.objects.values_list("status", flat=True))
        assert {Need.Status.DRAFT, Need.Status.IN_REVIEW, Need.Status.OPEN, Need.Status.PARTLY_MET} <= statuses
        assert set(Need.objects.values_list("kind", flat=True)) == set(Need.Kind.values)
        public = list(need_list_public(today=timezone.localdate()))
        assert len(public) >= 50
        for need in public:
            assert need.household_id is None or need.household.consents.filter(scope=Consent.Scope.PUBLIC_STORY)
        # The demo lead has needs to review, and every need was posted through the services, with history.
        lead = User.objects.get(email="lead@demo.aixin.org.cn")
        lead_stations = StationMembership.objects.filter(user=lead, role=StationMembership.Role.LEAD).values("station")
        assert Need.objects.filter(station__in=lead_stations, status=Need.Status.IN_REVIEW).exists()
        assert not Need.objects.filter(events__isnull=True).exists()

    def test_public_needs_name_no_one(self, client):
        from common.privacy import pii_findings

        names = list(HouseholdMember.objects.values_list("name", flat=True))
        for need in Need.objects.exclude(published_at=None).select_related("household"):
            assert not pii_findings(f"{need.title}\n{need.public_description}", names=names), need.title
        content = client.get("/needs/").content.decode() + client.get("/").content.decode()
        assert "需求" in content
        assert not [name for name in names if name in content]

    def test_the_command_says_what_it_created_and_found_and_how_long_it_took(self):
        out = StringIO()
        call_command("seed_demo", stdout=out)
        report = out.getvalue()
        assert "stations: created 0, updated 0, found" in report
        assert "users: created 0, updated 0, found 6" in report
        assert "nothing created or changed" in report
        assert re.search(r"Demo city ready in \d+\.\d s\.", report)

    def test_site_settings_show_a_demo_icp_number(self, client):
        response = client.get("/")
        assert response.status_code == 200
        content = response.content.decode()
        assert "浙ICP备00000000号-1 (演示)" in content
        assert "hello@demo.aixin.org.cn" in content

    def test_home_page_has_a_live_english_translation_at_en(self, client):
        home = HomePage.objects.get(locale__language_code="zh-hans", depth=2)
        english = home.get_translation(Locale.objects.get(language_code="en"))
        assert english.live
        assert english.title == "Aixin love stations"
        response = client.get("/en/")
        assert response.status_code == 200
        assert response.context["page"].specific == english.specific
        content = response.content.decode()
        assert "Aixin love stations" in content
        assert "every act of kindness reaches the people who need it" in content
        chinese = client.get("/")
        assert chinese.context["page"].specific == home

    def test_about_page_is_in_the_menu_in_both_languages(self, client):
        chinese = client.get("/").content.decode()
        assert '<a href="/about/">关于爱心驿站</a>' in chinese
        english = client.get("/en/").content.decode()
        assert '<a href="/en/about/">About Aixin</a>' in english

    def test_about_page_describes_the_love_station_model_in_both_languages(self, client):
        abouts = StandardPage.objects.filter(slug="about")
        assert {(page.locale.language_code, page.live, page.show_in_menus) for page in abouts} == {
            ("zh-hans", True, True),
            ("en", True, True),
        }
        chinese = client.get("/about/")
        assert chinese.status_code == 200
        text = chinese.content.decode()
        assert "爱心驿站 140 家" in text
        assert "不为任何具名的个人发起公开募捐" in text
        english = client.get("/en/about/")
        assert english.status_code == 200
        text = english.content.decode()
        assert "140 love stations" in text
        assert "10,000 social workers and volunteers" in text
        assert "never runs a public money appeal for a named person" in text


class DemoSeedRefusalTests:
    def test_refuses_when_demo_data_is_not_allowed(self, settings):
        settings.AIXIN_DEMO_DATA_ALLOWED = False
        with pytest.raises(CommandError, match="AIXIN_DEMO_DATA_ALLOWED"):
            call_command("seed_demo")
        assert not Region.objects.exists()
        assert not User.objects.exists()
        assert not LoveStation.objects.exists()

    def test_base_settings_do_not_allow_demo_data(self):
        from config.settings import base

        assert base.AIXIN_DEMO_DATA_ALLOWED is False
