"""Executed, cached, tested code snippets."""
