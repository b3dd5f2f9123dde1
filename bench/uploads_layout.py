"""What the byte-level walk of an upload (documents/pdfguard/layout.py) costs, on the two
shapes that bound it: a 10 MB scanned PDF (a few large image streams, jumped over by their
length) and a PDF of 100,000 small objects (every byte a token). For each: the walk alone in
this process, and the whole sandboxed check (walk, parse, allowlist) as the child measures it.

    python -m bench.uploads_layout [--repeat N]

The walk runs in the sandboxed child, under its CPU and memory limits, not in the web process.
"""

import argparse
import io
import os
import time

import django


def shapes() -> dict[str, bytes]:
    import pikepdf

    from testing.hostile_pdfs import CATALOG, ONE_PAGE_TREE, PAGE, classic

    image = os.urandom(1_000_000)  # incompressible, like a scanner's JPEG
    kids = b" ".join(b"%d 0 R" % (3 + 2 * k) for k in range(10))
    objs = [CATALOG, b"<</Type/Pages/Kids[%s]/Count 10>>" % kids]
    for k in range(10):
        objs.append(
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</XObject<</Im0 %d 0 R"
            b">>>>/Contents %d 0 R>>" % (4 + 2 * k, 23 + k)
        )
        objs.append(
            b"<</Type/XObject/Subtype/Image/Width 1000/Height 1000/ColorSpace/DeviceGray"
            b"/BitsPerComponent 8/Filter/DCTDecode/Length %d>>\nstream\n%s\nendstream"
            % (len(image), image)
        )
    objs.append(b"<<>>")
    objs += [b"<</Length 30>>\nstream\nq 595 0 0 842 0 0 cm /Im0 Do Q\nendstream"] * 10
    n = 100_000
    refs = b" ".join(b"%d 0 R" % k for k in range(4, 4 + n))
    small = [b"<</A[1 2 3]/B(x)>>"] * n
    many = classic([CATALOG, ONE_PAGE_TREE, PAGE[:-2] + b"/Extra[" + refs + b"]>>", *small])
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(many)) as pdf:
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return {
        "10 MB scanned (10 image streams)": classic(objs),
        "100,000 small objects": many,
        "100,000 small objects, object streams": out.getvalue(),
    }


def measure(repeat: int) -> list[dict]:
    from documents.pdfguard.client import Limits, judge
    from documents.pdfguard.layout import layout_finding

    judge(b"%PDF-1.7\n%%EOF\n")  # the fork server starts once per process: not counted
    rows = []
    for name, data in shapes().items():
        walk = []
        for _ in range(repeat):
            started = time.perf_counter()
            finding = layout_finding(data)
            walk.append((time.perf_counter() - started) * 1000)
        verdict = judge(data, Limits(cpu_seconds=10, wall_seconds=30))
        row = {"name": name, "size": len(data), "walk": min(walk), "finding": finding}
        rows.append({**row, "verdict": verdict})
    return rows


def report(rows: list[dict]) -> str:
    lines = [
        "| file | bytes | walk ms | walk | check | child wall ms | child CPU ms | peak MB |",
        "|---|---:|---:|---|---|---:|---:|---:|",
    ]
    for r in rows:
        v = r["verdict"]
        lines.append(
            f"| {r['name']} | {r['size']:,} | {r['walk']:.1f} | {r['finding'] or 'ok'} "
            f"| {v.outcome} | {v.wall_ms:.0f} | {v.cpu_ms:.0f} | {v.peak_kb / 1024:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="walks per file (best kept)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    print(report(measure(args.repeat)))


if __name__ == "__main__":
    main()
