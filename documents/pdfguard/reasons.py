"""The names of the reasons a file is refused for by the sandboxed check, shared by the child
(which finds them) and the web process (which words them for the user). No parser here: the
web process imports this module, never pikepdf."""

# Active content, as before any allowlist: refused wherever it appears.
JAVASCRIPT, LAUNCH, EMBEDDED, XFA = "javascript", "launch", "embedded_file", "xfa"
# Actions outside GoTo and URI, links to anything but web and mail addresses.
REMOTE_GOTO, SUBMIT_FORM, IMPORT_DATA = "remote_goto", "submit_form", "import_data"
ACTION, URI = "action", "uri"
# Annotations outside links, markup and signature fields.
RICH_MEDIA, FORM_FIELD, ANNOTATION = "rich_media", "form_field", "annotation"
# The byte-level walk (layout): a comment that is not a short line of text, bytes outside the
# structure.
COMMENT, STRAY = "comment", "stray"
