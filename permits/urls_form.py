"""URLs of the application form pages (进口 / 出口准许证申请), their goods and attachments
dialogs, and printing."""

from django.urls import path

from permits import views, views_attachments, views_goods

APP = "applications/<uuid:pk>/"
SLOT = APP + "attachments/<slug:type>/"

urlpatterns = [
    path("import/new/", views.application_new, {"direction": "import"}, name="import_new"),
    path("export/new/", views.application_new, {"direction": "export"}, name="export_new"),
    # the first 暂存 / 申报 of an unsaved page creates the application
    path("import/new/save/", views.application_save, {"direction": "import"},
         name="import_save"),
    path("export/new/save/", views.application_save, {"direction": "export"},
         name="export_save"),
    path("import/new/submit/", views.application_submit, {"direction": "import"},
         name="import_submit"),
    path("export/new/submit/", views.application_submit, {"direction": "export"},
         name="export_submit"),
    path(APP, views.application_detail, name="application"),
    path(APP + "save/", views.application_save, name="save"),
    path(APP + "submit/", views.application_submit, name="submit"),
    path(APP + "print/", views.application_print, name="print"),
    path(APP + "goods/new/", views_goods.goods_new, name="goods_new"),
    path(APP + "goods/delete/", views_goods.goods_delete, name="goods_delete"),
    path(APP + "goods/<uuid:goods_id>/", views_goods.goods_edit, name="goods_edit"),
    path(APP + "attachments/", views_attachments.attachments, name="attachments"),
    path(SLOT + "upload/", views_attachments.attachment_upload, name="attachment_upload"),
    path(SLOT + "delete/", views_attachments.attachment_delete, name="attachment_delete"),
    path(SLOT + "download/", views_attachments.attachment_download,
         name="attachment_download"),
]
