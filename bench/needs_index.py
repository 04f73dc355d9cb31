"""The public needs index as the city grows: listing, filtering and Chinese substring search.

Baseline: the index with 100 open needs (a district's worth). Figures: the same requests with 1,000
and 10,000 open needs (10,000 is several times what a city of nine million has open at once). The
search is a substring match (ILIKE / LIKE) over the title, the public text and the place names, with
no index that can serve it; this shows what that costs, and when an n-gram index would be worth it.
"""

import random
import statistics
import time
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from accounts.models import User
from cms.models import HomePage, NeedIndexPage
from common.models import Region
from stations.models import Consent, HelpCategory, Household, HouseholdMember, LoveStation, Need

SIZES = (100, 1_000, 10_000)
REPEATS = 15
WORDS = ("棉被", "电热毯", "轮椅", "助学", "大米", "食用油", "冬衣", "药费", "屋顶", "陪伴")
REQUESTS = (
    ("first page", {}),
    ("category filter", {"category": "winter_supplies"}),
    ("county filter", {"county": "330305"}),
    ("search 棉被", {"q": "棉被"}),
    ("search, no match", {"q": "不存在的东西"}),
    ("page 20", {"page": "20"}),
)


def _regions() -> list[Region]:
    """Twelve counties, three townships each, five villages each: real-shaped Wenzhou codes."""
    city, _ = Region.objects.get_or_create(
        edition="bench", code="3303", defaults={"name": "温州市", "short_name": "温州市", "level": Region.Level.CITY}
    )
    villages = []
    for county_number in range(2, 14):
        county = Region.objects.create(
            edition="bench",
            code=f"3303{county_number:02d}",
            name=f"县{county_number}",
            short_name=f"县{county_number}",
            level=Region.Level.COUNTY,
            parent=city,
        )
        for township_number in range(1, 4):
            township = Region.objects.create(
                edition="bench",
                code=f"{county.code}{township_number:03d}",
                name=f"镇{county_number}-{township_number}",
                short_name=f"镇{county_number}-{township_number}",
                level=Region.Level.TOWNSHIP,
                parent=county,
            )
            for village_number in range(1, 6):
                villages.append(
                    Region.objects.create(
                        edition="bench",
                        code=f"{township.code}{village_number:03d}",
                        name=f"村{county_number}-{township_number}-{village_number}",
                        short_name=f"村{county_number}-{township_number}-{village_number}",
                        level=Region.Level.VILLAGE,
                        parent=township,
                    )
                )
    return villages


def _grow_to(total: int, *, villages: list[Region], stations: list[LoveStation], staff: User, rng) -> None:
    """Add published needs (one household each, with a public-story consent) until there are ``total``."""
    now = timezone.now()
    today = timezone.localdate()
    start = Need.objects.count()
    households, needs, consents, members = [], [], [], []
    for number in range(start, total):
        village = villages[number % len(villages)]
        station = stations[number % len(stations)]
        households.append(Household(reference=f"HB{number:08d}", station=station, region=village, pseudonym="青松"))
    Household.objects.bulk_create(households)
    for household in households:
        members.append(
            HouseholdMember(
                household=household,
                name="演示",
                relation=HouseholdMember.Relation.HEAD,
                sex=HouseholdMember.Sex.FEMALE,
                birth_date=today - timedelta(days=80 * 365),
            )
        )
    HouseholdMember.objects.bulk_create(members)
    for household, member in zip(households, members, strict=True):
        word = rng.choice(WORDS)
        consents.append(
            Consent(
                household=household,
                scope=Consent.Scope.PUBLIC_STORY,
                version="bench",
                given_by=member,
                given_as=Consent.GivenAs.SELF,
                given_on=today - timedelta(days=10),
            )
        )
        needs.append(
            Need(
                reference=f"NB{household.reference[2:]}",
                station=household.station,
                household=household,
                kind=Need.Kind.GOODS,
                category=rng.choice(HelpCategory.values),
                title=f"需要{word}和日常用品",
                public_description=f"村里一户困难家庭，生活拮据，需要{word}。驿站已经入户核实。" * 3,
                quantity=5,
                unit="件",
                urgency=rng.choice(Need.Urgency.values),
                responsible=staff,
                due_on=today + timedelta(days=rng.randint(-3, 15)),
                status=Need.Status.OPEN,
                published_at=now,
            )
        )
    Consent.objects.bulk_create(consents)
    Need.objects.bulk_create(needs, batch_size=1000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _median_ms(client: Client, url: str, params: dict) -> tuple[float, float]:
    client.get(url, params)  # warm caches as a running server has them
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} {params} answered {response.status_code}")
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.9) - 1]


def run() -> None:
    rng = random.Random(7)  # noqa: S311 (benchmark data)
    with transaction.atomic():
        villages = _regions()
        staff = User.objects.create_user(email="bench@example.org", password=None)
        stations = [
            LoveStation.objects.create(
                name=f"驿站{number}",
                region=villages[number * 7 % len(villages)],
                address="演示地址",
                latitude=Decimal("28.0"),
                longitude=Decimal("120.6"),
                status=LoveStation.Status.ACTIVE,
            )
            for number in range(40)
        ]
        home = HomePage.objects.get(depth=2)
        index = NeedIndexPage(title="爱心需求", slug="needs")
        home.add_child(instance=index)
        index.save_revision().publish()

    client = Client(HTTP_HOST="localhost")
    results: dict[int, dict[str, tuple[float, float]]] = {}
    for size in SIZES:
        with transaction.atomic():
            _grow_to(size, villages=villages, stations=stations, staff=staff, rng=rng)
        results[size] = {label: _median_ms(client, index.url, params) for label, params in REQUESTS}

    baseline, *others = SIZES
    print()
    print(f"needs_index: GET {index.url} — median (p90) ms over {REPEATS} requests; baseline = {baseline} open needs")
    header = f"{'request':<20}{f'{baseline} (baseline)':>22}"
    header += "".join(f"{f'{size} needs':>22}{'×':>7}" for size in others)
    print(header)
    print("-" * len(header))
    for label, _params in REQUESTS:
        base_median, base_p90 = results[baseline][label]
        line = f"{label:<20}{f'{base_median:.1f} ({base_p90:.1f})':>22}"
        for size in others:
            median, p90 = results[size][label]
            line += f"{f'{median:.1f} ({p90:.1f})':>22}{median / base_median:>7.2f}"
        print(line)
