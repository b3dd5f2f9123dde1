"""A bare Django project: one JSON view, no apps, no middleware beyond Django's defaults for a
JSON API. `bench.throughput` serves it with the same gunicorn settings as the product, in the
same run, so every throughput figure is a ratio to what Django itself costs here."""
