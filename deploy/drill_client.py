"""What the restart drill needs besides wrk: the API through nginx as a user (urllib, no
extra package), the node's processes from their pid files and /proc."""

from __future__ import annotations

import io
import json
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

DRAFT = {
    "direction": "import",
    "counterparty_name": "Pharma Export GmbH",
    "counterparty_address": "1 Hauptstrasse, Berlin",
    "counterparty_country": "DEU",
    "is_agent": False,
    "purpose": "medical",
    "collection_method": "onsite",
    "port_1": "IP01",
    "contact_person": "王敏",
    "contact_phone": "010-12345678",
}
GOODS = {
    "hs_code": "2937121000",
    "drug_name": "胰岛素",
    "drug_name_en": "Insulin",
    "dosage_form": "注射液",
    "dosage_form_en": "Injection",
    "specification": "10ml:400IU/支",
    "quantity": "100",
    "unit": "支",
    "manufacturer": "Novo Nordisk A/S",
    "origin_country": "DNK",
}


def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class Api:
    """JSON calls to http://127.0.0.1:PORT/api/v1 with a bearer token."""

    def __init__(self, port: int, token: str = ""):
        self.base = f"http://127.0.0.1:{port}"
        self.token = token

    def serving(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base}/healthz", timeout=3) as response:
                return response.status == 200
        except OSError:
            return False

    def call(self, method: str, path: str, body=None, *, expect: int, files=None) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"}
        data = None
        if files:
            boundary = uuid.uuid4().hex
            name, content = files
            data = (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                    f'filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n'
                ).encode()
                + content
                + f"\r\n--{boundary}--\r\n".encode()
            )
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, text = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read()
        if status != expect:
            raise RuntimeError(f"{method} {path}: {status} {text[:300]!r}")
        return json.loads(text) if text else {}

    def post(self, path: str, body=None, *, expect: int = 200, files=None) -> dict:
        return self.call("POST", path, body, expect=expect, files=files)

    def create_draft(self) -> str:
        return self.post("/api/v1/applications", DRAFT, expect=201)["id"]

    def submitted_application(self) -> str:
        """A complete application (header, goods, required PDFs) submitted (申报)."""
        app_id = self.create_draft()
        self.post(f"/api/v1/applications/{app_id}/goods", GOODS, expect=201)
        slots = self.call("GET", f"/api/v1/applications/{app_id}/attachments", expect=200)
        pdf = blank_pdf()
        for slot in slots["items"]:
            if slot["required"]:
                path = f"/api/v1/applications/{app_id}/attachments/{slot['type']}"
                self.post(path, expect=201, files=("doc.pdf", pdf))
        self.post(f"/api/v1/applications/{app_id}/submit", expect=200)
        return app_id


def node_pid(prod_dir: Path, n: int, name: str) -> int:
    return int((prod_dir / f"node{n}" / f"{name}.pid").read_text())


def gunicorn_workers(master: int) -> list[int]:
    """The live children of a gunicorn master (its workers)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master and fields[0] != "Z":
            children.append(int(stat.parent.name))
    return children


def wait_ready(port: int, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"port {port} not ready within {seconds} s")
