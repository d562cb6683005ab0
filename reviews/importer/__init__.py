"""Importing past records from a "crag-records/1" JSON file (docs/import-format.md).

file reads the bytes into a document; run imports it, one section module after another in the
order run.SECTIONS lists them; section holds what every section is built from.
"""
