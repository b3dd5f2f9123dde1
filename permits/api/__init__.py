"""The applicant API (api.md, Applications) and the notices of an application."""
