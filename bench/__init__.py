"""Benchmarks that print ratios against peer tools run side by side."""
