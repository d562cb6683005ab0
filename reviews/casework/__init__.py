"""Reviews: their lifecycle, record, documents and publication."""
