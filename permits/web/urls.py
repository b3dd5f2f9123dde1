"""URLs of the applicant pages: the application form (进口 / 出口准许证申请) with its goods and
attachments dialogs and printing, and 查询 with the actions on its results."""

from django.urls import path

from permits.web import attachments, form, goods, key_confirm, query, query_actions

app_name = "permits"

APP = "applications/<uuid:pk>/"
SLOT = APP + "attachments/<slug:type>/"

urlpatterns = [
    path("import/new/", form.application_new, {"direction": "import"}, name="import_new"),
    path("export/new/", form.application_new, {"direction": "export"}, name="export_new"),
    # the first 暂存 / 申报 of an unsaved page creates the application
    path("import/new/save/", form.application_save, {"direction": "import"}, name="import_save"),
    path("export/new/save/", form.application_save, {"direction": "export"}, name="export_save"),
    path(
        "import/new/submit/", form.application_submit, {"direction": "import"}, name="import_submit"
    ),
    path(
        "export/new/submit/", form.application_submit, {"direction": "export"}, name="export_submit"
    ),
    path(APP, form.application_detail, name="application"),
    path(APP + "save/", form.application_save, name="save"),
    path(APP + "submit/", form.application_submit, name="submit"),
    path(APP + "print/", form.application_print, name="print"),
    path(APP + "key-options/<slug:action>/", key_confirm.key_options, name="key_options"),
    path(APP + "goods/new/", goods.goods_new, name="goods_new"),
    path(APP + "goods/delete/", goods.goods_delete, name="goods_delete"),
    path(APP + "goods/substance/", goods.goods_substance, name="goods_substance"),
    path(APP + "goods/<uuid:goods_id>/", goods.goods_edit, name="goods_edit"),
    path(APP + "attachments/", attachments.attachments, name="attachments"),
    path(SLOT + "upload/", attachments.attachment_upload, name="attachment_upload"),
    path(SLOT + "delete/", attachments.attachment_delete, name="attachment_delete"),
    path(SLOT + "download/", attachments.attachment_download, name="attachment_download"),
    path("query/", query.query, name="query"),
    path("query/export.xlsx", query.query_export, name="query_export"),
    path(
        "applications/<uuid:application_id>/notices/latest/",
        query.notice_latest,
        name="notice_latest",
    ),
    path(APP + "notices/<uuid:notice_id>/", query.notice_view, name="notice"),
    path("query/copy/", query_actions.query_copy, name="query_copy"),
    path("query/delete/", query_actions.query_delete, name="query_delete"),
    path("query/withdraw/", query_actions.query_withdraw, name="query_withdraw"),
    path("query/print/", query_actions.query_print_checked, name="query_print_checked"),
    path(
        "query/print/<uuid:application_id>/application-form.pdf",
        query_actions.query_print,
        name="query_print",
    ),
]
