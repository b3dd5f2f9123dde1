"""python manage.py generate_load_data --applications N: scale data for the benchmarks
(quality.md, Performance budgets). The generator lives in bench/loaddata.py."""

from django.core.management.base import BaseCommand, CommandError

from bench import loaddata


class Command(BaseCommand):
    help = (
        "Add N realistic applications (all statuses, both directions, 1-4 goods, attachment "
        "metadata, history) over many enterprises and every department, by bulk inserts "
        "(COPY on PostgreSQL). Running it again adds more; --clear removes generated data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=0, help="how many to add")
        parser.add_argument(
            "--enterprises",
            type=int,
            default=None,
            help="enterprises to spread them over (default: max(50, N // 200))",
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed")
        parser.add_argument("--batch", type=int, default=5000, help="applications per transaction")
        parser.add_argument(
            "--clear",
            action="store_true",
            help="first delete previously generated enterprises, users and their applications",
        )

    def handle(self, *args, applications, enterprises, seed, batch, clear, **options):
        if applications < 0 or batch < 1 or (enterprises is not None and enterprises < 1):
            raise CommandError("--applications must be >= 0, --batch and --enterprises >= 1")
        if not applications and not clear:
            raise CommandError("nothing to do: give --applications N and/or --clear")
        log = self.stdout.write
        if clear:
            log("clearing generated data")
            loaddata.clear(log=log)
        if applications:
            log(f"generating {applications:,} applications")
            totals = loaddata.generate(
                applications=applications,
                enterprises=enterprises,
                seed=seed,
                batch=batch,
                log=log,
            )
            statuses = ", ".join(f"{k} {v:,}" for k, v in sorted(totals.statuses.items()))
            log(f"statuses: {statuses}")
            log(
                f"done: {totals.applications:,} applications, {totals.goods:,} goods, "
                f"{totals.attachments:,} attachments, {totals.history:,} status changes over "
                f"{totals.enterprises:,} enterprises in {totals.seconds:.1f} s"
            )
