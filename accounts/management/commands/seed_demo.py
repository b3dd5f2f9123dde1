"""Load the demo enterprises and users (idempotent). Refused under production settings."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import demo, services
from core.env import env_bool
from reference.models import Department

DEFAULT_PASSWORD = "Demo-Passw0rd!"  # noqa: S105 - documented demo password, never in production


class Command(BaseCommand):
    help = "Demo enterprises, users, an approver per demo department, a customs officer."

    def handle(self, *args, **options):
        if not settings.DEBUG and not env_bool("ALLOW_DEMO_DATA", False):
            raise CommandError(
                "seed_demo loads demo accounts with a known password: refused with DEBUG=0 "
                "(production settings). Set ALLOW_DEMO_DATA=1 to load it on a staging machine."
            )
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        if not Department.objects.exists():
            call_command("seed_reference", verbosity=0)
        with transaction.atomic():
            enterprises = {}
            for row in demo.ENTERPRISES:
                fields = {k: v for k, v in row.items() if k != "key"}
                enterprises[row["key"]] = services.enterprise_upsert(**fields)
            for username, role, ent_key, dept_code, name in demo.USERS:
                services.user_upsert(
                    username=username,
                    password=password,
                    role=role,
                    enterprise=enterprises.get(ent_key),
                    department=Department.objects.get(code=dept_code) if dept_code else None,
                    first_name=name,
                )
        self.stdout.write("Demo logins (password from DEMO_PASSWORD, default Demo-Passw0rd!):")
        for username, role, ent_key, dept_code, _name in demo.USERS:
            where = f"enterprise {ent_key}" if ent_key else (dept_code or "")
            self.stdout.write(f"  {username:<16} {role:<18} {where}")
