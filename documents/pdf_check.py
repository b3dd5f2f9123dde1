"""Judge an uploaded file by its content: a real, readable PDF under the size limit that opens
without a password, whose every byte is part of its structure, and that holds nothing beyond
what a scanned, printed or signed document needs (pages, fonts, images, bookmarks, links within
the document or to web addresses, markup annotations, signature fields).

The bytes around the PDF are looked at here (cheap); the walk over every byte and the parse run
in a sandboxed child with hard limits (documents.pdfguard), so no file, whatever its structure,
costs more than `PDF_CHECK_MEMORY_MB` of memory, `PDF_CHECK_CPU_SECONDS` of CPU and a little
more wall time.
The same function judges uploads from the pages, the API and `recheck_attachments`.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import FieldError, TooLarge, UnsupportedType, ValidationFailed
from documents.pdfguard import envelope
from documents.pdfguard import reasons as why
from documents.pdfguard.client import Limits, Verdict, judge

log = logging.getLogger("documents.pdf_check")

MSG_TOO_COMPLEX = gettext_lazy(
    "PDF结构过于复杂或已损坏，请用“打印”→“另存为PDF”重新生成文件后上传。"
)
MSG_REFUSED = gettext_lazy(
    "%(reason)s，出于安全原因不能接受。请用“打印”→“另存为PDF”重新生成文件后上传。"
)
REASONS = {
    why.JAVASCRIPT: gettext_lazy("PDF含有JavaScript脚本"),
    why.LAUNCH: gettext_lazy("PDF含有启动外部程序的动作"),
    why.EMBEDDED: gettext_lazy("PDF含有嵌入的文件"),
    why.XFA: gettext_lazy("PDF含有XFA动态表单"),
    why.REMOTE_GOTO: gettext_lazy("PDF含有打开其他文件或网络共享路径的动作（GoToR）"),
    why.SUBMIT_FORM: gettext_lazy("PDF含有向外提交表单数据的动作（SubmitForm）"),
    why.IMPORT_DATA: gettext_lazy("PDF含有导入外部数据的动作（ImportData）"),
    why.ACTION: gettext_lazy("PDF含有文档内跳转和网页链接以外的动作"),
    why.URI: gettext_lazy("PDF含有指向本地文件、网络共享或非网页地址的链接"),
    why.RICH_MEDIA: gettext_lazy("PDF含有多媒体或三维内容（RichMedia等）"),
    why.FORM_FIELD: gettext_lazy("PDF含有可填写的表单域（只接受签名域）"),
    why.ANNOTATION: gettext_lazy("PDF含有不允许的注释类型"),
    why.COMMENT: gettext_lazy("PDF源码的注释行中夹带了数据（可能夹带了其他文件或网页代码）"),
    why.STRAY: gettext_lazy("PDF中有不属于任何PDF对象的内容（可能夹带了其他文件）"),
    envelope.PREFIX: gettext_lazy("文件开头在PDF标记之前还有其他内容（可能是伪装成PDF的文件）"),
    envelope.TRAILING: gettext_lazy("PDF结束标记之后还附有其他内容（可能夹带了其他文件）"),
    envelope.ZIP_INSIDE: gettext_lazy("PDF中藏有可被当作压缩包（ZIP）打开的数据"),
}


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    verdict: Verdict | None = None


def ensure_size(size: int, *, field: str = "file") -> None:
    """413 before anything is read when the declared size is over the limit."""
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        msg = _("文件过大：最大 %(mb)s MB。") % {"mb": round(limit / 1024 / 1024, 1)}
        raise TooLarge(msg, [FieldError(field, msg)])


def _refuse(msg: str, field: str):
    raise ValidationFailed(msg, [FieldError(field, msg)])


def _refuse_content(reasons, field: str):
    """One message per reason found, the first as the detail."""
    messages = [str(MSG_REFUSED) % {"reason": REASONS[r]} for r in reasons]
    raise ValidationFailed(messages[0], [FieldError(field, m) for m in messages])


def limits() -> Limits:
    return Limits(
        memory_mb=settings.PDF_CHECK_MEMORY_MB,
        cpu_seconds=settings.PDF_CHECK_CPU_SECONDS,
        wall_seconds=settings.PDF_CHECK_WALL_SECONDS,
    )


def check_pdf(data: bytes, *, field: str = "file") -> PdfInfo:
    """Raise TooLarge (413), UnsupportedType (415) or ValidationFailed (422) with a message the
    user can act on; return the page count (and the sandbox's verdict) of a good PDF."""
    ensure_size(len(data), field=field)
    problem = envelope.envelope_problem(data)
    if problem is not None:
        log.warning("PDF refused: envelope %s (%d bytes)", problem, len(data))
    if problem == envelope.EMPTY:
        _refuse(_("文件为空。"), field)
    if problem == envelope.NOT_PDF:
        msg = _("只能上传PDF文件：该文件不是PDF。")
        raise UnsupportedType(msg, [FieldError(field, msg)])
    if problem == envelope.TRUNCATED:
        _refuse(_("PDF文件不完整或已损坏（缺少结束标记），请重新生成后上传。"), field)
    if problem is not None:
        _refuse_content([problem], field)
    verdict = judge(data, limits())
    if verdict.outcome != "ok":
        log.warning(
            "PDF refused: %s%s%s%s (%d bytes, %.0f ms, %.0f ms CPU, peak %d KB)",
            verdict.outcome,
            f" limit={verdict.limit}" if verdict.limit else "",
            f" reasons={','.join(verdict.reasons)}" if verdict.reasons else "",
            f" found={'; '.join(verdict.details)[:300]}" if verdict.details else "",
            len(data),
            verdict.wall_ms,
            verdict.cpu_ms,
            verdict.peak_kb,
        )
    if verdict.outcome == "encrypted":
        _refuse(_("PDF文件已加密或设置了密码，请上传未加密的文件。"), field)
    if verdict.outcome in ("active", "layout"):
        _refuse_content(verdict.reasons, field)
    if verdict.outcome == "limit":
        _refuse(str(MSG_TOO_COMPLEX), field)
    if verdict.outcome != "ok":
        _refuse(_("PDF文件已损坏或无法读取，请重新生成后上传。"), field)
    return PdfInfo(pages=verdict.pages, verdict=verdict)
