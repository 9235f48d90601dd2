"""Tooling for the lesson site: read pages as readers run them, run their blocks, build hooks."""
