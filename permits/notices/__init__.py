"""Notices (通知书): numbered and snapshotted in the decision's transaction, rendered, signed and
stored by a task after the commit, read by the applicant and the department."""
