"""django-prometheus's per-request metrics: per view, method and status, the count of answers
and their latency; each labelled series looked up once.

django-prometheus's two middlewares record a dozen series on every request: totals, counts
by method, by transport, by view, by status, by charset, histograms of request and response
sizes, latencies with and without the middlewares. Every one takes a lock, the histograms a
loop over their buckets: about a twentieth of the cost of a kept page. Each of those counts
is a sum of the per-view series kept here (answers by status, view and method; latency by
view and method), so only these are recorded, with exceptions by type and view as before.

prometheus_client's `labels()` checks the names, converts the values and takes a lock each
time. The series a label set names never changes (nothing here removes series), so it is
kept per label set after its first look-up. The series are the same objects `/metrics`
reads."""

from __future__ import annotations

from django_prometheus.middleware import PrometheusAfterMiddleware as _After
from django_prometheus.utils import Time, TimeSince

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

    def process_request(self, request):
        request.prometheus_after_middleware_event = Time()

    def process_view(self, request, view_func, *view_args, **view_kwargs):
        return None  # counted with its answer (process_response)

    def process_response(self, request, response):
        method = self._method(request)
        view = self._get_view_name(request)
        status = str(response.status_code)
        metrics = self.metrics
        self.label_metric(
            metrics.responses_by_status_view_method,
            request,
            status=status,
            view=view,
            method=method,
        ).inc()
        started = getattr(request, "prometheus_after_middleware_event", None)
        if started is None:
            self.label_metric(metrics.requests_unknown_latency, request).inc()
        else:
            series = self.label_metric(
                metrics.requests_latency_by_view_method, request, view=view, method=method
            )
            series.observe(TimeSince(started))
        return response
