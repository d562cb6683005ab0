"""Fictional load data for benchmarks, one module per job; demo.load_data.generate writes it."""
