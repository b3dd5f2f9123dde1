"""python manage.py seed_reference: load or refresh the parameter tables from reference/data/
(idempotent; one transaction; one summary line per table)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reference.datafiles import DATA_DIR, DataFileError
from reference.services import reference_seed


class Command(BaseCommand):
    help = "Load or refresh reference data (参数表) from reference/data/*.csv and pycountry."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", type=Path, default=DATA_DIR, help="folder of the CSV files"
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="deactivate rows that are no longer in the files (they are never deleted)",
        )

    def handle(self, *args, data_dir: Path, prune: bool, verbosity: int, **options):
        try:
            results = reference_seed(data_dir=data_dir, prune=prune)
        except DataFileError as exc:
            raise CommandError(str(exc)) from exc
        if verbosity:
            for result in results:
                self.stdout.write(str(result))
