"""Needs through their services: drafts, review, publishing with the personal-data guard, progress, history."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.models import Notification
from common.errors import ApplicationError
from stations import services
from stations.discovery_services import report_submit
from stations.models import Consent, HouseholdMember, Need, StationMembership
from stations.need_services import need_approve, need_close, need_create, need_met_add, need_reject, need_submit
from stations.selectors import need_count_met, need_share_from_reports, overdue_items_for_user
from tests.factories import StationFactory, city_administrator_create, region_tree, station_member_create

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate(NOW)


@pytest.fixture
def world():
    station = StationFactory()
    lead = station_member_create(station, role=StationMembership.Role.LEAD)
    coordinator = station_member_create(station)
    household = services.household_create(
        station=station,
        region=region_tree()["330302006044"],
        members=[
            services.MemberInput(
                name="陈桂芳",
                relation=HouseholdMember.Relation.HEAD,
                sex=HouseholdMember.Sex.FEMALE,
                birth_date=date(1941, 4, 4),
            )
        ],
        created_by=coordinator,
    )
    return {"station": station, "lead": lead, "coordinator": coordinator, "household": household}


def quilts(world, **overrides) -> Need:
    values = {
        "station": world["station"],
        "household": world["household"],
        "kind": Need.Kind.GOODS,
        "category": "winter_supplies",
        "title": "独居老人需要过冬棉被",
        "public_description": "鼓楼社区一位独居老人屋里潮冷，需要厚棉被和电热毯。",
        "quantity": 5,
        "unit": "床",
        "responsible": world["coordinator"],
        "created_by": world["coordinator"],
        "now": NOW,
    }
    return need_create(**{**values, **overrides})


def consent_to_story(world):
    services.consent_record(
        household=world["household"],
        scope=Consent.Scope.PUBLIC_STORY,
        version="2026-1",
        given_by=world["household"].members.get(),
        given_as=Consent.GivenAs.SELF,
        given_on=TODAY,
        recorded_by=world["coordinator"],
    )


class NeedLifecycleTests:
    def test_draft_review_publish_meet_close_with_history(self, world):
        consent_to_story(world)
        need = quilts(world)
        assert (need.status, need.due_on) == (Need.Status.DRAFT, TODAY + timedelta(days=7))
        need_submit(need=need, by=world["coordinator"])
        need = need_approve(need=need, by=world["lead"], comment="可以发布")
        assert need.status == Need.Status.OPEN and need.published_at and need.is_public
        need = need_met_add(need=need, by=world["coordinator"], quantity=3)
        assert (need.status, need.remaining_quantity) == (Need.Status.PARTLY_MET, 2)
        assert need_count_met() == 0
        need = need_met_add(need=need, by=world["coordinator"], quantity=2)
        assert need.status == Need.Status.MET and not need.is_public
        assert need_count_met() == 1
        need = need_close(need=need, by=world["coordinator"])
        assert need_count_met() == 1
        steps = [(event.from_status, event.to_status) for event in need.events.all()]
        assert steps == [
            ("", "draft"),
            ("draft", "in_review"),
            ("in_review", "open"),
            ("open", "partly_met"),
            ("partly_met", "met"),
            ("met", "closed"),
        ]
        assert need.events.get(to_status="open").by == world["lead"]

    @pytest.mark.parametrize(("tier", "days"), [("special_urgent", 0), ("single_department", 7), ("joint", 15)])
    def test_the_tier_sets_the_due_date(self, world, tier, days):
        assert quilts(world, tier=tier).due_on == TODAY + timedelta(days=days)

    def test_a_coordinator_cannot_approve_and_a_rejection_needs_a_comment(self, world):
        consent_to_story(world)
        need = need_submit(need=quilts(world), by=world["coordinator"])
        with pytest.raises(ApplicationError):
            need_approve(need=need, by=world["coordinator"])
        with pytest.raises(ApplicationError):
            need_reject(need=need, by=world["lead"], comment=" ")
        need = need_reject(need=need, by=world["lead"], comment="请补充需要的尺寸")
        assert need.status == Need.Status.DRAFT and need.review_comment == "请补充需要的尺寸"
        assert need_approve(need=need_submit(need=need, by=world["coordinator"]), by=city_administrator_create())

    def test_another_stations_staff_can_do_nothing(self, world):
        outsider = station_member_create(StationFactory(name="别处驿站"), role=StationMembership.Role.LEAD)
        with pytest.raises(ApplicationError):
            quilts(world, created_by=outsider)
        need = need_submit(need=quilts(world), by=world["coordinator"])
        with pytest.raises(ApplicationError):
            need_approve(need=need, by=outsider)
        with pytest.raises(ApplicationError):
            quilts(world, responsible=outsider)

    def test_bad_shapes_are_refused(self, world):
        with translation.override("en"), pytest.raises(ValidationError) as error:
            quilts(world, kind=Need.Kind.MONEY, quantity=None, amount=None)
        assert "A money need has an amount above zero" in str(error.value)
        with pytest.raises(ValidationError):
            quilts(world, quantity=None)
        assert not Need.objects.exists()


class PublishingGuardTests:
    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("陈桂芳奶奶需要棉被", "name"),
            ("桂芳奶奶需要棉被", "name"),
            ("需要棉被，联系13812345678", "phone"),
            ("老人证件号330302194104041234", "id_number"),
        ],
    )
    def test_personal_data_blocks_submitting_and_approving(self, world, text, kind):
        consent_to_story(world)
        need = quilts(world, public_description=text)
        with pytest.raises(ApplicationError) as error:
            need_submit(need=need, by=world["coordinator"])
        assert error.value.extra["findings"] == [kind]
        need.refresh_from_db()
        assert need.status == Need.Status.DRAFT
        # Even if the text changes after submission, approval checks it again.
        Need.objects.filter(pk=need.pk).update(status=Need.Status.IN_REVIEW)
        with pytest.raises(ApplicationError):
            need_approve(need=need, by=world["lead"])
        assert Need.objects.get(pk=need.pk).published_at is None

    def test_the_message_quotes_the_finding_masked(self, world):
        need = quilts(world, public_description="电话13812345678")
        with translation.override("en"), pytest.raises(ApplicationError) as error:
            need_submit(need=need, by=world["coordinator"])
        assert "138****5678" in error.value.message and "13812345678" not in error.value.message

    def test_no_public_story_without_the_households_consent(self, world):
        need = need_submit(need=quilts(world), by=world["coordinator"])
        with pytest.raises(ApplicationError):
            need_approve(need=need, by=world["lead"])
        consent_to_story(world)
        assert need_approve(need=need, by=world["lead"]).is_public

    def test_a_community_need_without_a_household_can_be_published(self, world):
        need = need_submit(need=quilts(world, household=None), by=world["coordinator"])
        assert need_approve(need=need, by=world["lead"]).is_public


class NeedDeadlineTests:
    def test_an_overdue_need_tells_the_responsible_person_and_the_lead_once(self, world):
        need = quilts(world, tier="special_urgent", now=NOW - timedelta(days=2))
        assert need in overdue_items_for_user(user=world["coordinator"], now=NOW).needs
        result = services.overdue_scan(now=NOW)
        assert result.needs == 1
        told = set(Notification.objects.values_list("user", flat=True))
        assert told == {world["coordinator"].pk, world["lead"].pk}
        assert services.overdue_scan(now=NOW).needs == 0

    def test_the_share_of_needs_that_began_with_a_report(self, world):
        report = report_submit(
            what_was_seen="独居老人", reporter_kind="police", channel="web", region=region_tree()["330302006044"]
        )
        need_submit(need=quilts(world, origin_report=report), by=world["coordinator"])
        need_submit(need=quilts(world), by=world["coordinator"])
        quilts(world)  # a draft that went nowhere is not counted
        share = need_share_from_reports(station=world["station"])
        assert (share.needs, share.from_reports, share.share) == (2, 1, 0.5)
        assert need_share_from_reports(station=StationFactory(name="空驿站")).share is None
        assert Decimal(str(share.share)) == Decimal("0.5")
