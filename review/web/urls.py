"""URLs of the approver back office: the queues (待受理, 审批中, 补正中, 已办结, 全部) and the
review page of an application with its attachments, notices and decisions."""

from django.urls import path

from review.web import decisions, detail, queue

app_name = "review"

APP = "applications/<uuid:pk>/"

urlpatterns = [
    path("pending/", queue.queue, {"queue": "pending"}, name="pending"),
    path("in-review/", queue.queue, {"queue": "in_review"}, name="in_review"),
    path("correcting/", queue.queue, {"queue": "correcting"}, name="correcting"),
    path("done/", queue.queue, {"queue": "done"}, name="done"),
    path("all/", queue.queue, {"queue": "all"}, name="all"),
    path(APP, detail.review_page, name="application"),
    path(APP + "attachments/<slug:type>/", detail.attachment, name="attachment"),
    path(APP + "notices/<uuid:notice_id>/", detail.notice, name="notice"),
] + [
    path(APP + f"{action.replace('_', '-')}/", decisions.decide, {"action": action}, name=action)
    for action in decisions.SERVICES
]
