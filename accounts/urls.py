from django.urls import path

from accounts.keys import views as keys
from accounts.web import inbox, preferences, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.sign_in, name="login"),
    path("login/key/options/", keys.sign_in_begin, name="key_sign_in_begin"),
    path("login/key/", keys.sign_in_finish, name="key_sign_in_finish"),
    path("logout/", views.sign_out, name="logout"),
    path("settings/", preferences.user_settings, name="settings"),
    path("settings/keys/options/", keys.register_begin, name="key_register_begin"),
    path("settings/keys/", keys.register_finish, name="key_register_finish"),
    path("messages/", inbox.message_list, name="messages"),
    path("messages/bell/", inbox.bell, name="bell"),
    path("messages/read-all/", inbox.messages_read_all, name="messages_read_all"),
    path("messages/<int:message_id>/read/", inbox.message_read, name="message_read"),
]
