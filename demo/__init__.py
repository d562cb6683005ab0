"""Fictional demo records (`seed_demo`) and benchmark load data (`generate_load_data`).

Nothing in the product imports this app."""
