"""manage.py backup DIR: the database (pg_dump custom format, or SQLite's online backup),
then every stored document through the storage API, with a manifest (operations.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup_to


class Command(BaseCommand):
    help = "Back up the database, then the stored documents, into DIR (new or empty)."

    def add_arguments(self, parser):
        parser.add_argument("dir", type=Path)

    def handle(self, *args, dir: Path, **options):
        try:
            manifest = backup_to(dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"backed up the {manifest['database']} database and {len(manifest['files'])} "
            f"document(s) into {dir}"
        )
        for name in manifest["missing"]:
            self.stderr.write(f"deleted after the snapshot, not in the backup: {name}")
