"""Django's `migrate`, which brings the database's triggers to their declared definitions
after migrating (core.triggers, on post_migrate): so it must not refuse to start because they
differ, as `manage.py check --database` does."""

from django.core.management.commands.migrate import Command as MigrateCommand

from core import triggers


class Command(MigrateCommand):
    def check(self, *args, **kwargs):
        with triggers.about_to_install():
            return super().check(*args, **kwargs)
