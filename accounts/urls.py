from django.urls import path

from accounts import inbox, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("settings/", views.user_settings, name="settings"),
    path("messages/", inbox.message_list, name="messages"),
    path("messages/bell/", inbox.bell, name="bell"),
    path("messages/read-all/", inbox.messages_read_all, name="messages_read_all"),
    path("messages/<int:message_id>/read/", inbox.message_read, name="message_read"),
]
