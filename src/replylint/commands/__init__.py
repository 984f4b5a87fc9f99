"""One module per CLI command; shared options and helpers in common.py."""
