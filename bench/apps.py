from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`make bench` and the load generator (generate_load_data, bench_lookup): installed for
    their commands; no product app imports it."""

    name = "bench"
    verbose_name = "Benchmarks"
