"""Writes of the applicant side (architecture.md, rule 1: services write, selectors read).

Every service is one transaction, keyword-only, takes the acting user and never a request, so
the pages, the API, management commands, tasks and tests call the same functions.
"""

from permits.services.applications import (
    BulkOutcome,
    SaveAndSubmit,
    application_copy,
    application_create,
    application_delete,
    application_save_and_submit,
    application_submit,
    application_update,
    application_withdraw,
    applications_delete,
    applications_withdraw,
)
from permits.services.attachments import (
    application_form_render,
    attachment_delete,
    attachment_open,
    attachment_upload,
)
from permits.services.goods import goods_add, goods_delete, goods_update

__all__ = [
    "BulkOutcome",
    "SaveAndSubmit",
    "application_copy",
    "application_create",
    "application_delete",
    "application_form_render",
    "application_save_and_submit",
    "application_submit",
    "application_update",
    "application_withdraw",
    "applications_delete",
    "applications_withdraw",
    "attachment_delete",
    "attachment_open",
    "attachment_upload",
    "goods_add",
    "goods_delete",
    "goods_update",
]
