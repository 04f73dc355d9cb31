"""Visit rounds for watched groups, the overdue scan and its notifications."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Notification
from common.errors import ApplicationError
from stations import services
from stations.discovery_services import report_submit
from stations.models import DiscoveryReport, HouseholdMember, StationMembership, WatchedGroup
from tests.factories import (
    StationFactory,
    city_administrator_create,
    region_tree,
    station_member_create,
    totp_enable,
)

TODAY = timezone.localdate()


def household_at(station, coordinator):
    return services.household_create(
        station=station,
        region=region_tree()["330302006044"],
        members=[
            services.MemberInput(
                name="陈阿公",
                relation=HouseholdMember.Relation.HEAD,
                sex=HouseholdMember.Sex.MALE,
                birth_date=date(1939, 2, 2),
            )
        ],
        created_by=coordinator,
    )


@pytest.fixture
def world(db):
    station = StationFactory()
    lead = station_member_create(station, role=StationMembership.Role.LEAD)
    coordinator = station_member_create(station)
    household = household_at(station, coordinator)
    return {"station": station, "lead": lead, "coordinator": coordinator, "household": household}


@pytest.mark.django_db
class VisitRoundTests:
    def test_joining_a_watched_group_plans_a_first_visit_within_a_week(self, world):
        household = world["household"]
        assert not household.visits.exists()
        services.household_watched_groups_set(
            household=household, groups={WatchedGroup.SOLITARY_ELDERLY}, since=TODAY, changed_by=world["coordinator"]
        )
        visit = household.visits.get()
        assert visit.due_on == TODAY + timedelta(days=7)

    def test_recording_a_visit_plans_the_next_one_a_month_later(self, world):
        household = world["household"]
        services.household_watched_groups_set(
            household=household, groups={WatchedGroup.SOLITARY_ELDERLY}, since=TODAY, changed_by=world["coordinator"]
        )
        visit = household.visits.get()
        services.visit_record(visit=visit, done_on=TODAY, notes="老人精神好，缺冬衣", visited_by=world["coordinator"])
        planned = household.visits.get(done_on__isnull=True)
        assert planned.due_on == TODAY + timedelta(days=30)
        with connection.cursor() as cursor:
            cursor.execute("SELECT notes FROM stations_visit WHERE id = %s", [visit.pk])
            assert "冬衣" not in cursor.fetchone()[0]

        with pytest.raises(ApplicationError):
            services.visit_record(visit=visit, done_on=TODAY, notes="again", visited_by=world["coordinator"])
        with pytest.raises(ApplicationError):
            services.visit_record(
                visit=planned, done_on=TODAY + timedelta(days=1), notes="未来", visited_by=world["coordinator"]
            )

    def test_leaving_every_watched_group_cancels_the_planned_visit(self, world):
        household = world["household"]
        services.household_watched_groups_set(
            household=household, groups={WatchedGroup.ORPHAN}, since=TODAY, changed_by=world["coordinator"]
        )
        services.household_watched_groups_set(household=household, groups=set(), since=TODAY, changed_by=world["lead"])
        assert not household.visits.exists()

    def test_another_stations_coordinator_cannot_record(self, world, client):
        household = world["household"]
        services.household_watched_groups_set(
            household=household, groups={WatchedGroup.ORPHAN}, since=TODAY, changed_by=world["coordinator"]
        )
        visit = household.visits.get()
        outsider = station_member_create(StationFactory(name="别处驿站"))
        totp_enable(outsider)
        client.force_login(outsider)
        url = reverse("staff:visit_record", kwargs={"visit_id": visit.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, {"done_on": TODAY.isoformat(), "notes": "x"}).status_code == 404
        visit.refresh_from_db()
        assert visit.done_on is None

    def test_the_form_records_a_visit_and_keeps_input_on_errors(self, world, client):
        household = world["household"]
        services.household_watched_groups_set(
            household=household, groups={WatchedGroup.ORPHAN}, since=TODAY, changed_by=world["coordinator"]
        )
        visit = household.visits.get()
        totp_enable(world["coordinator"])
        client.force_login(world["coordinator"])
        with translation.override("en"):
            url = reverse("staff:visit_record", kwargs={"visit_id": visit.pk})
        future = (TODAY + timedelta(days=3)).isoformat()
        response = client.post(url, {"done_on": future, "notes": "孩子学习用品不足"})
        assert response.status_code == 400
        assert "recorded after it took place" in response.content.decode()
        assert "孩子学习用品不足" in response.content.decode()
        response = client.post(url, {"done_on": TODAY.isoformat(), "notes": "孩子学习用品不足"})
        assert response.status_code == 302
        assert client.get(reverse("staff:visit_list")).status_code == 200


@pytest.mark.django_db
class OverdueScanTests:
    def _overdue_report(self, world, *, hours_ago: int = 30) -> DiscoveryReport:
        return report_submit(
            what_was_seen="路边有位老人独自生活，屋顶漏雨",
            reporter_kind="public",
            channel="web",
            region=region_tree()["330302006044"],
            now=timezone.now() - timedelta(hours=hours_ago),
        )

    def test_station_staff_are_told_once_by_notification_and_email(
        self, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        report = self._overdue_report(world)
        services.household_watched_groups_set(
            household=world["household"],
            groups={WatchedGroup.SOLITARY_ELDERLY},
            since=TODAY - timedelta(days=20),
            changed_by=world["coordinator"],
        )
        with django_capture_on_commit_callbacks(execute=True):
            result = services.overdue_scan()
        assert (result.reports, result.visits, result.needs) == (1, 1, 0)
        for person in (world["lead"], world["coordinator"]):
            subjects = set(Notification.objects.filter(user=person).values_list("subject", flat=True))
            assert len(subjects) == 2
        assert len(mailoutbox) == 4
        assert {message.to[0] for message in mailoutbox} == {world["lead"].email, world["coordinator"].email}
        report.refresh_from_db()
        assert report.overdue_notified_at is not None

        with django_capture_on_commit_callbacks(execute=True):
            again = services.overdue_scan()
        assert (again.reports, again.visits, again.needs) == (0, 0, 0)
        assert Notification.objects.count() == 4
        assert len(mailoutbox) == 4

    def test_nothing_is_overdue_before_its_deadline(self, world):
        self._overdue_report(world, hours_ago=1)
        services.household_watched_groups_set(
            household=world["household"], groups={WatchedGroup.ORPHAN}, since=TODAY, changed_by=world["coordinator"]
        )
        result = services.overdue_scan()
        assert (result.reports, result.visits) == (0, 0)
        assert not Notification.objects.exists()

    def test_a_report_no_station_serves_goes_to_the_city_administrators(self, world):
        admin = city_administrator_create()
        report = self._overdue_report(world)
        DiscoveryReport.objects.filter(pk=report.pk).update(routed_station=None)
        services.overdue_scan()
        assert Notification.objects.filter(user=admin).count() == 1

    def test_overdue_items_head_the_workbench(self, world, client):
        self._overdue_report(world)
        totp_enable(world["coordinator"])
        client.force_login(world["coordinator"])
        with translation.override("en"):
            body = client.get(reverse("staff:index")).content.decode()
        assert "Overdue" in body
        assert "a response was due by" in body


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
class OverdueScanConcurrencyTests:
    def test_two_scans_at_once_notify_once(self, world):
        report_submit(
            what_was_seen="桥下有人露宿",
            reporter_kind="public",
            channel="web",
            region=region_tree()["330302006044"],
            now=timezone.now() - timedelta(days=2),
        )
        barrier = threading.Barrier(2)
        errors = []

        def scan():
            try:
                barrier.wait(timeout=10)
                services.overdue_scan()
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=scan) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == []
        # Two people work at the station: each is told once, whichever scan got the row.
        assert Notification.objects.count() == 2


@pytest.mark.django_db
class NotificationPageTests:
    def test_the_list_shows_only_my_notifications_and_marks_them_read(self, world, client):
        from accounts.services import notification_send

        notification_send(user=world["coordinator"], subject="报告逾期提醒", url="/staff/")
        notification_send(user=world["lead"], subject="别人的提醒")
        client.force_login(world["coordinator"])
        page = client.get(reverse("accounts:notifications")).content.decode()
        assert "报告逾期提醒" in page and "别人的提醒" not in page
        assert 'class="badge badge-warn">1<' in client.get(reverse("accounts:home")).content.decode()
        assert client.post(reverse("accounts:notifications")).status_code == 302
        assert not Notification.objects.filter(user=world["coordinator"], read_at__isnull=True).exists()
        assert Notification.objects.filter(user=world["lead"], read_at__isnull=True).exists()
