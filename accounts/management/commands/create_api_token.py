"""Print a new API token for a user (the token alone on the last line)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import tokens
from accounts.models import User
from core.errors import DomainError


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it (shown once; only its hash is kept)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="a label to recognise the token by")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"days until the token expires (default {settings.API_TOKEN_DAYS}, "
            f"at most {settings.API_TOKEN_MAX_DAYS})",
        )

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {options['username']!r}")
        try:
            issued = tokens.api_token_create(user=user, name=options["name"], days=options["days"])
        except DomainError as exc:
            messages = [exc.detail] + [e.message for e in exc.errors]
            raise CommandError(" ".join(messages)) from exc
        self.stderr.write(f"expires {issued.token.expires_at.isoformat(timespec='seconds')}")
        self.stdout.write(issued.raw)
