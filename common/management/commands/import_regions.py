"""Load the region code tree from the NBS CSV files: ``manage.py import_regions``."""

from django.core.management.base import BaseCommand, CommandError

from common.regions_import import DEFAULT_DATA_DIR, DEFAULT_EDITION, RegionDataError, region_tree_import


class Command(BaseCommand):
    help = (
        "Load province 33, its cities and counties, and Wenzhou's townships and villages from the NBS CSV files; "
        "report every code that cannot be matched. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", default=str(DEFAULT_DATA_DIR), help=f"Folder of the CSV files (default: {DEFAULT_DATA_DIR})."
        )
        parser.add_argument(
            "--edition", default=DEFAULT_EDITION, help=f"Edition of the codes (default: {DEFAULT_EDITION})."
        )

    def handle(self, *args, data_dir: str, edition: str, **options):
        try:
            result = region_tree_import(data_dir=data_dir, edition=edition)
        except RegionDataError as error:
            raise CommandError(f"{error.message} Nothing was written.") from error
        lines = result.report_lines()
        self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)
