"""Import the NBS statistical division code tree (统计用区划代码) of Zhejiang and Wenzhou from CSV files.

The tree is built by code only, never by name: 301 village names repeat within Wenzhou. Every code
must start with its parent's code; a row whose parent is not in the tree is skipped and reported,
never attached to a guessed parent. Centres of the province, the cities and the counties come from
the cpca file; a code the importer cannot match is reported, not guessed.
"""

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from common.errors import ApplicationError
from common.models import Region, region_short_name

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data" / "regions"
DEFAULT_EDITION = "2022"

PROVINCE_CODE = "33"
# County-level units of the whole province; the Wenzhou file repeats twelve of them and must agree.
COUNTY_FILES = ("areas_zhejiang.csv", "areas_wenzhou.csv")
TOWNSHIP_FILE = "streets_wenzhou.csv"
VILLAGE_FILE = "villages_wenzhou.csv"
CENTRES_FILE = "county_centres_zhejiang_cpca.csv"
# Aixin's own approximate centres for counties the cpca file lacks; optional, see the data README.
SUPPLEMENT_FILE = "county_centres_aixin_supplement.csv"

CODE_LENGTHS = {
    Region.Level.PROVINCE: 2,
    Region.Level.CITY: 4,
    Region.Level.COUNTY: 6,
    Region.Level.TOWNSHIP: 9,
    Region.Level.VILLAGE: 12,
}
ADCODE_LENGTH = 12
_DIGITS = re.compile(r"[0-9]+")
_COORDINATE_PLACES = Decimal("0.000001")
_NAME_MAX_LENGTH = Region._meta.get_field("name").max_length
_EDITION_MAX_LENGTH = Region._meta.get_field("edition").max_length
_BATCH_SIZE = 500


class RegionDataError(ApplicationError):
    """A region file is missing or malformed; nothing was written."""


@dataclass(frozen=True)
class UnmatchedCode:
    """A code the importer could not place, with where it came from and why."""

    code: str
    name: str
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.code} {self.name} ({self.source}): {self.reason}"


@dataclass
class RegionImportResult:
    """What one import did, and every code it could not match."""

    edition: str
    data_dir: Path
    created: dict[int, int] = field(default_factory=dict)
    updated: dict[int, int] = field(default_factory=dict)
    unchanged: int = 0
    # Rows not loaded: their parent is not in the tree, or their code does not start with the parent's.
    skipped: list[UnmatchedCode] = field(default_factory=list)
    # Rows of the centre files whose code is not in the tree; their centres are not used.
    centres_not_in_tree: list[UnmatchedCode] = field(default_factory=list)
    # Province, cities and counties for which cpca gives no centre.
    centres_missing_from_cpca: list[UnmatchedCode] = field(default_factory=list)
    # Of those, the ones that took Aixin's approximate centre from the supplement file.
    centres_from_supplement: list[UnmatchedCode] = field(default_factory=list)
    # Supplement rows for units that cpca does place: cpca wins.
    supplement_not_used: list[UnmatchedCode] = field(default_factory=list)

    @property
    def created_total(self) -> int:
        return sum(self.created.values())

    @property
    def updated_total(self) -> int:
        return sum(self.updated.values())

    @property
    def changed(self) -> bool:
        return bool(self.created_total or self.updated_total)

    @property
    def centres_missing(self) -> list[UnmatchedCode]:
        """Return the units left without any centre, after the supplement."""
        supplemented = {item.code for item in self.centres_from_supplement}
        return [item for item in self.centres_missing_from_cpca if item.code not in supplemented]

    def report_lines(self) -> list[str]:
        """Return the report an operator reads: counts first, then every code that could not be matched."""
        lines = []
        if self.changed:
            lines.append(
                f"Regions of edition {self.edition} from {self.data_dir}: "
                f"created {self.created_total} ({_per_level(self.created)}), "
                f"updated {self.updated_total} ({_per_level(self.updated)}), unchanged {self.unchanged}."
            )
        else:
            lines.append(
                f"Regions of edition {self.edition} are up to date: nothing created or changed "
                f"({self.unchanged} unchanged)."
            )
        sections = [
            ("Rows skipped because their parent is not in the tree or their code does not fit it", self.skipped),
            ("Centre rows whose code is not in the tree", self.centres_not_in_tree),
            ("Units without a centre in cpca", self.centres_missing_from_cpca),
            ("Of those, given Aixin's approximate centre from the supplement", self.centres_from_supplement),
            ("Units left without a centre", self.centres_missing),
        ]
        if self.supplement_not_used:
            sections.append(("Supplement rows not used because cpca gives the centre", self.supplement_not_used))
        for title, items in sections:
            lines.append(f"{title}: {len(items)}")
            lines.extend(f"  {item}" for item in items)
        return lines


