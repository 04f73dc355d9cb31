"""Discovery reports: the model's invariants, routing and deadlines, duplicates, triage, and the pages.

Two stations share the township of the test region tree: A in 鼓楼社区, B in 墨池社区. 龙湾区 is a
county with no active station. Another station's report is a 404 for a coordinator, so ids leak nothing.
"""

import threading
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.models import Notification
from common.errors import ApplicationError
from common.models import Region
from stations import discovery_services as reports
from stations.discovery_selectors import (
    bigram_jaccard,
    report_duplicate_suggestions,
    report_queue_for_user,
    report_queue_summary_for_user,
    text_bigrams,
)
from stations.models import (
    DiscoveryReport,
    DiscoveryReportReroute,
    Household,
    HouseholdMember,
    LoveStation,
    StationMembership,
)
from stations.services import MemberInput, household_create, overdue_scan
from tests.factories import (
    StationFactory,
    UserFactory,
    city_administrator_create,
    english,
    region_tree,
    station_member_create,
    totp_enable,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI)
SEEN = "鼓楼街口有一位独居老人，腿脚不便，冬天没有棉被"
SIMILAR = "鼓楼街口那位独居老人腿脚不便，家里没有棉被过冬"
UNRELATED = "学校门口有个孩子经常一个人放学后没人接"
PHONE = "13812345678"


