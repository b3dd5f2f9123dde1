"""An application's canonical content: what a key confirmation signs (accounts.keys).

The field table's values (every header field shown in the diff, as plain strings), the goods
by seq, each attachment's type and SHA-256, the status and the version, as JSON with sorted
keys and no spaces: the same application gives the same bytes on any node, and any change a
user could see changes them.
"""

import json

from permits.corrections import content_snapshot
from permits.models import Application


def canonical_content(app: Application) -> bytes:
    snapshot = content_snapshot(app)
    files = sorted(app.attachments.values_list("type", "sha256"))
    document = {
        "id": str(app.id),
        "application_no": app.application_no,
        "direction": app.direction,
        "status": app.status,
        "version": app.version,
        "fields": snapshot["fields"],
        "goods": [
            {"seq": int(seq), **values}
            for seq, values in sorted(snapshot["goods"].items(), key=lambda kv: int(kv[0]))
        ],
        "attachments": [{"type": t, "sha256": h} for t, h in files],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
