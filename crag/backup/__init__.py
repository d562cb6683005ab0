"""Backups of CRAG: one encrypted archive of the database and the private document store.

crag.backup.crypto seals the archive stream, crag.backup.database dumps and restores the database,
crag.backup.archive puts them together with the store's files and a manifest of checksums. It
reads no domain model: the store is read as files (settings.CRAG_PRIVATE_ROOT), the database as
tables.
"""
