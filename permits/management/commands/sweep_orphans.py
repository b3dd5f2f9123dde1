"""Delete stored files that no row refers to (left by a process killed between storing an
upload and committing its row). Notices keep one file name each (their number), so a re-run
replaces rather than adds; a file of a notice still being made is not touched either, since
only files older than --min-age go."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from documents.rendering import PRINTS_FOLDER
from documents.storage import delete_stored, walk_stored
from permits.models import Attachment, Notice

FOLDERS = ("attachments", "notices")
# Prints kept by content digest: a print carries its date, so after a day it is never asked
# for again; these go after --print-days whatever refers to them.
PRINT_DAYS = 2


class Command(BaseCommand):
    help = (
        "Delete unreferenced stored files older than --min-age minutes (default 60) and "
        "kept prints older than --print-days days (default 2)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--min-age", type=int, default=60, help="minutes")
        parser.add_argument("--print-days", type=int, default=PRINT_DAYS, help="days")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        cutoff = timezone.now() - timedelta(minutes=options["min_age"])
        referenced = set(Attachment.objects.values_list("storage_name", flat=True))
        referenced |= _notice_files()
        removed = 0
        for folder in FOLDERS:
            for name, modified in list(walk_stored(folder)):
                if name in referenced or modified > cutoff:
                    continue
                removed += 1
                if not options["dry_run"]:
                    delete_stored(name)
        print_cutoff = timezone.now() - timedelta(days=options["print_days"])
        for name, modified in list(walk_stored(PRINTS_FOLDER)):
            if modified <= print_cutoff:
                removed += 1
                if not options["dry_run"]:
                    delete_stored(name)
        verb = "would remove" if options["dry_run"] else "removed"
        self.stdout.write(f"{verb} {removed} unreferenced file(s)")


def _notice_files() -> set[str]:
    return set(Notice.objects.exclude(storage_name="").values_list("storage_name", flat=True))
