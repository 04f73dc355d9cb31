"""The region importer: the real NBS 2022 files for Zhejiang and Wenzhou, and broken copies of them."""

import shutil
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from common.models import Region
from common.regions_import import (
    DEFAULT_DATA_DIR,
    SUPPLEMENT_FILE,
    RegionDataError,
    region_tree_import,
)

pytestmark = pytest.mark.django_db

WENZHOU_COUNTIES = {
    "330302", "330303", "330304", "330305", "330324", "330326",
    "330327", "330328", "330329", "330381", "330382", "330383",
}  # fmt: skip
# Zhejiang counties whose code is newer than cpca's data.
COUNTIES_WITHOUT_CPCA_CENTRE = {"330112", "330113", "330114", "330213", "330383", "331083"}


@pytest.fixture(scope="class")
def imported(django_db_setup, django_db_blocker):
    """Import the real files once per class, inside a transaction rolled back after the class.

    Each test still runs in its own savepoint (pytest-django's django_db), so what one test
    changes is gone before the next: the setUpTestData pattern of Django's TestCase.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield region_tree_import()
        transaction.set_rollback(True)


@pytest.fixture
def data_copy(tmp_path):
    """Return a writable copy of the region files."""
    target = tmp_path / "regions"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


def append_line(path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


@pytest.mark.usefixtures("imported")
class RegionImportTests:
    def test_loads_province_cities_counties_townships_and_villages(self, imported):
        regions = Region.objects.filter(edition="2022")
        assert regions.filter(level=Region.Level.PROVINCE).count() == 1
        assert regions.filter(level=Region.Level.CITY).count() == 11
        assert regions.filter(level=Region.Level.COUNTY).count() == 90
        assert set(regions.filter(level=Region.Level.COUNTY, parent__code="3303").values_list("code", flat=True)) == (
            WENZHOU_COUNTIES
        )
        assert regions.filter(level=Region.Level.TOWNSHIP).count() == 191
        assert regions.filter(level=Region.Level.VILLAGE).count() == 3685
        assert imported.created_total == 1 + 11 + 90 + 191 + 3685
        assert imported.skipped == []

    def test_province_and_city_names_come_from_cpca(self):
        assert Region.objects.get(code="33").name == "浙江省"
        assert Region.objects.get(code="3303").name == "温州市"
        city_names = Region.objects.filter(level=Region.Level.CITY).values_list("name", flat=True)
        assert all(name.endswith("市") for name in city_names)

    def test_every_code_starts_with_its_parent_code(self):
        rows = Region.objects.values_list("code", "level", "parent__code", "parent__level")
        for code, level, parent_code, parent_level in rows:
            if level == Region.Level.PROVINCE:
                assert parent_code is None
            else:
                assert code.startswith(parent_code), code
                assert parent_level == level - 1, code

    def test_committee_names_are_shortened(self):
        village = Region.objects.get(code="330302105224")
        assert (village.name, village.short_name) == ("双溪村委会", "双溪村")
        community = Region.objects.get(code="330305001007")
        assert (community.name, community.short_name) == ("小朴社区居委会", "小朴社区")
        assert Region.objects.get(code="330302006044").short_name == "鼓楼社区"
        assert Region.objects.get(code="330302006").short_name == "五马街道"

    def test_villages_of_the_same_name_stay_apart_by_code(self):
        shuangxi = Region.objects.filter(name="双溪村委会").select_related("parent")
        assert shuangxi.count() == 6
        assert len({village.parent_id for village in shuangxi}) == 6
        for village in shuangxi:
            assert village.parent.code == village.code[:9]
            assert village.parent.level == Region.Level.TOWNSHIP

    def test_centres_come_from_cpca(self):
        lucheng = Region.objects.get(code="330302")
        assert (lucheng.longitude, lucheng.latitude) == (Decimal("120.655271"), Decimal("28.015737"))
        assert Region.objects.get(code="3303").latitude == Decimal("27.993828")
        assert Region.objects.get(code="33").longitude == Decimal("120.152585")
        assert not Region.objects.filter(level__gte=Region.Level.TOWNSHIP, latitude__isnull=False).exists()

    def test_counties_without_a_cpca_centre_are_reported(self, imported):
        assert {item.code for item in imported.centres_missing_from_cpca} == COUNTIES_WITHOUT_CPCA_CENTRE
        # 龙港市 takes Aixin's approximate centre, and the report says where it came from.
        assert [item.code for item in imported.centres_from_supplement] == ["330383"]
        assert SUPPLEMENT_FILE in imported.centres_from_supplement[0].source
        longgang = Region.objects.get(code="330383")
        assert (longgang.longitude, longgang.latitude) == (Decimal("120.550000"), Decimal("27.580000"))
        left = COUNTIES_WITHOUT_CPCA_CENTRE - {"330383"}
        assert {item.code for item in imported.centres_missing} == left
        without_centre = Region.objects.filter(latitude__isnull=True, level=Region.Level.COUNTY)
        assert set(without_centre.values_list("code", flat=True)) == left

    def test_cpca_codes_absent_from_the_tree_are_reported(self, imported):
        reported = {item.code: item for item in imported.centres_not_in_tree}
        # 下城区 was merged away in 2021, 玉环县 became 玉环市 (331083) in 2017; "市辖区" rows are no units at all.
        assert {"330103", "330104", "330185", "330204", "330283", "331021", "330301"} <= set(reported)
        assert reported["330103"].name == "下城区"
        assert not Region.objects.filter(code__in=reported).exists()
        # Never carried over to the new code by name.
        assert Region.objects.get(code="331083").latitude is None

    def test_a_second_run_creates_and_changes_nothing(self):
        again = region_tree_import()
        assert again.created_total == 0
        assert again.updated_total == 0
        assert again.unchanged == 3978
        assert "up to date" in again.report_lines()[0]

    def test_a_second_run_repairs_a_changed_row(self):
        Region.objects.filter(code="330302").update(name="鹿城", latitude=None)
        again = region_tree_import()
        assert again.updated_total == 1
        assert again.created_total == 0
        lucheng = Region.objects.get(code="330302")
        assert (lucheng.name, lucheng.latitude) == ("鹿城区", Decimal("28.015737"))

    def test_command_reports_unmatched_codes_and_says_when_nothing_changed(self):
        out = StringIO()
        call_command("import_regions", stdout=out)
        report = out.getvalue()
        assert "up to date: nothing created or changed" in report
        assert "330383 龙港市" in report
        assert "330103 下城区" in report


class RegionImportBadInputTests:
    def test_a_row_whose_parent_is_unknown_is_reported_and_skipped(self, data_copy):
        append_line(data_copy / "streets_wenzhou.csv", '330399001,"测试街道",330399,33,3303')
        append_line(data_copy / "villages_wenzhou.csv", '330399001001,"测试社区",330399001,33,3303,330399')
        append_line(data_copy / "villages_wenzhou.csv", '330302999001,"无名村委会",330302999,33,3303,330302')
        result = region_tree_import(data_dir=data_copy)
        skipped = {item.code: item.reason for item in result.skipped}
        assert set(skipped) == {"330399001", "330399001001", "330302999001"}
        assert "parent 330399 is not in the tree" in skipped["330399001"]
        assert "parent 330302999 is not in the tree" in skipped["330302999001"]
        assert not Region.objects.filter(code__in=skipped).exists()
        assert Region.objects.filter(level=Region.Level.VILLAGE).count() == 3685

    def test_a_code_that_does_not_start_with_its_parent_code_is_skipped(self, data_copy):
        append_line(data_copy / "villages_wenzhou.csv", '330303001999,"错位社区",330302006,33,3303,330302')
        result = region_tree_import(data_dir=data_copy)
        assert [item.code for item in result.skipped] == ["330303001999"]
        assert "does not start with its parent's code 330302006" in result.skipped[0].reason
        assert not Region.objects.filter(code="330303001999").exists()

    def test_without_the_supplement_longgang_has_no_centre(self, data_copy):
        (data_copy / SUPPLEMENT_FILE).unlink()
        result = region_tree_import(data_dir=data_copy)
        assert "330383" in {item.code for item in result.centres_missing}
        assert result.centres_from_supplement == []
        assert Region.objects.get(code="330383").latitude is None

    def test_cpca_wins_over_the_supplement(self, data_copy):
        append_line(data_copy / SUPPLEMENT_FILE, '330302000000,鹿城区,120.6,28.1,"a test row"')
        result = region_tree_import(data_dir=data_copy)
        assert [item.code for item in result.supplement_not_used] == ["330302"]
        assert Region.objects.get(code="330302").latitude == Decimal("28.015737")

    def test_a_missing_file_is_refused_with_nothing_written(self, data_copy):
        (data_copy / "villages_wenzhou.csv").unlink()
        with pytest.raises(CommandError, match=r"villages_wenzhou\.csv.*Nothing was written"):
            call_command("import_regions", data_dir=str(data_copy))
        assert not Region.objects.exists()

    def test_a_missing_column_is_refused_with_nothing_written(self, data_copy):
        path = data_copy / "streets_wenzhou.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[0] = lines[0].replace("areaCode", "area")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(CommandError, match=r"streets_wenzhou\.csv lacks the column\(s\) areaCode"):
            call_command("import_regions", data_dir=str(data_copy))
        assert not Region.objects.exists()

    def test_a_non_numeric_code_is_refused_with_nothing_written(self, data_copy):
        append_line(data_copy / "villages_wenzhou.csv", '33030200604X,"坏码社区",330302006,33,3303,330302')
        with pytest.raises(
            CommandError, match=r"villages_wenzhou\.csv line 3687: code '33030200604X' is not a numeric"
        ):
            call_command("import_regions", data_dir=str(data_copy))
        assert not Region.objects.exists()

    def test_a_missing_province_row_in_cpca_is_refused(self, data_copy):
        path = data_copy / "county_centres_zhejiang_cpca.csv"
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("330000000000")]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(RegionDataError, match="names the province"):
            region_tree_import(data_dir=data_copy)
        assert not Region.objects.exists()

    def test_a_missing_folder_is_refused(self, tmp_path):
        with pytest.raises(CommandError, match="does not exist"):
            call_command("import_regions", data_dir=str(tmp_path / "nowhere"))
