"""Judging uploaded PDFs without trusting them.

`envelope` looks at the bytes around the PDF (cheap, in the web process); `inspect` parses the
file with qpdf (through pikepdf) inside a child process with hard limits, forked for each check
from a long-lived fork server (`server`) that has the parser imported already; `client` starts
that server once per web process and asks it for verdicts. None of these modules imports Django:
the server runs in a plain interpreter.
"""