@pytest.fixture
def world():
    regions = region_tree()
    longwan = Region.objects.create(
        edition="2022",
        code="330303",
        name="龙湾区",
        short_name="龙湾区",
        level=Region.Level.COUNTY,
        parent=regions["3303"],
    )
    regions["330303"] = longwan
    regions["330303001001"] = Region.objects.create(
        edition="2022",
        code="330303001001",
        name="永中村委会",
        short_name="永中村",
        level=Region.Level.VILLAGE,
        parent=longwan,
    )
    station_a = StationFactory(name="鼓楼爱心驿站")
    station_b = StationFactory(
        name="墨池爱心驿站",
        region=regions["330302006045"],
        latitude=Decimal("28.030000"),
        longitude=Decimal("120.680000"),
    )
    users = {
        "anonymous": None,
        "no_role": UserFactory(),
        "coordinator_a": station_member_create(station_a),
        "lead_a": station_member_create(station_a, role=StationMembership.Role.LEAD),
        "coordinator_b": station_member_create(station_b),
        "city_administrator": city_administrator_create(),
    }
    for key in ("coordinator_a", "lead_a", "coordinator_b", "city_administrator"):
        totp_enable(users[key])
    return {"regions": regions, "a": station_a, "b": station_b, "users": users}


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, the msgids, whatever the translations say."""
    with translation.override("en"):
        yield


def submit(world, *, village: str | None = "330302006044", now: datetime = NOW, **overrides) -> DiscoveryReport:
    values = {
        "what_was_seen": SEEN,
        "reporter_kind": DiscoveryReport.ReporterKind.SANITATION_WORKER,
        "channel": DiscoveryReport.Channel.WEB,
        "region": world["regions"][village] if village else None,
        "now": now,
    }
    return reports.report_submit(**{**values, **overrides})


def head(**overrides) -> MemberInput:
    values = {
        "name": "王阿婆",
        "relation": HouseholdMember.Relation.HEAD,
        "sex": HouseholdMember.Sex.FEMALE,
        "birth_date": date(1940, 2, 1),
        "work": HouseholdMember.Work.RETIRED,
    }
    return MemberInput(**{**values, **overrides})


# --- The model -----------------------------------------------------------------------------------


def raw_report(world, **overrides) -> DiscoveryReport:
    values = {
        "reference": "RPTEST0001",
        "what_was_seen": SEEN,
        "region": world["regions"]["330302006044"],
        "reporter_kind": DiscoveryReport.ReporterKind.PUBLIC,
        "channel": DiscoveryReport.Channel.WEB,
        "routing_method": DiscoveryReport.RoutingMethod.REGION,
        "received_at": NOW,
        "respond_by": NOW + timedelta(hours=24),
    }
    return DiscoveryReport(**{**values, **overrides})


class DiscoveryReportModelTests:
    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"latitude": Decimal("28.0")}, "both the latitude and the longitude"),
            ({"region": None}, "A report says where"),
            ({"respond_by": NOW - timedelta(hours=1)}, "cannot come before"),
            ({"status": "triaged"}, "a triaged one has an outcome"),
            ({"outcome": "not_a_case", "not_a_case_reason": ""}, "a triaged one has an outcome"),
            ({"not_a_case_reason": "已享受低保"}, "says why"),
        ],
    )
    def test_inconsistent_rows_are_refused_by_the_database_and_explained(self, world, overrides, message):
        report = raw_report(world, **overrides)

        with pytest.raises(Exception, match=message):
            report.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            report.save()

    def test_a_duplicate_must_name_its_original_and_a_verified_report_its_household(self, world):
        triaged = {"status": "triaged", "triaged_at": NOW}
        for overrides in ({"outcome": "duplicate"}, {"outcome": "verified"}):
            with pytest.raises(IntegrityError), transaction.atomic():
                raw_report(world, **triaged, **overrides).save()

    def test_a_consistent_triaged_row_is_kept(self, world):
        report = raw_report(
            world, status="triaged", outcome="not_a_case", not_a_case_reason="已享受低保", triaged_at=NOW
        )
        report.full_clean()
        report.save()

        assert DiscoveryReport.objects.get().outcome == "not_a_case"

    def test_a_report_cannot_sit_at_a_whole_city(self, world):
        with pytest.raises(Exception, match="not a whole city"):
            raw_report(world, region=world["regions"]["3303"]).full_clean()


# --- Submission, routing and deadlines ------------------------------------------------------------


class ReportSubmitTests:
    def test_a_report_goes_to_the_station_of_its_village_with_a_deadline_a_day_later(self, world):
        report = submit(world, location_note="菜市场旁边")

        assert report.routed_station == world["a"]
        assert report.routing_method == "region"
        assert report.received_at == NOW
        assert report.respond_by == NOW + timedelta(hours=24)
        assert report.status == DiscoveryReport.Status.NEW
        assert report.reference.startswith("RP") and len(report.reference) == 10
        assert submit(world, village="330302006045").routed_station == world["b"]

    def test_a_county_goes_to_a_station_of_the_county(self, world):
        report = submit(world, village="330302")

        assert report.routed_station == world["a"]  # the lowest id among the county's stations

    def test_a_point_goes_to_the_nearest_station_of_the_county(self, world):
        report = submit(world, village=None, latitude=Decimal("28.029"), longitude=Decimal("120.679"))

        assert report.routed_station == world["b"]
        assert report.routing_method == "distance"
        assert Decimal("0") < report.routing_distance_km < Decimal("1")
        assert report.region is None

    def test_a_closed_or_proposed_station_gets_nothing(self, world):
        LoveStation.objects.filter(pk=world["a"].pk).update(status=LoveStation.Status.CLOSED)

        assert submit(world).routed_station == world["b"]

    def test_a_county_without_an_active_station_still_keeps_the_report(self, world):
        report = submit(world, village="330303001001")

        report.refresh_from_db()
        assert report.routed_station is None
        assert report.region.code == "330303001001"

    @pytest.mark.parametrize(
        ("place", "message"),
        [
            ({"latitude": Decimal("28.0")}, "both the latitude and the longitude"),
            ({"longitude": Decimal("120.6")}, "both the latitude and the longitude"),
            ({"latitude": Decimal("95"), "longitude": Decimal("120.6")}, "between -90 and 90"),
            ({}, "Say where"),
        ],
    )
    def test_a_report_without_a_usable_place_is_refused(self, world, place, message):
        with pytest.raises(ApplicationError, match=message):
            submit(world, village=None, **place)
        assert not DiscoveryReport.objects.exists()

    def test_the_response_time_comes_from_the_settings(self, world, settings):
        settings.AIXIN_REPORT_RESPONSE_HOURS = 6

        assert submit(world).respond_by == NOW + timedelta(hours=6)

    def test_the_reporters_phone_is_encrypted_and_indexed(self, world):
        report = submit(world, reporter_contact="138 1234 5678")

        with connection.cursor() as cursor:
            cursor.execute("SELECT reporter_contact FROM stations_discoveryreport WHERE id = %s", [report.pk])
            raw = cursor.fetchone()[0]
        assert PHONE not in raw
        assert DiscoveryReport.objects.get().reporter_contact == "138 1234 5678"
        assert report.contact_index == reports.contact_index_for(PHONE)

    def test_only_staff_enter_reports_for_others_and_staff_do_not_use_the_web_channel(self, world):
        users = world["users"]
        with pytest.raises(ApplicationError, match="Only station staff"):
            submit(world, channel=DiscoveryReport.Channel.HOTLINE, entered_by=users["no_role"])
        with pytest.raises(ApplicationError, match="Only station staff"):
            submit(world, channel=DiscoveryReport.Channel.HOTLINE)
        with pytest.raises(ApplicationError, match="Staff enter reports"):
            submit(world, entered_by=users["coordinator_a"])

        report = submit(world, channel=DiscoveryReport.Channel.HOTLINE, entered_by=users["coordinator_b"])
        assert report.entered_by == users["coordinator_b"]
        assert report.routed_station == world["a"]  # routed by place, not by who took the call

    def test_empty_text_and_unknown_choices_are_refused(self, world):
        with pytest.raises(ApplicationError, match="Say what you saw"):
            submit(world, what_was_seen="   ")
        with pytest.raises(ApplicationError, match="reporter"):
            submit(world, reporter_kind="journalist")


class ReportQueueTests:
    def test_new_reports_come_earliest_deadline_first_with_the_overdue_marked(self, world):
        late = submit(world, now=NOW - timedelta(hours=30))
        fresh = submit(world, now=NOW - timedelta(hours=1))
        later = submit(world, now=NOW - timedelta(hours=25))
        done = submit(world, now=NOW - timedelta(hours=40))
        reports.report_triage_not_a_case(report=done, reason="已享受低保", by=world["users"]["coordinator_a"])

        queue = list(report_queue_for_user(user=world["users"]["coordinator_a"], now=NOW))

        assert queue == [late, later, fresh]
        assert [report.overdue for report in queue] == [True, True, False]

    def test_each_station_sees_its_own_and_the_city_sees_every_one(self, world):
        users = world["users"]
        for_a = submit(world)
        for_b = submit(world, village="330302006045")
        unrouted = submit(world, village="330303001001")

        assert list(report_queue_for_user(user=users["coordinator_a"], now=NOW)) == [for_a]
        assert list(report_queue_for_user(user=users["coordinator_b"], now=NOW)) == [for_b]
        assert set(report_queue_for_user(user=users["city_administrator"], now=NOW)) == {for_a, for_b, unrouted}
        assert list(report_queue_for_user(user=users["no_role"], now=NOW)) == []


# --- Duplicate suggestions ----------------------------------------------------------------------


class BigramTests:
    def test_bigrams_ignore_punctuation_spaces_and_width(self):
        assert text_bigrams("独居，老人") == {"独居", "居老", "老人"}
        assert text_bigrams("ＡＢ c") == {"ab", "bc"}
        assert text_bigrams("人") == {"人"}
        assert text_bigrams("。 ") == set()

    def test_jaccard(self):
        assert bigram_jaccard("独居老人", "独居老人") == 1.0
        assert bigram_jaccard("独居老人", "") == 0.0
        assert bigram_jaccard("独居老人", "留守儿童") == 0.0
        assert bigram_jaccard("独居老人", "独居老头") == pytest.approx(2 / 4)
        assert bigram_jaccard(SEEN, SIMILAR) >= 0.3
        assert bigram_jaccard(SEEN, UNRELATED) < 0.3


class DuplicateSuggestionTests:
    def test_similar_text_in_the_same_village_is_suggested_with_the_reason(self, world):
        earlier = submit(world, what_was_seen=SIMILAR, now=NOW - timedelta(days=3))
        submit(world, what_was_seen=UNRELATED, now=NOW - timedelta(days=2))
        submit(world, what_was_seen=SEEN, village="330302006045", now=NOW - timedelta(days=1))
        report = submit(world)

        suggestions = report_duplicate_suggestions(report=report)

        assert [suggestion.report for suggestion in suggestions] == [earlier]
        assert "Same village" in suggestions[0].reasons[0] or "同" in suggestions[0].reasons[0]
        assert suggestions[0].similarity >= 0.3

    def test_the_same_phone_is_suggested_from_any_village_and_status(self, world):
        other = submit(world, what_was_seen=UNRELATED, village="330302006045", reporter_contact="138-1234-5678")
        reports.report_triage_not_a_case(report=other, reason="误会", by=world["users"]["coordinator_b"])
        report = submit(world, reporter_contact=PHONE)

        suggestions = report_duplicate_suggestions(report=report)

        assert [suggestion.report for suggestion in suggestions] == [other]
        assert len(suggestions[0].reasons) == 1

    def test_not_itself_not_older_than_90_days_and_only_what_the_user_may_see(self, world):
        submit(world, what_was_seen=SEEN, now=NOW - timedelta(days=91))
        on_b = submit(world, what_was_seen=UNRELATED, village="330302006045", reporter_contact=PHONE)
        report = submit(world, reporter_contact=PHONE)

        assert [s.report for s in report_duplicate_suggestions(report=report)] == [on_b]
        assert report_duplicate_suggestions(report=report, user=world["users"]["coordinator_a"]) == []
        assert [
            s.report for s in report_duplicate_suggestions(report=report, user=world["users"]["city_administrator"])
        ] == [on_b]


# --- Triage ---------------------------------------------------------------------------------------


class ReportTriageTests:
    def test_a_duplicate_is_linked_to_its_original(self, world):
        coordinator = world["users"]["coordinator_a"]
        original = submit(world)
        report = submit(world, what_was_seen=SIMILAR)

        reports.report_triage_duplicate(report=report, duplicate_of=original, by=coordinator, now=NOW)

        report.refresh_from_db()
        assert (report.status, report.outcome, report.duplicate_of, report.triaged_by, report.triaged_at) == (
            "triaged",
            "duplicate",
            original,
            coordinator,
            NOW,
        )

    def test_a_duplicate_of_itself_of_another_station_or_in_a_loop_is_refused(self, world):
        users = world["users"]
        first = submit(world)
        second = submit(world)
        on_b = submit(world, village="330302006045")
        reports.report_triage_duplicate(report=second, duplicate_of=first, by=users["coordinator_a"])

        with pytest.raises(ApplicationError, match="itself"):
            reports.report_triage_duplicate(report=first, duplicate_of=first, by=users["coordinator_a"])
        with pytest.raises(ApplicationError, match="already a duplicate of this one"):
            reports.report_triage_duplicate(report=first, duplicate_of=second, by=users["coordinator_a"])
        with pytest.raises(ApplicationError, match="same station"):
            reports.report_triage_duplicate(report=first, duplicate_of=on_b, by=users["coordinator_a"])
        first.refresh_from_db()
        assert first.status == "new"
        # The city administrator may link reports across stations.
        reports.report_triage_duplicate(report=on_b, duplicate_of=first, by=users["city_administrator"])

    def test_only_the_routed_stations_staff_or_the_city_triage_and_only_once(self, world):
        users = world["users"]
        report = submit(world)

        for role in ("coordinator_b", "no_role"):
            with pytest.raises(ApplicationError, match="Only the staff"):
                reports.report_triage_not_a_case(report=report, reason="误会", by=users[role])
        reports.report_triage_not_a_case(report=report, reason="已享受低保", by=users["lead_a"])
        with pytest.raises(ApplicationError, match="already triaged"):
            reports.report_triage_not_a_case(report=report, reason="again", by=users["city_administrator"])
        with pytest.raises(ApplicationError, match="already triaged"):
            reports.report_triage_verified(
                report=report,
                by=users["coordinator_a"],
                new_household=reports.NewHouseholdInput(region=world["regions"]["330302006044"], head=head()),
            )
        assert not Household.objects.exists()

    def test_an_unrouted_report_is_triaged_by_the_city(self, world):
        report = submit(world, village="330303001001")
        # The city administrators hear of it at once: no station will.
        unrouted = Notification.objects.get()
        assert unrouted.user == world["users"]["city_administrator"] and report.reference in unrouted.subject
        assert unrouted.url == f"/staff/reports/{report.pk}/"
        Notification.objects.all().delete()

        with pytest.raises(ApplicationError, match="Only the staff"):
            reports.report_triage_not_a_case(report=report, reason="误会", by=world["users"]["coordinator_a"])
        with pytest.raises(ApplicationError, match="No active station"):
            reports.report_triage_verified(
                report=report,
                by=world["users"]["city_administrator"],
                new_household=reports.NewHouseholdInput(region=world["regions"]["330303001001"], head=head()),
            )
        reports.report_triage_not_a_case(report=report, reason="误会", by=world["users"]["city_administrator"])

    def test_not_a_case_needs_a_reason(self, world):
        with pytest.raises(ApplicationError, match="Say why"):
            reports.report_triage_not_a_case(report=submit(world), reason="  ", by=world["users"]["coordinator_a"])

    def test_verified_records_a_new_household_at_the_routed_station(self, world):
        report = submit(world)

        reports.report_triage_verified(
            report=report,
            by=world["users"]["coordinator_a"],
            new_household=reports.NewHouseholdInput(
                region=world["regions"]["330302006044"], head=head(), phone="13900002222"
            ),
        )

        report.refresh_from_db()
        household = Household.objects.get()
        assert report.outcome == "verified" and report.household == household
        assert household.station == world["a"]
        assert household.members.get().name == "王阿婆"

    def test_verified_links_a_household_of_the_same_station_only(self, world):
        users = world["users"]
        regions = world["regions"]
        ours = household_create(
            station=world["a"], region=regions["330302006044"], members=[head()], created_by=users["coordinator_a"]
        )
        theirs = household_create(
            station=world["b"],
            region=regions["330302006045"],
            members=[head(name="赵大爷")],
            created_by=users["coordinator_b"],
        )
        report = submit(world)

        with pytest.raises(ApplicationError, match="not kept by the station"):
            reports.report_triage_verified(report=report, by=users["coordinator_a"], household=theirs)
        with pytest.raises(ApplicationError, match="one of the two"):
            reports.report_triage_verified(report=report, by=users["coordinator_a"])
        reports.report_triage_verified(report=report, by=users["coordinator_a"], household=ours)

        report.refresh_from_db()
        assert report.household == ours


# --- Re-routing --------------------------------------------------------------------------------------


def nothing_rerouted(report: DiscoveryReport, station: LoveStation | None) -> None:
    """Assert that a refused re-routing wrote nothing: the report where it was, no history, nobody told."""
    report.refresh_from_db()
    assert report.routed_station == station
    assert report.status == "new"
    assert not DiscoveryReportReroute.objects.exists()
    assert not Notification.objects.exists()


class ReportRerouteTests:
    def test_a_report_goes_to_another_station_whose_staff_are_told(self, world):
        users = world["users"]
        lead_b = station_member_create(world["b"], role=StationMembership.Role.LEAD)
        gone = station_member_create(world["b"])
        gone.is_active = False
        gone.save(update_fields=["is_active"])
        report = submit(world)
        DiscoveryReport.objects.filter(pk=report.pk).update(overdue_notified_at=NOW)

        reroute = reports.report_reroute(
            report=report, to_station=world["b"], reason="  住在墨池社区  ", by=users["coordinator_a"], now=NOW
        )

        report.refresh_from_db()
        assert report.routed_station == world["b"]
        assert report.routing_method == DiscoveryReport.RoutingMethod.REROUTED
        assert report.routing_distance_km is None  # no point was given
        assert report.respond_by == NOW + timedelta(hours=24)  # the deadline promised to the reporter stays
        assert report.overdue_notified_at is None  # so that the new station is warned once
        assert report.status == "new"
        assert (reroute.from_station, reroute.to_station, reroute.reason, reroute.rerouted_by, reroute.at) == (
            world["a"],
            world["b"],
            "住在墨池社区",
            users["coordinator_a"],
            NOW,
        )
        assert list(report.reroutes.all()) == [reroute]
        told = Notification.objects.all()
        # The new station's staff, and the staff of the station it left (so nobody there keeps looking).
        station_a_staff = {membership.user for membership in world["a"].memberships.all()}
        assert {notification.user for notification in told} == {users["coordinator_b"], lead_b} | station_a_staff
        notification = told.filter(user=users["coordinator_b"]).first()
        assert report.reference in notification.subject and "墨池爱心驿站" in notification.subject
        assert "鼓楼爱心驿站" in notification.body and "住在墨池社区" in notification.body
        assert notification.url == f"/staff/reports/{report.pk}/"

    def test_the_distance_to_the_new_station_is_kept_when_the_report_has_a_point(self, world):
        report = submit(world, village=None, latitude=Decimal("28.016"), longitude=Decimal("120.655"))
        assert report.routed_station == world["a"]

        reports.report_reroute(report=report, to_station=world["b"], reason="更近", by=world["users"]["lead_a"])

        report.refresh_from_db()
        assert Decimal("2") < report.routing_distance_km < Decimal("4")

    def test_a_city_administrator_re_routes_any_report_and_the_history_grows(self, world):
        users = world["users"]
        report = submit(world)

        reports.report_reroute(report=report, to_station=world["b"], reason="墨池社区", by=users["city_administrator"])
        reports.report_reroute(report=report, to_station=world["a"], reason="其实是鼓楼", by=users["coordinator_b"])

        assert [(r.from_station, r.to_station) for r in report.reroutes.all()] == [
            (world["a"], world["b"]),
            (world["b"], world["a"]),
        ]

    def test_the_staff_of_another_station_cannot_re_route(self, world):
        report = submit(world)

        for role in ("coordinator_b", "no_role"):
            with pytest.raises(ApplicationError, match="Only the staff"):
                reports.report_reroute(report=report, to_station=world["b"], reason="抢过来", by=world["users"][role])
        nothing_rerouted(report, world["a"])

    @pytest.mark.parametrize(
        ("status", "label"), [(LoveStation.Status.CLOSED, "closed"), (LoveStation.Status.PROPOSED, "proposed")]
    )
    def test_a_station_that_is_not_active_is_refused(self, world, status, label):
        station = StationFactory(name="新桥爱心驿站", status=status)
        station_member_create(station, role=StationMembership.Role.LEAD)
        report = submit(world)

        with pytest.raises(ApplicationError, match=f"only to an active station; 新桥爱心驿站 is {label}"):
            reports.report_reroute(report=report, to_station=station, reason="更近", by=world["users"]["lead_a"])
        nothing_rerouted(report, world["a"])

    def test_a_triaged_report_is_not_re_routed(self, world):
        report = submit(world)
        reports.report_triage_not_a_case(report=report, reason="已享受低保", by=world["users"]["lead_a"])

        with pytest.raises(ApplicationError, match="already triaged .*not a case.*no longer be re-routed"):
            reports.report_reroute(report=report, to_station=world["b"], reason="更近", by=world["users"]["lead_a"])
        report.refresh_from_db()
        assert report.routed_station == world["a"]
        assert not DiscoveryReportReroute.objects.exists() and not Notification.objects.exists()

    @pytest.mark.parametrize("reason", ["", "   ", "太" * 301])
    def test_a_missing_or_overlong_reason_is_refused(self, world, reason):
        report = submit(world)

        with pytest.raises(ApplicationError, match="Say why"):
            reports.report_reroute(report=report, to_station=world["b"], reason=reason, by=world["users"]["lead_a"])
        nothing_rerouted(report, world["a"])

    def test_the_same_station_or_one_without_staff_is_refused(self, world):
        report = submit(world)
        empty = StationFactory(name="空驿站")

        with pytest.raises(ApplicationError, match="already routed to 鼓楼爱心驿站"):
            reports.report_reroute(report=report, to_station=world["a"], reason="原地", by=world["users"]["lead_a"])
        with pytest.raises(ApplicationError, match="空驿站 has no staff"):
            reports.report_reroute(report=report, to_station=empty, reason="更近", by=world["users"]["lead_a"])
        nothing_rerouted(report, world["a"])

    def test_the_database_refuses_a_history_row_to_the_same_station_or_without_a_reason(self, world):
        report = submit(world)
        for overrides in ({"to_station": world["a"], "reason": "原地"}, {"to_station": world["b"], "reason": ""}):
            with pytest.raises(IntegrityError), transaction.atomic():
                DiscoveryReportReroute.objects.create(report=report, from_station=world["a"], at=NOW, **overrides)
        # A report that no station served has no station to come from.
        DiscoveryReportReroute.objects.create(
            report=report, from_station=None, to_station=world["a"], reason="就近", at=NOW
        )

    def test_a_station_closed_since_the_form_was_loaded_is_refused(self, world):
        report = submit(world)
        stale_b = LoveStation.objects.get(pk=world["b"].pk)
        LoveStation.objects.filter(pk=world["b"].pk).update(status=LoveStation.Status.CLOSED)

        with pytest.raises(ApplicationError, match="active station"):
            reports.report_reroute(report=report, to_station=stale_b, reason="更近", by=world["users"]["lead_a"])
        nothing_rerouted(report, world["a"])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
class ReportRerouteConcurrencyTests:
    def test_a_re_routing_and_a_triage_at_once_leave_one_consistent_outcome(self, world):
        users = world["users"]
        report = submit(world)
        barrier = threading.Barrier(2)
        refusals, errors = [], []

        def run(action):
            try:
                barrier.wait(timeout=10)
                action()
            except ApplicationError as refusal:
                refusals.append(refusal.message)
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
            finally:
                connection.close()

        threads = [
            threading.Thread(
                target=run,
                args=(
                    lambda: reports.report_reroute(
                        report=report, to_station=world["b"], reason="墨池社区", by=users["lead_a"]
                    ),
                ),
            ),
            threading.Thread(
                target=run,
                args=(
                    lambda: reports.report_triage_not_a_case(
                        report=report, reason="已享受低保", by=users["coordinator_a"]
                    ),
                ),
            ),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        assert errors == []
        assert len(refusals) == 1  # the row lock lets one through; the other sees its result
        report.refresh_from_db()
        if report.status == "triaged":
            assert report.routed_station == world["a"] and not report.reroutes.exists()
        else:
            assert report.routed_station == world["b"] and report.reroutes.count() == 1


class UnroutedReportTests:
    """A report from a county without an active station: kept, seen by the city, routed by the city, then triaged."""

    def test_it_waits_in_the_city_administrators_queue_only(self, world):
        users = world["users"]
        submit(world)
        unrouted = submit(world, village="330303001001")

        assert list(report_queue_for_user(user=users["city_administrator"], unrouted_only=True)) == [unrouted]
        assert report_queue_summary_for_user(user=users["city_administrator"], now=NOW).unrouted == 1
        for role in ("coordinator_a", "lead_a", "coordinator_b"):
            assert unrouted not in report_queue_for_user(user=users[role])
            assert report_queue_summary_for_user(user=users[role]).unrouted == 0

    @pytest.mark.parametrize("mode", ["new", "existing"])
    def test_verified_is_refused_until_a_station_serves_it(self, world, mode):
        users = world["users"]
        kept = household_create(
            station=world["a"],
            region=world["regions"]["330302006044"],
            members=[head()],
            created_by=users["coordinator_a"],
        )
        report = submit(world, village="330303001001")
        arguments = (
            {"household": kept}
            if mode == "existing"
            else {"new_household": reports.NewHouseholdInput(region=world["regions"]["330303001001"], head=head())}
        )

        with pytest.raises(ApplicationError, match="route it to a station first"):
            reports.report_triage_verified(report=report, by=users["city_administrator"], **arguments)

        report.refresh_from_db()
        assert report.status == "new" and report.household is None
        assert list(Household.objects.all()) == [kept]

    def test_the_city_routes_it_and_the_station_then_verifies_it(self, world):
        users = world["users"]
        report = submit(world, village="330303001001")
        # The city administrators hear of it at once: no station will.
        unrouted = Notification.objects.get()
        assert unrouted.user == users["city_administrator"] and report.reference in unrouted.subject
        assert unrouted.url == f"/staff/reports/{report.pk}/"
        Notification.objects.all().delete()

        with pytest.raises(ApplicationError, match="Only the staff"):
            reports.report_reroute(report=report, to_station=world["a"], reason="就近", by=users["coordinator_a"])
        reroute = reports.report_reroute(
            report=report, to_station=world["a"], reason="龙湾区尚无驿站，由鼓楼站跟进", by=users["city_administrator"]
        )

        assert reroute.from_station is None
        assert set(Notification.objects.values_list("user", flat=True)) == {
            users["coordinator_a"].pk,
            users["lead_a"].pk,
        }
        assert "no station" in Notification.objects.first().body
        assert list(report_queue_for_user(user=users["coordinator_a"])) == [report]
        reports.report_triage_verified(
            report=report,
            by=users["coordinator_a"],
            new_household=reports.NewHouseholdInput(region=world["regions"]["330302006044"], head=head()),
        )
        report.refresh_from_db()
        assert report.household.station == world["a"]

    def test_an_overdue_unrouted_report_is_told_to_the_city_and_after_routing_to_the_station(self, world):
        users = world["users"]
        report = submit(world, village="330303001001", now=NOW - timedelta(days=2))

        overdue_scan(now=NOW)
        assert set(Notification.objects.values_list("user", flat=True)) == {users["city_administrator"].pk}

        reports.report_reroute(report=report, to_station=world["b"], reason="就近", by=users["city_administrator"])
        Notification.objects.all().delete()
        overdue_scan(now=NOW + timedelta(minutes=15))

        assert set(Notification.objects.values_list("user", flat=True)) == {users["coordinator_b"].pk}
        assert "past its response deadline" in Notification.objects.get().subject


# --- The public form ------------------------------------------------------------------------------


def form_data(world, **overrides) -> dict:
    values = {
        "what_was_seen": SEEN,
        "county": "330302",
        "place_code": "330302006044",
        "latitude": "",
        "longitude": "",
        "location_note": "菜市场旁边",
        "reporter_kind": DiscoveryReport.ReporterKind.TAXI_DRIVER,
        "reporter_name": "",
        "reporter_contact": "",
        "homepage": "",
    }
    return {**values, **overrides}


class PublicReportFormTests:
    def test_the_form_is_public_in_chinese_and_in_english(self, client, world):
        chinese = client.get("/report/")
        english_page = client.get("/en/report/")

        assert chinese.status_code == 200 and english_page.status_code == 200
        assert '<html lang="zh-hans">' in chinese.content.decode()
        assert "Report someone who needs help" in english_page.content.decode()
        assert 'name="homepage"' in chinese.content.decode()
        assert 'tabindex="-1"' in chinese.content.decode() and 'autocomplete="off"' in chinese.content.decode()
        assert "<script" not in chinese.content.decode()

    def test_a_report_is_saved_and_the_visitor_thanked_with_the_reference_and_the_deadline(self, client, world):
        response = client.post("/en/report/", form_data(world, reporter_contact="13812345678"), follow=True)

        report = DiscoveryReport.objects.get()
        html = response.content.decode()
        assert response.redirect_chain[-1][0] == english("reports:thanks")
        assert report.channel == "web" and report.routed_station == world["a"] and report.entered_by is None
        assert report.region.code == "330302006044" and report.location_note == "菜市场旁边"
        assert report.reporter_kind == "taxi_driver"
        assert report.reference in html
        assert "鼓楼爱心驿站" in html
        assert "24 hours" in html
        assert SEEN not in html and PHONE not in html

    def test_a_filled_honeypot_is_answered_like_a_success_and_discarded(self, client, world):
        response = client.post("/en/report/", form_data(world, homepage="http://spam.example"), follow=True)

        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == english("reports:thanks")
        assert 'id="report-reference">RP' in response.content.decode()
        assert not DiscoveryReport.objects.exists()

    def test_the_sixth_report_within_an_hour_is_refused_with_the_text_kept(self, client, world):
        for _ in range(5):
            assert client.post("/report/", form_data(world)).status_code == 302

        response = client.post("/en/report/", form_data(world, what_was_seen="第六份报告：桥下有人露宿"))

        assert response.status_code == 429
        html = response.content.decode()
        assert "Too many reports" in html
        assert "第六份报告：桥下有人露宿" in html
        assert DiscoveryReport.objects.count() == 5
        # Another address is not limited.
        assert client.post("/report/", form_data(world), REMOTE_ADDR="10.0.0.9").status_code == 302

    def test_a_validation_error_keeps_everything_typed(self, client, world):
        response = client.post(
            "/en/report/",
            form_data(world, what_was_seen="", reporter_name="陈师傅", reporter_contact="13812345678"),
        )

        html = response.content.decode()
        assert response.status_code == 400
        assert "This field is required." in html
        for typed in ("菜市场旁边", "陈师傅", "13812345678", "330302006044"):
            assert typed in html
        assert not DiscoveryReport.objects.exists()

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"place_code": "", "county": "", "latitude": "28.02", "longitude": ""}, "Give the longitude too"),
            ({"place_code": "", "county": ""}, "Say where"),
            ({"place_code": "33030200"}, "9 digits"),
            ({"place_code": "330303001001"}, "does not lie in the county"),
            ({"place_code": "330302006099"}, "No township or village has this code"),
            ({"reporter_contact": "12345"}, "Enter a mobile number"),
        ],
    )
    def test_a_place_or_phone_that_cannot_be_used_is_explained(self, client, world, overrides, message):
        response = client.post("/en/report/", form_data(world, what_was_seen="桥下有人露宿", **overrides))

        assert response.status_code == 400
        assert message in response.content.decode()
        assert "桥下有人露宿" in response.content.decode()
        assert not DiscoveryReport.objects.exists()

    def test_a_point_alone_is_enough(self, client, world):
        response = client.post(
            "/report/", form_data(world, county="", place_code="", latitude="28.029", longitude="120.679")
        )

        assert response.status_code == 302
        assert DiscoveryReport.objects.get().routed_station == world["b"]

    def test_the_thanks_page_without_a_report_sends_back_to_the_form(self, client, world):
        response = client.get("/report/thanks/")

        assert response.status_code == 302 and response["Location"] == "/report/"


# --- Staff pages -----------------------------------------------------------------------------------


def sign_in(client, world, role: str):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return user


READ = {"coordinator_a": 200, "lead_a": 200, "city_administrator": 200}
HIDDEN = {"no_role": 404, "coordinator_b": 404}
TRIAGED = {"coordinator_a": 302, "lead_a": 302, "city_administrator": 302}

MATRIX = [
    ("get", "staff:report_queue", False, None, {**READ, "no_role": 403, "coordinator_b": 200}),
    ("get", "staff:report_staff_create", False, None, {**READ, "no_role": 403, "coordinator_b": 200}),
    ("get", "staff:report_detail", True, None, {**READ, **HIDDEN}),
    ("post", "staff:report_triage_not_a_case", True, {"nac-reason": "已享受低保"}, {**TRIAGED, **HIDDEN}),
    ("post", "staff:report_triage_duplicate", True, {"dup-reference": "RPNOSUCH01"}, {**READ, **HIDDEN}),
    (
        "post",
        "staff:report_reroute",
        True,
        lambda world: {"route-to_station": world["b"].pk, "route-reason": "住在墨池社区"},
        {**TRIAGED, **HIDDEN},
    ),
]
ROLES = ["anonymous", "no_role", "coordinator_a", "lead_a", "coordinator_b", "city_administrator"]


class ReportStaffPermissionTests:
    @pytest.mark.parametrize("role", ROLES)
    @pytest.mark.parametrize(("method", "name", "with_report", "data", "expected"), MATRIX)
    def test_permission_matrix(self, client, world, role, method, name, with_report, data, expected):
        report = submit(world)
        sign_in(client, world, role)
        url = english(name, **({"report_id": report.pk} if with_report else {}))
        data = data(world) if callable(data) else data

        response = getattr(client, method)(url, data or {})

        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            # The duplicate form with an unknown reference comes back with the error: 400 for those who may triage.
            status = expected[role]
            if name == "staff:report_triage_duplicate" and status == 200:
                status = 400
            assert response.status_code == status
        report.refresh_from_db()
        if role not in TRIAGED or name != "staff:report_triage_not_a_case":
            assert report.status == "new"
        if role not in TRIAGED or name != "staff:report_reroute":
            assert report.routed_station == world["a"] and not report.reroutes.exists()

    def test_a_coordinator_of_b_changes_nothing_on_as_report(self, client, world):
        report = submit(world)
        sign_in(client, world, "coordinator_b")

        for name, data in [
            ("staff:report_triage_not_a_case", {"nac-reason": "误会"}),
            ("staff:report_triage_verified", {"ver-mode": "existing", "ver-household_reference": "HHXXXXXXXX"}),
            ("staff:report_triage_duplicate", {"dup-reference": report.reference}),
            ("staff:report_reroute", {"route-to_station": world["b"].pk, "route-reason": "抢过来"}),
        ]:
            assert client.post(english(name, report_id=report.pk), data).status_code == 404
        report.refresh_from_db()
        assert report.status == "new" and report.outcome == ""
        assert report.routed_station == world["a"] and not report.reroutes.exists()
        assert not Notification.objects.exists()


def report_links(response) -> int:
    """Return how many reports a queue page links to (the one other link under /staff/reports/ is the entry form)."""
    assert response.status_code == 200
    return response.content.decode().count('href="/en/staff/reports/') - 1


class ReportStaffPagesTests:
    def test_the_queue_marks_overdue_reports_and_heads_with_them(self, client, world):
        overdue = submit(world, now=NOW - timedelta(days=400))
        fresh = submit(world, now=datetime.now(tz=SHANGHAI))
        sign_in(client, world, "coordinator_a")

        html = client.get(english("staff:report_queue")).content.decode()

        assert html.index(overdue.reference) < html.index(fresh.reference)
        assert html.count("badge-warn") == 1
        assert "1 report is past its response deadline." in html

    def test_the_queue_takes_as_many_queries_for_30_reports_as_for_2(self, client, world):
        sign_in(client, world, "coordinator_a")
        url = english("staff:report_queue")
        for _ in range(2):
            submit(world)
        client.get(url)  # The first page of a site creates its settings row.
        with CaptureQueriesContext(connection) as two:
            assert report_links(client.get(url)) == 2
        for _ in range(28):
            submit(world, village="330302")
        with CaptureQueriesContext(connection) as thirty:
            assert report_links(client.get(url)) == 25
        with CaptureQueriesContext(connection) as second_page:
            assert report_links(client.get(url, {"page": 2})) == 5
        assert len(thirty) == len(two) == len(second_page), [query["sql"] for query in thirty.captured_queries]

    def test_the_queue_is_paginated_with_the_overdue_first(self, client, world):
        now = datetime.now(tz=SHANGHAI)
        fresh = [submit(world, now=now - timedelta(minutes=minutes)) for minutes in range(26)]
        overdue = submit(world, now=now - timedelta(days=3))
        sign_in(client, world, "coordinator_a")
        url = english("staff:report_queue")

        first = client.get(url).content.decode()
        second = client.get(url, {"page": 2}).content.decode()

        assert first.index(overdue.reference) < first.index(fresh[-1].reference)
        assert "27 new reports" in first and "Page 1 of 2" in first and "page=2" in first
        assert "1 report is past its response deadline." in second  # counted over the whole queue
        assert overdue.reference not in second
        # The newest report has the latest deadline: last of all, on the second page.
        assert fresh[0].reference in second and fresh[0].reference not in first
        assert "Page 2 of 2" in client.get(url, {"page": 99}).content.decode()

    def test_staff_enter_a_hotline_report(self, client, world):
        user = sign_in(client, world, "coordinator_a")

        response = client.post(
            english("staff:report_staff_create"),
            {**form_data(world, reporter_contact=PHONE), "channel": DiscoveryReport.Channel.HOTLINE},
        )

        report = DiscoveryReport.objects.get()
        assert response.status_code == 302 and response["Location"] == english(
            "staff:report_detail", report_id=report.pk
        )
        assert (report.channel, report.entered_by, report.routed_station) == ("hotline", user, world["a"])

    def test_a_staff_entry_error_keeps_the_input(self, client, world):
        sign_in(client, world, "coordinator_a")

        response = client.post(
            english("staff:report_staff_create"), {**form_data(world, county="", place_code=""), "channel": "hotline"}
        )

        assert response.status_code == 400
        assert SEEN in response.content.decode()
        assert not DiscoveryReport.objects.exists()

    def test_the_detail_masks_the_reporters_phone_and_shows_the_suggestions(self, client, world):
        earlier = submit(world, what_was_seen=SIMILAR, now=NOW - timedelta(days=1))
        report = submit(world, reporter_contact=PHONE)
        sign_in(client, world, "coordinator_a")

        html = client.get(english("staff:report_detail", report_id=report.pk)).content.decode()

        assert PHONE not in html and "138****5678" in html
        assert earlier.reference in html
        assert 'id="verified-form"' in html

    def test_a_duplicate_chosen_from_the_suggestions(self, client, world):
        earlier = submit(world, what_was_seen=SIMILAR, now=NOW - timedelta(days=1))
        report = submit(world)
        sign_in(client, world, "coordinator_a")

        response = client.post(
            english("staff:report_triage_duplicate", report_id=report.pk), {"dup-suggestion": earlier.reference}
        )

        assert response.status_code == 302
        report.refresh_from_db()
        assert report.duplicate_of == earlier

    def test_verified_with_a_new_household_lands_on_the_household_page(self, client, world):
        report = submit(world)
        sign_in(client, world, "coordinator_a")
        data = {
            "ver-mode": "new",
            "ver-village": str(world["regions"]["330302006044"].pk),
            "ver-address_detail": "鼓楼街3号",
            "ver-phone": "",
            "head-name": "王阿婆",
            "head-sex": "female",
            "head-birth_date": "1940-02-01",
            "head-id_number": "",
            "head-health": "chronic",
            "head-health_notes": "",
            "head-disability_grade": "0",
            "head-schooling": "n/a",
            "head-work": "retired",
        }

        refused = client.post(english("staff:report_triage_verified", report_id=report.pk), {**data, "head-name": ""})
        assert refused.status_code == 400
        assert "鼓楼街3号" in refused.content.decode()
        assert not Household.objects.exists()

        response = client.post(english("staff:report_triage_verified", report_id=report.pk), data)

        household = Household.objects.get()
        assert response.status_code == 302
        assert response["Location"] == english("staff:household_detail", household_id=household.pk)
        report.refresh_from_db()
        assert report.household == household and report.triaged_by == world["users"]["coordinator_a"]

    def test_triaging_twice_through_the_pages_is_refused(self, client, world):
        report = submit(world)
        sign_in(client, world, "coordinator_a")
        url = english("staff:report_triage_not_a_case", report_id=report.pk)
        assert client.post(url, {"nac-reason": "已享受低保"}).status_code == 302

        response = client.post(url, {"nac-reason": "再次"})

        assert response.status_code == 400
        assert "already triaged" in response.content.decode()
        report.refresh_from_db()
        assert report.not_a_case_reason == "已享受低保"


class ReportReroutePagesTests:
    def test_staff_re_route_from_the_report_page_and_the_new_station_reads_the_history(self, client, world):
        report = submit(world)
        sign_in(client, world, "coordinator_a")
        detail = english("staff:report_detail", report_id=report.pk)
        assert 'id="reroute-form"' in client.get(detail).content.decode()

        response = client.post(
            english("staff:report_reroute", report_id=report.pk),
            {"route-to_station": world["b"].pk, "route-reason": "住在墨池社区"},
            follow=True,
        )

        # Station A's coordinator no longer sees the report: back to the queue, with the news.
        assert response.redirect_chain[-1][0] == english("staff:report_queue")
        assert f"Report {report.reference} re-routed to 墨池爱心驿站" in response.content.decode()
        assert client.get(detail).status_code == 404
        sign_in(client, world, "coordinator_b")
        html = client.get(detail).content.decode()
        assert 'id="reroutes"' in html
        assert "鼓楼爱心驿站 → 墨池爱心驿站" in html and "住在墨池社区" in html
        assert "re-routed by staff" in html

    def test_a_city_administrator_stays_on_the_report_page(self, client, world):
        report = submit(world)
        sign_in(client, world, "city_administrator")

        response = client.post(
            english("staff:report_reroute", report_id=report.pk),
            {"route-to_station": world["b"].pk, "route-reason": "墨池社区"},
        )

        assert response.status_code == 302
        assert response["Location"] == english("staff:report_detail", report_id=report.pk)

    def test_an_empty_reason_is_refused_and_the_choice_kept(self, client, world):
        report = submit(world)
        sign_in(client, world, "coordinator_a")

        response = client.post(
            english("staff:report_reroute", report_id=report.pk),
            {"route-to_station": world["b"].pk, "route-reason": "   "},
        )

        html = response.content.decode()
        assert response.status_code == 400
        assert "This field is required." in html
        assert f'<option value="{world["b"].pk}" selected>' in html
        assert "<details open>" in html
        nothing_rerouted(report, world["a"])

    @pytest.mark.parametrize("status", [LoveStation.Status.CLOSED, LoveStation.Status.PROPOSED])
    def test_a_station_that_is_not_active_is_refused_with_the_reason_kept(self, client, world, status):
        station = StationFactory(name="新桥爱心驿站", status=status)
        station_member_create(station, role=StationMembership.Role.LEAD)
        report = submit(world)
        sign_in(client, world, "coordinator_a")

        html = client.get(english("staff:report_detail", report_id=report.pk)).content.decode()
        assert "墨池爱心驿站" in html and "新桥爱心驿站" not in html  # only active stations are offered
        response = client.post(
            english("staff:report_reroute", report_id=report.pk),
            {"route-to_station": station.pk, "route-reason": "更近的驿站"},
        )

        html = response.content.decode()
        assert response.status_code == 400
        assert "reports go only to stations that are open" in html
        assert "更近的驿站" in html
        nothing_rerouted(report, world["a"])

    def test_a_triaged_report_is_refused_above_the_outcome(self, client, world):
        report = submit(world)
        reports.report_triage_not_a_case(report=report, reason="已享受低保", by=world["users"]["lead_a"])
        sign_in(client, world, "coordinator_a")

        html = client.get(english("staff:report_detail", report_id=report.pk)).content.decode()
        assert 'id="reroute-form"' not in html
        response = client.post(
            english("staff:report_reroute", report_id=report.pk),
            {"route-to_station": world["b"].pk, "route-reason": "更近"},
        )

        html = response.content.decode()
        assert response.status_code == 400
        assert 'id="triage-refused"' in html and "can no longer be re-routed" in html
        report.refresh_from_db()
        assert report.routed_station == world["a"] and not report.reroutes.exists()

    def test_stations_are_offered_nearest_first_when_the_report_has_a_point(self, client, world):
        far = StationFactory(name="远处爱心驿站", latitude=Decimal("28.300000"), longitude=Decimal("120.900000"))
        report = submit(world, village=None, latitude=Decimal("28.016"), longitude=Decimal("120.655"))
        sign_in(client, world, "coordinator_a")

        html = client.get(english("staff:report_detail", report_id=report.pk)).content.decode()

        assert html.index("墨池爱心驿站 (墨池社区, 2.9 km)") < html.index(far.name)


class UnroutedReportPagesTests:
    def test_the_city_administrators_queue_shows_it_and_filters_to_it_across_pages(self, client, world):
        routed = submit(world)
        unrouted = [submit(world, village="330303001001") for _ in range(26)]
        sign_in(client, world, "city_administrator")
        url = english("staff:report_queue")

        html = client.get(url).content.decode()
        assert "26 reports are not routed to any station" in html and 'id="report-queue-filter"' in html
        assert "no active station" in html
        first = client.get(url, {"show": "unrouted"})
        assert report_links(first) == 25
        assert routed.reference not in first.content.decode()
        assert "show=unrouted&amp;page=2" in first.content.decode()
        second = client.get(url, {"show": "unrouted", "page": 2})
        assert report_links(second) == 1
        assert unrouted[-1].reference in second.content.decode()
        assert "show=unrouted&amp;page=1" in second.content.decode()

    def test_station_staff_see_neither_the_report_nor_the_filter(self, client, world):
        submit(world)
        unrouted = submit(world, village="330303001001")
        sign_in(client, world, "coordinator_a")

        html = client.get(english("staff:report_queue")).content.decode()

        assert unrouted.reference not in html
        assert 'id="report-queue-filter"' not in html and 'id="unrouted-summary"' not in html
        assert client.get(english("staff:report_detail", report_id=unrouted.pk)).status_code == 404

    def test_verified_is_refused_with_a_clear_message_until_the_city_routes_it(self, client, world):
        report = submit(world, village="330303001001")
        sign_in(client, world, "city_administrator")
        detail = english("staff:report_detail", report_id=report.pk)

        html = client.get(detail).content.decode()
        assert 'id="verified-form"' not in html and 'id="verified-needs-station"' in html
        assert "Route to a station" in html and 'id="reroute-form"' in html
        response = client.post(
            english("staff:report_triage_verified", report_id=report.pk),
            {"ver-mode": "new", "ver-village": str(world["regions"]["330303001001"].pk), "head-name": "王阿婆"},
        )

        assert response.status_code == 400
        assert "route it to a station first" in response.content.decode()
        assert not Household.objects.exists()
        report.refresh_from_db()
        assert report.status == "new"

        response = client.post(
            english("staff:report_reroute", report_id=report.pk),
            {"route-to_station": world["a"].pk, "route-reason": "龙湾区尚无驿站"},
        )
        assert response.status_code == 302
        html = client.get(detail).content.decode()
        assert 'id="verified-form"' in html
        assert "no station → 鼓楼爱心驿站" in html
