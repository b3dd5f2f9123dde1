from permits.urls_form import urlpatterns as form_urls
from permits.urls_query import urlpatterns as query_urls

app_name = "permits"
urlpatterns = form_urls + query_urls