def _per_level(counts: dict[int, int]) -> str:
    parts = [f"{Region.Level(level).label} {count}" for level, count in sorted(counts.items()) if count]
    return ", ".join(parts) or "none"


@dataclass
class _Row:
    code: str
    name: str
    level: int
    parent_code: str | None
    source: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass(frozen=True)
class _Centre:
    code: str
    name: str
    source: str
    latitude: Decimal | None
    longitude: Decimal | None


def region_tree_import(
    *, data_dir: Path | str = DEFAULT_DATA_DIR, edition: str = DEFAULT_EDITION
) -> RegionImportResult:
    """Load province 33, its cities and counties, and Wenzhou's townships and villages; return what changed.

    Reads every file before writing anything and writes in one transaction, so bad input
    (a missing file or column, a non-numeric code) raises ``RegionDataError`` with nothing written.
    A second run with the same files creates and changes nothing.
    """
    data_dir = Path(data_dir)
    edition = edition.strip()
    if not edition or len(edition) > _EDITION_MAX_LENGTH:
        raise RegionDataError(f"The edition must be 1 to {_EDITION_MAX_LENGTH} characters, not {edition!r}.")
    if not data_dir.is_dir():
        raise RegionDataError(f"The region data folder {data_dir} does not exist.")

    result = RegionImportResult(edition=edition, data_dir=data_dir)
    centres = _read_centres(data_dir / CENTRES_FILE, required=True)
    supplement = _read_centres(data_dir / SUPPLEMENT_FILE, required=False)
    rows = _read_tree_rows(data_dir, centres)
    accepted = _accept_rows(rows, result)
    _apply_centres(accepted, centres, supplement, result)
    _write(accepted, edition, result)
    for items in (result.skipped, result.centres_not_in_tree, result.centres_missing_from_cpca):
        items.sort(key=lambda item: item.code)
    return result


# --- Reading ---------------------------------------------------------------------------------------


def _read_csv(path: Path, columns: Sequence[str]) -> Iterable[tuple[str, dict[str, str]]]:
    """Yield (source, row) for each data row, after checking that the file and its columns exist."""
    if not path.is_file():
        raise RegionDataError(f"Region file not found: {path}.")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [name.strip() for name in reader.fieldnames or []]
        missing = [column for column in columns if column not in header]
        if missing:
            found = ", ".join(header) or "(empty)"
            raise RegionDataError(f"{path.name} lacks the column(s) {', '.join(missing)}; its header is: {found}.")
        reader.fieldnames = header
        for row in reader:
            yield f"{path.name} line {reader.line_num}", row


def _code(row: dict[str, str], column: str, source: str, length: int) -> str:
    value = (row.get(column) or "").strip()
    if not _DIGITS.fullmatch(value):
        raise RegionDataError(f"{source}: {column} {value!r} is not a numeric code.")
    if len(value) != length:
        raise RegionDataError(f"{source}: {column} {value!r} should have {length} digits.")
    return value


def _name(row: dict[str, str], source: str) -> str:
    value = (row.get("name") or "").strip()
    if not value:
        raise RegionDataError(f"{source}: the name is empty.")
    if len(value) > _NAME_MAX_LENGTH:
        raise RegionDataError(f"{source}: the name {value!r} is longer than {_NAME_MAX_LENGTH} characters.")
    return value


