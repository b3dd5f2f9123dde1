"""django-prometheus's per-request metrics, with each labelled series looked up once.

Every request labels six series (method, transport, view, status, charset, latency), and
prometheus_client's `labels()` checks the names, converts the values and takes a lock each
time, about a twentieth of a millisecond per request. The series a label set names never
changes (nothing here removes series), so it is kept per label set after its first look-up.
The series are the same objects `/metrics` reads."""

from __future__ import annotations

from django_prometheus.middleware import PrometheusAfterMiddleware as _After

#: Label sets come from a fixed set of views, methods and status codes: a bound that is never
#: reached in practice, but a hostile spread of values must not grow it without end.
MAX_SERIES = 10_000


class PrometheusAfterMiddleware(_After):
    _series: dict = {}

    def label_metric(self, metric, request, response=None, **labels):
        if not labels:
            return metric
        key = (metric, *labels.values())
        series = self._series.get(key)
        if series is None:
            series = metric.labels(**labels)
            if len(self._series) < MAX_SERIES:
                self._series[key] = series
        return series
