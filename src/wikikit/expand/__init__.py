"""Template expansion: MediaWiki's preprocessor frames and parser functions."""