def _coordinate(row: dict[str, str], column: str, source: str, limit: int) -> Decimal | None:
    value = (row.get(column) or "").strip()
    if not value:
        return None
    try:
        number = Decimal(value).quantize(_COORDINATE_PLACES)
    except InvalidOperation:
        raise RegionDataError(f"{source}: {column} {value!r} is not a number.") from None
    if not -limit <= number <= limit:
        raise RegionDataError(f"{source}: {column} {value!r} is out of range.")
    return number


def _tree_code(adcode: str) -> str:
    """Return the tree code of a 12-digit adcode: 330000000000 → 33, 330300000000 → 3303, 330302000000 → 330302."""
    for length in (2, 4, 6, 9):
        if not adcode[length:].strip("0"):
            return adcode[:length]
    return adcode


def _read_centres(path: Path, *, required: bool) -> dict[str, _Centre]:
    if not required and not path.exists():
        return {}
    centres: dict[str, _Centre] = {}
    for source, row in _read_csv(path, ("adcode", "name", "longitude", "latitude")):
        code = _tree_code(_code(row, "adcode", source, ADCODE_LENGTH))
        centre = _Centre(
            code=code,
            name=_name(row, source),
            source=source,
            latitude=_coordinate(row, "latitude", source, 90),
            longitude=_coordinate(row, "longitude", source, 180),
        )
        if (centre.latitude is None) != (centre.longitude is None):
            raise RegionDataError(f"{source}: give both longitude and latitude, or neither.")
        if code in centres:
            raise RegionDataError(f"{source}: code {code} already appears in {centres[code].source}.")
        centres[code] = centre
    return centres


def _read_tree_rows(data_dir: Path, centres: dict[str, _Centre]) -> list[_Row]:
    """Return the rows of the tree, parents before children; names of the province and cities come from cpca."""
    province = centres.get(PROVINCE_CODE)
    if province is None:
        raise RegionDataError(
            f"{CENTRES_FILE} has no row {PROVINCE_CODE.ljust(ADCODE_LENGTH, '0')}, which names the province."
        )
    rows = [_Row(PROVINCE_CODE, province.name, Region.Level.PROVINCE, None, province.source)]
    rows.extend(
        _Row(centre.code, centre.name, Region.Level.CITY, PROVINCE_CODE, centre.source)
        for centre in centres.values()
        if len(centre.code) == CODE_LENGTHS[Region.Level.CITY] and centre.code.startswith(PROVINCE_CODE)
    )

    counties: dict[str, _Row] = {}
    for filename in COUNTY_FILES:
        for source, row in _read_csv(data_dir / filename, ("code", "name", "cityCode")):
            county = _Row(
                code=_code(row, "code", source, CODE_LENGTHS[Region.Level.COUNTY]),
                name=_name(row, source),
                level=Region.Level.COUNTY,
                parent_code=_code(row, "cityCode", source, CODE_LENGTHS[Region.Level.CITY]),
                source=source,
            )
            earlier = counties.get(county.code)
            if earlier is None:
                counties[county.code] = county
            elif (earlier.name, earlier.parent_code) != (county.name, county.parent_code):
                raise RegionDataError(
                    f"{source}: {county.code} {county.name} disagrees with {earlier.source} ({earlier.name})."
                )
    rows.extend(counties.values())
    rows.extend(_read_level(data_dir / TOWNSHIP_FILE, Region.Level.TOWNSHIP, "areaCode"))
    rows.extend(_read_level(data_dir / VILLAGE_FILE, Region.Level.VILLAGE, "streetCode"))
    return rows


def _read_level(path: Path, level: int, parent_column: str) -> list[_Row]:
    rows: dict[str, _Row] = {}
    for source, row in _read_csv(path, ("code", "name", parent_column)):
        item = _Row(
            code=_code(row, "code", source, CODE_LENGTHS[level]),
            name=_name(row, source),
            level=level,
            parent_code=_code(row, parent_column, source, CODE_LENGTHS[level - 1]),
            source=source,
        )
        if item.code in rows:
            raise RegionDataError(f"{source}: code {item.code} already appears in {rows[item.code].source}.")
        rows[item.code] = item
    return list(rows.values())


