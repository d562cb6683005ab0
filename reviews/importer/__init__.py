"""Importing past records from a spreadsheet or JSON file."""
