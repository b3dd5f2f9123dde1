from django.urls import path

from review import views

app_name = "review"
urlpatterns = [
    path("pending/", views.queue, {"queue": "pending"}, name="pending"),
    path("in-review/", views.queue, {"queue": "in_review"}, name="in_review"),
    path("all/", views.queue, {"queue": "all"}, name="all"),
]
