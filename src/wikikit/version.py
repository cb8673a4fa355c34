"""The package version (one place: the packaging metadata reads it from here)."""

__version__ = "0.1.0"
