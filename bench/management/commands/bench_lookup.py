"""python manage.py bench_lookup: server time of the picker look-up (budget: p95 < 3 ms for
any query text over every list, quality.md).

Measures, per kind, many query texts (empty, 1–3 character prefixes of codes, hanzi, pinyin
initials, full pinyin and English, misses) twice: through the real endpoint with the Django
test client (in-process time around the request: middleware, session auth, ninja, JSON) and
the selector alone. The signed-in user and session exist only inside a rolled-back
transaction; reference data is loaded (and kept) when missing."""

import random
import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client

from reference import index, selectors
from reference.models import Department

MISSES = ["zzz", "qqxx", "不存在", "999999", "@@", "xyz123"]


def _prefixes(text: str) -> list[str]:
    return [text[:n] for n in (1, 2, 3) if len(text) >= n]


def queries_for(kind: str, rng: random.Random, per_kind: int) -> list[str]:
    """Query texts a person types into this picker, plus misses and the empty query."""
    entries = list(index.kind_index(kind).entries)
    texts = {"", *MISSES}
    for e in rng.sample(entries, min(len(entries), 40)):
        texts.update(_prefixes(e.code))
        texts.update(_prefixes(e.item["name"]))
        texts.update(_prefixes(e.ini))
        texts.update(_prefixes(e.py))
        texts.update(_prefixes(e.en))
    texts.discard(" ")
    ordered = sorted(texts)
    return rng.sample(ordered, min(per_kind, len(ordered))) + ["", MISSES[0]]


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95, max in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1e3, p95 * 1e3, ordered[-1] * 1e3


class Command(BaseCommand):
    help = "Benchmark the reference look-up (endpoint and selector): p50/p95/max per kind."

    def add_arguments(self, parser):
        parser.add_argument("--per-kind", type=int, default=150, help="query texts per kind")
        parser.add_argument("--repeat", type=int, default=3, help="runs of each query text")
        parser.add_argument("--limit", type=int, default=selectors.DEFAULT_LIMIT)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, per_kind, repeat, limit, seed, **options):
        if not Department.objects.exists():
            call_command("seed_reference", verbosity=0)
        rng = random.Random(seed)  # noqa: S311 - picks sample queries, no secrets
        plan = {kind: queries_for(kind, rng, per_kind) for kind in selectors.kinds()}
        with transaction.atomic():
            client = self._client()
            endpoint = self._run(plan, repeat, lambda kind, q: self._get(client, kind, q, limit))
            selector = self._run(plan, repeat, lambda kind, q: selectors.lookup(kind, q, limit))
            transaction.set_rollback(True)
        self._report("endpoint GET /api/v1/reference/{kind} (test client, in-process)", endpoint)
        self._report("selector reference.selectors.lookup", selector)
        p95 = percentiles([s for v in endpoint.values() for s in v])[1]
        verdict = "OK" if p95 < 3.0 else "OVER BUDGET"
        self.stdout.write(f"budget: endpoint p95 {p95:.3f} ms vs 3 ms -> {verdict}")

    def _client(self) -> Client:
        from accounts.models import User

        user = User.objects.create_user(username="bench-lookup", password=None, role="customs")
        client = Client()
        client.force_login(user)
        return client

    @staticmethod
    def _get(client: Client, kind: str, q: str, limit: int) -> None:
        response = client.get(f"/api/v1/reference/{kind}", {"q": q, "limit": limit})
        if response.status_code != 200:
            raise RuntimeError(f"{kind} q={q!r}: HTTP {response.status_code}")

    @staticmethod
    def _run(plan, repeat, call) -> dict[str, list[float]]:
        for kind in plan:  # warm: index built, code paths loaded
            call(kind, "")
        samples: dict[str, list[float]] = {kind: [] for kind in plan}
        for _ in range(repeat):
            for kind, texts in plan.items():
                for q in texts:
                    start = time.perf_counter()
                    call(kind, q)
                    samples[kind].append(time.perf_counter() - start)
        return samples

    def _report(self, title: str, samples: dict[str, list[float]]) -> None:
        self.stdout.write(title)
        self.stdout.write(f"  {'kind':<18}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
        for kind, values in [*samples.items(), ("ALL", [s for v in samples.values() for s in v])]:
            p50, p95, worst = percentiles(values)
            self.stdout.write(f"  {kind:<18}{len(values):>6}{p50:>10.3f}{p95:>10.3f}{worst:>10.3f}")
