"""Pseudonyms: never a member's name or part of one, given at creation, changed when a new member clashes."""

from datetime import date

import pytest

from stations import services
from stations.models import HouseholdMember
from stations.pseudonyms import PSEUDONYMS, pseudonym_clashes, pseudonym_pick
from tests.factories import StationFactory, region_tree, station_member_create


def member(name: str, relation=HouseholdMember.Relation.HEAD) -> services.MemberInput:
    return services.MemberInput(
        name=name, relation=relation, sex=HouseholdMember.Sex.FEMALE, birth_date=date(1950, 1, 1)
    )


class PseudonymPickTests:
    @pytest.mark.parametrize(
        ("pseudonym", "names", "clashes"),
        [
            ("青松", ["王青松"], True),  # the given name
            ("青松", ["青松"], True),
            ("蒲公英", ["公英"], True),  # a name inside the pseudonym
            ("海棠", ["陈海"], False),
            ("明月", [], False),
            ("", ["王青松"], False),
        ],
    )
    def test_clashes(self, pseudonym, names, clashes):
        assert pseudonym_clashes(pseudonym, names) is clashes

    def test_never_picks_a_clashing_word(self):
        names = [f"王{word}" for word in PSEUDONYMS[:-1]]
        for _ in range(20):
            assert pseudonym_pick(names=names) == PSEUDONYMS[-1]


@pytest.mark.django_db
class HouseholdPseudonymTests:
    def test_given_at_creation_and_changed_when_a_new_member_clashes(self):
        station = StationFactory()
        coordinator = station_member_create(station)
        household = services.household_create(
            station=station, region=region_tree()["330302006044"], members=[member("陈桂芳")], created_by=coordinator
        )
        assert household.pseudonym in PSEUDONYMS
        clashing = "林" + household.pseudonym
        services.household_member_add(
            household=household, member=member(clashing, HouseholdMember.Relation.CHILD), added_by=coordinator
        )
        household.refresh_from_db()
        assert household.pseudonym in PSEUDONYMS
        assert not pseudonym_clashes(household.pseudonym, ["陈桂芳", clashing])
