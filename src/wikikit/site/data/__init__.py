"""Shipped site presets (JSON), written by tools/make_site_presets.py; see README.md here."""
