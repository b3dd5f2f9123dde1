"""documents.signing: PAdES signatures that validate against the signing certificate, a
self-signed pair generated once (and agreed on by concurrent starters), configured files."""

import asyncio
import io
import os
import stat
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfWriter

from conftest import in_fresh_thread
from documents import signing


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _status(data: bytes, trust_root=None):
    [sig] = PdfFileReader(io.BytesIO(data)).embedded_signatures
    root = trust_root or signing.signing_certificate()
    context = ValidationContext(trust_roots=[root])
    return sig, in_fresh_thread(validate_pdf_signature, sig, context)


@pytest.fixture
def var_dir(settings, tmp_path):
    """A fresh VAR_DIR without configured files: the pair is generated there."""
    settings.VAR_DIR = tmp_path / "var"
    settings.SIGNING_KEY_FILE = ""
    settings.SIGNING_CERT_FILE = ""
    signing.clear_cache()
    yield settings.VAR_DIR
    signing.clear_cache()


def test_signed_pdf_validates_against_the_signing_certificate(var_dir):
    signed = signing.sign_pdf(
        _blank_pdf(),
        reason="受理通知书 X1",
        location="北京市药品监督管理局",
        field_name="Signature1",
    )
    sig, status = _status(signed)
    assert status.intact and status.valid and status.trusted
    assert sig.field_name == "Signature1"
    assert sig.sig_object["/Reason"] == "受理通知书 X1"
    assert sig.sig_object["/Location"] == "北京市药品监督管理局"
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"


def test_tampering_breaks_the_signature(var_dir):
    signed = bytearray(signing.sign_pdf(_blank_pdf(), reason="r", location="l", field_name="S"))
    at = signed.index(b"/MediaBox")
    signed[at + 1 : at + 9] = b"MediaBoy"  # inside the signed byte range
    _sig, status = _status(bytes(signed))
    assert not status.intact


def test_another_certificate_is_not_trusted(var_dir, tmp_path):
    signed = signing.sign_pdf(_blank_pdf(), reason="r", location="l", field_name="S")
    other = _self_signed(tmp_path / "other")[1]
    root = asn1_x509.Certificate.load(other.public_bytes(serialization.Encoding.DER))
    _sig, status = _status(signed, root)
    assert status.intact and not status.trusted


def test_generated_pair_is_kept_private_and_reused(var_dir):
    first = signing.signing_certificate()
    path = var_dir / "signing" / signing.GENERATED_FILE
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    subject = first.subject.native
    assert subject["common_name"] == signing.SIGNER_NAME
    assert first.key_usage_value.native == {"digital_signature", "non_repudiation"}

    signing.clear_cache()
    assert signing.signing_certificate().dump() == first.dump()  # loaded, not generated again


def test_concurrent_generation_agrees_on_one_pair(var_dir):
    path = var_dir / "signing" / signing.GENERATED_FILE
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _i: signing._generate(path), range(4)))
    assert [p.name for p in path.parent.iterdir()] == [signing.GENERATED_FILE]  # no temp files
    data = path.read_bytes()
    assert data.count(b"BEGIN PRIVATE KEY") == 1 and data.count(b"BEGIN CERTIFICATE") == 1
    # The key in the file belongs to the certificate in the file: signatures validate.
    signed = signing.sign_pdf(_blank_pdf(), reason="r", location="l", field_name="S")
    assert _status(signed)[1].valid


def test_configured_files_are_used(settings, tmp_path):
    key_file, cert = _self_signed(tmp_path)
    cert_file = tmp_path / "cert.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    settings.SIGNING_KEY_FILE, settings.SIGNING_CERT_FILE = str(key_file), str(cert_file)
    signing.clear_cache()
    try:
        material = signing.material()
        assert material.certificate.dump() == cert.public_bytes(serialization.Encoding.DER)
        signed = signing.sign_pdf(_blank_pdf(), reason="r", location="l", field_name="S")
        _sig, status = _status(signed)
        assert status.intact and status.valid and status.trusted
    finally:
        signing.clear_cache()


def test_only_one_configured_file_is_an_error(settings, tmp_path):
    settings.SIGNING_KEY_FILE, settings.SIGNING_CERT_FILE = str(tmp_path / "key.pem"), ""
    signing.clear_cache()
    try:
        with pytest.raises(RuntimeError):
            signing.material()
    finally:
        signing.clear_cache()


def test_signing_works_where_an_event_loop_runs(var_dir):
    """pyHanko calls asyncio.run(); a caller inside a running loop (Playwright tests) must
    still be able to sign."""

    async def inside_a_loop():
        return signing.sign_pdf(_blank_pdf(), reason="r", location="l", field_name="S")

    signed = in_fresh_thread(asyncio.run, inside_a_loop())
    assert _status(signed)[1].valid


def _self_signed(folder):
    """An EC key and certificate written as PEM files (the configured-files case)."""
    os.makedirs(folder, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "测试签章")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_file = folder / "key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return key_file, cert
