"""Answers kept under entity tags: the detail's tag (fingerprint), the lists' tags (list_tags)
and the change stamps the database writes for them (change_stamps)."""
