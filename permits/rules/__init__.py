"""The rules of an application: header, goods, attachments, validity, what 申报 checks."""
