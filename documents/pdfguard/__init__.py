"""Judging uploaded PDFs without trusting them.

`envelope` looks at the bytes around the PDF (cheap, in the web process: the header, what
follows the last `%%EOF`, a ZIP readable from the end). The rest runs inside a child process
with hard limits, forked for each check from a long-lived fork server (`server`) that has the
parser imported already: `scan` walks every byte of the file (`layout`), then parses it with
qpdf (through pikepdf) and holds its actions and annotations to an allowlist (`allowlist`).
`client` starts that server once per web process and asks it for verdicts. None of these
modules imports Django: the server runs in a plain interpreter.
"""
