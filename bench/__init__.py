"""Benchmarks: documented commands that print rates and a ratio against a baseline run."""
