"""The workflow of an application: the table (states) and the one transition."""