# --- Matching --------------------------------------------------------------------------------------


def _accept_rows(rows: list[_Row], result: RegionImportResult) -> dict[str, _Row]:
    """Keep the rows whose parent is in the tree and whose code starts with the parent's; report the rest."""
    accepted: dict[str, _Row] = {}
    for row in sorted(rows, key=lambda item: (item.level, item.code)):
        if row.parent_code is not None and row.parent_code not in accepted:
            result.skipped.append(
                UnmatchedCode(row.code, row.name, row.source, f"parent {row.parent_code} is not in the tree; skipped")
            )
        elif row.parent_code is not None and not row.code.startswith(row.parent_code):
            result.skipped.append(
                UnmatchedCode(
                    row.code, row.name, row.source, f"does not start with its parent's code {row.parent_code}; skipped"
                )
            )
        else:
            accepted[row.code] = row
    return accepted


def _apply_centres(
    accepted: dict[str, _Row],
    centres: dict[str, _Centre],
    supplement: dict[str, _Centre],
    result: RegionImportResult,
) -> None:
    for centre in centres.values():
        if centre.code not in accepted:
            result.centres_not_in_tree.append(
                UnmatchedCode(centre.code, centre.name, centre.source, "not in the tree; centre not used")
            )
    for centre in supplement.values():
        if centre.code not in accepted:
            result.centres_not_in_tree.append(
                UnmatchedCode(centre.code, centre.name, centre.source, "not in the tree; centre not used")
            )
        elif centre.code in centres and centres[centre.code].latitude is not None:
            result.supplement_not_used.append(
                UnmatchedCode(centre.code, centre.name, centre.source, "cpca gives this centre; supplement not used")
            )

    for row in accepted.values():
        if row.level > Region.Level.COUNTY:
            continue
        centre = centres.get(row.code)
        if centre is not None and centre.latitude is not None:
            row.latitude, row.longitude = centre.latitude, centre.longitude
            continue
        reason = "cpca has no row for this code" if centre is None else "the cpca row has no coordinates"
        result.centres_missing_from_cpca.append(UnmatchedCode(row.code, row.name, row.source, reason))
        extra = supplement.get(row.code)
        if extra is not None and extra.latitude is not None:
            row.latitude, row.longitude = extra.latitude, extra.longitude
            result.centres_from_supplement.append(
                UnmatchedCode(row.code, row.name, extra.source, "Aixin's approximate centre used")
            )


# --- Writing ---------------------------------------------------------------------------------------

_UPDATE_FIELDS = ["name", "short_name", "level", "parent", "latitude", "longitude"]


@transaction.atomic
def _write(accepted: dict[str, _Row], edition: str, result: RegionImportResult) -> None:
    """Create and update level by level, in bulk, so that each parent has its primary key before its children."""
    regions = {region.code: region for region in Region.objects.filter(edition=edition)}
    for level in Region.Level.values:
        to_create: list[Region] = []
        to_update: list[Region] = []
        for row in (item for item in accepted.values() if item.level == level):
            wanted = {
                "name": row.name,
                "short_name": region_short_name(row.name),
                "level": row.level,
                "parent_id": regions[row.parent_code].pk if row.parent_code else None,
                "latitude": row.latitude,
                "longitude": row.longitude,
            }
            region = regions.get(row.code)
            if region is None:
                to_create.append(Region(edition=edition, code=row.code, **wanted))
            elif any(getattr(region, name) != value for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(region, name, value)
                to_update.append(region)
            else:
                result.unchanged += 1
        if to_create:
            Region.objects.bulk_create(to_create, batch_size=_BATCH_SIZE)
            if any(region.pk is None for region in to_create):
                # A database that cannot return ids from a bulk insert: read the level back.
                regions.update((region.code, region) for region in Region.objects.filter(edition=edition, level=level))
            else:
                regions.update((region.code, region) for region in to_create)
        if to_update:
            Region.objects.bulk_update(to_update, fields=_UPDATE_FIELDS, batch_size=_BATCH_SIZE)
        result.created[level] = len(to_create)
        result.updated[level] = len(to_update)
