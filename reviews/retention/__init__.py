"""Retention: the schedule (settings.CRAG_RETENTION), legal holds, the retention run that
anonymises or destroys what is past its period, and the subject access export."""
