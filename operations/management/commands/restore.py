"""manage.py restore DIR: into an empty database, the dump of `backup`, then the documents
through the storage API; every document checked against its row's SHA-256; notices still
pending rendered (operations.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore_from


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("dir", type=Path)

    def handle(self, *args, dir: Path, **options):
        try:
            outcome = restore_from(dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored {outcome['files']} file(s); {outcome['verified']} document(s) match "
            f"their SHA-256; notices rendered: {outcome['notices_rendered']}, failed: "
            f"{outcome['notices_failed']}; tasks handed back: {outcome['tasks_requeued']}"
        )
        if outcome["notices_failed"]:
            raise CommandError("some pending notices could not be rendered (see the log)")
