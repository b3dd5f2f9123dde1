"""Judge every stored attachment again with today's upload checks (documents.pdf_check: the
sandboxed parse, active content, what surrounds the PDF) and report those that fail; with
--quarantine, move them aside so they are no longer served (the application's history says
so, and the applicant deletes and uploads the file again)."""

from django.core.management.base import BaseCommand

from permits.models import Attachment
from permits.services.attachments import attachment_recheck


class Command(BaseCommand):
    help = "Run the upload checks over stored attachments; report (and optionally quarantine)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quarantine",
            action="store_true",
            help="move failing files under quarantine/ and stop serving them",
        )

    def handle(self, *args, **options):
        quarantine = options["quarantine"]
        rows = (
            Attachment.objects.filter(quarantined="")
            .select_related("application")
            .order_by("uploaded_at", "pk")
        )
        checked = failed = 0
        for attachment in rows.iterator(chunk_size=200):
            checked += 1
            try:
                problem = attachment_recheck(attachment=attachment, quarantine=quarantine)
            except FileNotFoundError:
                problem = "stored file missing"
            if problem is None:
                continue
            failed += 1
            self.stdout.write(
                f"{attachment.application.application_no}\t{attachment.type}\t"
                f"{attachment.original_name}\t{problem}"
            )
        verb = "quarantined" if quarantine else "failing"
        earlier = Attachment.objects.exclude(quarantined="").count()
        self.stdout.write(
            f"checked {checked} attachment(s): {failed} {verb}; {earlier} in quarantine in all"
        )
