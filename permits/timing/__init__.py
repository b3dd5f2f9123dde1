"""Time rules: the statutory clock of an application (clock) and the stored due dates that
follow calendar edits (due_dates)."""
