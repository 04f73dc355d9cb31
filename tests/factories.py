"""Test data built through the real services, so that tests see what users would create."""

from datetime import date
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils import translation

from accounts.models import RoleGrant, User
from accounts.services import role_grant
from common.models import Region
from stations.models import Household, HouseholdMember, LoveStation, StationMembership
from stations.services import MemberInput, household_create

DEFAULT_PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"志愿者{n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"primary": True, "verified": True}
            )


def totp_enable(user: User) -> str:
    """Give the user an authenticator app; return its secret so a test can compute codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def city_administrator_create(**kwargs) -> User:
    user = UserFactory(**kwargs)
    role_grant(user=user, role=RoleGrant.Role.CITY_ADMINISTRATOR)
    return user


def region_tree() -> dict[str, Region]:
    """Create (once) a small slice of the real code tree: 浙江省 › 温州市 › 鹿城区 › 五马街道 › 鼓楼社区."""
    rows = [
        ("33", "浙江省", "浙江省", Region.Level.PROVINCE, None),
        ("3303", "温州市", "温州市", Region.Level.CITY, "33"),
        ("330302", "鹿城区", "鹿城区", Region.Level.COUNTY, "3303"),
        ("330302006", "五马街道", "五马街道", Region.Level.TOWNSHIP, "330302"),
        ("330302006044", "鼓楼社区居委会", "鼓楼社区", Region.Level.VILLAGE, "330302006"),
        ("330302006045", "墨池社区居委会", "墨池社区", Region.Level.VILLAGE, "330302006"),
    ]
    regions: dict[str, Region] = {}
    for code, name, short_name, level, parent in rows:
        regions[code], _ = Region.objects.get_or_create(
            edition="2022",
            code=code,
            defaults={
                "name": name,
                "short_name": short_name,
                "level": level,
                "parent": regions.get(parent) if parent else None,
            },
        )
    return regions


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoveStation

    name = factory.Sequence(lambda n: f"鼓楼爱心驿站{n}号")
    region = factory.LazyFunction(lambda: region_tree()["330302006044"])
    address = "鹿城区五马街道鼓楼社区"
    latitude = Decimal("28.016000")
    longitude = Decimal("120.655000")
    opening_hours = "周一至周五 9:00-17:00"
    phone = "0577-88881234"
    status = LoveStation.Status.ACTIVE


def station_member_create(station: LoveStation, role: str = StationMembership.Role.COORDINATOR, **kwargs) -> User:
    user = UserFactory(**kwargs)
    StationMembership.objects.create(station=station, user=user, role=role)
    return user


def household_head(name: str = "陈桂芳", *, birth_date: date = date(1941, 4, 4), **kwargs) -> MemberInput:
    """A head of household: by default an elderly woman living alone, as most discovered households begin."""
    kwargs.setdefault("sex", HouseholdMember.Sex.FEMALE)
    return MemberInput(name=name, relation=HouseholdMember.Relation.HEAD, birth_date=birth_date, **kwargs)


def household_of_one(
    station: LoveStation, *, by: User, name: str = "陈桂芳", region: Region | None = None, **kwargs
) -> Household:
    """Record, through the service, a household of one head in 鼓楼社区 (or ``region``) at ``station``."""
    member_fields = {key: kwargs.pop(key) for key in ("birth_date", "sex", "id_number") if key in kwargs}
    return household_create(
        station=station,
        region=region or region_tree()["330302006044"],
        members=[household_head(name, **member_fields)],
        created_by=by,
        **kwargs,
    )


def english(name: str, **kwargs) -> str:
    """Return the English address of a page, whatever language the last request left active."""
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)
