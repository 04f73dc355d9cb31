"""Load the demo city for local development: ``manage.py seed_demo``. Refused in production."""

import time

from django.core.management.base import BaseCommand, CommandError

from cms.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_seed
from common.errors import ApplicationError
from common.regions_import import DEFAULT_DATA_DIR


class Command(BaseCommand):
    help = (
        "Load the Wenzhou region tree, about 140 demo love stations, one demo account per role, the site "
        "settings and the home and About pages in Chinese and English. Safe to run again; refused unless "
        "settings.AIXIN_DEMO_DATA_ALLOWED."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            default=str(DEFAULT_DATA_DIR),
            help=f"Folder of the region files (default: {DEFAULT_DATA_DIR}).",
        )

    def handle(self, *args, data_dir: str, verbosity: int = 1, **options):
        started = time.perf_counter()
        try:
            result = demo_seed(data_dir=data_dir)
        except ApplicationError as error:
            raise CommandError(error.message) from error

        region_lines = result.regions.report_lines() if result.regions else []
        for line in region_lines:
            # Section titles carry the counts; the codes under them only with -v 2 (import_regions prints them all).
            if verbosity > 1 or not line.startswith("  "):
                self.stdout.write(line)
        for line in result.report_lines():
            self.stdout.write(line)
        if result.created_total:
            self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}):")
            for account in DEMO_ACCOUNTS:
                self.stdout.write(f"  {account.email} ({account.display_name})")
        self.stdout.write(self.style.SUCCESS(f"Demo city ready in {time.perf_counter() - started:.1f} s."))
