"""Digital signatures on issued documents (notices and the permit): PAdES baseline B-B, one
invisible signature field per document, made with pyHanko.

Key and certificate: settings.SIGNING_KEY_FILE and SIGNING_CERT_FILE (PEM; the certificate
file may carry the chain after the signer's certificate). When they are unset, a self-signed
RSA key and X.509 certificate named after this system are generated once under
VAR_DIR/signing/ — fine for demos and tests, replaced by the department's real certificate
in production. The pair is written to one file and published with a hard link, so two
processes starting at once end up with the same pair (the first link wins; the loser reads
the winner's file).

Loaded material is cached per process (per settings values, so tests may point elsewhere).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

__all__ = [
    "SIGNER_NAME",
    "SigningMaterial",
    "clear_cache",
    "material",
    "sign_pdf",
    "signing_certificate",
]

#: The subject of the generated certificate: the issuing system.
SIGNER_NAME = "药品进出口准许证管理系统 文书签名"  # X.509 limits a name to 64 bytes
GENERATED_FILE = "signing.pem"
#: Room for the CMS blob (RSA-3072 signature, certificate, signed attributes) with margin;
#: fixing it avoids pyHanko's extra dummy signing pass to estimate the size.
BYTES_RESERVED = 12 * 1024


@dataclass(frozen=True)
class SigningMaterial:
    signer: signers.SimpleSigner
    certificate: asn1_x509.Certificate
    source: str  # the file(s) the pair came from


_lock = threading.Lock()
_cache: dict[tuple[str, str, str], SigningMaterial] = {}


def material() -> SigningMaterial:
    """The signer for the current settings (loaded or generated once per process)."""
    key_file, cert_file = settings.SIGNING_KEY_FILE, settings.SIGNING_CERT_FILE
    cache_key = (str(key_file), str(cert_file), str(settings.VAR_DIR))
    with _lock:
        found = _cache.get(cache_key)
        if found is None:
            if key_file and cert_file:
                found = _load(Path(key_file), Path(cert_file))
            elif key_file or cert_file:
                raise RuntimeError("Set both SIGNING_KEY_FILE and SIGNING_CERT_FILE, or neither.")
            else:
                found = _load_generated(Path(settings.VAR_DIR) / "signing")
            _cache[cache_key] = found
        return found


def clear_cache() -> None:
    """Forget loaded key material (after replacing the files, or in tests)."""
    with _lock:
        _cache.clear()


def signing_certificate() -> asn1_x509.Certificate:
    """The certificate documents are signed with (the trust root for checking them)."""
    return material().certificate


def sign_pdf(data: bytes, *, reason: str, location: str, field_name: str) -> bytes:
    """Sign a PDF (PAdES B-B, SHA-256, invisible field `field_name`) and return the bytes.

    pyHanko drives its signing through asyncio.run(); where the calling thread already runs
    an event loop (e.g. a Playwright test calling a service), the signing moves to a
    short-lived worker thread instead."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _sign(data, reason=reason, location=location, field_name=field_name)
    with ThreadPoolExecutor(max_workers=1) as pool:
        job = pool.submit(_sign, data, reason=reason, location=location, field_name=field_name)
        return job.result()


def _sign(data: bytes, *, reason: str, location: str, field_name: str) -> bytes:
    signer = material().signer
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    out = signers.sign_pdf(
        writer,
        meta,
        signer=signer,
        new_field_spec=fields.SigFieldSpec(sig_field_name=field_name),
        bytes_reserved=BYTES_RESERVED,
    )
    return out.getvalue()


# -- key material -------------------------------------------------------------------------


class _KeptKeySigner(signers.SimpleSigner):
    """SimpleSigner re-parses its private key on every signature, and parsing an RSA key
    checks it (~95 ms for 3072 bits); this one keeps the parsed key for RSA PKCS#1 v1.5."""

    def __init__(self, *, private_key, **kwargs):
        super().__init__(**kwargs)
        self._private_key = private_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._private_key, rsa.RSAPrivateKey):
            return self._private_key.sign(
                data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm)
            )
        return super().sign_raw(data, digest_algorithm)


def _signer(key_pem: bytes, cert_pems: list[bytes], source: str) -> SigningMaterial:
    key = serialization.load_pem_private_key(key_pem, password=None)
    key_info = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    certs = [asn1_x509.Certificate.load(_der(p)) for p in cert_pems]
    if not certs:
        raise RuntimeError(f"No certificate found in {source}.")
    signer = _KeptKeySigner(
        private_key=key,
        signing_cert=certs[0],
        signing_key=key_info,
        cert_registry=SimpleCertificateStore.from_certs(certs),
    )
    return SigningMaterial(signer=signer, certificate=certs[0], source=source)


def _der(block: bytes) -> bytes:
    if pem.detect(block):
        _type, _headers, der = pem.unarmor(block)
        return der
    return block


def _pem_blocks(data: bytes, marker: bytes) -> list[bytes]:
    """The PEM blocks of one kind (e.g. b"CERTIFICATE") in a file, in order."""
    begin, end = b"-----BEGIN " + marker + b"-----", b"-----END " + marker + b"-----"
    blocks, start = [], data.find(begin)
    while start != -1:
        stop = data.index(end, start) + len(end)
        blocks.append(data[start:stop] + b"\n")
        start = data.find(begin, stop)
    return blocks


def _load(key_file: Path, cert_file: Path) -> SigningMaterial:
    cert_data = cert_file.read_bytes()
    return _signer(
        key_file.read_bytes(), _pem_blocks(cert_data, b"CERTIFICATE"), f"{key_file}, {cert_file}"
    )


def _load_generated(folder: Path) -> SigningMaterial:
    path = folder / GENERATED_FILE
    if not path.exists():
        _generate(path)
    data = path.read_bytes()
    key_blocks = _pem_blocks(data, b"PRIVATE KEY")
    if not key_blocks:
        raise RuntimeError(f"No private key found in {path}.")
    return _signer(key_blocks[0], _pem_blocks(data, b"CERTIFICATE"), str(path))


def _generate(path: Path) -> None:
    """Write a new self-signed pair to `path` unless another process got there first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, SIGNER_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "drug-permits"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
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
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    blob = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ) + cert.public_bytes(serialization.Encoding.PEM)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)  # atomic, and fails if the file exists: the first writer wins
        except FileExistsError:
            pass
        except OSError:  # no hard links on this file system: a plain rename, last one wins
            if not path.exists():
                os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
