"""NHS England's Safeguarding Case Review Tracker (S-CRT) export (issue 20): one row per review
with the fields the tracker asks, and never a child's identity."""
