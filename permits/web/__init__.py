"""The applicant pages: the application form with its goods and attachments dialogs, and 查询.
Views parse and render; services decide."""
