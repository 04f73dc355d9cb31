"""The household workbench through its pages: who may see what, the access log, masking and the forms.

The views answer 404 for a household or station the user may not see (``household_get_for_user``,
``station_get_for_user``), so that ids leak nothing; the ranked list, which names no record,
answers 403 to a signed-in user who is neither station staff nor a city administrator.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.identity import id_number_check_character
from common.models import AccessLog, Region
from stations import services
from stations.models import (
    AssistanceRecord,
    Consent,
    ExpenditureShock,
    HelpCategory,
    Household,
    HouseholdMember,
    HouseholdWatchedGroup,
    IncomeStandard,
    Need,
    StationMembership,
    WatchedGroup,
)
from stations.need_services import need_close, need_create
from stations.services import MemberInput
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

TODAY = timezone.localdate()
PHONE = "13812345678"
ADDRESS = "鼓楼街12号3幢201"
HEALTH_NOTES = "高血压，长期服药"


def id_number(birth: date, sequence: str = "123") -> str:
    body = f"330302{birth:%Y%m%d}{sequence}"
    return body + id_number_check_character(body)


def wrong_check_character(number: str) -> str:
    return number[:-1] + ("1" if number[-1] == "0" else "0")


GRANDMOTHER_BIRTH = date(1942, 3, 8)
GRANDMOTHER_ID = id_number(GRANDMOTHER_BIRTH, "124")


def grandmother(**overrides) -> MemberInput:
    values = {
        "name": "张秀兰",
        "relation": HouseholdMember.Relation.HEAD,
        "sex": HouseholdMember.Sex.FEMALE,
        "birth_date": GRANDMOTHER_BIRTH,
        "id_number": GRANDMOTHER_ID,
        "health": HouseholdMember.Health.CHRONIC,
        "health_notes": HEALTH_NOTES,
        "work": HouseholdMember.Work.RETIRED,
    }
    return MemberInput(**{**values, **overrides})


@pytest.fixture
def world():
    regions = region_tree()
    station_a = StationFactory(name="鼓楼爱心驿站")
    station_b = StationFactory(name="墨池爱心驿站", region=regions["330302006045"])
    IncomeStandard.objects.create(
        county=regions["330302"], monthly_amount=Decimal("1100"), valid_from=TODAY - timedelta(days=300)
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
    household = services.household_create(
        station=station_a,
        region=regions["330302006044"],
        members=[grandmother()],
        created_by=users["coordinator_a"],
        phone=PHONE,
        address_detail=ADDRESS,
        monthly_income_per_person=Decimal("900"),
        income_assessed_on=TODAY,
    )
    consent = services.consent_record(
        household=household,
        scope=Consent.Scope.PROCESSING,
        version="2024-1",
        given_by=household.members.get(),
        given_as=Consent.GivenAs.SELF,
        given_on=TODAY - timedelta(days=10),
        recorded_by=users["coordinator_a"],
    )
    return {
        "regions": regions,
        "a": station_a,
        "b": station_b,
        "users": users,
        "household": household,
        "consent": consent,
    }


def sign_in(client, world, role: str):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return user


def help_data(**overrides) -> dict:
    values = {
        "help-source": AssistanceRecord.Source.STATION_GOODS,
        "help-source_detail": "鼓楼爱心驿站",
        "help-category": HelpCategory.WINTER_SUPPLIES,
        "help-description": "棉被两床",
        "help-value": "300",
        "help-quantity": "2",
        "help-given_on": TODAY.isoformat(),
    }
    return {**values, **overrides}


def create_data(world, **overrides) -> dict:
    values = {
        "village": str(world["regions"]["330302006044"].pk),
        "address_detail": "鼓楼街8号",
        "phone": "13900001111",
        "monthly_income_per_person": "1000",
        "income_assessed_on": TODAY.isoformat(),
        "housing": Household.Housing.POOR,
        "official_assistance": Household.OfficialAssistance.NONE,
        "head-name": "李建国",
        "head-sex": HouseholdMember.Sex.MALE,
        "head-birth_date": "1950-06-01",
        "head-id_number": id_number(date(1950, 6, 1), "131"),
        "head-health": HouseholdMember.Health.SERIOUS,
        "head-health_notes": "",
        "head-disability_grade": "0",
        "head-schooling": HouseholdMember.Schooling.NOT_APPLICABLE,
        "head-work": HouseholdMember.Work.UNABLE,
    }
    return {**values, **overrides}


# --- Permission matrix ------------------------------------------------------------------------------

ALLOWED_READ = {"coordinator_a": 200, "lead_a": 200, "city_administrator": 200}
HIDDEN = {"no_role": 404, "coordinator_b": 404}
ALLOWED_WRITE = {"coordinator_a": 302, "lead_a": 302, "city_administrator": 302}

# (method, url name, kwargs builder, data builder, expected status per role)
MATRIX = [
    ("get", "staff:household_list", lambda w: {}, None, {**ALLOWED_READ, "no_role": 403, "coordinator_b": 200}),
    ("get", "staff:household_detail", lambda w: {"household_id": w["household"].pk}, None, {**ALLOWED_READ, **HIDDEN}),
    (
        "post",
        "staff:household_unmask",
        lambda w: {"household_id": w["household"].pk},
        lambda w: {"reason": "入户核实前核对电话"},
        {**ALLOWED_READ, **HIDDEN},
    ),
    ("get", "staff:household_create", lambda w: {"station_id": w["a"].pk}, None, {**ALLOWED_READ, **HIDDEN}),
    (
        "post",
        "staff:household_create",
        lambda w: {"station_id": w["a"].pk},
        lambda w: create_data(w, **{"head-id_number": ""}),
        {**ALLOWED_WRITE, **HIDDEN},
    ),
    (
        "post",
        "staff:household_member_add",
        lambda w: {"household_id": w["household"].pk},
        lambda w: {
            "member-name": "王小明",
            "member-relation": HouseholdMember.Relation.GRANDCHILD,
            "member-sex": HouseholdMember.Sex.MALE,
            "member-birth_date": "2015-09-01",
            "member-health": HouseholdMember.Health.HEALTHY,
            "member-disability_grade": "0",
            "member-schooling": HouseholdMember.Schooling.PRIMARY,
            "member-work": HouseholdMember.Work.CHILD,
        },
        {**ALLOWED_WRITE, **HIDDEN},
    ),
    (
        "post",
        "staff:household_shock_add",
        lambda w: {"household_id": w["household"].pk},
        lambda w: {"shock-kind": "medical", "shock-amount": "8000", "shock-occurred_on": TODAY.isoformat()},
        {**ALLOWED_WRITE, **HIDDEN},
    ),
    (
        "post",
        "staff:household_watched_groups_set",
        lambda w: {"household_id": w["household"].pk},
        lambda w: {"groups-groups": [WatchedGroup.SOLITARY_ELDERLY]},
        {**ALLOWED_WRITE, **HIDDEN},
    ),
    (
        "post",
        "staff:household_consent_record",
        lambda w: {"household_id": w["household"].pk},
        lambda w: {
            "consent-scope": Consent.Scope.SENSITIVE,
            "consent-version": "2024-1",
            "consent-given_by": str(w["household"].members.get().pk),
            "consent-given_as": Consent.GivenAs.SELF,
            "consent-given_on": TODAY.isoformat(),
        },
        {**ALLOWED_WRITE, **HIDDEN},
    ),
    (
        "post",
        "staff:household_consent_withdraw",
        lambda w: {"household_id": w["household"].pk, "consent_id": w["consent"].pk},
        lambda w: {"withdraw-withdrawn_on": TODAY.isoformat()},
        {**ALLOWED_WRITE, **HIDDEN},
    ),
    (
        "post",
        "staff:household_assistance_record",
        lambda w: {"household_id": w["household"].pk},
        lambda w: help_data(),
        {**ALLOWED_WRITE, **HIDDEN},
    ),
]
ROLES = ["anonymous", "no_role", "coordinator_a", "lead_a", "coordinator_b", "city_administrator"]
CASES = [
    pytest.param(method, name, kwargs, data, role, expected.get(role), id=f"{method}-{name}-{role}")
    for method, name, kwargs, data, expected in MATRIX
    for role in ROLES
]


class HouseholdPermissionMatrixTests:
    @pytest.mark.parametrize(("method", "name", "kwargs", "data", "role", "expected"), CASES)
    def test_each_role_gets_what_it_may(self, client, world, method, name, kwargs, data, role, expected):
        sign_in(client, world, role)
        url = reverse(name, kwargs=kwargs(world))
        payload = data(world) if data else None
        response = client.post(url, payload) if method == "post" else client.get(url)
        if role == "anonymous":
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == expected, response.content.decode()[:2000]

    def test_coordinator_b_does_not_see_a_s_households_in_the_list(self, client, world):
        sign_in(client, world, "coordinator_b")
        response = client.get(reverse("staff:household_list"))
        assert world["household"].reference not in response.content.decode()

    def test_a_refused_change_writes_nothing(self, client, world):
        sign_in(client, world, "coordinator_b")
        client.post(
            reverse("staff:household_assistance_record", kwargs={"household_id": world["household"].pk}), help_data()
        )
        assert not AssistanceRecord.objects.exists()


# --- The household's page: access log and masking --------------------------------------------------


def access_rows(record, action):
    return AccessLog.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk), action=action
    )


class HouseholdDetailViewTests:
    def test_every_look_is_logged_and_the_page_is_masked(self, client, world):
        user = sign_in(client, world, "coordinator_a")
        household = world["household"]
        url = english("staff:household_detail", household_id=household.pk)
        client.get(url)
        response = client.get(url)
        body = response.content.decode()
        views = access_rows(household, AccessLog.Action.VIEW)
        assert views.count() == 2
        assert set(views.values_list("user", flat=True)) == {user.pk}
        assert response.status_code == 200
        assert PHONE not in body and "138****5678" in body
        assert ADDRESS not in body and "***" in body
        assert GRANDMOTHER_ID not in body and "3303**********" in body
        assert "张秀兰" not in body and "张**" in body
        assert HEALTH_NOTES not in body
        assert "chronic illness" in body
        assert "Income circle: below the dibao standard (低保) —" in body
        assert "of 100 points" in body
        assert "2024-1" in body  # the consent's version

    def test_showing_full_details_needs_a_reason(self, client, world):
        sign_in(client, world, "coordinator_a")
        household = world["household"]
        response = client.post(english("staff:household_unmask", household_id=household.pk), {"reason": ""})
        body = response.content.decode()
        assert response.status_code == 400
        assert "This field is required" in body
        assert PHONE not in body and GRANDMOTHER_ID not in body
        assert not AccessLog.objects.filter(action=AccessLog.Action.UNMASK).exists()

    def test_full_details_are_shown_once_and_logged_per_record(self, client, world):
        user = sign_in(client, world, "coordinator_a")
        household = world["household"]
        member = household.members.get()
        response = client.post(
            english("staff:household_unmask", household_id=household.pk), {"reason": "核对电话以安排入户"}
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert PHONE in body and ADDRESS in body and GRANDMOTHER_ID in body and HEALTH_NOTES in body
        household_row = access_rows(household, AccessLog.Action.UNMASK).get()
        assert household_row.fields == ["address_detail", "phone"]
        assert household_row.reason == "核对电话以安排入户"
        assert household_row.user == user
        member_row = access_rows(member, AccessLog.Action.UNMASK).get()
        assert member_row.fields == ["health_notes", "id_number"]

        # No session flag: the next look is masked again.
        body = client.get(english("staff:household_detail", household_id=household.pk)).content.decode()
        assert PHONE not in body and GRANDMOTHER_ID not in body and HEALTH_NOTES not in body


# --- Recording a household -------------------------------------------------------------------------


class HouseholdCreateViewTests:
    def test_a_coordinator_records_a_household_and_its_head(self, client, world):
        sign_in(client, world, "coordinator_a")
        response = client.post(
            reverse("staff:household_create", kwargs={"station_id": world["a"].pk}), create_data(world)
        )
        household = Household.objects.exclude(pk=world["household"].pk).get()
        assert response.status_code == 302
        assert response["Location"] == reverse("staff:household_detail", kwargs={"household_id": household.pk})
        head = household.members.get()
        assert head.relation == HouseholdMember.Relation.HEAD and head.name == "李建国"
        assert household.phone == "13900001111"
        assert household.hardship_score > 0

    def test_the_village_is_one_of_the_station_s_township(self, client, world):
        sign_in(client, world, "coordinator_a")
        body = client.get(english("staff:household_create", station_id=world["a"].pk)).content.decode()
        assert "鼓楼社区 (330302006044)" in body and "墨池社区 (330302006045)" in body
        elsewhere = Region.objects.create(
            edition="2022",
            code="330302007001",
            name="别处村委会",
            short_name="别处村",
            level=Region.Level.VILLAGE,
            parent=Region.objects.create(
                edition="2022",
                code="330302007",
                name="别处街道",
                short_name="别处街道",
                level=Region.Level.TOWNSHIP,
                parent=world["regions"]["330302"],
            ),
        )
        response = client.post(
            english("staff:household_create", station_id=world["a"].pk), create_data(world, village=str(elsewhere.pk))
        )
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            (
                {"head-id_number": wrong_check_character(id_number(date(1950, 6, 1), "131"))},
                "The last character does not",
            ),
            ({"head-birth_date": "1950-06-02"}, "the date of birth differs from the one in the identity number"),
            ({"phone": "12345"}, "Enter a mobile number"),
            ({"head-id_number": id_number(date(1950, 6, 1), "132")}, "the sex differs from the identity number"),
        ],
    )
    def test_bad_input_is_explained_and_kept(self, client, world, overrides, message):
        sign_in(client, world, "coordinator_a")
        data = create_data(world, **overrides)
        response = client.post(english("staff:household_create", station_id=world["a"].pk), data)
        body = response.content.decode()
        assert response.status_code == 400
        assert message in body
        assert 'value="鼓楼街8号"' in body and 'value="李建国"' in body  # what was typed is still there
        assert Household.objects.count() == 1


# --- The small forms ------------------------------------------------------------------------------


class HouseholdFormsTests:
    def test_duplicate_help_asks_for_a_reason_and_keeps_the_input(self, client, world):
        sign_in(client, world, "coordinator_a")
        household = world["household"]
        url = english("staff:household_assistance_record", household_id=household.pk)
        assert client.post(url, help_data()).status_code == 302

        response = client.post(url, help_data(**{"help-description": "羽绒服一件", "help-value": "200"}))
        body = response.content.decode()
        assert response.status_code == 400
        assert "already received" in body
        assert 'name="help-override_reason"' in body
        assert 'value="羽绒服一件"' in body
        assert "棉被两床" in body  # the earlier help is shown
        assert AssistanceRecord.objects.count() == 1

        response = client.post(
            url,
            help_data(
                **{
                    "help-description": "羽绒服一件",
                    "help-value": "200",
                    "help-override_reason": "上次是被子，这次是衣服",
                }
            ),
        )
        assert response.status_code == 302
        record = AssistanceRecord.objects.get(description="羽绒服一件")
        assert record.duplicate_warning_overridden
        assert record.override_reason == "上次是被子，这次是衣服"

    def test_a_blank_reason_is_asked_for_again(self, client, world):
        sign_in(client, world, "coordinator_a")
        url = english("staff:household_assistance_record", household_id=world["household"].pk)
        client.post(url, help_data())
        response = client.post(url, help_data(**{"help-override_reason": "  "}))
        assert response.status_code == 400
        assert "already received" in response.content.decode()
        assert AssistanceRecord.objects.count() == 1

    def test_a_child_cannot_consent_and_the_reason_is_shown(self, client, world):
        sign_in(client, world, "coordinator_a")
        household = world["household"]
        child = services.household_member_add(
            household=household,
            member=MemberInput(
                name="王小明",
                relation=HouseholdMember.Relation.GRANDCHILD,
                sex=HouseholdMember.Sex.MALE,
                birth_date=TODAY - timedelta(days=365 * 8),
                work=HouseholdMember.Work.CHILD,
            ),
            added_by=world["users"]["coordinator_a"],
        )
        response = client.post(
            english("staff:household_consent_record", household_id=household.pk),
            {
                "consent-scope": Consent.Scope.SENSITIVE,
                "consent-version": "2024-1",
                "consent-given_by": str(child.pk),
                "consent-given_as": Consent.GivenAs.SELF,
                "consent-given_on": TODAY.isoformat(),
            },
        )
        assert response.status_code == 400
        assert "is under 14" in response.content.decode()
        assert household.consents.count() == 1

    def test_a_member_of_another_household_cannot_give_consent(self, client, world):
        sign_in(client, world, "coordinator_a")
        other = services.household_create(
            station=world["a"],
            region=world["regions"]["330302006044"],
            members=[grandmother(name="赵桂芳", id_number="")],
            created_by=world["users"]["coordinator_a"],
        )
        response = client.post(
            english("staff:household_consent_record", household_id=world["household"].pk),
            {
                "consent-scope": Consent.Scope.SENSITIVE,
                "consent-version": "2024-1",
                "consent-given_by": str(other.members.get().pk),
                "consent-given_as": Consent.GivenAs.SELF,
                "consent-given_on": TODAY.isoformat(),
            },
        )
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()

    def test_withdrawing_before_the_consent_was_given_is_refused(self, client, world):
        sign_in(client, world, "coordinator_a")
        consent = world["consent"]
        response = client.post(
            english("staff:household_consent_withdraw", household_id=world["household"].pk, consent_id=consent.pk),
            {"withdraw-withdrawn_on": (consent.given_on - timedelta(days=1)).isoformat()},
        )
        assert response.status_code == 400
        assert "cannot be withdrawn before it was given" in response.content.decode()
        consent.refresh_from_db()
        assert consent.withdrawn_on is None

    def test_shocks_and_watched_groups_are_saved(self, client, world):
        sign_in(client, world, "coordinator_a")
        household = world["household"]
        score_before = household.hardship_score
        client.post(
            reverse("staff:household_shock_add", kwargs={"household_id": household.pk}),
            {"shock-kind": "medical", "shock-amount": "18000", "shock-occurred_on": TODAY.isoformat()},
        )
        client.post(
            reverse("staff:household_watched_groups_set", kwargs={"household_id": household.pk}),
            {"groups-groups": [WatchedGroup.SOLITARY_ELDERLY, WatchedGroup.SERIOUSLY_ILL]},
        )
        household.refresh_from_db()
        assert ExpenditureShock.objects.filter(household=household, amount=Decimal("18000")).exists()
        assert set(HouseholdWatchedGroup.objects.filter(household=household).values_list("group", flat=True)) == {
            WatchedGroup.SOLITARY_ELDERLY,
            WatchedGroup.SERIOUSLY_ILL,
        }
        assert household.hardship_score > score_before

    def test_a_zero_expense_is_explained(self, client, world):
        sign_in(client, world, "coordinator_a")
        response = client.post(
            english("staff:household_shock_add", household_id=world["household"].pk),
            {"shock-kind": "medical", "shock-amount": "0", "shock-occurred_on": TODAY.isoformat()},
        )
        assert response.status_code == 400
        assert "greater than or equal to 0.01" in response.content.decode()
        assert not ExpenditureShock.objects.exists()


# --- The ranked list ------------------------------------------------------------------------------


def household_add(world, *, name: str, income: str | None, **kwargs) -> Household:
    return services.household_create(
        station=world["a"],
        region=world["regions"]["330302006044"],
        members=[grandmother(name=name, id_number="")],
        created_by=world["users"]["coordinator_a"],
        monthly_income_per_person=Decimal(income) if income is not None else None,
        income_assessed_on=TODAY if income is not None else None,
        **kwargs,
    )


def need_add(world, household: Household, *, category: str = HelpCategory.MEDICAL, **kwargs) -> Need:
    coordinator = world["users"]["coordinator_a"]
    values = {
        "station": household.station,
        "household": household,
        "kind": Need.Kind.MONEY,
        "category": category,
        "title": "住院押金",
        "public_description": "老人住院需要押金。",
        "amount": Decimal("3000"),
        "responsible": coordinator,
        "created_by": coordinator,
    }
    return need_create(**{**values, **kwargs})


class HouseholdRankedListViewTests:
    @pytest.mark.parametrize("params", [{}, {"category": HelpCategory.MEDICAL}], ids=["all", "need-category"])
    def test_the_number_of_queries_does_not_grow_with_the_page(self, client, world, params):
        user = sign_in(client, world, "coordinator_a")
        url = reverse("staff:household_list")
        household_add(world, name="赵桂芳", income="1500")
        for household in Household.objects.all():
            services.household_watched_groups_set(
                household=household, groups={WatchedGroup.SOLITARY_ELDERLY}, since=TODAY, changed_by=user
            )
            need_add(world, household)
        client.get(url, params)  # warm up the session and the caches
        with CaptureQueriesContext(connection) as two:
            response = client.get(url, params)
        assert response.content.decode().count('href="/staff/households/') == 2
        for index in range(38):
            household = household_add(world, name=f"钱{index}", income=str(800 + index * 30))
            services.household_watched_groups_set(
                household=household, groups={WatchedGroup.EMPTY_NEST_ELDERLY}, since=TODAY, changed_by=user
            )
            need_add(world, household)
            need_add(
                world, household, category=HelpCategory.FOOD, kind=Need.Kind.GOODS, quantity=1, unit="袋", amount=None
            )
        with CaptureQueriesContext(connection) as forty:
            response = client.get(url, params)
        assert response.content.decode().count('href="/staff/households/') == 30  # one page
        assert len(forty) == len(two), [query["sql"] for query in forty.captured_queries]

    def test_hardest_first_with_masked_names_and_scores(self, client, world):
        sign_in(client, world, "coordinator_a")
        easier = household_add(world, name="孙美玲", income="5000")
        response = client.get(english("staff:household_list"))
        body = response.content.decode()
        hardest = world["household"]
        assert hardest.hardship_score > easier.hardship_score
        assert body.index(hardest.reference) < body.index(easier.reference)
        assert "孙**" in body and "孙美玲" not in body
        assert "鼓楼社区" in body
        assert f"<strong>{hardest.hardship_score}</strong>" in body
        assert "below the dibao standard" in body and "above the low-income line" in body

    def test_filters_narrow_the_list(self, client, world):
        user = sign_in(client, world, "city_administrator")
        dibao = world["household"]
        above = household_add(world, name="孙美玲", income="5000")
        services.household_watched_groups_set(
            household=above, groups={WatchedGroup.LEFT_BEHIND_CHILD}, since=TODAY, changed_by=user
        )
        county = Region.objects.create(
            edition="2022",
            code="330303",
            name="龙湾区",
            short_name="龙湾区",
            level=Region.Level.COUNTY,
            parent=world["regions"]["3303"],
        )
        township = Region.objects.create(
            edition="2022",
            code="330303001",
            name="永中街道",
            short_name="永中街道",
            level=Region.Level.TOWNSHIP,
            parent=county,
        )
        village = Region.objects.create(
            edition="2022",
            code="330303001001",
            name="永兴社区居委会",
            short_name="永兴社区",
            level=Region.Level.VILLAGE,
            parent=township,
        )
        station_c = StationFactory(name="永兴爱心驿站", region=village)
        longwan = services.household_create(
            station=station_c, region=village, members=[grandmother(name="周阿婆", id_number="")], created_by=user
        )
        url = english("staff:household_list")

        def listed(**params) -> set[str]:
            response = client.get(url, params)
            assert response.status_code == 200
            body = response.content.decode()
            return {h.reference for h in (dibao, above, longwan) if h.reference in body}

        assert listed() == {dibao.reference, above.reference, longwan.reference}
        assert listed(county="330303") == {longwan.reference}
        assert listed(income_circle="dibao") == {dibao.reference}
        assert listed(watched_group=WatchedGroup.LEFT_BEHIND_CHILD) == {above.reference}
        assert listed(score_min=dibao.hardship_score) == {
            h.reference for h in (dibao, above, longwan) if h.hardship_score >= dibao.hardship_score
        }
        assert listed(score_max=above.hardship_score) == {
            h.reference for h in (dibao, above, longwan) if h.hardship_score <= above.hardship_score
        }
        need_add(world, dibao)
        need_add(world, above, category=HelpCategory.EDUCATION, title="学费", public_description="孩子需要学费。")
        assert listed(category=HelpCategory.MEDICAL) == {dibao.reference}
        assert listed(category=HelpCategory.EDUCATION, county="330302") == {above.reference}
        assert listed(category=HelpCategory.HOUSING) == set()

    def test_the_need_category_counts_only_needs_still_waiting(self, client, world):
        sign_in(client, world, "coordinator_a")
        dibao = world["household"]
        other = household_add(world, name="孙美玲", income="5000")
        cancelled = need_add(world, other)
        need_close(need=cancelled, by=world["users"]["coordinator_a"], cancel=True, comment="已由医保报销")
        response = client.get(english("staff:household_list"), {"category": HelpCategory.MEDICAL})
        body = response.content.decode()
        assert dibao.reference not in body and other.reference not in body
        need_add(world, dibao)
        need_add(world, dibao, title="复查费用")
        body = client.get(english("staff:household_list"), {"category": HelpCategory.MEDICAL}).content.decode()
        assert body.count(f">{dibao.reference}</a>") == 1
        assert other.reference not in body
        assert "1 household" in body

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"score_min": "abc"}, "Enter a whole number"),
            ({"score_max": "101"}, "less than or equal to 100"),
            ({"income_circle": "rich"}, "Select a valid choice"),
            ({"county": "999999"}, "Select a valid choice"),
            ({"score_min": "80", "score_max": "10"}, "The lowest score cannot be above the highest"),
            ({"category": "luxury"}, "Select a valid choice"),
        ],
    )
    def test_invalid_criteria_are_explained_and_not_applied(self, client, world, params, message):
        sign_in(client, world, "coordinator_a")
        other = household_add(world, name="孙美玲", income="5000")
        response = client.get(english("staff:household_list"), params)
        body = response.content.decode()
        assert response.status_code == 200
        assert message in body
        assert world["household"].reference in body and other.reference in body
