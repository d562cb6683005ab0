"""Editing safely: versions against lost updates, one-time form tokens, conflict pages."""
